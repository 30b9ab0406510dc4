"""Events: the reports of one story, compared with each other and not with every other article.

An article's ``event`` (in ``articles.yaml``, set when it is imported) names what it reports on, in
the teacher's words ("Harris's trip to Guatemala and Mexico, June 2021"). Reports of the same event
are listed together and compared by default; an imported article about something else stays out
of their comparison. A folder where no article names an event is one event, as before events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizapp.corpus.articles import Article, Corpus


@dataclass(frozen=True)
class Event:
    """The reports of one event, in the corpus's order; ``name`` None holds the reports of no named event."""

    name: str | None
    articles: tuple[Article, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The article ids, in order."""
        return tuple(article.id for article in self.articles)

    @property
    def comparable(self) -> bool:
        """True when the event has two reports or more to set side by side."""
        return self.name is not None and len(self.articles) >= 2


def events_of(corpus: Corpus) -> list[Event]:
    """The corpus's events, in the order their first reports come; the reports of no event last.

    When no article names an event, every article is one unnamed-but-comparable event: a folder
    from before events compares as it always did.
    """
    return _grouped(corpus.values())


def _grouped(articles: Iterable[Article]) -> list[Event]:
    listed = list(articles)
    if listed and all(article.event is None for article in listed):
        return [Event("", tuple(listed))]  # one event, named by nobody
    groups: dict[str | None, list[Article]] = {}
    for article in listed:
        groups.setdefault(article.event, []).append(article)
    events = [Event(name, tuple(group)) for name, group in groups.items() if name is not None]
    if None in groups:
        events.append(Event(None, tuple(groups[None])))
    return events


def event_named(corpus: Corpus, name: str) -> Event | None:
    """The event of that name, if any article names it."""
    return next((event for event in events_of(corpus) if event.name is not None and event.name == name), None)


def event_of(corpus: Corpus, article_id: str) -> Event | None:
    """The event the article reports on; None when it names none (while others do)."""
    return next((event for event in events_of(corpus) if article_id in event.ids and event.name is not None), None)


def default_event(corpus: Corpus) -> Event | None:
    """The event ``/compare`` shows when no report is chosen: the first with two reports or more."""
    return next((event for event in events_of(corpus) if event.comparable), None)


def event_names(corpus: Corpus) -> list[str]:
    """The names of the events the articles give, in order (for choosing one when importing)."""
    return [event.name for event in events_of(corpus) if event.name]
