"""Registering an LMS and deep linking: the command, the keyset, the page of addresses, and a teacher
placing an assignment in the course from inside the LMS."""

from __future__ import annotations

import urllib.parse
import urllib.request

from click.testing import CliRunner
from sqlalchemy import select

from quizapp.cli import main
from quizapp.db import db
from quizapp.lti.models import LtiPlatform
from tests.lti.conftest import ANA, TEACHER, launch
from tests.lti.platform import Link, form_fields
from tests.lti.test_launch import BANK
from tests.web.conftest import csrf_token


def test_add_platform_registers_once_and_adds_deployments(app, monkeypatch):
    monkeypatch.setattr("quizapp.lti.commands._app", lambda: app)
    runner = CliRunner()
    values = ["--issuer", "https://moodle.school.example", "--client-id", "abc123", "--deployment-id", "1",
              "--jwks-url", "https://moodle.school.example/mod/lti/certs.php",
              "--auth-url", "https://moodle.school.example/mod/lti/auth.php",
              "--token-url", "https://moodle.school.example/mod/lti/token.php", "--name", "School Moodle"]
    result = runner.invoke(main, ["lti", "add-platform", *values])
    assert result.exit_code == 0, result.output
    assert "registered School Moodle" in result.output
    again = runner.invoke(main, ["lti", "add-platform", *values[:5], "2", *values[6:]])
    assert "2 deployment(s)" in again.output
    listed = runner.invoke(main, ["lti", "list-platforms"])
    assert "deployments: 1, 2" in listed.output
    with app.app_context():
        assert len(db.session.scalars(select(LtiPlatform)).all()) == 1


def test_add_platform_refuses_plain_http_and_empty_values(app, monkeypatch):
    monkeypatch.setattr("quizapp.lti.commands._app", lambda: app)
    base = ["--issuer", "https://lms.example", "--client-id", "c", "--deployment-id", "d",
            "--auth-url", "https://lms.example/auth", "--token-url", "https://lms.example/token"]
    result = CliRunner().invoke(main, ["lti", "add-platform", *base, "--jwks-url", "http://lms.example/jwks"])
    assert result.exit_code == 1 and "keyset URL must be an https:// address" in result.output
    result = CliRunner().invoke(main, ["lti", "add-platform", *base[:5], " ", *base[6:],
                                       "--jwks-url", "https://lms.example/jwks"])
    assert result.exit_code == 1 and "deployment id" in result.output


def test_the_keyset_is_made_once_and_holds_no_private_part(app):
    client = app.test_client()
    first = client.get("/lti/jwks.json").get_json()
    second = client.get("/lti/jwks.json").get_json()
    assert first == second and len(first["keys"]) == 1
    key = first["keys"][0]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & key.keys()


def test_the_lms_page_shows_the_addresses_to_paste(app, platform):
    browser = app.test_client()
    launch(browser, platform, TEACHER)
    page = browser.get("/lti/setup").get_data(as_text=True)
    for address in ("http://localhost/lti/login", "http://localhost/lti/launch", "http://localhost/lti/jwks.json"):
        assert address in page
    assert "Test LMS" in page and "Civics 101" in page


def test_deep_linking_places_an_assignment_that_learners_then_open(app, platform):
    browser = app.test_client()
    landed = launch(browser, platform, TEACHER, None, "LtiDeepLinkingRequest")
    assert landed.location == "/lti/deep-link"
    page = browser.get(landed.location).get_data(as_text=True)
    assert "A new assignment from a bank" in page
    reply = browser.post(landed.location, data={"bank": BANK, "csrf_token": csrf_token(page)})
    assert reply.status_code == 200
    assert f"form-action 'self' {platform.url}" in reply.headers["Content-Security-Policy"]
    action, fields = form_fields(reply.get_data(as_text=True), platform.url)
    assert action == f"{platform.url}/deep-link-return"
    with urllib.request.urlopen(action, data=urllib.parse.urlencode(fields).encode(), timeout=5) as answer:  # noqa: S310
        assert answer.read() == b"placed"  # the platform checked the tool's signature
    (claims,) = platform.deep_link_replies
    (item,) = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-platform-data"
    assert item["type"] == "ltiResourceLink" and item["url"] == "http://localhost/lti/launch"
    assert item["lineItem"]["scoreMaximum"] > 0
    # The LMS now launches the placed activity with the custom parameter: learners land in the quiz.
    placed = Link("placed-activity", custom=item["custom"])
    student = launch(app.test_client(), platform, ANA, placed)
    assert student.location == f"/assignments/{item['custom']['quizapp_assignment']}"


def test_learners_cannot_deep_link(app, platform):
    launch(app.test_client(), platform, TEACHER)
    answer = launch(app.test_client(), platform, ANA, None, "LtiDeepLinkingRequest")
    assert answer.status_code == 400
    assert "Only a teacher" in answer.get_data(as_text=True)
