"""core.case: the one reader of answers as written, on every route.

Each route hands ``resolve`` its answers with where they were written; these tables hold
that what a route gives is read the same, noted the same (a number alone) and refused with
the same message at the route's own place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cryo_check.core.case import Given, read, resolve
from cryo_check.core.names import NameQuestion
from cryo_check.errors import AnswerError
from cryo_check.rulebook.loader import shipped_rules

from .conftest import invoke

RULES = shipped_rules()

# A size as written -> its value in cm, and whether it was a number alone.
SIZES = [
    ("35", "35", True),
    ("3.5", "3.5", True),
    ("3.5cm", "3.5", False),
    ("35 mm", "3.5", False),
    ("1in", "2.54", False),
    (3, "3", True),  # a number in a file
    (2.5, "2.5", True),
]


@pytest.mark.parametrize(("raw", "cm", "alone"), SIZES)
def test_a_size_is_read_and_a_number_alone_noted(raw: object, cm: str, alone: bool) -> None:
    answers, sources, unitless = read(RULES, [Given("size", raw, "case.yaml:3: size")])
    assert str(answers["size"]) == cm
    assert sources == {"size": "case.yaml:3: size"}
    assert unitless == (frozenset({"size"}) if alone else frozenset())


# What each route writes for one answer, and where its error names.
ROUTES = [
    ("option", ["--size", "{raw}"], None, "--size"),
    ("answer", ["--answer", "size={raw}"], None, "--answer size"),
    ("yaml", ["--answers", "case.yaml"], "size: {raw}\n", "case.yaml:1: size"),
    ("json", ["--answers", "case.json"], '{{"size": "{raw}"}}\n', "case.json:1: size"),
]


@pytest.mark.parametrize(("route", "args", "file", "where"), ROUTES, ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("raw", ["35", "3.5cm"])
def test_every_route_says_how_a_size_was_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    route: str,
    args: list[str],
    file: str | None,
    where: str,
    raw: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if file is not None:
        Path(args[1]).write_text(file.format(raw=raw), encoding="utf-8")
    given = [a.format(raw=raw) for a in args]
    result = invoke("check", "-c", "kidney", "--no-input", "-f", "json", *given)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    notes = json.dumps(document["notes"])
    assert ("no unit was given" in notes) == (raw == "35"), route


@pytest.mark.parametrize(("route", "args", "file", "where"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_route_names_its_own_place_in_an_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    route: str,
    args: list[str],
    file: str | None,
    where: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if file is not None:
        Path(args[1]).write_text(file.format(raw="huge"), encoding="utf-8")
    given = [a.format(raw="huge") for a in args]
    result = invoke("check", "-c", "kidney", "--no-input", *given)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"cryo-check: error: {where}: 'huge' is not a tumour size")


def test_a_question_answered_twice_names_both_places() -> None:
    given = [Given("size", "3cm", "--size"), Given("size", "4cm", "case.yaml:2: size")]
    with pytest.raises(AnswerError) as caught:
        read(RULES, given)
    assert (caught.value.where, caught.value.message) == (
        "case.yaml:2: size",
        "size is answered twice (also by --size)",
    )


def test_an_unknown_question_is_refused_where_it_was_written() -> None:
    with pytest.raises(AnswerError) as caught:
        read(RULES, [Given("sise", "3cm", "case.yaml:4")])
    assert caught.value.where == "case.yaml:4"
    assert caught.value.message == "unknown question 'sise'"
    assert "did you mean 'size'" in (caught.value.fix or "")


def test_a_stage_the_name_contradicts_is_located_at_the_stage() -> None:
    given = [
        Given("cancer", "metastatic kidney cancer", "--cancer"),
        Given("stage", "early", "rows.csv:7"),
    ]
    with pytest.raises(AnswerError) as caught:
        resolve(RULES, given)
    assert caught.value.where == "rows.csv:7"
    assert caught.value.question == "stage"


def test_a_name_to_ask_about_stays_a_question_back_where_it_was_written() -> None:
    with pytest.raises(NameQuestion) as caught:
        resolve(RULES, [Given("cancer", "kidny cancer", "case.yaml:1: cancer")])
    assert caught.value.where == "case.yaml:1: cancer"
    assert "did you mean 'kidney'" in (caught.value.fix or "")


def test_the_stage_a_name_implies_is_filled_in_and_said_to_come_from_the_name() -> None:
    case = resolve(RULES, [Given("cancer", "metastatic kidney cancer", "--cancer")])
    assert case.answers["stage"] == "spread"
    assert case.from_name == ("stage",)
    assert (case.source("stage"), case.source("cancer")) == ("the cancer name", "--cancer")


def test_the_question_names_answer_is_the_one_names_yaml_declares() -> None:
    assert RULES.vocabulary is not None
    assert RULES.vocabulary.question == "stage"
    assert RULES.vocabulary.spread == "spread"
