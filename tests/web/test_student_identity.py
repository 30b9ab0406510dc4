"""One student is one record: a name already in the class needs that student's code or the teacher's
approval; roster-locked classes take only listed names with their codes; signing out forgets the
token; the attempt limit holds for the person across devices and merges."""

from __future__ import annotations

import io
import time
from datetime import timedelta

from sqlalchemy import func, select

from quizapp.db import db
from quizapp.models import Attempt, Classroom, JoinRequest, Student, utcnow
from tests.web.teacher_helpers import add_assignment, add_attempt, add_classroom, add_student, logged_in, post
from tests.web.test_student_support import join, joined_client, soup, start, text_of, token_from


def _code_of(app, name: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Student.login_code).where(Student.name == name))


def _student_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Student))


def _join_code(app, room_id: int) -> str:
    with app.app_context():
        return db.session.get(Classroom, room_id).join_code


def _entries(client) -> list[dict]:
    with client.session_transaction() as session:
        return list(session.get("students", []))


def _lock(app, room_id: int) -> None:
    with app.app_context():
        db.session.get(Classroom, room_id).roster_locked = True
        db.session.commit()


# -- Open classes ---------------------------------------------------------------------------------


def test_a_second_device_typing_alices_name_sees_nothing_of_hers(app, classroom):
    code, assignment_id = classroom
    alice = joined_client(app, code, "Alice")
    start(alice, assignment_id)  # Alice's attempt is open
    thief = app.test_client()
    response = join(thief, code, "alice")
    page = text_of(response)
    assert response.status_code == 200
    assert "Someone called Alice is already in this class" in page
    assert "Ask my teacher to let me in as Alice" in page
    assert _student_count(app) == 1
    assert thief.get(f"/assignments/{assignment_id}").status_code == 302  # to /join: nobody here
    assert thief.get("/").headers["Location"] == "/join"


def test_the_students_own_code_lets_them_in_on_another_device_as_the_same_record(app, classroom):
    code, _ = classroom
    alice = joined_client(app, code, "Alice")
    shown = soup(text_of(alice.get("/"))).select_one(".student-code .code").get_text()
    assert shown == _code_of(app, "Alice")
    laptop = app.test_client()
    response = join(laptop, code, "Alice", student_code=f" {shown[:3].lower()}-{shown[3:]} ", follow=True)
    assert "Welcome back, Alice" in text_of(response) or "Welcome, Alice" in text_of(response)
    assert _student_count(app) == 1
    with app.app_context():
        alice_id = db.session.scalar(select(Student.id))
    assert [entry["student_id"] for entry in _entries(laptop)] == [alice_id]


def test_wrong_student_codes_are_refused_and_count_as_guesses_for_the_class(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    app.config["JOIN_LIMIT"] = (2, timedelta(minutes=10))
    guesser = app.test_client()
    for _ in range(2):
        wrong = join(guesser, code, "Alice", student_code="AAAAAA")
        assert wrong.status_code == 200 and "That student code is not right for Alice" in text_of(wrong)
    blocked = join(guesser, code, "Alice", student_code=_code_of(app, "Alice"))
    assert blocked.status_code == 429  # even the right code waits: a refusal never says "wrong"
    assert "Too many wrong student codes for this name" in text_of(blocked)
    assert _entries(guesser) == []


def test_a_student_code_for_a_new_name_is_refused_not_a_new_record(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    response = join(app.test_client(), code, "Alicia", student_code=_code_of(app, "Alice"))
    assert "not right for Alicia" in text_of(response)
    assert _student_count(app) == 1


def test_the_teacher_lets_a_waiting_device_in_as_the_same_student(app, classroom, teacher_id):
    code, assignment_id = classroom
    alice = joined_client(app, code, "Alice")
    start(alice, assignment_id)
    tablet = app.test_client()
    asked = tablet.post("/join/ask", data={"code": code, "name": "Alice", "csrf_token": token_from(tablet)})
    assert asked.status_code == 302 and asked.headers["Location"] == "/join/waiting"
    waiting = text_of(tablet.get("/join/waiting"))
    assert "Waiting for your teacher to let this device in as" in waiting
    assert 'http-equiv="refresh"' in waiting
    assert tablet.get("/").status_code == 302  # not in yet
    # Asking again waits on the same request.
    tablet.post("/join/ask", data={"code": code, "name": "Alice", "csrf_token": token_from(tablet)})
    with app.app_context():
        (request_id,) = db.session.scalars(select(JoinRequest.id)).all()

    teacher = logged_in(app)
    dashboard = " ".join(soup(text_of(teacher.get("/teacher/"))).get_text().split())
    assert "Waiting to join" in dashboard and "Alice (new device, Period 3 Civics)" in dashboard
    # A copy of the request's id without the device's secret gets nothing, approved or not.
    copier = app.test_client()
    with copier.session_transaction() as session:
        session["join_requests"] = [{"id": request_id, "secret": "guessed"}]
    assert post(teacher, f"/teacher/join-requests/{request_id}/approve").status_code == 302

    assert copier.get("/join/waiting").headers["Location"] == "/join"
    assert copier.get("/").status_code == 302
    let_in = tablet.get("/join/waiting", follow_redirects=True)
    assert "Your teacher let you in. Welcome back, Alice!" in text_of(let_in)
    assert _student_count(app) == 1
    # The same attempt is in progress on the tablet: the quiz, not a second Start.
    quiz = text_of(tablet.get(f"/assignments/{assignment_id}"))
    assert 'action="/attempts/' in quiz
    assert "Waiting to join" not in text_of(teacher.get("/teacher/"))


def test_a_refused_device_is_told_and_stays_out(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    tablet = app.test_client()
    tablet.post("/join/ask", data={"code": code, "name": "Alice", "csrf_token": token_from(tablet)})
    with app.app_context():
        request_id = db.session.scalar(select(JoinRequest.id))
    teacher = logged_in(app)
    post(teacher, f"/teacher/join-requests/{request_id}/reject")
    page = text_of(tablet.get("/join/waiting"))
    assert "Your teacher did not let this device in as" in page
    assert tablet.get("/").status_code == 302
    # An approval after the refusal changes nothing.
    post(teacher, f"/teacher/join-requests/{request_id}/approve")
    assert tablet.get("/join/waiting").headers["Location"] == "/join"


def test_another_teacher_cannot_answer_a_request(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    tablet = app.test_client()
    tablet.post("/join/ask", data={"code": code, "name": "Alice", "csrf_token": token_from(tablet)})
    with app.app_context():
        request_id = db.session.scalar(select(JoinRequest.id))
    stranger = logged_in(app, "other@school.example")
    assert post(stranger, f"/teacher/join-requests/{request_id}/approve").status_code == 404
    assert "Waiting for your teacher" in text_of(tablet.get("/join/waiting"))


# -- Signing out and the cookie ---------------------------------------------------------------------


def test_the_cookie_holds_one_entry_per_class(app, classroom):
    code, _ = classroom
    laptop = app.test_client()
    join(laptop, code, "Ana Diaz")
    join(laptop, code, "Ben Okafor")
    with app.app_context():
        ben = db.session.scalar(select(Student).where(Student.name == "Ben Okafor"))
        assert _entries(laptop) == [
            {"classroom_id": ben.classroom_id, "student_id": ben.id, "device_token": ben.device_token}
        ]


def test_signing_out_forgets_the_token_and_the_name_alone_does_not_resume(app, classroom):
    code, _ = classroom
    laptop = joined_client(app, code, "Ana Diaz")
    with app.app_context():
        room_id = db.session.scalar(select(Classroom.id))
    response = laptop.post(f"/classes/{room_id}/sign-out", data={"csrf_token": token_from(laptop)})
    assert response.status_code == 302
    assert _entries(laptop) == []
    again = join(laptop, code, "Ana Diaz")
    assert "already in this class" in text_of(again)
    assert laptop.get("/").status_code == 302


def test_an_old_signed_out_entry_is_not_resumed(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Ana Diaz")
    with app.app_context():
        ana = db.session.scalar(select(Student))
        entry = {"classroom_id": ana.classroom_id, "student_id": ana.id, "device_token": ana.device_token}
    laptop = app.test_client()
    with laptop.session_transaction() as session:
        session["students"] = [{**entry, "active": False}]  # as an older version signed out
    assert laptop.get("/").status_code == 302
    assert "already in this class" in text_of(join(laptop, code, "Ana Diaz"))


def test_a_new_code_signs_the_student_out_everywhere(app, classroom):
    code, _ = classroom
    phone = joined_client(app, code, "Ana Diaz")
    with app.app_context():
        ana = db.session.scalar(select(Student.id))
    old_code = _code_of(app, "Ana Diaz")
    teacher = logged_in(app)
    assert "stops working at once" in text_of(teacher.get(f"/teacher/students/{ana}/new-code"))
    post(teacher, f"/teacher/students/{ana}/new-code")
    new_code = _code_of(app, "Ana Diaz")
    assert new_code != old_code
    assert phone.get("/").status_code == 302
    assert "not right" in text_of(join(phone, code, "Ana Diaz", student_code=old_code))
    assert join(phone, code, "Ana Diaz", student_code=new_code).status_code == 302


# -- Roster-locked classes ----------------------------------------------------------------------------


def test_a_teacher_adds_a_pasted_list_and_a_csv_and_prints_login_cards(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
    teacher = logged_in(app)
    refused = post(
        teacher, f"/teacher/classes/{room_id}/students/add", {"names": "Ana Diaz\n\nBen Okafor\nana  diaz\n"}
    )
    assert "Line 4: ana diaz is the same name as line 1" in text_of(refused)
    assert _student_count(app) == 0
    added = post(teacher, f"/teacher/classes/{room_id}/students/add", {"names": "Ana Diaz\nBen Okafor\n"})
    assert added.status_code == 302
    csv_file = (io.BytesIO(b"First name,Last name\nCara,Lin\nBen,Okafor\n"), "class.csv")
    added = post(
        teacher,
        f"/teacher/classes/{room_id}/students/add",
        {"file": csv_file},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Added 1 student to Period 3 Civics. Already on the list: Ben Okafor." in text_of(added)
    with app.app_context():
        students = db.session.scalars(select(Student).order_by(Student.name_key)).all()
        assert [(s.name, s.joined_at) for s in students] == [
            ("Ana Diaz", None),
            ("Ben Okafor", None),
            ("Cara Lin", None),
        ]
        codes = {s.name: s.login_code for s in students}
    assert len(set(codes.values())) == 3
    cards = soup(text_of(teacher.get(f"/teacher/classes/{room_id}/cards")))
    printed = {card.h2.get_text(): card.get_text(" ", strip=True) for card in cards.select(".card")}
    join_code = _join_code(app, room_id)
    assert set(printed) == set(codes)
    for name, code in codes.items():
        assert code in printed[name] and join_code in printed[name]
    pdf = teacher.get(f"/teacher/classes/{room_id}/cards.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_roster_locked_class_takes_only_listed_names_with_their_codes(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        add_student(room_id, "Ana Diaz")
    teacher = logged_in(app)
    post(teacher, f"/teacher/classes/{room_id}/joining", {"mode": "roster"})
    with app.app_context():
        assert db.session.get(Classroom, room_id).roster_locked
    code = _join_code(app, room_id)
    stranger = app.test_client()
    no_code = join(stranger, code, "Zed New")
    assert "This class needs your student code" in text_of(no_code)
    unknown = join(stranger, code, "Zed New", student_code=_code_of(app, "Ana Diaz"))
    wrong = join(stranger, code, "Ana Diaz", student_code="AAAAAA")
    message = "That name and student code do not match anyone on the list of this class"
    assert message in text_of(unknown) and message in text_of(wrong)  # the same words: the list stays unread
    assert _student_count(app) == 1
    assert join(stranger, code, "ana diaz", student_code=_code_of(app, "Ana Diaz")).status_code == 302
    assert _student_count(app) == 1
    with app.app_context():
        assert db.session.scalar(select(Student.joined_at)) is not None


def test_a_roster_locked_class_has_no_asking_the_teacher(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        add_student(room_id, "Ana Diaz")
    _lock(app, room_id)
    tablet = app.test_client()
    code = _join_code(app, room_id)
    response = tablet.post("/join/ask", data={"code": code, "name": "Ana Diaz", "csrf_token": token_from(tablet)})
    assert "needs your student code" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JoinRequest)) == 0


# -- One person, one attempt limit ------------------------------------------------------------------------


def test_the_attempt_limit_holds_for_the_person_on_another_device(app, classroom):
    code, assignment_id = classroom
    phone = joined_client(app, code, "Ana Diaz")
    start(phone, assignment_id)
    phone.post(
        f"/attempts/{_attempt_id(app)}/answers",
        data={"action": "submit", "confirm": "yes", "csrf_token": token_from(phone)},
    )
    laptop = app.test_client()
    join(laptop, code, "Ana Diaz", student_code=_code_of(app, "Ana Diaz"))
    laptop.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(laptop)})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def _attempt_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Attempt.id))


def test_a_merge_over_the_attempt_limit_asks_which_attempts_to_keep(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        quiz = add_assignment(room_id)  # one attempt allowed
        keep = add_student(room_id, "Ana Diaz")
        other = add_student(room_id, "Ana D")
        first = add_attempt(quiz, keep, {})
        second = add_attempt(quiz, other, {})
    teacher = logged_in(app)
    asked = post(teacher, f"/teacher/students/{keep}/merge", {"other": str(other)})
    page = soup(text_of(asked))
    assert asked.status_code == 200
    assert "Choose the attempts to keep" in page.get_text()
    assert {box["value"] for box in page.select('input[name="keep"]')} == {str(first), str(second)}
    with app.app_context():
        assert db.session.get(Student, other) is not None  # nothing merged yet
    assert page.select_one('input[name="choosing"]')["value"] == str(other)
    shown = [str(first), str(second)]
    url = f"/teacher/students/{keep}/merge"
    both = post(teacher, url, {"other": str(other), "choosing": str(other), "shown": shown, "keep": shown})
    assert "keep between 1 and 1 attempt (you chose 2)" in text_of(both)
    # Ticks given for another record's list (the teacher changed the record after the list came) ask again.
    with app.app_context():
        third = add_student(room_id, "Ana Z")
    moved_on = post(teacher, url, {"other": str(other), "choosing": str(third), "shown": shown, "keep": shown[1]})
    assert moved_on.status_code == 200 and "Choose the attempts to keep" in text_of(moved_on)
    done = post(teacher, url, {"other": str(other), "choosing": str(other), "shown": shown, "keep": str(second)})
    assert done.status_code == 302
    with app.app_context():
        attempts = db.session.scalars(select(Attempt)).all()
        assert [(a.id, a.student_id, a.number) for a in attempts] == [(second, keep, 1)]
        assert db.session.get(Student, other) is None


# -- What the review of this change found -------------------------------------------------------------


def _ask(client, code: str, name: str, pin: str | None = None):
    data = {"code": code, "name": name, "csrf_token": token_from(client)}
    if pin is not None:
        data["pin"] = pin
    return client.post("/join/ask", data=data)


def test_asking_the_teacher_counts_wrong_codes_and_pins_like_joining(app, classroom):
    code, _ = classroom
    app.config["JOIN_LIMIT"] = (3, timedelta(minutes=10))
    guesser = app.test_client()
    for n in range(3):
        assert _ask(guesser, f"ZZZZZ{n}", "Alice").status_code == 200
    assert _ask(guesser, "ZZZZZ9", "Alice").status_code == 429  # code guesses through /join/ask are counted
    with app.app_context():
        db.session.scalar(select(Classroom)).pin = "4821"
        db.session.commit()
    for n in range(3):
        assert "That PIN is not right" in text_of(_ask(app.test_client(), code, "Alice", pin=f"{n:04d}"))
    assert _ask(app.test_client(), code, "Alice", pin="0009").status_code == 429


def test_guessing_one_students_code_never_stops_a_classmate_joining(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    app.config["JOIN_LIMIT"] = (2, timedelta(minutes=10))
    guesser = app.test_client()
    for _ in range(2):
        join(guesser, code, "Alice", student_code="AAAAAA")
    assert join(guesser, code, "Alice", student_code="AAAAAA").status_code == 429
    assert join(app.test_client(), code, "Brand New Kid").status_code == 302
    assert join(app.test_client(), code, "Ben", student_code="AAAAAA").status_code == 200  # Ben's own count


def test_a_new_code_cancels_a_request_approved_by_mistake_and_approvals_lapse(app, classroom, clock):
    code, _ = classroom
    joined_client(app, code, "Alice")
    impostor = app.test_client()
    _ask(impostor, code, "Alice")
    with app.app_context():
        request = db.session.scalar(select(JoinRequest))
        request_id, check = request.id, request.check_code
        alice = request.student_id
    assert check in text_of(impostor.get("/join/waiting"))
    teacher = logged_in(app)
    assert check in text_of(teacher.get("/teacher/"))  # the teacher compares it with the student's screen
    post(teacher, f"/teacher/join-requests/{request_id}/approve")
    post(teacher, f"/teacher/students/{alice}/new-code")
    assert "did not let this device in" in text_of(impostor.get("/join/waiting"))
    assert impostor.get("/").status_code == 302
    # An approval the device does not use within half an hour lapses.
    late = app.test_client()
    _ask(late, code, "Alice")
    with app.app_context():
        second = db.session.scalar(select(JoinRequest.id).order_by(JoinRequest.id.desc()))
    post(teacher, f"/teacher/join-requests/{second}/approve")
    clock.advance(minutes=31)
    assert "did not answer in time" in text_of(late.get("/join/waiting"))
    assert late.get("/").status_code == 302


def test_signing_out_drops_the_devices_waiting_requests(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    lab_pc = joined_client(app, code, "Ben Okafor")
    _ask(lab_pc, code, "Alice")
    with app.app_context():
        room_id = db.session.scalar(select(Classroom.id))
    lab_pc.post(f"/classes/{room_id}/sign-out", data={"csrf_token": token_from(lab_pc)})
    with lab_pc.session_transaction() as session:
        assert "join_requests" not in session


def test_an_old_cookie_with_two_classmates_shows_nobody_once_the_last_stops_verifying(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Alice")
    joined_client(app, code, "Ben Okafor")
    with app.app_context():
        alice, ben = db.session.scalars(select(Student).order_by(Student.id)).all()
        entries = [
            {"classroom_id": s.classroom_id, "student_id": s.id, "device_token": s.device_token} for s in (alice, ben)
        ]
        ben_id = ben.id
    laptop = app.test_client()
    with laptop.session_transaction() as session:
        session["students"] = entries  # as the previous version kept them
    assert "Ben Okafor" in text_of(laptop.get("/"))
    teacher = logged_in(app)
    post(teacher, f"/teacher/students/{ben_id}/new-code")
    assert laptop.get("/").status_code == 302  # nobody, not Alice


def test_a_csv_with_a_stray_quote_is_a_clear_problem_not_a_server_error(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
    teacher = logged_in(app)
    broken = (io.BytesIO(b'Name\n"' + b"a" * 200_000), "class.csv")
    response = post(
        teacher, f"/teacher/classes/{room_id}/students/add", {"file": broken}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert "cannot be read as CSV" in text_of(response)
    assert _student_count(app) == 0


def test_students_of_a_roster_locked_class_pick_their_name_from_its_list(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        add_student(room_id, "Ana Diaz")
        add_student(room_id, "Ben Okafor")
    code = _join_code(app, room_id)
    typed = soup(text_of(app.test_client().get(f"/join?code={code}")))
    assert typed.find("input", attrs={"name": "name"}) is not None  # an open class: the name is typed
    _lock(app, room_id)
    student = app.test_client()
    page = soup(text_of(student.get(f"/join?code={code}")))
    select = page.find("select", attrs={"name": "name"})
    assert [o.get_text() for o in select.find_all("option")][1:] == ["Ana Diaz", "Ben Okafor"]
    assert page.find("label", attrs={"for": select["id"]}).get_text() == "Your name"
    # Typing the code with a name not on the list brings the list up, and nothing else is said about the name.
    refused = soup(text_of(join(student, code, "Ann Dias", student_code="AAAAAA")))
    assert refused.find("select", attrs={"name": "name"}) is not None
    assert join(student, code, "Ben Okafor", student_code=_code_of(app, "Ben Okafor")).status_code == 302
    assert soup(text_of(app.test_client().get("/join?code=ZZZZZZ"))).find("select") is None  # no class, no list


def _session_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def test_the_cookie_is_sent_again_only_when_it_changes_or_is_a_day_old(app, classroom, monkeypatch):
    code, assignment_id = classroom
    client = joined_client(app, code, "Ana Diaz")
    assert len(_session_cookies(client.get("/"))) == 1  # the welcome message shown leaves the session
    # A save every few seconds re-signing the cookie cost CPU and bytes for nothing: the session is unchanged.
    assert _session_cookies(client.get("/")) == []
    assert _session_cookies(client.get(f"/assignments/{assignment_id}")) == []
    # A day later the next visit refreshes it, for another 200 days from then.
    later = utcnow() + timedelta(days=1, seconds=1)
    monkeypatch.setattr("quizapp.web.utcnow", lambda: later)
    refreshed = _session_cookies(client.get("/"))
    assert len(refreshed) == 1 and "Expires=" in refreshed[0]
    assert client.get("/").status_code == 200 and "Ana Diaz" in text_of(client.get("/"))


def test_a_forged_or_expired_cookie_signs_nobody_in(app, classroom, monkeypatch):
    code, assignment_id = classroom
    client = joined_client(app, code, "Ana Diaz")
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB"))
    assert client.get("/").headers["Location"] == "/join"
    client.set_cookie("session", cookie.value)
    assert client.get("/").status_code == 200
    # Past the 200 days of a permanent session the signature's age refuses it.
    real_time = time.time
    monkeypatch.setattr("time.time", lambda: real_time() + 201 * 24 * 3600)
    assert client.get("/").headers["Location"] == "/join"


def test_a_signed_cookie_with_ids_no_database_holds_is_ignored_not_an_error(app, classroom):
    """Entries whose ids are a bool or too large for the database (a cookie signed by an older or broken
    version) are no entries: the student of the good entry still gets their quiz, nobody else is in."""
    code, assignment_id = classroom
    joined_client(app, code, "Ana Diaz")
    with app.app_context():
        ana = db.session.scalar(select(Student))
        good = {"classroom_id": ana.classroom_id, "student_id": ana.id, "device_token": ana.device_token}
    bad = [
        {**good, "student_id": True},
        {**good, "student_id": 2**40},
        {**good, "classroom_id": 2**70},
        {**good, "student_id": -1},
    ]
    device = app.test_client()
    with device.session_transaction() as session:
        session["students"] = [*bad, good]
    assert "Ana Diaz" in text_of(device.get("/"))
    assert device.get(f"/assignments/{assignment_id}").status_code == 200
    with device.session_transaction() as session:
        session["students"] = bad
    assert device.get(f"/assignments/{assignment_id}").headers["Location"] == "/join"
