"""Grid: for each claim, tick every report that carries it; credit box by box."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from quizapp.banks.checking import SOURCE_KEYS, Checker, Common, Invalid, suggest
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedList, LocatedMap
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.questions.answering import (
    Choice,
    FormData,
    FormInputs,
    GridCell,
    GridColumn,
    GridResult,
    GridRow,
    Option,
    article_choices,
    article_label,
    row_field_name,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Loss, Matching, listed_ids
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.printing import PrintedOption
from quizapp.questions.reading import picked_texts
from quizapp.questions.slot import Slot, letter
from quizapp.questions.tally import GRID_DASH, NO_ANSWER, UNREADABLE, ResponseCount, extra_rows

GRID_SOURCE_KEYS = SOURCE_KEYS | {"claim"}  # a grid's source says which claim its quote backs


@dataclass(frozen=True)
class GridQuestion(Question):
    """Tick, for each claim, every article that carries it; credit cell by cell, ticked and unticked alike."""

    claims: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()  # article ids, the grid's columns in authored order
    answers: frozenset[tuple[str, str]] = frozenset()  # the ticked cells: (claim, article id)
    type: str = field(default="grid", init=False)

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        """Every (claim, article id) cell, row by row in authored order."""
        return tuple((claim, article) for claim in self.claims for article in self.articles)

    def carriers(self, claim: str) -> tuple[str, ...]:
        """The articles the key ticks for ``claim``, in column order."""
        return tuple(article for article in self.articles if (claim, article) in self.answers)


def grid_ticks(question: GridQuestion, response: object) -> set[tuple[str, str]] | None:
    """The cells a grid response ticks, as (claim, article id); None when it cannot be read.

    Response: a mapping from claim to the article ids ticked for it (a lone id is one tick). Claims
    and articles the question does not have are left out: they are no cell of this grid.
    """
    if not isinstance(response, Mapping):
        return None
    ticks: set[tuple[str, str]] = set()
    for claim in question.claims:
        row = response.get(claim)
        if row is None:
            continue
        picks = picked_texts(row)
        if picks is None:
            return None
        ticks.update((claim, article) for article in question.articles if article in picks)
    return ticks


def grid_ticked(answer: object, claim: str) -> set[str]:
    """The article ids a stored grid answer ticks for ``claim``; empty for anything unreadable."""
    if not isinstance(answer, Mapping):
        return set()
    row = answer.get(claim)
    if isinstance(row, str):
        return {row}
    if isinstance(row, list | tuple):
        return {value for value in row if isinstance(value, str)}
    return set()


def _row_words(article_ids: Sequence[str], corpus: Corpus) -> str:
    """One grid row in words: the ticked reports, or that none is ticked."""
    names = [article_label(corpus, article_id) for article_id in article_ids]
    return "; ".join(names) if names else "no report ticked"


@dataclass(frozen=True)
class GridTable:
    """A grid as printed: lettered report columns, numbered claim rows, and which boxes the key ticks."""

    columns: tuple[PrintedOption, ...]  # ``mark`` the column letter, ``text`` the report's outlet and headline
    rows: tuple[tuple[PrintedOption, tuple[bool, ...]], ...]  # (``mark`` the claim number, ``text`` the claim), ticks


def grid_key(slot: Slot) -> tuple[tuple[int, str], ...]:
    """(claim number, letters of the reports ticked) for each claim of a grid, as this version shows them.

    Letters run in letter order (``AC``, not ``CA``); a claim no report carries has no letters.
    """
    question = slot.question
    if not isinstance(question, GridQuestion):
        raise TypeError(f"question {question.id} is not a grid question")
    return tuple((n, "".join(slot.letters_for(question.carriers(claim)))) for n, claim in enumerate(slot.lefts, 1))


class GridKind(Kind[GridQuestion]):
    """``type: grid``: ``claims``, ``articles`` (the columns) and ``answers``, each claim's carrying articles.

    Every ticked cell must be backed by a source naming that claim and article, whose quote the
    article really holds; so the key can always show the student where each tick comes from.
    Stored answer: ``{claim: [article ids ticked]}``, claims with no tick left out.
    """

    name = "grid"
    data = GridQuestion
    keys = frozenset({"claims", "articles", "answers"})
    summary = (
        "The student ticks, for each of the `claims` (rows), the `articles` (two or more, columns) that carry "
        "it; `answers` maps each claim to its articles, and every ticked box needs a source naming its "
        "`claim` and quoting that article."
    )
    scoring = "The share of the boxes right, ticked and empty alike; nothing ticked at all is no answer."
    example = """\
- id: who-carries-which-quote
  type: grid
  prompt: Which reports carry each of these quotations?
  claims:
    - 'Harris: "Do not come. Do not come."'
    - 'Ocasio-Cortez: "This is disappointing to see"'
  articles: [001_7fad2d6b9e816ba7, 002_f52d19d8c2480346, 003_ddc3df48b0ac0e99]
  answers:  # a claim left out (or given []) is carried by none of the articles
    'Harris: "Do not come. Do not come."': [001_7fad2d6b9e816ba7, 002_f52d19d8c2480346]
    'Ocasio-Cortez: "This is disappointing to see"': [001_7fad2d6b9e816ba7]
  sources:  # one for each ticked box
    - article: 001_7fad2d6b9e816ba7
      claim: 'Harris: "Do not come. Do not come."'
      quote: 'Mexico border: Do not come. Do not come," Harris said.'
    - article: 002_f52d19d8c2480346
      claim: 'Harris: "Do not come. Do not come."'
      quote: 'Mexico border: Do not come, do not come.'
    - article: 001_7fad2d6b9e816ba7
      claim: 'Ocasio-Cortez: "This is disappointing to see"'
      quote: '"This is disappointing to see," Ocasio-Cortex said in a tweet.'
  skills: [comparison]
"""
    source_keys = GRID_SOURCE_KEYS

    def build(self, node: LocatedMap, common: Common, check: Checker) -> GridQuestion:
        claims = check.text_list(node, "claims", minimum=1)
        articles = self._articles(node, check)
        if claims is None or articles is None:
            raise Invalid
        answers = self._answers(node, check, claims, articles)
        self._backing(node, check, claims, articles, answers)
        return GridQuestion(
            **common.fields(), claims=tuple(claims), articles=tuple(articles), answers=frozenset(answers)
        )

    @staticmethod
    def _articles(node: LocatedMap, check: Checker) -> list[str] | None:
        articles = check.text_list(node, "articles", minimum=2)
        if articles is None:
            return None
        raw = node["articles"]
        for article_id, line in zip(articles, raw.item_lines, strict=True):
            if article_id not in check.corpus:
                check.report(line, f"unknown article '{article_id}' in 'articles' (known: {', '.join(check.corpus)})")
                return None
        return articles

    @staticmethod
    def _answers(node: LocatedMap, check: Checker, claims: list[str], articles: list[str]) -> list[tuple[str, str]]:
        if "answers" not in node:
            check.report(node.line, "missing required key 'answers' (each claim and the articles that carry it)")
            raise Invalid
        raw = node["answers"]
        if not isinstance(raw, LocatedMap):
            check.report(node.line_of("answers"), "'answers' must map each claim to a list of article ids")
            raise Invalid
        cells: list[tuple[str, str]] = []
        ok = True
        for claim, carriers in raw.items():
            line = raw.line_of(claim)
            claim = str(claim).strip()
            if claim not in claims:
                check.report(
                    line, f"answers name claim {claim!r}, which is not in 'claims'{suggest(claim, set(claims))}"
                )
                ok = False
                continue
            if carriers is None:
                continue  # "claim:" with nothing after it: no article carries it
            if not isinstance(carriers, LocatedList) or any(
                isinstance(x, bool | LocatedMap | LocatedList) or x is None for x in carriers
            ):
                check.report(line, f"answers for claim {claim!r} must be a list of article ids, like [id1, id2]")
                ok = False
                continue
            for article_id, item_line in zip(carriers, carriers.item_lines, strict=True):
                article_id = str(article_id).strip()
                if article_id not in articles:
                    check.report(
                        item_line,
                        f"answers tick article {article_id!r} for claim {claim!r}, but it is not in 'articles'"
                        f"{suggest(article_id, set(articles))}",
                    )
                    ok = False
                elif (claim, article_id) in cells:
                    check.report(item_line, f"answers tick article {article_id!r} twice for claim {claim!r}")
                    ok = False
                else:
                    cells.append((claim, article_id))
        if not ok:
            raise Invalid
        if not cells:
            check.report(node.line_of("answers"), "the grid is empty: 'answers' ticks no cell")
            raise Invalid
        return cells

    @staticmethod
    def _backing(
        node: LocatedMap,
        check: Checker,
        claims: list[str],
        articles: list[str],
        cells: list[tuple[str, str]],
    ) -> None:
        """Every ticked cell has a source for its claim in its article; every claimed source backs a ticked cell."""
        raw = node.get("sources")
        if not isinstance(raw, LocatedList):
            raise Invalid  # the common checks have reported it
        backed: set[tuple[str, str]] = set()
        ok = True
        for item in raw:
            if not isinstance(item, LocatedMap) or "claim" not in item:
                continue  # a source without a claim is context, shown with the results
            claim, article_id = item.get("claim"), item.get("article")
            if not isinstance(claim, str) or not isinstance(article_id, str):
                continue  # reported by the common checks
            claim, article_id = claim.strip(), article_id.strip()
            if article_id not in check.corpus:
                continue  # reported by the common checks
            claim_line = item.line_of("claim")
            if claim not in claims:
                check.report(
                    claim_line, f"source names claim {claim!r}, which is not in 'claims'{suggest(claim, set(claims))}"
                )
                ok = False
            elif article_id not in articles:
                check.report(
                    item.line_of("article"),
                    f"source for claim {claim!r} quotes {article_id}, which is not in 'articles'",
                )
                ok = False
            elif (claim, article_id) not in cells:
                check.report(
                    claim_line,
                    f"source shows {article_id} carrying claim {claim!r}, but 'answers' does not tick that cell",
                )
                ok = False
            else:
                backed.add((claim, article_id))
        answers = node["answers"]
        for claim, article_id in cells:
            if (claim, article_id) not in backed:
                check.report(
                    answers.line_of(claim),
                    f"claim {claim!r} is ticked for {article_id} but no source backs it: add a source with "
                    f"article: {article_id}, claim: {claim!r} and the quote",
                )
                ok = False
        if not ok:
            raise Invalid

    def yaml_fields(self, question: GridQuestion) -> dict[str, Any]:
        # The file maps each claim to the articles that carry it; claims with none are left out.
        return {
            "claims": list(question.claims),
            "articles": list(question.articles),
            "answers": {c: list(question.carriers(c)) for c in question.claims if question.carriers(c)},
        }

    def from_stored(self, data: Mapping[str, Any]) -> GridQuestion:
        cells = {"answers": lambda value: frozenset((claim, article) for claim, article in value)}
        return GridQuestion(**stored_fields(data, GridQuestion, cells))

    def credit(self, question: GridQuestion, response: object) -> Credit:
        """Response: ``{claim: [article ids]}``. Credit is the share of cells right, ticked and unticked alike.

        A grid with nothing ticked is no answer (it earns nothing), so that leaving the question blank
        does not collect the cells that should stay empty.
        """
        if response is None:
            return NO_CREDIT
        ticks = grid_ticks(question, response)
        if ticks is None:
            return Credit(0.0, "The ticks could not be read.")
        cells = question.cells
        if not ticks or not cells:
            return NO_CREDIT
        right = sum(1 for cell in cells if (cell in ticks) == (cell in question.answers))
        return Credit(right / len(cells))

    def explain_credit(self, question: GridQuestion, response: object) -> str | None:
        """``6 of 8 boxes right`` (ticked and left empty alike), as :meth:`credit` counts them."""
        ticks = None if response is None else grid_ticks(question, response)
        if not ticks or not question.cells:
            return None
        right = sum(1 for cell in question.cells if (cell in ticks) == (cell in question.answers))
        return f"{right} of {len(question.cells)} boxes right"

    def distribution(
        self, question: GridQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """ "claim — report" for every box, zero counts included, each counted once per attempt that ticked it."""
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
                f"{claim}{GRID_DASH}{labels.get(article, article)}",
                tally[claim, article],
                (claim, article) in question.answers,
            )
            for claim, article in question.cells
        ]
        return rows + extra_rows(special)

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_grid.html"
    form_hint = "For each claim, tick every report that carries it. Leave the box empty if the report does not."
    shuffled = False  # rows and columns keep the bank's order

    def offered(self, question: GridQuestion, corpus: Corpus) -> list[Choice]:
        return article_choices(question.articles, corpus)  # the columns every claim's row offers

    def parse_answer(self, question: GridQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        offered = [choice.value for choice in self.offered(question, corpus)]
        ticks = {}
        for index, claim in enumerate(question.claims):
            picked = {value for value in form.getlist(row_field_name(response_id, index)) if isinstance(value, str)}
            row = [value for value in offered if value in picked]  # column order, each once
            if row:
                ticks[claim] = row
        return ticks or None

    def form_inputs(
        self, question: GridQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        columns = []
        for article_id in question.articles:
            article = corpus.get(article_id)
            if article is None:
                columns.append(GridColumn(article_id, "", article_id))
            else:
                columns.append(GridColumn(article.outlet, article.headline, article.label))
        rows = []
        for index, claim in enumerate(question.claims):
            row_field = row_field_name(response_id, index)
            ticked = grid_ticked(answer, claim)
            cells = tuple(
                Option(f"{row_field}-{position}", article_id, column.label, article_id in ticked)
                for position, (article_id, column) in enumerate(zip(question.articles, columns, strict=True))
            )
            rows.append(GridRow(row_field, row_field, claim, cells))
        return FormInputs(grid_columns=tuple(columns), grid_rows=tuple(rows))

    def describe_answer(self, question: GridQuestion, answer: object, corpus: Corpus) -> list[str]:
        return [
            f"{claim}{GRID_DASH}{_row_words([a for a in question.articles if a in grid_ticked(answer, claim)], corpus)}"
            for claim in question.claims
        ]

    def describe_key(self, question: GridQuestion, corpus: Corpus) -> list[str]:
        return [f"{claim}{GRID_DASH}{_row_words(question.carriers(claim), corpus)}" for claim in question.claims]

    def shown_texts(self, question: GridQuestion, corpus: Corpus) -> tuple[str, ...]:
        return question.claims  # the columns are the reports' names, which every page about them shows

    def key_note(self, question: GridQuestion) -> str | None:
        return (
            "Every box counts: ticked where the report carries the claim, empty where it does not. "
            "The points are the share of boxes right."
        )

    def cited(self, question: GridQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: GridQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        columns = tuple(article_label(corpus, article_id) for article_id in question.articles)
        rows = []
        for claim in question.claims:
            ticked = grid_ticked(answer, claim)
            cells = tuple(
                GridCell(f"{claim}{GRID_DASH}{label}", article_id in ticked, (claim, article_id) in question.answers)
                for article_id, label in zip(question.articles, columns, strict=True)
            )
            rows.append((claim, cells))
        return GridResult(columns, tuple(rows))

    def tally_words(self, question: GridQuestion, value: str, corpus: Corpus) -> str:
        return value  # already "claim — report"

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    # The two right-hand answers of every box, in the order an LMS offers them.
    lms_carries: ClassVar[str] = "Carries it"
    lms_does_not_carry: ClassVar[str] = "Does not carry it"

    def lms_item(self, question: GridQuestion, corpus: Corpus) -> Matching:
        """The nearest LMS equivalent of a grid: matching, one item per box (``claim — outlet: headline``).

        Each box is matched to "Carries it" or "Does not carry it". An LMS credits each item matched
        right equally, so a student who answers every item earns exactly quizapp's share of boxes
        right. Both answers are always offered, the unused one as a distractor.
        """
        answer = {True: self.lms_carries, False: self.lms_does_not_carry}
        pairs = tuple(
            (f"{claim}{GRID_DASH}{corpus[article].label}", answer[(claim, article) in question.answers])
            for claim, article in question.cells
        )
        used = {right for _, right in pairs}
        return Matching(pairs, tuple(right for right in answer.values() if right not in used))

    def lms_notes(self, questions: Sequence[GridQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return (
            LmsNote(
                Loss.TYPE,
                f"grid questions have no LMS type; {listed_ids(questions)} became matching questions with one "
                f"item per box (claim \u2014 report) to match with '{self.lms_carries}' or "
                f"'{self.lms_does_not_carry}'. Scored box by box as in quizapp, except that a box left "
                "unmatched counts as wrong, where quizapp counts an empty box as 'does not carry'.",
            ),
        )

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_grid.html"
    print_key_partial = "_grid_key.html"

    def paper_values(self, question: GridQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The reports (columns) are lettered, the claims (rows) numbered."""
        return question.articles, question.claims

    def circled_key(self, question: GridQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: GridQuestion) -> tuple[str, ...]:
        """Every report of the grid's columns."""
        return question.articles

    def cited_quotes(self, question: GridQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: GridQuestion) -> str:
        return "For each claim, tick the box of every report that carries it. Leave the other boxes empty."

    def print_body(self, question: GridQuestion, slot: Slot, corpus: Corpus) -> GridTable:
        """The table of boxes in the version's order of claims and reports (the key's partial ticks them)."""
        columns = tuple(PrintedOption(letter(i), corpus[article].label) for i, article in enumerate(slot.choices))
        rows = tuple(
            (PrintedOption(str(n), claim), tuple((claim, article) in question.answers for article in slot.choices))
            for n, claim in enumerate(slot.lefts, 1)
        )
        return GridTable(columns, rows)

    def print_brief(self, question: GridQuestion, slot: Slot, corpus: Corpus) -> str:
        """Written as its paper answer is typed: each claim's number and the letters of the reports that carry
        it (``1 AC, 2 B``); claims no report carries are left out."""
        return ", ".join(f"{n} {marks}" for n, marks in grid_key(slot) if marks)

    def print_answers(self, question: GridQuestion, corpus: Corpus) -> tuple[str, ...]:
        """``claim — report; report`` for every claim, in authored order."""
        return tuple(
            f"{claim}{GRID_DASH}" + ("; ".join(corpus[a].label for a in question.carriers(claim)) or "no report")
            for claim in question.claims
        )

    def read_paper(
        self, question: GridQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]
    ) -> dict[str, list[str]] | None:
        """``1AC 2B``: each claim's number as printed, then the letters of the reports ticked for it.

        Each claim once; its letters are every box ticked in its row (so more than 26 reports cannot be
        written this way, and the validator's grids are far smaller). Rows come back in the bank's claim
        order and article ids in column order, as an online answer stores them.
        """
        shape = (
            f"{written.where}: write each claim's number and the letters of the reports ticked, "
            f'as 1AC 2B, not "{written.text}"'
        )
        rows: dict[str, set[str]] = {}
        for number, marks in written.numbered_marks(shape):
            claim = written.left(number, "claim")
            if claim in rows:
                raise RowError(f"{written.where}: claim {number} is written twice")
            rows[claim] = {written.choice(mark) for mark in marks}
        ticks = {
            claim: [a for a in question.articles if a in rows[claim]] for claim in question.claims if rows.get(claim)
        }
        return ticks or None

    # (end of print and paper)
