"""Running quizapp under gunicorn from the ``quizapp serve`` command."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app; nothing is shared in process memory.
        from quizapp import create_app

        return create_app()


def run(host: str, port: int, workers: int) -> None:
    """Serve on ``host:port`` with ``workers`` worker processes, threads for slow clients."""
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": 4,
            "timeout": 60,
            "accesslog": "-",
            "forwarded_allow_ips": "127.0.0.1",
        }
    ).run()
