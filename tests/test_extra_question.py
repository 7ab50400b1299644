"""examples/extra-question: a copy of the shipped rules that declares a question of its own
(`age`, a class exercise marked as not from the documents) and a kidney criterion that reads
it. Every command handles it with no code change; these tests run each one on it."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pexpect
import pytest

from .conftest import REPO, invoke

FOLDER = REPO / "examples" / "extra-question"
RULES = ("--rules", str(FOLDER))
SHOWN = "examples/extra-question"  # as results name it, from the repository's root


@pytest.fixture(autouse=True)
def _from_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


SMALL_NOT_FIT = ("-c", "kidney", "-s", "early", "--size", "3cm", "--fit-for-surgery", "no")


def check_json(*args: str) -> dict[str, object]:
    result = invoke("check", *args, *RULES, "--no-input", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_the_example_folder_validates_and_its_examples_pass() -> None:
    validated = invoke("rules", "validate", *RULES)
    assert validated.exit_code == 0, validated.stdout
    assert validated.stdout.endswith("15 files, 10 cancer types, 3 sources: no problems\n")
    tested = invoke("rules", "test", *RULES)
    assert tested.exit_code == 0, tested.stdout
    assert tested.stdout.splitlines()[-1] == "68 passed, 0 failed"


@pytest.mark.parametrize(
    ("age", "verdict", "missing"),
    [
        ("70", "commonly_considered", []),
        ("18 years", "commonly_considered", []),  # at_least: 18 years
        ("17.9", "not_typically_considered", []),
        (None, "insufficient_information", ["age"]),
    ],
)
def test_check_answers_the_new_question_with_answer(
    age: str | None, verdict: str, missing: list[str]
) -> None:
    extra = ("--answer", f"age={age}") if age is not None else ()
    data = check_json(*SMALL_NOT_FIT, *extra)
    assert (data["verdict"], data["missing"]) == (verdict, missing)
    assert data["rules_folder"] == SHOWN


def test_a_bad_answer_to_the_new_question_names_its_option() -> None:
    result = invoke("check", *SMALL_NOT_FIT, "--answer", "age=old", *RULES, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: --answer age: 'old' is not an age (give a number of years, e.g. 70)\n"
    )
    unknown = invoke("check", *SMALL_NOT_FIT, "--answer", "weight=80", *RULES, "--no-input")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("cryo-check: error: --answer: unknown question 'weight'")


def test_the_text_result_says_the_criterion_is_an_exercise_and_whose_rules_these_are() -> None:
    text = " ".join(
        invoke(
            "check", *SMALL_NOT_FIT, "--answer", "age=15", *RULES, "--no-input", "--details"
        ).stdout.split()
    )
    assert f"according to the rules in {SHOWN} (not the shipped rules)" in text
    assert "Class exercise, not from the documents" in text
    assert "If the person were 18 years or more: cryotherapy is commonly considered." in text
    assert "consult your doctor" in text


def test_answer_files_and_batch_columns_take_the_new_question(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "cancer: kidney\nstage: early\nsize: 3cm\nfit_for_surgery: 'no'\nage: 12\n",
        encoding="utf-8",
    )
    assert check_json("--answers", str(case))["verdict"] == "not_typically_considered"
    saved = tmp_path / "saved.json"
    result = invoke("check", "--answers", str(case), "--save-answers", str(saved), *RULES)
    assert result.exit_code == 0, result.stderr
    assert json.loads(saved.read_text(encoding="utf-8"))["age"] == "12 years"
    cases = tmp_path / "class.csv"
    cases.write_text(
        "id,cancer,stage,size,fit_for_surgery,age\n"
        "a,kidney,early,3cm,no,70\nb,kidney,early,3cm,no,12\nc,kidney,early,3cm,no,\n",
        encoding="utf-8",
    )
    out = invoke("batch", str(cases), "--format", "csv", *RULES)
    assert out.exit_code == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["case"], r["age"], r["verdict"], r["missing"]) for r in rows] == [
        ("a", "70 years", "commonly_considered", ""),
        ("b", "12 years", "not_typically_considered", ""),
        ("c", "", "insufficient_information", "age"),
    ]


def test_tables_and_exports_show_the_new_question() -> None:
    table = invoke("rules", "table", "kidney", "-f", "csv", *RULES).stdout.splitlines()
    assert table[0] == "stage,size,fit_for_surgery,age,verdict,disclaimer"
    assert len(table) == 1 + 3 * 2 * 2 * 2
    mermaid = invoke("rules", "export", "--format", "mermaid", "kidney", *RULES).stdout
    assert '{"Age?"}' in mermaid
    assert '|"18 years or more"|' in mermaid
    markdown = invoke("rules", "export", "--format", "markdown", "kidney", *RULES).stdout
    assert "18 years or more" in markdown


@pytest.mark.slow
def test_a_terminal_asks_the_new_question_in_its_declared_place(tmp_path: Path) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cryo_check", "check", "-c", "kidney", *RULES],
        env={"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100", "PATH": "/usr/bin:/bin"},
        encoding="utf-8",
        timeout=15,
        cwd=str(tmp_path),
    )
    try:
        for prompt, answer in (
            ("Stage [", "early"),
            ("Tumour size [", "3cm"),
            ("Fit enough for surgery [", "no"),
            ("How old is the person, in years?", None),
            ("Age [? for help, Enter for unknown]: ", "70"),  # one unit: 70 is 70 years
            ("5  Age: 70 years\r\n", None),  # read back before the verdict
            ("Enter if this is right", ""),
        ):
            child.expect_exact(prompt)
            if answer is not None:
                child.sendline(answer)
        child.expect_exact("Verdict: Cryotherapy is commonly considered")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


@pytest.mark.parametrize("kind", ["cancer", "sources", "info", "scenarios", "questions", "names"])
def test_the_example_folders_schemas_are_its_own_and_current(kind: str) -> None:
    exported = invoke("rules", "export", "--format", "json-schema", kind, *RULES)
    assert exported.exit_code == 0, exported.stderr
    shipped = (FOLDER / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert exported.stdout == shipped, (
        f"run: cryo-check rules export -f json-schema {kind} --rules {SHOWN} > "
        f"{SHOWN}/schemas/{kind}.schema.json"
    )
    if kind == "questions":
        assert '"age"' not in invoke("rules", "export", "-f", "json-schema", kind).stdout
