"""Loading banks into the database: versions, and past attempts keep the version they answered."""

from sqlalchemy import select

from quizapp.bank_store import store_bank
from quizapp.banks import parse_bank
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import QuestionVersion
from tests.conftest import AP

BANK = f"""bank: versioned
title: Versioned
questions:
  - id: who
    type: choice
    prompt: Who said "Do not come"?
    choices: [Kamala Harris, Alejandro Giammattei]
    answer: Kamala Harris
    sources: [{{article: {AP}, quote: "Do not come, do not come."}}]
  - id: count
    type: truefalse
    prompt: The AP report gives April border figures.
    answer: false
    sources: [{{article: {AP}, quote: "Do not come, do not come."}}]
"""


def _store(app, text):
    with app.app_context():
        bank, problems = parse_bank(text, "versioned.yaml", corpus_of(app))
        assert not problems
        result = store_bank(bank)
        db.session.commit()
        return result


def _versions(app):
    with app.app_context():
        rows = db.session.scalars(
            select(QuestionVersion).where(QuestionVersion.bank_id == "versioned").order_by(QuestionVersion.id)
        )
        return [(v.question_key, v.is_current, v.data.get("answer")) for v in rows]


def test_reloading_an_unchanged_bank_adds_nothing(app):
    first = _store(app, BANK)
    again = _store(app, "# edited comment only\n" + BANK)
    assert first.added == ["who", "count"]
    assert again.unchanged == ["who", "count"] and not again.added and not again.changed
    assert len(_versions(app)) == 2


def test_an_edited_answer_key_adds_a_version_and_keeps_the_old(app):
    _store(app, BANK)
    result = _store(app, BANK.replace("answer: Kamala Harris", "answer: Alejandro Giammattei"))
    assert result.changed == ["who"] and result.unchanged == ["count"]
    assert _versions(app) == [
        ("who", False, "Kamala Harris"),
        ("count", True, False),
        ("who", True, "Alejandro Giammattei"),
    ]


def test_a_removed_question_is_retired_not_deleted(app):
    _store(app, BANK)
    result = _store(app, BANK.split("  - id: count")[0])
    assert result.retired == ["count"]
    assert ("count", False, False) in _versions(app)


def test_a_bundled_bank_never_overwrites_a_teachers_upload(app, teacher_id):
    import pytest

    from quizapp.bank_store import BankConflict

    with app.app_context():
        bank, _ = parse_bank(BANK, "upload.yaml", corpus_of(app))
        store_bank(bank, owner_id=teacher_id)
        db.session.commit()
        bundled, _ = parse_bank(BANK.replace("answer: Kamala Harris", "answer: Alejandro Giammattei"),
                                "questions/versioned.yaml", corpus_of(app))
        with pytest.raises(BankConflict, match="already used by a teacher's uploaded bank"):
            store_bank(bundled)
        db.session.rollback()
    assert _versions(app)[0] == ("who", True, "Kamala Harris")
