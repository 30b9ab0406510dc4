"""Drafting questions from the articles, for a teacher to review and edit before use.

Eight kinds, each from what the corpus modules find:

- one ``match`` of quotations to their speakers (:mod:`quizapp.corpus.attribution`): one quotation
  per person, the one most reports carry;
- ``source`` questions on passages only some of the reports carry (:mod:`quizapp.corpus.align`);
- one ``grid`` of aligned passages against every article: which reports carry each one, every
  ticked cell backed by that report's passage;
- ``numeric`` questions on the figures a report gives (:mod:`quizapp.corpus.figures`), the ones
  other reports give differently first;
- ``truefalse`` questions on quote drift: whether two reports print someone's words the same way
  (:mod:`quizapp.corpus.worddiff`);
- ``judge`` questions, half accurate renderings of a sentence and half distortions of each named
  type (:mod:`quizapp.banks.drafting_judge`);
- ``choice`` questions on whom a report credits for a sentence: another outlet, someone it names,
  someone it does not name ("allegedly"), or no one (a record figure in its own voice;
  :mod:`quizapp.banks.drafting_sourcing`), on sentences no other question quotes;
- ``evidence`` questions on headline against body: the sentence of a report that backs a claim its
  headline makes (:mod:`quizapp.banks.drafting_headline`).

Prompts are kept short (:mod:`quizapp.banks.reading_level` measures them): a speaker by surname, a
report by a short name, a figure's clause rather than its sentence, the question in a sentence of its own.

The draft is written as a bank file and read back through the loader, so every question it holds
validates against the articles; a question that would not is left out with a note saying why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

import yaml

from quizapp.banks.drafting_headline import headline_questions
from quizapp.banks.drafting_judge import judge_questions
from quizapp.banks.drafting_sourcing import clause_bounds, sourcing_questions
from quizapp.banks.loader import parse_bank
from quizapp.banks.model import Bank, Question, Source
from quizapp.banks.schema import ID_PATTERN
from quizapp.banks.serialise import question_to_yaml_data
from quizapp.corpus.align import AlignedPassage, Alignment, Alignments, align_articles
from quizapp.corpus.articles import UNKNOWN_OUTLET, Article, Corpus, find_quote
from quizapp.corpus.attribution import Quotation, find_quotations, looks_like_person
from quizapp.corpus.figures import Figure, FigureGroup, article_figures, compare_figures
from quizapp.corpus.span import Span
from quizapp.corpus.worddiff import DiffToken, is_changed, word_diff
from quizapp.questions import GridQuestion, MatchQuestion, NumericQuestion, SourceQuestion, Tolerance, TrueFalseQuestion

DEFAULT_BANK_ID = "drafted-questions"
DEFAULT_TITLE = "Drafted questions (review before use)"
HEADER = "# Drafted by quizapp: review every question before use."
MAX_PAIRS = 5
MAX_DISTRACTORS = 2
MAX_SOURCE = 5
MAX_NUMERIC = 3
MAX_DRIFT = 3
MAX_GRID_CLAIMS = 4
GRID_TAG_WORDS = 3  # a claim named in the grid's explanation by its first words
EXPLANATION_WORDS = 80  # drafted explanations stay under this many words
MIN_GRID_CLAIMS = 2  # one claim is a source question laid out as a table
GRID_CLAIM_WORDS = 14  # a row header, read once per report: shorter than a match item
SHORT_WORDS = 20  # a quotation longer than this is shortened in prompts and match items
MIN_MATCH_WORDS = 4  # "hope", "root causes": too short to tell speakers apart by
_COMPOUND_SURNAME_WORDS = 4  # a name this long ends in two surnames (Spanish usage): "López Obrador"
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "police"})


# Each article's quotations (what find_quotations found in it), by article id.
_Quotations = Mapping[str, Sequence[Quotation]]


class DraftError(Exception):
    """Nothing could be drafted from these articles (the message says why)."""


@dataclass(frozen=True)
class Draft:
    """A drafted bank: the validated bank, its file text, and notes on what was left out."""

    bank: Bank
    yaml: str
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """Questions by type, for a command line or a flash message."""
        counts = Counter(q.type for q in self.bank.questions)
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
        n = len(self.bank.questions)
        return f"{n} question{'s' if n != 1 else ''} ({kinds})"


@dataclass
class _Ids:
    """Question ids: readable, valid and unique within the draft."""

    used: set[str] = field(default_factory=set)

    def make(self, *words: str) -> str:
        joined = "-".join(part for part in (slug(w) for w in words) if part)[:60].strip("-") or "question"
        candidate, n = joined, 2
        while candidate in self.used or not ID_PATTERN.match(candidate):
            candidate = f"{joined}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate


def draft_bank(
    corpus: Corpus,
    bank_id: str = DEFAULT_BANK_ID,
    title: str = DEFAULT_TITLE,
    alignments: Alignments | None = None,
) -> Draft:
    """Draft questions from every article in ``corpus`` and validate them as a bank.

    ``alignments`` may pass the corpus's alignment when it is already at hand (the web app caches
    it). Raises :class:`DraftError` when there are no articles or nothing in them to ask about.
    """
    if not ID_PATTERN.match(bank_id):
        raise DraftError(f"bank id {bank_id!r} may hold only a-z, 0-9 and '-' (and not start or end with '-')")
    if not corpus:
        raise DraftError("there are no articles to draft questions from")
    questions = draft_questions(corpus, alignments)
    if not questions:
        raise DraftError(
            "nothing to draft: the articles have no quotations with a named speaker, no passages that only "
            "some of them carry, no figures and no sentences that credit a source"
        )
    notes: list[str] = []
    text = bank_yaml(questions, corpus, bank_id, title)
    bank, problems = parse_bank(text, f"{bank_id}.yaml", corpus)
    if problems:
        # Drafts quote the articles verbatim, so this would be a drafter bug: keep what validates, say so.
        failing = {p.question for p in problems}
        notes = [f"left out (it did not validate): {p}" for p in problems]
        kept = [q for q in questions if q.id not in failing]
        if kept and None not in failing:
            text = bank_yaml(kept, corpus, bank_id, title)
            bank, problems = parse_bank(text, f"{bank_id}.yaml", corpus)
    if bank is None:
        raise DraftError("the draft does not validate: " + "; ".join(str(p) for p in problems))
    return Draft(bank, text, tuple(notes))


def draft_questions(corpus: Corpus, alignments: Alignments | None = None) -> list[Question]:
    """Every question the drafter proposes for ``corpus``, unvalidated, in the order a bank lists them."""
    articles = list(corpus.values())
    quotations = {a.id: find_quotations(a) for a in articles}
    if (
        alignments is None
        or [a.id for a in alignments.articles] != list(corpus)
        or any(a is not corpus[a.id] for a in alignments.articles)
    ):
        alignments = align_articles(articles)
    names = _ArticleNames(articles)
    ids = _Ids()
    questions: list[Question] = []
    match = _match_question(corpus, quotations, alignments, names, ids)
    if match is not None:
        questions.append(match)
    grid = _grid_question(corpus, quotations, alignments.rows, names, ids)
    # A source question on a passage the grid already has would ask the same thing twice: the grid
    # takes its passages first, the source questions ask about the rest.
    in_grid = {(s.article, s.span) for s in grid.sources} if grid is not None else set()
    others = [row for row in alignments.rows if not any((p.article_id, p.span) in in_grid for p in row.passages)]
    questions += _source_questions(corpus, quotations, others, names, ids)
    if grid is not None:
        questions.append(grid)
    questions += _numeric_questions(articles, quotations, names, ids)
    questions += _drift_questions(corpus, quotations, alignments.rows, names, ids)
    headlines = headline_questions(articles, names.of, ids.make)
    # A judge statement, or a clause a sourcing question quotes, would print another question's passage:
    # each takes sentences the questions before it leave alone (the headlines' keys are quoted in their
    # explanations).
    cited = [(source.article, source.span) for question in questions for source in question.sources]
    cited += [(question.article, question.answer_span) for question in headlines]
    judged = judge_questions(articles, quotations, names.of, ids.make, cited)
    cited += [(source.article, source.span) for question in judged for source in question.sources]
    questions += sourcing_questions(articles, names.of, ids.make, cited)
    questions += headlines
    questions += judged
    return questions


def bank_yaml(questions: Sequence[Question], corpus: Corpus, bank_id: str, title: str) -> str:
    """The questions as a bank file, with a header saying they are drafts to review."""
    articles = ", ".join(corpus)
    header = [
        HEADER,
        "#",
        f"# Proposed from the articles {articles}.",
        "# Every question validates against them, but the drafter only proposes: check each speaker,",
        "# figure and wording against the articles, edit the prompts, explanations, skills and points,",
        "# and give the bank an id and title of your own before you load it.",
    ]
    document = {
        "bank": bank_id,
        "title": title,
        "description": "Questions quizapp drafted from the articles, for a teacher to review and edit.",
        "questions": [question_to_yaml_data(q) for q in questions],
    }
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "\n".join(header) + "\n" + body


# --------------------------------------------------------------------------------------------------
# Match: quotations to speakers
# --------------------------------------------------------------------------------------------------


def _match_question(
    corpus: Corpus, quotations: _Quotations, alignments: Alignments, names: _ArticleNames, ids: _Ids
) -> MatchQuestion | None:
    """One quotation per named speaker, matched to them; other quoted people as distractors."""
    best: dict[str, tuple[tuple, str, Quotation]] = {}
    for article_id, found in quotations.items():
        for quotation in found:
            speaker = quotation.speaker
            if speaker is None or not looks_like_person(speaker) or quotation.words < MIN_MATCH_WORDS:
                continue
            carried = 1 + len(alignments.carriers(article_id, quotation.span))
            named = quotation.cue is not None and speaker.split()[-1] in quotation.cue
            # The quotation most reports carry, then one whose excerpt names the speaker (not "she
            # said"), then one of a readable length.
            rank = (-carried, not named, quotation.words > SHORT_WORDS, quotation.words)
            if speaker not in best or rank < best[speaker][0]:
                best[speaker] = (rank, article_id, quotation)
    if len(best) < 2:
        return None
    chosen = sorted(best.items(), key=lambda item: item[1][0])[:MAX_PAIRS]
    chosen.sort(key=lambda item: (list(corpus).index(item[1][1]), item[1][2].span.start))
    pairs: list[tuple[str, str]] = []
    sources: list[Source] = []
    cited: dict[str, list[str]] = {}
    for speaker, (_, article_id, quotation) in chosen:
        article = corpus[article_id]
        left = _shortened(quotation.quote)
        pairs.append((left, speaker))
        source = _quotation_source(article, quotation)
        sources.append(source)
        cue = f" (“{quotation.cue}”)" if quotation.cue else ""
        cited.setdefault(article_id, []).append(f"{speaker}{cue}")
    speakers = {speaker for _, speaker in pairs}
    others = Counter(
        q.speaker
        for found in quotations.values()
        for q in found
        if q.speaker is not None and looks_like_person(q.speaker) and q.speaker not in speakers
    )
    distractors = tuple(name for name, _ in others.most_common(MAX_DISTRACTORS))
    explanation = " ".join(f"{_capital(names.of(a))} quotes {_join(people)}." for a, people in cited.items())
    if distractors:
        explanation += f" {_join(distractors)} {'is' if len(distractors) == 1 else 'are'} quoted in the reports too,"
        explanation += " but not saying any of these."
    return MatchQuestion(
        id=ids.make("match", "quotations", "to", "speakers"),
        prompt="Match each quotation to the person the reports say spoke or wrote it.",
        sources=tuple(sources),
        explanation=explanation,
        skills=("attribution",),
        points=float(len(pairs) // 2 or 1),
        pairs=tuple(pairs),
        distractors=distractors,
    )


def _quotation_source(article: Article, quotation: Quotation) -> Source:
    """The quotation with its marks and, when it is in the same paragraph, the words naming the speaker."""
    opening = max(article.text.rfind(c, 0, quotation.span.start) for c in '"\u201c\u201e')
    closing = [i for i in (article.text.find(c, quotation.span.end) for c in '"\u201d') if i >= 0]
    start = opening if opening >= 0 else quotation.span.start
    end = min(closing) + 1 if closing else quotation.span.end
    paragraph = article.paragraph_at(quotation.span.start)
    if quotation.cue_span is not None and paragraph is not None and paragraph.span.start <= quotation.cue_span.start:
        start, end = min(start, quotation.cue_span.start), max(end, quotation.cue_span.end)
    return _source(article, Span(start, end))


# --------------------------------------------------------------------------------------------------
# Source: passages only some reports carry
# --------------------------------------------------------------------------------------------------


def _source_questions(
    corpus: Corpus, quotations: _Quotations, rows: Sequence[Alignment], names: _ArticleNames, ids: _Ids
) -> list[SourceQuestion]:
    everyone = set(corpus)
    candidates = [row for row in rows if set(row.article_ids) != everyone]
    # Quotations first (what someone said is what reports choose to carry or not), then those the fewest
    # reports carry (the starkest omissions), then longer ones.
    candidates.sort(key=lambda row: (row.kind != "quote", len(row.article_ids), -len(row.anchor.text)))
    questions: list[SourceQuestion] = []
    for row in candidates[:MAX_SOURCE]:
        speaker = _speaker_of(quotations, row.anchor)
        # The shortest rendering is the words all the carrying reports share most nearly.
        shortest = min((p.text for p in row.passages), key=len).strip().strip('"\u201c\u201d')
        words = _shortened(shortest, GRID_CLAIM_WORDS)
        if speaker and row.kind == "quote":
            prompt = f"{_capital(_short_speaker(speaker, quotations))} said: “{words}” Which reports quote these words?"
        else:
            prompt = f"Which reports carry this passage: “{words}”?"
        carriers = [names.at(p.article_id, p.span) for p in row.passages]
        missing = [names.of(a) for a in corpus if a not in row.article_ids]
        explanation = (
            f"{_capital(_join(carriers))} carry it; {_join(missing)} {'does' if len(missing) == 1 else 'do'} not."
        )
        if not row.identical:
            explanation += " The reports that carry it do not all print the same words: compare them side by side."
        questions.append(
            SourceQuestion(
                id=ids.make("which-reports", _surname(speaker), _opening(row.anchor.text, 5)),
                prompt=prompt,
                sources=tuple(_source(corpus[p.article_id], p.span) for p in row.passages),
                explanation=explanation,
                skills=("sourcing", "comparison"),
                choices=tuple(corpus),
                answers=frozenset(row.article_ids),
            )
        )
    return questions


# --------------------------------------------------------------------------------------------------
# Grid: which reports carry each of several passages
# --------------------------------------------------------------------------------------------------


def _grid_question(
    corpus: Corpus, quotations: _Quotations, rows: Sequence[Alignment], names: _ArticleNames, ids: _Ids
) -> GridQuestion | None:
    """Aligned passages as claims against every article, each tick backed by that article's passage.

    Rows are chosen so that the ticks differ from claim to claim: first one row for each different set
    of carrying reports, then more rows from the speakers with the fewest claims so far. None when
    fewer than :data:`MIN_GRID_CLAIMS` rows give a claim.
    """
    everyone = set(corpus)
    candidates: list[tuple[int, Alignment, str, str | None]] = []
    claims_seen: set[str] = set()
    for position, row in enumerate(rows):
        speaker = _speaker_of(quotations, row.anchor) if row.kind == "quote" else None
        claim = _grid_claim(row, speaker)
        if claim in claims_seen:
            continue  # two rows that shorten to the same words would be one claim twice
        claims_seen.add(claim)
        candidates.append((position, row, claim, speaker))
    if len(candidates) < MIN_GRID_CLAIMS:
        return None
    # Quotations with a named speaker first (what someone said is what reports choose to carry), and
    # passages every report carries last (a row of all ticks tells the least); else the articles' order.
    candidates.sort(key=lambda c: (c[3] is None, set(c[1].article_ids) == everyone, c[0]))
    chosen: list[tuple[int, Alignment, str, str | None]] = []
    carrier_sets: set[tuple[str, ...]] = set()
    for candidate in candidates:
        if len(chosen) < MAX_GRID_CLAIMS and candidate[1].article_ids not in carrier_sets:
            chosen.append(candidate)
            carrier_sets.add(candidate[1].article_ids)
    rest = [c for c in candidates if c not in chosen]
    while rest and len(chosen) < MAX_GRID_CLAIMS:
        per_speaker = Counter(c[3] for c in chosen)
        following = min(rest, key=lambda c: per_speaker[c[3]])  # min keeps the earliest of equals
        chosen.append(following)
        rest.remove(following)
    chosen.sort(key=lambda c: c[0])

    claims = tuple(claim for _, _, claim, _ in chosen)
    sources: list[Source] = []
    for _, row, claim, _ in chosen:
        sources += [replace(_source(corpus[p.article_id], p.span), claim=claim) for p in row.passages]
    # Report by report, each claim by its first words: a teacher's summary under EXPLANATION_WORDS words.
    tags = {claim: f"“{_tag(_grid_words(row))}”" for _, row, claim, _ in chosen}
    lines = []
    for article_id in corpus:
        carried = [tags[claim] for _, row, claim, _ in chosen if article_id in row.article_ids]
        lines.append(f"{_capital(names.of(article_id))}: {_join(carried) if carried else 'none of them'}.")
    if any(len({_letters([p.text]) for p in row.passages}) > 1 for _, row, _, _ in chosen):
        lines.append("Some print the words a little differently; each still carries the passage.")
    quotes = all(row.kind == "quote" for _, row, _, _ in chosen)
    return GridQuestion(
        id=ids.make("which-reports-carry-each", "quotation" if quotes else "passage"),
        prompt=(
            f"Which reports carry each of these {'quotations' if quotes else 'passages'}? Tick every report "
            "that prints it, even where its wording differs a little."
        ),
        sources=tuple(sources),
        explanation=" ".join(lines),
        skills=("sourcing", "comparison"),
        points=float(len(claims) // 2 or 1),
        claims=claims,
        articles=tuple(corpus),
        answers=frozenset((claim, p.article_id) for _, row, claim, _ in chosen for p in row.passages),
    )


def _tag(words: str) -> str:
    """A claim's first few words, to name it in a sentence ("Do not come…")."""
    words = words.lstrip("… ")
    if len(words.split()) <= GRID_TAG_WORDS:
        return words
    return " ".join(words.split()[:GRID_TAG_WORDS]).rstrip(".,;: ") + "…"


def _grid_claim(row: Alignment, speaker: str | None) -> str:
    """A row header: the speaker and their words ('Kamala Harris: “…Do not come. Do not come”')."""
    words = _grid_words(row)
    return f"{speaker}: “{words}”" if speaker else f"“{words}”"


def _grid_words(row: Alignment) -> str:
    """The passage shortened to a row header, as most of the reports carrying it print it (the first
    report's when they all differ), so that a slip in one report does not become the claim."""
    renderings = [
        _shortened(p.text.strip().strip('"\u201c\u201d'), GRID_CLAIM_WORDS).rstrip(".,;: ") for p in row.passages
    ]
    counts = Counter(renderings)
    return max(renderings, key=lambda words: counts[words])  # max keeps the first of equals


# --------------------------------------------------------------------------------------------------
# Numeric: figures
# --------------------------------------------------------------------------------------------------


def _numeric_questions(
    articles: Sequence[Article], quotations: _Quotations, names: _ArticleNames, ids: _Ids
) -> list[NumericQuestion]:
    compared = {
        (article_id, figure.span): group for group in compare_figures(articles) for article_id, figure in group.figures
    }
    candidates: list[tuple[tuple, Article, Figure]] = []
    for article in articles:
        quoted = [q.span for q in quotations[article.id]]
        for figure in article_figures(article):
            if not _askable(figure) or any(span.overlaps(figure.span) for span in quoted):
                continue
            others = compared.get((article.id, figure.span))
            shared = others is not None and len(others.article_ids) > 1
            rank = (not shared, figure.bound != "exact", -figure.value)
            candidates.append((rank, article, figure))
    candidates.sort(key=lambda item: item[0])
    questions: list[NumericQuestion] = []
    by_id = {article.id: article for article in articles}
    seen: set[tuple[str, int | float]] = set()
    blanked: set[tuple[str, Span | None]] = set()
    for _, article, figure in candidates:
        if len(questions) == MAX_NUMERIC:
            break
        # One blank per sentence: a second cloze of the same sentence would print the first one's answer.
        if (article.id, figure.value) in seen or (article.id, figure.sentence) in blanked:
            continue
        seen.add((article.id, figure.value))
        blanked.add((article.id, figure.sentence))
        group = compared.get((article.id, figure.span))
        questions.append(_numeric_question(article, figure, group, names, ids, by_id))
    return questions


def _askable(figure: Figure) -> bool:
    """A figure worth asking for: a count of something named ("178,622 encounters"), not an age, a
    "100% legal method" or a small number ("two nations")."""
    last = figure.label.split()[-1] if figure.label else ""
    plural = last in _IRREGULAR_PLURALS or (last.endswith("s") and not last.endswith("ss"))
    return plural and figure.sentence is not None and figure.value >= 10


def _numeric_question(
    article: Article,
    figure: Figure,
    group: FigureGroup | None,
    names: _ArticleNames,
    ids: _Ids,
    by_id: Mapping[str, Article],
) -> NumericQuestion:
    sentence_span = figure.sentence
    if sentence_span is None:  # _askable leaves out figures without a sentence
        raise ValueError(f"figure {figure.number!r} in {article.id} has no sentence to ask about")
    sentence = article.slice(sentence_span)
    start = figure.span.start - sentence_span.start
    end = figure.span.end - sentence_span.start
    gap = (figure.qualifier + " " if figure.qualifier else "") + "____"
    clause_start, clause_end = clause_bounds(sentence, start, end)
    cloze = re.sub(r"\s+", " ", sentence[clause_start:start] + gap + sentence[end:clause_end]).strip()
    cloze = ("…" if clause_start > 0 else "") + cloze + ("…" if sentence[clause_end:].strip() else "")
    exact = figure.bound == "exact"
    prompt = f"{_capital(names.at(article.id, figure.span))} writes: “{cloze}” What number is missing?"
    if not exact:
        prompt += " (The report gives a round figure: give it as printed.)"
    explanation = f"{figure.number}: {names.at(article.id, figure.span)} gives {_as_printed(article, figure)}"
    explanation += f" for {figure.period}." if figure.period else "."
    sources = [_source(article, sentence_span)]
    if group is not None:
        others = [
            (other_id, other)
            for other_id, other in group.figures
            if other_id != article.id and (other.period == figure.period or not (other.period and figure.period))
        ]
        if others:
            compared = [
                f"{names.at(other_id, other.span)} gives {_as_printed(by_id[other_id], other)}"
                + (f" for {other.period}" if other.period else "")
                for other_id, other in others
            ]
            explanation += f" For comparison, {_join(compared)}: check that the figures count the same thing."
            # The reports compared with are cited too, so the quoted figures are checked like any source.
            sources += [_source(by_id[other_id], other.sentence) for other_id, other in others if other.sentence]
    return NumericQuestion(
        id=ids.make(figure.label, figure.period or "", "figure"),
        prompt=prompt,
        sources=tuple(dict.fromkeys(sources)),
        explanation=explanation,
        skills=("numbers",),
        answer=float(figure.value),
        # Exact: the cloze asks for the number as printed, round ("more than 170,000") or not.
        tolerance=Tolerance(),
    )


# --------------------------------------------------------------------------------------------------
# True/false: quote drift between reports
# --------------------------------------------------------------------------------------------------


def _drift_questions(
    corpus: Corpus, quotations: _Quotations, rows: Sequence[Alignment], names: _ArticleNames, ids: _Ids
) -> list[TrueFalseQuestion]:
    drifted: list[tuple[tuple, Alignment, AlignedPassage, AlignedPassage, tuple[DiffToken, ...]]] = []
    same: list[tuple[Alignment, AlignedPassage, AlignedPassage]] = []
    for row in rows:
        if row.kind != "quote" or len(row.passages) < 2:
            continue
        pairs: list[tuple[tuple[bool, bool, int], AlignedPassage, AlignedPassage, tuple[DiffToken, ...]]] = []
        for first, second in combinations(row.passages, 2):
            diff = word_diff(first.text, second.text)
            interrupted = _interrupted(first.text) or _interrupted(second.text)
            changed = [t for t in diff if t.op != "equal"]
            wording = _letters(t.text for t in changed if t.op == "delete") != _letters(
                t.text for t in changed if t.op == "insert"
            )
            pairs.append(((interrupted, not wording, sum(len(t.text.split()) for t in changed)), first, second, diff))
        for rank, first, second, diff in sorted(pairs, key=lambda item: item[0]):
            if rank[0]:
                continue
            if is_changed(diff):
                drifted.append((rank, row, first, second, diff))
            elif not same or len(row.anchor.text) > len(same[0][0].anchor.text):
                same[:] = [(row, first, second)]
            break
    drifted.sort(key=lambda item: item[0])
    questions = [_drift_question(corpus, quotations, row, a, b, diff, names, ids) for _, row, a, b, diff in drifted]
    questions = questions[:MAX_DRIFT]
    if same:
        row, first, second = same[0]
        questions.append(_same_words_question(corpus, quotations, row, first, second, names, ids))
    return questions


def _interrupted(text: str) -> bool:
    """True when a passage runs over an attribution between two quotations (“...,” she wrote. “...”)."""
    inner = text.strip().strip('"\u201c\u201d')
    return any(mark in inner for mark in '"\u201c\u201d')


def _drift_question(
    corpus: Corpus,
    quotations: _Quotations,
    row: Alignment,
    first: AlignedPassage,
    second: AlignedPassage,
    diff: tuple[DiffToken, ...],
    names: _ArticleNames,
    ids: _Ids,
) -> TrueFalseQuestion:
    speaker = _short_speaker(_speaker_of(quotations, row.anchor), quotations)
    a, b = names.at(first.article_id, first.span), names.at(second.article_id, second.span)
    differences: list[str] = []
    for index, token in enumerate(diff):
        if token.op == "delete":
            following = diff[index + 1] if index + 1 < len(diff) else None
            if following is not None and following.op == "insert":
                differences.append(f"“{token.text}” in {a} against “{following.text}” in {b}")
            else:
                differences.append(f"“{token.text}” in {a}, which {b} leaves out")
        elif token.op == "insert" and (index == 0 or diff[index - 1].op != "delete"):
            differences.append(f"“{token.text}” in {b}, which {a} leaves out")
    explanation = (
        f"False: the two reports differ: {'; '.join(differences)}. A quotation copied from report to "
        "report can drift; go back to the earliest or original source before repeating it."
    )
    return _same_way_statement(corpus, speaker, row, first, second, names, ids, False, explanation)


def _same_words_question(
    corpus: Corpus,
    quotations: _Quotations,
    row: Alignment,
    first: AlignedPassage,
    second: AlignedPassage,
    names: _ArticleNames,
    ids: _Ids,
) -> TrueFalseQuestion:
    speaker = _short_speaker(_speaker_of(quotations, row.anchor), quotations)
    explanation = (
        f"True: word for word, both reports print “{_opening(first.text, 60)}”. Agreement between two reports "
        "is reassuring, but check whether one copied the other before counting them as two sources."
    )
    return _same_way_statement(corpus, speaker, row, first, second, names, ids, True, explanation)


def _same_way_statement(
    corpus: Corpus,
    speaker: str,
    row: Alignment,
    first: AlignedPassage,
    second: AlignedPassage,
    names: _ArticleNames,
    ids: _Ids,
    answer: bool,
    explanation: str,
) -> TrueFalseQuestion:
    """True or false: two reports print the speaker's words exactly the same way."""
    a, b = names.at(first.article_id, first.span), names.at(second.article_id, second.span)
    return TrueFalseQuestion(
        id=ids.make("same-words", _surname(speaker), _opening(row.anchor.text, 5)),
        prompt=(
            f"{_capital(speaker)} said: “{_opening(first.text, 12)}” {_capital(a)} and {b} print these words "
            "exactly the same way."
        ),
        sources=(_source(corpus[first.article_id], first.span), _source(corpus[second.article_id], second.span)),
        explanation=explanation,
        skills=("comparison", "attribution"),
        answer=answer,
    )


# --------------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------------


class _ArticleNames:
    """How a question names each article: its outlet when that tells it apart, else its headline cut
    short ("the report “Migration Crisis”", "the report on Ocasio-Cortez's criticism"), or whole where
    two short names would be the same."""

    def __init__(self, articles: Sequence[Article]):
        outlets = Counter(a.outlet for a in articles)
        self._articles = {a.id: a for a in articles}
        names = {a.id: _article_name(a, outlets[a.outlet] == 1, short=True) for a in articles}
        repeated = {name for name, n in Counter(names.values()).items() if n > 1}
        self._names = {
            a.id: _article_name(a, outlets[a.outlet] == 1, short=False) if names[a.id] in repeated else names[a.id]
            for a in articles
        }

    def of(self, article_id: str) -> str:
        return self._names[article_id]

    def at(self, article_id: str, span: Span) -> str:
        """The name for a passage: wire copy a report reprints (``wire_copy_from``) is credited to the outlet
        that reported it ("the Associated Press copy in Newsweek"), the rest to the report."""
        wire = self._articles[article_id].wire_copy_of(span)
        if wire is None:
            return self._names[article_id]
        return f"the {wire} copy in {self._names[article_id]}"


_THE_OUTLETS = {"Associated", "New", "Guardian", "Washington", "Wall", "BBC", "Hill", "Times", "Atlantic"}
_NAME_WORDS = 3  # a headline's words a short name keeps before it stops at a preposition
_PREPOSITIONS = frozenset({"of", "in", "on", "at", "with", "from", "for", "about", "after", "over", "to"})


def _article_name(article: Article, unique_outlet: bool, short: bool) -> str:
    """The outlet ("the Associated Press"), else the headline: a corpus's bracketed description
    ("[Report on ...]") as words, a headline in quotation marks; ``short`` cuts either (see _short_headline)."""
    if article.outlet != UNKNOWN_OUTLET and unique_outlet:
        return f"the {article.outlet}" if article.outlet.split()[0] in _THE_OUTLETS else article.outlet
    headline = article.headline
    if headline.startswith("[") and headline.endswith("]"):
        # A bracketed headline is a description the corpus gave a text with none ("[Report on ...]").
        inner = _short_headline(headline[1:-1]) if short else headline[1:-1]
        return f"the {inner[:1].lower()}{inner[1:]}"
    return f"the report “{_short_headline(headline) if short else headline}”"


def _short_headline(headline: str) -> str:
    """A headline's words up to its colon ("Migration Crisis"), else up to the first preposition after
    :data:`_NAME_WORDS` words ("Report on Ocasio-Cortez's criticism"): a name, not the report's summary."""
    before_colon = headline.split(":")[0].strip()
    if ":" in headline and len(before_colon.split()) >= 2:
        return before_colon
    words = headline.split()
    for index in range(_NAME_WORDS, len(words)):
        if words[index].lower() in _PREPOSITIONS:
            return " ".join(words[:index]).rstrip(",;: ")
    return headline


def _as_printed(article: Article, figure: Figure) -> str:
    """The figure in quotation marks as the report prints it: with what it counts where those words follow
    the number in the text ("178,622 encounters"), else the number alone with the label after the marks."""
    number = article.slice(figure.span)
    with_label = f"{number} {figure.label}" if figure.label else number
    if find_quote(article, with_label) is not None:
        return f"“{with_label}”"
    return f"“{number}” {figure.label}".rstrip()


def _source(article: Article, span: Span) -> Source:
    """A source quoting ``span`` of ``article`` verbatim (trimmed of spaces)."""
    text = article.slice(span).strip()
    return Source(article.id, text, span)


def _speaker_of(quotations: _Quotations, passage: AlignedPassage) -> str | None:
    return next(
        (q.speaker for q in quotations[passage.article_id] if q.speaker and q.span.overlaps(passage.span)),
        None,
    )


def _short_speaker(speaker: str | None, quotations: _Quotations) -> str:
    """A speaker as a prompt names them: by surname ("Ocasio-Cortez"; the last two words of a name of
    four, "López Obrador" of "Andrés Manuel López Obrador") unless another speaker the articles quote
    has the same one, then in full; "the speaker" for none."""
    if not speaker:
        return "the speaker"
    words = speaker.split()
    surname = " ".join(words[-2:]) if len(words) >= _COMPOUND_SURNAME_WORDS else words[-1]
    speakers = {q.speaker for found in quotations.values() for q in found if q.speaker}
    if any(other != speaker and other.endswith(" " + surname) for other in speakers):
        return speaker
    return surname


def _surname(speaker: str | None) -> str:
    return speaker.split()[-1] if speaker and speaker != "the speaker" else ""


def _letters(texts: Iterable[str]) -> str:
    """The letters and digits of some words, lower case: what is left when punctuation and capitals are not."""
    return re.sub(r"\W", "", " ".join(texts)).casefold()


def _shortened(quote: str, limit: int = SHORT_WORDS) -> str:
    """The quotation, or whole sentences of it within ``limit`` words: its first ones if they fit, else
    its last ones ("…Do not come. Do not come"), else its first words; an ellipsis marks a cut."""
    quote = quote.strip().rstrip(",;: ")
    if len(quote.split()) <= limit:
        return quote
    pieces = re.split(r"(?<=[.!?:])\s+", quote)
    for ordered, from_start in ((pieces, True), (pieces[::-1], False)):
        kept: list[str] = []
        for piece in ordered:
            if len(" ".join([*kept, piece]).split()) > limit:
                break
            kept.append(piece)
        if kept:
            text = " ".join(kept if from_start else kept[::-1]).rstrip(",;: ")
            return f"{text} …" if from_start else f"…{text}"
    return " ".join(quote.split()[:limit]) + " …"


def _opening(text: str, limit: int = SHORT_WORDS) -> str:
    """The first ``limit`` words of a passage, with an ellipsis when there are more; no trailing comma."""
    words = text.strip().strip('"\u201c\u201d').split()
    if len(words) <= limit:
        return " ".join(words).rstrip(",;: ")
    return " ".join(words[:limit]).rstrip(",;: ") + "…"


def _join(items: Sequence[str], conjunction: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    """``text`` as an id: lower-case ASCII letters and digits joined by single hyphens."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
