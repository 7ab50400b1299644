"""Read every file of a rule folder safely, validate it, and compile the rule set.

Every problem in every file is collected before anything fails, each located as
``file:line:column: field.path: message (fix: …)``; the caller decides whether to print them
all (``rules validate``) or stop (``check``). Nothing in a rule file can run code.

This is the slow path (PyYAML, pydantic models); ``loader.load_rules`` comes here only when
the cache of the compiled rule set misses.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cryo_check.core import numbers
from cryo_check.core.engine import MAX_COMBINATIONS, combination_count, combinations, fired
from cryo_check.core.explain import decision_table
from cryo_check.core.names import Vocabulary, build_vocabulary
from cryo_check.core.questions import (
    CANCER,
    CANCER_KIND,
    MEASURE,
    Choice,
    Question,
    Unclear,
    Unit,
    answer_key,
    normalize_name,
)
from cryo_check.core.ruleset import (
    INSUFFICIENT,
    OPEN,
    Cancer,
    Criterion,
    Decision,
    Evidence,
    Example,
    InfoPoint,
    Note,
    RuleSet,
    Scenario,
    Source,
    Test,
    Topic,
    asked,
)
from cryo_check.core.suggest import suggest
from cryo_check.errors import (
    AnswerError,
    Problem,
    hidden_character,
    plainly_clean,
    printable,
    shown,
)
from cryo_check.paths import ENV_VAR, display_path
from cryo_check.rulebook import safeyaml
from cryo_check.rulebook.examples import example_answers, scenario_answers
from cryo_check.rulebook.models import (
    CancerFile,
    CriterionModel,
    InfoFile,
    NamesFile,
    QuestionModel,
    QuestionsFile,
    ScenariosFile,
    SourceModel,
    SourcesFile,
)

SOURCES_FILE = "sources"
INFO_FILE = "info"
SCENARIOS_FILE = "scenarios"
QUESTIONS_FILE = "questions"
NAMES_FILE = "names"
#: File names (without .yaml) that hold something other than one cancer type.
RESERVED = frozenset({SOURCES_FILE, INFO_FILE, SCENARIOS_FILE, QUESTIONS_FILE, NAMES_FILE})

MAX_FILE_BYTES = 1024 * 1024
#: The one way a rule file's name ends: ``kidney.yaml``, never ``.yml`` or ``.YAML``.
RULE_SUFFIX = ".yaml"
#: What else a rule folder may hold, left unread: notes for people and the editors' schema.
#: Hidden entries (``.DS_Store``, an editor's ``.kidney.yaml.swp``) are ignored too; anything
#: else is a problem, so no rule file is ever silently skipped.
OTHER_FILES = frozenset({"README", "README.md", "README.txt"})
#: The folder of JSON Schemas the rule files name for editors (never read as rules).
SCHEMAS_FOLDER = "schemas"
FOLDER_HOLDS = (
    "a rule folder holds <id>.yaml files, "
    + ", ".join(f"{n}.yaml" for n in sorted(RESERVED))
    + f" (README.md, a {SCHEMAS_FOLDER}/ folder of JSON Schemas and hidden files are left alone)"
)
#: More entries than this in a rule folder is a mistake (the wrong folder), not rules.
MAX_ENTRIES = 1000
#: What a whole rule folder may hold, read and parsed: every value kept costs memory (about a
#: kilobyte each, with its place, while the folder is checked), so the folder, not only each
#: file, has a budget. The shipped folder holds about 62 KB and 1,900 values.
MAX_FOLDER_BYTES = 4 * 1024 * 1024
MAX_FOLDER_VALUES = 100_000
#: A source's full text (``rules validate --sources``): an article is far smaller.
MAX_TEXT_BYTES = 8 * 1024 * 1024

Loc = tuple[str | int, ...]
M = typing.TypeVar("M", bound=BaseModel)


@dataclass
class FolderCheck:
    """What a rule folder holds: all that compiled, and every problem found in it."""

    rules: RuleSet
    problems: list[Problem]
    #: The folder and its files as shown to a person (relative to the working folder).
    folder: str
    files: list[str]
    #: How many quotes were compared word for word with their sources' texts (0 without them).
    quotes_checked: int = 0

    @property
    def broken_files(self) -> list[str]:
        """Files with at least one problem, in folder order (the folder itself included)."""
        broken = {p.file for p in self.problems}
        return [f for f in [self.folder, *self.files] if f in broken]


@dataclass
class _Budget:
    """What is left of a folder's budget (``MAX_FOLDER_BYTES``, ``MAX_FOLDER_VALUES``)."""

    bytes: int = MAX_FOLDER_BYTES
    values: int = MAX_FOLDER_VALUES
    spent: bool = False
    #: The digest of the files read whole, in folder order.
    digest: Any = field(default_factory=hashlib.sha256)


@dataclass
class _File:
    path: Path
    name: str
    doc: safeyaml.Document
    problems: list[Problem] = field(default_factory=list)
    #: Where an unquoted yes/no was refused: pydantic's complaint there would say it again.
    refused: set[Loc] = field(default_factory=set)

    def problem(self, loc: Loc, message: str, fix: str | None = None, *, key: bool = False) -> None:
        line, column = self.doc.position(loc, key=key) or (None, None)
        self.problems.append(
            Problem(self.name, message, _breadcrumb(self.doc.data, loc), line, column, fix)
        )


def check_rules(folder: Path, texts: Path | None = None) -> FolderCheck:
    """Read and check a whole rule folder, collecting every problem in every file.

    With ``texts``, a folder holding the full texts of the sources, every quote is checked
    against them too (see ``check_quotes``).
    """
    shown = display_path(folder)
    problems: list[Problem] = []
    try:
        paths, refused = _rule_files(folder, Path(shown), problems)
    except OSError as exc:
        what = {
            errno.ENOENT: "does not exist",
            errno.ENOTDIR: "is not a folder",
        }.get(exc.errno or 0, f"cannot be read: {exc.strerror}")
        if os.environ.get(ENV_VAR) and Path(os.environ[ENV_VAR]) == folder:
            what += f" (it is named by ${ENV_VAR})"
        problem = Problem(
            shown, f"the rules folder {what}", fix=f"give a folder with --rules or ${ENV_VAR}"
        )
        return FolderCheck(RuleSet({}, {}, str(folder.absolute()), {}), [problem], shown, [])
    readable = [p for p in paths if p not in refused]
    budget = _Budget()
    files = [
        f for f in (_read(p, _shown_in(Path(shown), p), problems, budget) for p in readable) if f
    ]
    for f in files:
        _refuse_yaml11_booleans(f)
    sources_files = [f for f in files if f.path.stem == SOURCES_FILE]
    info_files = [f for f in files if f.path.stem == INFO_FILE]
    cancer_files = [f for f in files if f.path.stem not in RESERVED]
    if not sources_files and not any(p.stem == SOURCES_FILE for p in paths):
        problems.append(
            Problem(shown, "no sources.yaml", fix="add sources.yaml listing the documents quoted")
        )
    sources: dict[str, Source] = {}
    for f in sources_files:
        sources.update(_sources(f))
    questions_files = [f for f in files if f.path.stem == QUESTIONS_FILE]
    if not questions_files and not any(p.stem == QUESTIONS_FILE for p in paths):
        problems.append(
            Problem(
                shown,
                "no questions.yaml",
                fix="add questions.yaml declaring the questions (copy the shipped one)",
            )
        )
    questions: dict[str, Question] = {}
    for f in questions_files:
        questions.update(_questions(f))
    if not cancer_files and not any(p.stem not in RESERVED for p in paths):
        problems.append(Problem(shown, "no cancer rule files", fix="add one <cancer-id>.yaml"))
    cancers: dict[str, Cancer] = {}
    names: dict[str, str] = {}
    homes: dict[str, _File] = {}
    for f in cancer_files:
        model = _validate(f, CancerFile, {"questions": questions})
        if model is not None:
            cancer = _cancer(f, model, sources, questions)
            if cancer is not None:
                _claim_names(f, model, cancer, names, homes)
                cancers[cancer.id] = cancer
    vocabulary = _vocabulary(
        [f for f in files if f.path.stem == NAMES_FILE],
        cancers if not any(f.problems for f in cancer_files) else None,
        questions,
        problems,
        shown,
        paths,
    )
    # A cancer file that is itself broken is reported on its own, not again by what names it.
    present = {p.stem for p in paths if p.stem not in RESERVED}
    read_info = [_topics(f, sources, present) for f in info_files]
    topics = tuple(t for found, _ in read_info for t in found)
    not_covered = next((said for _, said in read_info if said is not None), None)
    digest = budget.digest
    # Paths in the rule set are absolute: it may be cached, and shown from another folder.
    cancers = dict(sorted(cancers.items()))  # by id, wherever they are listed
    rules = RuleSet(
        cancers,
        sources,
        os.path.abspath(folder),  # noqa: PTH100 - absolute, links not followed
        names,
        topics,
        (),
        digest.hexdigest(),
        questions,
        vocabulary,
        not_covered=not_covered,
    )
    for f in cancer_files:
        cancer = cancers.get(f.doc.data.get("id", ""))
        if cancer is not None and not f.problems:
            _check_examples(f, cancer, rules)
    scenarios = tuple(
        s for f in files if f.path.stem == SCENARIOS_FILE for s in _scenarios(f, rules)
    )
    rules = rules._replace(scenarios=scenarios)
    quotes_checked = check_quotes(files, texts) if texts is not None else 0
    problems += [p for f in files for p in f.problems]
    file_names = [_shown_in(Path(shown), p) for p in paths]
    order = {name: i for i, name in enumerate(file_names)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0, p.column or 0))
    return FolderCheck(rules, problems, shown, file_names, quotes_checked)


def _shown_in(shown_folder: Path, path: Path) -> str:
    """A folder entry as shown to a person: never resolved, so a link shows as itself."""
    return str(shown_folder / printable(path.name))


def _rule_files(
    folder: Path, shown_folder: Path, problems: list[Problem]
) -> tuple[list[Path], set[Path]]:
    """Every entry of ``folder`` that is not ignored, sorted, and those of them refused.

    A rule folder holds regular ``<name>.yaml`` files (and, unread, ``OTHER_FILES`` and
    hidden entries). Anything else is refused with a problem saying why and what to do,
    never skipped: a link (read, it could lead anywhere), a folder, a FIFO (read, it would
    hang), a device, another spelling of ``.yaml``, a file over ``MAX_FILE_BYTES``.
    """
    entries: list[os.DirEntry[str]] = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.startswith(".") or entry.name in OTHER_FILES:
                continue
            if entry.name == SCHEMAS_FOLDER and entry.is_dir(follow_symlinks=False):
                continue
            if len(entries) == MAX_ENTRIES:
                problems.append(
                    Problem(
                        str(shown_folder),
                        f"the rules folder holds more than {MAX_ENTRIES:,} entries",
                        "give the folder that holds the rule files",
                    )
                )
                break
            entries.append(entry)
    entries.sort(key=lambda e: e.name)
    stems = {e.name.removesuffix(RULE_SUFFIX) for e in entries if e.name.endswith(RULE_SUFFIX)}
    refused: set[Path] = set()
    for entry in entries:
        why, fix = _refusal(entry, stems)
        if why:
            problems.append(Problem(_shown_in(shown_folder, Path(entry.path)), why, fix=fix))
            refused.add(Path(entry.path))
    return [Path(e.path) for e in entries], refused


def _refusal(entry: os.DirEntry[str], stems: set[str]) -> tuple[str | None, str | None]:
    """Why a folder entry cannot be a rule file, and the fix; (None, None) when it can."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}", None
    stem, suffix = Path(entry.name).stem, Path(entry.name).suffix
    if stat.S_ISLNK(info.st_mode):
        return (
            "is a symbolic link; rule files are read only as regular files in the folder",
            "copy the file into the folder instead of linking to it",
        )
    if stat.S_ISDIR(info.st_mode):
        return "is a folder; a rule folder holds files only", "move it out of the rule folder"
    if not stat.S_ISREG(info.st_mode):
        return "is a FIFO, socket or device, not a regular file", "remove it from the rule folder"
    if suffix != RULE_SUFFIX:
        if suffix.lower() in (".yaml", ".yml"):
            if stem in stems:
                return (
                    f"{stem}{RULE_SUFFIX} is here too: one file per id",
                    "remove one of the two files",
                )
            return f"rule files end in '{RULE_SUFFIX}'", f"rename it to {stem}{RULE_SUFFIX}"
        return f"is not a rule file: {FOLDER_HOLDS}", "move it out of the rule folder"
    if info.st_size > MAX_FILE_BYTES:
        return _too_big(info.st_size), None
    return None, None


def _is_plain_name(name: str) -> bool:
    """Whether ``name`` names a file inside a folder: no path, no parent, nothing hidden."""
    return bool(name) and not name.startswith(".") and not any(c in name for c in "/\\\0")


def _too_big(size: int) -> str:
    return f"is {size:,} bytes; rule files are limited to {MAX_FILE_BYTES:,}"


def _read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path``, never following a link.

    O_NOFOLLOW: a link is refused, not followed out of its folder; O_NONBLOCK: a FIFO put in
    place of a file cannot hang the read; fstat: what was opened is a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # what O_NOFOLLOW says of a link: say it plainly
            raise OSError(errno.ELOOP, "it is a symbolic link, which is not followed") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return handle.read(limit + 1)


def _read(path: Path, name: str, problems: list[Problem], budget: _Budget) -> _File | None:
    if budget.spent:
        return None  # the folder is over its budget, said once, at the file that spent it
    try:
        raw = _read_regular(path, min(MAX_FILE_BYTES, budget.bytes))
    except OSError as exc:
        problems.append(Problem(name, f"cannot be read: {exc.strerror}"))
        return None
    if len(raw) > MAX_FILE_BYTES:  # it grew since the folder was listed
        problems.append(Problem(name, _too_big(len(raw))))
        return None
    if len(raw) > budget.bytes:
        budget.spent = True
        problems.append(
            Problem(
                name,
                f"the rule files together are larger than {MAX_FOLDER_BYTES // 1024**2} MiB "
                "(this file takes them past it)",
                fix="give the folder that holds the rule files; a rule file is a few KB",
            )
        )
        return None
    budget.bytes -= len(raw)
    try:
        doc = safeyaml.load(safeyaml.decode(raw), check_text=False, max_values=budget.values)
    except safeyaml.OverBudgetError as exc:
        budget.spent = True
        problems.append(
            Problem(
                name,
                f"the rule files together hold more than {MAX_FOLDER_VALUES:,} values "
                "(this file takes them past it)",
                "",
                exc.line,
                exc.column,
                "a rule file holds a few hundred values: is this the rules folder?",
            )
        )
        return None
    except safeyaml.YamlError as exc:
        problems.append(Problem(name, exc.message, "", exc.line, exc.column, exc.fix))
        return None
    budget.values -= doc.values
    if not isinstance(doc.data, dict):
        got = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.append(Problem(name, f"the file is {got}, not a mapping of keys", line=1))
        return None
    f = _File(path, name, doc)
    # The folder's digest, file by file in folder order; the bytes are not kept.
    budget.digest.update(path.name.encode() + b"\0" + raw + b"\0")
    _check_text(f, doc.data, ())
    return f


def _check_text(f: _File, data: Any, loc: Loc) -> None:
    """Every key and text value that holds a character that could hide text or drive a
    terminal (rule folders are shared, and their text reaches terminals and pages)."""
    # Every text of every file is looked at on every run: a text goes to ``_refuse_hidden``
    # only when it is not plainly clean (the test ``hidden_character`` starts with), and
    # only a mapping or list is walked into.
    if isinstance(data, dict):
        for key, value in data.items():
            if not plainly_clean(key):
                _refuse_hidden(f, key, (*loc, key), key=True)
            if type(value) is str:
                if not plainly_clean(value):
                    _refuse_hidden(f, value, (*loc, key))
            elif isinstance(value, dict | list | str):
                _check_text(f, value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list | str):
                _check_text(f, value, (*loc, index))
    elif isinstance(data, str) and not plainly_clean(data):
        _refuse_hidden(f, data, loc)


def _refuse_hidden(f: _File, text: str, loc: Loc, *, key: bool = False) -> None:
    # One line: no rule text needs a line break or a tab (YAML folds a long text into one).
    hidden = hidden_character(text, one_line=True)
    if hidden is not None:
        f.problem(
            loc,
            f"{hidden} is not allowed in text: it could hide text or drive a terminal",
            "remove it",
            key=key,
        )


def _refuse_yaml11_booleans(f: _File) -> None:
    """An unquoted yes/no/on/off is a boolean to YAML 1.1 (PyYAML: cryo-check) and text to
    YAML 1.2 (most editors, and their schema checks): the file means two things, so it is
    refused, with the quoting that makes it mean one."""
    for path, (line, column), word in f.doc.yaml11_booleans:
        value = "true" if word.lower() in ("yes", "on") else "false"
        f.problems.append(
            Problem(
                f.name,
                f"unquoted {word} is read as {value} by YAML 1.1 (and cryo-check) but as the "
                f"text '{word}' by YAML 1.2 editors",
                _breadcrumb(f.doc.data, path),
                line,
                column,
                f'quote it: "{word}"',
            )
        )
        f.refused.add(path)


def _validate(f: _File, model: type[M], context: dict[str, Any] | None = None) -> M | None:
    try:
        return model.model_validate(f.doc.data, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc in f.refused:
                continue
            message, fix = _explain(model, error)
            # A model-level check may name the field it is about, as 'test.less_than: …'.
            field = re.match(r"^([a-z_]+(?:\.[a-z_]+)*): (.*)$", message, re.S)
            if field and error["type"] == "value_error":
                loc = (*loc, *field[1].split("."))
                message = field[2]
            f.problem(loc, message, fix, key=error["type"] == "extra_forbidden")
        return None


def _explain(model: type[BaseModel], error: Any) -> tuple[str, str | None]:
    kind, loc = error["type"], tuple(error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        allowed = list(_model_at(model, loc[:-1]).model_fields)
        close = suggest(str(loc[-1]), allowed)
        fix = f"did you mean '{close}'?" if close else "allowed keys: " + ", ".join(allowed)
        return f"unknown key '{loc[-1]}'", fix
    if kind == "missing":
        return f"missing required key '{loc[-1]}'", f"add '{loc[-1]}'"
    value = error.get("input")
    if kind not in ("value_error",) and isinstance(value, str | int | float | bool):
        message += f", got {shown(value)}"
    fixes = {
        "literal_error": "use one of the values named",
        "string_type": "write text here (quote it if YAML reads it as a number or yes/no)",
        "list_type": "write a list: one '- item' per line, or [a, b]",
        "dict_type": "write a mapping of keys to values",
        "too_short": "add at least one item",
        "string_pattern_mismatch": "use lower-case letters, digits and hyphens, e.g. my-cancer",
        "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    }
    return message, fixes.get(kind)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The model class that the data at ``loc`` is validated against."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field_info = current.model_fields.get(part)
            if field_info is None:
                break
            current = field_info.annotation
        current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else model


def _unwrap(annotation: Any) -> Any:
    """``list[X]``, ``X | None`` -> ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (list, typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        else:
            return annotation


def _breadcrumb(data: Any, loc: Loc) -> str:
    """``criteria[small-tumour].test`` — list items named by their id when they have one."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and part < len(data) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) else f"[{part}]"
            data = item
        else:
            out += f".{part}" if out else part
            data = data.get(part) if isinstance(data, dict) else None
    return out


def _sources(f: _File) -> dict[str, Source]:
    model = _validate(f, SourcesFile)
    if model is None:
        return {}
    found: dict[str, Source] = {}
    for index, s in enumerate(model.sources):
        if s.id in found:
            f.problem(("sources", index, "id"), f"duplicate source id '{s.id}'", "rename one")
        found[s.id] = _source(s)
    return found


def _vocabulary(
    names_files: list[_File],
    cancers: dict[str, Cancer] | None,
    questions: dict[str, Question],
    problems: list[Problem],
    shown: str,
    paths: list[Path],
) -> Vocabulary | None:
    """names.yaml, the cancers' names and the stage words, compiled for reading typed names."""
    if not names_files:
        if not any(p.stem == NAMES_FILE for p in paths):
            problems.append(
                Problem(
                    shown,
                    "no names.yaml",
                    fix="add names.yaml, the words names are read with (copy the shipped one)",
                )
            )
        return None
    f = names_files[0]
    model = _validate(f, NamesFile)
    if model is None:
        return None
    stage_data = _answered_by_names(f, model, questions)
    if stage_data is None:
        return None
    if cancers is None or {p.stem for p in paths if p.stem not in RESERVED} - set(cancers):
        # A cancer file did not validate: its own problems say what is wrong, and names.yaml
        # is checked against every type's names once they all read.
        return None
    cancer_names = {c.id: (c.name, *c.aliases) for c in cancers.values()}
    try:
        built, found = build_vocabulary(cancer_names, f.doc.data, stage_data)
        if not found:
            return built
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        found = [f"not a names file: {exc}"]
    for message in found:
        f.problem((), message, "give each word one role, and name only types of this folder")
    return None


def _answered_by_names(
    f: _File, model: NamesFile, questions: dict[str, Question]
) -> dict[str, Any] | None:
    """The words of the question names answer (its choices, aliases and unclear answers), or
    None with the problem recorded when names.yaml declares a question or choice there is not."""
    declared = model.answered_by_names
    where = ("answered_by_names", "question")
    if not questions:
        return None  # questions.yaml's own problems say why
    question = questions.get(declared.question)
    if question is None:
        from cryo_check.core.suggest import did_you_mean

        hint = did_you_mean(declared.question, list(questions))
        f.problem(
            where,
            f"'{declared.question}' is not a question in questions.yaml",
            f"{hint}name the question whose answers a cancer name may hold",
        )
        return None
    if question.choice(declared.spread) is None:
        f.problem(
            ("answered_by_names", "spread"),
            f"'{declared.spread}' is not a choice of '{question.id}'",
            "choose one of: " + ", ".join(question.values),
        )
        return None
    return {
        "choices": [{"value": c.value, "aliases": list(c.aliases)} for c in question.choices],
        "unclear": [{"answers": list(u.answers), "why": u.why} for u in question.unclear],
        "unknown": list(question.unknown),
    }


def _questions(f: _File) -> dict[str, Question]:
    """questions.yaml compiled: every question by id, in the order declared."""
    model = _validate(f, QuestionsFile)
    if model is None:
        return {}
    found: dict[str, Question] = {}
    options: dict[str, str] = {}
    for i, m in enumerate(model.questions):
        if m.id in found:
            f.problem(("questions", i, "id"), f"duplicate question id '{m.id}'", "rename one")
        if (m.kind == CANCER_KIND) != (m.id == CANCER):
            f.problem(
                ("questions", i, "kind"),
                f"the question '{CANCER}' and only it has kind '{CANCER_KIND}'",
                f"declare id '{CANCER}' with kind '{CANCER_KIND}' once",
            )
        for flag in (m.option, m.short):
            if flag is not None and options.setdefault(flag, m.id) != m.id:
                f.problem(
                    ("questions", i, "option"),
                    f"'{flag}' is already the option of '{options[flag]}'",
                    "give each question its own option",
                )
        for problem in _answer_clashes(m):
            f.problem(("questions", i, "choices"), problem, "write each answer once")
        found[m.id] = _question(m)
    if found and CANCER not in found:
        f.problem(("questions",), f"no question '{CANCER}'", "declare the cancer type question")
    return found


def _answer_clashes(m: QuestionModel) -> list[str]:
    """Answers written twice in one question: as two choices, or as a choice and unclear."""
    seen: dict[str, str] = {}
    clashes = []
    written = [(a, c.value) for c in m.choices for a in (c.value, *c.aliases)]
    written += [(a, "unclear") for u in m.unclear for a in u.answers]
    written += [(a, "unknown") for a in m.unknown]
    for answer, meaning in written:
        key = answer_key(answer)  # as the answers will be compared
        if seen.setdefault(key, meaning) != meaning:
            clashes.append(f"'{answer}' means both {seen[key]} and {meaning}")
    return clashes


def _question(m: QuestionModel) -> Question:
    def exact(number: float) -> Decimal:
        # The number as written (0.1, not 0.1000000000000000055): the reader has checked the
        # literal (safeyaml), so the shortest text of the double read back is that literal.
        return numbers.read(numbers.literal_of(number) or "")

    return Question(
        id=m.id,
        kind=m.kind,
        label=m.label,
        prompt=m.prompt,
        help=m.help,
        option=m.option,
        short=m.short,
        metavar=m.metavar,
        condition=m.condition,
        choices=tuple(Choice(c.value, c.label, tuple(c.aliases), c.condition) for c in m.choices),
        unclear=tuple(Unclear(tuple(u.answers), u.why) for u in m.unclear),
        unknown=tuple(m.unknown) or ("unknown",),
        unit=m.unit,
        units=tuple(Unit(name, exact(u.factor), tuple(u.aliases)) for name, u in m.units.items()),
        above=exact(m.range.greater_than) if m.range else None,
        below=exact(m.range.less_than) if m.range else None,
        unread=m.unread,
    )


def _topics(
    f: _File, sources: dict[str, Source], cancers: set[str]
) -> tuple[list[Topic], Evidence | None]:
    """The info file's topics, and what a result for a type not covered quotes."""
    model = _validate(f, InfoFile)
    if model is None:
        return [], None
    said = model.not_covered
    if said is not None and sources and said.source not in sources:
        f.problem(
            ("not_covered", "source"),
            f"unknown source '{said.source}'",
            "use one of: " + ", ".join(sorted(sources)),
        )
    topics = []
    for i, topic in enumerate(model.topics):
        for j, point in enumerate(topic.points):
            if sources and point.source not in sources:
                f.problem(
                    ("topics", i, "points", j, "source"),
                    f"unknown source '{point.source}'",
                    "use one of: " + ", ".join(sorted(sources)),
                )
            for k, cid in enumerate(point.applies_to):
                if cid not in cancers:
                    f.problem(
                        ("topics", i, "points", j, "applies_to", k),
                        f"unknown cancer id '{cid}'",
                        "use the id of a cancer file in this folder",
                    )
        topics.append(
            Topic(
                topic.id,
                topic.title,
                tuple(
                    InfoPoint(Evidence(p.source, p.quote), p.text, tuple(p.applies_to))
                    for p in topic.points
                ),
                topic.in_results,
            )
        )
    return topics, (Evidence(said.source, said.quote) if said else None)


def _scenarios(f: _File, rules: RuleSet) -> list[Scenario]:
    model = _validate(f, ScenariosFile)
    if model is None:
        return []
    found: list[Scenario] = []
    for i, m in enumerate(model.scenarios):
        if any(s.id == m.id for s in found):
            f.problem(("scenarios", i, "id"), f"duplicate scenario id '{m.id}'", "rename one")
        scenario = Scenario(
            m.id,
            m.title,
            m.story,
            tuple(m.answers.items()),
            m.expect,
            m.teaching_point,
            tuple(m.expect_missing) if m.expect_missing is not None else None,
            f.path.name,
            (f.doc.position(("scenarios", i)) or (None, None))[0],
        )
        try:
            answers = scenario_answers(rules, scenario)
            # A near miss is a problem; a type the documents do not cover is fine to teach.
            if answers.cancer is not None and rules.vocabulary is not None:
                rules.resolve(answers.cancer)
        except AnswerError as exc:
            f.problem(("scenarios", i, "answers", exc.question), exc.message, exc.fix)
            continue
        _check_missing(f, ("scenarios", i), scenario.expect_missing, rules)
        found.append(scenario)
    return found


def normalise_quote(text: str) -> str:
    """Text as quotes are compared: whitespace collapsed, curly quotes read as straight."""
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    return " ".join(text.split())


def check_quotes(files: list[_File], texts: Path) -> int:
    """Every quote in every file, checked verbatim against the full text of its source.

    ``sources.yaml`` names each source's text (``document``) and its SHA-256, so a quote is
    checked against exactly the version it was taken from. Problems are added to the files;
    returns how many quotes were compared with a text.
    """
    found: dict[str, str] = {}
    for f in files:
        if f.path.stem != SOURCES_FILE:
            continue
        for index, source in enumerate(f.doc.data.get("sources") or []):
            if not isinstance(source, dict):
                continue
            sid, document = source.get("id"), source.get("document")
            if not document:
                f.problem(
                    ("sources", index),
                    f"source '{sid}' names no document, so its quotes cannot be checked",
                    "add 'document' (the text's file name) and its 'sha256'",
                )
                continue
            document = str(document)
            if not _is_plain_name(document):
                f.problem(
                    ("sources", index, "document"),
                    f"{document[:60]!r} is not a plain file name",
                    "name a file inside the --sources folder, e.g. itc-overview.txt",
                )
                continue
            path = texts / document
            try:
                raw = _read_regular(path, MAX_TEXT_BYTES)
            except OSError as exc:
                f.problem(
                    ("sources", index, "document"),
                    f"cannot read {display_path(texts)}/{document}: {exc.strerror}",
                    "give the folder that holds the texts with --sources",
                )
                continue
            if len(raw) > MAX_TEXT_BYTES:
                f.problem(
                    ("sources", index, "document"),
                    f"{display_path(texts)}/{document} is larger than {MAX_TEXT_BYTES:,} bytes, "
                    "the limit for a source's text",
                    "give the text of the document itself",
                )
                continue
            if hashlib.sha256(raw).hexdigest() != source.get("sha256"):
                f.problem(
                    ("sources", index, "sha256"),
                    f"{display_path(texts)}/{document} is not the version the rules were "
                    "checked against",
                    "check the quotes against this text, then update 'sha256'",
                )
            found[str(sid)] = normalise_quote(raw.decode("utf-8", "replace"))
    compared = 0
    for f in files:
        for loc, source, quote in _quotes(f.doc.data, ()):
            compared += source in found
            if source in found and normalise_quote(quote) not in found[source]:
                f.problem(
                    loc if loc[-1:] == ("context",) else (*loc, "quote"),
                    f"not found word for word in {source}",
                    "copy the sentence exactly from the document",
                )
    return compared


def _quotes(data: Any, loc: Loc) -> list[tuple[Loc, str, str]]:
    """(location, source, quote) of every mapping that has both, anywhere in the data."""
    found: list[tuple[Loc, str, str]] = []
    if isinstance(data, dict):
        if isinstance(data.get("source"), str) and isinstance(data.get("quote"), str):
            found.append((loc, data["source"], data["quote"]))
            if isinstance(data.get("context"), str):  # a quoted lead-in is a quote too
                found.append(((*loc, "context"), data["source"], data["context"]))
        for key, value in data.items():
            found += _quotes(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _quotes(value, (*loc, index))
    return found


def _source(s: SourceModel) -> Source:
    return Source(
        id=s.id,
        title=s.title,
        description=s.description,
        untitled=s.untitled,
        publisher=s.publisher,
        author=s.author,
        reviewed_by=s.reviewed_by,
        date=s.date.isoformat() if s.date else None,
        last_reviewed=s.last_reviewed.isoformat() if s.last_reviewed else None,
        references=tuple(s.references),
        provenance=s.provenance,
        own_words=tuple(Evidence(e.source, e.quote) for e in s.own_words),
    )


def _cancer(
    f: _File, m: CancerFile, sources: dict[str, Source], questions: dict[str, Question]
) -> Cancer | None:
    before = len(f.problems)
    if m.id != f.path.stem:
        f.problem(
            ("id",),
            f"the id '{m.id}' does not match the file name '{f.path.name}'",
            f"rename the file to {m.id}{f.path.suffix} or change the id",
        )
    known_sources = ", ".join(sorted(sources)) or "none"
    refs: list[tuple[Loc, str]] = [(("listed_in", "source"), m.listed_in.source)]
    refs += [(("criteria", i, "source"), c.source) for i, c in enumerate(m.criteria)]
    refs += [
        (("decisions", i, "evidence", j, "source"), e.source)
        for i, d in enumerate(m.decisions)
        for j, e in enumerate(d.evidence)
    ]
    refs += [(("notes", i, "source"), n.source) for i, n in enumerate(m.notes)]
    for loc, source in refs:
        if sources and source not in sources:
            f.problem(loc, f"unknown source '{source}'", f"use one of: {known_sources}")
    criteria_ids: set[str] = set()
    for i, c in enumerate(m.criteria):
        if c.id in criteria_ids:
            f.problem(("criteria", i, "id"), f"duplicate criterion id '{c.id}'", "rename one")
        criteria_ids.add(c.id)
    open_ids = {c.id for c in m.criteria if c.open is not None}
    for i, d in enumerate(m.decisions):
        for cid, status in d.when.items():
            if cid in criteria_ids and (status == "open") != (cid in open_ids):
                f.problem(
                    ("decisions", i, "when", cid),
                    f"'{status}' for {'an open' if cid in open_ids else 'a tested'} criterion",
                    "write 'open' for an open criterion, 'met' or 'not_met' for a tested one",
                )
            if cid not in criteria_ids:
                close = suggest(cid, sorted(criteria_ids))
                hint = f"did you mean '{close}'?" if close else "name a criterion of this file"
                f.problem(
                    ("decisions", i, "when", cid), f"unknown criterion '{cid}'", hint, key=True
                )
    if len(f.problems) > before or not questions:
        return None
    cancer = _compile(f, m, questions)
    if combination_count(cancer) > MAX_COMBINATIONS:
        f.problem(
            ("criteria",),
            f"the criteria read {len(cancer.questions)} questions with more than "
            f"{MAX_COMBINATIONS:,} combinations of answers between them (unknown included): "
            "too many to check every one, or to show them in a table",
            "read fewer questions, or give fewer thresholds or choices",
            key=True,
        )
        return None
    _check_decisions(f, cancer)
    return cancer if len(f.problems) == before else None


def _test(c: CriterionModel, question: Question) -> Test:
    """A valid criterion's test, compiled (``models.criterion_problem`` has checked it)."""
    if c.test is None:
        return Test(OPEN)
    if question.kind == MEASURE:
        threshold = question.parse(getattr(c.test, c.test.op))
        assert isinstance(threshold, Decimal)
        return Test(c.test.op, threshold=threshold, unit=question.unit or "")
    raw = [c.test.equals] if c.test.equals is not None else list(c.test.one_of or [])
    return Test("one_of", tuple(str(question.parse(v)) for v in raw))


def _compile(f: _File, m: CancerFile, questions: dict[str, Question]) -> Cancer:
    criteria = [
        Criterion(
            c.id,
            c.question,
            c.label,
            _test(c, questions[c.question]),
            Evidence(c.source, c.quote),
            c.open,
            c.condition,
        )
        for c in m.criteria
    ]
    decisions = tuple(
        Decision(
            tuple((cid, status == "met") for cid, status in d.when.items() if status != "open"),
            d.verdict,
            d.reason,
            tuple(Evidence(e.source, e.quote) for e in d.evidence),
            tuple(cid for cid, status in d.when.items() if status == "open"),
        )
        for d in m.decisions
    )
    examples = tuple(
        Example(
            tuple(e.answers.items()),
            e.expect,
            tuple(e.expect_missing) if e.expect_missing is not None else None,
            e.name,
            (f.doc.position(("examples", i)) or (None, None))[0],
        )
        for i, e in enumerate(m.examples)
    )
    return Cancer(
        id=m.id,
        name=m.name,
        kind=m.kind,
        aliases=tuple(m.aliases),
        listed_in=Evidence(m.listed_in.source, m.listed_in.quote),
        criteria=tuple(criteria),
        decisions=decisions,
        asks=asked(questions, criteria),
        notes=tuple(Note(Evidence(n.source, n.quote), n.text) for n in m.notes),
        examples=examples,
        file=f.path.name,
        listed_context=m.listed_in.context,
    )


def _describe(cancer: Cancer, combo: dict[str, Any]) -> str:
    parts = []
    for question, value in combo.items():
        case = cancer.cases(question)[cancer.case_of(question, value)]
        parts.append(f"{question} {case.label}" if case.band else f"{question}={value}")
    return ", ".join(parts) or "any answers"


def _check_decisions(f: _File, cancer: Cancer) -> None:
    """Every combination of answers gets exactly one verdict, and every decision is used."""
    used: set[int] = set()
    for values in combinations(cancer, cancer.questions):
        decisions = fired(cancer, values)
        fired_at = [i for i, d in enumerate(cancer.decisions) if d in decisions]
        if len({d.verdict for d in decisions}) != 1:
            if not fired_at:
                f.problem(
                    ("decisions",),
                    f"no decision gives a verdict for {_describe(cancer, values)}",
                    "add a decision that covers it",
                    key=True,
                )
            else:
                verdicts = " vs ".join(
                    f"decisions[{i}] says {cancer.decisions[i].verdict}" for i in fired_at
                )
                f.problem(
                    ("decisions", fired_at[0]),
                    f"decisions contradict each other for {_describe(cancer, values)}: {verdicts}",
                    "make their 'when' conditions exclusive or their verdicts agree",
                )
            return
        used.update(fired_at)
    for i, _ in enumerate(cancer.decisions):
        if i not in used:
            f.problem(
                ("decisions", i),
                "this decision never applies: no combination of answers meets its 'when'",
                "remove it or correct its conditions",
            )


def _claim_names(
    f: _File, m: CancerFile, cancer: Cancer, names: dict[str, str], homes: dict[str, _File]
) -> None:
    """Register the id, name and aliases; a name may belong to one cancer only."""
    claims: list[tuple[Loc, str]] = [(("id",), m.id), (("name",), m.name)]
    claims += [(("aliases", i), a) for i, a in enumerate(m.aliases)]
    for loc, name in claims:
        key = normalize_name(name)
        owner = names.get(key)
        if owner is not None and owner != cancer.id:
            other = homes[owner]
            f.problem(
                loc,
                f"'{name}' is already a name of '{owner}' ({other.name})",
                "remove it from one of the two files",
            )
            continue
        names[key] = cancer.id
    homes[cancer.id] = f


def _check_missing(f: _File, loc: Loc, missing: tuple[str, ...] | None, rules: RuleSet) -> None:
    """``expect_missing`` names declared questions."""
    for j, question in enumerate(missing or ()):
        if question not in rules.questions:
            f.problem(
                (*loc, "expect_missing", j),
                f"unknown question '{question}'",
                "use one of: " + ", ".join(rules.questions),
            )


def _check_examples(f: _File, cancer: Cancer, rules: RuleSet) -> None:
    """Examples must be well-formed, and together expect every verdict the cancer can reach."""
    expected = set()
    for i, example in enumerate(cancer.examples):
        try:
            answers = example_answers(rules, cancer, example)
            named = answers.cancer is not None and rules.vocabulary is not None
            if named and rules.resolve(str(answers.cancer)) is not cancer:
                f.problem(
                    ("examples", i, "answers", CANCER),
                    f"'{answers.cancer}' does not name {cancer.id}",
                    "omit 'cancer' (it defaults to this file's cancer) or use one of its names",
                )
        except AnswerError as exc:
            f.problem(("examples", i, "answers", exc.question), exc.message, exc.fix)
        _check_missing(f, ("examples", i), example.expect_missing, rules)
        expected.add(example.expect)
    reachable = {row.verdict for row in decision_table(cancer)}
    if cancer.questions:
        reachable.add(INSUFFICIENT)
    for verdict in sorted(reachable - expected):
        f.problem(
            ("examples",),
            f"no example expects '{verdict}', which {cancer.id} can reach",
            "add an example whose answers lead to it",
            key=True,
        )
