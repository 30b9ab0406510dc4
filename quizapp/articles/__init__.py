"""Reading the articles: the whole text, paragraphs numbered, a linked passage highlighted, and
``/compare``: several reports of one event side by side, passage by passage."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, session
from sqlalchemy import select

from quizapp.corpus import Article, Corpus, Span
from quizapp.corpus.comparison import SHOW_CHOICES, compared_rows
from quizapp.corpus.events import default_event, event_named, event_of, events_of
from quizapp.corpus.figures import compare_figures
from quizapp.corpus_cache import alignments_of, corpus_of
from quizapp.db import db
from quizapp.models import Assignment, utcnow
from quizapp.student.formatting import format_moment
from quizapp.student.identity import current_students
from quizapp.teacher.accounts import load_teacher

bp = Blueprint("articles", __name__)

MAX_COMPARED = 12
"""More columns than this make the table unreadable, and each set of articles costs an alignment."""


@bp.get("/articles/")
def index():
    """Every article, by outlet and headline, grouped by the event it reports on."""
    return render_template("articles/index.html", events=events_of(corpus_of(current_app)))


@bp.get("/articles/<article_id>")
def show(article_id: str):
    """One article; ``?start=&end=`` (character offsets) highlights a passage."""
    corpus = corpus_of(current_app)
    article = corpus.get(article_id)
    if article is None:
        abort(404, description="There is no article with that id.")
    highlight = _span_from_args(len(article.text))
    paragraphs = []
    for paragraph in article.paragraphs:
        p = paragraph.span
        if highlight and p.overlaps(highlight):
            s, e = max(p.start, highlight.start), min(p.end, highlight.end)
            parts = (article.text[p.start : s], article.text[s:e], article.text[e : p.end])
        else:
            parts = (article.slice(p), "", "")
        paragraphs.append((paragraph, parts))
    coverage = ()
    event = event_of(corpus, article.id)  # other reports are those of the same event
    if event is not None and len(event.articles) > 1 and _hiding_comparison() is None:
        try:
            coverage = alignments_of(current_app, event.ids).sentences(article.id)
        except KeyError:  # the folder changed under this request and the article went: no list
            pass
    return render_template(
        "articles/show.html",
        article=article,
        paragraphs=paragraphs,
        highlight=highlight,
        shared=[c for c in coverage if not c.alone],
        alone=[c for c in coverage if c.alone],
        corpus=corpus,
        event=event,
    )


@bp.get("/compare")
def compare():
    """Reports side by side: ``?articles=ID`` (repeated) or ``?event=NAME`` (default: the first event with two
    reports or more), and ``?show=all|quotes|numbers``."""
    hiding = _hiding_comparison()
    if hiding is not None:
        until = f" on {format_moment(hiding.closes_at)}" if hiding.closes_at else ""
        return render_template("articles/compare_hidden.html", assignment=hiding, until=until), 403
    corpus = corpus_of(current_app)
    show = request.args.get("show", "all")
    if show not in SHOW_CHOICES:
        return _cannot_compare(corpus, [], f"“Show” must be one of: {', '.join(SHOW_CHOICES)}.")
    chosen = [i for i in request.args.getlist("articles") if i.strip()]  # "?articles=" asks for nothing
    note = None
    event = None
    if not chosen:
        asked = request.args.get("event", "").strip()
        event = event_named(corpus, asked) if asked else default_event(corpus)
        if asked and event is None:
            message = f"No report names the event “{asked[:80]}”. Choose an event or reports below."
            return _cannot_compare(corpus, [], message, status=404)
        if event is None:
            if len(corpus) >= 2:  # articles, but no event with two of them: not the reader's mistake
                return _cannot_compare(corpus, [], "No event has two reports yet: choose reports below.", status=200)
            return _cannot_compare(corpus, chosen, "There are fewer than two articles to compare.", status=200)
        articles = list(event.articles)
        if len(articles) < 2 and event.name:
            message = f"The event “{event.name[:80]}” has one report so far: there is nothing to compare it with yet."
            return _cannot_compare(corpus, [], message, status=200)
        if len(articles) > MAX_COMPARED:
            note = f"Showing the first {MAX_COMPARED} of {len(articles)} reports; choose others below."
            articles = articles[:MAX_COMPARED]
    else:
        unique = list(dict.fromkeys(chosen))  # a repeated id counts once
        if len(unique) > MAX_COMPARED:
            return _cannot_compare(corpus, chosen, f"Choose at most {MAX_COMPARED} reports to compare.")
        unknown = [i for i in unique if i not in corpus]
        if unknown:
            shown = ", ".join(f"“{i[:40]}”" for i in unknown[:3])
            more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
            message = f"There is no article with the id {shown}{more}. Choose from the list below."
            return _cannot_compare(corpus, chosen, message, status=404)
        # Columns keep the corpus order whatever order the URL lists them in.
        articles = [a for a in corpus.values() if a.id in unique]
    if len(articles) < 2:
        if not chosen:  # nothing asked for: not the reader's mistake
            return _cannot_compare(corpus, chosen, "There are fewer than two articles to compare.", status=200)
        return _cannot_compare(corpus, chosen, "Choose at least two reports to compare.")
    ids = tuple(a.id for a in articles)
    rows = compared_rows(alignments_of(current_app, ids), articles, show)
    figures = compare_figures(articles) if show in ("all", "numbers") else ()
    return render_template(
        "articles/compare.html",
        corpus=corpus,
        events=events_of(corpus),
        event=event,
        articles=articles,
        chosen=set(ids),
        show=show,
        rows=rows,
        figures=figures,
        note=note,
        max_compared=MAX_COMPARED,
    )


def _cannot_compare(corpus: Corpus, chosen: list[str], message: str, status: int = 400):
    """The form again, with what was wrong and the valid choices kept, so the reader can fix it."""
    articles: list[Article] = []
    return (
        render_template(
            "articles/compare.html",
            corpus=corpus,
            events=events_of(corpus),
            event=None,
            articles=articles,
            chosen={i for i in chosen if i in corpus},
            show="all",
            rows=(),
            figures=(),
            note=None,
            error=message,
            max_compared=MAX_COMPARED,
        ),
        status,
    )


def _hiding_comparison() -> Assignment | None:
    """The open assignment that hides the report comparison from this device's student, if any.

    While a class answers questions that compare reports, the comparison would answer them. Teachers
    always see it; so does a visitor who has joined no class (the articles are public reading).
    """
    if "teacher_id" in session and load_teacher() is not None:
        return None
    classroom_ids = [student.classroom_id for student in current_students()]
    if not classroom_ids:
        return None
    candidates = db.session.scalars(
        select(Assignment)
        .where(Assignment.classroom_id.in_(classroom_ids), Assignment.hide_comparison.is_(True))
        .order_by(Assignment.closes_at, Assignment.id)
    )
    now = utcnow()
    return next((assignment for assignment in candidates if assignment.comparison_hidden(now)), None)


def _span_from_args(length: int) -> Span | None:
    """A passage to highlight from the URL, ignored unless it is a sane range inside the text."""
    start = request.args.get("start", type=int)
    end = request.args.get("end", type=int)
    if start is None or end is None or not 0 <= start < end <= length:
        return None
    return Span(start, end)
