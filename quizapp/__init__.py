"""quizapp: classroom media-literacy quizzes that cite the news reports they ask about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Flask is imported inside create_app, so that importing a domain package (quizapp.scoring, say)
# does not load the web stack.
if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults from the environment, then ``config`` (tests pass a temporary database)."""
    from flask import Flask

    from quizapp import web
    from quizapp.config import Config
    from quizapp.db import db, ping_idle_connections
    from quizapp.paths import PROJECT_ROOT

    app = Flask(__name__, instance_relative_config=True, static_folder=str(PROJECT_ROOT / "static"))
    app.config.update(Config(app.instance_path).as_dict())
    if config:
        app.config.update(config)
    db.init_app(app)
    with app.app_context():
        ping_idle_connections(db.engine)
    web.init_app(app)
    return app
