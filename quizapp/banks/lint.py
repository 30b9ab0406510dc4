"""Checks that look past one question: quotes in explanations, answers another question prints, and
questions that banks assigned together would ask twice.

A misquote in an explanation is a problem like a misquoted source. The other two are warnings
(``PATH:LINE: question ID: warning: ...``): the bank still loads, and ``quizapp validate --strict``
fails on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from quizapp.banks.model import Bank, Question
from quizapp.banks.problems import Problem
from quizapp.corpus.articles import Corpus, closest_passage
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span
from quizapp.questions import kind_of

_QUOTED = re.compile(r'"([^"]+)"')
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
_TRIMMED = " ,.;:"  # a quotation may end where the writer's sentence does: "… come," or "… come."
_MIN_QUOTED_WORDS = 2  # a single word in quotation marks is as often a term discussed ("quotes") as a quotation
_MIN_KEY = 2  # key texts shorter than this ("0", "3") are everywhere; they give nothing away


def _pattern(quoted: str) -> re.Pattern[str]:
    """``quoted`` as a pattern over normalised text: its first letter in either case (a quotation may
    start a sentence), and a single quote standing for a double one (a quotation inside a quotation)."""
    parts = []
    for index, char in enumerate(quoted):
        if char == "'":
            parts.append("['\"]")
        elif index == 0 and char.isalpha():
            parts.append(f"[{re.escape(char.lower())}{re.escape(char.upper())}]")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


def explanation_misquotes(question: Question, corpus: Corpus) -> list[str]:
    """A message for each passage the explanation puts in double quotation marks that is neither in an
    article the question cites (its sources, an evidence question's article) nor in the question's own
    words (prompt, options, key) or a report's name. Ellipses split a quotation into parts checked one by
    one; a part of a single word is not checked (a term in quotation marks, "quotes", is no quotation)."""
    if not question.explanation:
        return []
    kind = kind_of(question)
    articles = [corpus[a] for a in dict.fromkeys(a for a, _ in kind.cited_quotes(question)) if a in corpus]
    labels = [text for article in corpus.values() for text in (article.label, article.headline, article.outlet)]
    own = normalise(
        " | ".join((question.prompt, *kind.shown_texts(question, corpus), *kind.key_texts(question), *labels))
    )
    messages = []
    for match in _QUOTED.finditer(normalise(question.explanation)):
        for part in _ELLIPSIS.split(match.group(1)):
            part = part.strip(_TRIMMED)
            if len(part.split()) < _MIN_QUOTED_WORDS:
                continue
            pattern = _pattern(part)
            if pattern.search(own) or any(pattern.search(article.normalised.text) for article in articles):
                continue
            cited = ", ".join(f"{article.id} ({article.outlet})" for article in articles) or "no article"
            hint = ""
            passages = [p for p in (closest_passage(article, part) for article in articles) if p is not None]
            if passages:
                near = max(passages, key=lambda p: p.similarity)
                hint = f'; closest passage: "{" ".join(near.text.split())}"' if near.similarity >= 50 else ""
            messages.append(f'explanation quotes "{part}", which is not in the articles it cites: {cited}{hint}')
    return messages


def _fold(text: str) -> str:
    return normalise(text).casefold()


def _word_pattern(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")


def giveaways(bank: Bank, corpus: Corpus) -> list[Problem]:
    """Warnings for answers another question of the bank prints: a keyed choice or an accepted typed
    answer found (whole words, ignoring case) in another question's prompt, options or rows.

    Options another question shares with this one are no giveaway: when that question's options also
    hold one of this question's wrong options (the same names offered again), the key is not singled out.
    """
    shown: dict[str, tuple[str, list[str]]] = {}
    for question in bank.questions:
        texts = kind_of(question).shown_texts(question, corpus)
        shown[question.id] = (_fold(question.prompt), [_fold(text) for text in texts])
    problems = []
    for question in bank.questions:
        kind = kind_of(question)
        keys = [_fold(text) for text in kind.key_texts(question)]
        distractors = set(shown[question.id][1]) - set(keys)
        for key, text in zip(keys, kind.key_texts(question), strict=True):
            if len(key) < _MIN_KEY:
                continue
            pattern = _word_pattern(key)
            found = []
            for other in bank.questions:
                if other.id == question.id:
                    continue
                prompt, options = shown[other.id]
                if pattern.search(prompt):
                    found.append(f"{other.id} (line {other.line}, prompt)")
                elif any(pattern.search(option) for option in options) and not distractors & set(options):
                    found.append(f"{other.id} (line {other.line}, options)")
            if found:
                message = f'warning: its answer "{text}" is printed in question {", ".join(found)}'
                problems.append(Problem(bank.path, question.line, message, question.id))
    return problems


_Passages = tuple[tuple[str, Span], ...]


def _asked_passages(question: Question) -> list[_Passages]:
    """The sets of passages a question asks about, each from two reports or more: one per grid claim,
    else its sources (an evidence question's key where it has none)."""
    sources = question.sources
    claims = [s.claim for s in sources if s.claim is not None]
    groups: list[_Passages]
    if claims:
        groups = [tuple((s.article, s.span) for s in sources if s.claim == claim) for claim in dict.fromkeys(claims)]
    elif sources:
        groups = [tuple((s.article, s.span) for s in sources)]
    else:
        groups = [tuple(kind_of(question).cited(question))]
    return [group for group in groups if len({article for article, _ in group}) >= 2]


def _covers(these: _Passages, those: _Passages) -> bool:
    return all(any(a == b and span.overlaps(other) for b, other in those) for a, span in these)


def repeated_questions(banks: Sequence[Bank]) -> list[Problem]:
    """Warnings for questions of different banks that ask about the same passages of the same reports
    (every passage of each overlaps one of the other's): assigned together, the banks ask it twice."""
    asked: list[tuple[Bank, Question, _Passages]] = [
        (bank, question, group) for bank in banks for question in bank.questions for group in _asked_passages(question)
    ]
    problems = []
    reported: set[tuple[str, str]] = set()
    for index, (bank, question, group) in enumerate(asked):
        for first_bank, first, first_group in asked[:index]:
            if first_bank.id == bank.id or (bank.id, question.id) in reported:
                continue
            if _covers(group, first_group) and _covers(first_group, group):
                reported.add((bank.id, question.id))
                message = (
                    f"warning: asks about the same passages as question {first.id} of bank {first_bank.id} "
                    f"({first_bank.path}:{first.line}); assigned together, the two banks ask it twice"
                )
                problems.append(Problem(bank.path, question.line, message, question.id))
    return problems


def lint(banks: Iterable[Bank], corpus: Corpus) -> list[Problem]:
    """Every warning for banks validated together."""
    banks = list(banks)
    found = [problem for bank in banks for problem in giveaways(bank, corpus)]
    return sorted(found + repeated_questions(banks))
