"""The source excerpts of a question's result, rendered once per question and corpus, not once per page.

Every student's results page shows, for each question, the same passages of the same articles, and
rendering them (the excerpt template for each passage, with its links) was a quarter of the page's
server time, paid again by each of a class's 30 or 300 students after a synchronized submit. The
HTML depends only on the passages cited, the heading level, the corpus and the app's URL prefix, so
it is kept per process for the corpus now loaded; a corpus reloaded (articles changed) starts afresh.
Nothing here is state a request depends on: a worker that has not rendered a question yet renders it.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

from quizapp.corpus_cache import corpus_of
from quizapp.student.results import ResultView

KEPT = 4096  # rendered question sources per process; a school's banks cite far fewer


class RenderedSources:
    """Rendered ``_sources.html`` by (cited passages, heading level, URL prefix), for one corpus at a time."""

    def __init__(self) -> None:
        self._corpus: object = None
        self._html: dict[tuple, Markup] = {}
        self._lock = threading.Lock()

    def html(self, result: ResultView, level: int) -> Markup:
        """The heading and excerpts of ``result``'s sources, as ``_sources.html`` renders them."""
        corpus = corpus_of(current_app)
        key = (result.sources_key, level, request.script_root)
        with self._lock:
            if corpus is not self._corpus:
                self._corpus, self._html = corpus, {}
            found = self._html.get(key)
        if found is None:
            # An autoescaping template's output: as safe as the page it goes into.
            found = Markup(render_template("_sources.html", excerpts=result.excerpts, level=level))  # noqa: S704
            with self._lock:
                if self._corpus is corpus:
                    if len(self._html) >= KEPT:
                        self._html.clear()
                    self._html[key] = found
        return found


def init_app(app: Flask) -> None:
    """Give ``app``'s templates ``sources_html(result, level)``, with a cache of its own."""
    app.jinja_env.globals["sources_html"] = RenderedSources().html
