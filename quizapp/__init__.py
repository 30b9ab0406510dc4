"""quizapp: classroom media-literacy quizzes that cite the news reports they ask about."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults from the environment, then ``config`` (tests pass a temporary database)."""
    from quizapp import web
    from quizapp.config import PROJECT_ROOT, Config
    from quizapp.db import db

    app = Flask(__name__, instance_relative_config=True, static_folder=str(PROJECT_ROOT / "static"))
    app.config.update(Config(app.instance_path).as_dict())
    if config:
        app.config.update(config)
    db.init_app(app)
    web.init_app(app)
    return app
