"""Drafting ``judge`` questions: accurate renderings of the articles' sentences, and distortions of each type.

For each kind of distortion the drafter finds sentences it can change in exactly one stated way:

* ``inflated-number``: a whole number the sentence gives (:mod:`quizapp.corpus.figures`), made half
  as large again (skill: numbers);
* ``swapped-speaker``: the speaker named in the sentence's attribution replaced by someone else
  the articles quote (:mod:`quizapp.corpus.attribution`; skill: attribution);
* ``changed-word``: a word from :data:`WORD_SWAPS` (a verb of saying, a degree) replaced by a
  stronger or different one (skill: language);
* ``dropped-caveat``: a hedge from :data:`HEDGES` ("allegedly", "nearly", "in the past") left out
  (skill: context).

Candidates of one kind are taken in pairs: the first is distorted, the second rendered word for word,
so the draft is balanced 50/50 overall and per skill. No sentence is used twice. Every question goes
through the bank validator with the rest of the draft, which checks each statement against its passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from quizapp.banks.model import Source
from quizapp.corpus.articles import Article
from quizapp.corpus.attribution import Quotation, looks_like_person
from quizapp.corpus.figures import article_figures
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span
from quizapp.questions.judge import JudgeQuestion

MAX_JUDGE_PAIRS = 2  # per kind of distortion: two distorted and two accurate statements
MAX_SENTENCE_WORDS = 45  # a statement the student can hold in mind while finding its passage
WORD_SWAPS: dict[str, str] = {
    "criticized": "attacked",
    "said": "admitted",
    "steadily": "sharply",
    "disappointing": "outrageous",
    "emphasized": "questioned",
    "optimistic": "pessimistic",
    "offered": "refused",
    "promised": "hinted at",
    "warning": "threat",
    "suggested": "insisted",
    "increased": "doubled",
}
HEDGES: tuple[str, ...] = (
    "allegedly",
    "reportedly",
    "apparently",
    "initially",
    "in the past",
    "nearly",
    "more than",
    "at least",
    "roughly",
    "directly",
)
_SKILLS = {
    "inflated-number": "numbers",
    "swapped-speaker": "attribution",
    "changed-word": "language",
    "dropped-caveat": "context",
}
_EXPLAINED = {
    "inflated-number": "The figure was made larger; only the number gives it away.",
    "swapped-speaker": "The words are right but the speaker is not: check who the report says spoke them.",
    "changed-word": "One word was changed, and with it what the report says.",
    "dropped-caveat": "A qualifying word was left out, which turns a hedged claim into a plain one.",
}


@dataclass(frozen=True)
class _Candidate:
    article: Article
    sentence: Span
    original: str
    changed: str  # "" for a dropped caveat

    @property
    def text(self) -> str:
        return self.article.slice(self.sentence).strip()


def judge_questions(
    articles: Sequence[Article],
    quotations: Mapping[str, Sequence[Quotation]],
    name_of: Callable[[str], str],
    make_id: Callable[..., str],
    cited: Sequence[tuple[str, Span]] = (),
) -> list[JudgeQuestion]:
    """Balanced judge questions: per kind of distortion, up to :data:`MAX_JUDGE_PAIRS` distorted, as many accurate.

    Sentences overlapping ``cited`` (passages the draft's other questions ask about) are left alone: a
    rendering of them would print another question's answer.
    """
    used: set[tuple[str, Span]] = set()
    questions: list[JudgeQuestion] = []
    finders: dict[str, Callable[[], Iterator[_Candidate]]] = {
        "inflated-number": lambda: _numbers(articles),
        "swapped-speaker": lambda: _speakers(articles, quotations),
        "changed-word": lambda: _words(articles, WORD_SWAPS.items()),
        "dropped-caveat": lambda: _words(articles, ((hedge, "") for hedge in HEDGES)),
    }
    for distortion, finder in finders.items():
        pairs = 0
        waiting: _Candidate | None = None
        for candidate in finder():
            where = (candidate.article.id, candidate.sentence)
            if where in used or not _usable(candidate):
                continue
            if any(article == where[0] and span.overlaps(where[1]) for article, span in cited):
                continue
            if waiting is None:
                waiting = candidate
                used.add(where)
                continue
            used.add(where)
            skill = _SKILLS[distortion]
            questions.append(_question(waiting, distortion, skill, name_of, make_id))
            questions.append(_question(candidate, None, skill, name_of, make_id))
            waiting = None
            pairs += 1
            if pairs == MAX_JUDGE_PAIRS:
                break
    return questions


def _usable(candidate: _Candidate) -> bool:
    text = candidate.text
    if "\n" in text or len(text.split()) > MAX_SENTENCE_WORDS:
        return False
    # The words changed must stand exactly once in the sentence, as whole words.
    pattern = rf"(?<!\w){re.escape(normalise(candidate.original))}(?!\w)"
    return len(re.findall(pattern, normalise(text))) == 1 and normalise(text).count(normalise(candidate.original)) == 1


def _question(
    candidate: _Candidate,
    distortion: str | None,
    skill: str,
    name_of: Callable[[str], str],
    make_id: Callable[..., str],
) -> JudgeQuestion:
    quote = candidate.text
    start = candidate.article.text.index(quote, candidate.sentence.start)
    source = Source(candidate.article.id, quote, Span(start, start + len(quote)))
    if distortion is None:
        statement = quote
        explanation = "Accurate: the statement gives the passage word for word."
    else:
        statement = " ".join(quote.replace(candidate.original, candidate.changed, 1).split())
        statement = re.sub(r"\s+([,.;:!?)])", r"\1", statement)
        explanation = f"Distorted ({distortion}). {_EXPLAINED[distortion]}"
    words = " ".join(statement.split()[:4])
    return JudgeQuestion(
        id=make_id("judge", words),  # the id says nothing of the verdict: an LMS may show it
        prompt=f"Is this what {name_of(candidate.article.id)} says? {statement}",
        sources=(source,),
        explanation=explanation,
        skills=(skill,),
        statement=statement,
        distortion=distortion,
        original=candidate.original if distortion else "",
        changed=candidate.changed if distortion else "",
    )


def _numbers(articles: Sequence[Article]) -> Iterator[_Candidate]:
    for article in articles:
        for figure in article_figures(article):
            digits = figure.number.replace(",", "")
            if figure.sentence is None or not digits.isdigit() or figure.value < 10 or figure.unit:
                continue
            larger = round(figure.value * 1.5)
            changed = f"{larger:,}" if "," in figure.number else str(larger)
            yield _Candidate(article, figure.sentence, figure.number, changed)


def _speakers(articles: Sequence[Article], quotations: Mapping[str, Sequence[Quotation]]) -> Iterator[_Candidate]:
    people = sorted(
        {q.speaker for found in quotations.values() for q in found if q.speaker and looks_like_person(q.speaker)}
    )
    everything = " ".join(normalise(a.text) for a in articles)
    for article in articles:
        for quotation in quotations.get(article.id, ()):
            speaker, cue = quotation.speaker, quotation.cue
            if not speaker or not cue or quotation.cue_span is None or not looks_like_person(speaker):
                continue
            named = next((part for part in (speaker, speaker.split()[-1]) if part in cue), None)
            sentence = next((s for s in article.sentences if s.start <= quotation.cue_span.start < s.end), None)
            other = next(
                (p for p in people if speaker.split()[-1] not in p and normalise(p.split()[-1]) in everything), None
            )
            if named is None or sentence is None or other is None:
                continue
            whole = named == speaker and normalise(other) in everything
            yield _Candidate(article, sentence, named, other if whole else other.split()[-1])


def _words(articles: Sequence[Article], swaps: Iterable[tuple[str, str]]) -> Iterator[_Candidate]:
    pairs = list(swaps)
    for article in articles:
        for sentence in article.sentences:
            text = article.slice(sentence)
            for original, changed in pairs:
                if re.search(rf"(?<!\w){re.escape(original)}(?!\w)", text):
                    yield _Candidate(article, sentence, original, changed)
                    break
