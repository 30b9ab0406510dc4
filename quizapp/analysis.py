"""Statistics for the teacher's dashboard: item analysis, distractor analysis and results per skill.

Pure functions over plain numbers and the bank dataclasses: no web framework, no database, no numpy.

Item analysis follows Moodle's quiz statistics, so that a teacher who has met those numbers there
reads them the same way here:

* **Facility** ``F = mean(x) / max_points``: the share of the marks the class earned (0..1).
* **Discrimination index** ``DI = 100 * corr(x, R)``, the Pearson correlation between the item
  score ``x`` and the *rest* of the test ``R = total - x``. Leaving the item out of the total keeps
  an item from correlating with itself, which matters on the short quizzes of a classroom.
* **Discriminative efficiency** ``DE = 100 * cov(x, R) / cov_max``, where ``cov_max`` is the
  covariance the same values would have if they were paired in the same order (sorted ``x`` with
  sorted ``R``): the best discrimination the item could possibly show with its scores. An item
  whose DE is below 15 % is flagged as *doubtful*: it barely separates stronger from weaker students.
* **Cronbach's alpha** ``k/(k-1) * (1 - sum(var(x_i)) / var(total))`` and the standard error of
  measurement ``SEM = sd(total) * sqrt(1 - alpha)``.

Not every attempt need have had every question (a question added after some students submitted, a
subset that changed): as in Moodle, each question's statistics are computed over the attempts that
included it, and alpha over the attempts that had them all. See :func:`item_analysis`.

Every variance and covariance divides by ``n - 1``. A statistic that cannot be computed (fewer than
two attempts, or a spread of zero to divide by) is ``None`` rather than 0 or NaN, so that a page
can say "not enough data" instead of showing a misleading number.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizapp.banks.model import (
    SKILLS,
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    Question,
    ShortQuestion,
    SourceQuestion,
    TrueFalseQuestion,
)
from quizapp.corpus.normalise import normalise
from quizapp.scoring import grid_ticks, normalise_short_answer, parse_number, score_response

# --------------------------------------------------------------------------------------------------
# Item analysis
# --------------------------------------------------------------------------------------------------

DOUBTFUL_EFFICIENCY = 15.0
"""Discriminative efficiency (in %) below which an item is flagged as doubtful."""


@dataclass(frozen=True)
class ItemStats:
    """How one question behaved across the submitted attempts.

    ``mean`` and ``sd`` are in points (divide by ``max_points`` for a share); ``facility`` is a share
    0..1; ``discrimination`` and ``efficiency`` are percentages, -100..100.
    """

    key: str  # question key
    max_points: float
    n: int  # attempts counted
    mean: float | None
    facility: float | None  # F = mean(x)/max_points, 0..1
    sd: float | None  # item standard deviation (divide by n-1)
    discrimination: float | None  # DI = 100*corr(x, R), R = total minus this item (Pearson, as Moodle)
    efficiency: float | None  # DE = 100*cov(x,R)/cov_max; cov_max pairs sorted x with sorted R
    doubtful: bool  # DE below 15 %  (None DE is not doubtful)


@dataclass(frozen=True)
class TestStats:
    """How the whole test behaved: the totals of the submitted attempts and its reliability."""

    __test__ = False  # a name starting with "Test" is not a pytest test class

    n: int
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None  # Cronbach's alpha
    sem: float | None  # standard error of measurement = sd*sqrt(1-alpha)


def item_analysis(
    keys: Sequence[str], max_points: Sequence[float], scores: Sequence[Sequence[float | None]]
) -> tuple[list[ItemStats], TestStats]:
    """Item statistics for each column of ``scores`` and test statistics for the row totals.

    ``scores`` holds one row per submitted attempt and one column per item, in the order of ``keys``
    and ``max_points``: the points earned. ``None`` means the attempt was **not given** that item
    (it was added to the assignment later, or the attempt had another subset of the questions); a
    question the student was given but left unanswered earned 0 and must be passed as 0, not None.

    * Each item's ``n``, mean, facility, sd, DI and DE are computed over the attempts that were given
      it, with ``R`` = that attempt's total over the items it was given, minus the item's score.
    * The whole test's ``n``, mean, median and sd are over every attempt, each attempt's total being
      the sum over the items it was given (so 0 for an attempt given none).
    * Cronbach's alpha and the SEM are over the *complete* attempts only, those given every item
      (the SEM with the sd of their totals); with fewer than two complete attempts both are None.

    With no attempts every statistic is None; with one attempt (of an item) the means, the median
    and the facilities are given but nothing that needs a spread (sd, DI, DE, alpha, SEM). Raises
    ValueError when the rows, keys and maxima disagree in length or a score is not a finite number.
    """
    k = len(keys)
    if len(max_points) != k:
        raise ValueError(f"{k} keys but {len(max_points)} maximum points")
    matrix = [_row(row, k, number) for number, row in enumerate(scores, start=1)]
    n = len(matrix)
    maxima = [float(m) for m in max_points]
    totals = [math.fsum(value for value in row if value is not None) for row in matrix]

    items = []
    for j in range(k):
        x: list[float] = []  # the item's scores in the attempts given it
        rest: list[float] = []  # and the rest of each of those attempts
        for row in matrix:
            value = row[j]
            if value is not None:
                x.append(value)
                rest.append(_rest(row, j))
        items.append(_item_stats(keys[j], maxima[j], x, rest))

    # Reliability needs every item's score from the same students: the attempts given every item.
    complete = [[value for value in row if value is not None] for row in matrix if None not in row]
    complete_variance = _variance([math.fsum(row) for row in complete])
    alpha: float | None = None
    if k >= 2 and complete_variance:  # None and 0 alike: no spread in the totals, no reliability
        item_variance = math.fsum(_variance([row[j] for row in complete]) or 0.0 for j in range(k))
        alpha = k / (k - 1) * (1.0 - item_variance / complete_variance)
    sem = None
    if complete_variance is not None and alpha is not None:
        # alpha <= 1 in exact arithmetic; max() keeps float noise from asking for a negative root.
        sem = math.sqrt(complete_variance) * math.sqrt(max(0.0, 1.0 - alpha))
    total_variance = _variance(totals)
    test = TestStats(
        n=n,
        max_total=math.fsum(maxima),
        mean=_mean(totals),
        median=statistics.median(totals) if totals else None,
        sd=math.sqrt(total_variance) if total_variance is not None else None,
        alpha=alpha,
        sem=sem,
    )
    return items, test


def _row(row: Sequence[float | None], k: int, number: int) -> list[float | None]:
    if len(row) != k:
        raise ValueError(f"attempt {number} has {len(row)} scores, expected {k}")
    values = [None if value is None else float(value) for value in row]
    if not all(value is None or math.isfinite(value) for value in values):
        raise ValueError(f"attempt {number} has a score that is not a finite number")
    return values


def _rest(row: list[float | None], j: int) -> float:
    # The attempt's total over the other items it was given. Summed afresh rather than total - x:
    # fsum is correctly rounded, so two attempts with the same rest scores get bit-identical R, and
    # a constant R is recognised as having no spread at all.
    return math.fsum(value for i, value in enumerate(row) if i != j and value is not None)


def _item_stats(key: str, max_points: float, x: list[float], rest: list[float]) -> ItemStats:
    mean = _mean(x)
    variance = _variance(x)
    discrimination = efficiency = None
    covariance = _covariance(x, rest)
    if covariance is not None:
        rest_variance = _variance(rest)
        if variance and rest_variance:  # a constant item or a constant rest correlates with nothing
            correlation = covariance / (math.sqrt(variance) * math.sqrt(rest_variance))
            discrimination = 100.0 * _clamp(correlation)
            # Sorting both pairs the largest x with the largest R: by the rearrangement inequality
            # no pairing of these values has a larger covariance. It is positive here, because
            # neither x nor R is constant.
            best = _covariance(sorted(x), sorted(rest))
            if best:
                # Only the top is clamped (float noise): the most negative pairing can have a larger
                # magnitude than the best one, so a badly discriminating item may read below -100.
                efficiency = 100.0 * min(1.0, covariance / best)
    return ItemStats(
        key=key,
        max_points=max_points,
        n=len(x),
        mean=mean,
        facility=mean / max_points if mean is not None and max_points > 0 else None,
        sd=math.sqrt(variance) if variance is not None else None,
        discrimination=discrimination,
        efficiency=efficiency,
        doubtful=efficiency is not None and efficiency < DOUBTFUL_EFFICIENCY,
    )


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _deviations(values: Sequence[float]) -> list[float]:
    # A column of equal values has no spread; say so exactly, since fsum(values)/n can differ from
    # the value in the last bit (three times 0.1 over three is not 0.1) and leave noise to divide by.
    if max(values) == min(values):
        return [0.0] * len(values)
    mean = math.fsum(values) / len(values)
    return [value - mean for value in values]


def _covariance(x: Sequence[float], y: Sequence[float]) -> float | None:
    if len(x) < 2:
        return None
    return math.fsum(a * b for a, b in zip(_deviations(x), _deviations(y), strict=True)) / (len(x) - 1)


def _variance(values: Sequence[float]) -> float | None:
    return _covariance(values, values)


def _clamp(ratio: float) -> float:
    """``ratio`` limited to [-1, 1]: a correlation can overshoot by float noise, never by more."""
    return max(-1.0, min(1.0, ratio))


# Moodle's facility bands, merged into six plain-language ones: (lowest facility, band).
FACILITY_BANDS: tuple[tuple[float, str], ...] = (
    (0.90, "Very easy"),
    (0.80, "Easy"),
    (0.65, "Fairly easy"),
    (0.35, "About right"),
    (0.20, "Fairly hard"),
    (0.0, "Very hard"),
)
NO_DATA = "No data"


def facility_band(f: float | None) -> str:
    """A teacher's word for a facility: "Very easy" (0.9 or more) down to "Very hard" (under 0.2).

    The bands are :data:`FACILITY_BANDS`; None (no attempts) reads "No data".
    """
    if f is None or f != f:
        return NO_DATA
    for lowest, band in FACILITY_BANDS:
        if f >= lowest:
            return band
    return FACILITY_BANDS[-1][1]  # below zero cannot happen with earned points, but reads sensibly


# --------------------------------------------------------------------------------------------------
# Distractor analysis
# --------------------------------------------------------------------------------------------------

NO_ANSWER = "(no answer)"
UNREADABLE = "(unreadable)"
NO_NUMBER = "(no number)"
ARROW = " \u2192 "
GRID_DASH = " \u2014 "  # between a grid box's claim and report


@dataclass(frozen=True)
class ResponseCount:
    """One distinct response to a question and how many attempts gave it."""

    value: str  # what the student answered, as shown to a teacher ("(no answer)" for blank)
    count: int
    correct: bool  # this response earns full points
    # For a wrong choice: the article wording it came from, if a source quote contains it.
    source_text: str | None = None


def response_distribution(
    question: Question,
    answers: Iterable[object],
    *,
    labels: Mapping[str, str] | None = None,
    top: int = 10,
) -> list[ResponseCount]:
    """Count the responses to ``question``: which wrong answers drew the class, and how many.

    ``answers`` are the raw responses as stored, in the shapes :func:`quizapp.scoring.score_response`
    reads; a response that shape cannot be read is counted as "(unreadable)", a blank one as
    "(no answer)" (these two appear only when some attempt gave them). Per type:

    * choice: every choice, zero counts included, plus any response that is not a choice.
    * truefalse: "True" and "False", zero counts included.
    * multi, source: every option, zero counts included, each counted once per attempt that picked
      it; ``correct`` means the option is in the key. For source questions ``labels`` maps an
      article id to how the teacher knows it ("Outlet: headline"); unlabelled ids show as they are.
    * match: "left → right" for each pair chosen, and every correct pair (zero counts included).
    * short: responses grouped when they fold alike (:func:`quizapp.scoring.normalise_short_answer`),
      shown in their most frequent spelling; the ``top`` most frequent.
    * numeric: grouped by the number read (:func:`quizapp.scoring.parse_number`); text that holds
      no number is "(no number)"; the ``top`` most frequent.
    * evidence: the picked sentence's span as "start-end", for the page to show its text.
    * grid: "claim — report" for every box, zero counts included, each counted once per attempt that
      ticked it; ``correct`` means the key ticks that box (so a count on a box that is not correct
      is students ticking a report that does not carry the claim). Reports are named by ``labels``.

    A wrong choice, multi option or match right whose words stand in one of the question's source
    quotes carries that quote as ``source_text``: the distractor was lifted from the article, and
    the teacher can see from where. The list is ordered correct first, then by count (most first),
    then in authored order.
    """
    try:
        count = _DISTRIBUTIONS[question.type]
    except KeyError:
        raise ValueError(f"No response distribution for question type {question.type!r}.") from None
    rows = count(question, list(answers), labels or {})
    # Stable sort: equal counts keep the authored (or first-seen) order the counters built.
    rows.sort(key=lambda row: (not row.correct, -row.count))
    if question.type in ("short", "numeric"):
        rows = rows[: max(0, top)]
    return rows


_Distribution = Callable[[object, list[object], Mapping[str, str]], list[ResponseCount]]
_DISTRIBUTIONS: dict[str, _Distribution] = {}


def _distribution(type_name: str) -> Callable[[_Distribution], _Distribution]:
    def register(function: _Distribution) -> _Distribution:
        _DISTRIBUTIONS[type_name] = function
        return function

    return register


def _is_blank(answer: object) -> bool:
    return answer is None or (isinstance(answer, str) and not answer.strip())


def _extra(tally: Counter[str]) -> list[ResponseCount]:
    """Rows for the "(no answer)" and "(unreadable)" counts that are not zero."""
    return [ResponseCount(label, tally[label], False) for label in (NO_ANSWER, UNREADABLE) if tally[label]]


@_distribution("choice")
def _choice(question: ChoiceQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    tally: Counter[str] = Counter()
    others: Counter[str] = Counter()  # responses that are no choice: an edited bank, a forged form
    special: Counter[str] = Counter()  # kept apart, so that no choice text can be counted as one
    for answer in answers:
        if _is_blank(answer):
            special[NO_ANSWER] += 1
        elif not isinstance(answer, str):
            special[UNREADABLE] += 1
        elif answer in question.choices:
            tally[answer] += 1
        else:
            others[answer] += 1
    rows = [
        ResponseCount(
            choice,
            tally[choice],
            choice == question.answer,
            None if choice == question.answer else _source_text(question, choice),
        )
        for choice in question.choices
    ]
    rows += [ResponseCount(value, number, False) for value, number in others.items()]
    return rows + _extra(special)


@_distribution("truefalse")
def _truefalse(question: TrueFalseQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    tally: Counter[str] = Counter()
    for answer in answers:
        if _is_blank(answer):
            tally[NO_ANSWER] += 1
        elif isinstance(answer, bool):
            tally[str(answer)] += 1
        elif isinstance(answer, str) and answer.strip().casefold() in ("true", "false"):
            tally[str(answer.strip().casefold() == "true")] += 1
        else:  # as the scorer: 0 and 1 are not guessed at
            tally[UNREADABLE] += 1
    rows = [ResponseCount(str(value), tally[str(value)], value == question.answer) for value in (True, False)]
    return rows + _extra(tally)


def _picks(answer: object) -> set[str] | None:
    """The distinct picks of a multi-select response, as the scorer reads them; None if unreadable."""
    if isinstance(answer, str):
        return {answer}
    if isinstance(answer, Mapping | bytes | bytearray) or not isinstance(answer, Iterable):
        return None
    picks = list(answer)
    if not all(isinstance(pick, str) for pick in picks):
        return None
    return set(picks)


@_distribution("multi")
@_distribution("source")
def _multi(
    question: MultiQuestion | SourceQuestion, answers: list[object], labels: Mapping[str, str]
) -> list[ResponseCount]:
    tally: Counter[str] = Counter()
    others: Counter[str] = Counter()  # picks that are no option: an edited bank, a forged form
    special: Counter[str] = Counter()
    for answer in answers:
        picks = set() if _is_empty(answer) else _picks(answer)
        if picks == set():  # nothing ticked
            special[NO_ANSWER] += 1
        elif picks is None:
            special[UNREADABLE] += 1
        else:
            for pick in picks:
                (tally if pick in question.choices else others)[pick] += 1
    is_source = question.type == "source"
    rows: list[ResponseCount] = []
    for option, number in [*((choice, tally[choice]) for choice in question.choices), *others.items()]:
        right = option in question.answers
        # Article ids carry no wording of their own, so only a multi question's options are looked up.
        quoted = None if right or is_source else _source_text(question, option)
        rows.append(ResponseCount(labels.get(option, option) if is_source else option, number, right, quoted))
    return rows + _extra(special)


def _is_empty(answer: object) -> bool:
    return answer is None or answer == ""


@_distribution("match")
def _match(question: MatchQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    tally: Counter[tuple[str, str]] = Counter()  # insertion order: each pair in the order first met
    lefts = [left for left, _ in question.pairs]
    key = dict(question.pairs)
    unanswered: Counter[str] = Counter()
    unreadable = 0
    for answer in answers:
        if answer is None:
            unanswered.update(lefts)
        elif not isinstance(answer, Mapping):
            unreadable += 1
        else:
            for left in lefts:
                right = answer.get(left)
                if _is_blank(right):
                    unanswered[left] += 1
                elif isinstance(right, str):
                    tally[left, right] += 1
                else:
                    tally[left, UNREADABLE] += 1
    # Authored order for ties: the lefts as written, and for each left its key, then the rights
    # in the order the question offers them, then anything else in the order it was met.
    order = {right: index for index, right in enumerate(question.rights)}
    rows: list[ResponseCount] = []
    for left in lefts:
        chosen = dict.fromkeys([key[left], *(right for (pair_left, right) in tally if pair_left == left)])
        # sorted() is stable, so rights the question never offered keep the order they were met in.
        rights = sorted(chosen, key=lambda right: (right != key[left], order.get(right, len(order))))
        for right in rights:
            right_pair = right == key[left]
            quoted = None if right_pair or right == UNREADABLE else _source_text(question, right)
            rows.append(ResponseCount(f"{left}{ARROW}{right}", tally[left, right], right_pair, quoted))
        if unanswered[left]:
            rows.append(ResponseCount(f"{left}{ARROW}{NO_ANSWER}", unanswered[left], False))
    if unreadable:
        rows.append(ResponseCount(UNREADABLE, unreadable, False))
    return rows


def _grouped(
    question: Question,
    answers: list[object],
    group: Callable[[object], Hashable],
    label: Callable[[Hashable, Counter[str]], str],
) -> list[ResponseCount]:
    """Rows for typed answers, one per group of answers that ``group`` says are the same.

    ``group`` returns a grouping key, or one of the "(...)" labels for an answer it cannot place;
    ``label`` turns a key and the spellings met in its group into the value shown. Correctness is
    asked of the scorer, so that the table can never disagree with the students' scores.
    """
    spellings: dict[Hashable, Counter[str]] = {}
    first: dict[Hashable, object] = {}
    for answer in answers:
        key = group(answer)
        spellings.setdefault(key, Counter())[_spelling(answer)] += 1
        first.setdefault(key, answer)
    rows = []
    for key, met in spellings.items():
        if key in _LABELS:
            rows.append(ResponseCount(str(key), met.total(), False))
        else:
            correct = score_response(question, first[key]).outcome == "correct"
            rows.append(ResponseCount(label(key, met), met.total(), correct))
    return rows


_LABELS = (NO_ANSWER, UNREADABLE, NO_NUMBER)


def _spelling(answer: object) -> str:
    if isinstance(answer, str):
        return " ".join(answer.split())  # a stray line break or double space is not another spelling
    return str(answer)


def _most_frequent_spelling(key: Hashable, spellings: Counter[str]) -> str:
    return spellings.most_common(1)[0][0]  # on a tie, the spelling met first


@_distribution("short")
def _short(question: ShortQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    def group(answer: object) -> Hashable:
        if _is_blank(answer):
            return NO_ANSWER
        if not isinstance(answer, str):
            return UNREADABLE
        # Only punctuation folds to nothing, which the scorer treats as no answer. Folding drops
        # brackets, so no typed answer can fold into one of the "(...)" labels.
        return normalise_short_answer(answer) or NO_ANSWER

    return _grouped(question, answers, group, _most_frequent_spelling)


@_distribution("numeric")
def _numeric(question: NumericQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    def group(answer: object) -> Hashable:
        if _is_blank(answer):
            return NO_ANSWER
        value: float | None = None
        if isinstance(answer, str):
            value = parse_number(answer)
        elif isinstance(answer, int | float) and not isinstance(answer, bool):
            try:
                value = float(answer)
            except OverflowError:  # an int too large for a float
                value = None
        if value is None or not math.isfinite(value):
            return NO_NUMBER
        return value + 0.0  # -0.0 + 0.0 is 0.0: "-0" and "0" are one answer

    # Shown as the number read, not as one student typed it: "178,622" and "178622" are one row.
    return _grouped(question, answers, group, lambda key, spellings: _format_number(float(key)))  # type: ignore[arg-type]


def _format_number(value: float) -> str:
    """A number as a teacher would write it: 178622 not 178622.0, 0.1 not 0.1000000000000000055."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@_distribution("evidence")
def _evidence(question: EvidenceQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    tally: Counter[str] = Counter()
    spans: dict[str, tuple[int, int]] = {}
    for answer in answers:
        if answer is None or (isinstance(answer, list | tuple) and not answer):
            tally[NO_ANSWER] += 1
            continue
        span = _span(answer)
        if span is None:
            tally[UNREADABLE] += 1
            continue
        value = f"{span[0]}-{span[1]}"
        spans[value] = span
        tally[value] += 1
    rows = [
        ResponseCount(value, tally[value], score_response(question, list(span)).outcome == "correct")
        for value, span in sorted(spans.items(), key=lambda item: item[1])  # ties in reading order
    ]
    return rows + _extra(tally)


@_distribution("grid")
def _grid(question: GridQuestion, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
    tally: Counter[tuple[str, str]] = Counter()
    special: Counter[str] = Counter()
    for answer in answers:
        ticks = None if answer is None else grid_ticks(question, answer)  # read as the scorer reads it
        if answer is None or ticks == set():
            special[NO_ANSWER] += 1
        elif ticks is None:
            special[UNREADABLE] += 1
        else:
            tally.update(ticks)
    rows = [
        ResponseCount(
            f"{claim}{GRID_DASH}{labels.get(article, article)}", tally[claim, article], cell in question.answers
        )
        for cell in question.cells
        for claim, article in (cell,)
    ]
    return rows + _extra(special)


def _span(answer: object) -> tuple[int, int] | None:
    """(start, end) from a [start, end] pair or a Span-like object, as the scorer reads them."""
    if isinstance(answer, list | tuple):
        if len(answer) != 2:
            return None
        start, end = answer
    elif hasattr(answer, "start") and hasattr(answer, "end"):
        start, end = answer.start, answer.end  # type: ignore[attr-defined]
    else:
        return None
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return None
    if start < 0 or end <= start:
        return None
    return start, end


def _source_text(question: Question, text: str) -> str | None:
    """The first source quote of ``question`` that contains ``text`` as whole words, else None.

    Both go through the quote-matching normaliser and are casefolded, so that curly quotes, dashes
    and capitals at the start of a sentence do not hide a match; whole words, so that a short
    option like "AP" is not "found" inside "capital".
    """
    needle = normalise(text).casefold()
    if not needle:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    for source in question.sources:
        if pattern.search(normalise(source.quote).casefold()):
            return source.quote
    return None


# --------------------------------------------------------------------------------------------------
# Results per skill
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillResult:
    """Points earned and possible on the questions that practise one skill."""

    skill: str
    earned: float
    possible: float

    @property
    def fraction(self) -> float | None:
        """Earned over possible, 0..1 (what the bar charts take); None when nothing was possible."""
        return self.earned / self.possible if self.possible > 0 else None

    @property
    def percent(self) -> float | None:
        """Earned over possible as a percentage, 0..100; None when nothing was possible."""
        fraction = self.fraction
        return None if fraction is None else 100.0 * fraction


def skill_results(rows: Iterable[tuple[Sequence[str], float, float]]) -> dict[str, SkillResult]:
    """Total the scored responses per skill.

    ``rows`` hold, for each scored response, the skills of its question, the points earned and the
    points possible. A question with several skills counts in full toward each (a skill listed twice
    on one question counts once). The result has every skill with any possible points, in
    :data:`~quizapp.banks.model.SKILLS` order; a skill the bank schema no longer knows (from an old
    question version) follows, in the order first met, rather than vanishing from the teacher's view.
    """
    earned: dict[str, list[float]] = {}
    possible: dict[str, list[float]] = {}
    for skills, got, out_of in rows:
        for skill in dict.fromkeys(skills):
            earned.setdefault(skill, []).append(float(got))
            possible.setdefault(skill, []).append(float(out_of))
    order = [skill for skill in SKILLS if skill in possible]
    order += [skill for skill in possible if skill not in SKILLS]
    results = {}
    for skill in order:
        total = math.fsum(possible[skill])
        if total > 0:
            results[skill] = SkillResult(skill, math.fsum(earned[skill]), total)
    return results
