"""``cryo-check quiz``: the cases it asks, the score, the words it uses, and that it never
waits for input it cannot get; at the end, a real 80x24 terminal (pexpect)."""

from __future__ import annotations

import json
import os
import sys

import pexpect
import pytest

from cryo_check.core.quiz import table_cases
from cryo_check.core.ruleset import RuleSet
from cryo_check.core.scoring import VERDICT_WORDS

from .conftest import invoke

#: The first scenarios' verdicts (rules/scenarios.yaml, in order), in the quiz's numbers.
FIRST_THREE = ["1", "2", "3"]  # commonly, may, not typically


@pytest.mark.parametrize(
    ("predictions", "score"),
    [
        (["1", "2", "3"], "Score: 3 out of 3"),
        (["commonly considered", "Commonly considered", "not typically"], "Score: 2 out of 3"),
        (["not covered", "not covered", "not covered"], "Score: 0 out of 3"),
        (["commonly_considered"], "Score: 1 out of 1"),
    ],
)
def test_predictions_given_as_options_are_scored(predictions: list[str], score: str) -> None:
    args = [a for p in predictions for a in ("--prediction", p)]
    result = invoke("quiz", *args)
    assert result.exit_code == 0, result.stderr
    assert f"{score} agree with what the documents support" in result.stdout
    assert result.stdout.count("Case ") == len(predictions)
    assert "consult your doctor" in result.stdout


def test_a_wrong_prediction_is_answered_with_the_deciding_criterion_and_the_answer_it_fits() -> (
    None
):
    result = invoke("quiz", "-p", "commonly considered", "-p", "commonly considered")
    flat = " ".join(result.stdout.split())
    assert (
        "Not this time: the documents support 'may be considered', not 'commonly considered'."
        in flat
    )
    assert (
        "The person is not fit enough for surgery: not met — “So it's used for people who are "
        "not fit enough for surgery.” (kidney-page)" in flat
    )
    assert "Your prediction would fit if the person were not fit enough for surgery." in flat


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--count", "3"),
        ("--type", "kidney"),
        ("--seed", "4"),
    ],
)
def test_without_a_terminal_or_predictions_it_stops_at_once_naming_the_option(
    args: tuple[str, ...],
) -> None:
    result = invoke("quiz", *args, input="1\n2\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "cryo-check: error: --prediction: the quiz asks at a terminal, and standard input is "
        "not one (run it at a terminal, or give one --prediction per case, e.g. --count 1 "
        "--prediction 'may be considered')\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--count", "2", "-p", "1"),
            "--prediction: 1 prediction for 2 cases (give one --prediction per case, or leave "
            "out --count)",
        ),
        (
            ("-p", "maybe"),
            "--prediction: 'maybe' is not a verdict (write one of: commonly considered, may be "
            "considered, not typically considered, not covered, not enough information)",
        ),
        (
            ("--type", "cervical-precancer", *("-p", "2") * 5),
            "--prediction: 5 predictions, but Precancerous cells in the cervix gives only 2 "
            "cases (give at most 2)",
        ),
        (
            ("--type", "lung", "-p", "1"),
            "--type: 'lung' is not a covered cancer type ('cryo-check rules list' shows every "
            "covered type)",
        ),
    ],
)
def test_a_bad_option_is_one_located_line(args: tuple[str, ...], message: str) -> None:
    result = invoke("quiz", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"cryo-check: error: {message}"


def test_a_seed_draws_the_same_cases_and_the_table_cases_follow_the_scenarios() -> None:
    args = ["--type", "liver", *("-p", "1") * 4]
    first = invoke("quiz", "--seed", "11", *args).stdout
    assert first == invoke("quiz", "--seed", "11", *args).stdout
    # The liver scenario first, then three cases from liver's decision table.
    cases = first.split("Case ")[1:]
    assert "Gita has an early-stage liver cancer" in cases[0]
    assert all("cancer type: Liver cancer" in c for c in cases[1:])
    seeds = {invoke("quiz", "--seed", str(s), *args).stdout for s in range(6)}
    assert len(seeds) > 1  # the draw does depend on the seed


def test_every_table_case_says_what_check_says(rules: RuleSet) -> None:
    """What the quiz calls 'what the documents support' is `check`'s verdict, for every case
    it can draw from the tables (checked through the real CLI, a sample of each type)."""
    for case in table_cases(rules)[::7]:
        answers = case.result.answers
        args = [f"--answer={q}={answers[q]}" for q in answers]
        checked = json.loads(invoke("check", *args, "--no-input", "--format", "json").stdout)
        assert checked["verdict"] == case.result.verdict, args


def test_the_words_are_what_the_documents_support_never_a_correct_treatment() -> None:
    result = invoke("quiz", *("-p", "4") * 10)
    assert result.exit_code == 0
    text = result.stdout.lower()
    assert "correct treatment" not in text
    assert "right treatment" not in text
    assert "what do the documents support?" in text
    for words in VERDICT_WORDS.values():
        assert words in text


# ---------------------------------------------------------------------------------------------
# At a real terminal, 80 columns by 24 rows.


def spawn(*args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("CRYO_CHECK_RULES", "FORCE_COLOR")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "80", "LINES": "24"})
    return pexpect.spawn(
        sys.executable,
        ["-m", "cryo_check", "quiz", *args],
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(24, 80),
    )


PROMPT = "Your prediction (1-5, or in words; q to stop): "


@pytest.mark.slow
def test_a_student_takes_the_quiz_at_a_terminal() -> None:
    child = spawn("--count", "3")
    try:
        child.expect_exact("Case 1 of 3")
        child.expect_exact(PROMPT)
        child.sendline("1")
        child.expect_exact("Yes: the documents support 'commonly considered'.")
        child.expect_exact("Case 2 of 3")
        child.expect_exact(PROMPT)
        child.sendline("perhaps")  # not a verdict: said why, and asked again
        child.expect_exact("'perhaps' is not a verdict: write one of:")
        child.expect_exact(PROMPT)
        child.sendline("Commonly considered")
        child.expect_exact("Not this time: the documents support 'may be considered'")
        child.expect_exact("Your prediction would fit if the person were not fit enough")
        child.expect_exact(PROMPT)
        child.sendline("not typically considered")
        child.expect_exact("Score: 2 out of 3 agree with what the documents support")
        child.expect_exact("consult your doctor")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["q", "\x04"], ids=["q", "ctrl-d"])
def test_q_or_end_of_input_stops_with_the_score_so_far(stop: str) -> None:
    child = spawn("--count", "5")
    try:
        child.expect_exact(PROMPT)
        child.sendline("1")
        child.expect_exact(PROMPT)
        if stop == "q":
            child.sendline("q")
        else:
            child.sendeof()
        child.expect_exact("Score: 1 out of 1 agree with what the documents support")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
def test_ctrl_c_exits_130() -> None:
    child = spawn("--count", "2")
    try:
        child.expect_exact(PROMPT)
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
