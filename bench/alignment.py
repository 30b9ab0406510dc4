"""Benchmark: aligning reports for /compare, against exact quote matching of the same passages.

Baseline: ``find_quote`` of every sentence and quotation of each article in every other article
(exact matching under the normaliser: the least any comparison must do). Measured on the four seed
articles, and on twelve (the most /compare shows at once): the seeds plus eight rewordings of them,
so that most passages have near-identical partners, as in a real set of reports of one event.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import best_of  # noqa: E402
from quizapp.corpus import Article, find_quote, load_corpus  # noqa: E402
from quizapp.corpus.align import align_articles  # noqa: E402


def reworded(article: Article, n: int) -> Article:
    """A copy of ``article`` with one word in twelve swapped for another word of it: a near-duplicate."""
    rng = random.Random(n)
    words = article.text.split(" ")
    for i in range(0, len(words), 12):
        words[i] = rng.choice(words)
    return Article(f"{article.id}_v{n}", " ".join(words), outlet=f"Outlet {n}", headline=article.headline)


def exact_matching(articles: list[Article]) -> int:
    found = 0
    for article in articles:
        passages = [article.slice(s) for s in (*article.sentences, *article.quotations)]
        for other in articles:
            if other is not article:
                found += sum(1 for p in passages if find_quote(other, p) is not None)
    return found


def fresh(articles: list[Article]) -> list[Article]:
    """Copies without cached sentences or normalised text, so each run pays for them."""
    return [Article(a.id, a.text, a.outlet, a.headline, a.date, a.notes, a.boilerplate_from) for a in articles]


def main() -> None:
    seeds = list(load_corpus(ROOT / "seeds").values())
    twelve = seeds + [reworded(seeds[n % 4], n) for n in range(8)]
    for name, articles in (("4 seed articles", seeds), ("12 articles", twelve)):
        baseline = best_of(lambda articles=articles: exact_matching(fresh(articles)))
        aligned = best_of(lambda articles=articles: align_articles(fresh(articles)))
        rows = len(align_articles(articles).rows)
        print(
            f"align {name} ({rows} rows): {aligned:.3f} s = {aligned / baseline:.1f}x find_quote of every"
            f" sentence and quotation in every other article ({baseline:.3f} s)"
        )


if __name__ == "__main__":
    main()
