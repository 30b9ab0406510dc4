"""Grades back to the LMS: launch, quiz, submit, and the score arrives at the line item; when the LMS is
down the score waits (shown as waiting), is sent again later, and is never lost; nobody sees a 500."""

from __future__ import annotations

import re
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import select, update

from quizapp.cli import main
from quizapp.db import db
from quizapp.lti.grades import queue_scores, send_waiting
from quizapp.lti.models import LtiGradeSend
from quizapp.models import Assignment, Attempt, ShowAnswers, ShowScore, utcnow
from tests.lti.conftest import ANA, TEACHER, launch
from tests.lti.platform import User
from tests.lti.test_launch import teacher_sets_up
from tests.web.conftest import csrf_token


def take_quiz(app, platform, user=ANA, before_submit=None) -> tuple[object, int]:
    """A learner launches, starts the quiz, answers nothing, and submits; the browser and the attempt id.

    ``before_submit`` is called just before the submit (to take the LMS down, say)."""
    browser = app.test_client()
    landed = launch(browser, platform, user)
    page = browser.get(landed.location).get_data(as_text=True)
    started = browser.post(f"{landed.location}/start", data={"csrf_token": csrf_token(page)})
    quiz = browser.get(started.location).get_data(as_text=True)
    attempt_id = int(re.search(r'/attempts/(\d+)/answers', quiz).group(1))
    if before_submit is not None:
        before_submit()
    submitted = browser.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": csrf_token(quiz)})
    assert submitted.status_code == 302
    assert submitted.location == f"/attempts/{attempt_id}/results"
    assert browser.get(submitted.location).status_code == 200
    return browser, attempt_id


def score_of(app, attempt_id) -> tuple[float, float]:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return attempt.earned, attempt.possible


def send_row(app) -> LtiGradeSend:
    with app.app_context():
        row = db.session.scalar(select(LtiGradeSend))
        db.session.expunge(row)
        return row


def gradebook(teacher_browser, assignment_id) -> str:
    return teacher_browser.get(f"/teacher/assignments/{assignment_id}/gradebook").get_data(as_text=True)


def test_launch_quiz_submit_and_the_score_reaches_the_lms(app, platform):
    teacher_browser, assignment_id = teacher_sets_up(app, platform)
    _, attempt_id = take_quiz(app, platform)
    earned, possible = score_of(app, attempt_id)
    assert len(platform.scores) == 1
    score = platform.scores[0]
    assert score["userId"] == ANA.sub
    assert (score["scoreGiven"], score["scoreMaximum"]) == (earned, possible)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert platform.token_requests == 1  # the tool's signed client assertion was accepted
    assert send_row(app).status == "sent"
    page = gradebook(teacher_browser, assignment_id)
    assert "LMS gradebook" in page and ">sent</td>" in page


def test_a_platform_that_is_down_gets_the_score_later_and_nothing_is_lost(app, platform):
    teacher_browser, assignment_id = teacher_sets_up(app, platform)
    _, attempt_id = take_quiz(app, platform, before_submit=lambda: setattr(platform, "down", True))
    row = send_row(app)
    assert (row.status, row.tries) == ("waiting", 1)
    assert row.next_try_at > utcnow() and "503" in row.last_error
    page = gradebook(teacher_browser, assignment_id)  # tried only when due: the page does not wait
    assert ">waiting" in page
    assert platform.scores == []

    platform.down = False
    with app.app_context():  # the wait is over
        db.session.execute(update(LtiGradeSend).values(next_try_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    page = gradebook(teacher_browser, assignment_id)  # opening the gradebook sends what is due
    assert ">sent</td>" in page
    assert [s["scoreGiven"] for s in platform.scores] == [score_of(app, attempt_id)[0]]


def test_send_grades_command_retries_with_backoff_until_acknowledged(app, platform, monkeypatch):
    teacher_sets_up(app, platform)
    take_quiz(app, platform, before_submit=lambda: setattr(platform, "down", True))
    monkeypatch.setattr("quizapp.lti.commands._app", lambda: app)
    runner = CliRunner()
    waits = []
    for _ in range(3):  # each failure waits twice as long as the one before
        with app.app_context():
            db.session.execute(update(LtiGradeSend).values(next_try_at=utcnow() - timedelta(seconds=1)))
            db.session.commit()
        result = runner.invoke(main, ["lti", "send-grades"])
        assert result.exit_code == 1 and "not sent" in result.output
        row = send_row(app)
        waits.append((row.next_try_at - utcnow()).total_seconds())
    assert send_row(app).tries == 4
    assert waits[0] < waits[1] < waits[2]
    platform.down = False
    result = runner.invoke(main, ["lti", "send-grades"])
    assert "sent 0" in result.output  # not due yet: the backoff is kept
    with app.app_context():
        db.session.execute(update(LtiGradeSend).values(next_try_at=utcnow()))
        db.session.commit()
    result = runner.invoke(main, ["lti", "send-grades"])
    assert result.exit_code == 0 and "sent 1" in result.output and "0 waiting" in result.output
    assert len(platform.scores) == 1


def test_an_unreachable_platform_queues_the_score_without_a_500(app, platform):
    teacher_sets_up(app, platform)

    def lms_gone() -> None:  # connections are refused
        platform.server.shutdown()
        platform.server.server_close()

    take_quiz(app, platform, before_submit=lms_gone)
    row = send_row(app)
    assert row.status == "waiting" and "could not be reached" in row.last_error


def test_a_regrade_sends_the_new_score(app, platform):
    _, assignment_id = teacher_sets_up(app, platform)
    _, attempt_id = take_quiz(app, platform)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.earned = attempt.possible  # as apply_regrade leaves it
        queue_scores(assignment_id)  # what the regrade view does before committing
        db.session.commit()
        assert send_waiting().sent == 1
    assert [s["scoreGiven"] for s in platform.scores] == [0.0, score_of(app, attempt_id)[1]]


def test_scores_withheld_from_students_are_held_back_from_the_lms_too(app, platform):
    _, assignment_id = teacher_sets_up(app, platform)
    closes = utcnow() + timedelta(days=2)
    with app.app_context():  # the teacher withholds the score along with the answers until it closes
        assignment = db.session.get(Assignment, assignment_id)
        assignment.show_answers, assignment.closes_at = ShowAnswers.AFTER_CLOSE, closes
        assignment.show_score = ShowScore.WITH_ANSWERS
        db.session.commit()
    take_quiz(app, platform)
    assert platform.scores == []
    row = send_row(app)
    assert row.status == "waiting" and abs((row.next_try_at - closes).total_seconds()) < 1
    with app.app_context():
        assert send_waiting(now=closes + timedelta(seconds=1)).sent == 1
    assert len(platform.scores) == 1


def test_only_lms_learners_are_queued(app, platform):
    _, assignment_id = teacher_sets_up(app, platform)
    take_quiz(app, platform)
    take_quiz(app, platform, User("lms-learner-2", "Bo Chen"))
    with app.app_context():
        assert queue_scores(assignment_id) == 2
        db.session.rollback()
    assert {s["userId"] for s in platform.scores} == {ANA.sub, "lms-learner-2"}
    assert TEACHER.sub not in {s["userId"] for s in platform.scores}
