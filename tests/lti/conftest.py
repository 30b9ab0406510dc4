"""Fixtures for the LTI tests: the tool served on 127.0.0.1, a local LTI 1.3 platform registered with it,
and a browser (the Flask test client) that goes through login, the platform's authorisation and the launch."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from quizapp.db import db
from quizapp.lti.platforms import add_platform
from tests.lti.platform import Link, Platform, User, follow_to_platform, form_fields
from tests.web.conftest import classroom, make_app, teacher_id  # noqa: F401 - fixtures used here too

TEACHER = User("lms-teacher-7", "Ms Rivera", instructor=True, email="rivera@school.example")
ANA = User("lms-learner-1", "Ana Diaz")
LINK = Link("activity-1")


class ServedTool:
    """The tool app served by Werkzeug in a thread, so that the platform can read its keyset."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()


@pytest.fixture
def app(tmp_path):
    """The tool, CSRF on as in production."""
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def tool(app) -> Iterator[ServedTool]:
    served = ServedTool(app)
    yield served
    served.stop()


@pytest.fixture
def platform(app, tool) -> Iterator[Platform]:
    """A platform registered with the tool (as ``quizapp lti add-platform`` would)."""
    with Platform(f"{tool.url}/lti/jwks.json") as lms:
        with app.app_context():
            add_platform(**lms.registration)
            db.session.commit()
        yield lms


def start_launch(client, lms: Platform, user: User, link: Link | None = LINK,
                 message_type: str = "LtiResourceLinkRequest") -> tuple[str, dict[str, str]]:
    """Login initiation and the platform's answer: the launch URL and the fields to post to it."""
    login = client.post("/lti/login", data=lms.login_form(user, link, message_type))
    assert login.status_code == 302, login.get_data(as_text=True)
    return form_fields(follow_to_platform(login.location))


def launch(client, lms: Platform, user: User, link: Link | None = LINK, message_type: str = "LtiResourceLinkRequest"):
    """A whole launch as a browser makes it over http: the tool's answer to the posted id_token, or, when
    the launch passed, to the browser coming back with its ticket (a redirect to where it lands)."""
    action, fields = start_launch(client, lms, user, link, message_type)
    assert action == "http://localhost/lti/launch"
    # The LMS's page posts the launch cross-site: over http the browser sends none of its cookies
    # (they are SameSite=Lax), so the POST comes from a browser with no cookies at all.
    answer = client.application.test_client().post("/lti/launch", data=fields)
    if answer.status_code != 303:
        return answer
    assert answer.location.startswith("/lti/enter?ticket=")
    assert "Set-Cookie" not in answer.headers or "session=" not in answer.headers["Set-Cookie"]
    return client.get(answer.location)
