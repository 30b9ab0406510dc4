"""Events: the reports of one story grouped, and compared with each other rather than with everything."""

from __future__ import annotations

import shutil

import pytest

from quizapp.corpus import load_corpus
from quizapp.corpus.articles import METADATA_FILE, CorpusError
from quizapp.corpus.events import default_event, event_named, event_names, event_of, events_of
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, SEEDS

TRIP = "Harris's trip to Guatemala and Mexico, June 2021"


def test_the_shipped_reports_are_one_event() -> None:
    corpus = load_corpus(SEEDS)
    [event] = events_of(corpus)
    assert event.name == TRIP and event.ids == (FIRST, NEWSWEEK, AP, FOURTH)
    assert default_event(corpus) == event and event_names(corpus) == [TRIP]
    assert event_of(corpus, AP) == event and event_named(corpus, TRIP) == event


def _folder(tmp_path, metadata: str):
    for article_id in (FIRST, NEWSWEEK, AP):
        shutil.copy(SEEDS / f"{article_id}.txt", tmp_path)
    (tmp_path / "bridge.txt").write_text("The bridge opened on Monday.\n\nTraffic was light.", encoding="utf-8")
    (tmp_path / METADATA_FILE).write_text(metadata, encoding="utf-8")
    return load_corpus(tmp_path)


def test_an_unrelated_article_is_its_own_event_and_joins_no_comparison(tmp_path) -> None:
    corpus = _folder(
        tmp_path,
        f'{AP}:\n  event: {TRIP}\n{FIRST}:\n  event: "  {TRIP} "\n{NEWSWEEK}:\n  event: {TRIP}\n'
        "bridge:\n  event: The new bridge\n  outlet: Town Weekly\n",
    )
    events = events_of(corpus)
    assert [(event.name, event.ids) for event in events] == [
        (TRIP, (FIRST, NEWSWEEK, AP)),  # spaces around a name do not make another event
        ("The new bridge", ("bridge",)),
    ]
    assert default_event(corpus) == events[0]  # the first event with two reports
    assert not events[1].comparable
    assert event_of(corpus, "bridge") == events[1]


def test_reports_of_no_event_are_listed_last_and_compared_with_none(tmp_path) -> None:
    corpus = _folder(tmp_path, f"{AP}:\n  event: {TRIP}\n{NEWSWEEK}:\n  event: {TRIP}\n")
    events = events_of(corpus)
    assert [(event.name, event.ids) for event in events] == [(TRIP, (NEWSWEEK, AP)), (None, (FIRST, "bridge"))]
    assert event_of(corpus, "bridge") is None and not events[1].comparable


def test_a_folder_without_events_is_one_event_as_before(tmp_path) -> None:
    corpus = _folder(tmp_path, "")
    [event] = events_of(corpus)
    assert event.name == "" and event.comparable and len(event.ids) == 4
    assert default_event(corpus) == event and event_names(corpus) == []


def test_event_is_a_known_key_of_articles_yaml(tmp_path) -> None:
    with pytest.raises(CorpusError, match="unknown keys evnt"):
        _folder(tmp_path, f"{AP}:\n  evnt: {TRIP}\n")
