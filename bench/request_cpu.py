"""Server CPU per request (ms) for the student's busiest requests, as ratios to hello-world in the same run.

``python -m bench.request_cpu [--students N] [--rounds R] [--backend sqlite|postgres]``

The real app (create_app with the environment's settings, CSRF on, the database migrated and seeded
by the load benchmark's own steps) driven through Flask's test client in this one process, so the CPU
time of this process is the server's CPU for the request (plus the test client's, which hello-world
pays too). CPU time, not wall time: a loaded, shared machine slows both alike, and the ratio to
hello-world measured in the same run is the figure to compare between runs.

Measured, each over every student: Start (the POST), the quiz page (GET of the assignment with the
attempt in progress), a save (autosave's POST of the one question changed, as autosave.js and
bench.load's students post it), the same with the whole form posted (as autosave.js did before), a
save of the whole form that changes nothing, Submit (the form with ``action=submit``,
confirmed), the results page, and the teacher's gradebook and item analysis of the class. With
PostgreSQL on this machine, the database server's CPU per request too (its processes' CPU time over
the batches, from psutil): on the load benchmark's 2 cores it is part of every request's cost.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import psutil
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.load.pages import QuizForm, csrf_token, start_form
from bench.load.server import Server

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
AUTOSAVE = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


PROFILED: set[str] = set()  # the kinds of request to profile (--profile)
CALLS: dict[str, float] = {}  # Python function calls per request of each kind (--calls)
COUNT_CALLS = [False]
PROFILE_LINES = 45  # lines of each profile printed
PROFILE_FILE = [""]  # where to keep the profile for pstats (--profile-out)
STATEMENTS = [0]  # SQL statements sent to the database so far (a figure no other work on the machine disturbs)
COUNTS: dict[str, float] = {}  # statements per request of each kind


DATABASE_CPU: dict[str, float] = {}  # ms of the local PostgreSQL server's CPU per request of each kind


def database_cpu_seconds() -> float:
    """CPU time used so far by the PostgreSQL server processes on this machine (0 where there are none):
    on PostgreSQL a request's cost is also the database's, on the same cores in the load benchmark."""
    total = 0.0
    for proc in psutil.process_iter(["name"]):
        if proc.info["name"] in ("postgres", "postmaster"):
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
    return total


HELD = [0.0]  # seconds from a transaction's first write to its end: how long it kept SQLite's one write lock
HOLDS: dict[str, float] = {}  # ms of it per request of each kind
_WRITES = ("INSERT", "UPDATE", "DELETE")


@event.listens_for(Engine, "before_cursor_execute")
def _count_statement(conn, cursor, statement, *_args) -> None:
    STATEMENTS[0] += 1
    if "bench.first_write" not in conn.info and statement.lstrip()[:6].upper() in _WRITES:
        conn.info["bench.first_write"] = time.perf_counter()


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_ended(conn) -> None:
    started = conn.info.pop("bench.first_write", None)
    if started is not None:
        HELD[0] += time.perf_counter() - started


def cpu_ms(requests: list[Callable[[], object]], name: str = "", batches: int = 4) -> float:
    """CPU milliseconds of this process per call of ``requests``: the least of ``batches`` consecutive
    batches' means (the least disturbed by other work on a shared machine, as bench.timing's best_of).

    Profiled with cProfile when ``name`` was asked for (--profile), timed by this process's CPU clock: the
    wait for PostgreSQL's answer is no cost of this process.
    """
    profile = cProfile.Profile(time.process_time) if name in PROFILED or COUNT_CALLS[0] else None
    size = max(len(requests) // batches, 1)
    sent, held, database = STATEMENTS[0], HELD[0], database_cpu_seconds()
    means = []
    for first in range(0, len(requests) - size + 1, size):
        start = time.process_time()
        if profile:
            profile.enable()
        for request in requests[first : first + size]:
            request()
        if profile:
            profile.disable()
        means.append((time.process_time() - start) * 1000 / size)
    if profile:
        CALLS[name] = pstats.Stats(profile).total_calls / (size * len(means))  # type: ignore[attr-defined]
    if profile and name in PROFILED:
        if PROFILE_FILE[0]:
            profile.dump_stats(PROFILE_FILE[0])
        print(f"--- {name}: cumulative")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(PROFILE_LINES)
        print(f"--- {name}: own time")
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    COUNTS[name] = (STATEMENTS[0] - sent) / (size * len(means))
    HOLDS[name] = (HELD[0] - held) * 1000 / (size * len(means))
    DATABASE_CPU[name] = (database_cpu_seconds() - database) * 1000 / (size * len(means))
    return min(means)


def expect(status: int, response):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:500])
    return response


def measure(students: int, rounds: int, backend: str) -> dict[str, float]:
    """CPU ms per request of each kind, hello-world first, on a fresh database prepared as bench.load's."""
    server = Server(backend, workers=1)  # its database and seeding only: the app runs in this process
    try:
        env = server._environment()
        quizapp = str(Path(sys.executable).parent / "quizapp")
        for command in ([quizapp, "db", "upgrade"], [quizapp, "banks", "load"]):
            subprocess.run(command, env=env, cwd=server.folder, check=True, capture_output=True)  # noqa: S603
        seeded = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.load.seed"], env=env, cwd=server.folder, check=True, capture_output=True,
            text=True,
        )
        server.plan = json.loads(seeded.stdout.strip().splitlines()[-1])
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY")})
        return _measure_app(server, students, rounds)
    finally:
        server.__exit__(None, None, None)


def _measure_app(server: Server, students: int, rounds: int) -> dict[str, float]:
    from quizapp import create_app

    app = create_app()
    # Each student saves many times a second here (a student saves every few seconds): a higher limit,
    # still counted per save with the same statements, so that no save is refused with a 429.
    app.config["SAVE_LIMIT"] = (10**6, app.config["SAVE_LIMIT"][1])
    plan = server.plan["exam"]
    hello = app.test_client()
    figures = {"hello": cpu_ms([lambda: expect(200, hello.get("/healthz")) for _ in range(500)], "hello")}
    clients = []
    for number in range(students):
        client = app.test_client()
        page = expect(200, client.get(f"/join?code={plan['code']}")).get_data(as_text=True)
        name = f"Student {number:03d}"
        body = urlencode({"csrf_token": csrf_token(page), "code": plan["code"], "name": name, "pin": ""})
        expect(302, client.post("/join", data=body, headers=FORM))
        opened = expect(200, client.get(f"/assignments/{plan['assignment']}")).get_data(as_text=True)
        action, token = start_form(opened) or ("", "")
        clients.append((client, action, token))
    figures["start"] = cpu_ms(
        [lambda c=c, a=a, t=t: expect(302, c.post(a, data=urlencode({"csrf_token": t}), headers=FORM))
         for c, a, t in clients], "start"
    )
    pages: list[str] = []
    figures["quiz page"] = cpu_ms(
        [lambda c=c: pages.append(expect(200, c.get(f"/assignments/{plan['assignment']}")).get_data(as_text=True))
         for c, _, _ in clients], "quiz page"
    )
    forms = [QuizForm(page) for page in pages]
    # Saves as autosave.js sends them (the question changed only), and as it sent them before (the whole form).
    for name, whole in (("save", False), ("save, whole form", True)):
        saves = []
        for round_number in range(rounds):
            for (client, _, _), form in zip(clients, forms, strict=True):
                question = form.questions[(round_number + whole * rounds) % len(form.questions)]

                def save(client=client, form=form, question=question, whole=whole):
                    form.answer(question)
                    body = form.body() if whole else form.body(questions=[question])
                    expect(200, client.post(form.action, data=body, headers=AUTOSAVE))
                saves.append(save)
        figures[name] = cpu_ms(saves, name)
    figures["save, nothing changed"] = cpu_ms(
        [lambda c=c, f=f: expect(200, c.post(f.action, data=f.body(), headers=AUTOSAVE))
         for (c, _, _), f in zip(clients, forms, strict=True)], "save, nothing changed"
    )
    results: list[str] = []

    def submit(client, form) -> None:
        body = form.body() + "&" + urlencode({"action": "submit", "confirm": "yes"})
        results.append(expect(302, client.post(form.action, data=body, headers=FORM)).headers["Location"])

    figures["submit"] = cpu_ms(
        [lambda c=c, f=f: submit(c, f) for (c, _, _), f in zip(clients, forms, strict=True)], "submit"
    )
    figures["results page"] = cpu_ms(
        [lambda c=c, r=r: expect(200, c.get(r)) for (c, _, _), r in zip(clients, results, strict=True)], "results page"
    )
    # The teacher watching: the gradebook and the item analysis of the class that has just submitted.
    teacher = app.test_client()
    page = expect(200, teacher.get("/teacher/login")).get_data(as_text=True)
    login = {"csrf_token": csrf_token(page), **{k: server.plan["teacher"][k] for k in ("email", "password")}}
    expect(302, teacher.post("/teacher/login", data=urlencode(login), headers=FORM))
    for name, path in (("gradebook", "gradebook"), ("item analysis", "analysis")):
        url = f"/teacher/assignments/{plan['assignment']}/{path}"
        figures[name] = cpu_ms([lambda url=url: expect(200, teacher.get(url)) for _ in range(12)], name)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5, help="saves per student")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", action="append", default=[], metavar="KIND",
                        help="profile this kind of request (start, quiz page, save) with cProfile; slows it")
    parser.add_argument("--profile-out", default="", metavar="FILE",
                        help="also keep the (last) profile in FILE, for pstats' callers and callees")
    parser.add_argument("--calls", action="store_true",
                        help="count the Python function calls per request (the same in every run, unlike CPU "
                             "time on a shared machine: for comparing two versions of the code); slows every request")
    args = parser.parse_args()
    PROFILED.update(args.profile)
    COUNT_CALLS[0] = args.calls
    PROFILE_FILE[0] = args.profile_out
    random.seed(14)
    load = os.getloadavg()[0]
    figures = measure(args.students, args.rounds, args.backend)
    if args.json:
        print(json.dumps(figures))
        return
    hello = figures["hello"]
    print(f"{args.backend}, {args.students} students, load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    for name, ms in figures.items():
        print(
            f"{name:24} {ms:7.2f} ms CPU  ({ms / hello:5.1f}× hello-world)  {COUNTS[name]:5.1f} SQL statements, "
            f"write lock held {HOLDS[name]:5.2f} ms"
            + (f", database server CPU {DATABASE_CPU[name]:5.2f} ms" if args.backend == "postgres" else "")
            + (f", {CALLS[name]:7.0f} Python calls" if name in CALLS else "")
        )


if __name__ == "__main__":
    main()
