"""The discernment page: d′ and c per student and skill, in numbers and in words, and calibration."""

from __future__ import annotations

import html as html_module
import re

from quizapp.db import db
from quizapp.models import Assignment, Classroom, Teacher
from tests.web.teacher_helpers import (
    add_assignment,
    add_attempt,
    add_classroom,
    add_student,
    assignment_versions,
    logged_in,
)


def _text(html: str) -> str:
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def _verdicts(assignment_id: int, policy: str) -> dict[str, object]:
    answers: dict[str, object] = {}
    for version in assignment_versions(assignment_id):
        distorted = version.data.get("distortion") is not None
        if policy == "cynic":
            answers[version.question_key] = {"verdict": "distorted", "confidence": 100}
        elif policy == "perfect":
            answers[version.question_key] = {"verdict": "distorted" if distorted else "accurate", "confidence": 90}
    return answers


def test_the_page_tells_a_cynic_from_a_discerning_student(app, teacher_id):
    with app.app_context():
        room = add_classroom(teacher_id, "Media 9")
        assignment = add_assignment(room, "discernment")
        cynic, perfect = add_student(room, "Cy Nic"), add_student(room, "Per Fect")
        add_student(room, "Not Yet")
        add_attempt(assignment, cynic, _verdicts(assignment, "cynic"))
        add_attempt(assignment, perfect, _verdicts(assignment, "perfect"))
        student_id = perfect
    client = logged_in(app)
    page = client.get(f"/teacher/assignments/{assignment}/discernment")
    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    # 12 distortions and 12 accurate renderings: all called distorted is H = F = 12.5/13, d' 0, c -1.77.
    assert "Cy Nic 100 % 100 % 0.00 \u22121.77" in text
    assert "spots distortions but also distrusts accurate reports" in text
    # Perfect: H = 12.5/13, F = 0.5/13: d' = 3.54, c = 0.
    assert "Per Fect 100 % 0 % 3.54 0.00" in text
    assert "Tells accurate from distorted renderings well; no strong lean either way." in text
    assert "Not Yet" not in text  # nothing answered: no line
    for chart in ("Distribution of d′", "Distribution of c", "The class's calibration"):
        assert chart in text
    # Per skill, 2 + 2 items: d' 1.93 and 0, mean 0.97; t(0.975, 1) = 12.71 makes the interval wide.
    assert "Numbers 0.97 (\u221211.32 to 13.26) \u22120.48 (\u22126.63 to 5.66) 2" in text

    detail = client.get(f"/teacher/students/{student_id}/discernment")
    assert detail.status_code == 200
    detail_text = _text(detail.get_data(as_text=True))
    assert "All skills 12 0 0 12 100 % 0 % 3.54 0.00" in detail_text
    assert "Brier score: 0.01" in detail_text  # 90 % sure and always right: (0.9 - 1)² = 0.01
    assert "Per Fect's calibration" in detail_text
    assert client.get(f"/teacher/classes/{room}/discernment").status_code == 200


def test_another_teachers_student_is_not_found(app, teacher_id):
    with app.app_context():
        room = add_classroom(teacher_id)
        other = Teacher(email="other@school.example", password_hash="x")
        db.session.add(other)
        db.session.flush()
        elsewhere = Classroom(teacher_id=other.id, name="Elsewhere")
        db.session.add(elsewhere)
        db.session.commit()
        stranger = add_student(elsewhere.id, "Stranger")
        assert db.session.get(Assignment, add_assignment(room, "discernment")) is not None
    client = logged_in(app)
    assert client.get(f"/teacher/students/{stranger}/discernment").status_code == 404
    assert client.get("/teacher/students/99999999999/discernment").status_code == 404
