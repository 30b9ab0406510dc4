"""The student's pages as the benchmarks read and post them: the CSRF token, the Start form and the quiz form.

One reader for both benchmarks (bench.load's simulated students and bench.request_cpu's test client),
so that both post exactly what the real pages post: the whole form for Submit (and for a save
without JavaScript), and, as autosave.js does, only the questions changed since the last save.
Imports nothing that patches the standard library (bench.load's generator imports gevent first).
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrf_token"[^>]*\bvalue="([^"]+)"')
_QUIZ_FORM = re.compile(r'<form\b[^>]*\baction="([^"]+)"[^>]*\bdata-autosave[^>]*>(.*?)</form>', re.S)
_START_FORM = re.compile(r'<form\b[^>]*\baction="([^"]*/start)"[^>]*>(.*?)</form>', re.S)
_INPUT = re.compile(r"<input\b([^>]*)>")
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
_OPTION = re.compile(r'<option value="([^"]+)"')
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
WORDS = ("the council", "a survey", "the minister", "three", "the report", "no one")


def csrf_token(page: str) -> str:
    """The CSRF token of the (first) form on ``page``."""
    found = _CSRF.search(page)
    if not found:
        raise ValueError("no CSRF token on the page")
    return html.unescape(found[1])


def start_form(page: str) -> tuple[str, str] | None:
    """The assignment page's Start form: (its action, its CSRF token), or None when it has none."""
    found = _START_FORM.search(page)
    return (html.unescape(found[1]), csrf_token(found[2])) if found else None


@dataclass
class Question:
    """One question of the quiz form: its response id and its fields with what each offers."""

    response_id: str
    fields: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (name, kind, values offered)


class QuizForm:
    """The quiz page's form, and the answers chosen so far, posted as the browser would post it."""

    def __init__(self, page: str):
        found = _QUIZ_FORM.search(page)
        if not found:
            raise ValueError("no quiz form on the page")
        self.action = html.unescape(found[1])
        self.csrf = csrf_token(found[2])
        self.questions: list[Question] = []
        for chunk in found[2].split("<fieldset")[1:]:
            question = None
            kinds: dict[str, tuple[str, list[str]]] = {}
            for tag in _INPUT.finditer(chunk):
                attributes = dict(_ATTRIBUTE.findall(tag[1]))
                name, kind = attributes.get("name", ""), attributes.get("type", "text")
                if name == "shown":
                    question = Question(attributes["value"])
                elif kind in ("radio", "checkbox"):
                    kinds.setdefault(name, (kind, []))[1].append(html.unescape(attributes["value"]))
                elif kind == "text":
                    kinds[name] = ("numeric" if attributes.get("inputmode") == "decimal" else "text", [])
            for select in _SELECT.finditer(chunk):
                name = dict(_ATTRIBUTE.findall(select[1]))["name"]
                kinds[name] = ("select", [html.unescape(v) for v in _OPTION.findall(select[2])])
            if question is None:
                raise ValueError("a question without its response id")
            question.fields = [(name, kind, values) for name, (kind, values) in kinds.items()]
            self.questions.append(question)
        self.values: dict[str, list[str]] = {}

    def answer(self, question: Question) -> None:
        """Change the answer to ``question``, as a student clicking or typing would: another choice
        where there is one, so that each answer a benchmark gives is a change to save."""
        for name, kind, values in question.fields:
            before = self.values.get(name)
            if kind == "radio" or kind == "select":
                others = [value for value in values if [value] != before] or values
                self.values[name] = [random.choice(others)]
            elif kind == "checkbox":
                for _ in range(5):  # another set of boxes, where one comes up within a few tries
                    picked = [v for v in values if v in random.sample(values, random.randint(1, min(2, len(values))))]
                    if picked != before:
                        break
                self.values[name] = picked
            elif kind == "numeric":
                self.values[name] = [str(random.randint(1, 10**6))]
            else:
                self.values[name] = [f"{random.choice(WORDS)} {random.randint(1, 10**6)}"]

    def body(self, action: str | None = None, questions: Iterable[Question] | None = None) -> str:
        """The form as FormData sends it, in document order, empty text fields and selects included:
        every question (Submit, or a save without JavaScript), or only ``questions`` (autosave's changes).
        """
        chosen_questions = self.questions if questions is None else list(questions)
        pairs = [("csrf_token", self.csrf)]
        for question in chosen_questions:
            pairs.append(("shown", question.response_id))
            for name, kind, _ in question.fields:
                chosen = self.values.get(name)
                if chosen:
                    pairs.extend((name, value) for value in chosen)
                elif kind in ("text", "numeric", "select"):
                    pairs.append((name, ""))
        if action:
            pairs.append(("action", action))
        return urlencode(pairs)
