"""Drafting ``evidence`` questions on headline against body: which sentence of the report backs a
claim its headline makes?

A headline (not a corpus's bracketed description) is split into claims at its commas, colons and
semicolons ("Kamala Harris Sticks to 'Root Causes' Migration Message" / "Doesn't Respond to AOC's
Criticism"); a claim of :data:`MIN_CLAIM_WORDS` words or more is matched to the report's own sentences by
the content words they share (:func:`content_words`: lower case, no possessive, a plural's or an
adverb's ending dropped, short and common words left out). A claim is asked about only when one
sentence shares clearly the most with it: at least :data:`MIN_SHARED` words and half the claim's,
and more than any other sentence, so the key is the one sentence a careful reader would pick. Of a
headline's claims, the one whose best sentence stands out most is asked; one question per report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from quizapp.banks.drafting_judge import HEDGES
from quizapp.corpus.articles import Article
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span
from quizapp.questions import EvidenceQuestion

MIN_CLAIM_WORDS = 3  # "Migration Crisis" is a label, not a claim a sentence can back
MIN_SHARED = 2
MAX_SENTENCE_WORDS = 35  # the explanation quotes the key sentence, and stays under 80 words
_STOP_WORDS = frozenset(
    "a an the of to in on and or for with by at from is are was were be been has have had it its this that as "
    "but not doesn't don't did does do he she they her his their who what when after over into about".split()
)
_CLAIM_BREAK = re.compile(r"\s*[:;,]\s+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def headline_questions(
    articles: Sequence[Article], name_of: Callable[[str], str], make_id: Callable[..., str]
) -> list[EvidenceQuestion]:
    """At most one question per report with a headline of its own, in the articles' order."""
    questions = []
    for article in articles:
        found = _best_claim(article)
        if found is not None:
            claim, sentence = found
            questions.append(_question(article, claim, sentence, name_of, make_id))
    return questions


def content_words(text: str) -> set[str]:
    """The words that carry a text's meaning, folded so that "Respond"/"respond" and "virtually"/"virtual" meet."""
    words = set()
    for word in _WORD.findall(_folded(text)):
        if word in _STOP_WORDS or len(word) < 3:
            continue
        for ending in ("ly", "s"):
            if word.endswith(ending) and len(word) > len(ending) + 3:
                word = word[: -len(ending)]
                break
        words.add(word)
    return words


def _compared(claim: str, sentence: str) -> str:
    """What the teacher can point at: a hedge of the body's the headline drops ("directly"), if any."""
    dropped = [
        hedge
        for hedge in HEDGES
        if re.search(rf"(?<!\w){re.escape(hedge)}(?!\w)", sentence, re.IGNORECASE)
        and not re.search(rf"(?<!\w){re.escape(hedge)}(?!\w)", claim, re.IGNORECASE)
    ]
    if dropped:
        return (
            f"The body says “{dropped[0]}”, which the headline leaves out: a headline squeezes the report into a "
            "few words, and a caveat is often the first to go."
        )
    return (
        "A headline squeezes the report into a few words: compare them with the body's, which may add a caveat "
        "or a detail the headline leaves out."
    )


def _folded(text: str) -> str:
    """Lower case, quotation marks and dashes made plain, possessives dropped ("AOC's" is "aoc")."""
    return re.sub(r"'s\b", "", normalise(text).lower())


def _best_claim(article: Article) -> tuple[str, Span] | None:
    headline = article.headline.strip()
    if not headline or (headline.startswith("[") and headline.endswith("]")):
        return None
    in_headline = normalise(headline)
    sentences = [
        (span, content_words(article.slice(span)))
        for span in article.prose_sentences()
        if normalise(article.slice(span).strip()) not in in_headline
        and len(article.slice(span).split()) <= MAX_SENTENCE_WORDS
    ]
    best: tuple[float, str, Span] | None = None
    for claim in _CLAIM_BREAK.split(headline):
        wanted = content_words(claim)
        if len(claim.split()) < MIN_CLAIM_WORDS or not wanted:
            continue
        scored = sorted(((len(wanted & words), span) for span, words in sentences), key=lambda s: -s[0])
        if not scored:
            continue
        top, span = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0
        if top < MIN_SHARED or top * 2 < len(wanted) or top <= runner_up:
            continue
        standing = (top - runner_up) / len(wanted)
        if best is None or standing > best[0]:
            best = (standing, claim.strip(), span)
    return None if best is None else (best[1], best[2])


def _question(
    article: Article, claim: str, sentence: Span, name_of: Callable[[str], str], make_id: Callable[..., str]
) -> EvidenceQuestion:
    quote = article.slice(sentence).strip()
    start = article.text.index(quote, sentence.start)
    name = name_of(article.id)
    return EvidenceQuestion(
        id=make_id("headline", *[w for w in _WORD.findall(_folded(claim)) if w not in _STOP_WORDS][:4]),
        prompt=(
            f"The headline of {name} says: “{claim}”. Which sentence of the report backs it? "
            "Pick the one that says the same thing."
        ),
        explanation=f"“{quote}” " + _compared(claim, quote),
        skills=("context", "language"),
        article=article.id,
        answer=quote,
        answer_span=Span(start, start + len(quote)),
    )
