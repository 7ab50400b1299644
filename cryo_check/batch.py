"""Many cases at once: read CSV, JSON Lines or a YAML list; write one result per case.

Streams: rows are read, evaluated and written one at a time, so memory does not grow with the
number of cases (YAML, a single document, is the exception). Evaluation is memoised on what
can change a verdict (the cancer name and, per cancer, the answers' cases), so a large file
costs little more than reading and writing it.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from cryo_check import DISCLAIMER, SHORT_DISCLAIMER
from cryo_check.engine import evaluate, evaluate_cancer
from cryo_check.errors import AnswerError, InputError
from cryo_check.questions import QUESTION_ORDER, Answers, format_size
from cryo_check.ruleset import VERDICTS, Band, Cancer, RuleSet

INPUT_FORMATS = ("csv", "jsonl", "yaml")
ID_COLUMNS = ("id", "name", "case")
OUTPUT_FIELDS = (
    "line",
    "case",
    "cancer",
    "cancer_type",
    "stage",
    "size",
    "fit_for_surgery",
    "verdict",
    "missing",
    "disclaimer",
)


@dataclass(frozen=True)
class Case:
    line: int
    case: str | None
    answers: Answers


@dataclass(frozen=True)
class BadRow:
    line: int
    message: str
    fix: str | None = None

    def text(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


@dataclass(frozen=True)
class Outcome:
    line: int
    case: str | None
    answers: Answers
    cancer_type: str | None
    verdict: str
    missing: tuple[str, ...]

    def fields(self) -> dict[str, Any]:
        a = self.answers
        return {
            "line": self.line,
            "case": self.case,
            "cancer": a.cancer,
            "cancer_type": self.cancer_type,
            "stage": a.stage,
            "size": None if a.size_cm is None else format_size(a.size_cm),
            "fit_for_surgery": a.fit_for_surgery,
            "verdict": self.verdict,
            "missing": list(self.missing),
            "disclaimer": SHORT_DISCLAIMER,
        }


def detect_format(name: str, first_line: str) -> str:
    """The input format from the file name, else from its first line."""
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith((".yaml", ".yml")):
        return "yaml"
    stripped = first_line.lstrip()
    if stripped.startswith("{"):
        return "jsonl"
    if stripped.startswith(("-", "#", "[", "---")):
        return "yaml"
    return "csv"


def _case(line: int, row: dict[str, Any]) -> Case | BadRow:
    case_id = next((str(row[k]) for k in ID_COLUMNS if row.get(k) not in (None, "")), None)
    answers = Answers()
    for question in QUESTION_ORDER:
        raw = row.get(question)
        if raw is None or raw == "":
            continue
        try:
            answers = answers.with_answer(question, _parse(question, raw))
        except AnswerError as exc:
            return BadRow(line, f"{question}: {exc.message}", exc.fix)
    return Case(line, case_id, answers)


def _parse(question: str, raw: Any) -> str | float | None:
    from cryo_check.questions import parse_answer

    return parse_answer(question, raw)


def _check_columns(columns: Iterable[str], where: str) -> None:
    import difflib

    allowed = (*QUESTION_ORDER, *ID_COLUMNS)
    for column in columns:
        if column not in allowed:
            close = difflib.get_close_matches(column, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise InputError(
                where,
                f"unknown column {column!r}",
                hint + "columns are question ids (" + ", ".join(QUESTION_ORDER) + ") and id",
            )


def read_csv(stream: Iterable[str], name: str) -> Iterator[Case | BadRow]:
    reader = csv.reader(stream)
    header: list[str] | None = None
    while header is None:
        line = reader.line_num + 1
        cells = next(reader, None)
        if cells is None:
            return  # no header, no rows: nothing to do
        if any(c.strip() for c in cells):
            header = [c.strip() for c in cells]
    if "" in header:
        raise InputError(f"{name}:{line}", "the header has an empty column name", "name it")
    _check_columns(header, f"{name}:{line}")
    while True:
        line = reader.line_num + 1  # a quoted cell may span lines: report where a row starts
        cells = next(reader, None)
        if cells is None:
            return
        if not any(c.strip() for c in cells):
            continue  # a blank line is no case
        if len(cells) > len(header):
            yield BadRow(line, "more cells than the header has columns")
            continue
        yield _case(line, {k: v.strip() for k, v in zip(header, cells, strict=False)})


def _mapping_case(line: int, row: Any, name: str, kind: str) -> Case | BadRow:
    """A case from one JSON object or YAML mapping (``kind``), or why it is a bad row."""
    if not isinstance(row, dict):
        return BadRow(line, f"expected {kind} of question ids to answers")
    try:
        _check_columns(row, f"{name}:{line}")
    except InputError as exc:
        return BadRow(line, exc.message, exc.fix)
    return _case(line, row)


def read_jsonl(stream: Iterable[str], name: str) -> Iterator[Case | BadRow]:
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            yield BadRow(number, f"invalid JSON: {exc.msg}")
            continue
        yield _mapping_case(number, row, name, "a JSON object")


def read_yaml(stream: TextIO, name: str) -> Iterator[Case | BadRow]:
    from cryo_check import safeyaml

    try:
        doc = safeyaml.load(stream.read())
    except safeyaml.YamlError as exc:
        raise InputError(f"{name}:{exc.line}:{exc.column}", exc.message, exc.fix) from None
    if not isinstance(doc.data, list):
        raise InputError(name, "expected a YAML list of cases", "write one '- ' item per case")
    for index, row in enumerate(doc.data):
        line = (doc.position((index,)) or (index + 1, 1))[0]
        yield _mapping_case(line, row, name, "a mapping")


def read_cases(stream: TextIO, name: str, fmt: str | None) -> Iterator[Case | BadRow]:
    # Sniff the format from the first line that is not blank; keep every line read for the
    # reader, so line numbers stay right. A byte-order mark (stdin) is not part of the data.
    head: list[str] = []
    for text in stream:
        head.append(text.removeprefix("\ufeff") if not head else text)
        if head[-1].strip():
            break
    chosen = fmt or detect_format(name, head[-1] if head else "")
    if chosen == "yaml":
        import io

        return read_yaml(io.StringIO("".join(head) + stream.read()), name)
    lines = _prepend(head, stream)
    return read_csv(lines, name) if chosen == "csv" else read_jsonl(lines, name)


def _prepend(head: list[str], stream: TextIO) -> Iterator[str]:
    yield from head
    yield from stream


Memo = tuple[str | None, str, tuple[str, ...]]


@dataclass
class Evaluator:
    """Evaluates cases, remembering the outcome of every distinct case it has seen.

    A case is distinct by its cancer and by each answer's case: a size counts only through the
    band of the cancer's thresholds it falls in, so 3.1 cm and 3.2 cm share one evaluation.
    """

    rules: RuleSet
    counts: Counter[str] = field(default_factory=Counter)
    _cancers: dict[str, Cancer | AnswerError | None] = field(default_factory=dict)
    _bands: dict[str, tuple[Band, ...]] = field(default_factory=dict)
    _memo: dict[tuple[Any, ...], Memo] = field(default_factory=dict)

    def __call__(self, case: Case) -> Outcome | BadRow:
        a = case.answers
        cancer = self._cancer(a.cancer) if a.cancer is not None else None
        if isinstance(cancer, AnswerError):
            return BadRow(case.line, f"cancer: {cancer.message}", cancer.fix)
        if cancer is None:
            key: tuple[Any, ...] = (a.cancer,)
        else:
            key = (cancer.id, a.stage, self._band(cancer, a.size_cm), a.fit_for_surgery)
        found = self._memo.get(key)
        if found is None:
            if cancer is None:
                result = evaluate(self.rules, a)
            else:
                result = evaluate_cancer(cancer, a, explain=False)
            found = (cancer.id if cancer else None, result.verdict, result.missing)
            self._memo[key] = found
        self.counts[found[1]] += 1
        return Outcome(case.line, case.case, a, *found)

    def _band(self, cancer: Cancer, size: float | None) -> int | None:
        """Which of the cancer's size bands ``size`` falls in (None: unknown)."""
        if size is None:
            return None
        bands = self._bands.get(cancer.id)
        if bands is None:
            bands = self._bands[cancer.id] = cancer.size_bands()
        return next(i for i, band in enumerate(bands) if band.contains(size))

    def _cancer(self, name: str) -> Cancer | AnswerError | None:
        if name not in self._cancers:
            try:
                self._cancers[name] = self.rules.resolve(name)
            except AnswerError as exc:
                self._cancers[name] = exc
        return self._cancers[name]


def jsonl_writer(out: TextIO) -> Callable[[Outcome], None]:
    def write(outcome: Outcome) -> None:
        out.write(json.dumps(outcome.fields(), ensure_ascii=False) + "\n")

    return write


def csv_writer(out: TextIO) -> Callable[[Outcome], None]:
    writer = csv.DictWriter(out, fieldnames=OUTPUT_FIELDS, lineterminator="\n")
    writer.writeheader()

    def write(outcome: Outcome) -> None:
        row = outcome.fields()
        row["missing"] = ";".join(row["missing"])
        writer.writerow(row)

    return write


def summary(counts: Counter[str], bad: int) -> str:
    """``5 cases: commonly_considered 1, not_covered 4; 2 bad rows skipped``."""
    total = sum(counts.values())
    parts = [f"{v} {counts[v]}" for v in VERDICTS if counts[v]]
    text = f"{total} case{'s' * (total != 1)}: " + (", ".join(parts) or "none")
    if bad:
        text += f"; {bad} bad row{'s' * (bad != 1)} skipped"
    return text


PROGRESS_EVERY = 1000


def run_batch(
    rules: RuleSet,
    stream: TextIO,
    name: str,
    input_format: str | None,
    fmt: str,
    *,
    strict: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> None:
    """Read every case from ``stream``, write a result per case to ``out`` in ``fmt``.

    Bad rows are reported on ``err`` and skipped, or with ``strict`` end the run with an
    InputError once every good row before them has been written.
    """
    import sys

    out = out or sys.stdout
    err = err or sys.stderr
    evaluate_case = Evaluator(rules)
    collected: list[Outcome] = []
    write = {"jsonl": jsonl_writer, "csv": csv_writer}.get(fmt)
    emit = write(out) if write else collected.append
    bad = 0
    progress = _progress(err) if err.isatty() else None
    try:
        for count, item in enumerate(read_cases(stream, name, input_format), start=1):
            outcome = evaluate_case(item) if isinstance(item, Case) else item
            if isinstance(outcome, BadRow):
                if strict:
                    out.flush()
                    raise InputError(f"{name}:{outcome.line}", outcome.message, outcome.fix)
                bad += 1
                err.write(f"cryo-check: {name}:{outcome.line}: {outcome.text()}; row skipped\n")
                continue
            emit(outcome)
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
    except UnicodeDecodeError:
        raise InputError(name, "the file is not UTF-8 text", "save it as UTF-8") from None
    except csv.Error as exc:
        raise InputError(name, f"invalid CSV: {exc}") from None
    finally:
        if progress is not None:
            progress(None)
    text = summary(evaluate_case.counts, bad)
    if fmt == "table":
        from cryo_check.render.rules import disclaimer_panel
        from cryo_check.render.teaching import render_outcomes
        from cryo_check.render.text import make_console

        render_outcomes(collected, out)
        console = make_console(out)
        console.print(text)
        console.print(disclaimer_panel())
    else:
        out.flush()
        err.write(f"cryo-check: {text}\n")
        err.write(f"cryo-check: {DISCLAIMER}\n")


def _progress(err: TextIO) -> Callable[[int | None], None]:
    """A live count of the cases done, on the terminal; called with None to finish."""
    from cryo_check.render.text import live_counter

    return live_counter(err, "cases checked")
