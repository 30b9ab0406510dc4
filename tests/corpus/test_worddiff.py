"""Word-level differences between two renderings of a passage."""

from hypothesis import given
from hypothesis import strategies as st

from quizapp.corpus.worddiff import DiffToken, is_changed, word_diff


def test_do_not_come_full_stop_against_comma():
    old = "border: Do not come. Do not come."
    new = "border: Do not come, do not come."
    assert word_diff(old, new) == (
        DiffToken("equal", "border: Do not", False),
        DiffToken("delete", "come. Do"),
        DiffToken("insert", "come, do"),
        DiffToken("equal", "not come."),
    )


def test_then_against_them():
    tokens = word_diff("set fire and then blame them", "set fire and them blame them")
    assert [(t.op, t.text) for t in tokens if t.op != "equal"] == [("delete", "then"), ("insert", "them")]


def test_typography_is_no_difference_but_dash_spacing_is_kept_as_printed():
    old = "trek to the United States \u2014 Mexico border, \u201cshe said\u201d"
    new = 'trek to the United States-Mexico border, "she said"'
    tokens = word_diff(old, new)
    assert not is_changed(tokens)
    assert tokens == (DiffToken("equal", 'trek to the United States-Mexico border, "she said"', False),)


def test_a_changed_letter_inside_a_hyphenated_name():
    tokens = word_diff("Rep. Ocasio-Cortez said", "Rep. Ocasio-Cortex said")
    assert tokens == (
        DiffToken("equal", "Rep. Ocasio-", False),
        DiffToken("delete", "Cortez", False),
        DiffToken("insert", "Cortex", False),
        DiffToken("equal", "said"),
    )


def test_added_and_removed_words_at_the_ends():
    tokens = word_diff("I want to be clear, she said", "At the same time, I want to be clear,")
    assert tokens[0] == DiffToken("insert", "At the same time,", False)
    assert tokens[-1] == DiffToken("delete", "she said")
    assert is_changed(tokens)


def test_rebuilding_either_side_from_the_tokens():
    old = "First, seeking asylum at any US border is a 100% legal method of arrival,\u201d she wrote."
    new = "First, seeking asylum at any U.S. border is a legal method of arrival."
    tokens = word_diff(old, new)
    assert " ".join(t.text for t in tokens if t.op != "delete") == new
    assert " ".join(t.text for t in tokens if t.op != "insert") == old


def test_empty_and_identical_texts():
    assert word_diff("", "") == ()
    assert word_diff("", "new words") == (DiffToken("insert", "new words", False),)
    assert not is_changed(word_diff("Same  words\nhere", "Same words here"))


def _rebuild(tokens, skip: str) -> str:
    out = ""
    for token in tokens:
        if token.op != skip:
            out += (" " if token.space_before and out else "") + token.text
    return out


_words = st.lists(st.sampled_from(["Do", "do", "not", "come.", "come,", "States", "-", "\u2014", "Mexico", "a-b"]))


@given(_words, _words)
def test_the_new_text_is_rebuilt_exactly_from_what_it_keeps_and_adds(old_words, new_words):
    old, new = " ".join(old_words), " ".join(new_words)
    tokens = word_diff(old, new)
    assert _rebuild(tokens, skip="delete") == new
    assert all(token.text for token in tokens)
    if old == new:
        assert not is_changed(tokens)
