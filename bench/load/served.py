"""The benchmark's server process: ``quizapp serve``'s own settings, with what a run varies changed.

``python -m bench.load.served PORT WORKERS [--worker-class gthread|gevent] [--threads N] [--profile FOLDER]``
builds the settings as ``quizapp serve`` does (:func:`quizapp.serve.prepare` and
:func:`quizapp.serve.gunicorn_options`) and changes only these: the gunicorn worker class, the threads per
worker (for gevent: the database connections each worker may hold at once, its greenlets waiting for one),
and, with ``--profile``, every request run under cProfile, each worker adding its requests' profiles to
``FOLDER/worker-PID.pstats`` now and then and when it stops. Read those with
``python -m bench.load.served --read FOLDER``. Profiling slows the server down: its figures are not the
benchmark's.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import os
import pstats
import threading
import time
from pathlib import Path

from quizapp import serve


class ProfiledApp:
    """A WSGI app wrapped so that each request runs under cProfile (one profiler per request and thread)."""

    def __init__(self, app, folder: Path):
        self.app = app
        self.path = folder / f"worker-{os.getpid()}.pstats"
        self.stats: pstats.Stats | None = None
        self.lock = threading.Lock()
        self.written = time.monotonic()
        atexit.register(self.write)

    def __call__(self, environ, start_response):
        profile = cProfile.Profile()
        profile.enable()
        try:
            # The body is consumed inside the profile: Flask renders before it returns.
            return list(self.app(environ, start_response))
        finally:
            profile.disable()
            with self.lock:
                if self.stats is None:
                    self.stats = pstats.Stats(profile)
                else:
                    self.stats.add(profile)
                if time.monotonic() - self.written > 5:
                    self.write()

    def write(self) -> None:
        if self.stats is not None:
            self.stats.dump_stats(self.path)
            self.written = time.monotonic()


class _ProfiledServer(serve._Server):
    folder: Path

    def load(self):
        return ProfiledApp(super().load(), self.folder)


def options(port: int, workers: int, worker_class: str, threads: int, config: dict) -> dict:
    """quizapp serve's gunicorn settings with the worker class and the threads (or connections) changed."""
    settings = serve.gunicorn_options("127.0.0.1", port, workers, config)
    settings["worker_class"] = worker_class
    if worker_class == "gthread":
        settings["threads"] = threads
    else:
        settings.pop("threads", None)
    # A worker holds at most `threads` database connections, whichever class serves its requests.
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {**config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_size": threads}
    return settings


def read(folder: Path) -> None:
    """Print the profiles the workers wrote: the slow paths by cumulative and by own time."""
    stats = pstats.Stats(*sorted(str(p) for p in folder.glob("worker-*.pstats")))
    stats.sort_stats("cumulative").print_stats(r"quizapp|sqlalchemy/orm|jinja2|sqlite3|psycopg", 45)
    stats.sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.served", description=__doc__.splitlines()[0])
    parser.add_argument("--read", type=Path, help="print the profiles in this folder and stop")
    parser.add_argument("port", type=int, nargs="?")
    parser.add_argument("workers", type=int, nargs="?")
    parser.add_argument("--worker-class", choices=("gthread", "gevent"), default="gthread")
    parser.add_argument("--threads", type=int, default=serve.THREADS)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    if args.read:
        read(args.read)
        return
    if args.port is None or args.workers is None:
        parser.error("PORT and WORKERS are needed to serve")
    config, warnings = serve.prepare(dict(os.environ))
    for warning in warnings:
        print(f"warning: {warning}", flush=True)
    settings = options(args.port, args.workers, args.worker_class, args.threads, config)
    server_class = serve._Server
    if args.profile:
        server_class = _ProfiledServer
        _ProfiledServer.folder = args.profile
    server_class(settings, config).run()


if __name__ == "__main__":
    main()
