"""Hostile input everywhere: property tests send random, oversized and malformed values to every route
(from the url map) and every form field (read from the pages), with a valid CSRF token, as the user
each route is for. Whatever arrives, the answer is a page or a 4xx that says what was wrong: never a
500. Hypothesis keeps the example counts modest; the machine has two cores."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import csrf_token
from tests.web.teacher_helpers import logged_in
from tests.web.test_access_matrix import build_world, classify, every_request

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Names the views read from query strings (besides form fields, collected from the pages).
QUERY_NAMES = ["page", "start", "end", "next", "code", "sort", "dir", "bank", "policy", "format", "versions", "paper",
               "appendix", "setup-versions", "setup-new_rows", "kind", "shuffle"]
# Leaving these would sign the test's own browsers out, and every later example would test a login page.
SKIPPED = {"teacher.logout", "student.leave"}

_scalars = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=300),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "\x00", "0", "-1", "1e309", "NaN", "[]", "{}", "null", "true", "../../etc/passwd",
                     "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\u202e", "A" * 70_000, "9" * 5000,
                     "1-2", "5-3", "0-999999999", "-5--1", "page-99999999999999999999"]),
)
# A value, or several values under one name (a list where a scalar is expected, and vice versa).
_values = st.one_of(_scalars, st.lists(_scalars, min_size=2, max_size=4))


_FIELD_NAMES: list[str] = []  # the same in every test's world: read once


def _field_names(app, world, clients) -> list[str]:
    """Every name a form of the app submits: read from every page the owner can open."""
    if _FIELD_NAMES:
        return _FIELD_NAMES
    names: set[str] = set()
    for endpoint, method, url in every_request(app, world):
        if method != "GET" or endpoint == "static":
            continue
        client = clients["student"] if classify(endpoint) in ("student", "own-student") else clients["teacher"]
        response = client.get(url)
        if response.mimetype != "text/html":
            continue  # a download (CSV, PDF): no form in it
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for control in page.find_all(["input", "select", "textarea", "button"]):
            if control.get("name") and control["name"] != "csrf_token":
                names.add(control["name"])
    assert len(names) > 30, names
    _FIELD_NAMES.extend(sorted(names))
    return _FIELD_NAMES


@pytest.fixture
def setup(app, teacher_id):
    world = build_world(app, teacher_id)
    clients = {"teacher": logged_in(app), "student": world["owner"], "public": app.test_client()}
    tokens = {who: csrf_token(c.get("/teacher/login").get_data(as_text=True)) for who, c in clients.items()}
    requests = [r for r in every_request(app, world) if r[0] not in SKIPPED and r[0] != "static"]
    return world, clients, tokens, requests, _field_names(app, world, clients)


def _who(endpoint: str) -> str:
    kind = classify(endpoint)
    if kind in ("student", "own-student"):
        return "student"
    if kind in ("teacher", "own-teacher"):
        return "teacher"
    return "public"


def _assert_handled(response, where, seen: list | None = None) -> None:
    """A normal page or redirect, or a 4xx with a message; never a server error."""
    body = response.get_data().decode("utf-8", "replace")  # a download (a PDF) is bytes
    response.close()
    if seen is not None:
        seen.append((where[1], response.status_code, "This form has expired" in body))
    assert response.status_code < 500, (where, response.status_code, body[:500])
    if 400 <= response.status_code < 500:
        if response.mimetype == "application/json":
            assert response.get_json().get("error"), where
        else:
            heading = re.search(r"<h1>(.+?)</h1>", body, re.S)
            assert heading and heading.group(1).strip(), (where, body[:300])


@pytest.fixture
def hostile(setup):
    return setup


def test_random_values_in_every_form_field_and_query(app, hostile):
    world, clients, tokens, requests, fields = hostile
    seen: list = []

    @SETTINGS
    @given(data=st.data())
    def check(data):
        endpoint, method, url = data.draw(st.sampled_from(requests), label="route")
        who = _who(endpoint)
        names = data.draw(st.lists(st.sampled_from(fields + QUERY_NAMES), min_size=1, max_size=8, unique=True))
        values = {name: data.draw(_values, label=name) for name in names}
        if method == "GET":
            response = clients[who].get(url, query_string=values)
        else:
            response = clients[who].post(url, data={**values, "csrf_token": tokens[who]})
        _assert_handled(response, (who, method, url, {k: str(v)[:80] for k, v in values.items()}), seen)

    check()
    # The values reached the views: posts got past the CSRF check, and pages were rendered.
    assert any(method == "POST" and not expired for method, _, expired in seen)
    assert any(method == "GET" and status == 200 for method, status, _ in seen)


def test_every_route_with_every_field_set_to_one_hostile_value(app, hostile):
    """No sampling here: each route, with every field name any form uses set to the same bad value."""
    world, clients, tokens, requests, fields = hostile
    for value in ("\x00", "A" * 5000, "-99999999999999999999999", ["1", "2", "<b>x</b>"], "<script>x</script>", ""):
        everything = dict.fromkeys(fields + QUERY_NAMES, value)
        for endpoint, method, url in requests:
            who = _who(endpoint)
            if method == "GET":
                response = clients[who].get(url, query_string=everything)
            else:
                response = clients[who].post(url, data={**everything, "csrf_token": tokens[who]})
            _assert_handled(response, (who, method, url, str(value)[:20]))


def test_malformed_percent_encodings_and_raw_bodies(app, hostile):
    world, clients, tokens, requests, fields = hostile
    junk = st.one_of(
        st.binary(max_size=200).map(lambda b: "".join(f"%{byte:02X}" for byte in b)),  # invalid UTF-8, NULs
        st.sampled_from(["%FF%FE", "%C3%28", "%ED%A0%80", "%00", "%", "%G1", "%%%", "a%2", "%F0%9F%98"]),
    )

    @SETTINGS
    @given(data=st.data())
    def check(data):
        endpoint, method, url = data.draw(st.sampled_from(requests), label="route")
        who = _who(endpoint)
        names = data.draw(st.lists(st.sampled_from(fields + QUERY_NAMES), min_size=1, max_size=5, unique=True))
        encoded = "&".join(f"{quote(name)}={data.draw(junk)}" for name in names)
        if method == "GET":
            response = clients[who].get(f"{url}?{encoded}")
        else:
            body = f"csrf_token={quote(tokens[who])}&{encoded}".encode()
            response = clients[who].post(url, data=body, content_type="application/x-www-form-urlencoded")
        _assert_handled(response, (who, method, url, encoded[:200]))

    check()


def test_hostile_ids_and_paths(app, hostile):
    world, clients, tokens, requests, fields = hostile
    templates = sorted({re.sub(r"/\d+(?=/|$)", "/{}", url) for _, _, url in requests if re.search(r"/\d+(/|$)", url)})
    assert len(templates) > 20

    @SETTINGS
    @given(
        template=st.sampled_from(templates),
        value=st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            st.sampled_from(["0", "2147483647", "2147483648", "9223372036854775808", "1e5", "0x10", "%00", "..",
                             "%2e%2e", "1;DROP TABLE student", "%FF", "01", "1.0", "A" * 3000]),
        ),
    )
    def check(template, value):
        url = template.format(value)
        for who in ("teacher", "student", "public"):
            _assert_handled(clients[who].get(url), (who, url))
            _assert_handled(clients[who].post(url, data={"csrf_token": tokens[who]}), (who, "POST", url))

    check()


def test_a_body_over_the_limit_is_refused_with_413(app, hostile):
    world, clients, tokens, requests, fields = hostile
    limit = app.config["MAX_CONTENT_LENGTH"]
    for who, url in (("public", "/join"), ("teacher", "/teacher/classes/new"),
                     ("student", f"/attempts/{world['open_attempt']}/answers")):
        response = clients[who].post(url, data={"csrf_token": tokens[who], "name": "x" * (limit + 1)})
        assert response.status_code == 413, url
        assert "That file is too large" in response.get_data(as_text=True)


def test_the_same_sweep_on_postgresql():
    """PostgreSQL refuses what SQLite stores (NUL in text, ids past 32 bits): still no 500."""
    from tests.web.conftest import add_teacher, postgres_app

    with postgres_app("hostile") as (app, _):
        with app.app_context():
            teacher_id = add_teacher()
        world = build_world(app, teacher_id)
        clients = {"teacher": logged_in(app), "student": world["owner"], "public": app.test_client()}
        tokens = {who: csrf_token(c.get("/teacher/login").get_data(as_text=True)) for who, c in clients.items()}
        requests = [r for r in every_request(app, world) if r[0] not in SKIPPED and r[0] != "static"]
        fields = _field_names(app, world, clients)
        for value in ("\x00", "nul \x00 inside", "A" * 5000, "2147483648", ["1", "2"]):
            everything = dict.fromkeys(fields + QUERY_NAMES, value)
            for endpoint, method, url in requests:
                who = _who(endpoint)
                if method == "GET":
                    response = clients[who].get(url, query_string=everything)
                else:
                    response = clients[who].post(url, data={**everything, "csrf_token": tokens[who]})
                _assert_handled(response, (who, method, url, str(value)[:20]))
        for url in ("/assignments/2147483648", "/teacher/classes/9223372036854775808", "/attempts/2147483647/results"):
            _assert_handled(clients["student"].get(url), url)


def test_a_nul_character_is_refused_with_a_clear_message(app, classroom):
    client = app.test_client()
    token = csrf_token(client.get("/join").get_data(as_text=True))
    response = client.post("/join", data={"csrf_token": token, "code": classroom[0], "name": "Ana\x00Diaz"})
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert client.get("/teacher/banks/%00").status_code == 400
    assert client.get("/join").status_code == 200  # nothing else is refused
