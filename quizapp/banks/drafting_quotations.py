"""Drafting the questions on quotations and passages the reports share or leave out:

- one ``match`` of quotations to their speakers (:mod:`quizapp.corpus.attribution`);
- ``source`` questions on passages only some of the reports carry (:mod:`quizapp.corpus.align`);
- one ``grid`` of aligned passages against every article;
- ``truefalse`` questions on quote drift: whether two reports print someone's words the same way
  (:mod:`quizapp.corpus.worddiff`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations

from quizapp.banks.drafting_names import (
    SHORT_WORDS,
    ArticleNames,
    QuestionIds,
    Quotations,
    capitalised,
    letters_only,
    listing,
    opening_words,
    short_speaker,
    shortened,
    speaker_of,
    surname_of,
    verbatim_source,
)
from quizapp.banks.model import Source
from quizapp.corpus.align import AlignedPassage, Alignment, Alignments
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.attribution import Quotation, looks_like_person
from quizapp.corpus.span import Span
from quizapp.corpus.worddiff import DiffToken, is_changed, word_diff
from quizapp.questions import GridQuestion, MatchQuestion, SourceQuestion, TrueFalseQuestion

MAX_PAIRS = 5
MAX_DISTRACTORS = 2
MAX_SOURCE = 5
MAX_DRIFT = 3
MAX_GRID_CLAIMS = 4
GRID_TAG_WORDS = 3  # a claim named in the grid's explanation by its first words
MIN_GRID_CLAIMS = 2  # one claim is a source question laid out as a table
GRID_CLAIM_WORDS = 14  # a row header, read once per report: shorter than a match item
MIN_MATCH_WORDS = 4  # "hope", "root causes": too short to tell speakers apart by


# --------------------------------------------------------------------------------------------------
# Match: quotations to speakers
# --------------------------------------------------------------------------------------------------


def match_question(
    corpus: Corpus, quotations: Quotations, alignments: Alignments, names: ArticleNames, ids: QuestionIds
) -> MatchQuestion | None:
    """One quotation per named speaker, matched to them; other quoted people as distractors."""
    best: dict[str, tuple[tuple, str, Quotation]] = {}
    for article_id, found in quotations.items():
        for quotation in found:
            speaker = quotation.speaker
            if speaker is None or not looks_like_person(speaker) or quotation.words < MIN_MATCH_WORDS:
                continue
            carried = 1 + len(alignments.carriers(article_id, quotation.span))
            named = quotation.cue is not None and speaker.split()[-1] in quotation.cue
            # The quotation most reports carry, then one whose excerpt names the speaker (not "she
            # said"), then one of a readable length.
            rank = (-carried, not named, quotation.words > SHORT_WORDS, quotation.words)
            if speaker not in best or rank < best[speaker][0]:
                best[speaker] = (rank, article_id, quotation)
    if len(best) < 2:
        return None
    chosen = sorted(best.items(), key=lambda item: item[1][0])[:MAX_PAIRS]
    chosen.sort(key=lambda item: (list(corpus).index(item[1][1]), item[1][2].span.start))
    pairs: list[tuple[str, str]] = []
    sources: list[Source] = []
    cited: dict[str, list[str]] = {}
    for speaker, (_, article_id, quotation) in chosen:
        article = corpus[article_id]
        left = shortened(quotation.quote)
        pairs.append((left, speaker))
        source = _quotation_source(article, quotation)
        sources.append(source)
        cue = f" (“{quotation.cue}”)" if quotation.cue else ""
        cited.setdefault(article_id, []).append(f"{speaker}{cue}")
    speakers = {speaker for _, speaker in pairs}
    others = Counter(
        q.speaker
        for found in quotations.values()
        for q in found
        if q.speaker is not None and looks_like_person(q.speaker) and q.speaker not in speakers
    )
    distractors = tuple(name for name, _ in others.most_common(MAX_DISTRACTORS))
    explanation = " ".join(f"{capitalised(names.of(a))} quotes {listing(people)}." for a, people in cited.items())
    if distractors:
        explanation += f" {listing(distractors)} {'is' if len(distractors) == 1 else 'are'} quoted in the reports too,"
        explanation += " but not saying any of these."
    return MatchQuestion(
        id=ids.make("match", "quotations", "to", "speakers"),
        prompt="Match each quotation to the person the reports say spoke or wrote it.",
        sources=tuple(sources),
        explanation=explanation,
        skills=("attribution",),
        points=float(len(pairs) // 2 or 1),
        pairs=tuple(pairs),
        distractors=distractors,
    )


def _quotation_source(article: Article, quotation: Quotation) -> Source:
    """The quotation with its marks and, when it is in the same paragraph, the words naming the speaker."""
    opening = max(article.text.rfind(c, 0, quotation.span.start) for c in '"\u201c\u201e')
    closing = [i for i in (article.text.find(c, quotation.span.end) for c in '"\u201d') if i >= 0]
    start = opening if opening >= 0 else quotation.span.start
    end = min(closing) + 1 if closing else quotation.span.end
    paragraph = article.paragraph_at(quotation.span.start)
    if quotation.cue_span is not None and paragraph is not None and paragraph.span.start <= quotation.cue_span.start:
        start, end = min(start, quotation.cue_span.start), max(end, quotation.cue_span.end)
    return verbatim_source(article, Span(start, end))


# --------------------------------------------------------------------------------------------------
# Source: passages only some reports carry
# --------------------------------------------------------------------------------------------------


def source_questions(
    corpus: Corpus, quotations: Quotations, rows: Sequence[Alignment], names: ArticleNames, ids: QuestionIds
) -> list[SourceQuestion]:
    """Which reports carry a passage, for up to MAX_SOURCE passages some reports leave out."""
    everyone = set(corpus)
    candidates = [row for row in rows if set(row.article_ids) != everyone]
    # Quotations first (what someone said is what reports choose to carry or not), then those the fewest
    # reports carry (the starkest omissions), then longer ones.
    candidates.sort(key=lambda row: (row.kind != "quote", len(row.article_ids), -len(row.anchor.text)))
    questions: list[SourceQuestion] = []
    for row in candidates[:MAX_SOURCE]:
        speaker = speaker_of(quotations, row.anchor)
        # The shortest rendering is the words all the carrying reports share most nearly.
        shortest = min((p.text for p in row.passages), key=len).strip().strip('"\u201c\u201d')
        words = shortened(shortest, GRID_CLAIM_WORDS)
        if speaker and row.kind == "quote":
            prompt = (
                f"{capitalised(short_speaker(speaker, quotations))} said: “{words}” Which reports quote these words?"
            )
        else:
            prompt = f"Which reports carry this passage: “{words}”?"
        carriers = [names.at(p.article_id, p.span) for p in row.passages]
        missing = [names.of(a) for a in corpus if a not in row.article_ids]
        verb = "does" if len(missing) == 1 else "do"
        explanation = f"{capitalised(listing(carriers))} carry it; {listing(missing)} {verb} not."
        if not row.identical:
            explanation += " The reports that carry it do not all print the same words: compare them side by side."
        questions.append(
            SourceQuestion(
                id=ids.make("which-reports", surname_of(speaker), opening_words(row.anchor.text, 5)),
                prompt=prompt,
                sources=tuple(verbatim_source(corpus[p.article_id], p.span) for p in row.passages),
                explanation=explanation,
                skills=("sourcing", "comparison"),
                choices=tuple(corpus),
                answers=frozenset(row.article_ids),
            )
        )
    return questions


# --------------------------------------------------------------------------------------------------
# Grid: which reports carry each of several passages
# --------------------------------------------------------------------------------------------------


def grid_question(
    corpus: Corpus, quotations: Quotations, rows: Sequence[Alignment], names: ArticleNames, ids: QuestionIds
) -> GridQuestion | None:
    """Aligned passages as claims against every article, each tick backed by that article's passage.

    Rows are chosen so that the ticks differ from claim to claim: first one row for each different set
    of carrying reports, then more rows from the speakers with the fewest claims so far. None when
    fewer than :data:`MIN_GRID_CLAIMS` rows give a claim.
    """
    everyone = set(corpus)
    candidates: list[tuple[int, Alignment, str, str | None]] = []
    claims_seen: set[str] = set()
    for position, row in enumerate(rows):
        speaker = speaker_of(quotations, row.anchor) if row.kind == "quote" else None
        claim = _grid_claim(row, speaker)
        if claim in claims_seen:
            continue  # two rows that shorten to the same words would be one claim twice
        claims_seen.add(claim)
        candidates.append((position, row, claim, speaker))
    if len(candidates) < MIN_GRID_CLAIMS:
        return None
    # Quotations with a named speaker first (what someone said is what reports choose to carry), and
    # passages every report carries last (a row of all ticks tells the least); else the articles' order.
    candidates.sort(key=lambda c: (c[3] is None, set(c[1].article_ids) == everyone, c[0]))
    chosen: list[tuple[int, Alignment, str, str | None]] = []
    carrier_sets: set[tuple[str, ...]] = set()
    for candidate in candidates:
        if len(chosen) < MAX_GRID_CLAIMS and candidate[1].article_ids not in carrier_sets:
            chosen.append(candidate)
            carrier_sets.add(candidate[1].article_ids)
    rest = [c for c in candidates if c not in chosen]
    while rest and len(chosen) < MAX_GRID_CLAIMS:
        per_speaker = Counter(c[3] for c in chosen)
        following = min(rest, key=lambda c: per_speaker[c[3]])  # min keeps the earliest of equals
        chosen.append(following)
        rest.remove(following)
    chosen.sort(key=lambda c: c[0])

    claims = tuple(claim for _, _, claim, _ in chosen)
    sources: list[Source] = []
    for _, row, claim, _ in chosen:
        sources += [replace(verbatim_source(corpus[p.article_id], p.span), claim=claim) for p in row.passages]
    # Report by report, each claim by its first words: a teacher's summary under drafting.EXPLANATION_WORDS words.
    tags = {claim: f"“{_tag(_grid_words(row))}”" for _, row, claim, _ in chosen}
    lines = []
    for article_id in corpus:
        carried = [tags[claim] for _, row, claim, _ in chosen if article_id in row.article_ids]
        lines.append(f"{capitalised(names.of(article_id))}: {listing(carried) if carried else 'none of them'}.")
    if any(len({letters_only([p.text]) for p in row.passages}) > 1 for _, row, _, _ in chosen):
        lines.append("Some print the words a little differently; each still carries the passage.")
    quotes = all(row.kind == "quote" for _, row, _, _ in chosen)
    return GridQuestion(
        id=ids.make("which-reports-carry-each", "quotation" if quotes else "passage"),
        prompt=(
            f"Which reports carry each of these {'quotations' if quotes else 'passages'}? Tick every report "
            "that prints it, even where its wording differs a little."
        ),
        sources=tuple(sources),
        explanation=" ".join(lines),
        skills=("sourcing", "comparison"),
        points=float(len(claims) // 2 or 1),
        claims=claims,
        articles=tuple(corpus),
        answers=frozenset((claim, p.article_id) for _, row, claim, _ in chosen for p in row.passages),
    )


def _tag(words: str) -> str:
    """A claim's first few words, to name it in a sentence ("Do not come…")."""
    words = words.lstrip("… ")
    if len(words.split()) <= GRID_TAG_WORDS:
        return words
    return " ".join(words.split()[:GRID_TAG_WORDS]).rstrip(".,;: ") + "…"


def _grid_claim(row: Alignment, speaker: str | None) -> str:
    """A row header: the speaker and their words ('Kamala Harris: “…Do not come. Do not come”')."""
    words = _grid_words(row)
    return f"{speaker}: “{words}”" if speaker else f"“{words}”"


def _grid_words(row: Alignment) -> str:
    """The passage shortened to a row header, as most of the reports carrying it print it (the first
    report's when they all differ), so that a slip in one report does not become the claim."""
    renderings = [
        shortened(p.text.strip().strip('"\u201c\u201d'), GRID_CLAIM_WORDS).rstrip(".,;: ") for p in row.passages
    ]
    counts = Counter(renderings)
    return max(renderings, key=lambda words: counts[words])  # max keeps the first of equals


# --------------------------------------------------------------------------------------------------
# True/false: quote drift between reports
# --------------------------------------------------------------------------------------------------


def drift_questions(
    corpus: Corpus, quotations: Quotations, rows: Sequence[Alignment], names: ArticleNames, ids: QuestionIds
) -> list[TrueFalseQuestion]:
    """Whether two reports print a quotation the same way: up to MAX_DRIFT that differ, one that does not."""
    drifted: list[tuple[tuple, Alignment, AlignedPassage, AlignedPassage, tuple[DiffToken, ...]]] = []
    same: list[tuple[Alignment, AlignedPassage, AlignedPassage]] = []
    for row in rows:
        if row.kind != "quote" or len(row.passages) < 2:
            continue
        pairs: list[tuple[tuple[bool, bool, int], AlignedPassage, AlignedPassage, tuple[DiffToken, ...]]] = []
        for first, second in combinations(row.passages, 2):
            diff = word_diff(first.text, second.text)
            interrupted = _interrupted(first.text) or _interrupted(second.text)
            changed = [t for t in diff if t.op != "equal"]
            wording = letters_only(t.text for t in changed if t.op == "delete") != letters_only(
                t.text for t in changed if t.op == "insert"
            )
            pairs.append(((interrupted, not wording, sum(len(t.text.split()) for t in changed)), first, second, diff))
        for rank, first, second, diff in sorted(pairs, key=lambda item: item[0]):
            if rank[0]:
                continue
            if is_changed(diff):
                drifted.append((rank, row, first, second, diff))
            elif not same or len(row.anchor.text) > len(same[0][0].anchor.text):
                same[:] = [(row, first, second)]
            break
    drifted.sort(key=lambda item: item[0])
    questions = [_drift_question(corpus, quotations, row, a, b, diff, names, ids) for _, row, a, b, diff in drifted]
    questions = questions[:MAX_DRIFT]
    if same:
        row, first, second = same[0]
        questions.append(_same_words_question(corpus, quotations, row, first, second, names, ids))
    return questions


def _interrupted(text: str) -> bool:
    """True when a passage runs over an attribution between two quotations (“...,” she wrote. “...”)."""
    inner = text.strip().strip('"\u201c\u201d')
    return any(mark in inner for mark in '"\u201c\u201d')


def _drift_question(
    corpus: Corpus,
    quotations: Quotations,
    row: Alignment,
    first: AlignedPassage,
    second: AlignedPassage,
    diff: tuple[DiffToken, ...],
    names: ArticleNames,
    ids: QuestionIds,
) -> TrueFalseQuestion:
    speaker = short_speaker(speaker_of(quotations, row.anchor), quotations)
    a, b = names.at(first.article_id, first.span), names.at(second.article_id, second.span)
    differences: list[str] = []
    for index, token in enumerate(diff):
        if token.op == "delete":
            following = diff[index + 1] if index + 1 < len(diff) else None
            if following is not None and following.op == "insert":
                differences.append(f"“{token.text}” in {a} against “{following.text}” in {b}")
            else:
                differences.append(f"“{token.text}” in {a}, which {b} leaves out")
        elif token.op == "insert" and (index == 0 or diff[index - 1].op != "delete"):
            differences.append(f"“{token.text}” in {b}, which {a} leaves out")
    explanation = (
        f"False: the two reports differ: {'; '.join(differences)}. A quotation copied from report to "
        "report can drift; go back to the earliest or original source before repeating it."
    )
    return _same_way_statement(corpus, speaker, row, first, second, names, ids, False, explanation)


def _same_words_question(
    corpus: Corpus,
    quotations: Quotations,
    row: Alignment,
    first: AlignedPassage,
    second: AlignedPassage,
    names: ArticleNames,
    ids: QuestionIds,
) -> TrueFalseQuestion:
    speaker = short_speaker(speaker_of(quotations, row.anchor), quotations)
    explanation = (
        f"True: word for word, both reports print “{opening_words(first.text, 60)}”. Agreement between two reports "
        "is reassuring, but check whether one copied the other before counting them as two sources."
    )
    return _same_way_statement(corpus, speaker, row, first, second, names, ids, True, explanation)


def _same_way_statement(
    corpus: Corpus,
    speaker: str,
    row: Alignment,
    first: AlignedPassage,
    second: AlignedPassage,
    names: ArticleNames,
    ids: QuestionIds,
    answer: bool,
    explanation: str,
) -> TrueFalseQuestion:
    """True or false: two reports print the speaker's words exactly the same way."""
    a, b = names.at(first.article_id, first.span), names.at(second.article_id, second.span)
    return TrueFalseQuestion(
        id=ids.make("same-words", surname_of(speaker), opening_words(row.anchor.text, 5)),
        prompt=(
            f"{capitalised(speaker)} said: “{opening_words(first.text, 12)}” {capitalised(a)} and {b} print these "
            "words exactly the same way."
        ),
        sources=(
            verbatim_source(corpus[first.article_id], first.span),
            verbatim_source(corpus[second.article_id], second.span),
        ),
        explanation=explanation,
        skills=("comparison", "attribution"),
        answer=answer,
    )
