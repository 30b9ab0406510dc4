"""Simulated students and teachers (locust users) posting exactly what the real pages post.

Students: join with the class code (the join form and its CSRF token), open the assignment, press
Start, then answer one question at a time; each answer is saved as autosave.js saves it (the question changed,
whole, with the form's CSRF token, ``Accept: application/json``), then Submit posts the whole form
with ``action=submit`` and the results page is opened. Teachers log in and open the gradebook and the item
analysis in turn. Redirects are followed by hand so that each request is timed under its own name.

Imported only by the load generator's own process (locust patches the standard library with gevent).
"""

from __future__ import annotations

import itertools
import random
import time
from urllib.parse import urlencode, urlsplit

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant
from locust.exception import StopUser

from bench.load.pages import Question, QuizForm, csrf_token, start_form

FORM_POST = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
AUTOSAVE_POST = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
# "Start now" and "submit now" reach a class at one moment; students press the button within seconds of it.
REACTION_SECONDS = 3.0


class Scenario:
    """What the users of this run share: the seeded plan and the moments they wait for together."""

    plan: dict = {}
    settings: dict = {}
    ready = 0  # students waiting for the start
    started = 0  # students past Start (on the quiz, or given up on an error)
    finished = 0  # students who answered everything (or gave up on an error)
    done = 0  # students whose journey is over
    everyone_in = Event()  # the synchronized Start
    everyone_answered = Event()  # the synchronized Submit
    stop = Event()  # teachers and capacity students stop
    save_rate = 0.0  # capacity: the offered saves per second, over all students
    save_name = "save"
    hello_name = "hello"


_numbers = itertools.count(1)
_requests = itertools.count()


def host_for_next_request() -> str:
    """The address of the app host the next request goes to (round robin over the plan's hosts)."""
    urls = Scenario.plan["urls"]
    return urls[next(_requests) % len(urls)] if len(urls) > 1 else urls[0]


class Visitor(FastHttpUser):
    """A browser: one cookie jar, requests timed one by one, a non-expected status counted as a failure."""

    abstract = True
    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 60.0

    def fetch(self, method: str, path: str, name: str, expect: int, retry: bool = True, **kwargs):
        """One request; marks it failed unless the status is ``expect``; returns the response or None.

        With several app hosts each request goes to the next one in turn, as a load balancer without
        sticky sessions sends them: nothing a student needs may live in one host's memory.

        A kept-alive connection that the server closed while the student was thinking (gunicorn keeps
        idle connections 2 s) fails before anything is sent; browsers then send the request again on a
        new connection, and so does this, once. The failed try is counted under its own name.
        """
        with self.client.request(
            method, host_for_next_request() + path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code == expect:
                response.success()
                return response
            stale = retry and not response.status_code and "ConnectionClosed" in type(response.error).__name__
            if stale:
                response.request_meta["name"] = "(kept-alive connection closed; sent again)"
                response.failure("kept-alive connection closed by the server")
            else:
                problem = f"HTTP {response.status_code}" if response.status_code else repr(response.error)[:60]
                response.failure(f"{problem}, expected {expect}")
                return None
        return self.fetch(method, path, name, expect, retry=False, **kwargs)

    @staticmethod
    def location(response) -> str:
        """The path a redirect points to."""
        parts = urlsplit(response.headers["Location"])
        return parts.path + (f"?{parts.query}" if parts.query else "")


class Student(Visitor):
    """A student with a name of their own (names are unique across the run)."""

    abstract = True
    group = "exam"

    def on_start(self) -> None:
        self.name = f"Student {next(_numbers):03d}"
        self.assignment = Scenario.plan[self.group]["assignment"]

    def join_and_open(self) -> str | None:
        """Join, land on the home page, open the assignment; the Start form's CSRF token, or None."""
        code = Scenario.plan[self.group]["code"]
        page = self.fetch("GET", f"/join?code={code}", "join page", 200)
        if page is None:
            return None
        body = urlencode({"csrf_token": csrf_token(page.text), "code": code, "name": self.name, "pin": ""})
        joined = self.fetch("POST", "/join", "join", 302, data=body, headers=FORM_POST)
        if joined is None or self.fetch("GET", self.location(joined), "home", 200) is None:
            return None
        opened = self.fetch("GET", f"/assignments/{self.assignment}", "assignment page", 200)
        if opened is None:
            return None
        start = start_form(opened.text)
        return start[1] if start else None

    def press_start(self, token: str) -> QuizForm | None:
        """Press Start; the quiz form it leads to."""
        body = urlencode({"csrf_token": token})
        path = f"/assignments/{self.assignment}/start"
        started = self.fetch("POST", path, "start", 302, data=body, headers=FORM_POST)
        if started is None:
            return None
        quiz = self.fetch("GET", self.location(started), "quiz page", 200)
        return QuizForm(quiz.text) if quiz is not None else None

    def save(self, form: QuizForm, changed: Question, name: str = "save") -> bool:
        """The autosave of the question just changed, as autosave.js sends it; True when acknowledged."""
        body = form.body(questions=[changed])
        return self.fetch("POST", form.action, name, 200, data=body, headers=AUTOSAVE_POST) is not None

    def submit(self, form: QuizForm) -> None:
        """Press Submit answers, then read the results."""
        submitted = self.fetch("POST", form.action, "submit", 302, data=form.body("submit"), headers=FORM_POST)
        if submitted is not None:
            self.fetch("GET", self.location(submitted), "results", 200)


class ClassStartStudent(Student):
    """Scenario 1: join and open the quiz, as a class does at the start of a lesson."""

    group = "class_start"

    def on_start(self) -> None:
        super().on_start()
        self.began = time.monotonic()

    def task_journey(self) -> None:
        token = self.join_and_open()
        form = self.press_start(token) if token else None
        if form is not None:
            Scenario.settings.setdefault("opened_after", []).append(time.monotonic() - self.began)
        Scenario.done += 1
        raise StopUser()

    tasks = [task_journey]


class ExamStudent(Student):
    """Scenario 2: join, wait for the teacher's Start, answer 20 questions with think time, submit together."""

    group = "exam"

    def task_journey(self) -> None:
        token = self.join_and_open()
        Scenario.ready += 1
        Scenario.everyone_in.wait()
        gevent.sleep(random.uniform(0, REACTION_SECONDS))
        form = self.press_start(token) if token else None
        Scenario.started += 1
        if form is not None:
            window = Scenario.settings["answer_seconds"]
            thinking = [random.uniform(0.5, 1.5) for _ in form.questions]
            scale = window / sum(thinking)
            for question, think in zip(form.questions, thinking, strict=True):
                gevent.sleep(think * scale)
                form.answer(question)
                self.save(form, question)
        Scenario.finished += 1
        Scenario.everyone_answered.wait()
        gevent.sleep(random.uniform(0, REACTION_SECONDS))
        if form is not None:
            self.submit(form)
        Scenario.done += 1
        raise StopUser()

    tasks = [task_journey]


class CapacityStudent(Student):
    """Scenario 3: students in a quiz, changing one answer at a time at the rate the generator sets."""

    group = "capacity"

    def task_journey(self) -> None:
        token = self.join_and_open()
        form = self.press_start(token) if token else None
        Scenario.ready += 1
        Scenario.everyone_in.wait()
        students = Scenario.settings["students"]
        rate, next_save = 0.0, 0.0
        while form is not None and not Scenario.stop.is_set():
            if Scenario.save_rate != rate:
                # A new step: each student's saves at the new pace from now, spread over one interval.
                rate = Scenario.save_rate
                next_save = time.monotonic() + random.uniform(0, students / rate)
            if time.monotonic() < next_save:
                gevent.sleep(min(0.2, next_save - time.monotonic()))  # short naps: a new step starts at once
                continue
            question = random.choice(form.questions)
            form.answer(question)
            self.save(form, question, Scenario.save_name)
            # A student who fell behind does not catch up in a burst: the offered rate stays the rate.
            next_save = max(next_save + students / rate, time.monotonic())
        Scenario.done += 1
        raise StopUser()

    tasks = [task_journey]


class Teacher(Visitor):
    """Scenario 4: a teacher watching the exam: the gradebook, then the item analysis, with think time."""

    fixed_count = 0  # set by the generator

    def task_watch(self) -> None:
        teacher = Scenario.plan["teacher"]
        page = self.fetch("GET", "/teacher/login", "teacher login page", 200)
        if page is None:
            raise StopUser()
        token = csrf_token(page.text)
        body = urlencode({"csrf_token": token, "email": teacher["email"], "password": teacher["password"]})
        if self.fetch("POST", "/teacher/login", "teacher login", 302, data=body, headers=FORM_POST) is None:
            raise StopUser()
        Scenario.everyone_in.wait()
        assignment = Scenario.plan["exam"]["assignment"]
        while not Scenario.stop.is_set():
            self.fetch("GET", f"/teacher/assignments/{assignment}/gradebook", "gradebook", 200)
            Scenario.stop.wait(random.uniform(1, 3))
            if Scenario.stop.is_set():
                break
            self.fetch("GET", f"/teacher/assignments/{assignment}/analysis", "item analysis", 200)
            Scenario.stop.wait(random.uniform(1, 3))
        raise StopUser()

    tasks = [task_watch]


class Hello(Visitor):
    """The baseline: the app's hello-world endpoint, as fast as the server answers it."""

    def task_hello(self) -> None:
        self.fetch("GET", "/healthz", Scenario.hello_name, 200)

    tasks = [task_hello]
