"""Hostile input, round three: a test per root cause (numbers: see test_numbers.py; rows read
a line at a time: test_hostile.py). Each case was reproduced as a failing test first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import RULES_DIR, invoke

# --- YAML line breaks are YAML 1.2's: LF and CR only ------------------------------------------

OTHER_BREAKS = [
    pytest.param("\x85", "U+0085 (NEXT LINE)", id="NEL"),
    pytest.param("\x90", "U+0090 (a C1 control)", id="C1"),
    pytest.param("\u2028", "U+2028 (LINE SEPARATOR)", id="LS"),
    pytest.param("\u2029", "U+2029 (PARAGRAPH SEPARATOR)", id="PS"),
]
WHY = (
    "which YAML 1.2 readers do not take as a line break and some older ones do "
    "(remove it; end lines with an ordinary line break)"
)


@pytest.mark.parametrize(("char", "named"), OTHER_BREAKS)
def test_a_key_hidden_in_an_answer_file_comment_is_refused_at_its_place(
    tmp_path: Path, char: str, named: str
) -> None:
    # PyYAML read 'size: 9cm' as an answer; an editor shows it as part of the comment.
    path = tmp_path / "case.yaml"
    path.write_text(f"cancer: kidney\r\nstage: early # note{char}size: 9cm\n", encoding="utf-8")
    result = invoke("check", "--answers", str(path), "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"cryo-check: error: {path}:2:20: the file holds {named}, {WHY}\n"


@pytest.mark.parametrize(("char", "named"), OTHER_BREAKS)
def test_a_case_hidden_in_a_yaml_batch_comment_is_refused_at_its_place(
    tmp_path: Path, char: str, named: str
) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(f"- cancer: kidney\r  size: 3cm  # x{char}- cancer: liver\n", encoding="utf-8")
    result = invoke("batch", str(path), "--format", "jsonl")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"cryo-check: error: {path}:2:17: the file holds {named}, {WHY}\n"


@pytest.mark.parametrize(("char", "named"), OTHER_BREAKS)
def test_a_rule_file_with_another_line_break_is_refused_at_its_place(
    tmp_path: Path, char: str, named: str
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    kidney = folder / "kidney.yaml"
    text = kidney.read_text(encoding="utf-8")
    kidney.write_text(text + f"# reviewed{char}\n", encoding="utf-8")
    line = text.count("\n") + 1
    result = invoke("rules", "validate", "--rules", str(folder))
    assert result.exit_code == 1
    assert f"kidney.yaml:{line}:11: the file holds {named}, {WHY.replace('(', '(fix: ')}" in (
        result.stdout
    )


def test_lf_cr_and_crlf_are_the_line_breaks_an_answer_file_has(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("cancer: kidney\rstage: early\r\nsize: 3cm\nfit_for_surgery: no\n", "utf-8")
    result = invoke("check", "--answers", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"verdict": "commonly_considered"' in result.stdout
