"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from quizapp import create_app, migrate
from quizapp.db import Base
from tests.conftest import QUESTIONS, SEEDS


def test_upgrade_from_empty_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "QUIZAPP_SEEDS": str(SEEDS),
                      "QUIZAPP_QUESTIONS": str(QUESTIONS)})
    migrate.upgrade(app)
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
        assert diff == []
        assert "attempt" in inspect(connection).get_table_names()
    engine.dispose()
