"""Benchmark: finding speakers and drafting questions, against what they build on.

Attribution (``find_quotations``) is measured against finding the same quotations and sentences
(``Article.quotations`` and ``Article.sentences`` of fresh copies: the least any reading of the
quotations must do), on the four seed articles and on one run-on paragraph of 3,000 quotations
(hostile input: the cost must stay linear). Drafting a bank (``draft_bank``: attribution, alignment,
figures, word diffs, writing and validating the YAML) is measured against ``align_articles`` of the
same articles, the largest part it reuses.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import best_of  # noqa: E402
from quizapp.banks.drafting import draft_bank  # noqa: E402
from quizapp.corpus import Article, Corpus, load_corpus  # noqa: E402
from quizapp.corpus.align import align_articles  # noqa: E402
from quizapp.corpus.attribution import find_quotations  # noqa: E402


def fresh(articles: list[Article]) -> list[Article]:
    """Copies without cached sentences, quotations or normalised text, so each run pays for them."""
    return [Article(a.id, a.text, a.outlet, a.headline, a.date, a.notes, a.boilerplate_from) for a in articles]


def read_quotations(articles: list[Article]) -> int:
    return sum(len(a.quotations) + len(a.sentences) for a in articles)


def attribute(articles: list[Article]) -> int:
    return sum(len(find_quotations(a)) for a in articles)


def main() -> None:
    seeds = list(load_corpus(ROOT / "seeds").values())
    run_on = [
        Article(
            "run_on",
            "Jane Doe spoke. " + " ".join(f'"Point {i} is here," she said, and' for i in range(3000)) + " no more.",
        )
    ]
    for name, articles in (("4 seed articles", seeds), ("a paragraph of 3,000 quotations", run_on)):
        baseline = best_of(lambda articles=articles: read_quotations(fresh(articles)))
        attributed = best_of(lambda articles=articles: attribute(fresh(articles)))
        print(
            f"find_quotations, {name}: {attributed:.3f} s = {attributed / baseline:.1f}x finding the"
            f" quotations and sentences ({baseline:.3f} s)"
        )
    aligned = best_of(lambda: align_articles(fresh(seeds)))
    drafted = best_of(lambda: draft_bank(Corpus({a.id: a for a in fresh(seeds)})))
    print(
        f"draft_bank, 4 seed articles: {drafted:.3f} s = {drafted / aligned:.1f}x align_articles"
        f" of the same articles ({aligned:.3f} s)"
    )


if __name__ == "__main__":
    main()
