"""Drafting ``numeric`` questions: the figures a report gives (:mod:`quizapp.corpus.figures`), the ones
other reports give differently first, each asked as a cloze of the clause that prints it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from quizapp.banks.drafting_names import ArticleNames, QuestionIds, Quotations, capitalised, listing, verbatim_source
from quizapp.banks.drafting_sourcing import clause_bounds
from quizapp.corpus.articles import Article, find_quote
from quizapp.corpus.figures import Figure, FigureGroup, article_figures, compare_figures
from quizapp.corpus.span import Span
from quizapp.questions import NumericQuestion, Tolerance

MAX_NUMERIC = 3
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "police"})


def numeric_questions(
    articles: Sequence[Article], quotations: Quotations, names: ArticleNames, ids: QuestionIds
) -> list[NumericQuestion]:
    """Cloze questions on up to MAX_NUMERIC figures outside quotations: those other reports give too first, then
    exact ones, then the largest; one per sentence and value."""
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
    names: ArticleNames,
    ids: QuestionIds,
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
    prompt = f"{capitalised(names.at(article.id, figure.span))} writes: “{cloze}” What number is missing?"
    if not exact:
        prompt += " (The report gives a round figure: give it as printed.)"
    explanation = f"{figure.number}: {names.at(article.id, figure.span)} gives {_as_printed(article, figure)}"
    explanation += f" for {figure.period}." if figure.period else "."
    sources = [verbatim_source(article, sentence_span)]
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
            explanation += f" For comparison, {listing(compared)}: check that the figures count the same thing."
            # The reports compared with are cited too, so the quoted figures are checked like any source.
            sources += [
                verbatim_source(by_id[other_id], other.sentence) for other_id, other in others if other.sentence
            ]
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


def _as_printed(article: Article, figure: Figure) -> str:
    """The figure in quotation marks as the report prints it: with what it counts where those words follow
    the number in the text ("178,622 encounters"), else the number alone with the label after the marks."""
    number = article.slice(figure.span)
    with_label = f"{number} {figure.label}" if figure.label else number
    if find_quote(article, with_label) is not None:
        return f"“{with_label}”"
    return f"“{number}” {figure.label}".rstrip()
