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
