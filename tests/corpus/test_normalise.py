from hypothesis import given
from hypothesis import strategies as st

from quizapp.corpus.normalise import normalise, normalise_with_offsets


def test_quotes_dashes_and_spaces_are_unified():
    assert normalise("\u201cDo not come\u201d \u2014 she\u2019s") == "\"Do not come\" - she's"
    assert normalise("a\u00a0\u00a0b\n\n c\t") == "a b c"
    assert normalise("\u2032\u2033\u2212\u2010") == "'\"--"


def test_nfkc_folds_compatibility_characters():
    assert normalise("\ufb01ve \u2460") == "five 1"  # the fi ligature and a circled digit


def test_case_is_kept():
    assert normalise("Do Not") == "Do Not"


def test_decomposed_accents_compose():
    assert normalise("Lo\u0301pez") == normalise("L\u00f3pez") == "L\u00f3pez"


def test_offsets_map_back_to_original_typography():
    original = "She said: \u201cDo not\u00a0come.\u201d"
    folded = normalise_with_offsets(original)
    start = folded.text.index('"Do')
    end = start + len('"Do not come."')
    s, e = folded.original_span(start, end)
    assert original[s:e] == "\u201cDo not\u00a0come.\u201d"


@given(st.text())
def test_every_normalised_character_maps_inside_the_original(text):
    folded = normalise_with_offsets(text)
    assert len(folded.starts) == len(folded.text) == len(folded.ends)
    for s, e in zip(folded.starts, folded.ends, strict=True):
        assert 0 <= s <= e <= len(text)
    assert folded.text == folded.text.strip()
    assert "  " not in folded.text


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    assert normalise(normalise(text)) == normalise(text)
