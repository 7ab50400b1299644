"""Many cases at once: read CSV, JSON Lines or a YAML list; write one result per case.

Streams: rows are read, evaluated and written one at a time, so memory does not grow with the
number of cases (YAML, a single document, is the exception). A class's cases repeat, so the
work is memoised three ways, each memo bounded (cleared when full) so that memory stays flat:
a row's cells as written -> its parsed answers and verdict; the cancer and each answer's case
(a size counts only through its band) -> the verdict; a distinct outcome -> its output text.
A large file costs little more than reading and writing it.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TextIO, TypeVar, cast

from cryo_check import DISCLAIMER, SCHEMA_VERSION, SHORT_DISCLAIMER
from cryo_check.commands.answerfile import DuplicateKeyError, TooDeepError, load_json
from cryo_check.core.case import Case as ResolvedCase
from cryo_check.core.case import Given, read_answer, resolve
from cryo_check.core.engine import evaluate, evaluate_cancer, open_text
from cryo_check.core.names import NameReading
from cryo_check.core.numbers import Numeral
from cryo_check.core.questions import CANCER, MEASURE, Answers, Question, Value, answer_key
from cryo_check.core.report import number as json_number
from cryo_check.core.ruleset import RuleSet
from cryo_check.core.scoring import (
    PREDICTION,
    VERDICT_WORDS,
    Score,
    Tally,
    read_prediction,
    score,
)
from cryo_check.errors import AnswerError, InputError, hidden_character, printable, shown

if TYPE_CHECKING:
    from cryo_check.render.text import LiveCounter

INPUT_FORMATS = ("csv", "jsonl", "yaml")
ID_COLUMNS = ("id", "name", "case", "student")
#: Other headers a class writes for the prediction column.
PREDICTION_COLUMNS = (PREDICTION, "predicted", "predicted verdict", "student prediction")
#: What a spreadsheet may separate its cells with; the header line says which one it uses.
DELIMITERS = (",", ";", "\t")
#: Longest line read (a case is a line of short answers); a longer one ends the run (exit 2),
#: as does a NUL (binary data): neither is a list of cases, and neither is read whole.
MAX_LINE_CHARS = 10_000
#: Longest case name (the id column).
MAX_ID_CHARS = 100
#: A YAML batch is one document, read whole: its size is bounded (CSV and JSON Lines are
#: streamed, so they are not): a 1 MiB list of about 13,000 cases takes about 80 MB.
MAX_YAML_CHARS = 1024 * 1024


#: After the verdict: the prediction scored, and why a row (or its prediction) was not read.
SCORE_FIELDS = ("prediction", "correct", "right_if", "because", "error")
#: ``because`` in a CSV: the criterion the change turns, its quote and the quote's source.
BECAUSE_COLUMNS = ("criterion", "quote", "source")


def output_fields(rules: RuleSet) -> tuple[str, ...]:
    """The keys of a result: the case, the columns kept as written, each question's answer
    (the cancer's type beside the name as written, a measure's number beside it as shown),
    the verdict, what is missing, the prediction scored, any error, and the disclaimer."""
    return (
        "line",
        "case",
        "kept",
        *answer_fields(rules),
        "verdict",
        "open",
        "missing",
        *SCORE_FIELDS,
        "disclaimer",
    )


def answer_fields(rules: RuleSet) -> tuple[str, ...]:
    return tuple(f for q in rules.questions.values() for f in _answer_fields(q))


def csv_columns(rules: RuleSet, kept: tuple[str, ...]) -> tuple[str, ...]:
    """A CSV result's columns: ``kept`` and ``because`` spread into columns of their own."""
    fields = output_fields(rules)
    at = fields.index("because")
    taken = {answer_key(f) for f in (*fields, *BECAUSE_COLUMNS)}
    own = tuple(f"{k} (kept)" if answer_key(k) in taken else k for k in kept)
    return (*fields[:2], *own, *fields[3:at], *BECAUSE_COLUMNS, *fields[at + 1 :])


def _answer_fields(q: Question) -> tuple[str, ...]:
    if q.id == CANCER:
        return (q.id, "cancer_type")
    if q.kind == MEASURE:
        return (q.id, f"{q.id}_{q.unit}")  # size, size_cm: as shown, and a number
    return (q.id,)


#: How many distinct entries each memo keeps before it starts afresh.
MEMO_LIMIT = 20_000
SCALARS = (str, int, float, bool, Numeral)


class Case(NamedTuple):
    """A case with its answers as written (read by ``core.case.resolve`` when judged)."""

    line: int
    case: str | None
    given: tuple[Given, ...]
    #: The student's prediction, as written.
    prediction: str | None = None


class RawRow(NamedTuple):
    """A case as written: its cells, one per question in declared order, not yet parsed."""

    line: int
    case: str | None
    cells: tuple[Any, ...]
    #: The cells of the columns the teacher added, as written (``Layout.kept`` names them).
    kept: tuple[str, ...] = ()
    prediction: str | None = None


class BadRow(NamedTuple):
    line: int
    message: str
    fix: str | None = None
    #: What is known of the row as written, so that it is output with its error.
    case: str | None = None
    cells: tuple[Any, ...] = ()
    kept: tuple[str, ...] = ()
    prediction: str | None = None

    def text(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


@dataclass
class Layout:
    """What the input's header said, for the writers: the teacher's own columns, kept."""

    kept: tuple[str, ...] = ()


class Outcome(NamedTuple):
    line: int
    case: str | None
    answers: Answers
    cancer_type: str | None
    verdict: str
    missing: tuple[str, ...]
    #: What the verdict rests on that the documents leave to the care team, if anything.
    open: str | None = None

    def fields(self, questions: Iterable[Question]) -> dict[str, Any]:
        fields: dict[str, Any] = {"line": self.line, "case": self.case}
        for q in questions:
            value = self.answers.get(q.id)
            fields[q.id] = None if value is None else q.show(value)
            if q.id == CANCER:
                fields["cancer_type"] = self.cancer_type
            elif q.kind == MEASURE:
                fields[f"{q.id}_{q.unit}"] = (
                    json_number(value) if isinstance(value, Decimal) else None
                )
        fields.update(verdict=self.verdict, open=self.open, missing=list(self.missing))
        return fields


def detect_format(name: str, first_line: str) -> str:
    """The input format from the file name, else from its first line."""
    lowered = name.lower()
    if lowered.endswith((".csv", ".tsv")):
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


def _case(rules: RuleSet, line: int, row: dict[str, Any]) -> Case:
    """A case from a mapping of question ids to answers as written."""
    given = tuple(Given(q, row[q], "") for q in rules.questions if q in row and not _blank(row[q]))
    prediction = row.get(PREDICTION)
    return Case(line, _case_id(row), given, None if _blank(prediction) else str(prediction))


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _case_id(row: dict[str, Any]) -> str | None:
    for key in ID_COLUMNS:
        value = row.get(key)
        if not _blank(value):
            return str(value).strip()
    return None


def _bad_id(line: int, case: str) -> BadRow | None:
    """Why a case name cannot be shown (it is shown in tables, CSV and on terminals)."""
    if len(case) > MAX_ID_CHARS:
        return BadRow(
            line,
            f"id: the case name is too long ({len(case):,} characters; at most {MAX_ID_CHARS})",
            "give a short name",
        )
    hidden = hidden_character(case, one_line=True)
    if hidden is not None:
        return BadRow(
            line,
            f"id: the case name holds {hidden}, a character that could hide text or drive "
            "a terminal",
            "remove it",
        )
    return None


def column_names(rules: RuleSet) -> dict[str, str]:
    """What a spreadsheet's header may call each column (by ``answer_key``): its question id
    or its label, in any case, with spaces, hyphens or underscores (``Cancer type``, ``ID``,
    ``fit-for-surgery``), and the prediction column by the names a class gives it."""
    names = {answer_key(q.label): q.id for q in rules.questions.values()}
    names |= {answer_key(column): column for column in (*rules.questions, *ID_COLUMNS)}
    names |= {answer_key(column): PREDICTION for column in PREDICTION_COLUMNS}
    return names


class Header(NamedTuple):
    """A CSV header read: each position's column (a question id, an id column, the
    prediction, a kept column's name as written, or "" for a column with no name), and the
    unit a measure's header gives its bare numbers (``Size (mm)``)."""

    columns: list[str]
    kept: tuple[int, ...]
    units: dict[int, str]


#: ``Size (cm)``, ``Fit for surgery?``, ``Stage:``: a label, then perhaps a unit in brackets.
_HEADER = re.compile(r"(?P<label>.*?)\s*(?:[(\[](?P<unit>[^()\[\]]*)[)\]])?\s*[?:]?")


def read_header(cells: list[str], rules: RuleSet, where: str) -> Header:
    """The columns a header names, read as people write them; a header that looks like a
    misspelt question (``stge``) is an InputError at ``where``, never a column kept."""
    names = column_names(rules)
    columns: list[str] = []
    kept: list[int] = []
    units: dict[int, str] = {}
    for position, cell in enumerate(cells):
        column, unit = _header_cell(cell, names, rules, where)
        if column is None:
            _not_a_misspelt_question(cell, rules, where)
            column = cell
            kept.append(position)
        elif unit is not None:
            units[position] = unit
        columns.append(column)
    if not set(columns) & set(rules.questions):
        raise InputError(
            where,
            "the header names no question: is this the file of cases?",
            "name the columns by question (" + ", ".join(rules.questions) + ") or label",
        )
    return Header(columns, tuple(kept), units)


def _header_cell(
    cell: str, names: dict[str, str], rules: RuleSet, where: str
) -> tuple[str | None, str | None]:
    """The column a header cell names (``""`` for none) and the unit it gives, if any."""
    if not cell:
        return "", None
    cell = re.sub(r"\btumor\b", "tumour", cell, flags=re.IGNORECASE)  # either spelling
    found = names.get(answer_key(cell))
    match = _HEADER.fullmatch(cell)
    if found is not None or match is None:
        return found, None
    found = names.get(answer_key(match["label"]))
    question = rules.questions.get(found or "")
    if question is None or question.kind != MEASURE or match["unit"] is None:
        return found, None  # a bracket after another column explains it: "(yes/no)"
    unit = match["unit"].strip()
    if answer_key(unit) not in {
        answer_key(a) for u in question.units for a in (u.name, *u.aliases)
    }:
        units = ", ".join(u.name for u in question.units)
        raise InputError(
            where,
            f"the column {shown(cell)} gives the unit {shown(unit)}, which is not one of "
            f"{question.label}'s units",
            f"name the column '{question.label} (cm)', or use {units}",
        )
    return found, unit


def _not_a_misspelt_question(cell: str, rules: RuleSet, where: str) -> None:
    """Refuse a column of one's own whose name is a typo away from a question's."""
    from cryo_check.core.suggest import suggest

    match = _HEADER.fullmatch(cell)
    key = answer_key(match["label"] if match else cell)
    named = {answer_key(q.id): q.id for q in rules.questions.values()}
    named |= {answer_key(q.label): q.id for q in rules.questions.values()}
    named[PREDICTION] = PREDICTION
    close = suggest(key, named)
    if close is not None:
        meant = named[close]
        raise InputError(
            where,
            f"the column {shown(cell)} looks like a misspelt {shown(meant)}",
            f"correct the header to '{meant}' (a column of your own is kept as written, "
            "when its name is not a question's)",
        )


def read_csv(
    stream: Iterable[str],
    name: str,
    rules: RuleSet,
    layout: Layout,
    delimiter: str = ",",
    unread: list[BadRow] | None = None,
) -> Iterator[RawRow | BadRow]:
    """The rows of a CSV of cases. Its header names each column as ``read_header`` reads
    it; a column with no name must stay empty; the teacher's own columns are kept (their
    names in ``layout``). A line that could not be read is an empty line in ``stream`` and
    its bad row in ``unread`` (see ``bounded_lines``): told in its place."""
    ids = tuple(rules.questions)
    unread = [] if unread is None else unread
    # strict: a quote never closed is an error at its row, not a cell that eats the file.
    reader = csv.reader(stream, strict=True, delimiter=delimiter)
    header: list[str] | None = None
    while header is None:
        line = reader.line_num + 1
        cells = _next_row(reader, name, line)
        if unread:  # the header cannot be told from a line that could not be read
            raise InputError(f"{name}:{unread[0].line}", unread[0].message, unread[0].fix)
        if cells is None:
            return  # no header, no rows: nothing to do
        if any(c.strip() for c in cells):
            header = [c.strip() for c in cells]
    read = read_header(header, rules, f"{name}:{line}")
    header = read.columns
    layout.kept = tuple(header[i] for i in read.kept)
    # A spreadsheet often ends its header with empty cells: columns with no name, to be empty.
    unnamed = [i for i, c in enumerate(header) if not c]
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if twice:
        raise InputError(
            f"{name}:{line}", f"the header names {shown(twice[0])} twice", "keep one of the columns"
        )
    width = len(header)
    at = {column: i for i, column in enumerate(header)}
    # A question without a column reads the empty cell appended to every row, at `width`.
    positions = [at.get(q, width) for q in ids]
    pick: Callable[[list[str]], tuple[str, ...]]
    if len(positions) > 1:
        pick = operator.itemgetter(*positions)
    else:  # itemgetter of one position returns the cell, not a tuple

        def pick(cells: list[str]) -> tuple[str, ...]:
            return (cells[positions[0]],)

    case_columns = [at[k] for k in ID_COLUMNS if k in at]
    predicted = at.get(PREDICTION)
    kept_at = operator.itemgetter(*read.kept) if read.kept else None
    extra = kept_at is not None or predicted is not None
    # A measure's header may give its unit (``Size (mm)``): a bare number there is in it.
    bare = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
    units = [(i, unit) for i, unit in read.units.items() if unit != _unit_of(rules, header[i])]
    # the usual case: one id column
    first_id = case_columns[0] if len(case_columns) == 1 else None
    last = reader.line_num

    def next_row(line: int) -> list[str] | None:
        try:
            return _next_row(reader, name, line)
        except InputError:
            if not unread:
                raise
            # The quote may close on the line that could not be read: that line is the cause.
            first = unread[0]
            raise InputError(
                f"{name}:{first.line}",
                f"{first.message}, inside a quoted cell that starts at line {line}",
                first.fix,
            ) from None

    while (cells := next_row(last + 1)) is not None:
        # A quoted cell may span lines: a row starts on the line after the last row ended.
        line, last = last + 1, reader.line_num
        if unread:
            yield from unread
            inside = [b.line for b in unread if b.line > line]
            unread.clear()
            if inside:  # a quoted cell ran over a line that could not be read
                yield BadRow(
                    line,
                    f"a quoted cell runs on to line {inside[0]}, which could not be read",
                    "correct that line",
                )
                continue
        joined = "".join(cells)
        if not joined or joined.isspace():
            continue  # a blank line is no case
        if len(cells) != width:
            if len(cells) > width:
                yield BadRow(
                    line,
                    "more cells than the header has columns",
                    "remove the extra cells, or quote a cell that holds a comma",
                )
                continue
            cells.extend([""] * (width - len(cells)))
        if unnamed and any(cells[i].strip() for i in unnamed):
            yield BadRow(
                line,
                f"a value in column {unnamed[0] + 1}, which the header does not name",
                "name the column in the header, or remove the value",
            )
            continue
        if units:
            for i, unit in units:
                if bare.fullmatch(cells[i]):
                    cells[i] = f"{cells[i].strip()} {unit}"
        cells.append("")
        if first_id is not None:
            case = cells[first_id].strip() or None
        else:
            case = next((cells[i].strip() for i in case_columns if cells[i].strip()), None)
        # Most names are short and printable: only the others are looked at closely.
        plain = case is None or (len(case) <= MAX_ID_CHARS and case.isprintable())
        bad = None if plain else _bad_id(line, case)  # type: ignore[arg-type]
        if not extra and bad is None:
            yield RawRow(line, case, pick(cells))  # the usual case: only questions and an id
            continue
        kept = _kept(kept_at, cells)
        prediction = cells[predicted].strip() or None if predicted is not None else None
        if bad is not None:
            yield bad._replace(kept=kept, prediction=prediction)
            continue
        yield RawRow(line, case, pick(cells), kept, prediction)
    yield from unread


def _kept(pick: Callable[[list[str]], Any] | None, cells: list[str]) -> tuple[str, ...]:
    if pick is None:
        return ()
    got = pick(cells)
    return got if isinstance(got, tuple) else (got,)


def _unit_of(rules: RuleSet, question_id: str) -> str | None:
    return rules.questions[question_id].unit


def delimiter_of(header_line: str) -> str:
    """What a CSV's header line separates its cells with: a semicolon (a European
    spreadsheet) or a tab when it holds more of them than commas."""
    return max(DELIMITERS, key=header_line.count)  # a tie keeps the comma, the first


def _next_row(reader: Any, name: str, line: int) -> list[str] | None:
    """The next row's cells, None at the end; an InputError at ``line`` for broken CSV."""
    try:
        return next(reader, None)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(
                f"{name}:{line}",
                "a quoted cell is never closed: its quote runs to the end of the file",
                'close the quote, or write a quote inside a quoted cell as ""',
            ) from None
        raise InputError(f"{name}:{line}", f"invalid CSV: {shown(str(exc), 200)}") from None


def _check_keys(keys: Iterable[str], where: str, ids: tuple[str, ...]) -> None:
    """A JSON or YAML case's keys are question ids, an id key and ``prediction``."""
    from cryo_check.core.suggest import did_you_mean

    allowed = (*ids, *ID_COLUMNS, PREDICTION)
    for key in keys:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise InputError(
                where,
                f"unknown key {shown(key)}",
                hint + "keys are question ids (" + ", ".join(ids) + "), id and prediction",
            )


def _mapping_case(
    rules: RuleSet, line: int, row: Any, name: str, kind: str
) -> RawRow | Case | BadRow:
    """A case from one JSON object or YAML mapping (``kind``), or why it is a bad row."""
    if not isinstance(row, dict):
        return BadRow(line, f"expected {kind} of question ids to answers")
    ids = tuple(rules.questions)
    case = _case_id(row)
    bad = None if case is None else _bad_id(line, case)
    if bad is not None:
        return bad
    raw = row.get(PREDICTION)
    prediction = None if _blank(raw) else str(raw)[:MAX_ID_CHARS]
    try:
        _check_keys(row, f"{name}:{line}", ids)
    except InputError as exc:
        return BadRow(line, exc.message, exc.fix, case, prediction=prediction)
    cells = tuple(row.get(q) for q in ids)
    # Memo keys compare by value, and True == 1: booleans take the unmemoised path.
    if all(c is None or (isinstance(c, SCALARS) and not isinstance(c, bool)) for c in cells):
        return RawRow(line, case, cells, prediction=prediction)
    return _case(rules, line, row)  # a boolean, list or mapping as an answer: read unmemoised


def read_jsonl(
    stream: Iterable[str], name: str, rules: RuleSet, unread: list[BadRow] | None = None
) -> Iterator[RawRow | Case | BadRow]:
    """The rows of JSON Lines, one object a line; a line that could not be read is an empty
    line in ``stream`` and its bad row in ``unread`` (see ``bounded_lines``)."""
    unread = [] if unread is None else unread
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            if unread:
                yield from unread
                unread.clear()
            continue
        try:
            row = load_json(text)
        except json.JSONDecodeError as exc:
            yield BadRow(number, f"invalid JSON: {exc.msg}", "write one JSON object per line")
            continue
        except DuplicateKeyError as exc:
            yield BadRow(number, str(exc), "give each answer once")
            continue
        except TooDeepError:
            yield BadRow(number, "the JSON is nested too deeply", "write one flat object per line")
            continue
        yield _mapping_case(rules, number, row, name, "a JSON object")


def read_yaml(stream: TextIO, name: str, rules: RuleSet) -> Iterator[RawRow | Case | BadRow]:
    from cryo_check.rulebook import safeyaml

    text = stream.read(MAX_YAML_CHARS + 1)
    if len(text) > MAX_YAML_CHARS:
        raise InputError(
            name,
            f"a YAML batch is limited to {MAX_YAML_CHARS // (1024 * 1024)} MiB",
            "use CSV or JSON Lines for more cases (they are read a line at a time)",
        )
    try:
        doc = safeyaml.load(text, people=True)
    except safeyaml.YamlError as exc:
        raise InputError(exc.located(name), exc.message, exc.fix) from None
    if not isinstance(doc.data, list):
        raise InputError(name, "expected a YAML list of cases", "write one '- ' item per case")
    for index, row in enumerate(doc.data):
        line = (doc.position((index,)) or (index + 1, 1))[0]
        yield _mapping_case(rules, line, row, name, "a mapping")


def read_cases(
    stream: IO[Any], name: str, fmt: str | None, rules: RuleSet, layout: Layout | None = None
) -> Iterator[RawRow | Case | BadRow]:
    """The cases of ``stream`` (bytes, decoded a line at a time; or text), in order, each a
    row or a bad row with its line."""
    # Sniff the format from the first line that is not blank; keep every line read for the
    # reader, so line numbers stay right. A byte-order mark (stdin) is not part of the data.
    unread: list[BadRow] = []
    lines = bounded_lines(stream, name, unread)
    head: list[str] = []
    for text in lines:
        head.append(text.removeprefix("\ufeff") if not head else text)
        if head[-1].strip():
            break
    chosen = fmt or detect_format(name, head[-1] if head else "")
    every = itertools.chain(head, lines)
    if chosen == "yaml":
        return read_yaml(io.StringIO(_whole_yaml(every, name, unread)), name, rules)
    if chosen == "csv":
        delimiter = delimiter_of(head[-1]) if head else ","
        return read_csv(every, name, rules, layout or Layout(), delimiter, unread)
    return read_jsonl(every, name, rules, unread)


def _whole_yaml(lines: Iterable[str], name: str, unread: list[BadRow]) -> str:
    """A YAML batch's text, read whole but never more than the limit (and one line): past
    it, read_yaml refuses it, however large the file is. A YAML batch is one document: a line
    that could not be read ends it, at that line."""
    parts: list[str] = []
    size = 0
    for line in lines:
        if unread:
            raise InputError(f"{name}:{unread[0].line}", unread[0].message, unread[0].fix)
        parts.append(line)
        size += len(line)
        if size > MAX_YAML_CHARS:
            break
    if unread:
        raise InputError(f"{name}:{unread[0].line}", unread[0].message, unread[0].fix)
    return "".join(parts)


#: A line longer than ``MAX_LINE_CHARS`` is one bad row, and is read past (never kept) up to
#: this many bytes; past them the run ends: an endless line is not a file of cases.
MAX_SKIPPED_BYTES = 16 * 1024 * 1024
#: What a line of bytes is read in: at most this much is asked of the stream at a time.
CHUNK_BYTES = 64 * 1024
_NUL_LINE = (
    "the line holds a NUL character, which no case holds",
    "remove it; is the file saved as text?",
)
_LONG_LINE = (
    f"the line is longer than {MAX_LINE_CHARS:,} characters",
    "a case is a line of short answers: is this the file of cases?",
)


def bounded_lines(stream: IO[Any], name: str, unread: list[BadRow]) -> Iterator[str]:
    """The lines of ``stream``, one item a line, in order, each line break kept (LF, CR or
    CRLF, for CSV). A line that is not UTF-8, is longer than ``MAX_LINE_CHARS`` (read past,
    never kept) or holds a NUL is an empty line here, and its bad row is put in ``unread`` for
    the reader to tell in its place. A NUL before any line of text (binary data, a
    spreadsheet's own file, ``/dev/zero``) ends the run with an InputError at its line, as
    does a line that goes on past ``MAX_SKIPPED_BYTES``."""
    limit = 4 * MAX_LINE_CHARS + 4  # bytes: a character is at most four
    text_seen = [False]  # a NUL after a line of text is a bad row; before it, binary data
    for number, raw in enumerate(_raw_lines(stream, limit, name, text_seen), start=1):
        if raw is None:
            unread.append(BadRow(number, *_LONG_LINE))
            yield "\n"
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            unread.append(
                BadRow(
                    number,
                    f"the line is not UTF-8 text (byte 0x{raw[exc.start]:02x}, "
                    f"column {exc.start + 1})",
                    "save the file as UTF-8",
                )
            )
            yield "\n"
            continue
        if "\0" in text:
            if not text_seen[0]:
                _refuse_nul(text, name, number)
            unread.append(BadRow(number, *_NUL_LINE))
            yield "\n"
            continue
        if len(text) > MAX_LINE_CHARS:
            unread.append(BadRow(number, *_LONG_LINE))
            yield "\n"
            continue
        if not text_seen[0] and text.strip():
            text_seen[0] = True
        yield text


def _raw_lines(
    stream: IO[Any], limit: int, name: str, text_seen: list[bool]
) -> Iterator[bytes | None]:
    """Each line of ``stream`` as bytes, its line break (LF, CR or CRLF) included; None for a
    line longer than ``limit``, which is read past in chunks and never held whole (unless it
    holds a NUL and no line of text came before: binary data, refused at once)."""
    read = _chunks(stream)
    buffer, number = b"", 1
    while True:
        chunk = read(CHUNK_BYTES)
        lines = (buffer + chunk).splitlines(keepends=True)  # at LF, CR and CRLF only
        # The last piece may be half a line, or a CR whose LF is still to come: read on.
        buffer = lines.pop() if chunk and lines and not lines[-1].endswith(b"\n") else b""
        for line in lines:
            if len(line) > limit:
                if not text_seen[0]:
                    _refuse_nul(line, name, number)
                yield None
            else:
                yield line
            number += 1
        if not chunk:
            return
        if len(buffer) > limit:
            if not text_seen[0]:
                _refuse_nul(buffer, name, number)
            yield None
            buffer = _past_line(read, buffer, name, number, text_seen[0])
            number += 1


def _chunks(stream: IO[Any]) -> Callable[[int], bytes]:
    """How to read ``stream`` as bytes: what a pipe has (``read1``), no waiting for more; a
    text stream's text is encoded back (a lone surrogate then fails to decode: a bad row)."""
    if isinstance(stream.read(0), str):
        return lambda size: stream.read(size).encode("utf-8", "surrogatepass")
    return getattr(stream, "read1", None) or stream.read


_BREAK = re.compile(rb"\r\n|\r|\n")


def _past_line(
    read: Callable[[int], bytes], rest: bytes, name: str, number: int, text_seen: bool
) -> bytes:
    """What follows the line being read past (``rest``: what of it has been read), read
    chunk by chunk with only the last byte kept; InputError at a NUL or past
    ``MAX_SKIPPED_BYTES``."""
    skipped, tail = len(rest), rest[-1:]
    while chunk := read(CHUNK_BYTES):
        if not text_seen:
            _refuse_nul(chunk, name, number)
        data = tail + chunk  # a CR last in one chunk and an LF first in the next: one break
        found = _BREAK.search(data)
        if found is not None and not (found.end() == len(data) and data.endswith(b"\r")):
            return data[found.end() :]
        skipped += len(chunk)
        if skipped > MAX_SKIPPED_BYTES:
            raise InputError(
                f"{name}:{number}",
                f"the line goes on past {MAX_SKIPPED_BYTES // (1024 * 1024)} MiB: this is "
                "not a file of cases",
                "give the file of cases, a case a line",
            )
        tail = data[-1:]
    return b""


def _refuse_nul(text: str | bytes, name: str, number: int) -> None:
    if "\0" in text if isinstance(text, str) else b"\0" in text:
        raise InputError(
            f"{name}:{number}",
            "the line holds a NUL character: this is binary data, not CSV, JSON Lines or YAML",
            "give the file of cases, as text",
        )


#: type, verdict, missing, open
Judged = tuple[str | None, str, tuple[str, ...], str | None]


class Judgement:
    """What one distinct row of answers leads to, with its output text cached per format."""

    __slots__ = (
        "answers",
        "cancer_type",
        "csv_tail",
        "json_tail",
        "missing",
        "open",
        "unitless",
        "verdict",
    )

    def __init__(
        self, answers: Answers, judged: Judged, unitless: frozenset[str] = frozenset()
    ) -> None:
        self.answers = answers
        self.cancer_type, self.verdict, self.missing, self.open = judged
        #: Measures given as a number alone (read in the question's unit; the summary says so).
        self.unitless = unitless
        self.json_tail: str | None = None
        self.csv_tail: tuple[Any, ...] | None = None

    def outcome(self, line: int, case: str | None) -> Outcome:
        return Outcome(
            line, case, self.answers, self.cancer_type, self.verdict, self.missing, self.open
        )


#: A row's cells judged, or why the row is bad.
Row = Judgement | BadRow


K = TypeVar("K")
V = TypeVar("V")


def _remember(memo: dict[K, V], key: K, value: V) -> V:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()  # start afresh rather than grow with the input
    memo[key] = value
    return value


@dataclass
class Evaluator:
    """Evaluates cases, remembering the outcome of every distinct case it has seen.

    A case is distinct by its cancer and by each answer's case: a size counts only through the
    band of the cancer's thresholds it falls in, so 3.1 cm and 3.2 cm share one evaluation.
    A raw row is distinct by its cells as written, so a repeated row is not even parsed again.
    """

    rules: RuleSet
    counts: Counter[str] = field(default_factory=Counter)
    _readings: dict[str, NameReading | AnswerError] = field(default_factory=dict)
    _memo: dict[tuple[Any, ...], Judged] = field(default_factory=dict)
    _rows: dict[tuple[Any, ...], Row] = field(default_factory=dict)
    _cells: dict[tuple[str, Any], tuple[Value | None, bool] | AnswerError] = field(
        default_factory=dict
    )
    _judgements: dict[tuple[Answers, frozenset[str]], Judgement] = field(default_factory=dict)

    def __call__(self, case: Case) -> Judgement | BadRow:
        """What a case read from JSON Lines or YAML leads to."""
        judged = self._judge(case.given)
        if isinstance(judged, BadRow):
            return judged._replace(line=case.line)
        self.counts[judged.verdict] += 1
        return judged

    def row(self, raw: RawRow) -> Judgement | BadRow:
        """What a row as written leads to; rows with the same cells are judged once."""
        known = self._rows.get(raw.cells)
        if known is None:
            # Plain (question, cell, where) triples: the hot path makes no Given objects.
            given = [
                (q, cell, "")
                for q, cell in zip(self.rules.questions, raw.cells, strict=True)
                if cell is not None and (type(cell) is not str or cell.strip())
            ]
            known = _remember(self._rows, raw.cells, self._judge(given))
        if isinstance(known, BadRow):
            return known._replace(line=raw.line)
        self.counts[known.verdict] += 1
        return known

    def _judge(self, given: Iterable[tuple[str, object, str]]) -> Judgement | BadRow:
        """The answers read as every route reads them (``core.case.resolve``), and what they
        lead to, evaluated once per distinct case."""
        try:
            case = resolve(self.rules, given, read_name=self._read_name, read_one=self._read_cell)
        except AnswerError as exc:
            return BadRow(0, f"{exc.question}: {exc.message}", exc.fix)
        # Rows written differently ("3cm", "30 mm") that read the same share one judgement,
        # and so its output text, made once.
        shared = (case.answers, case.unitless)
        judgement = self._judgements.get(shared)
        if judgement is None:
            judged = Judgement(case.answers, self._verdict(case), case.unitless)
            judgement = _remember(self._judgements, shared, judged)
        return judgement

    def _verdict(self, case: ResolvedCase) -> Judged:
        """What a case leads to, evaluated once per type and each answer's band (a size
        counts only through the band of the type's thresholds it falls in)."""
        a, reading = case.answers, case.name
        cancer = None
        if reading is not None and reading.cancer is not None:
            cancer = self.rules.cancers.get(reading.cancer)
        if cancer is None:
            key: tuple[Any, ...] = (a.cancer,)
        else:
            key = (
                cancer.id,
                *(
                    None if (v := a.get(q)) is None else cancer.case_of(q, v)
                    for q in cancer.questions
                ),
            )
        found = self._memo.get(key)
        if found is None:
            if cancer is None:
                result = evaluate(self.rules, case)
            else:
                result = evaluate_cancer(cancer, a, explain=False)
            found = (
                cancer.id if cancer else None,
                result.verdict,
                result.missing,
                open_text(result),
            )
            _remember(self._memo, key, found)
        return found

    def _read_cell(self, question: Question, raw: Any) -> tuple[Value | None, bool]:
        """One cell read once per distinct text (a class repeats its answers); a list or a
        mapping (JSON, YAML) is read, and refused, each time."""
        if type(raw) is not str and (not isinstance(raw, SCALARS) or isinstance(raw, bool)):
            return read_answer(question, raw)
        key = (question.id, raw)
        found = self._cells.get(key)
        if found is None:
            try:
                found = read_answer(question, raw)
            except AnswerError as exc:
                found = exc
            _remember(self._cells, key, found)
        if isinstance(found, AnswerError):
            raise found
        return found

    def _read_name(self, name: str) -> NameReading:
        """A cancer name read once per distinct text (a class repeats its names)."""
        if name not in self._readings:
            try:
                found: NameReading | AnswerError = self.rules.read(name)
            except AnswerError as exc:
                found = exc
            _remember(self._readings, name, found)
        reading = self._readings[name]
        if isinstance(reading, AnswerError):
            raise reading
        return reading


class Chunked:
    """A text stream that passes on what is written ``lines`` writes at a time (and on
    ``flush``): memory stays bounded, and each chunk is one write to the stream below."""

    def __init__(self, out: TextIO, lines: int = 1000) -> None:
        self.out = out
        self.lines = lines
        self.parts: list[str] = []
        self.encoding = getattr(out, "encoding", "utf-8")
        self.errors = getattr(out, "errors", "strict")

    def write(self, text: str) -> int:
        self.parts.append(text)
        if len(self.parts) >= self.lines:
            self.out.write("".join(self.parts))
            self.parts.clear()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts))
            self.parts.clear()
        self.out.flush()

    def isatty(self) -> bool:
        return self.out.isatty()


class RowResult(NamedTuple):
    """One input row as output: its case judged, or why it could not be, with the
    teacher's own cells and the student's prediction scored."""

    line: int
    case: str | None
    kept: tuple[str, ...]
    judgement: Judgement | None
    prediction: str | None = None
    score: Score | None = None
    #: Why the row, or its prediction, could not be read.
    error: str | None = None
    #: The answers as written, for a row that could not be read.
    cells: tuple[Any, ...] = ()


Writer = Callable[[RowResult], None]


class Writers(NamedTuple):
    """How a format writes a row: any row, a row with nothing but a case judged (the hot
    path: its text is cached per judgement), and what to write at the end."""

    write: Writer
    plain: Callable[[int, str | None, Judgement], None]
    finish: Callable[[], None] = lambda: None


def row_fields(row: RowResult, rules: RuleSet, kept: tuple[str, ...]) -> dict[str, Any]:
    """A row's result as the JSON Lines output holds it (without ``schema_version``)."""
    questions = tuple(rules.questions.values())
    fields: dict[str, Any] = {"line": row.line, "case": row.case}
    fields["kept"] = dict(zip(kept, row.kept, strict=False))
    if row.judgement is not None:
        fields.update(row.judgement.outcome(row.line, row.case).fields(questions))
    else:
        fields.update(dict.fromkeys(answer_fields(rules)))
        for question, cell in zip(rules.questions, row.cells, strict=False):
            fields[question] = None if _blank(cell) else shown_cell(cell)
        fields.update(verdict=None, open=None, missing=[])
    fields.update(score_fields(row))
    fields["disclaimer"] = SHORT_DISCLAIMER
    return fields


def shown_cell(cell: Any) -> str:
    """A cell as written, for a row that could not be read: one bounded, printable line."""
    text = cell if isinstance(cell, str) else shown(cell)
    return printable(text[:MAX_ID_CHARS])


def _written(text: str | None) -> str | None:
    return None if text is None else printable(text[:MAX_ID_CHARS])


def score_fields(row: RowResult) -> dict[str, Any]:
    s = row.score
    fields: dict[str, Any] = {
        "prediction": s.prediction if s else _written(row.prediction),
        "correct": s.correct if s else None,
        "right_if": s.right_if if s else None,
        "because": None,
        "error": row.error,
    }
    if s is not None and s.criterion is not None:
        evidence = s.criterion.evidence
        fields["because"] = {
            "criterion": s.criterion.label,
            "quote": evidence.quote,
            "source": evidence.source,
        }
    return fields


#: The end of a JSON line for a row with no prediction and no error (the usual case).
_PLAIN_END = json.dumps({**dict.fromkeys(SCORE_FIELDS), "disclaimer": SHORT_DISCLAIMER})[1:]


def jsonl_writer(out: TextIO, rules: RuleSet, layout: Layout) -> Writers:
    """Writes a result as one JSON line; its answers and verdict are written once per
    distinct judgement and reused."""
    questions = tuple(rules.questions.values())
    # The C encoders where there are: ASCII with escapes for a stream that needs it.
    from json.encoder import encode_basestring, encode_basestring_ascii

    from cryo_check.render.json import ascii_only

    ascii = ascii_only(out)
    encode = encode_basestring_ascii if ascii else encode_basestring

    def write(row: RowResult) -> None:
        fields = {"schema_version": SCHEMA_VERSION, **row_fields(row, rules, layout.kept)}
        out.write(json.dumps(fields, ensure_ascii=ascii) + "\n")

    def plain(line: int, case: str | None, judgement: Judgement) -> None:
        tail = judgement.json_tail
        if tail is None:
            fields = judgement.outcome(line, case).fields(questions)
            del fields["line"], fields["case"]
            middle = json.dumps(fields, ensure_ascii=ascii)[1:-1]
            tail = judgement.json_tail = f'"kept": {{}}, {middle}, {_PLAIN_END}\n'
        quoted = "null" if case is None else encode(case)
        out.write(f'{{"schema_version": {SCHEMA_VERSION}, "line": {line}, "case": {quoted}, {tail}')

    return Writers(write, plain)


def csv_writer(out: TextIO, rules: RuleSet, layout: Layout) -> Writers:
    """Writes a result as a CSV row; the header is written with the first row, once the
    input's header has said which columns the teacher added."""
    writer = csv.writer(out, lineterminator="\n")
    questions = tuple(rules.questions.values())
    answers = answer_fields(rules)
    headed = False

    def head() -> None:
        nonlocal headed
        if not headed:
            headed = True
            writer.writerow([_no_formula(c) for c in csv_columns(rules, layout.kept)])

    def write(row: RowResult) -> None:
        if not headed:
            head()
        writer.writerow(csv_cells(row_fields(row, rules, layout.kept), answers))

    def plain(line: int, case: str | None, judgement: Judgement) -> None:
        if not headed:
            head()
        tail = judgement.csv_tail
        if tail is None:
            fields = judgement.outcome(line, case).fields(questions)
            fields["missing"] = ";".join(fields["missing"])
            fields[CANCER] = _no_formula(fields[CANCER])
            middle = (fields[k] for k in (*answers, "verdict", "open", "missing"))
            tail = judgement.csv_tail = (*middle, *_PLAIN_CSV_END)
        writer.writerow((line, _no_formula(case), *tail))

    return Writers(write, plain, head)


#: The end of a CSV row with no prediction and no error.
_PLAIN_CSV_END = (*[""] * (len(SCORE_FIELDS) - 1 + len(BECAUSE_COLUMNS)), SHORT_DISCLAIMER)


def csv_cells(fields: dict[str, Any], answers: tuple[str, ...]) -> list[Any]:
    """A result's fields as CSV cells: kept cells and ``because`` spread, yes/no for
    ``correct``, and nothing a spreadsheet would run as a formula."""
    because = fields["because"] or {}
    correct = fields["correct"]
    cells = [
        fields["line"],
        fields["case"],
        *fields["kept"].values(),
        *(fields[k] for k in answers),
        fields["verdict"],
        fields["open"],
        ";".join(fields["missing"]),
        fields["prediction"],
        "" if correct is None else ("yes" if correct else "no"),
        fields["right_if"],
        *(because.get(k) for k in BECAUSE_COLUMNS),
        fields["error"],
        fields["disclaimer"],
    ]
    return [_no_formula(c) if isinstance(c, str) else c for c in cells]


def _no_formula(text: str | None) -> str | None:
    """A cell a spreadsheet would run as a formula, made plain text (a leading ')."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def counted(count: int, noun: str) -> str:
    """``1 case``, ``2,000 cases``."""
    return f"{count:,} {noun}{'s' * (count != 1)}"


def summary(counts: Counter[str], bad: int) -> str:
    """``5 cases: 1 commonly considered, 4 not covered; 2 rows not read (each is in the
    output with its error)``: verdicts in words, 1,000s marked."""
    parts = [f"{counts[v]:,} {words}" for v, words in VERDICT_WORDS.items() if counts[v]]
    text = f"{counted(sum(counts.values()), 'case')}: " + (", ".join(parts) or "none")
    if bad:
        text += f"; {counted(bad, 'row')} not read (each is in the output with its error)"
    return text


def unitless_lines(tally: Tally, rules: RuleSet) -> list[str]:
    """For each measure some rows gave as a number alone: how many, which lines, and how it
    was read (``35``: 35 cm), so a class's unit-less column is never read silently."""
    lines = []
    for qid, count in tally.unitless.items():
        question = rules.question(qid)
        first = tally.unitless_lines[qid]
        where = ", ".join(f"{n:,}" for n in first) + (", …" if count > len(first) else "")
        lines.append(
            f"{question.label}: {counted(count, 'row')} gave a number with no unit "
            f"(line{'s' * (count != 1)} {where}), read in {question.unit}; write the unit "
            f"to be sure ({_either(u.name for u in question.units)})"
        )
    return lines


def _either(words: Iterable[str]) -> str:
    """``cm, mm or in``."""
    *rest, last = words
    return f"{', '.join(rest)} or {last}" if rest else last


def prediction_lines(tally: Tally) -> list[str]:
    """The predictions scored, and which criteria explain the misses (none without one)."""
    if not tally.predicted and not tally.unread_predictions:
        return []
    lines = [
        f"Predictions: {tally.right:,} out of {tally.predicted:,} agree with what the "
        "documents support"
        + (
            f" ({counted(tally.unread_predictions, 'prediction')} not read)"
            if tally.unread_predictions
            else ""
        )
    ]
    for label, count in tally.misses.most_common():
        about = label or "no single answer would have made it right"
        lines.append(f"  {count:,} miss{'es' * (count != 1)}: {about}")
    return lines


PROGRESS_EVERY = 1000
#: Rows in each block of the batch table (each a table with its header): a class's cases
#: fit in one, and any number of cases costs the memory of one block.
TABLE_ROWS = 100
#: The most cases the table (and the class page) shows. It is for reading on a terminal, at
#: about 2,000 rows a second (rich lays out every cell); past this the cases are still
#: checked and counted, and the table says so and names the formats that list every case.
TABLE_LIMIT = 1_000


class Scorer:
    """Scores predictions, once per distinct case and prediction (a class repeats both)."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._memo: dict[tuple[Answers, str | None, str], Score] = {}

    def __call__(self, judgement: Judgement, written: str) -> Score | str:
        """The score, or why the prediction could not be read."""
        try:
            predicted = read_prediction(written)
        except AnswerError as exc:
            return f"{exc.question}: {exc.message} ({exc.fix})"
        key = (judgement.answers, judgement.cancer_type, predicted)
        found = self._memo.get(key)
        if found is None:
            cancer = self.rules.cancers.get(judgement.cancer_type or "")
            found = score(self.rules, cancer, judgement.answers, predicted)
            if cancer is None:
                found = found._replace(verdict=judgement.verdict)
            _remember(self._memo, key, found)
        return found


def run_batch(
    rules: RuleSet,
    stream: IO[Any],
    name: str,
    input_format: str | None,
    fmt: str,
    *,
    strict: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> None:
    """Read every case from ``stream`` (bytes, decoded a line at a time, or text), write a
    result per row to ``out`` in ``fmt``.

    Every row is written, in input order: a row that cannot be read is written with its
    error (and told on ``err``), or with ``strict`` ends the run with an InputError once
    every row before it has been written. A run in which every row is bad ends with an
    InputError too (exit 2), after the summary.

    The table is printed ``TABLE_ROWS`` rows at a time, each block a table with its header,
    so that it too uses the same memory for any number of cases; it shows the first
    ``TABLE_LIMIT`` cases, says where it stops, and the counts cover every case. The class
    page (html) holds the first ``TABLE_LIMIT`` rows, written at the end.
    """
    import sys

    stdout = out or sys.stdout
    err = err or sys.stderr
    evaluator = Evaluator(rules)
    tally = Tally(evaluator.counts)
    layout = Layout()
    scorer = Scorer(rules)
    collected: list[dict[str, Any]] = []
    writer = {"jsonl": jsonl_writer, "csv": csv_writer}.get(fmt)
    # Rows are written a chunk at a time: one write per row costs more than the rest of the
    # work on a memoised row. Every row before a bad one is out before the bad one is told.
    sink = cast(TextIO, Chunked(stdout)) if writer else stdout

    def print_table() -> None:
        from cryo_check.render.teaching import render_outcomes

        render_outcomes(collected, rules, sink)
        collected.clear()

    tabled = 0

    def keep(row: RowResult) -> None:
        nonlocal tabled
        if tabled == TABLE_LIMIT:
            return  # the table is full: the case is counted, and the table said so
        collected.append(row_fields(row, rules, layout.kept))
        tabled += 1
        if fmt == "html":
            return  # the page is written at the end, whole
        if len(collected) == TABLE_ROWS or tabled == TABLE_LIMIT:
            print_table()
        if tabled == TABLE_LIMIT:
            from cryo_check.render.text import make_console

            make_console(sink).print(
                f"The table stops at {TABLE_LIMIT:,} cases. Every case after them is still "
                "checked and counted below; --format csv or --format jsonl lists every case."
            )

    if writer is not None:
        writers = writer(sink, rules, layout)
    else:
        writers = Writers(keep, lambda line, case, j: keep(RowResult(line, case, (), j)))
    emit, plain = writers.write, writers.plain

    def judged(
        line: int,
        case: str | None,
        kept: tuple[str, ...],
        judgement: Judgement,
        prediction: str | None,
    ) -> None:
        if not kept and not prediction:
            plain(line, case, judgement)
            return
        row = RowResult(line, case, kept, judgement, prediction)
        if prediction:
            got = scorer(judgement, prediction)
            row = row._replace(error=got) if isinstance(got, str) else row._replace(score=got)
            tally.add(row.score, row.prediction)
        emit(row)

    progress = _progress(err) if err.isatty() else None
    judge_row = evaluator.row
    try:
        items = read_cases(stream, name, input_format, rules, layout)
        for count, item in enumerate(items, start=1):
            # The hot loop: a CSV row is a RawRow, judged from the memo almost always.
            bad_row: BadRow
            if type(item) is RawRow:
                judgement = judge_row(item)
                if type(judgement) is Judgement:
                    if judgement.unitless:
                        tally.alone(item.line, judgement.unitless)
                    if item.kept or item.prediction:
                        judged(item.line, item.case, item.kept, judgement, item.prediction)
                    else:
                        plain(item.line, item.case, judgement)
                    if progress is not None and count % PROGRESS_EVERY == 0:
                        progress(count)
                    continue
                bad_row = cast(BadRow, judgement)._replace(
                    case=item.case, cells=item.cells, kept=item.kept, prediction=item.prediction
                )
            elif type(item) is Case:
                judgement = evaluator(item)
                if type(judgement) is Judgement:
                    if judgement.unitless:
                        tally.alone(item.line, judgement.unitless)
                    judged(item.line, item.case, (), judgement, item.prediction)
                    continue
                bad_row = cast(BadRow, judgement)._replace(
                    case=item.case, prediction=item.prediction
                )
            else:
                bad_row = cast(BadRow, item)
            if strict:
                sink.flush()
                raise InputError(f"{name}:{bad_row.line}", bad_row.message, bad_row.fix)
            tally.bad += 1
            emit(_not_read(bad_row, layout))
            sink.flush()
            told = (
                f"cryo-check: {name}:{bad_row.line}: {printable(bad_row.text())}; "
                "the row is in the output with this error"
            )
            if progress is not None:
                progress.say(told)  # above the live count, not glued to it
            else:
                err.write(told + "\n")
    except UnicodeDecodeError:
        raise InputError(name, "the file is not UTF-8 text", "save it as UTF-8") from None
    except csv.Error as exc:
        raise InputError(name, f"invalid CSV: {shown(str(exc), 200)}") from None
    finally:
        if progress is not None:
            progress(None)
        sink.flush()  # the rows judged before anything went wrong are written
    writers.finish()  # a CSV's header, even with no row under it
    _finish(rules, fmt, name, tally, layout, sink, err, collected, tabled, print_table)


def _not_read(bad: BadRow, layout: Layout) -> RowResult:
    kept = bad.kept or ("",) * len(layout.kept)
    return RowResult(
        bad.line, bad.case, kept, None, bad.prediction, error=bad.text(), cells=bad.cells
    )


def _finish(
    rules: RuleSet,
    fmt: str,
    name: str,
    tally: Tally,
    layout: Layout,
    sink: TextIO,
    err: TextIO,
    collected: list[dict[str, Any]],
    tabled: int,
    print_table: Callable[[], None],
) -> None:
    """The summary, where the format puts it, and the exit for a file with no case."""
    counts, bad = tally.counts, tally.bad
    text = summary(counts, bad)
    if fmt in ("table", "html"):
        left_out = sum(counts.values()) + bad - tabled
        if left_out:
            text += f" ({left_out:,} not in the {'page' if fmt == 'html' else 'table'})"
    if fmt == "html":
        from cryo_check.render.results import write_class_results

        text = "; ".join([text, *unitless_lines(tally, rules)])

        write_class_results(collected, layout.kept, text, tally, rules, sink)
    elif fmt == "table":
        from cryo_check.render.rules import disclaimer_panel
        from cryo_check.render.text import make_console

        if collected or not counts:
            print_table()
        console = make_console(sink)
        console.print(text)
        if layout.kept:
            kept = ", ".join(map(printable, layout.kept))
            console.print(f"Kept as written: {kept} (csv, jsonl and html)", markup=False)
        for line in [*unitless_lines(tally, rules), *prediction_lines(tally)]:
            console.print(line, markup=False, highlight=False)
        console.print(disclaimer_panel())
    else:
        sink.flush()
        err.write(f"cryo-check: {text}\n")
        if layout.kept:
            err.write(f"cryo-check: kept as written: {', '.join(map(printable, layout.kept))}\n")
        for line in [*unitless_lines(tally, rules), *prediction_lines(tally)]:
            err.write(f"cryo-check: {line.strip()}\n")
        err.write(f"cryo-check: {DISCLAIMER}\n")
    if not bad and not counts:
        # A wrong export or an empty pipe: said, and not a success.
        raise InputError(
            name,
            "the file holds no case",
            "is it the file of cases? a CSV has a header, then a row per case",
        )
    if bad and not counts:
        sink.flush()
        raise InputError(
            name,
            f"no case could be checked: {'the' if bad == 1 else f'all {bad:,}'} "
            f"row{'s' * (bad != 1)} {'is' if bad == 1 else 'are'} bad",
            "correct the rows named above",
        )


def _progress(err: TextIO) -> LiveCounter:
    """A live count of the cases done, on the terminal; called with None to finish."""
    from cryo_check.render.text import LiveCounter

    return LiveCounter(err, "cases checked")
