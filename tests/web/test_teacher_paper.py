"""Paper answers from the dashboard: the template CSV, an uploaded CSV and the typed grid, all or nothing."""

from __future__ import annotations

import io
import re

import pytest
from flask import current_app
from markupsafe import escape
from sqlalchemy import func, select

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Response, Student
from quizapp.paper_import import assignment_template, paper_layouts
from quizapp.student.attempts import questions_for
from tests.test_paper import HEADER, key_as_written
from tests.web.teacher_helpers import OTHER_EMAIL, add_student, logged_in, parse_csv, token

ROSTER = ("Ana Diaz", "Ben Ode")


@pytest.fixture
def paper_class(app, classroom) -> int:
    """The class's harris-trip-2021 assignment (a question of every type), Ana Diaz and Ben Ode on the roster."""
    with app.app_context():
        room_id = db.session.get(Assignment, classroom[1]).classroom_id
        for name in ROSTER:
            add_student(room_id, name)
    return classroom[1]


@pytest.fixture
def teacher(app, paper_class):
    return logged_in(app)


def url(assignment_id: int, tail: str = "") -> str:
    return f"/teacher/assignments/{assignment_id}/paper{tail}"


def counts(app) -> tuple[int, int, int]:
    """(attempts, responses, students) in the database."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Attempt, Response, Student))


def slots(app, assignment_id: int, version: str, versions: int = 2, seed: str | None = None):
    with app.app_context():
        return paper_layouts(db.session.get(Assignment, assignment_id), seed, versions)[version]


def key_cells(app, assignment_id: int, version: str, seed: str | None = None) -> dict[int, str]:
    """Question number -> the right answer as written on ``version``'s paper."""
    with app.app_context():
        corpus = corpus_of(current_app)
        layout = paper_layouts(db.session.get(Assignment, assignment_id), seed, 2)[version]
        return {slot.number: key_as_written(slot, corpus) for slot in layout}


def a_wrong_letter(app, assignment_id: int, version: str) -> tuple[int, str, str]:
    """(number, a letter the choice question there does not have, its last letter) on ``version``."""
    choice = next(slot for slot in slots(app, assignment_id, version) if slot.question.type == "choice")
    return choice.number, "Q", "ABCDEFGH"[len(choice.choices) - 1]


def attempts_of(app, name: str) -> list[tuple[str, str | None, float | None, float | None]]:
    """(mode, version, earned, possible) of each attempt of the student called ``name``."""
    with app.app_context():
        return [
            (a.mode, a.version, a.earned, a.possible)
            for a in db.session.scalars(select(Attempt).join(Student).where(Student.name == name).order_by(Attempt.id))
        ]


def full_marks(app, assignment_id: int) -> float:
    with app.app_context():
        return float(sum(v.points for v in questions_for(db.session.get(Assignment, assignment_id))))


def student_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Student.id).where(Student.name == name))


def upload(client, assignment_id: int, data: bytes, filename: str = "answers.csv", **fields):
    form = {"csrf_token": token(client), "versions": "2", "seed": "", "file": (io.BytesIO(data), filename)}
    form.update(fields)
    return client.post(url(assignment_id, "/upload"), data=form, content_type="multipart/form-data")


def grid(client, assignment_id: int, cells: dict[str, str], versions: int = 2, new_rows: int = 1, **fields):
    form = {"csrf_token": token(client), "grid-versions": str(versions), "grid-new_rows": str(new_rows)}
    form.update(cells)
    form.update(fields)
    return client.post(url(assignment_id, "/grid"), data=form)


def csv_text(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


# --------------------------------------------------------------------------------------------------
# The page and the template
# --------------------------------------------------------------------------------------------------


def test_the_assignment_page_links_to_the_paper_page(app, teacher, paper_class):
    html = teacher.get(f"/teacher/assignments/{paper_class}").get_data(as_text=True)
    assert f'href="{url(paper_class)}"' in html and "Enter paper answers" in html


def test_the_page_has_the_three_ways_and_a_labelled_grid(app, teacher, paper_class):
    response = teacher.get(url(paper_class, "?setup-versions=2&setup-new_rows=2"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("Download a template CSV", "Upload a CSV", "Type the answers"):
        assert f">{heading}</h2>" in html
    ana = student_id(app, "Ana Diaz")
    questions = len(slots(app, paper_class, "A"))
    # A row per student on the roster and two for new students, a version menu and a cell per question.
    assert '<th scope="row">Ana Diaz</th>' in html and '<th scope="row">Ben Ode</th>' in html
    assert f'<label class="visually-hidden" for="grid-s{ana}-q3">Ana Diaz, question 3</label>' in html
    assert f'<label class="visually-hidden" for="grid-s{ana}-v">Ana Diaz, version</label>' in html
    assert '<label class="visually-hidden" for="grid-n1-name">New student 2, name</label>' in html
    assert f'id="grid-n1-q{questions}"' in html and f'id="grid-n1-q{questions + 1}"' not in html
    assert '<option value="B">B</option>' in html
    assert html.count('type="text" id="grid-') == (len(ROSTER) + 2) * questions + 2
    assert '<script src="/static/paper-grid.js" defer></script>' in html
    # One version: no version column to fill in.
    single = teacher.get(url(paper_class)).get_data(as_text=True)
    assert f'id="grid-s{ana}-v"' not in single and f'id="grid-s{ana}-q1"' in single


def test_a_bad_grid_setup_is_explained(app, teacher, paper_class):
    response = teacher.get(url(paper_class, "?setup-versions=9&setup-new_rows=500"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose 1 to 4 versions." in html and "Number must be between 0 and 40." in html


@pytest.mark.parametrize(
    ("query", "letters", "suffix"),
    [
        ("?template-versions=2", ["A", "B"], "-A-B.csv"),
        ("", [""], ".csv"),
        ("?template-versions=1&template-seed=spring", ["A"], "-A.csv"),
    ],
)
def test_the_template_lists_every_student_and_question(app, teacher, paper_class, query, letters, suffix):
    response = teacher.get(url(paper_class, "/template.csv" + query))
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="period-3-civics-do-not-come-paper-answers')
    assert disposition.endswith(f'{suffix}"')
    rows = parse_csv(response.data)
    questions = len(slots(app, paper_class, "A"))
    assert rows[0] == ["student", "version", "question", "answer"]
    assert len(rows) == 1 + len(ROSTER) * questions
    # Versions are handed out in turn down the roster; the answers are left to fill in.
    assert rows[1] == ["Ana Diaz", letters[0], "1", ""]
    assert rows[1 + questions] == ["Ben Ode", letters[1 % len(letters)], "1", ""]
    assert {row[3] for row in rows[1:]} == {""}
    with app.app_context():
        assignment = db.session.get(Assignment, paper_class)
        assert response.data == assignment_template(assignment, tuple(letter for letter in letters if letter))


def test_a_bad_template_request_is_explained(app, teacher, paper_class):
    response = teacher.get(url(paper_class, "/template.csv?template-versions=7"))
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Choose 1 to 4 versions." in response.get_data(as_text=True)


# --------------------------------------------------------------------------------------------------
# Uploading a CSV
# --------------------------------------------------------------------------------------------------


def test_an_uploaded_key_on_version_b_scores_full_marks_in_the_gradebook(app, teacher, paper_class):
    number, _, _ = a_wrong_letter(app, paper_class, "A")
    rows = [f'Ana Diaz,B,{n},"{written}"' for n, written in key_cells(app, paper_class, "B").items()]
    rows.append(f"ben ode,A,{number},")  # a blank answer: Ben handed in an empty paper
    response = upload(teacher, paper_class, csv_text(*rows))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teacher/assignments/{paper_class}/gradebook"
    questions = len(slots(app, paper_class, "B"))
    total = full_marks(app, paper_class)
    assert attempts_of(app, "Ana Diaz") == [("paper", "B", total, total)]
    assert attempts_of(app, "Ben Ode") == [("paper", "A", 0, total)]

    page = teacher.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Imported 2 students, {2 * questions} responses." in page
    ana_row = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>Ana Diaz</a>.*?</tr>", page, re.S).group(0)
    assert f"{total:g} / {total:g}" in ana_row
    assert '<span class="paper-mark">paper<span class="visually-hidden">, version</span> B</span>' in ana_row
    assert "answers entered from a printed quiz" in page


def test_an_upload_with_one_bad_row_shows_where_and_writes_nothing(app, teacher, paper_class):
    before = counts(app)
    number, wrong, last = a_wrong_letter(app, paper_class, "A")
    rows = [f'Ana Diaz,B,{n},"{written}"' for n, written in key_cells(app, paper_class, "B").items()]
    rows.insert(3, f"Ben Ode,A,{number},{wrong}")  # line 5 of the file: the header is line 1
    response = upload(teacher, paper_class, csv_text(*rows), filename="period3.csv")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = f"period3.csv:5: question {number} on version A has no choice Q (its choices are A to {last})"
    assert f"<li>{message}</li>" in html
    assert "1 problem in period3.csv: nothing was imported" in html
    assert counts(app) == before


def test_unknown_students_and_second_imports_say_which_box_to_tick(app, teacher, paper_class):
    before = counts(app)
    refused = upload(teacher, paper_class, csv_text("Zoe Quinn,A,1,"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "answers.csv:2: unknown student" in html
    assert "tick “Add students who are not on the roster yet”" in html
    assert counts(app) == before

    assert upload(teacher, paper_class, csv_text("Zoe Quinn,A,1,"), create_missing="y").status_code == 302
    assert attempts_of(app, "Zoe Quinn") == [("paper", "A", 0, full_marks(app, paper_class))]

    again = upload(teacher, paper_class, csv_text("Zoe Quinn,B,1,"))
    assert again.status_code == 422
    assert "Tick “Replace earlier paper answers”" in again.get_data(as_text=True)
    replaced = upload(teacher, paper_class, csv_text("Zoe Quinn,B,1,"), replace="y")
    assert replaced.status_code == 302
    assert "Replaced the earlier paper answers of Zoe Quinn." in teacher.get(replaced.headers["Location"]).get_data(
        as_text=True
    )
    assert [version for _, version, _, _ in attempts_of(app, "Zoe Quinn")] == ["B"]


def test_the_seed_reads_letters_as_that_print_shuffled_them(app, teacher, paper_class):
    rows = [f'Ana Diaz,B,{n},"{w}"' for n, w in key_cells(app, paper_class, "B", seed="spring").items()]
    assert upload(teacher, paper_class, csv_text(*rows), seed="spring").status_code == 302
    total = full_marks(app, paper_class)
    assert attempts_of(app, "Ana Diaz") == [("paper", "B", total, total)]


def test_an_upload_too_large_is_refused(app, teacher, paper_class):
    before = counts(app)
    # The multipart body is built here: Werkzeug's encoder spools a body this big to a file it never closes.
    boundary = "quizapp-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token(teacher)}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="versions"\r\n\r\n2\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n"
    ).encode() + csv_text("Ana Diaz,A,1,A") + b"x" * (2 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    response = teacher.post(
        url(paper_class, "/upload"), data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 422
    assert "The file is over the limit of 2 MB." in response.get_data(as_text=True)
    assert counts(app) == before


def test_an_upload_needs_a_file(app, teacher, paper_class):
    response = teacher.post(url(paper_class, "/upload"), data={"csrf_token": token(teacher), "versions": "1"})
    assert response.status_code == 422
    assert "Choose a .csv file to upload." in response.get_data(as_text=True)


# --------------------------------------------------------------------------------------------------
# Typing into the grid
# --------------------------------------------------------------------------------------------------


def test_the_grid_imports_what_was_typed(app, teacher, paper_class):
    ana, ben = student_id(app, "Ana Diaz"), student_id(app, "Ben Ode")
    cells = {f"grid-s{ana}-v": "B"}
    cells.update({f"grid-s{ana}-q{n}": written for n, written in key_cells(app, paper_class, "B").items()})
    cells[f"grid-s{ben}-v"] = "A"  # a version chosen but nothing typed: Ben is left out
    cells.update({"grid-n0-name": "Zoe  Quinn", "grid-n0-v": "A", "grid-n0-q1": ""})  # an empty new row: nothing
    response = grid(teacher, paper_class, cells)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teacher/assignments/{paper_class}/gradebook"
    total = full_marks(app, paper_class)
    assert attempts_of(app, "Ana Diaz") == [("paper", "B", total, total)]
    assert attempts_of(app, "Ben Ode") == []
    with app.app_context():
        assert db.session.scalar(select(Student).where(Student.name == "Zoe Quinn")) is None
    questions = len(slots(app, paper_class, "B"))
    page = teacher.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Imported 1 student, {questions} responses." in page


def test_a_new_row_adds_the_student_when_asked(app, teacher, paper_class):
    number, _, _ = a_wrong_letter(app, paper_class, "A")
    first = slots(app, paper_class, "A")[number - 1]
    right = " ".join(key_cells(app, paper_class, "A")[number].split())
    cells = {"grid-n0-name": "Zoe Quinn", "grid-n0-v": "A", f"grid-n0-q{number}": right}
    refused = grid(teacher, paper_class, cells)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    # One problem for the row, on its name, not one per answer.
    assert 'id="grid-n0-name" name="grid-n0-name" value="Zoe Quinn"' in html
    assert re.search(r'id="grid-n0-name"[^>]*aria-invalid="true" aria-describedby="grid-problem-1"', html)
    assert '<a href="#grid-n0-name">row Zoe Quinn</a>: unknown student' in html
    added = grid(teacher, paper_class, cells, **{"grid-create_missing": "y"})
    assert added.status_code == 302
    assert "Added to the class: Zoe Quinn." in teacher.get(added.headers["Location"]).get_data(as_text=True)
    (attempt,) = attempts_of(app, "Zoe Quinn")
    assert attempt[:3] == ("paper", "A", first.question.points)


def test_a_grid_error_keeps_what_was_typed_and_marks_the_cell(app, teacher, paper_class):
    before = counts(app)
    ana, ben = student_id(app, "Ana Diaz"), student_id(app, "Ben Ode")
    number, wrong, last = a_wrong_letter(app, paper_class, "A")
    key = key_cells(app, paper_class, "B")
    cells = {f"grid-s{ana}-v": "B", f"grid-s{ben}-v": "A", f"grid-s{ben}-q{number}": wrong}
    cells.update({f"grid-s{ana}-q{n}": written for n, written in key.items()})
    response = grid(teacher, paper_class, cells)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert counts(app) == before
    cell = f"grid-s{ben}-q{number}"
    message = f"question {number} on version A has no choice Q (its choices are A to {last})"
    assert f'<li id="grid-problem-1"><a href="#{cell}">row Ben Ode, question {number}</a>: {message}</li>' in html
    assert "1 problem in the grid: nothing was imported" in html
    assert re.search(rf'id="{cell}" name="{cell}" value="{wrong}"[^>]*aria-invalid="true" '
                     r'aria-describedby="grid-problem-1"', html)
    # Everything typed comes back, and only the bad cell is marked.
    for n, written in key.items():
        assert f'id="grid-s{ana}-q{n}" name="grid-s{ana}-q{n}" value="{escape(written)}"' in html
    assert html.count('aria-invalid="true"') == 1
    assert '<option value="B" selected>B</option>' in html and '<option value="A" selected>A</option>' in html
    assert 'name="grid-versions" type="hidden" value="2"' in html


def test_a_row_without_its_version_is_one_problem_on_the_version(app, teacher, paper_class):
    ana = student_id(app, "Ana Diaz")
    cells = {f"grid-s{ana}-q1": "A", f"grid-s{ana}-q2": "B", f"grid-s{ana}-q3": "C"}
    html = grid(teacher, paper_class, cells).get_data(as_text=True)
    assert "1 problem in the grid" in html
    assert f'<a href="#grid-s{ana}-v">row Ana Diaz</a>: no version: write the version letter' in html
    assert re.search(rf'id="grid-s{ana}-v"[^>]*aria-invalid="true" aria-describedby="grid-problem-1"', html)


def test_an_empty_grid_imports_nothing(app, teacher, paper_class):
    before = counts(app)
    response = grid(teacher, paper_class, {})
    assert response.status_code == 422
    assert "The grid is empty" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_grid_sent_without_its_settings_is_refused(app, teacher, paper_class):
    ana = student_id(app, "Ana Diaz")
    response = grid(teacher, paper_class, {f"grid-s{ana}-q1": "A"}, versions=9)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The grid was sent without its settings" in html
    assert f'name="grid-s{ana}-q1" value="A"' in html


def test_one_version_with_no_seed_needs_no_letters(app, teacher, paper_class):
    ana = student_id(app, "Ana Diaz")
    with app.app_context():
        corpus = corpus_of(current_app)
        layout = paper_layouts(db.session.get(Assignment, paper_class), None, 1)[""]
        cells = {f"grid-s{ana}-q{slot.number}": key_as_written(slot, corpus) for slot in layout}
    assert grid(teacher, paper_class, cells, versions=1, new_rows=0).status_code == 302
    total = full_marks(app, paper_class)
    assert attempts_of(app, "Ana Diaz") == [("paper", None, total, total)]
    gradebook = teacher.get(f"/teacher/assignments/{paper_class}/gradebook").get_data(as_text=True)
    assert '<span class="paper-mark">paper</span>' in gradebook


# --------------------------------------------------------------------------------------------------
# Who may
# --------------------------------------------------------------------------------------------------


def test_another_teacher_gets_404_and_imports_nothing(app, teacher, paper_class):
    other = logged_in(app, OTHER_EMAIL)
    before = counts(app)
    assert other.get(url(paper_class)).status_code == 404
    assert other.get(url(paper_class, "/template.csv?template-versions=2")).status_code == 404
    assert upload(other, paper_class, csv_text("Ana Diaz,A,1,A")).status_code == 404
    ana = student_id(app, "Ana Diaz")
    assert grid(other, paper_class, {f"grid-s{ana}-v": "A", f"grid-s{ana}-q1": "A"}).status_code == 404
    assert counts(app) == before


def test_the_forms_need_the_csrf_token(app, teacher, paper_class):
    ana = student_id(app, "Ana Diaz")
    response = teacher.post(url(paper_class, "/grid"), data={"grid-versions": "1", "grid-new_rows": "0",
                                                           f"grid-s{ana}-q1": "A"})
    assert response.status_code == 400
    assert attempts_of(app, "Ana Diaz") == []


def test_the_page_with_problems_is_as_accessible_as_without(app, teacher, paper_class):
    ana = student_id(app, "Ana Diaz")
    cells = {f"grid-s{ana}-q1": "A", "grid-n0-name": "Zoe", "grid-n0-v": "A", "grid-n0-q1": "A"}
    html = grid(teacher, paper_class, cells).get_data(as_text=True)
    assert "3 problems in the grid: nothing was imported" in html  # no version; Zoe unknown; Zoe's answer
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for control in re.finditer(r'<(?:input|select)\b(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html):
        assert f'for="{control.group(1)}"' in html, control.group(0)
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        assert all(f'id="{part}"' in html for part in described.split()), described
    for form in re.findall(r'<form method="post".*?</form>', html, re.S):
        assert 'name="csrf_token"' in form
    (table,) = re.findall(r'<table class="paper-grid.*?</table>', html, re.S)
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
