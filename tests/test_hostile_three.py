"""Hostile input, round three: a test per root cause (numbers: see test_numbers.py; rows read
a line at a time: test_hostile.py). Each case was reproduced as a failing test first."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cryo_check import environment

from .conftest import RULES_DIR, invoke, run_env

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


# --- a rule folder has a budget ---------------------------------------------------------------

#: The most memory checking any folder the limits allow may take (measured: 45 to 85 MB).
FOLDER_MEMORY_BOUND_MB = 200


def kidney_copy(number: int, padding: str = "") -> str:
    """The shipped kidney file as another type (its own id, no names of its own), padded."""
    text = (RULES_DIR / "kidney.yaml").read_text(encoding="utf-8")
    text = re.sub(r"aliases: \[.*\]", "aliases: []", text, count=1)
    return text.replace("id: kidney", f"id: copy{number}", 1) + padding


def values_padding(number: int) -> str:
    return f"x_padding: [{', '.join(['1'] * number)}]\n"


def peak_check(folder: Path) -> tuple[int, float, list[str]]:
    """Peak memory (MB) and seconds of checking ``folder`` in a fresh interpreter, and the
    problems it reports."""
    # VmHWM, the peak of this process's own memory: ru_maxrss would also count the pytest
    # process it was forked from (Linux keeps that high-water mark across exec), so a long
    # test session reported its own 300 MB here.
    code = (
        "import json, re, sys; from pathlib import Path\n"
        "from cryo_check.rulebook.validation import check_rules\n"
        "problems = [str(p) for p in check_rules(Path(sys.argv[1])).problems]\n"
        "status = Path('/proc/self/status').read_text()\n"
        "peak = int(re.search(r'VmHWM:\\s+(\\d+) kB', status)[1]) // 1024\n"
        "print(json.dumps([peak, problems]))\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True
    )
    peak, problems = json.loads(done.stdout)
    return peak, time.monotonic() - started, problems


FOLDERS = {
    # Three files of 340,000 values each: 281 MB and 21 s before the folder had a budget.
    "values past the budget": [kidney_copy(i, values_padding(340_000)) for i in range(3)],
    # Forty files just under the budget between them (each within every per-file limit).
    "values up to the budget": [kidney_copy(i, values_padding(2_300)) for i in range(40)],
    "bytes up to the budget": [
        kidney_copy(i, "x_padding: '" + "a" * 1_000_000 + "'\n") for i in range(4)
    ],
    # About 500 valid types: all of it read, compiled and checked.
    "valid types up to the budget": [kidney_copy(i) for i in range(500)],
}


SLOW_FOLDERS = {"values past the budget", "valid types up to the budget"}


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(files, id=name, marks=[pytest.mark.slow] if name in SLOW_FOLDERS else [])
        for name, files in FOLDERS.items()
    ],
)
def test_a_rule_folder_at_its_limits_is_checked_within_a_memory_bound(
    tmp_path: Path, files: list[str]
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    for number, text in enumerate(files):
        (folder / f"copy{number}.yaml").write_text(text, encoding="utf-8")
    peak, seconds, problems = peak_check(folder)
    assert peak < FOLDER_MEMORY_BOUND_MB
    assert seconds < 60
    over = [p for p in problems if "the rule files together" in p]
    assert len(over) <= 1  # said once, at the file that takes the folder over


@pytest.mark.parametrize(
    ("padding", "message"),
    [
        (
            values_padding(120_000),
            r"copy0\.yaml:130:\d+: the rule files together hold more than 100,000 values "
            r"\(this file takes them past it\)",
        ),
    ],
)
def test_the_file_that_takes_a_folder_over_its_budget_is_named_at_its_line(
    tmp_path: Path, padding: str, message: str
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "copy0.yaml").write_text(kidney_copy(0, padding), encoding="utf-8")
    result = invoke("rules", "validate", "--rules", str(folder))
    assert result.exit_code == 1
    assert re.search(message, result.stdout)
    assert result.stdout.count("the rule files together") == 1


def test_a_folder_over_its_byte_budget_is_named_at_the_file_that_takes_it_over(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    for number in range(5):
        padding = "x_padding: '" + "a" * 1_000_000 + "'\n"
        (folder / f"copy{number}.yaml").write_text(kidney_copy(number, padding), "utf-8")
    result = invoke("rules", "validate", "--rules", str(folder))
    assert result.exit_code == 1
    assert "copy4.yaml: the rule files together are larger than 4 MiB" in result.stdout


# --- environment values, read once and safely ---------------------------------------------------


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The real program in a fresh interpreter, with ``env`` added to its environment."""
    return subprocess.run(
        [sys.executable, "-m", "cryo_check", *args],
        capture_output=True,
        env={**run_env(), **env},
        check=False,
    )


@settings(max_examples=300, deadline=None)
@given(
    # Any text an environment can hold (no NUL, no lone surrogate), and runs of digits.
    raw=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0"), max_size=20)
    | st.from_regex(r"[0-9]{1,12}", fullmatch=True)
)
@example(raw="0000000")  # seven digits that are 0, not a width past the limit
def test_an_integer_variable_is_a_number_in_its_range_or_ignored(raw: str) -> None:
    for name, (low, high) in environment.RANGES.items():
        with patch.dict(os.environ, {name: raw}):
            value = environment.env_int(name)
        if raw.isascii() and raw.isdigit():
            assert value == min(max(int(raw), low), high)
        else:
            assert value is None


ODD_NUMBERS = [
    "\u00b2",
    "\u0663\u0660",
    "9" * 5000,
    "\u0663" * 5000,
    "-5",
    "0",
    " 80",
    "1e3",
    "",
    "0" * 5000,
]


@pytest.mark.parametrize("name", ["COLUMNS", "LINES"])
@pytest.mark.parametrize("value", ODD_NUMBERS, ids=range(len(ODD_NUMBERS)))
@pytest.mark.parametrize(
    "args",
    [["rules", "list"], pytest.param(["--help"], marks=pytest.mark.slow)],
    ids=["rules list", "help"],
)
def test_an_odd_columns_or_lines_never_crashes(name: str, value: str, args: list[str]) -> None:
    # '²' passed str.isdigit() and then failed int(), here and in rich; LINES was not read
    # safely at all (5,000 digits: exit 3).
    result = run(*args, env={name: value})
    assert (result.returncode, result.stderr) == (0, b"")
    assert max(len(line) for line in result.stdout.decode().splitlines()) <= 1000


@pytest.mark.parametrize("encoding", ["undefined", "idna", "punycode", "utf-16"])
def test_an_output_codec_that_cannot_write_plain_text_falls_back_to_ascii(encoding: str) -> None:
    # 'undefined' raised UnicodeError (not UnicodeEncodeError) before any output: exit 1 and
    # 'lost sys.stderr'; idna refused a long line mid-output: exit 3.
    result = run(*KIDNEY_CASE, env={"PYTHONIOENCODING": encoding})
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode("ascii")
    assert "consult your doctor" in " ".join(text.split())


KIDNEY_CASE = ["check", "--cancer", "kidney", "--stage", "early", "--size", "3"]
KIDNEY_CASE += ["--fit-for-surgery", "no"]


@pytest.mark.parametrize(
    "value",
    ["complete_\x1b[31mred", "complete_bash\u202e", "x" * 5000, "complete_tcsh", "source"],
)
def test_a_completion_variable_is_never_echoed_raw(value: str) -> None:
    # Typer said "Shell <the value> not supported." with the value as it was.
    result = run(env={"_CRYO_CHECK_COMPLETE": value})
    assert result.returncode == 2
    told = result.stderr.decode()
    assert told.count("\n") == 1
    assert told.startswith("cryo-check: error: $_CRYO_CHECK_COMPLETE: ")
    assert "\x1b" not in told
    assert "\u202e" not in told
    assert len(told) < 400


# --- exit codes by cause --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "told"),
    [
        # Was exit 74 'cannot write the output: No such file or directory'.
        (["rules", "list"], 0, ""),
        (["rules", "validate"], 0, ""),
        (["info", "kidney"], 0, ""),
        (
            ["rules", "list", "--rules", "rules"],
            2,
            "cryo-check: error: the working folder no longer exists (it was deleted or moved) "
            "(cd to a folder that exists, or give absolute paths)\n",
        ),
        (
            ["rules", "validate", "--rules", "rules"],
            2,
            "cryo-check: error: the working folder no longer exists (it was deleted or moved) "
            "(cd to a folder that exists, or give absolute paths)\n",
        ),
    ],
)
def test_a_deleted_working_folder_is_said_or_does_not_matter(
    tmp_path: Path, args: list[str], code: int, told: str
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    result = subprocess.run(
        ["sh", "-c", script, "sh", str(gone), sys.executable, "-m", "cryo_check", *args],
        capture_output=True,
        env={**run_env(), "PYTHONPATH": str(RULES_DIR.parent)},
        check=False,
    )
    assert (result.returncode, result.stderr.decode()) == (code, told)
