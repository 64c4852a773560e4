"""match_owner: proposed owner text to a user id."""
from __future__ import annotations

from tracker.minutes import match_owner, normalise_owner

PEOPLE = [
    (1, "Karen Smith", "Head of Housing"),
    (2, "Raj Patel", "Director of Finance"),
    (3, "Jane Doe", None),
    (4, "Tom Hale", "Assistant Director of Finance"),
]


def test_match_by_job_title_ignoring_case_and_the():
    """"the head of housing" matches the Head of Housing."""
    assert match_owner("the head of housing", PEOPLE) == 1
    assert match_owner("Director of Finance.", PEOPLE) == 2


def test_match_by_name_and_honorific():
    """A full name matches, with or without "Cllr"/"Councillor"."""
    assert match_owner("Jane Doe", PEOPLE) == 3
    assert match_owner("Cllr Jane Doe", PEOPLE) == 3
    assert match_owner("Councillor  jane   doe", PEOPLE) == 3


def test_name_contained_in_owner_text():
    """"Karen Smith, Head of Housing" matches; so does a name inside longer text."""
    assert match_owner("Karen Smith, Head of Housing", PEOPLE) == 1
    assert match_owner("Raj Patel (Finance)", PEOPLE) == 2


def test_no_match_or_ambiguous_gives_none():
    """Unknown owners, None and ambiguous matches give None; a longer title is not a shorter one."""
    assert match_owner("Chief Inspector", PEOPLE) is None
    assert match_owner(None, PEOPLE) is None
    assert match_owner("", PEOPLE) is None
    assert match_owner("Head of Housing", PEOPLE + [(9, "Ann Other", "head of housing")]) is None
    assert match_owner("Deputy Director of Finance", PEOPLE) is None


def test_normalise_owner():
    """Owners lose a leading "the" and stray punctuation."""
    assert normalise_owner("the Cabinet Member for Housing") == "Cabinet Member for Housing"
    assert normalise_owner("The Head of Community Safety,") == "Head of Community Safety"
    assert normalise_owner(None) is None
