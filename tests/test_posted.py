"""Ids read from posted forms: hostile values are no ids, never a server error."""

from quizapp.posted import posted_id, posted_ids


def test_only_ascii_digits_that_fit_the_database_are_ids():
    assert posted_ids(["1", "42", "²", "٣", "-1", "1.0", "", " 7", "123456789", "1234567890"]) == [1, 42, 123456789]
    assert posted_id("²") is None  # str.isdigit says yes, int() would raise
    assert posted_id(None) is None and posted_id(7) is None
    assert posted_id("0007") == 7
