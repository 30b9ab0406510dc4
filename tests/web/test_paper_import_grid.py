"""A grid answered on paper, imported: the letters typed per claim become the same stored answer and
score as online ticks would, on a shuffled version."""

from __future__ import annotations

from flask import current_app

from quizapp.corpus_cache import corpus_of
from quizapp.db import db as database
from quizapp.exports.answers import brief_answer
from quizapp.models import Assignment, Attempt, Student
from quizapp.names import name_key
from quizapp.paper_import import import_paper_answers, paper_layouts
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK
from tests.test_paper import HEADER

GRID_ID = "who-gives-which-figure"


def test_a_paper_grid_imports_as_the_online_answer_would_be_stored(app, classroom):
    with app.app_context():
        room_id = database.session.get(Assignment, classroom[1]).classroom_id
        assignment = Assignment(
            classroom_id=room_id, bank_id="comparing-coverage", title="Grid on paper", question_keys=[GRID_ID]
        )
        database.session.add(assignment)
        for name in ("Ana Diaz", "Ben Ode"):
            database.session.add(Student(classroom_id=room_id, name=name, name_key=name_key(name)))
        database.session.commit()
        corpus = corpus_of(current_app)
        [slot] = paper_layouts(assignment)["B"]
        exact, rounded, roots = slot.question.claims
        # Ana writes the key as the marking grid shows it; Ben leaves claim 2 out and misses a box.
        number = {claim: slot.lefts.index(claim) + 1 for claim in slot.lefts}
        ben = f"{number[exact]}{slot.letter_for(FIRST)} {number[roots]}{slot.letter_for(NEWSWEEK)}"
        text = f'{HEADER}\nAna Diaz,B,1,"{brief_answer(slot, corpus)}"\nBen Ode,B,1,{ben}\n'
        report = import_paper_answers(assignment, text, corpus=corpus)
        assert report.errors == ()
        by_name = {
            a.student.name: a.responses[0]
            for a in database.session.query(Attempt).filter(Attempt.assignment_id == assignment.id)
        }
        ana, ben_response = by_name["Ana Diaz"], by_name["Ben Ode"]
        assert ana.answer == {exact: [FIRST], rounded: [NEWSWEEK], roots: [NEWSWEEK, FOURTH]}
        assert (ana.earned, ana.outcome) == (1.0, "correct")
        assert ben_response.answer == {exact: [FIRST], roots: [NEWSWEEK]}
        # Twelve boxes: the rounded figure's Newsweek box and the fourth report's "root causes" box missed.
        assert (ben_response.earned, ben_response.outcome) == (round(10 / 12, 6), "partial")
        assert AP not in str(ben_response.answer)
