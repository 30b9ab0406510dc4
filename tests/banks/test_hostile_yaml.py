"""YAML from a stranger: nothing executes, nothing explodes, every refusal is explained."""

import pytest

from quizapp.banks import parse_bank
from quizapp.banks.yaml_source import MAX_BYTES, YamlProblem, read_yaml


def test_python_tags_are_refused_and_execute_nothing(tmp_path, corpus):
    marker = tmp_path / "pwned"
    text = f"bank: !!python/object/apply:os.system ['touch {marker}']\ntitle: T\nquestions: []\n"
    _, problems = parse_bank(text, "evil.yaml", corpus)
    assert str(problems[0]).startswith("evil.yaml:1: tag 'tag:yaml.org,2002:python/object/apply:os.system'")
    assert not marker.exists()


def test_billion_laughs_is_refused(corpus):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    _, problems = parse_bank("\n".join(lines), "laughs.yaml", corpus)
    assert "too many values" in problems[0].message


def test_self_referencing_alias_is_refused():
    with pytest.raises(YamlProblem, match="nesting deeper"):
        read_yaml("a: &a [*a]")


def test_oversized_file_is_refused_before_parsing(corpus):
    _, problems = parse_bank(b"#" * (MAX_BYTES + 1), "big.yaml", corpus)
    assert problems[0].message == f"file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,}"


def test_not_utf8(corpus):
    _, problems = parse_bank(b"bank: \xff\xfe", "latin.yaml", corpus)
    assert problems[0].message.startswith("not UTF-8 text")


def test_lines_are_kept_for_keys_and_items():
    doc = read_yaml("a: 1\nb:\n  - x\n  - y: 2\n")
    assert doc.key_lines == {"a": 1, "b": 2}
    assert doc["b"].item_lines == [3, 4]
    assert doc["b"][1].line == 4


def test_dates_stay_text():
    assert read_yaml("d: 2021-06-08") == {"d": "2021-06-08"}


def test_an_integer_too_long_to_read_is_a_located_problem(corpus):
    text = "bank: big\ntitle: Big\nquestions:\n- id: q1\n  type: numeric\n  prompt: How many?\n  answer: " + "9" * 5000
    _, problems = parse_bank(text, "big.yaml", corpus)
    assert [str(p) for p in problems] == ["big.yaml:7: a number of 5,000 characters is too long to read"]


def test_a_number_too_large_for_a_float_is_a_located_problem_quoted_short(corpus):
    text = (
        "bank: big\ntitle: Big\nquestions:\n- id: q1\n  type: truefalse\n  prompt: Is it?\n  answer: true\n"
        f"  points: {'9' * 400}\n"
    )
    _, problems = parse_bank(text, "big.yaml", corpus)
    message = next(p for p in problems if p.line == 8).message
    assert message.startswith("points must be a positive number, not 9999")
    assert len(message) < 100


@pytest.mark.parametrize("count", [101, 40_000])
def test_a_list_longer_than_the_limit_is_refused_where_it_stands(corpus, count):
    choices = "".join(f"\n  - choice {n}" for n in range(count))
    text = f"bank: long\ntitle: Long\nquestions:\n- id: q1\n  type: choice\n  prompt: Which?\n  choices:{choices}\n"
    _, problems = parse_bank(text, "long.yaml", corpus)
    assert f"long.yaml:7: question q1: 'choices' has {count:,} items; at most 100 are allowed" in map(str, problems)


def test_a_list_at_the_limit_is_read(corpus):
    choices = "".join(f"\n  - choice {n}" for n in range(100))
    text = f"bank: long\ntitle: Long\nquestions:\n- id: q1\n  type: choice\n  prompt: Which?\n  choices:{choices}\n"
    _, problems = parse_bank(text, "long.yaml", corpus)
    assert not any("at most" in p.message for p in problems)


def test_reading_many_documents_keeps_none_of_them_alive():
    """Each read builds with a constructor of its own, dropped afterwards (a shared one kept every upload)."""
    import gc

    import yaml

    document = "questions:\n" + "".join(f"- id: q{n}\n  prompt: {'x' * 200}\n" for n in range(2_000))
    for _ in range(20):
        read_yaml(document)
    gc.collect()
    kept = sum(
        len(obj.constructed_objects)
        for obj in gc.get_objects()
        if isinstance(obj, yaml.constructor.BaseConstructor)
    )
    assert kept == 0
