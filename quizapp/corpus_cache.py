"""The articles a running app serves: read from the seeds folder, and read again when it changes.

Per-app state kept on the Flask app (``app.extensions``), one copy per worker process: each worker
parses the folder itself, and the folder on disk stays the truth that every worker follows.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Flask, g, has_request_context

from quizapp.corpus import Corpus, CorpusError, load_corpus
from quizapp.corpus.align import Alignments, align_articles

_EXTENSION = "quizapp.corpus"
_REQUEST_CORPUS = "quizapp_corpus"  # on flask.g: the articles of this request


def init_app(app: Flask) -> None:
    """Load the articles of ``QUIZAPP_SEEDS`` for ``app``."""
    app.extensions[_EXTENSION] = CorpusCache(Path(app.config["QUIZAPP_SEEDS"]))
    app.teardown_request(_forget_request_corpus)


def _forget_request_corpus(_error: BaseException | None) -> None:
    # flask.g lives as long as the app context, which a script or a test may keep open over several
    # requests: each request looks at the folder afresh.
    g.pop(_REQUEST_CORPUS, None)


class CorpusCache:
    """The articles, read again when a file in the seeds folder changes.

    Every worker keeps its own parsed copy, but the folder on disk is the truth: an article added
    with ``quizapp articles import`` or the dashboard reaches every running worker without a restart.
    """

    # Alignments of this many different sets of articles are kept; each costs a fraction of a second.
    ALIGNMENTS_KEPT = 16

    def __init__(self, folder: Path):
        self.folder = folder
        self.signature = self._signature()
        self.corpus = load_corpus(folder)
        self._aligned_corpus: Corpus | None = None
        self._alignments: dict[tuple[str, ...], Alignments] = {}
        self._aligning = threading.Lock()  # threads of one worker share the cache

    def _signature(self) -> tuple:
        with os.scandir(self.folder) as entries:
            return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries))

    def get(self) -> Corpus:
        """The articles as the folder holds them now (the last complete load while a write is under way)."""
        signature = self._signature()
        if signature != self.signature:
            try:
                self.corpus = load_corpus(self.folder)
            except CorpusError:
                # A half-written import: keep serving the articles that loaded, and look again next time.
                return self.corpus
            self.signature = signature
        return self.corpus

    def alignments(self, article_ids: tuple[str, ...] | None, corpus: Corpus) -> Alignments:
        """The alignment of these articles (all when None) of ``corpus`` (this cache's, from :meth:`get`),
        computed once per loaded corpus."""
        # Ids checked against an older load may have gone since: align those still there.
        key = tuple(corpus) if article_ids is None else tuple(i for i in article_ids if i in corpus)
        with self._aligning:
            if self._aligned_corpus is not corpus:
                # A reloaded corpus may have changed any text: start afresh rather than serve stale rows.
                self._aligned_corpus, self._alignments = corpus, {}
            found = self._alignments.get(key)
            if found is None:
                if len(self._alignments) >= self.ALIGNMENTS_KEPT:
                    self._alignments.pop(next(iter(self._alignments)))
                found = self._alignments[key] = align_articles([corpus[i] for i in key])
            return found


def corpus_of(app: Flask) -> Corpus:
    """The articles the app serves (read again after the seeds folder changes), one set per request.

    In a request the folder is looked at once, on first use: a results page asked once per question
    (a folder scan each), and every part of one page should show the same articles anyway.
    """
    if not has_request_context():
        return app.extensions[_EXTENSION].get()
    corpus = g.get(_REQUEST_CORPUS)
    if corpus is None:
        corpus = app.extensions[_EXTENSION].get()
        setattr(g, _REQUEST_CORPUS, corpus)
    return corpus


def alignments_of(app: Flask, article_ids: tuple[str, ...] | None = None) -> Alignments:
    """What the served articles (or those of ``article_ids``, ids the corpus holds) have in common."""
    return app.extensions[_EXTENSION].alignments(article_ids, corpus_of(app))
