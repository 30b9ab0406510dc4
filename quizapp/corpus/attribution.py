"""Quotations in an article and who the article says spoke them.

The quotations are the article's own (:attr:`Article.quotations`: the words between each outermost
pair of double quotation marks; a paragraph whose marks never balance has none). A speaker comes
from the attribution around the quotation, as news copy writes it:

- after the closing mark: ``," Harris said``, ``," said Harris``, ``," she wrote in a tweet``,
  ``," Mary McInerney, country director for Save the Children, told CBS News``;
- before the opening mark, in the same sentence: ``Harris told reporters ... "tangible"``,
  ``Rep. Alexandria Ocasio-Cortez (D-NY) called her comments "disappointing."``,
  ``..., saying, "..."`` and ``..., stating ...`` (the sentence's subject), ``She warned: "..."``,
  ``According to X, "..."``, ``protesters who held signs reading "..."``;
- the next sentence, when it is only an attribution (``"..." That is what Harris said.`` is not
  one; ``"..." Harris said.`` split off by a stray full stop is);
- a later quotation in the same paragraph with no attribution of its own keeps the speaker of
  the one before (``"...," Harris said. "..."``).

Pronouns (``she``) and descriptions (``the 31-year-old``) resolve to the person most recently in
focus: the last speaker, or the last person who was a sentence's subject. Names resolve to the
fullest form the article gives (``Harris`` and ``Vice President Kamala Harris`` are both ``Kamala
Harris``; ``AOC`` is the initials of ``Alexandria Ocasio-Cortez``; a misspelt surname such as
``Ocasio-Cortex`` is matched to the close spelling). Words in quotation marks that name a thing
rather than quote someone (``the term "border crisis"``, ``known as the "Northern Triangle"``,
``Trump's "zero tolerance" policy``) get no speaker.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from quizapp.corpus.articles import Article
from quizapp.corpus.span import Span

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_TOKEN = rf"(?:[{_UPPER}][\w'\u2019.-]*)"
# A name: capitalised words on one line ("Rep. Alexandria Ocasio-Cortez"; a "(D-NY)" after it is _PARENTHESIS).
_NAME = rf"{_TOKEN}(?:[ \u00a0]+{_TOKEN})*"
_PRONOUN = r"(?:[Ss]he|[Hh]e|[Tt]hey)"
_DESCRIPTION = (
    r"(?:[Tt]he[ ](?:\d+-year-old|congresswoman|congressman|lawmaker|senator|president|vice[ ]president|governor"
    r"|spokes(?:person|woman|man)|official|minister|mayor|representative|democrat|republican|leader))"
)
# Someone the article describes rather than names, just before a speech verb ("the economist said").
_DESCRIBED = r"(?:(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)[ ](?:[a-z-]+[ ]){0,2}[a-z-]+)"
_SPEAKER = rf"(?P<speaker>{_PRONOUN}|{_DESCRIPTION}|(?:the[ ])?{_NAME}|{_DESCRIBED})"
_PARENTHESIS = r"(?:[ ]*\([^()\n]{1,30}\))?"
_APPOSITION = r"(?:,[^,.;:#\n]{1,100},)?"
_ADVERBS = r"(?:(?:also|again|then|later|previously|directly|repeatedly|initially|first|has|had|have|once)[ ]+)*"

_VERBS = (
    "said|says|added|adds|wrote|writes|told|tells|asked|asks|explained|explains|continued|continues|began|"
    "stated|states|noted|notes|argued|argues|insisted|insists|replied|responded|tweeted|posted|emphasized|"
    "emphasised|emphasizes|stressed|warned|warns|declared|announced|claimed|claims|recalled|remarked|suggested|"
    "mentioned|called|calls|committed|promised|pointed out|acknowledged|admitted|urged|vowed|concluded|"
    "described|cautioned|countered|conceded|answered|reiterated|repeated|testified|wrote on|posted on"
)
_PARTICIPLES = (
    "saying|adding|writing|telling|stating|insisting|noting|arguing|calling|warning|explaining|asking|"
    "declaring|claiming|suggesting|describing|stressing|emphasizing|emphasising|promising|urging|vowing"
)
_SPEECH = re.compile(rf"\b(?P<verb>{_VERBS}|{_PARTICIPLES})\b")
_PARTICIPLE = re.compile(rf"^(?:{_PARTICIPLES})$")

# ``," Harris said`` / ``," said Harris`` right after a closing mark (or opening a following sentence).
_AFTER = re.compile(
    rf"^[\s,]*(?:{_SPEAKER}{_PARENTHESIS}{_APPOSITION}[ ]+{_ADVERBS}(?P<verb>{_VERBS})\b"
    rf"|(?P<verb2>said|says|added|wrote|told|asked)[ ]+(?:[a-z-]+[ ]){{0,3}}(?P<speaker2>{_NAME}))"
)
# The speaker of a speech verb: the words just before it.
_BEFORE_VERB = re.compile(rf"{_SPEAKER}{_PARENTHESIS}{_APPOSITION}[ ]+{_ADVERBS}$")
_ACCORDING_TO = re.compile(rf"\b[Aa]ccording to (?P<speaker>(?:the[ ])?{_NAME}),?\s*$")
_SIGNS = re.compile(
    r"\b(?P<speaker>[a-z]+(?:ers|ors|ists|ants|ents|people))[ ](?:who[ ])?"
    r"(?:held|holding|carried|carrying|waved|waving)[ ](?:a[ ])?(?:signs?|placards?|banners?)[ ]"
    r"(?:reading|that[ ]read|saying)[ ,:]*$"
)
# Quotation marks that name a thing: ``the term "..."``, ``known as the "..."``, ``Trump's "..." policy``.
_NAMING_BEFORE = re.compile(
    r"(?:\bthe (?:term|phrase|word|words|slogan|label|name)|\bknown as(?: the| a| an)?|\breferred to as(?: the| a| an)?"
    r"|\bso-called|\bdubbed(?: the| a| an)?|\bnicknamed|\b[A-Z][\w-]*['\u2019]s?)[ ,]*$"
)
_NAMING_AFTER = re.compile(
    r"^[\s,]*(?:program|programme|policy|policies|campaign|act|law|slogan|movement|initiative|plan|operation|project)\b"
)

_STOPWORDS = frozenset(
    "While When Whereas After Before Since Still However But And In On At As If Although Though Because During "
    "Despite Then So Yet Or Also Just The A An This That These Those It Its Meanwhile Regardless Indeed According "
    "Asked Speaking Joined For With From Of To By Early Last Aside Part Overall Even Only Here There What Where "
    "Why How Who Whom Whose Which Mostly More Most Many Some Any Every First Second Third Now Today Yesterday".split()
)
_PREPOSITIONS = frozenset(
    "in on at to from with by for of about after before since during against between into over under toward "
    "towards across through like than upon among via per without within".split()
)
_TITLES = frozenset(
    "President Vice Rep. Rep Representative Sen. Sen Senator Gov. Gov Governor Mr. Mr Mrs. Mrs Ms. Ms Dr. Dr "
    "Secretary Minister Prime Chancellor Judge Justice Mayor Speaker Leader General Gen. Director Ambassador "
    "Attorney Press Spokesperson Spokeswoman Spokesman Congresswoman Congressman Chairman Chairwoman Chair "
    "Commissioner Councillor Councilor Councilman Councilwoman Alderman Officer Chief Coach Professor Prof. "
    "Rev. Father Sister Bishop "
    "Lt. Col. Sgt. Capt. Pope King Queen Prince Princess Sir Dame Lord Lady".split()
)
_FEMININE = {"she": "f", "he": "m"}
_REACH = 600  # characters before and after a quotation searched for its attribution
# What an attribution gives: (speaker, cue text, cue span); speaker "#term" marks a name or term in quotation marks.
_Cue = tuple[str, str | None, Span | None]
# A name after these is an object ("told Giammattei") or part of a noun phrase ("the Biden administration").
_NOT_BEFORE_SUBJECT = frozenset("the a an told tells telling asked asks asking urged warned thanked met meet".split())
# Words that make a capitalised phrase an organisation or a place rather than a person.
_NOT_PERSON = frozenset(
    "News Post Times Journal Herald Tribune Daily Press House Department Party Administration Government "
    "Council Committee Office Agency Bureau Ministry Court Congress Senate Association Organization "
    "Organisation Foundation Institute University Service Services Protection Union Company Group Network "
    "Children States America Americas Salvador City Country Republic Kingdom Triangle Border Encounters "
    "Nations Palace Street Avenue Square County Province Island Islands Sea Ocean River".split()
)


@dataclass(frozen=True)
class Quotation:
    """One quotation: its words (between the marks), where they stand, and who the article says spoke them.

    ``speaker`` is None when the article names no one or the marks hold a name or term; ``cue`` is
    the attribution as the article writes it (``Harris said``), and ``cue_span`` where it stands.
    """

    quote: str
    span: Span
    speaker: str | None
    cue: str | None = None
    cue_span: Span | None = None

    @property
    def words(self) -> int:
        """How many words the quotation has."""
        return len(self.quote.split())


@dataclass(frozen=True)
class _Mark:
    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark
    words: Span  # the words between them


_MARKS = '"\u201c\u201d\u201e'


def _marks(article: Article) -> list[_Mark]:
    """The quotation marks around each of the article's quotations (see :attr:`Article.quotations`)."""
    text = article.text
    marks = []
    for span in article.quotations:
        open_at = span.start - 1
        while open_at > 0 and text[open_at] not in _MARKS:
            open_at -= 1
        close_at = span.end
        while close_at < len(text) - 1 and text[close_at] not in _MARKS:
            close_at += 1
        marks.append(_Mark(open_at, close_at, span))
    return marks


def _mask(text: str, marks: list[_Mark]) -> str:
    """``text`` with every quotation (marks included) replaced by ``#``, so names quoted are not mentions."""
    chars = list(text)
    for mark in marks:
        for index in range(mark.open_at, mark.close_at + 1):
            chars[index] = "#" if not chars[index].isspace() else chars[index]
    return "".join(chars)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _clean_name(raw: str) -> tuple[str, bool]:
    """A name without leading function words and titles or a trailing full stop; and whether it was possessive."""
    tokens = raw.split()
    while tokens and (tokens[0] in _STOPWORDS or re.fullmatch(r"(?:[A-Z]\.){2,}", tokens[0])):
        tokens.pop(0)
    possessive = False
    if tokens:
        last = tokens[-1]
        for suffix in ("\u2019s", "'s", "\u2019", "'"):
            if last.endswith(suffix):
                last = last[: -len(suffix)]
                possessive = True
                break
        if last.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", last) and last not in _TITLES:
            last = last[:-1]
        tokens[-1] = last
    titled = [i for i, token in enumerate(tokens) if token in _TITLES]
    if titled and titled[-1] < len(tokens) - 1:
        tokens = tokens[titled[-1] + 1 :]
    elif titled:
        tokens = []  # only a title ("the President"): not a name
    return " ".join(t for t in tokens if t), possessive


class _Names:
    """The people and organisations an article names, by their fullest form."""

    def __init__(self, masked: str):
        seen: list[str] = []
        for match in re.finditer(_NAME, masked):
            name, _ = _clean_name(match.group())
            if len(name.split()) >= 2 and not re.search(r"\d", name):
                seen.append(name)
        spelled: dict[str, str] = {}
        for name in seen:
            # Of two spellings the same but for accents, keep the accented one (López over Lopez).
            known = spelled.get(_fold(name))
            if known is None or (known.isascii() and not name.isascii()):
                spelled[_fold(name)] = name
        # How often each form stands in the text, counting the longer forms that end with it: "Kamala
        # Harris" is supported by "Vice President of U.S. Kamala Harris" too, not the other way round.
        self.support = {
            folded: sum(1 for other in seen if _ends_with(_fold(other).split(), folded.split())) for folded in spelled
        }
        self.full = list(spelled.values())

    def canonical(self, name: str) -> str:
        """The fullest well-supported form of ``name`` the article gives; ``name`` itself when there is none."""
        tokens = _fold(name).split()
        if not tokens:
            return name
        candidates = [c for c in self.full if _ends_with(_fold(c).split(), tokens)]
        if candidates:
            # The longest form seen at least twice (counting longer forms); a one-off longer run of
            # capitals ("of Mexico Andres Manuel Lopez Obrador") is not a name of its own.
            return max(candidates, key=lambda c: (self.support[_fold(c)] >= 2, len(c.split()), self.support[_fold(c)]))
        if len(tokens) == 1 and name.isupper() and 2 <= len(name) <= 5:
            for candidate in self.full:
                initials = "".join(part[0] for part in re.split(r"[ -]+", candidate) if part)
                if initials.upper() == name:
                    return self.canonical(candidate)
        if len(tokens) == 1 and len(tokens[0]) >= 5:
            scored = [(fuzz.ratio(tokens[0], _fold(c).split()[-1]), c) for c in self.full]
            scored = [item for item in scored if item[0] >= 85]
            if scored:
                return self.canonical(max(scored)[1])
        return name

    def is_person(self, name: str) -> bool:
        """True for a full name the article gives that reads as a person's (not "CBS News", "El Salvador")."""
        return any(_fold(name) == _fold(candidate) for candidate in self.full) and looks_like_person(name)


def looks_like_person(name: str | None) -> bool:
    """True when ``name`` reads as a person's full name: two to five capitalised words, none an
    acronym or a word of an organisation or a place ("CBS News", "White House", "El Salvador")."""
    tokens = (name or "").split()
    return (
        2 <= len(tokens) <= 5
        and all(t[:1].isupper() for t in tokens)
        and not any(t in _NOT_PERSON or (t.isupper() and len(t) > 1) for t in tokens)
    )


def _ends_with(tokens: list[str], tail: list[str]) -> bool:
    return len(tokens) >= len(tail) and tokens[len(tokens) - len(tail) :] == tail


@dataclass
class _Mention:
    at: int
    name: str | None  # canonical
    pronoun: str | None  # "she", "he", "they", "the 31-year-old"


class _Focus:
    """Who the text is about at each point: the people a pronoun can mean, most recent last."""

    def __init__(self) -> None:
        self.people: list[tuple[int, str]] = []
        self.gender: dict[str, str] = {}

    def mention(self, name: str, at: int) -> None:
        self.people.append((at, name))

    def resolve(self, pronoun: str, at: int) -> str | None:
        """The person ``pronoun`` (at offset ``at``) means: the last one in focus before it, of its gender if known."""
        wanted = _FEMININE.get(pronoun.casefold())
        for where, name in reversed(self.people):
            if where >= at or (wanted and self.gender.get(name, wanted) != wanted):
                continue
            if wanted:
                self.gender[name] = wanted
            return name
        return None


def find_quotations(article: Article) -> tuple[Quotation, ...]:
    """Every quotation in ``article``'s body, in order, with its speaker where the article gives one.

    The quotations are :attr:`Article.quotations`: a paragraph whose marks never balance has none.
    """
    text = article.text
    marks = _marks(article)
    masked = _mask(text, marks)
    names = _Names(masked)
    sentences = article.sentences
    starts = [s.start for s in sentences]

    def sentence_at(offset: int) -> Span | None:
        index = bisect_right(starts, offset) - 1
        if index >= 0 and sentences[index].start <= offset < sentences[index].end:
            return sentences[index]
        return None

    mentions = _subject_mentions(masked, sentences, names)
    focus = _Focus()
    result: list[Quotation] = []
    mention_index = 0
    for number, mark in enumerate(marks):
        while mention_index < len(mentions) and mentions[mention_index].at < mark.open_at:
            _follow(mentions[mention_index], focus)
            mention_index += 1
        cue = _attribute(text, masked, mark, sentence_at, names, focus)
        previous = result[-1] if result else None
        if cue is None and previous is not None and previous.speaker:
            same_paragraph = article.paragraph_at(marks[number - 1].open_at) == article.paragraph_at(mark.open_at)
            if same_paragraph:
                cue = (previous.speaker, previous.cue, previous.cue_span)
        speaker, cue_text, cue_span = cue if cue else (None, None, None)
        if speaker and speaker != "#term" and names.is_person(speaker):
            focus.mention(speaker, mark.open_at)
        result.append(
            Quotation(
                quote=article.slice(mark.words),
                span=mark.words,
                speaker=None if speaker == "#term" else speaker,
                cue=cue_text,
                cue_span=cue_span,
            )
        )
    return tuple(result)


def _follow(mention: _Mention, focus: _Focus) -> None:
    if mention.name:
        focus.mention(mention.name, mention.at)
    elif mention.pronoun:
        resolved = focus.resolve(mention.pronoun, mention.at)
        if resolved:
            focus.mention(resolved, mention.at)


_WORD_BEFORE = re.compile(r"(\S+)\s*$")
# What follows a subject: "Sinead Murphy said", "Rep. X (D-NY) criticized", "the chief executive,
# Sinead Murphy, said".
_SUBJECT_FOLLOWER = re.compile(rf"{_PARENTHESIS}{_APPOSITION}(?:,(?=[ ]+(?:{_VERBS})\b))?[ ]+(?P<word>[a-z][a-z'-]*)")


def _subject_mentions(masked: str, sentences: tuple[Span, ...], names: _Names) -> list[_Mention]:
    """Sentence subjects and speakers of speech verbs, outside quotations, in order."""
    mentions: list[_Mention] = []
    for sentence in sentences:
        chunk = masked[sentence.start : sentence.end]
        for match in re.finditer(rf"(?<![\w#])(?:{_PRONOUN}|{_DESCRIPTION}|{_NAME})", chunk):
            subject = _as_subject(chunk, match.start(), match.end(), match.group())
            if subject is None:
                continue
            at = sentence.start + match.start()
            if re.fullmatch(rf"{_PRONOUN}|{_DESCRIPTION}", subject):
                mentions.append(_Mention(at, None, subject.casefold()))
            else:
                canonical = names.canonical(subject)
                if names.is_person(canonical):
                    mentions.append(_Mention(at, canonical, None))
    return mentions


def _as_subject(chunk: str, start: int, end: int, raw: str) -> str | None:
    """``raw`` (found at ``chunk[start:end]``) when it reads as a clause's subject: followed by a verb-like word."""
    if re.fullmatch(rf"{_PRONOUN}|{_DESCRIPTION}", raw):
        name = raw
    else:
        name, possessive = _clean_name(raw)
        if not name or possessive:
            return None
    before = _WORD_BEFORE.search(chunk, max(0, start - 40), start)
    if before and (before.group(1).casefold() in _PREPOSITIONS or before.group(1) in _NOT_BEFORE_SUBJECT):
        return None
    after = _SUBJECT_FOLLOWER.match(chunk, end)
    if after is None or after.group("word") in ("of", "and", "or", "nor", "to", "in", "for"):
        return None
    return name


def _attribute(
    text: str,
    masked: str,
    mark: _Mark,
    sentence_at: Callable[[int], Span | None],
    names: _Names,
    focus: _Focus,
) -> _Cue | None:
    """(speaker, cue text, cue span) for one quotation, or None; speaker ``#term`` for a name in marks."""
    opening_sentence = sentence_at(mark.open_at)
    lead_start = opening_sentence.start if opening_sentence else mark.open_at
    # An attribution stands near its quotation; looking no further keeps a run-on paragraph of
    # thousands of quotations linear rather than quadratic.
    lead_start = max(lead_start, mark.open_at - _REACH)
    lead = masked[lead_start : mark.open_at]
    tail_start = mark.close_at + 1
    closing_sentence = sentence_at(mark.close_at)
    tail_end = min(closing_sentence.end if closing_sentence else tail_start, tail_start + _REACH)
    tail = masked[tail_start:tail_end]
    if _NAMING_BEFORE.search(lead) or _NAMING_AFTER.match(tail):
        return "#term", None, None

    def found(raw: str, at: int, cue_start: int, cue_end: int) -> _Cue | None:
        speaker = _resolve(raw, names, focus, at)
        if speaker is None:
            return None
        return speaker, text[cue_start:cue_end].strip(" ,"), Span(cue_start, cue_end)

    # After the closing mark: ``," Harris said``.
    match = _AFTER.match(tail)
    if match:
        raw = match.group("speaker") or match.group("speaker2")
        return found(raw, tail_start, tail_start + match.start(), tail_start + match.end())
    # Before the opening mark, in the same sentence.
    match = _SIGNS.search(lead)
    if match:
        cue_start = lead_start + match.start()
        return match.group("speaker"), text[cue_start : mark.open_at].strip(" ,:"), Span(cue_start, mark.open_at)
    verbs = list(_SPEECH.finditer(lead))
    if verbs:
        verb = verbs[-1]
        subject = _BEFORE_VERB.search(lead[: verb.start()])
        # A participle ("..., saying", "a direct warning") has no subject of its own: the sentence's is used.
        participle = _PARTICIPLE.match(verb.group("verb"))
        if subject and not participle:
            raw, cue_start = subject.group("speaker"), lead_start + subject.start()
        else:
            raw, cue_start = _sentence_subject(lead, lead_start)
        if raw:
            cue_end = lead_start + verb.end()
            result = found(raw, cue_start, cue_start, cue_end)
            if result:
                return result
    match = _ACCORDING_TO.search(lead)
    if match:
        return found(match.group("speaker"), lead_start, lead_start + match.start(), lead_start + match.end())
    if re.search(r":\s*$", lead):
        raw, cue_start = _sentence_subject(lead, lead_start)
        if raw:
            return found(raw, cue_start, cue_start, mark.open_at)
    # The next sentence, when it is only an attribution: ``"..." Harris said.``
    if closing_sentence is not None and not tail.strip():
        following = sentence_at(closing_sentence.end + 1) or sentence_at(closing_sentence.end + 2)
        if following is not None:
            words = masked[following.start : following.end]
            match = _AFTER.match(words)
            if match and "#" not in words and len(words.split()) <= 12:
                raw = match.group("speaker") or match.group("speaker2")
                return found(raw, following.start, following.start, following.start + match.end())
    return None


def _sentence_subject(lead: str, lead_start: int) -> tuple[str | None, int]:
    """The subject of the sentence ``lead`` begins: its first name, pronoun or description before a verb."""
    for match in re.finditer(rf"(?<![\w#])(?:{_PRONOUN}|{_DESCRIPTION}|(?:the[ ])?{_NAME})", lead):
        raw = match.group()
        bare = raw[4:] if raw.startswith("the ") else raw
        if _as_subject(lead, match.start(), match.end(), bare) is not None:
            return raw, lead_start + match.start()
    return None, lead_start


def _resolve(raw: str, names: _Names, focus: _Focus, at: int) -> str | None:
    """The speaker ``raw`` (at offset ``at``) stands for: a person's fullest name, a group, or who a pronoun means."""
    if re.fullmatch(rf"{_PRONOUN}|{_DESCRIPTION}", raw):
        return focus.resolve(raw, at)
    bare = raw[4:] if raw[:4] in ("the ", "The ") else raw
    if bare[:1].islower():
        # Described, not named ("the economist", "protesters"): the description is the speaker.
        return bare
    name, _ = _clean_name(bare)
    if not name:
        return None
    return names.canonical(name)
