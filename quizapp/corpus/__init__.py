"""The articles questions cite: loading, normalising, finding quotes and cutting excerpts."""

from quizapp.corpus.articles import (
    Article,
    Corpus,
    CorpusError,
    Paragraph,
    Passage,
    closest_passage,
    find_quote,
    load_corpus,
)
from quizapp.corpus.excerpts import Excerpt, ExcerptParagraph, excerpt
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span

__all__ = [
    "Article",
    "Corpus",
    "CorpusError",
    "Excerpt",
    "ExcerptParagraph",
    "Paragraph",
    "Passage",
    "Span",
    "closest_passage",
    "excerpt",
    "find_quote",
    "load_corpus",
    "normalise",
]
