"""Running quizapp under gunicorn from the ``quizapp serve`` command."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from gunicorn.app.base import BaseApplication

# Threads per gunicorn worker (gthread): requests a worker serves at once while others wait on the database.
THREADS = 4
# Shorter keys from the environment are accepted (tests, demos) but a server is warned about them.
MIN_SECRET_KEY_LENGTH = 32


class _Server(BaseApplication):
    def __init__(self, options: dict, config: dict):
        self.options = options
        self.app_config = config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app; nothing is shared in process memory. The secret key was
        # settled once, before the workers were forked, so every worker signs cookies with it.
        from quizapp import create_app

        return create_app(self.app_config)


def settle_secret_key(instance: Path, environ: dict[str, str]) -> tuple[str, list[str]]:
    """The one key every worker will use, and warnings for the operator.

    ``SECRET_KEY`` from the environment, else the key kept in the instance folder (made now if
    missing, in this process, before any worker starts). Raises ``RuntimeError`` when there is no
    key and none can be kept: each worker would otherwise make its own, and a cookie signed by one
    worker would be refused by the next. With a database server (``DATABASE_URL`` not SQLite) several
    hosts may share the database; each host's instance folder would hold its own key, so that case
    is warned about: such hosts must share ``SECRET_KEY``.
    """
    from quizapp.config import instance_secret_key

    warnings = []
    key = environ.get("SECRET_KEY", "")
    if key:
        if len(key) < MIN_SECRET_KEY_LENGTH:
            warnings.append(
                f"SECRET_KEY is {len(key)} characters long; use at least {MIN_SECRET_KEY_LENGTH} random ones "
                "(python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return key, warnings
    try:
        key = instance_secret_key(instance)
    except OSError as exc:
        raise RuntimeError(
            f"no SECRET_KEY is set and none can be kept in {instance} ({exc.strerror}); every worker would "
            "make its own and students would be signed out between requests. Set SECRET_KEY."
        ) from exc
    database = environ.get("DATABASE_URL", "")
    if database and not database.startswith("sqlite"):
        warnings.append(
            f"SECRET_KEY is not set: this host uses the key in {instance / 'secret_key'}. If several hosts "
            "serve this database, give every one of them the same SECRET_KEY in the environment."
        )
    return key, warnings


def prepare(environ: dict[str, str], behind_proxy: bool = False) -> tuple[dict, list[str]]:
    """The settings every worker's app gets, and warnings to show the operator.

    ``behind_proxy``: a reverse proxy (nginx, a load balancer doing HTTPS) forwards every request,
    so its X-Forwarded-For/-Proto/-Host are trusted (``QUIZAPP_PROXIES`` proxies, at least one).
    Raises ``RuntimeError`` (see :func:`settle_secret_key`) before any worker starts.
    """
    instance = Path(Flask("quizapp", instance_relative_config=True).instance_path)
    key, warnings = settle_secret_key(instance, environ)
    config: dict = {"SECRET_KEY": key}
    # One database connection per worker thread, no more: a worker's THREADS threads each hold at most
    # one, so workers x threads per host is every connection a host opens (the default pool would let
    # each worker open 15, and two hosts of four workers would then pass PostgreSQL's 100).
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": THREADS, "max_overflow": 0}
    if behind_proxy:
        config["QUIZAPP_PROXIES"] = max(1, int(environ.get("QUIZAPP_PROXIES") or 0))
    else:
        # Without the flag nothing forwarded is believed, not even from this host: any local user (or a
        # page's request relayed by another local service) could otherwise claim HTTPS or an address.
        config["QUIZAPP_PROXIES"] = 0
        if int(environ.get("QUIZAPP_PROXIES") or 0):
            warnings.append("QUIZAPP_PROXIES is ignored without --behind-proxy: X-Forwarded-* headers are not trusted")
    return config, warnings


def gunicorn_options(host: str, port: int, workers: int, config: dict) -> dict:
    """gunicorn's settings: ``workers`` processes (threads for slow clients) on ``host:port``.

    gunicorn itself turns X-Forwarded-Proto/-Ssl from the addresses in ``forwarded_allow_ips`` into
    HTTPS (Secure cookies, HSTS); only a server behind a proxy (``QUIZAPP_PROXIES`` set by
    :func:`prepare`) trusts the proxy on this host, otherwise no address is trusted and no header read.
    """
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "timeout": 60,
        # A student's browser saves every few seconds: with gunicorn's 2 s a kept-alive connection was
        # closed between two saves, and a save sent as it closed failed and was sent again. Idle
        # connections wait in the worker's poller, not in a thread.
        "keepalive": 30,
        "accesslog": "-",
        "forwarded_allow_ips": "127.0.0.1",
    }
    if not config.get("QUIZAPP_PROXIES"):
        options["forwarded_allow_ips"] = ""
        options["secure_scheme_headers"] = {}
    return options


def run(host: str, port: int, workers: int, config: dict) -> None:
    """Serve on ``host:port`` (see :func:`gunicorn_options`), each worker building its app with
    ``config`` (from :func:`prepare`)."""
    _Server(gunicorn_options(host, port, workers, config), config).run()
