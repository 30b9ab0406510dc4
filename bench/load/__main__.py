"""Run the load scenarios against fresh servers and print (and write) the table of figures.

Each backend gets its own server and database; in it the hello-world baseline is measured first, then
the scenarios in order (the exam run carries the teachers of scenario 4). The load generator runs in a
process of its own (bench.load.generator) so that its CPU time is its own.

``--growth 100,300,600,1000`` runs the exam once per class size instead, each against a fresh server,
and tables how save latency and server CPU grow with the number of students. ``--hosts 2`` serves one
database from two app hosts (two gunicorn servers; the students' requests alternate between them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.load.report import render
from bench.load.server import ROOT, Server, Unavailable
from bench.load.settings import EXAM_STUDENTS
from quizapp.serve import THREADS

SCENARIOS = ("class_start", "exam", "capacity")
# One worker per core, quizapp serve's default: on 2 cores 4 PostgreSQL workers cost more CPU per request
# and held the synchronized submit no better (bench/load/results.md, 2026-12).
WORKERS = 2


def run_generator(scenario: str, server: Server, students: int | None = None) -> dict:
    """One scenario in its own load-generator process, with the server's and the machine's CPU around it."""
    with tempfile.TemporaryDirectory(prefix="quizapp-load-") as folder:
        plan, out = Path(folder, "plan.json"), Path(folder, "result.json")
        plan.write_text(json.dumps({**server.plan, **({"exam_students": students} if students else {})}))
        logged = server.log_sizes()
        server_cpu, machine_cpu, began = server.cpu_seconds(), psutil.cpu_times(), time.monotonic()
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.load.generator", scenario, str(plan), str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=500,
        )
        wall = time.monotonic() - began
        if finished.returncode != 0 or not out.exists():
            raise RuntimeError(f"the load generator failed for {scenario}:\n{finished.stderr[-3000:]}")
        result = json.loads(out.read_text())
    machine_after = psutil.cpu_times()
    busy = sum(
        getattr(machine_after, f) - getattr(machine_cpu, f) for f in ("user", "system", "nice", "irq", "softirq")
    )
    log = server.log(since=logged)
    spent = server.cpu_seconds() - server_cpu
    result.update(
        wall_seconds=wall,
        server_cpu_share=spent / wall,
        # The least noisy figure on a shared machine: CPU time, not waiting for a core, per request served.
        server_cpu_ms_per_request=1000 * spent / max(1, sum(s["n"] for s in result["requests"].values())),
        machine_cpu_share=busy / wall,  # in cores: 2.0 is both cores busy
        database_locked=log.count("database is locked"),
        tracebacks=log.count("Traceback (most recent call last)"),
        first_traceback=_first_traceback(log),
    )
    return result


def _first_traceback(log: str) -> str | None:
    """The first traceback in the server log, shortened (the JSON keeps it for whoever reads the run)."""
    start = log.find("Traceback (most recent call last)")
    if start < 0:
        return None
    lines = log[start:].splitlines()
    end = next((i for i, line in enumerate(lines[1:], 1) if not line.startswith((" ", "Traceback"))), len(lines))
    return "\n".join(lines[: end + 1][-12:])


def run_backend(backend: str, scenarios: list[str], serving: dict, students: int | None = None) -> dict:
    """Every chosen scenario against one fresh server; the hello-world baseline first."""
    started = time.monotonic()
    try:
        server = Server(backend, **serving)
        with server:
            results = {"workers": serving["workers"], "serving": server.describe(), "scenarios": {}}
            for scenario in ["hello", *scenarios]:
                print(f"  {backend}: {scenario} ...", flush=True)
                results["scenarios"][scenario] = run_generator(scenario, server, students)
    except Unavailable as reason:
        return {"skipped": str(reason)}
    results["seconds"] = time.monotonic() - started
    return results


def run_growth(backend: str, sizes: list[int], serving: dict) -> dict:
    """The exam at each class size, each against a fresh server and database."""
    runs = {}
    for size in sizes:
        print(f"  {backend}: exam with {size} students", flush=True)
        runs[str(size)] = run_backend(backend, ["exam"], serving, students=size)
        if "skipped" in runs[str(size)]:
            return runs[str(size)]
    return {"growth": runs}


def machine() -> dict:
    """What the figures were measured on, and what else was busy when they were."""
    mine = {os.getpid(), *(p.pid for p in psutil.Process().children(recursive=True))}
    others = []
    for proc in psutil.process_iter(["pid", "name", "cpu_percent"]):
        if proc.info["pid"] not in mine:
            others.append(proc)
    time.sleep(1.0)
    busy = sorted(
        ((proc.cpu_percent(None), proc.info["name"]) for proc in others if proc.is_running()), reverse=True
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": psutil.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "busy_before": [f"{name} {share:.0f}%" for share, name in busy[:5] if share >= 5],
    }


def _sizes(text: str) -> list[int]:
    """``100,300`` -> [100, 300]."""
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of numbers such as 100,300,600") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("every class size is at least 1")
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--scenario", choices=(*SCENARIOS, "all"), default="all",
                        help="one scenario (the hello-world baseline always runs first); exam includes the dashboard")
    parser.add_argument("--students", type=int, help=f"students in the exam (default {EXAM_STUDENTS})")
    parser.add_argument("--growth", type=_sizes, metavar="N,N,...",
                        help="run the exam at each of these class sizes, each on a fresh server")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn workers per host ({WORKERS})")
    parser.add_argument("--threads", type=int, default=THREADS,
                        help=f"threads per worker ({THREADS}); with gevent, database connections per worker")
    parser.add_argument("--worker-class", choices=("gthread", "gevent"), default="gthread")
    parser.add_argument("--hosts", type=int, default=1, help="app hosts (gunicorn servers) on one database")
    parser.add_argument("--profile", type=Path, help="write each worker's cProfile stats to this folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load" / "latest.md",
                        help="where the table is written (a .json with the raw figures goes beside it); "
                        "bench/load/results.md is the record the team keeps by hand")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="print the table of an earlier run from its raw figures, running nothing")
    args = parser.parse_args(argv)
    if args.render:
        print(render(json.loads(args.render.read_text(encoding="utf-8"))))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    scenarios = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    serving = {"workers": args.workers, "threads": args.threads, "worker_class": args.worker_class,
               "hosts": args.hosts, "profile": args.profile}
    report = {"machine": machine(), "backends": {}}
    what = f"the exam at {args.growth} students" if args.growth else ", ".join(scenarios)
    print(f"load benchmark: {what} on {', '.join(backends)}", flush=True)
    for backend in backends:
        if args.growth:
            report["backends"][backend] = run_growth(backend, args.growth, serving)
        else:
            report["backends"][backend] = run_backend(backend, scenarios, serving, args.students)
    report["machine"]["load_average_after"] = os.getloadavg()
    table = render(report)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
