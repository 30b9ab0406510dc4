"""The grid question type in the bank format: a good grid, and every defect at its own line."""

import pytest

from quizapp.banks import parse_bank
from quizapp.banks.serialise import content_hash, question_from_dict, question_to_dict
from quizapp.questions import GridQuestion
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK

HARRIS = 'Harris: "Do not come"'
AOC = 'AOC: "This is disappointing to see"'

# Line numbers matter: the tests below quote them.
GOOD = f"""\
bank: grid-test
title: Grid test
questions:
  - id: g1
    type: grid
    prompt: Which reports carry each quote?
    claims:
      - '{HARRIS}'
      - '{AOC}'
    articles: [{FIRST}, {NEWSWEEK}, {AP}, {FOURTH}]
    answers:
      '{HARRIS}': [{FIRST}, {AP}]
      '{AOC}': [{NEWSWEEK}]
    sources:
      - article: {FIRST}
        claim: '{HARRIS}'
        quote: Do not come. Do not come.
      - article: {AP}
        claim: '{HARRIS}'
        quote: Do not come, do not come.
      - article: {NEWSWEEK}
        claim: '{AOC}'
        quote: This is disappointing to see
      - article: {AP}
        quote: she wrote on Twitter
"""


def problems_of(text, corpus):
    bank, problems = parse_bank(text, "bank.yaml", corpus)
    assert (bank is None) == bool(problems)
    return [str(p) for p in problems]


def test_a_good_grid_loads(corpus):
    bank, problems = parse_bank(GOOD, "bank.yaml", corpus)
    assert problems == []
    [grid] = bank.questions
    assert isinstance(grid, GridQuestion)
    assert grid.claims == (HARRIS, AOC)
    assert grid.articles == (FIRST, NEWSWEEK, AP, FOURTH)
    assert grid.answers == {(HARRIS, FIRST), (HARRIS, AP), (AOC, NEWSWEEK)}
    assert grid.carriers(HARRIS) == (FIRST, AP)
    assert len(grid.cells) == 8
    assert [s.claim for s in grid.sources] == [HARRIS, HARRIS, AOC, None]
    assert corpus[AP].slice(grid.sources[1].span) == "Do not come, do not come."


def test_a_grid_survives_serialisation(corpus):
    bank, _ = parse_bank(GOOD, "bank.yaml", corpus)
    [grid] = bank.questions
    again = question_from_dict(question_to_dict(grid))
    assert again == grid
    assert content_hash(again) == content_hash(grid)


def test_sources_without_a_claim_keep_their_old_serialised_form(corpus):
    # Older question versions were hashed without a 'claim' key; adding the key must not change them.
    from tests.banks.test_validator import GOOD as CHOICE

    bank, _ = parse_bank(CHOICE, "bank.yaml", corpus)
    assert "claim" not in question_to_dict(bank.questions[0])["sources"][0]


def edited(old, new, count=1):
    assert GOOD.count(old) >= count, old
    return GOOD.replace(old, new, count)


BAD = [
    pytest.param(
        edited(f"      - '{AOC}'\n", f"      - '{HARRIS}'\n"),
        [f"bank.yaml:9: question g1: 'claims' lists '{HARRIS}' twice"],
        id="claim twice",
    ),
    pytest.param(
        edited(f"articles: [{FIRST}, ", "articles: [999_nope, "),
        [
            "bank.yaml:10: question g1: unknown article '999_nope' in 'articles' (known: "
            f"{FIRST}, {NEWSWEEK}, {AP}, {FOURTH})"
        ],
        id="unknown article",
    ),
    pytest.param(
        edited(f"      '{AOC}': [{NEWSWEEK}]", f"      'AOC: \"This is disapointing to see\"': [{NEWSWEEK}]"),
        [
            "bank.yaml:13: question g1: answers name claim 'AOC: \"This is disapointing to see\"', which is not in "
            f"'claims' (did you mean '{AOC}'?)",
        ],
        id="answers name an unknown claim",
    ),
    pytest.param(
        edited(f"'{AOC}': [{NEWSWEEK}]", f"'{AOC}': [{NEWSWEEK}, 002_f52d19d8c2480347]"),
        [
            f"bank.yaml:13: question g1: answers tick article '002_f52d19d8c2480347' for claim '{AOC}', but it is not "
            f"in 'articles' (did you mean '{AP}'?)"
        ],
        id="answers tick an article not in articles",
    ),
    pytest.param(
        edited(f"'{AOC}': [{NEWSWEEK}]", f"'{AOC}': [{NEWSWEEK}, {NEWSWEEK}]"),
        [f"bank.yaml:13: question g1: answers tick article '{NEWSWEEK}' twice for claim '{AOC}'"],
        id="a cell ticked twice",
    ),
    pytest.param(
        edited(f"'{AOC}': [{NEWSWEEK}]", f"'{AOC}': [{NEWSWEEK}, {FOURTH}]"),
        [
            f"bank.yaml:13: question g1: claim '{AOC}' is ticked for {FOURTH} but no source backs it: add a source "
            f"with article: {FOURTH}, claim: '{AOC}' and the quote"
        ],
        id="a ticked cell without a source",
    ),
    pytest.param(
        edited("        quote: This is disappointing to see\n", "        quote: This is disapointing to see\n"),
        [
            f'bank.yaml:23: question g1: quote not found in {NEWSWEEK} (Newsweek): "This is disapointing to see"; '
            'closest passage: "This is disappointing to see"'
        ],
        id="a cell's quote not in its article",
    ),
    pytest.param(
        edited(f"        claim: '{AOC}'\n", "        claim: 'AOC: \"Disappointing\"'\n"),
        [
            f"bank.yaml:13: question g1: claim '{AOC}' is ticked for {NEWSWEEK} but no source backs it: add a "
            f"source with article: {NEWSWEEK}, claim: '{AOC}' and the quote",
            "bank.yaml:22: question g1: source names claim 'AOC: \"Disappointing\"', which is not in 'claims'",
        ],
        id="a source names an unknown claim",
    ),
    pytest.param(
        edited(f"articles: [{FIRST}, {NEWSWEEK}, {AP}, {FOURTH}]", f"articles: [{FIRST}, {AP}, {FOURTH}]"),
        [
            f"bank.yaml:13: question g1: answers tick article '{NEWSWEEK}' for claim '{AOC}', but it is not in "
            "'articles'",
        ],
        id="an article left out of articles",
    ),
    pytest.param(
        GOOD.split("    sources:")[0],
        ["bank.yaml:4: question g1: missing required key 'sources' (at least one article and quote)"],
        id="no sources at all",
    ),
    pytest.param(
        edited(
            f"      '{HARRIS}': [{FIRST}, {AP}]\n      '{AOC}': [{NEWSWEEK}]\n",
            f"      '{HARRIS}': []\n      '{AOC}':\n",
        ).split("      - article: {FIRST}\n        claim")[0]
        + f"      - article: {AP}\n        quote: she wrote on Twitter\n",
        ["bank.yaml:11: question g1: the grid is empty: 'answers' ticks no cell"],
        id="empty grid: nothing ticked",
    ),
    pytest.param(
        edited(f"    claims:\n      - '{HARRIS}'\n      - '{AOC}'\n", "    claims: []\n"),
        ["bank.yaml:7: question g1: 'claims' needs at least 1 item"],
        id="empty grid: no claims",
    ),
    pytest.param(
        edited(f"articles: [{FIRST}, {NEWSWEEK}, {AP}, {FOURTH}]", f"articles: [{FIRST}]"),
        ["bank.yaml:10: question g1: 'articles' needs at least 2 items"],
        id="a grid of one article",
    ),
    pytest.param(
        edited(f"      '{HARRIS}': [{FIRST}, {AP}]\n      '{AOC}': [{NEWSWEEK}]\n", f"      - {FIRST}\n"),
        ["bank.yaml:11: question g1: 'answers' must map each claim to a list of article ids"],
        id="answers not a mapping",
    ),
    pytest.param(
        edited(f"'{AOC}': [{NEWSWEEK}]", f"'{AOC}': {NEWSWEEK}"),
        [f"bank.yaml:13: question g1: answers for claim '{AOC}' must be a list of article ids, like [id1, id2]"],
        id="a row not a list",
    ),
]


BAD.append(
    pytest.param(
        edited(f"      - article: {NEWSWEEK}\n        claim", "      - article: 004_missing\n        claim"),
        [
            f"bank.yaml:13: question g1: claim '{AOC}' is ticked for {NEWSWEEK} but no source backs it: add a "
            f"source with article: {NEWSWEEK}, claim: '{AOC}' and the quote",
            f"bank.yaml:21: question g1: unknown article '004_missing' (known: {FIRST}, {NEWSWEEK}, {AP}, {FOURTH})",
        ],
        id="a claimed source quoting an unknown article is reported once",
    )
)


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_each_grid_defect_is_reported_at_its_line(text, expected, corpus):
    assert problems_of(text, corpus) == expected


def test_claim_is_a_source_key_only_in_grids(corpus):
    from tests.banks.test_validator import GOOD as CHOICE

    text = CHOICE.replace(
        "        quote: Do not come, do not come.\n",
        "        quote: Do not come, do not come.\n        claim: Harris\n",
    )
    assert problems_of(text, corpus) == ["bank.yaml:12: question who-said: unknown key 'claim' in source"]
