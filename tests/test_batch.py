"""``cryo-check batch`` through the real Typer app: input formats, output formats, the summary,
bad rows, --strict, file errors, and the memoised evaluator against the engine itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from cryo_check import DISCLAIMER, SCHEMA_VERSION, SHORT_DISCLAIMER
from cryo_check.commands.batch import BadRow, Case, Evaluator, Judgement
from cryo_check.core.case import given_as
from cryo_check.core.engine import evaluate
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import RuleSet
from cryo_check.errors import AnswerError

from .conftest import LATE, SIZE_FIX, answers_to, case_of, invoke

ANSWER_KEYS = [
    "cancer",
    "cancer_type",
    "stage",
    "size",
    "size_cm",
    "fit_for_surgery",
]
SCORE_KEYS = ["prediction", "correct", "right_if", "because", "error"]
#: A jsonl row's keys, after the version of their schema.
JSONL_KEYS = [
    "schema_version",
    "line",
    "case",
    "kept",
    *ANSWER_KEYS,
    "verdict",
    "open",
    "missing",
    *SCORE_KEYS,
    "disclaimer",
]
#: The csv columns: the same, with kept columns and ``because`` spread into columns.
OUTPUT_KEYS = [
    "line",
    "case",
    *ANSWER_KEYS,
    "verdict",
    "open",
    "missing",
    "prediction",
    "correct",
    "right_if",
    "criterion",
    "quote",
    "source",
    "error",
    "disclaimer",
]
#: A csv row's empty cells for a row with no prediction and no error.
NO_SCORE = ",,,,,,,,"  # open, missing, the prediction scored, error: all empty
DISCLAIMER_LINE = f"cryo-check: {DISCLAIMER}\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative file names, so that every message naming a file can be asserted exactly.
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def outcome(
    line: int,
    case: str | None,
    cancer: str | None,
    cancer_type: str | None,
    stage: str | None,
    size: str | None,
    fit: str | None,
    verdict: str,
    missing: list[str] | None = None,
    rests_on: str | None = None,
) -> dict[str, Any]:
    """One batch result as the jsonl output writes it."""
    return {
        "line": line,
        "case": case,
        "kept": {},
        "cancer": cancer,
        "cancer_type": cancer_type,
        "stage": stage,
        "size": size,
        "size_cm": None if size is None else json.loads(size.removesuffix(" cm")),
        "fit_for_surgery": fit,
        "verdict": verdict,
        "open": rests_on,
        "missing": missing or [],
        **dict.fromkeys(SCORE_KEYS),
        "disclaimer": SHORT_DISCLAIMER,
    }


def jsonl(result: Result) -> list[dict[str, Any]]:
    """The jsonl output, one object per line; each with exactly the documented keys, in order."""
    rows: list[dict[str, Any]] = []
    for text in result.stdout.splitlines():
        row = json.loads(text)
        assert isinstance(row, dict)
        assert list(row) == JSONL_KEYS
        assert row.pop("schema_version") == SCHEMA_VERSION
        rows.append(row)
    return rows


def summary_lines(text: str) -> str:
    return f"cryo-check: {text}\n{DISCLAIMER_LINE}"


# The same four cases in each input format: kidney that the kidney page describes, renal (another
# name for kidney), lung (not covered), and kidney with only the stage known.
CASES_CSV = """id,cancer,stage,size,fit_for_surgery
k1,kidney,early,3cm,no
k2,renal,early,2,yes
l1,lung,early,,
k3,kidney,early,,
"""
# A blank line between the second and third case: line numbers count it.
CASES_JSONL = (
    '{"id": "k1", "cancer": "kidney", "stage": "early", "size": "3cm", "fit_for_surgery": "no"}\n'
    '{"id": "k2", "cancer": "renal", "stage": "early", "size": 2, "fit_for_surgery": "yes"}\n'
    "\n"
    '{"id": "l1", "cancer": "lung", "stage": "early"}\n'
    '{"id": "k3", "cancer": "kidney", "stage": "early", "size": null}\n'
)
# YAML's bare `no` and `yes` read as booleans and are taken as the answers they were meant to be.
CASES_YAML = """# four cases
- id: k1
  cancer: kidney
  stage: early
  size: 3cm
  fit_for_surgery: no
- id: k2
  cancer: renal
  stage: early
  size: 2
  fit_for_surgery: yes
- id: l1
  cancer: lung
  stage: early
- id: k3
  cancer: kidney
  stage: early
"""


def four_cases(lines: tuple[int, int, int, int]) -> list[dict[str, Any]]:
    one, two, three, four = lines
    return [
        outcome(one, "k1", "kidney", "kidney", "early", "3 cm", "no", "commonly_considered"),
        outcome(two, "k2", "renal", "kidney", "early", "2 cm", "yes", "may_be_considered"),
        outcome(three, "l1", "lung", None, "early", None, None, "not_covered"),
        outcome(
            four,
            "k3",
            "kidney",
            "kidney",
            "early",
            None,
            None,
            "insufficient_information",
            ["size", "fit_for_surgery"],
        ),
    ]


def four_summary(lines: tuple[int, int, int, int]) -> str:
    """The four cases' summary: k2's size is a number alone, read in cm and said so."""
    return (
        "cryo-check: 4 cases: 1 commonly considered, 1 may be considered, 1 not covered, 1 not "
        f"enough information\ncryo-check: tumour size: 1 row gave a number with no unit (line "
        f"{lines[1]}), read in cm; write the unit to be sure (cm, mm or in)\n" + DISCLAIMER_LINE
    )


INPUTS = [
    pytest.param("cases.csv", CASES_CSV, (2, 3, 4, 5), id="csv"),
    pytest.param("cases.jsonl", CASES_JSONL, (1, 2, 4, 5), id="jsonl"),
    pytest.param("cases.ndjson", CASES_JSONL, (1, 2, 4, 5), id="ndjson"),
    pytest.param("cases.yaml", CASES_YAML, (2, 7, 12, 15), id="yaml"),
    pytest.param("cases.yml", CASES_YAML, (2, 7, 12, 15), id="yml"),
    pytest.param("CASES.CSV", CASES_CSV, (2, 3, 4, 5), id="upper-case-extension"),
]


@pytest.mark.parametrize(("name", "text", "lines"), INPUTS)
def test_each_input_format_by_extension_gives_the_same_results(
    name: str, text: str, lines: tuple[int, int, int, int]
) -> None:
    result = invoke("batch", write(name, text))
    assert result.exit_code == 0, result.stderr
    assert jsonl(result) == four_cases(lines)
    assert result.stderr == four_summary(lines)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        pytest.param(CASES_CSV, (2, 3, 4, 5), id="csv"),
        pytest.param(CASES_JSONL, (1, 2, 4, 5), id="jsonl"),
        pytest.param(CASES_YAML, (2, 7, 12, 15), id="yaml-comment-first"),
        pytest.param(CASES_YAML.split("\n", 1)[1], (1, 6, 11, 14), id="yaml-dash-first"),
    ],
)
def test_stdin_format_is_detected_from_the_first_line(
    text: str, lines: tuple[int, int, int, int]
) -> None:
    result = invoke("batch", "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert jsonl(result) == four_cases(lines)
    assert result.stderr == four_summary(lines)


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [
        pytest.param("cases.data", CASES_JSONL, (1, 2, 4, 5), id="jsonl-by-first-line"),
        pytest.param("cases.txt", CASES_YAML, (2, 7, 12, 15), id="yaml-by-first-line"),
        pytest.param("cases", CASES_CSV, (2, 3, 4, 5), id="csv-otherwise"),
    ],
)
def test_a_file_without_a_known_extension_is_detected_from_its_first_line(
    name: str, text: str, lines: tuple[int, int, int, int]
) -> None:
    result = invoke("batch", write(name, text))
    assert result.exit_code == 0, result.stderr
    assert jsonl(result) == four_cases(lines)


def test_input_format_overrides_the_extension() -> None:
    name = write("really-jsonl.csv", CASES_JSONL)
    detected = invoke("batch", name)
    assert detected.exit_code == 2
    assert detected.stdout == ""
    assert detected.stderr.startswith(
        "cryo-check: error: really-jsonl.csv:1: the header names no question: is this the file "
        "of cases?"
    )
    forced = invoke("batch", name, "--input-format", "JSONL")
    assert forced.exit_code == 0, forced.stderr
    assert jsonl(forced) == four_cases((1, 2, 4, 5))
    assert forced.stderr == four_summary((1, 2, 4, 5))


def test_detection_skips_blank_lines_and_input_format_overrides_it_on_stdin() -> None:
    # A blank first line is no evidence of any format: the first line with text decides.
    text = "\n" + CASES_YAML.split("\n", 1)[1]
    for args in ((), ("--input-format", "yaml")):
        result = invoke("batch", "-", *args, input=text)
        assert result.exit_code == 0, result.stderr
        assert jsonl(result) == four_cases((2, 7, 12, 15))
        assert result.stderr == four_summary((2, 7, 12, 15))
    # And --input-format wins over what the first line suggests.
    forced = invoke("batch", "-", "--input-format", "csv", input=text)
    assert forced.exit_code == 2
    assert "the header names no question" in forced.stderr


@pytest.mark.parametrize("column", ["id", "name", "case"])
def test_any_id_column_names_the_case(column: str) -> None:
    result = invoke("batch", write("ids.csv", f"{column},cancer\nAnn,lung\n,lung\n"))
    assert result.exit_code == 0, result.stderr
    assert [row["case"] for row in jsonl(result)] == ["Ann", None]


def test_jsonl_is_the_default_off_a_terminal_and_every_row_carries_the_disclaimer() -> None:
    name = write("cases.csv", CASES_CSV)
    default = invoke("batch", name)
    explicit = invoke("batch", name, "--format", "jsonl")
    assert default.stdout == explicit.stdout
    assert len(default.stdout.splitlines()) == 4
    assert all(row["disclaimer"] == SHORT_DISCLAIMER for row in jsonl(default))
    assert default.stdout.splitlines()[0] == (
        '{"schema_version": 4, "line": 2, "case": "k1", "kept": {}, "cancer": "kidney", '
        '"cancer_type": "kidney", "stage": "early", "size": "3 cm", "size_cm": 3, '
        '"fit_for_surgery": "no", '
        '"verdict": "commonly_considered", "open": null, "missing": [], "prediction": null, '
        '"correct": null, '
        '"right_if": null, "because": null, "error": null, '
        '"disclaimer": "General information, not medical advice: consult your doctor."}'
    )


def test_csv_output() -> None:
    result = invoke("batch", write("cases.csv", CASES_CSV), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    disclaimer = f'"{SHORT_DISCLAIMER}"'
    assert result.stdout == (
        ",".join(OUTPUT_KEYS) + "\n"
        f"2,k1,kidney,kidney,early,3 cm,3,no,commonly_considered,{NO_SCORE},{disclaimer}\n"
        f"3,k2,renal,kidney,early,2 cm,2,yes,may_be_considered,{NO_SCORE},{disclaimer}\n"
        f"4,l1,lung,,early,,,,not_covered,{NO_SCORE},{disclaimer}\n"
        "5,k3,kidney,kidney,early,,,,insufficient_information,,size;fit_for_surgery,,,,,,,,"
        f"{disclaimer}\n"
    )
    assert result.stderr == four_summary((2, 3, 4, 5))
    # And it is CSV a reader gets the same fields back from.
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["missing"] for r in rows] == ["", "", "", "size;fit_for_surgery"]
    assert {r["disclaimer"] for r in rows} == {SHORT_DISCLAIMER}


def test_csv_output_quotes_a_case_name_with_a_comma() -> None:
    name = write("cases.jsonl", '{"id": "Smith, Ann", "cancer": "lung"}\n')
    result = invoke("batch", name, "--format", "csv")
    assert result.stdout.splitlines()[1] == (
        f'1,"Smith, Ann",lung,,,,,,not_covered,{NO_SCORE},"{SHORT_DISCLAIMER}"'
    )


def test_table_output_has_verdicts_in_words_then_the_summary_and_disclaimer_on_stdout() -> None:
    result = invoke(
        "batch", write("cases.csv", CASES_CSV), "--format", "table", env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "┃ Line ┃ Case ┃ Cancer type ┃ Stage ┃ Tumour size ┃ Fit enough for surgery ┃ Verdict"
        "                             ┃ Missing               ┃"
    )
    assert lines[3:7] == [
        "│ 2    │ k1   │ kidney      │ early │ 3 cm        │ no                     │ Cryotherapy "
        "is commonly considered  │                       │",
        "│ 3    │ k2   │ kidney      │ early │ 2 cm        │ yes                    │ Cryotherapy "
        "may be considered       │                       │",
        "│ 4    │ l1   │ lung        │ early │ unknown     │ unknown                │ Not covered "
        "by the source documents │                       │",
        "│ 5    │ k3   │ kidney      │ early │ unknown     │ unknown                │ Not enough "
        "information to say       │ size, fit_for_surgery │",
    ]
    summary_at = lines.index(
        "4 cases: 1 commonly considered, 1 may be considered, 1 not covered, "
        "1 not enough information"
    )
    assert summary_at == 8  # right after the table's bottom border
    after = " ".join(" ".join(lines[summary_at + 1 :]).replace("│", " ").split())
    assert " ".join(DISCLAIMER.split()) in after
    assert "\x1b[" not in result.stdout


def test_table_output_still_reports_bad_rows_on_stderr() -> None:
    name = write("cases.csv", "cancer,size\nlung,huge\nlung,3\n")
    result = invoke("batch", name, "--format", "table", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert result.stderr == (
        f"cryo-check: cases.csv:2: size: 'huge' is not a tumour size ({SIZE_FIX}); "
        "the row is in the output with this error\n"
    )
    assert (
        "1 case: 1 not covered; 1 row not read (each is in the output with its error)"
        in result.stdout.splitlines()
    )
    assert "Not read:" in result.stdout


# Each file: a good row (lung), the bad row, another good row (pancreas); both good rows are
# not covered. (lines of the good rows, text, the message for the bad row)
BAD_ROWS = [
    pytest.param(
        "cases.csv",
        "cancer,stage,size,fit_for_surgery\nlung,early,,\nkidney,early,huge,no\npancreas,,,\n",
        (2, 4),
        f"cases.csv:3: size: 'huge' is not a tumour size ({SIZE_FIX})",
        id="bad-size",
    ),
    pytest.param(
        "cases.csv",
        "cancer,stage\nlung,early\nkidney,late\npancreas,\n",
        (2, 4),
        f"cases.csv:3: stage: {LATE}",
        id="unknown-stage",
    ),
    pytest.param(
        "cases.csv",
        "cancer,stage\nlung,early\nkidny,early\npancreas,\n",
        (2, 4),
        "cases.csv:3: cancer: 'kidny' is not a name cryo-check knows (did you mean 'kidney'? "
        "'cryo-check rules list' shows every covered type)",
        id="near-miss-cancer",
    ),
    pytest.param(
        "cases.csv",
        "cancer,stage\nlung,early\nkidney,early,extra\npancreas,\n",
        (2, 4),
        "cases.csv:3: more cells than the header has columns (remove the extra cells, or quote "
        "a cell that holds a comma)",
        id="too-many-cells",
    ),
    pytest.param(
        "cases.jsonl",
        '{"cancer": "lung"}\n{"cancer": "kidney",\n{"cancer": "pancreas"}\n',
        (1, 3),
        "cases.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes "
        "(write one JSON object per line)",
        id="invalid-json",
    ),
    pytest.param(
        "cases.jsonl",
        '{"cancer": "lung"}\n["kidney", "early"]\n{"cancer": "pancreas"}\n',
        (1, 3),
        "cases.jsonl:2: expected a JSON object of question ids to answers",
        id="json-not-an-object",
    ),
    pytest.param(
        "cases.jsonl",
        '{"cancer": "lung"}\n{"cancer": "kidney", "sise": 3}\n{"cancer": "pancreas"}\n',
        (1, 3),
        "cases.jsonl:2: unknown key 'sise' (did you mean 'size'? keys are question ids "
        "(cancer, stage, size, fit_for_surgery), id and prediction)",
        id="json-unknown-key",
    ),
    pytest.param(
        "cases.yaml",
        "- cancer: lung\n- kidney\n- cancer: pancreas\n",
        (1, 3),
        "cases.yaml:2: expected a mapping of question ids to answers",
        id="yaml-item-not-a-mapping",
    ),
]


@pytest.mark.parametrize(("name", "text", "good", "message"), BAD_ROWS)
def test_a_bad_row_is_output_in_its_place_with_its_error(
    name: str, text: str, good: tuple[int, int], message: str
) -> None:
    result = invoke("batch", write(name, text))
    assert result.exit_code == 0
    rows = jsonl(result)
    assert [(r["line"], r["verdict"]) for r in rows] == [
        (good[0], "not_covered"),
        (int(message.split(":")[1]), None),
        (good[1], "not_covered"),
    ]
    error = message.split(": ", 1)[1]
    assert [r["error"] for r in rows] == [None, error, None]
    assert result.stderr == (
        f"cryo-check: {message}; the row is in the output with this error\n"
        + summary_lines(
            "2 cases: 2 not covered; 1 row not read (each is in the output with its error)"
        )
    )


@pytest.mark.parametrize(("name", "text", "good", "message"), BAD_ROWS)
def test_strict_stops_at_the_first_bad_row_with_exit_2(
    name: str, text: str, good: tuple[int, int], message: str
) -> None:
    result = invoke("batch", write(name, text), "--strict")
    assert result.exit_code == 2
    # The good row before the bad one is out; the one after it is not.
    assert [(r["line"], r["cancer"]) for r in jsonl(result)] == [(good[0], "lung")]
    assert result.stderr == f"cryo-check: error: {message}\n"


MIXED_CSV = """id,cancer,stage,size,fit_for_surgery
g1,kidney,early,3cm,no
b1,kidney,early,huge,no
g2,liver,early,,
b2,kidney,late,3cm,no
g3,renal,early,2,yes
b3,kidny,early,3cm,no
b4,kidney,early,3cm,no,extra
g4,lung,,,
g5,kidney,spread,,
"""


def test_every_good_row_is_written_around_the_bad_ones() -> None:
    result = invoke("batch", write("mixed.csv", MIXED_CSV))
    assert result.exit_code == 0
    rows = jsonl(result)
    # Every row, in the file's order: a bad one in its place, with its case and its error.
    assert [(r["line"], r["case"], r["verdict"], bool(r["error"])) for r in rows] == [
        (2, "g1", "commonly_considered", False),
        (3, "b1", None, True),
        (4, "g2", "may_be_considered", False),
        (5, "b2", None, True),
        (6, "g3", "may_be_considered", False),
        (7, "b3", None, True),
        (8, None, None, True),
        (9, "g4", "not_covered", False),
        (10, "g5", "not_typically_considered", False),
    ]
    # A bad row shows its answers as written.
    assert (rows[1]["size"], rows[3]["stage"], rows[5]["cancer"]) == ("huge", "late", "kidny")
    assert result.stderr == (
        "cryo-check: mixed.csv:3: size: 'huge' is not a tumour size "
        f"({SIZE_FIX}); the row is in the output with this error\n"
        f"cryo-check: mixed.csv:5: stage: {LATE}; the row is in the output with this error\n"
        "cryo-check: mixed.csv:7: cancer: 'kidny' is not a name cryo-check knows (did you mean "
        "'kidney'? 'cryo-check rules list' shows every covered type); "
        "the row is in the output with this error\n"
        "cryo-check: mixed.csv:8: more cells than the header has columns (remove the extra "
        "cells, or quote a cell that holds a comma); the row is in the output with this error\n"
        "cryo-check: 5 cases: 1 commonly considered, 2 may be considered, "
        "1 not typically considered, 1 not covered; 4 rows not read (each is in the output "
        "with its error)\n"
        "cryo-check: tumour size: 1 row gave a number with no unit (line 6), read in cm; write "
        "the unit to be sure (cm, mm or in)\n"
        f"{DISCLAIMER_LINE}"
    )


def test_strict_writes_every_good_row_before_the_first_bad_one() -> None:
    result = invoke("batch", write("mixed.csv", MIXED_CSV), "--strict")
    assert result.exit_code == 2
    assert [(r["line"], r["case"]) for r in jsonl(result)] == [(2, "g1")]
    assert result.stderr == (
        f"cryo-check: error: mixed.csv:3: size: 'huge' is not a tumour size ({SIZE_FIX})\n"
    )


def test_strict_on_stdin_names_stdin() -> None:
    text = MIXED_CSV.replace("b1,kidney,early,huge,no\n", "")
    result = invoke("batch", "-", "--strict", "--format", "csv", input=text)
    assert result.exit_code == 2
    assert [line.split(",")[1] for line in result.stdout.splitlines()] == ["case", "g1", "g2"]
    assert result.stderr == (
        "cryo-check: error: <stdin>:4: stage: 'late' is unclear: it could mean locally advanced or "
        "spread; ask the care team which (choose one of: "
        "early, locally-advanced, spread, unknown)\n"
    )


def test_strict_with_only_good_rows_is_a_normal_run() -> None:
    result = invoke("batch", write("cases.csv", CASES_CSV), "--strict")
    assert result.exit_code == 0
    assert jsonl(result) == four_cases((2, 3, 4, 5))
    assert result.stderr == four_summary((2, 3, 4, 5))


@pytest.mark.parametrize(
    ("column", "meant"),
    [
        ("sise", "size"),
        ("stge", "stage"),
        ("Stag", "stage"),
        ("cancr", "cancer"),
        ("Fit for surgey?", "fit_for_surgery"),
        ("Sise (cm)", "size"),
        ("predicton", "prediction"),
        ("Sizes (cm)", "size"),
    ],
)
def test_a_column_that_looks_like_a_misspelt_question_is_an_error_at_line_1(
    column: str, meant: str
) -> None:
    result = invoke("batch", write("cases.csv", f"cancer,{column}\nkidney,3\n"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"cryo-check: error: cases.csv:1: the column {column!r} looks like a misspelt "
        f"{meant!r} (correct the header to {meant!r} (a column of your own is kept as written, "
        "when its name is not a question's))\n"
    )


def test_a_missing_file_exits_2() -> None:
    result = invoke("batch", "missing.csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "cryo-check: error: FILE: cannot read 'missing.csv': No such file or directory\n"
    )


@pytest.mark.parametrize(
    ("data", "bad"),
    [
        pytest.param(
            b"cancer,stage\nkidn\xe9y,early\n",
            ["latin.csv:2: the line is not UTF-8 text (byte 0xe9, column 5)"],
            id="latin-1",
        ),
        pytest.param(
            b"cancer,stage\nkidney,early\n\xff\xfe,\n",
            ["latin.csv:3: the line is not UTF-8 text (byte 0xff, column 1)"],
            id="bad-bytes-after-a-good-row",
        ),
    ],
)
def test_a_line_that_is_not_utf8_is_one_bad_row_naming_its_line(
    data: bytes, bad: list[str]
) -> None:
    Path("latin.csv").write_bytes(data)
    result = invoke("batch", "latin.csv", "--format", "csv")
    told = [line.removeprefix("cryo-check: ") for line in result.stderr.splitlines()]
    suffix = " (save the file as UTF-8); the row is in the output with this error"
    assert [t.removesuffix(suffix) for t in told[: len(bad)]] == bad
    good = data.count(b"\n") - 1 - len(bad)
    assert result.exit_code == (0 if good else 2)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # the header, then every row in order: the bad one with its reason in the error column
    assert len(rows) == good + len(bad)
    assert sum(1 for row in rows if row["error"]) == len(bad)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "cases.jsonl",
            '{"id": "ana", "cancer": "kidney", "stage": "early", '
            '"size": 3.99999999999, "fit_for_surgery": "no"}\n',
        ),
        (
            "cases.yaml",
            "- {id: ana, cancer: kidney, stage: early, size: 3.99999999999, fit_for_surgery: no}\n",
        ),
    ],
)
def test_a_size_written_as_a_number_keeps_every_digit(name: str, text: str) -> None:
    result = invoke("batch", write(name, text), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)
    assert (row["size"], row["size_cm"]) == ("3.99999999999 cm", 3.99999999999)
    assert row["verdict"] == "commonly_considered"


def test_a_yaml_batch_is_read_as_yaml_1_2_reads_it() -> None:
    """As an editor shows it: `yes` is a name, `010` is ten, `off` is a word (not an answer)."""
    text = (
        "- {id: yes, cancer: kidney, size: 010}\n- {id: no, cancer: kidney, fit_for_surgery: off}\n"
    )
    result = invoke("batch", write("cases.yaml", text), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["case"], r["size"], r["error"]) for r in rows] == [
        ("yes", "10 cm", ""),
        (
            "no",
            "",
            "fit_for_surgery: 'off' is not a valid answer (choose one of: yes, no, unknown)",
        ),
    ]
    assert "cases.yaml:2: fit_for_surgery: 'off' is not a valid answer" in result.stderr


def test_a_yaml_file_that_is_not_a_list_exits_2() -> None:
    result = invoke("batch", write("cases.yaml", "cancer: kidney\n"))
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: cases.yaml: expected a YAML list of cases (write one '- ' item per "
        "case)\n"
    )


def test_a_yaml_python_tag_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    text = '- cancer: lung\n- !!python/object/apply:os.system ["touch pwned"]\n'
    result = invoke("batch", write("cases.yaml", text))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "cryo-check: error: cases.yaml:2:3: tag '!!python/object/apply:os.system' is not "
        "allowed: only plain data is accepted (remove the tag)\n"
    )
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("text", ["", "id,cancer,stage\n", "\n\n"])
def test_a_file_with_no_case_exits_2_after_the_counts(text: str) -> None:
    result = invoke("batch", write("empty.csv", text))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == summary_lines("0 cases: none") + (
        "cryo-check: error: empty.csv: the file holds no case (is it the file of cases? a CSV "
        "has a header, then a row per case)\n"
    )


@pytest.mark.parametrize(
    ("option", "line"),
    [
        ("--format", "--format: 'xml' is not a format (choose one of: table, csv, jsonl)"),
        (
            "--input-format",
            "--input-format: 'xml' is not a format (choose one of: csv, jsonl, yaml)",
        ),
    ],
)
def test_an_unknown_format_exits_2_naming_the_option(option: str, line: str) -> None:
    result = invoke("batch", write("cases.csv", CASES_CSV), option, "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"cryo-check: error: {line}\n".replace("jsonl)", "jsonl, html)")


# ---------------------------------------------------------------------------------------------
# The memo: a batch gives the verdict evaluating each case on its own gives.

# (cancer, stage, size, fit_for_surgery) as written in a CSV row, and the verdict and missing
# answers the documents give. Several rows share a memo entry (same cancer, same size band).
TABLE: list[tuple[str, str, str, str, str, list[str]]] = [
    ("kidney", "early", "3cm", "no", "commonly_considered", []),
    ("kidney", "early", "3.1", "no", "commonly_considered", []),
    ("renal", "early", "39mm", "no", "commonly_considered", []),
    ("Kidney Cancer", "early", "4cm", "no", "not_typically_considered", []),
    ("cancer of the kidney", "early", "40mm", "no", "not_typically_considered", []),
    ("kidney", "early", "4.01", "no", "not_typically_considered", []),
    ("kidney", "early", "1.5in", "yes", "may_be_considered", []),
    ("kidney", "early", "", "no", "insufficient_information", ["size"]),
    ("kidney", "early", "", "", "insufficient_information", ["size", "fit_for_surgery"]),
    ("kidney", "spread", "", "", "not_typically_considered", []),
    ("kidney", "locally-advanced", "2cm", "no", "not_typically_considered", []),
    ("kidney", "", "3cm", "no", "insufficient_information", ["stage"]),
    (
        "kidney",
        "unknown",
        "unknown",
        "unknown",
        "insufficient_information",
        ["stage", "size", "fit_for_surgery"],
    ),
    ("liver", "early", "8cm", "", "may_be_considered", []),
    ("HCC", "spread", "", "", "not_typically_considered", []),
    ("prostate", "", "", "", "insufficient_information", ["stage"]),
    ("bcc", "early", "", "", "may_be_considered", []),
    ("skin squamous cell carcinoma", "metastatic", "", "", "not_typically_considered", []),
    ("skin-precancer", "", "", "", "may_be_considered", []),
    ("cervical precancer", "", "", "", "may_be_considered", []),
    ("retinoblastoma", "early", "", "", "may_be_considered", []),
    ("bone", "locally-advanced", "", "", "not_typically_considered", []),
    ("lung", "early", "3cm", "no", "not_covered", []),
    ("pancreas", "", "", "", "not_covered", []),
    ("", "early", "3cm", "no", "insufficient_information", ["cancer"]),
]


def answers_of(cells: tuple[str, ...]) -> Answers:
    return answers_to(*(cell or None for cell in cells))


def test_batch_verdicts_equal_evaluating_each_case_alone(rules: RuleSet) -> None:
    # Forwards then backwards, so every memo entry is met first by a different row.
    rows = TABLE + TABLE[::-1]
    text = "cancer,stage,size,fit_for_surgery\n" + "".join(",".join(row[:4]) + "\n" for row in rows)
    result = invoke("batch", write("table.csv", text))
    assert result.exit_code == 0, result.stderr
    out = jsonl(result)
    assert len(out) == len(rows)
    for got, row in zip(out, rows, strict=True):
        alone = evaluate(rules, case_of(rules, answers_of(row[:4])))
        expected_type = alone.cancer.id if alone.cancer else None
        assert (got["cancer_type"], got["verdict"], got["missing"]) == (
            expected_type,
            alone.verdict,
            list(alone.missing),
        ), row
        assert (got["verdict"], got["missing"]) == (row[4], row[5]), row
    counts = Counter(row[4] for row in rows)
    assert counts == {
        "commonly_considered": 6,
        "may_be_considered": 12,
        "not_typically_considered": 16,
        "not_covered": 4,
        "insufficient_information": 12,
    }
    # Sizes written as a number alone are read in cm, and the summary names their lines.
    bare = [n for n, row in enumerate(rows, start=2) if re.fullmatch(r"[\d.]+", row[2])]
    assert result.stderr == summary_lines(
        "50 cases: 6 commonly considered, 12 may be considered, 16 not typically considered, "
        "4 not covered, 12 not enough information\n"
        f"cryo-check: tumour size: {len(bare)} rows gave a number with no unit (lines "
        f"{', '.join(map(str, bare))}), read in cm; write the unit to be sure (cm, mm or in)"
    )


NAMES = [
    "kidney",
    "renal",
    "Kidney Cancer",
    "liver",
    "HCC",
    "prostate",
    "bcc",
    "skin squamous cell carcinoma",
    "squamous cell carcinoma",  # skin or cervix: a bad row, as evaluating it alone is an error
    "skin-precancer",
    "cervical precancer",
    "retinoblastoma",
    "bone",
    "lung",
    "pancreas",
    "kidny",  # a near miss: a bad row, as evaluating it alone is an error
    "skin",  # fits several types: likewise
    None,
]
# Kidney, the one type with a size threshold, is drawn half the time, and sizes often sit near
# its 4 cm threshold, so that cases sharing a memo entry (or wrongly sharing one) are common.
names = st.one_of(st.sampled_from(["kidney", "renal", "Kidney Cancer"]), st.sampled_from(NAMES))
sizes = st.one_of(
    st.sampled_from([0.5, 2.0, 3.9, 3.99, 3.999, 4.0, 4.001, 4.01, 4.1, 8.0, 50.0]),
    # Sizes are measured to at most 12 significant digits (questions.MAX_SIGNIFICANT_DIGITS).
    st.floats(min_value=0.01, max_value=99.99, allow_nan=False).map(lambda f: round(f, 6)),
)


@st.composite
def answer_sets(draw: st.DrawFn) -> Answers:
    return answers_to(
        draw(names),
        draw(st.sampled_from(["early", "locally-advanced", "spread", None])),
        draw(st.none() | sizes),
        draw(st.sampled_from(["yes", "no", None])),
    )


@settings(max_examples=200, deadline=None)
@given(batch=st.lists(answer_sets(), min_size=1, max_size=60))
def test_the_memo_never_changes_a_verdict(rules: RuleSet, batch: list[Answers]) -> None:
    evaluator = Evaluator(rules)
    verdicts: Counter[str] = Counter()
    # Twice over: the second pass is answered from the memo alone.
    for line, answers in enumerate(batch + batch, start=1):
        got = evaluator(Case(line, None, tuple(given_as(rules, answers, {}, ""))))
        refused: BadRow | None = None
        try:
            alone = evaluate(rules, case_of(rules, answers))
        except AnswerError as exc:
            refused = BadRow(line, f"cancer: {exc.message}", exc.fix)
        if refused is not None:
            assert got == refused
            continue
        assert isinstance(got, Judgement)
        assert got.answers == alone.answers
        assert (got.cancer_type, got.verdict, got.missing) == (
            alone.cancer.id if alone.cancer else None,
            alone.verdict,
            alone.missing,
        )
        verdicts[alone.verdict] += 1
    assert evaluator.counts == verdicts


# ---------------------------------------------------------------------------------------------
# A larger file: every row out, and the counts right.

CYCLE = [
    ("kidney", "early", "3cm", "no"),  # commonly_considered
    ("renal", "early", "2", "yes"),  # may_be_considered
    ("kidney", "spread", "", ""),  # not_typically_considered
    ("lung", "early", "", ""),  # not_covered
    ("kidney", "early", "", ""),  # insufficient_information
    ("liver", "early", "8cm", ""),  # may_be_considered
    ("prostate", "spread", "", ""),  # not_typically_considered
    ("bcc", "", "", ""),  # insufficient_information
    ("", "early", "3cm", "no"),  # insufficient_information
    ("kidney", "early", "40mm", "no"),  # not_typically_considered
]


def generated(rows: int) -> Iterator[str]:
    yield "id,cancer,stage,size,fit_for_surgery\n"
    for n in range(rows):
        yield f"case-{n}," + ",".join(CYCLE[n % len(CYCLE)]) + "\n"


def test_a_5000_row_file_gives_5000_results_and_the_right_counts() -> None:
    Path("big.csv").write_text("".join(generated(5000)), encoding="utf-8")
    result = invoke("batch", "big.csv")
    assert result.exit_code == 0, result.stderr
    out = jsonl(result)
    assert len(out) == 5000
    assert [row["line"] for row in out] == list(range(2, 5002))
    assert [row["case"] for row in out[:3]] == ["case-0", "case-1", "case-2"]
    assert out[-1]["case"] == "case-4999"
    assert Counter(row["verdict"] for row in out) == {
        "commonly_considered": 500,
        "may_be_considered": 1000,
        "not_typically_considered": 1500,
        "not_covered": 500,
        "insufficient_information": 1500,
    }
    assert result.stderr == summary_lines(
        "5,000 cases: 500 commonly considered, 1,000 may be considered, "
        "1,500 not typically considered, 500 not covered, 1,500 not enough information\n"
        # One line however many rows: the first five named.
        "cryo-check: tumour size: 500 rows gave a number with no unit (lines 3, 13, 23, 33, "
        "43, …), read in cm; write the unit to be sure (cm, mm or in)"
    )


def test_a_5000_row_file_as_csv_output_has_a_header_and_5000_rows() -> None:
    Path("big.csv").write_text("".join(generated(5000)), encoding="utf-8")
    result = invoke("batch", "big.csv", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5001
    assert lines[0] == ",".join(OUTPUT_KEYS)


# ---------------------------------------------------------------------------------------------
# Regressions: bugs these tests found, fixed since.


def test_a_csv_with_a_byte_order_mark_is_read() -> None:
    Path("excel.csv").write_bytes(b"\xef\xbb\xbfcancer,stage\nlung,early\n")
    result = invoke("batch", "excel.csv")
    assert result.exit_code == 0, result.stderr
    assert [row["verdict"] for row in jsonl(result)] == ["not_covered"]


def test_blank_and_whitespace_lines_in_a_csv_are_no_cases() -> None:
    result = invoke("batch", write("gaps.csv", "cancer,stage\n\nlung,early\n   ,  \nliver,early\n"))
    assert result.exit_code == 0, result.stderr
    assert [(row["line"], row["cancer"]) for row in jsonl(result)] == [(3, "lung"), (5, "liver")]


def test_a_csv_row_spanning_lines_is_reported_at_its_first_line() -> None:
    # (A case name may not hold a line break: the row is bad, and told at its first line.)
    text = 'id,cancer,stage\n"two\nlines",kidney,early\nbad,kidney,erly\nok,kidney,early\n'
    result = invoke("batch", write("multi.csv", text))
    assert [(row["line"], row["case"]) for row in jsonl(result)] == [
        (2, None),
        (4, "bad"),
        (5, "ok"),
    ]
    told = result.stderr.splitlines()
    assert told[0].startswith(
        "cryo-check: multi.csv:2: id: the case name holds U+000A (a line break)"
    )
    assert told[1].startswith("cryo-check: multi.csv:4: stage: 'erly' is not a valid answer")


def test_a_column_with_no_name_must_stay_empty() -> None:
    """A spreadsheet's header often ends in empty cells: those columns are allowed while
    empty, and a value in one is a bad row (never read, never dropped silently)."""
    text = "\ncancer,,stage,,\nlung,x,early,,\nkidney,,early,,\n"
    result = invoke("batch", write("empty-col.csv", text), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["line"], r["cancer"], bool(r["error"])) for r in rows] == [
        ("3", "", True),
        ("4", "kidney", False),
    ]
    assert result.stderr.splitlines()[0] == (
        "cryo-check: empty-col.csv:3: a value in column 2, which the header does not name "
        "(name the column in the header, or remove the value); "
        "the row is in the output with this error"
    )


def test_a_spreadsheets_header_may_use_the_labels_in_any_case() -> None:
    text = (
        "\ufeffID,Cancer Type,Stage,Tumour Size,Fit-for-surgery,,\r\nana,kidney,early,3cm,no,,\r\n"
    )
    result = invoke("batch", write("excel.csv", text), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["case"], row["size"], row["fit_for_surgery"], row["verdict"]) == (
        "ana",
        "3 cm",
        "no",
        "commonly_considered",
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("semi.csv", "id;cancer;stage\nana;kidney;early\n"),
        ("tabs.csv", "id\tcancer\tstage\nana\tkidney\tearly\n"),
        ("tabs.tsv", "id\tcancer\tstage\nana\tkidney\tearly\n"),
        ("comma.csv", "id,cancer,stage\nana,kidney,early\n"),
        # A semicolon in a cell of a comma-separated file is only text.
        ("comma-semi.csv", 'id,cancer,stage\n"ana; b",kidney,early\n'),
    ],
)
def test_a_file_separated_by_semicolons_or_tabs_is_read(name: str, text: str) -> None:
    result = invoke("batch", write(name, text), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["cancer_type"], row["stage"], row["error"]) == ("kidney", "early", "")
    assert row["case"] in ("ana", "ana; b")


# Headers as a teacher writes them: labels in any case, with '?', ':' or a unit; a unit in
# the header makes a bare number in that column that unit.
HEADERS = [
    ("Cancer type,Stage,Size (cm),Fit for surgery?", "kidney,early,3,no", "3 cm", "no"),
    ("CANCER,stage:,Size (mm),fit-for-surgery", "kidney,early,35,no", "3.5 cm", "no"),
    (
        "cancer,stage,Tumour size (in),Fit enough for surgery",
        "kidney,early,1,yes",
        "2.54 cm",
        "yes",
    ),
    ("cancer,stage,Tumor size,fit_for_surgery", "kidney,early,3cm,no", "3 cm", "no"),
    ("cancer,stage,Size [mm],Fit for surgery (yes/no)", "kidney,early,35,n", "3.5 cm", "no"),
    # A unit written in the cell is the cell's own: the header's unit is for bare numbers.
    ("cancer,stage,Size (mm),fit for surgery", "kidney,early,3cm,no", "3 cm", "no"),
]


@pytest.mark.parametrize(("header", "row", "size", "fit"), HEADERS)
def test_headers_are_read_as_people_write_them(header: str, row: str, size: str, fit: str) -> None:
    result = invoke("batch", write("h.csv", f"{header}\n{row}\n"), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (out,) = csv.DictReader(io.StringIO(result.stdout))
    assert (out["size"], out["fit_for_surgery"], out["error"]) == (size, fit, "")


def test_a_unit_the_question_does_not_take_is_an_error_at_the_header() -> None:
    result = invoke("batch", write("u.csv", "cancer,Size (kg)\nkidney,3\n"))
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: u.csv:1: the column 'Size (kg)' gives the unit 'kg', which is not "
        "one of tumour size's units (name the column 'tumour size (cm)', or use cm, mm, in)\n"
    )


def test_the_teachers_own_columns_are_kept_as_written_and_listed() -> None:
    text = (
        "Student,Notes,cancer,stage,size,fit for surgery,Group\n"
        'Ana,"front row, left",kidney,early,3,no,A\n'
        "Ben,=1+1,kidny,early,3,no,B\n"
    )
    result = invoke("batch", write("own.csv", text), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["case"], r["Notes"], r["Group"], r["verdict"]) for r in rows] == [
        ("Ana", "front row, left", "A", "commonly_considered"),
        ("Ben", "'=1+1", "B", ""),
    ]
    assert "cryo-check: kept as written: Notes, Group" in result.stderr.splitlines()
    as_json = jsonl(invoke("batch", "own.csv", "--format", "jsonl"))
    assert [r["kept"] for r in as_json] == [
        {"Notes": "front row, left", "Group": "A"},
        {"Notes": "=1+1", "Group": "B"},
    ]


def test_a_duplicate_column_is_an_error() -> None:
    result = invoke("batch", write("dup.csv", "cancer,cancer\nkidney,lung\n"))
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: dup.csv:1: the header names 'cancer' twice (keep one of the columns)\n"
    )


def test_true_is_not_taken_for_1_by_the_memo() -> None:
    rows = (
        '{"cancer": "kidney", "stage": "early", "size": "3cm", "fit_for_surgery": true}\n'
        '{"cancer": "kidney", "stage": "early", "size": "3cm", "fit_for_surgery": 1}\n'
    )
    result = invoke("batch", write("flags.jsonl", rows))
    assert [row["fit_for_surgery"] for row in jsonl(result)] == ["yes", "1"]
    assert "flags.jsonl:2: fit_for_surgery: 1 is not a valid answer" in result.stderr


@pytest.mark.parametrize(
    "nested",
    ["[" * 65 + "]" * 65, "[" * 4_000 + "]" * 4_000, '{"a": ' * 1_200 + "1" + "}" * 1_200],
    ids=["65-levels", "4000-levels", "1200-objects"],
)
def test_a_deeply_nested_json_line_is_a_bad_row(nested: str) -> None:
    # The same on every Python: 3.13's json reads 4,000 levels, 3.11's stops with RecursionError.
    rows = nested + '\n{"cancer": "lung"}\n'
    result = invoke("batch", write("deep.jsonl", rows))
    assert result.exit_code == 0
    assert "deep.jsonl:1: the JSON is nested too deeply" in result.stderr
    assert [row["cancer"] for row in jsonl(result)] == [None, "lung"]


def test_csv_output_never_hands_a_spreadsheet_a_formula() -> None:
    # (A name starting = or + is not read at all: those marks are asked about.)
    text = 'id,cancer\n"=HYPERLINK(""http://x"",""see"")",-lung\n@x,lung\n+y,=lung\n'
    result = invoke("batch", write("formula.csv", text), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    # A row not read is written too, with its cells as written: made plain text as well.
    assert [(r[1], r[2]) for r in rows] == [
        ('\'=HYPERLINK("http://x","see")', "'-lung"),
        ("'@x", "lung"),
        ("'+y", "'=lung"),
    ]
    assert "formula.csv:4: cancer: '=lung' holds '='" in result.stderr


def test_names_in_rows_are_read_as_check_reads_them_and_questions_back_are_bad_rows() -> None:
    text = (
        "id,cancer,stage\n"
        "a,metastatic kidney cancer,\n"
        "b,metastatic kidney cancer,early\n"
        "c,scc,early\n"
        "d,liver metastases,\n"
        "e,bowel cancer,\n"
    )
    result = invoke("batch", write("names.csv", text))
    assert result.exit_code == 0
    rows = jsonl(result)
    assert [(r["case"], r["cancer_type"], r["stage"], r["verdict"]) for r in rows] == [
        ("a", "kidney", "spread", "not_typically_considered"),
        ("b", None, "early", None),
        ("c", None, "early", None),
        ("d", None, None, None),
        ("e", None, None, "not_covered"),
    ]
    bad = [
        line
        for line in result.stderr.splitlines()
        if line.endswith("; the row is in the output with this error")
    ]
    assert [line.split(": ")[1:3] for line in bad] == [
        ["names.csv:3", "stage"],
        ["names.csv:4", "cancer"],
        ["names.csv:5", "cancer"],
    ]
    assert (
        "the stage is given as 'early', but the cancer name 'metastatic kidney cancer' says "
        in (bad[0])
    )
    assert "'scc' fits more than one covered type" in bad[1]
    assert "has spread to the liver" in bad[2]


# ---------------------------------------------------------------------------------------------
# Predictions scored: (the row's answers, the prediction as written, correct, right_if,
# criterion). A wrong one is explained by the one answer the what-if engine finds.
PREDICTIONS = [
    ("kidney,early,3cm,no", "commonly considered", "yes", "", ""),
    ("kidney,early,3cm,no", "COMMONLY_CONSIDERED", "yes", "", ""),
    ("kidney,early,3cm,no", "Cryotherapy is commonly considered", "yes", "", ""),
    (
        "kidney,early,25mm,yes",
        "commonly considered",
        "no",
        "the person were not fit enough for surgery",
        "The person is not fit enough for surgery",
    ),
    (
        "kidney,early,5cm,no",
        "Commonly",
        "no",
        "the tumour were under 4 cm",
        "The tumour is less than 4 cm across",
    ),
    (
        "kidney,early,3cm,",
        "may be considered",
        "no",
        "the person is fit enough for surgery",
        "The person is not fit enough for surgery",
    ),
    ("kidney,early,3cm,", "not enough information", "yes", "", ""),
    ("lung,early,,", "not covered", "yes", "", ""),
    ("lung,early,,", "may be considered", "no", "", ""),
    ("liver,early,6cm,", "not typically considered", "no", "the stage were locally-advanced", ""),
]


@pytest.mark.parametrize(("answers", "said", "correct", "right_if", "criterion"), PREDICTIONS)
def test_a_prediction_is_scored_against_what_the_documents_support(
    answers: str, said: str, correct: str, right_if: str, criterion: str
) -> None:
    text = f"cancer,stage,size,fit_for_surgery,prediction\n{answers},{said}\n"
    result = invoke("batch", write("p.csv", text), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["correct"], row["right_if"], row["error"]) == (correct, right_if, "")
    if criterion:
        assert row["criterion"] == criterion
        # The quote is the criterion's own, word for word, as `rules list --format json`
        # and the rule file hold it.
        shown = json.loads(invoke("check", "-c", "kidney", "--format", "json").stdout)
        quotes = {c["label"]: (c["quote"], c["source"]) for c in shown["criteria"]}
        assert (row["quote"], row["source"]) == quotes[criterion]


def test_the_class_summary_counts_the_score_and_the_criteria_behind_the_misses() -> None:
    text = (
        "student,cancer,stage,size,fit_for_surgery,prediction\n"
        "a,kidney,early,3cm,no,commonly considered\n"
        "b,kidney,early,25mm,yes,commonly considered\n"
        "c,kidney,early,2cm,yes,commonly considered\n"
        "d,kidney,early,5cm,no,commonly considered\n"
        "e,kidney,early,3cm,no,maybe\n"
        "f,kidny,early,3cm,no,commonly considered\n"
    )
    result = invoke("batch", write("class.csv", text), "--format", "jsonl")
    assert result.exit_code == 0
    rows = jsonl(result)
    assert [r["correct"] for r in rows] == [True, False, False, False, None, None]
    assert rows[4]["error"] == (
        "prediction: 'maybe' is not a verdict (write one of: commonly considered, may be "
        "considered, not typically considered, not covered, not enough information)"
    )
    assert result.stderr.splitlines()[-4:-1] == [
        "cryo-check: Predictions: 1 out of 4 agree with what the documents support "
        "(1 prediction not read)",
        "cryo-check: 2 misses: The person is not fit enough for surgery",
        "cryo-check: 1 miss: The tumour is less than 4 cm across",
    ]


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "html"])
def test_nothing_a_teacher_or_student_wrote_drives_the_terminal(fmt: str) -> None:
    """Escape sequences and bidi controls in a header, a kept cell, an answer and a
    prediction reach stdout and stderr only escaped (the table, the summary, each error)."""
    text = (
        "cancer,stage,Notes\x1b[2J,prediction\n"
        "kidney\x1b[31m,early,\x1b]8;;http://x\x07link,commonly\u202e\n"
        "lung,early,\x1b[1mbold,not covered\x1b[0m\n"
    )
    result = invoke("batch", write("esc.csv", text), "--format", fmt, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert "\u202e" not in result.stderr
    if fmt in ("table", "html"):
        assert "\x1b" not in result.stdout
        assert "\u202e" not in result.stdout
    told = result.stdout if fmt in ("table", "html") else result.stderr
    assert "ept as written: Notes\\x1b[2J" in told


# One phrasing of an open criterion: a batch row's `open` is the check's verdict line with the
# verdict and the answer taken out, for every type whose verdict can rest on one.
OPEN_CASES = [
    ("liver", "early", "20cm", "20 cm"),
    ("bone", "early", "1 mm", "0.1 cm"),
    ("prostate", "early", "", None),
    ("skin-bcc", "early", "3.5in", "8.89 cm"),
]


@pytest.mark.parametrize(("cancer", "stage", "size", "shown"), OPEN_CASES)
def test_batch_and_check_say_an_open_condition_the_same_way(
    cancer: str, stage: str, size: str, shown: str | None
) -> None:
    row = invoke("batch", "-", input=f"cancer,stage,size\n{cancer},{stage},{size}\n")
    assert row.exit_code == 0, row.stderr
    (got,) = jsonl(row)
    args = ["check", "-c", cancer, "-s", stage, "--no-input", "-f", "json"]
    checked = json.loads(invoke(*args, *(["--size", size] if size else [])).stdout)
    assert checked["verdict"] == got["verdict"] == "may_be_considered"
    (criterion,) = checked["open"]
    assert criterion["answer"] == shown
    in_words = got["open"]
    if shown:  # the answer sits beside what it is about: "the tumour (20 cm) as smaller"
        in_words = in_words.replace("the tumour as", f"the tumour ({shown}) as")
    assert checked["verdict_text"] == f"Cryotherapy may be considered, {in_words}"
    assert in_words.startswith("if the care team counts the tumour")
