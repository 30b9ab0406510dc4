"""Benchmarks, reported as ratios against a baseline measured in the same run.

Validating a generated 5,000-question bank: the baseline is PyYAML's own ``safe_load`` (with libyaml
where available) of the same text, i.e. the cost of merely reading the file. Finding the closest
passage for misquotes: the baseline is ``find_quote`` on the same quotes.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import alignment, drafting  # noqa: E402
from bench.bank_generator import generate_bank  # noqa: E402
from bench.timing import best_of  # noqa: E402
from quizapp.banks import parse_bank  # noqa: E402
from quizapp.corpus import closest_passage, find_quote, load_corpus  # noqa: E402

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def main() -> None:
    corpus = load_corpus(ROOT / "seeds")
    text = generate_bank(corpus, 5000)
    print(f"generated bank: 5,000 questions, {len(text.encode()):,} bytes")

    baseline = best_of(lambda: yaml.load(text, Loader=Loader))  # noqa: S506 - CSafeLoader is safe
    bank, problems = parse_bank(text, "generated.yaml", corpus)
    assert bank is not None and not problems, problems[:3]
    validate = best_of(lambda: parse_bank(text, "generated.yaml", corpus))
    print(f"validate 5,000 questions: {validate:.3f} s = {validate / baseline:.1f}x yaml.safe_load ({baseline:.3f} s)")

    bad = generate_bank(corpus, 5000, seed=2, misquote_every=1)
    _, problems = parse_bank(bad, "bad.yaml", corpus)
    misquoted = best_of(lambda: parse_bank(bad, "bad.yaml", corpus), repeat=1)
    print(
        f"validate 5,000 questions, every quote wrong ({len(problems):,} problems): {misquoted:.3f} s"
        f" = {misquoted / baseline:.1f}x yaml.safe_load"
    )

    quotes = [(q.sources[0].article if q.sources else q.article, q.sources[0].quote if q.sources else q.answer)
              for q in bank.questions]
    found = best_of(lambda: [find_quote(corpus[a], s) for a, s in quotes])
    closest = best_of(lambda: [closest_passage(corpus[a], s) for a, s in quotes], repeat=1)
    per_quote = statistics.mean([closest / len(quotes)]) * 1e6
    print(
        f"closest_passage x 5,000: {closest:.3f} s ({per_quote:.0f} µs each) = {closest / found:.1f}x find_quote"
        f" ({found:.3f} s)"
    )

    alignment.main()
    drafting.main()


if __name__ == "__main__":
    main()
