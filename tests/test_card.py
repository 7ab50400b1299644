"""The default text result is a card that fits one 80x24 screen; --details is the full one."""

from __future__ import annotations

import re

import pytest

from cryo_check import DISCLAIMER
from cryo_check.core.ruleset import VERDICTS
from cryo_check.rulebook.loader import shipped_rules

from .conftest import invoke

RULES = shipped_rules()


def _args(answers: tuple[tuple[str, object], ...]) -> list[str]:
    args = []
    for question, value in answers:
        if value is None:
            continue
        if isinstance(value, bool):
            value = "yes" if value else "no"
        args += ["--answer", f"{question}={value}"]
    return args


#: Every shipped example (with its own type when it names none) and every scenario.
CASES = [
    pytest.param(
        _args(
            example.answers
            if any(q == "cancer" for q, _ in example.answers)
            else (("cancer", cancer.id), *example.answers)
        ),
        example.expect,
        id=f"{cancer.id}-{n}",
    )
    for cancer in RULES.cancers.values()
    for n, example in enumerate(cancer.examples)
] + [
    pytest.param(_args(scenario.answers), scenario.expect, id=scenario.id)
    for scenario in RULES.scenarios
]


def card(*args: str) -> list[str]:
    result = invoke("check", *args, "--no-input", env={"COLUMNS": "80", "LINES": "24"})
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(("args", "verdict"), CASES)
def test_every_shipped_case_fits_one_screen_with_the_verdict_first(
    args: list[str], verdict: str
) -> None:
    lines = card(*args)
    # One line is left for the shell's prompt after it.
    assert len(lines) <= 23, "\n".join(lines)
    assert max(len(line) for line in lines) <= 80
    head = " ".join(lines[:3])
    assert f"Verdict: {VERDICTS[verdict]}" in head
    assert " ".join(" ".join(lines[-3:]).split()) == DISCLAIMER
    assert "--details" in "\n".join(lines)


def test_when_every_open_answer_leads_to_a_considered_verdict_the_headline_says_so() -> None:
    lines = card("-c", "kidney", "-s", "early", "--size", "2.8cm")
    assert " ".join(lines[1:3]) == (
        "Verdict: Not enough information to say yet: every answer to “Is the person fit "
        "enough for surgery?” leads to “commonly considered” or “may be considered”."
    )
    assert "• Is the person fit enough for surgery? If yes: may be considered. If no:" in lines


@pytest.mark.parametrize(
    "args",
    [
        ("-c", "kidney"),  # stage, size and fitness all open: some answers lead nowhere yet
        ("-c", "kidney", "-s", "early"),
        ("-c", "skin-bcc"),  # early leads to "may", the others to "not typically"
    ],
)
def test_the_headline_claims_nothing_when_some_open_answer_is_not_considered(
    args: tuple[str, ...],
) -> None:
    assert card(*args)[1] == "Verdict: Not enough information to say."


def test_details_gives_the_full_result_and_what_would_change_lists_only_changes() -> None:
    result = invoke("check", "-c", "kidney", "--no-input", "--details")
    assert "Criteria" in result.stdout
    changes = result.stdout.split("What would change the verdict\n")[1].split("\n\n")[0]
    assert "not enough information" not in changes
    assert "If the stage is locally-advanced: cryotherapy is not typically" in changes


def test_what_next_is_said_as_questions_not_option_names() -> None:
    result = invoke("check", "-c", "kidney", "-s", "early", "--no-input", "--details")
    assert (
        "To get a verdict, find out: How big is the tumour across? Is the person fit enough"
        in " ".join(result.stdout.split())
    )


def check_json(*args: str) -> dict[str, object]:
    import json

    result = invoke("check", *args, "--no-input", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("-c", "kidney", "-s", "early"),
            [
                {
                    "text": "How big is the tumour across? (cryo-check cannot say more "
                    "without this answer.)",
                    "gap": "the answer to 'tumour size' is not known",
                },
                {
                    "text": "Is the person fit enough for surgery? (cryo-check cannot say "
                    "more without this answer.)",
                    "gap": "the answer to 'fit enough for surgery' is not known",
                },
                {
                    "text": "Does the care team describe this cancer as early stage, and what "
                    "do they mean by it?",
                    "gap": "the documents do not define 'early stage' (stage)",
                },
            ],
        ),
        (
            ("-c", "liver", "-s", "early", "--size", "8cm"),
            [
                {
                    "text": "Ask whether the care team counts the tumour as smaller (tumour "
                    "size: 8 cm).",
                    "gap": "the documents give no size",
                },
                {
                    "text": "Does the care team describe this cancer as early stage, and what "
                    "do they mean by it?",
                    "gap": "the documents do not define 'early stage' (stage)",
                },
            ],
        ),
        (("-c", "lung"), []),  # not covered: nothing to ask about from these documents
    ],
)
def test_care_team_questions_come_from_unknowns_and_gaps(
    args: tuple[str, ...], expected: list[dict[str, str]]
) -> None:
    found = check_json(*args)["care_team_questions"]
    assert isinstance(found, list)
    assert [q for q in found if "gap" in q] == expected


@pytest.mark.parametrize(("args", "verdict"), CASES)
def test_every_care_team_question_is_traceable_and_recommends_nothing(
    args: list[str], verdict: str
) -> None:
    quotes = {
        (n.evidence.source, n.evidence.quote) for c in RULES.cancers.values() for n in c.notes
    }
    found = check_json(*args)["care_team_questions"]
    assert isinstance(found, list)
    for question in found:
        assert set(question) in ({"text", "gap"}, {"text", "source", "quote"})
        if "quote" in question:
            assert (question["source"], question["quote"]) in quotes
            assert question["quote"] in question["text"]
        assert question["text"].endswith(("?", ".)", ")."))
        for word in ("should", "recommend", "best", "suitable"):
            assert word not in question["text"].replace(question.get("quote", ""), "")


BOXES = set("─│┏┓┗┛┃━┡┩╇┳┻╋├┤┼└┘┌┐╭╮╰╯")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--plain", "--details"), {"TERM": "xterm"}),
        (("--details",), {"TERM": "dumb"}),
        (("--plain",), {"TERM": "xterm"}),
    ],
)
def test_plain_text_is_the_same_content_with_no_box_drawing_or_tables(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    case = ("-c", "kidney", "-s", "early", "--size", "5cm", "--fit-for-surgery", "no")
    shown = invoke("check", *case, "--no-input", *args, env={**env, "COLUMNS": "80"}).stdout
    assert not BOXES & set(shown), shown
    flat = " ".join(shown.split())
    assert DISCLAIMER in flat
    if "--details" in args:
        boxed = invoke("check", *case, "--no-input", "--details", env={"TERM": "xterm"}).stdout
        # Every quote of the boxed result is in the plain one.
        for quote in set(re.findall(r"“([^”]+)”", " ".join(boxed.split()))) - {""}:
            if "│" not in quote:
                assert quote in flat
        assert (
            "Criterion: The tumour is less than 4 cm across; Your answer: 5 cm; Status: not met"
            in flat
        )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--size", "35"), "Tumour size 35 cm: no unit was given, so it was read in cm."),
        (("--answer", "size=2.5"), "Tumour size 2.5 cm: no unit was given, so it was read in cm."),
        (("--size", "35mm"), None),
        (("--size", "3.5 cm"), None),
    ],
)
def test_a_size_given_without_a_unit_is_shown_as_read(
    args: tuple[str, ...], said: str | None
) -> None:
    case = ("-c", "kidney", "-s", "early", "--fit-for-surgery", "no", *args)
    for fmt_args in ((), ("--details",), ("--format", "markdown")):
        shown = " ".join(invoke("check", *case, "--no-input", *fmt_args).stdout.split())
        if said is None:
            assert "no unit was given" not in shown
        else:
            assert said in shown
