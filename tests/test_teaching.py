"""Explain and teach: decision tables, what-ifs that agree with them, demo, provenance."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from hypothesis import given, settings

from cryo_check import DISCLAIMER
from cryo_check.core.engine import evaluate
from cryo_check.core.explain import decision_table
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import INSUFFICIENT, VERDICTS, Cancer, RuleSet
from cryo_check.core.scoring import VERDICT_WORDS
from cryo_check.rulebook.loader import load_rules

from .conftest import RULES_DIR, case_of, invoke, run_env
from .strategies import partial_answers

RULES: RuleSet = load_rules(RULES_DIR)


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


# --- decision tables ---------------------------------------------------------------------


def test_the_kidney_table_as_csv() -> None:
    result = invoke("rules", "table", "kidney", "--format", "csv")
    assert result.exit_code == 0
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["stage", "size", "fit_for_surgery", "verdict", "disclaimer"]
    assert [r[:4] for r in rows] == [
        ["early", "under 4 cm", "yes", "may_be_considered"],
        ["early", "under 4 cm", "no", "commonly_considered"],
        ["early", "4 cm or more", "yes", "not_typically_considered"],
        ["early", "4 cm or more", "no", "not_typically_considered"],
        *[
            [stage, size, fit, "not_typically_considered"]
            for stage in ("locally-advanced", "spread")
            for size in ("under 4 cm", "4 cm or more")
            for fit in ("yes", "no")
        ],
    ]
    assert {r[4] for r in rows} == {"General information, not medical advice: consult your doctor."}


def test_a_table_in_markdown_and_as_text() -> None:
    markdown = invoke("rules", "table", "liver", "-f", "markdown").stdout
    assert markdown.splitlines()[:6] == [
        "# Liver cancer: every combination of answers",
        "",
        "| stage | verdict |",
        "| --- | --- |",
        "| early | Cryotherapy may be considered |",
        "| locally-advanced | Cryotherapy is not typically considered |",
    ]
    assert markdown.rstrip().endswith(f"**Disclaimer:** {DISCLAIMER}")
    text = flat(invoke("rules", "table", "kidney", env={"COLUMNS": "120"}).stdout)
    assert "Stage Tumour size Fit enough for surgery Verdict" in text
    assert " ".join(DISCLAIMER.split()) in text


def test_a_precancer_table_is_one_row() -> None:
    out = invoke("rules", "table", "cervical precancer", "-f", "csv").stdout.splitlines()
    assert out[0] == "verdict,disclaimer"
    assert out[1].startswith("may_be_considered,")
    assert len(out) == 2


def test_a_table_for_an_unknown_type_is_exit_2() -> None:
    result = invoke("rules", "table", "lung")
    assert result.exit_code == 2
    assert result.stderr.startswith("cryo-check: error: ID: 'lung' is not a covered cancer type")


def matches(cancer: Cancer, answers: Answers, cells: tuple[tuple[str, str], ...]) -> bool:
    """Whether a table row's cells are the cases of the given answers (unknowns match all)."""
    for question, label in cells:
        value = answers.get(question)
        if (
            value is not None
            and cancer.cases(question)[cancer.case_of(question, value)].label != label
        ):
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(case=partial_answers(RULES))
def test_the_engine_what_ifs_and_missing_answers_agree_with_the_decision_table(
    case: tuple[Cancer, Answers],
) -> None:
    cancer, answers = case
    rows = [r for r in decision_table(cancer) if matches(cancer, answers, r.cells)]
    verdicts = {r.verdict for r in rows}
    result = evaluate(RULES, case_of(RULES, answers))
    # The verdict is the table's, where every row the answers allow agrees.
    assert result.verdict == (verdicts.pop() if len(verdicts) == 1 else INSUFFICIENT)
    # A missing question is one whose column differs between rows with different verdicts.
    for question in result.missing:
        assert len({dict(r.cells)[question] for r in rows}) > 1
    # Each what-if agrees with the table's rows for the changed answer.
    for change in result.what_if:
        changed = [
            r
            for r in decision_table(cancer)
            if dict(r.cells)[change.question] == change.answer
            and matches(cancer, answers.with_answer(change.question, None), r.cells)
        ]
        outcomes = {r.verdict for r in changed}
        expected = outcomes.pop() if len(outcomes) == 1 else INSUFFICIENT
        assert change.verdict == expected, change


# --- demo and scenarios ------------------------------------------------------------------


def test_demo_list_gives_no_answer_away_and_the_teacher_can_ask_for_them() -> None:
    result = invoke("demo", "--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "kidney-small-not-fit: A small kidney cancer, not fit for surgery"
    assert "lung-early: Early-stage lung cancer" in lines
    assert lines[-1] == DISCLAIMER
    # On a projector no line says (or hints at) a verdict.
    listed = result.stdout.lower().replace(DISCLAIMER.lower(), "")
    for words in [*VERDICTS.values(), *VERDICT_WORDS.values(), "not covered", "not discuss"]:
        assert words.lower() not in listed
    teacher = invoke("demo", "--list", "--with-verdicts").stdout.splitlines()
    assert teacher[0] == (
        "kidney-small-not-fit: A small kidney cancer, not fit for surgery "
        "(cryotherapy is commonly considered)"
    )
    assert "lung-early: Early-stage lung cancer (not covered by the source documents)" in teacher


def test_with_verdicts_without_list_is_an_error() -> None:
    result = invoke("demo", "--with-verdicts")
    assert result.exit_code == 2
    assert result.stderr == "cryo-check: error: --with-verdicts: goes with --list (add --list)\n"


def test_every_scenario_is_closed_off_before_the_next_begins() -> None:
    result = invoke("demo")
    lines = [line.strip("─ ") for line in result.stdout.splitlines()]
    total = len([line for line in lines if line.startswith("Scenario ")])
    ends = [line for line in lines if line.startswith("End of scenario ")]
    assert ends == [f"End of scenario {n} of {total}" for n in range(1, total + 1)]
    # Each story comes after the end of the one before.
    for n in range(2, total + 1):
        assert lines.index(f"End of scenario {n - 1} of {total}") < next(
            i for i, line in enumerate(lines) if line.startswith(f"Scenario {n} of {total}:")
        )


def test_no_teaching_point_is_about_the_software(rules: RuleSet) -> None:
    for scenario in rules.scenarios:
        point = scenario.teaching_point.lower()
        assert "ids" not in point.split()
        assert "type names" not in point
        assert any(word in point for word in ("document", "page", "article")), scenario.id


def test_demo_of_one_scenario_without_a_terminal_shows_everything() -> None:
    result = invoke("demo", "kidney-large")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "Scenario 1 of 1: A larger kidney tumour" in out
    assert "Chen has an early-stage kidney cancer 5 cm across" in out
    assert "Verdict: Cryotherapy is not typically considered" in out
    assert "What decided it • The tumour is less than 4 cm across: not met" in out
    assert "If the tumour were under 4 cm: cryotherapy is commonly considered." in out
    assert "Teaching point Size decides it." in out
    assert out.endswith("consult your doctor. ╰" + "─" * 78 + "╯")


def test_demo_without_a_name_walks_through_every_scenario() -> None:
    out = invoke("demo").stdout
    for number in range(1, len(RULES.scenarios) + 1):
        assert f"Scenario {number} of {len(RULES.scenarios)}:" in out


def test_demo_of_an_unknown_scenario() -> None:
    result = invoke("demo", "kidney-larg")
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: NAME: no scenario 'kidney-larg' (did you mean 'kidney-large'? "
        "'cryo-check demo --list' shows them all)\n"
    )


def test_demo_without_scenarios_is_a_rules_error(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "scenarios.yaml").unlink()
    result = invoke("demo", "--rules", str(folder))
    assert result.exit_code == 1
    assert "no scenarios (fix: add a scenarios.yaml to the rules folder)" in result.stderr


def test_a_scenario_whose_verdict_changed_fails_rules_test(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / "scenarios.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "answers: {cancer: liver, stage: early, size: 6cm}\n    expect: may_be_considered",
            "answers: {cancer: liver, stage: early, size: 6cm}\n    expect: commonly_considered",
        ),
        encoding="utf-8",
    )
    result = invoke("rules", "test", "--rules", str(folder))
    assert result.exit_code == 1
    failure = next(ln for ln in result.stdout.splitlines() if ln.startswith("FAILED "))
    assert "scenarios.yaml:" in failure
    assert failure.endswith(
        ": scenario 'liver-early' {cancer: liver, stage: early, size: 6cm}: "
        "expected commonly_considered, got may_be_considered"
    )


@pytest.mark.slow
def test_demo_on_a_terminal_waits_for_enter_and_stops_at_q(tmp_path: Path) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cryo_check", "demo"],
        cwd=str(tmp_path),
        env={**run_env(), "TERM": "dumb"},
        encoding="utf-8",
        timeout=15,
        dimensions=(50, 100),
    )
    try:
        child.expect_exact("Scenario 1 of 10: A small kidney cancer, not fit for surgery")
        child.expect_exact("[Enter: show the verdict; q then Enter to stop]")
        child.sendline("")
        child.expect_exact("Verdict: Cryotherapy is commonly considered")
        child.expect_exact("[Enter: next scenario; q then Enter to stop]")
        child.sendline("")
        child.expect_exact("Scenario 2 of 10: The same tumour, fit for surgery")
        child.expect_exact("[Enter: show the verdict; q then Enter to stop]")
        child.sendline("q")
        child.expect_exact("consult your doctor")
        child.expect(pexpect.EOF)
        transcript = child.before or ""
        assert "Verdict: Cryotherapy may be considered" not in transcript
    finally:
        child.close()
    assert child.exitstatus == 0


# --- provenance --------------------------------------------------------------------------


def expected_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def check_json(*args: str) -> dict[str, object]:
    result = invoke(
        "check",
        "-c",
        "kidney",
        "-s",
        "early",
        "--size",
        "3",
        "--fit-for-surgery",
        "no",
        "-f",
        "json",
        "--no-input",
        *args,
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_a_json_result_says_what_produced_it(tmp_path: Path) -> None:
    data = check_json()
    assert data["rules_sha256"] == expected_digest(RULES_DIR)
    assert isinstance(data["cryo_check_version"], str)
    sources = data["sources"]
    assert isinstance(sources, list)
    assert [(s["id"], s["date"], s["last_reviewed"]) for s in sources] == [
        ("itc-overview", "2021-02-01", None),
        ("kidney-page", None, "2019-01-17"),
    ]
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    kidney = folder / "kidney.yaml"
    kidney.write_text(kidney.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    changed = check_json("--rules", str(folder))
    assert changed["rules_sha256"] == expected_digest(folder) != data["rules_sha256"]
