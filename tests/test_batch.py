"""``cryo-check batch`` through the real Typer app: input formats, output formats, the summary,
bad rows, --strict, file errors, and the memoised evaluator against the engine itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from cryo_check import DISCLAIMER, SCHEMA_VERSION, SHORT_DISCLAIMER
from cryo_check.commands.batch import BadRow, Case, Evaluator, Outcome
from cryo_check.core.engine import evaluate
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import RuleSet
from cryo_check.errors import AnswerError

from .conftest import LATE, SIZE_FIX, answers_to, invoke

OUTPUT_KEYS = [
    "line",
    "case",
    "cancer",
    "cancer_type",
    "stage",
    "size",
    "size_cm",
    "fit_for_surgery",
    "verdict",
    "missing",
    "disclaimer",
]
#: A jsonl row: the csv columns, after the version of their schema.
JSONL_KEYS = ["schema_version", *OUTPUT_KEYS]
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
) -> dict[str, Any]:
    """One batch result as the jsonl output writes it."""
    return {
        "line": line,
        "case": case,
        "cancer": cancer,
        "cancer_type": cancer_type,
        "stage": stage,
        "size": size,
        "size_cm": None if size is None else json.loads(size.removesuffix(" cm")),
        "fit_for_surgery": fit,
        "verdict": verdict,
        "missing": missing or [],
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


FOUR_SUMMARY = summary_lines(
    "4 cases: commonly_considered 1, may_be_considered 1, not_covered 1, insufficient_information 1"
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
    assert result.stderr == FOUR_SUMMARY


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
    assert result.stderr == FOUR_SUMMARY


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
        'cryo-check: error: really-jsonl.csv:1: unknown column \'{"id": "k1"\''
    )
    forced = invoke("batch", name, "--input-format", "JSONL")
    assert forced.exit_code == 0, forced.stderr
    assert jsonl(forced) == four_cases((1, 2, 4, 5))
    assert forced.stderr == FOUR_SUMMARY


def test_detection_skips_blank_lines_and_input_format_overrides_it_on_stdin() -> None:
    # A blank first line is no evidence of any format: the first line with text decides.
    text = "\n" + CASES_YAML.split("\n", 1)[1]
    for args in ((), ("--input-format", "yaml")):
        result = invoke("batch", "-", *args, input=text)
        assert result.exit_code == 0, result.stderr
        assert jsonl(result) == four_cases((2, 7, 12, 15))
        assert result.stderr == FOUR_SUMMARY
    # And --input-format wins over what the first line suggests.
    forced = invoke("batch", "-", "--input-format", "csv", input=text)
    assert forced.exit_code == 2
    assert "unknown column" in forced.stderr


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
        '{"schema_version": 1, "line": 2, "case": "k1", "cancer": "kidney", '
        '"cancer_type": "kidney", "stage": "early", "size": "3 cm", "size_cm": 3, '
        '"fit_for_surgery": "no", '
        '"verdict": "commonly_considered", "missing": [], '
        '"disclaimer": "General information, not medical advice: consult your doctor."}'
    )


def test_csv_output() -> None:
    result = invoke("batch", write("cases.csv", CASES_CSV), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    disclaimer = f'"{SHORT_DISCLAIMER}"'
    assert result.stdout == (
        "line,case,cancer,cancer_type,stage,size,size_cm,fit_for_surgery,verdict,missing,"
        "disclaimer\n"
        f"2,k1,kidney,kidney,early,3 cm,3,no,commonly_considered,,{disclaimer}\n"
        f"3,k2,renal,kidney,early,2 cm,2,yes,may_be_considered,,{disclaimer}\n"
        f"4,l1,lung,,early,,,,not_covered,,{disclaimer}\n"
        f"5,k3,kidney,kidney,early,,,,insufficient_information,size;fit_for_surgery,{disclaimer}\n"
    )
    assert result.stderr == FOUR_SUMMARY
    # And it is CSV a reader gets the same fields back from.
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["missing"] for r in rows] == ["", "", "", "size;fit_for_surgery"]
    assert {r["disclaimer"] for r in rows} == {SHORT_DISCLAIMER}


def test_csv_output_quotes_a_case_name_with_a_comma() -> None:
    name = write("cases.jsonl", '{"id": "Smith, Ann", "cancer": "lung"}\n')
    result = invoke("batch", name, "--format", "csv")
    assert result.stdout.splitlines()[1] == (
        f'1,"Smith, Ann",lung,,,,,,not_covered,,"{SHORT_DISCLAIMER}"'
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
        "4 cases: commonly_considered 1, may_be_considered 1, not_covered 1, "
        "insufficient_information 1"
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
        f"cryo-check: cases.csv:2: size: 'huge' is not a tumour size ({SIZE_FIX}); row skipped\n"
    )
    assert "1 case: not_covered 1; 1 bad row skipped" in result.stdout.splitlines()


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
        "cases.jsonl:2: unknown column 'sise' (did you mean 'size'? columns are question ids "
        "(cancer, stage, size, fit_for_surgery) and id)",
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
def test_a_bad_row_is_reported_with_its_line_and_skipped(
    name: str, text: str, good: tuple[int, int], message: str
) -> None:
    result = invoke("batch", write(name, text))
    assert result.exit_code == 0
    assert [(r["line"], r["cancer"], r["verdict"]) for r in jsonl(result)] == [
        (good[0], "lung", "not_covered"),
        (good[1], "pancreas", "not_covered"),
    ]
    assert result.stderr == (
        f"cryo-check: {message}; row skipped\n"
        + summary_lines("2 cases: not_covered 2; 1 bad row skipped")
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
    assert len(rows) == 5
    assert [(r["line"], r["case"], r["verdict"]) for r in rows] == [
        (2, "g1", "commonly_considered"),
        (4, "g2", "may_be_considered"),
        (6, "g3", "may_be_considered"),
        (9, "g4", "not_covered"),
        (10, "g5", "not_typically_considered"),
    ]
    assert result.stderr == (
        "cryo-check: mixed.csv:3: size: 'huge' is not a tumour size "
        f"({SIZE_FIX}); row skipped\n"
        f"cryo-check: mixed.csv:5: stage: {LATE}; row skipped\n"
        "cryo-check: mixed.csv:7: cancer: 'kidny' is not a name cryo-check knows (did you mean "
        "'kidney'? 'cryo-check rules list' shows every covered type); row skipped\n"
        "cryo-check: mixed.csv:8: more cells than the header has columns (remove the extra "
        "cells, or quote a cell that holds a comma); row skipped\n"
        "cryo-check: 5 cases: commonly_considered 1, may_be_considered 2, "
        "not_typically_considered 1, not_covered 1; 4 bad rows skipped\n"
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
    assert result.stderr == FOUR_SUMMARY


def test_an_unknown_csv_column_is_an_error_at_line_1() -> None:
    result = invoke("batch", write("cases.csv", "cancer,sise\nkidney,3\n"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "cryo-check: error: cases.csv:1: unknown column 'sise' (did you mean 'size'? columns are "
        "question ids (cancer, stage, size, fit_for_surgery) and id)\n"
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
    assert [
        t.removesuffix(" (save the file as UTF-8); row skipped") for t in told[: len(bad)]
    ] == bad
    good = data.count(b"\n") - 1 - len(bad)
    assert result.exit_code == (0 if good else 2)
    assert len(result.stdout.splitlines()) == 1 + good  # the header, then every good row


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
    assert [(r["case"], r["size"]) for r in rows] == [("yes", "10 cm")]
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
    assert result.stderr == f"cryo-check: error: {line}\n"


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
        alone = evaluate(rules, answers_of(row[:4]))
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
    assert result.stderr == summary_lines(
        "50 cases: commonly_considered 6, may_be_considered 12, not_typically_considered 16, "
        "not_covered 4, insufficient_information 12"
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
        got = evaluator(Case(line, None, answers))
        refused: BadRow | None = None
        try:
            alone = evaluate(rules, answers)
        except AnswerError as exc:
            refused = BadRow(line, f"cancer: {exc.message}", exc.fix)
        if refused is not None:
            assert got == refused
            continue
        assert isinstance(got, Outcome)
        assert (got.line, got.answers) == (line, answers)
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
        "5,000 cases: commonly_considered 500, may_be_considered 1,000, "
        "not_typically_considered 1,500, not_covered 500, insufficient_information 1,500"
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
    assert [(row["line"], row["case"]) for row in jsonl(result)] == [(5, "ok")]
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
    assert [(r["line"], r["cancer"]) for r in rows] == [("4", "kidney")]
    assert result.stderr.splitlines()[0] == (
        "cryo-check: empty-col.csv:3: a value in column 2, which the header does not name "
        "(name the column in the header, or remove the value); row skipped"
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


def test_a_file_separated_by_semicolons_is_named_as_such() -> None:
    result = invoke("batch", write("semi.csv", "id;cancer;stage\nana;kidney;early\n"))
    assert result.exit_code == 2
    assert "the file looks separated by semicolons or tabs: save it as CSV (commas)" in (
        result.stderr
    )


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
    assert [row["fit_for_surgery"] for row in jsonl(result)] == ["yes"]
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
    assert [row["cancer"] for row in jsonl(result)] == ["lung"]


def test_csv_output_never_hands_a_spreadsheet_a_formula() -> None:
    # (A name starting = or + is not read at all: those marks are asked about.)
    text = 'id,cancer\n"=HYPERLINK(""http://x"",""see"")",-lung\n@x,lung\n+y,=lung\n'
    result = invoke("batch", write("formula.csv", text), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert [(r[1], r[2]) for r in rows] == [
        ('\'=HYPERLINK("http://x","see")', "'-lung"),
        ("'@x", "lung"),
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
        ("e", None, None, "not_covered"),
    ]
    bad = [line for line in result.stderr.splitlines() if line.endswith("; row skipped")]
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
