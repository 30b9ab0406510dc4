"""Running the Alembic migrations in ``migrations/`` against the app's database."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask

from quizapp.config import PROJECT_ROOT
from quizapp.db import db

MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_config(url: str) -> AlembicConfig:
    """An Alembic configuration for ``url`` with quizapp's migration scripts."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    """Bring the app's database up to ``revision`` (creating it if it is a new SQLite file)."""
    with app.app_context():
        config = alembic_config(app.config["SQLALCHEMY_DATABASE_URI"])
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
