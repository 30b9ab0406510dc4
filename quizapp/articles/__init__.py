"""Reading the articles: the whole text, paragraphs numbered, a linked passage highlighted."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from quizapp.corpus import Span
from quizapp.web import corpus_of

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/")
def index():
    """Every article, by outlet and headline."""
    return render_template("articles/index.html", articles=list(corpus_of(current_app).values()))


@bp.get("/<article_id>")
def show(article_id: str):
    """One article; ``?start=&end=`` (character offsets) highlights a passage."""
    article = corpus_of(current_app).get(article_id)
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
    return render_template("articles/show.html", article=article, paragraphs=paragraphs, highlight=highlight)


def _span_from_args(length: int) -> Span | None:
    """A passage to highlight from the URL, ignored unless it is a sane range inside the text."""
    start = request.args.get("start", type=int)
    end = request.args.get("end", type=int)
    if start is None or end is None or not 0 <= start < end <= length:
        return None
    return Span(start, end)
