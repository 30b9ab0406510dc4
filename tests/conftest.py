"""Shared by every test: where the project's articles and banks are, the articles loaded, the ``slow`` marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.corpus import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "questions"
AP = "002_f52d19d8c2480346"
NEWSWEEK = "001_7fad2d6b9e816ba7"
FIRST = "000_9c074612a8ff18f5"
FOURTH = "003_ddc3df48b0ac0e99"

# The slowest tests outside tests/browser/ (seconds each, from `pytest --durations=30`), marked ``slow``
# here so that their files stay as they are: real servers started and restarted, whole PDFs rendered,
# every route swept. `make test-fast` leaves them out; `make test` runs them.
SLOW = {
    "tests/corpus/test_html_import.py": {"test_deeply_nested_pages_do_not_crash"},
    "tests/exports/test_cli_export.py": {"test_pdf_key_with_versions_from_a_bank_file"},
    "tests/exports/test_printable.py": {
        "test_pdf_holds_every_prompt_as_real_text_with_a_title",
        "test_pdf_versions_say_their_letter_on_every_page",
        "test_pdf_key_holds_every_answer",
        "test_first_pages_as_png",
    },
    "tests/web/test_hostile_input.py": {
        "test_every_route_with_every_field_set_to_one_hostile_value",
        "test_the_same_sweep_on_postgresql",
    },
    "tests/web/test_no_loss.py": {"test_every_acknowledged_save_survives_a_killed_worker_and_a_restart"},
    "tests/web/test_security_serving.py": {
        "test_two_workers_behind_an_https_proxy_share_the_key_and_set_secure_cookies"
    },
    "tests/web/test_sqlite_tuning.py": {"test_writers_in_two_processes_never_see_database_is_locked"},
    "tests/web/test_student_leaks.py": {"test_no_quiz_page_gives_any_answer_away"},
    "tests/web/test_student_submit.py": {"test_one_attempt_means_no_second_one"},
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests named in SLOW ``slow``; a name there that is no test of its file is an error."""
    checked: set[str] = set()
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        path = item.path.relative_to(ROOT).as_posix() if item.path.is_relative_to(ROOT) else ""
        names = SLOW.get(path, set())
        if path in SLOW and path not in checked:
            checked.add(path)
            stale = sorted(name for name in names if not hasattr(item.module, name))
            if stale:
                raise pytest.UsageError(f"tests/conftest.py SLOW names no test of {path}: {', '.join(stale)}")
        if item.originalname in names:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The four shipped articles."""
    return load_corpus(SEEDS)
