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

The match, source, grid and drift questions are drafted in :mod:`quizapp.banks.drafting_quotations`, the
numeric ones in :mod:`quizapp.banks.drafting_numbers`; how they all name articles and speakers, and make
ids, is :mod:`quizapp.banks.drafting_names`.

The draft is written as a bank file and read back through the loader, so every question it holds
validates against the articles; a question that would not is left out with a note saying why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from quizapp.banks.drafting_headline import headline_questions
from quizapp.banks.drafting_judge import judge_questions
from quizapp.banks.drafting_names import ArticleNames, QuestionIds, slug
from quizapp.banks.drafting_numbers import numeric_questions
from quizapp.banks.drafting_quotations import drift_questions, grid_question, match_question, source_questions
from quizapp.banks.drafting_sourcing import sourcing_questions
from quizapp.banks.loader import parse_bank
from quizapp.banks.model import Bank, Question
from quizapp.banks.schema import ID_PATTERN
from quizapp.banks.serialise import question_to_yaml_data
from quizapp.corpus.align import Alignments, align_articles
from quizapp.corpus.articles import Corpus
from quizapp.corpus.attribution import find_quotations

__all__ = [
    "DEFAULT_BANK_ID",
    "DEFAULT_TITLE",
    "EXPLANATION_WORDS",
    "HEADER",
    "Draft",
    "DraftError",
    "bank_yaml",
    "draft_bank",
    "draft_questions",
    "slug",  # the command line makes a bank id of a title with it
]

DEFAULT_BANK_ID = "drafted-questions"
DEFAULT_TITLE = "Drafted questions (review before use)"
HEADER = "# Drafted by quizapp: review every question before use."
EXPLANATION_WORDS = 80  # drafted explanations stay under this many words


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
    names = ArticleNames(articles)
    ids = QuestionIds()
    questions: list[Question] = []
    match = match_question(corpus, quotations, alignments, names, ids)
    if match is not None:
        questions.append(match)
    grid = grid_question(corpus, quotations, alignments.rows, names, ids)
    # A source question on a passage the grid already has would ask the same thing twice: the grid
    # takes its passages first, the source questions ask about the rest.
    in_grid = {(s.article, s.span) for s in grid.sources} if grid is not None else set()
    others = [row for row in alignments.rows if not any((p.article_id, p.span) in in_grid for p in row.passages)]
    questions += source_questions(corpus, quotations, others, names, ids)
    if grid is not None:
        questions.append(grid)
    questions += numeric_questions(articles, quotations, names, ids)
    questions += drift_questions(corpus, quotations, alignments.rows, names, ids)
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
