"""The hello-world endpoint: what a load balancer polls and what the load benchmark measures first."""

from __future__ import annotations

from quizapp import create_app


def test_healthz_answers_ok_without_touching_the_database(tmp_path):
    # The database file's folder does not exist: any query would fail, so a 200 proves none ran.
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite'}",
        "SECRET_KEY": "test-secret-key-not-for-production",
    })
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
