"""The one near-name suggester (``core.suggest``) behind every "did you mean"."""

from __future__ import annotations

import pytest

from cryo_check.core.suggest import did_you_mean, near, suggest, typo_distance

from .conftest import REPO

STAGES = ["early", "locally-advanced", "spread"]
KEYS = ["id", "name", "aliases", "criteria", "decisions", "examples", "notes", "listed_in"]


@pytest.mark.parametrize(
    ("typed", "candidates", "expected"),
    [
        ("erly", STAGES, "early"),  # a letter left out
        ("eraly", STAGES, "early"),  # two neighbours swapped
        ("spred", STAGES, "spread"),
        ("sprea", STAGES, "spread"),
        ("locally-advancd", STAGES, "locally-advanced"),  # long: one edit
        ("localy-advanced", STAGES, "locally-advanced"),
        ("locally advnced", STAGES, "locally-advanced"),  # long: two edits
        ("late", STAGES, None),  # another word, not a typo
        ("ear", STAGES, None),  # two edits in a short word: too far to guess
        ("", STAGES, None),
        ("criterea", KEYS, "criteria"),
        ("decision", KEYS, "decisions"),
        ("alias", KEYS, None),  # two letters short of 'aliases'
        ("listedin", KEYS, "listed_in"),
        ("qoute", ["quote", "source"], "quote"),
    ],
)
def test_a_suggestion_is_a_typo_away_or_nothing(
    typed: str, candidates: list[str], expected: str | None
) -> None:
    assert suggest(typed, candidates) == expected
    assert did_you_mean(typed, candidates) == (f"did you mean '{expected}'? " if expected else "")


def test_the_closest_comes_first_and_ties_keep_the_candidates_order() -> None:
    assert near("cat", ["cut", "cats", "cat", "act"]) == ["cat", "cut", "cats", "act"]
    assert near("kidny", ["kidneys", "kidney"]) == ["kidney"]  # "kidneys" is two edits away


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("a", "", 1), ("abc", "acb", 1), ("kitten", "sitting", 3), ("ab", "ba", 1)],
)
def test_typo_distance(a: str, b: str, distance: int) -> None:
    assert typo_distance(a, b) == distance == typo_distance(b, a)


def test_no_other_module_guesses_near_names() -> None:
    # One suggester: difflib's ratio and a second edit distance had made three answers to
    # the same question in seven places.
    others = [
        path.relative_to(REPO)
        for path in (REPO / "cryo_check").rglob("*.py")
        if "difflib" in path.read_text(encoding="utf-8")
    ]
    assert others == []


def test_every_did_you_mean_comes_from_the_suggester() -> None:
    makers = [
        path.relative_to(REPO)
        for path in (REPO / "cryo_check").rglob("*.py")
        if "did you mean '{close[0]}'" in path.read_text(encoding="utf-8")
    ]
    assert makers == []
