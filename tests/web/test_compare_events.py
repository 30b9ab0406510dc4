"""Events on the site: an imported article about something else joins no comparison of the trip's reports.

The import form sets the event (offering the events so far); ``/compare`` compares one event's reports
by default, ``?event=`` chooses another, the article list groups the reports by event, and an article
page lists the sentences other reports of its own event carry.
"""

from __future__ import annotations

import re

from tests.conftest import AP
from tests.web.teacher_helpers import logged_in
from tests.web.test_teacher_articles import CONFIRM, JSON_LD, app, fields, seeds, text_of, upload  # noqa: F401

TRIP = "Harris's trip to Guatemala and Mexico, June 2021"


def _import_library_story(app, event: str):  # noqa: F811 - app is the fixture of test_teacher_articles
    client = logged_in(app)
    preview = upload(client, JSON_LD.read_bytes()).get_data(as_text=True)
    # The event field offers the events the articles name so far.
    assert '<label for="event">Event</label>' in preview
    assert re.search(r'<input[^>]*id="event"[^>]*list="known-events"', preview)
    assert f'<option value="{TRIP.replace(chr(39), "&#39;")}">' in preview
    form = fields(preview)
    form.update(article_id="library-hours", event=event)
    assert client.post(CONFIRM, data=form).status_code == 302
    return client


def _columns(page: str) -> list[str]:
    table = page.split('<table class="aligned', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<span class="outlet">([^<]+)</span>', table)


def test_an_imported_article_of_another_event_stays_out_of_the_default_comparison(app, seeds):  # noqa: F811
    client = _import_library_story(app, "Sunday library hours")
    assert "event: Sunday library hours\n" in (seeds / "articles.yaml").read_text(encoding="utf-8")
    page = client.get("/compare").get_data(as_text=True)
    assert _columns(page) == ["Unknown outlet", "Newsweek", "Associated Press", "Unknown outlet"]
    assert "Northern Ledger" not in page.split('<table class="aligned', 1)[1]
    assert f"Comparing the reports of: <strong>{TRIP.replace(chr(39), '&#39;')}</strong>" in page
    # The form groups the reports by event, and lists the events to compare.
    assert '<fieldset class="event-group"><legend>Sunday library hours</legend>' in page
    assert 'href="/compare?event=Sunday+library+hours"' in page
    # An event of one report has nothing to compare.
    alone = client.get("/compare?event=Sunday+library+hours")
    assert alone.status_code == 200
    assert "“Sunday library hours” has one report so far: there is nothing to compare it with yet." in alone.get_data(
        as_text=True
    )
    unknown = client.get("/compare?event=Nothing+like+it")
    assert unknown.status_code == 404 and "No report names the event “Nothing like it”" in unknown.get_data(
        as_text=True
    )


def test_the_article_list_groups_the_reports_by_event(app, seeds):  # noqa: F811
    client = _import_library_story(app, "Sunday library hours")
    listing = text_of(client.get("/articles/").get_data(as_text=True))
    trip = listing.index(TRIP)
    library = listing.index("Sunday library hours")
    assert trip < listing.index("Newsweek") < library < listing.index("Northern Ledger")
    assert "Compare these 4 reports side by side" in listing


def test_an_article_page_lists_what_other_reports_of_its_event_carry(app, seeds):  # noqa: F811
    client = _import_library_story(app, "")
    # Of no event: no other report to hold its sentences against.
    page = client.get("/articles/library-hours").get_data(as_text=True)
    assert 'class="coverage"' not in page and "Event</dt>" not in page
    ap = text_of(client.get(f"/articles/{AP}").get_data(as_text=True))
    assert f"Event {TRIP}" in ap and "other reports of the same event carry too" in ap
    assert "Northern Ledger" not in ap
    listing = text_of(client.get("/articles/").get_data(as_text=True))
    assert "Not part of an event" in listing
