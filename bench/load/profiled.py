"""``quizapp serve`` with every request profiled (cProfile), for finding the slow path under load.

``python -m bench.load.profiled PORT WORKERS`` with ``QUIZAPP_BENCH_PROFILE`` naming a folder: the same
gunicorn settings as ``quizapp serve``; each worker adds every request's profile to its own statistics
and writes them to ``FOLDER/worker-PID.pstats`` now and then and when it stops. Read them with
``python -m bench.load.profiled --read FOLDER``. Profiling slows the server down: its figures are not
the benchmark's.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import pstats
import sys
import threading
import time
from pathlib import Path

from quizapp.serve import _Server


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


class _ProfiledServer(_Server):
    def load(self):
        return ProfiledApp(super().load(), Path(os.environ["QUIZAPP_BENCH_PROFILE"]))


def main() -> None:
    if sys.argv[1] == "--read":
        files = sorted(str(p) for p in Path(sys.argv[2]).glob("worker-*.pstats"))
        stats = pstats.Stats(*files)
        stats.sort_stats("cumulative").print_stats(r"quizapp|sqlalchemy/orm|jinja2|sqlite3|psycopg", 45)
        stats.sort_stats("tottime").print_stats(25)
        return
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    from quizapp import serve

    serve._Server = _ProfiledServer  # run() builds the server from the module's name: same settings
    serve.run("127.0.0.1", port, workers)


if __name__ == "__main__":
    main()
