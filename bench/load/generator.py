"""The load generator's process: runs one scenario with locust as a library, headless, and writes JSON.

``python -m bench.load.generator SCENARIO PLAN.json OUT.json`` (bench.load starts it; the plan names the
server's hosts, its processes and the run's settings). Every request is recorded (name, start,
milliseconds, status, error) and summarised here; the process's own CPU time is measured with
``resource``, since it shares the machine's cores with the server, and the server's CPU time at each
phase of the exam. Users, requests and time are bounded: each scenario has a fixed number of users
and a time limit.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import gevent
import locust  # noqa: F401 - first: locust patches the standard library with gevent
from locust.env import Environment

from bench.load import students
from bench.load.server import server_cpu_seconds
from bench.load.settings import (
    CAPACITY_RATES,
    CAPACITY_STEP_SECONDS,
    CAPACITY_STUDENTS,
    CLASS_START_STUDENTS,
    EXAM_ANSWER_SECONDS,
    EXAM_STUDENTS,
    EXAM_TEACHERS,
    TIME_LIMIT,
)
from bench.load.students import Scenario


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


class Recorder:
    """Every request of the run, as locust reports it."""

    def __init__(self):
        self.requests: list[tuple[str, float, float, int, str | None]] = []

    def __call__(self, request_type, name, response_time, response_length, response=None, exception=None,
                 start_time=None, **kwargs):
        status = getattr(response, "status_code", 0) or 0
        error = str(exception) if exception else None
        self.requests.append((name, start_time or time.time(), response_time, status, error))

    def summary(self, since: float = 0.0, until: float = float("inf")) -> dict[str, dict]:
        """Per request name: count, errors, server errors, latency percentiles (ms) and rate (per second)."""
        grouped: dict[str, list] = defaultdict(list)
        for request in self.requests:
            if since <= request[1] < until:
                grouped[request[0]].append(request)
        result = {}
        for name, rows in grouped.items():
            times = sorted(row[2] for row in rows)
            first = min(row[1] for row in rows)
            last = max(row[1] + row[2] / 1000 for row in rows)
            errors: dict[str, int] = defaultdict(int)
            for row in rows:
                if row[4]:
                    errors[row[4][:80]] += 1
            result[name] = {
                "n": len(rows),
                "errors": sum(errors.values()),
                "server_errors": sum(1 for row in rows if row[3] >= 500),
                "error_kinds": dict(errors),
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
                "max": times[-1],
                "rate": len(rows) / max(last - first, 1e-3),
                "seconds": last - first,
            }
        return result


def wait_for(condition, limit: float) -> bool:
    """Poll ``condition`` until true or ``limit`` seconds pass; whether it became true."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        gevent.sleep(0.05)
    return condition()


def run_hello(runner, result: dict) -> None:
    Scenario.hello_name = "hello, 1 user"
    runner.start(1, spawn_rate=1)
    gevent.sleep(3)
    Scenario.hello_name = "hello, 16 users"
    runner.start(16, spawn_rate=100)
    gevent.sleep(5)


def run_class_start(runner, result: dict) -> None:
    runner.start(CLASS_START_STUDENTS, spawn_rate=CLASS_START_STUDENTS)
    wait_for(lambda: Scenario.done >= CLASS_START_STUDENTS, 60)
    opened = Scenario.settings.get("opened_after", [])
    result["opened"] = len(opened)
    result["all_opened_after"] = max(opened) if opened else None


def run_exam(runner, result: dict) -> None:
    count = Scenario.plan.get("exam_students", EXAM_STUDENTS)
    Scenario.settings["answer_seconds"] = EXAM_ANSWER_SECONDS
    students.Teacher.fixed_count = EXAM_TEACHERS
    runner.start(count + EXAM_TEACHERS, spawn_rate=60)
    wait_for(lambda: Scenario.ready >= count, 30 + count / 10)
    result["students"] = count
    marks = result["marks"] = {}

    def mark(name: str) -> None:
        marks[name] = time.time()
        marks[f"{name}_server_cpu"] = server_cpu_seconds(Scenario.plan["server_pids"])

    mark("start")
    Scenario.everyone_in.set()
    # Answering proper: everyone has the quiz open, only saves (and the teachers' pages) reach the server.
    wait_for(lambda: Scenario.started >= count, 30 + count / 20)
    mark("answering")
    wait_for(lambda: Scenario.finished >= count, EXAM_ANSWER_SECONDS + 30)
    mark("submit")
    Scenario.everyone_answered.set()
    wait_for(lambda: Scenario.done >= count, 30 + count / 20)
    mark("end")
    Scenario.stop.set()


def run_capacity(runner, result: dict) -> None:
    Scenario.settings["students"] = CAPACITY_STUDENTS
    Scenario.save_rate = CAPACITY_RATES[0]
    Scenario.save_name = f"save at {CAPACITY_RATES[0]}/s"
    runner.start(CAPACITY_STUDENTS, spawn_rate=50)
    wait_for(lambda: Scenario.ready >= CAPACITY_STUDENTS, 90)
    Scenario.everyone_in.set()
    steps = []
    for rate in CAPACITY_RATES:
        Scenario.save_rate, Scenario.save_name = rate, f"save at {rate}/s"
        began = time.time()
        gevent.sleep(CAPACITY_STEP_SECONDS)
        step = {"offered": rate, "began": began, "ended": time.time()}
        # Saves still in flight belong to the step they started in: let them land before judging it.
        gevent.sleep(1.0)
        steps.append(step)
        step_requests = result["recorder"].summary(began, step["ended"]).get(Scenario.save_name)
        if step_requests is None or step_requests["p99"] > 1000 or step_requests["errors"] or (
            step_requests["n"] / CAPACITY_STEP_SECONDS < 0.9 * rate
        ):
            break  # past the capacity: no need to push the server further
    Scenario.stop.set()
    wait_for(lambda: Scenario.done >= CAPACITY_STUDENTS, 30)
    result["steps"] = steps


RUNS = {
    "hello": ([students.Hello], run_hello),
    "class_start": ([students.ClassStartStudent], run_class_start),
    "exam": ([students.ExamStudent, students.Teacher], run_exam),
    "capacity": ([students.CapacityStudent], run_capacity),
}


def main() -> None:
    scenario, plan_path, out_path = sys.argv[1:4]
    Scenario.plan = json.loads(Path(plan_path).read_text())
    if not all(url.startswith("http://127.0.0.1:") for url in Scenario.plan["urls"]):
        raise SystemExit("the load generator only targets the loopback interface")
    user_classes, run = RUNS[scenario]
    env = Environment(user_classes=user_classes, host=Scenario.plan["urls"][0])
    recorder = Recorder()
    env.events.request.add_listener(recorder)
    runner = env.create_local_runner()
    result: dict = {"scenario": scenario, "recorder": recorder}
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    began = time.time()
    worker = gevent.spawn(run, runner, result)
    worker.join(timeout=TIME_LIMIT)
    timed_out = not worker.ready()
    if timed_out:
        worker.kill()
        Scenario.stop.set()
    runner.quit()
    ended = time.time()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    del result["recorder"]
    result.update(
        requests=recorder.summary(),
        began=began,
        ended=ended,
        timed_out=timed_out,
        generator_cpu_seconds=cpu,
        generator_cpu_share=cpu / max(ended - began, 1e-3),
    )
    if scenario == "capacity":
        for step in result["steps"]:
            name = f"save at {step['offered']}/s"
            step["requests"] = recorder.summary(step["began"], step["ended"]).get(name)
    if scenario == "exam":
        marks = result["marks"]
        result["phases"] = {
            "starting": recorder.summary(marks["start"], marks.get("answering", ended)),
            "answering": recorder.summary(marks.get("answering", ended), marks.get("submit", ended)),
            "submitting": recorder.summary(marks.get("submit", ended), marks.get("end", ended)),
        }
    Path(out_path).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
