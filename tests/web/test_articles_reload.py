"""An article added to the seeds folder reaches a running app without a restart."""

import shutil

from quizapp.corpus_cache import corpus_of
from tests.conftest import SEEDS
from tests.web.conftest import make_app


def test_a_new_article_is_served_without_a_restart(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = make_app(tmp_path, QUIZAPP_SEEDS=str(seeds))
    client = app.test_client()
    assert client.get("/articles/004_new").status_code == 404
    (seeds / "004_new.txt").write_text("A new report.\n\nIt says \u201chello\u201d.", encoding="utf-8")
    with (seeds / "articles.yaml").open("a", encoding="utf-8") as handle:
        handle.write("004_new:\n  outlet: The Daily Example\n  headline: A new report\n")
    page = client.get("/articles/004_new")
    assert page.status_code == 200
    assert "The Daily Example" in page.get_data(as_text=True)
    assert "004_new" in corpus_of(app)


def test_a_broken_metadata_file_keeps_the_articles_that_loaded(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = make_app(tmp_path, QUIZAPP_SEEDS=str(seeds))
    (seeds / "articles.yaml").write_text("not: [valid", encoding="utf-8")
    assert len(corpus_of(app)) == 4
    assert app.test_client().get("/articles/").status_code == 200
