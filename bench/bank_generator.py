"""Generate large, valid banks (and misquoting ones) from the shipped articles, for benchmarks."""

from __future__ import annotations

import random

import yaml

from quizapp.corpus import Corpus

TYPES = ("choice", "multi", "truefalse", "short", "numeric", "match", "source", "evidence")


def _quote(rng: random.Random, corpus: Corpus) -> tuple[str, str]:
    article_id = rng.choice(list(corpus))
    article = corpus[article_id]
    span = rng.choice(article.sentences)
    words = article.slice(span).split()
    n = min(len(words), rng.randint(3, 12))
    start = rng.randint(0, len(words) - n)
    return article_id, " ".join(words[start : start + n])


def generate_bank(corpus: Corpus, questions: int, *, seed: int = 1, misquote_every: int = 0) -> str:
    """A bank of ``questions`` questions cycling through every type, as YAML text.

    With ``misquote_every`` > 0, every n-th quote has one letter changed, so validation has to find
    the closest passage for it.
    """
    rng = random.Random(seed)
    items = []
    for n in range(questions):
        kind = TYPES[n % len(TYPES)]
        article_id, quote = _quote(rng, corpus)
        if misquote_every and n % misquote_every == 0:
            quote = quote[:-1] + ("x" if quote[-1] != "x" else "y")
        q: dict = {"id": f"q-{n}", "type": kind, "prompt": f"Question {n}?", "explanation": "Because."}
        if kind == "choice":
            q |= {"choices": ["A", "B", "C"], "answer": "B"}
        elif kind == "multi":
            q |= {"choices": ["A", "B", "C", "D"], "answers": ["A", "C"]}
        elif kind == "truefalse":
            q |= {"answer": True}
        elif kind == "short":
            q |= {"answers": ["Kamala Harris", "Harris"]}
        elif kind == "numeric":
            q |= {"answer": 178622, "tolerance": "1%"}
        elif kind == "match":
            q |= {"pairs": [["Harris", "Do not come"], ["AOC", "disappointing"]], "distractors": ["Period"]}
        elif kind == "source":
            q |= {"answers": [article_id]}
        if kind == "evidence":
            q |= {"article": article_id, "answer": quote}
        else:
            q["sources"] = [{"article": article_id, "quote": quote}]
        q["skills"] = [rng.choice(["attribution", "numbers", "sourcing", "comparison", "language", "context"])]
        items.append(q)
    return yaml.safe_dump({"bank": f"generated-{seed}", "title": "Generated", "questions": items}, sort_keys=False)
