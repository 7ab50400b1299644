"""The JSON Schemas agree with what they describe: rule files with the validator, JSON output
with what cryo-check writes.

Every broken rule file in the test suite goes through both ``rules validate`` and the shipped
schema of its kind: the schema must refuse it too, unless it is one of ``VALIDATOR_ONLY``,
the checks JSON Schema cannot express (and then the schema must accept it, so that the list
stays honest).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

import jsonschema
import pytest

from cryo_check import SCHEMA_VERSION
from cryo_check.commands.batch import answer_fields
from cryo_check.core import documents
from cryo_check.core.questions import MEASURE
from cryo_check.rulebook import safeyaml
from cryo_check.rulebook.loader import shipped_rules
from cryo_check.rulebook.schemas import KINDS, OUTPUTS, SCHEMAS, shipped_files
from cryo_check.rulebook.validation import RESERVED, check_rules

from .conftest import REPO, RULES_DIR, invoke
from .test_rules_cli import BROKEN, HOSTILE

#: What only ``rules validate`` catches, and why no JSON Schema can: a problem whose message
#: holds the key is expected to pass the schema.
VALIDATOR_ONLY = {
    "is already a name of": "names are unique across files: a schema sees one file",
    "does not match the file name": "the id is the file's name: one schema serves every "
    "cancer file, and a schema does not see the file's name",
    "unknown criterion": "a decision's 'when' names criteria of the same file: JSON Schema "
    "cannot make one value refer to another",
    "no decision gives a verdict": "every combination of answers needs exactly one verdict: "
    "a computation over the file, not a shape",
    "decisions contradict": "the same",
    "no example expects": "examples must reach every verdict the type can reach: the same",
    "'4000mm' (400 cm) is not a plausible": "a threshold written with a unit is within the "
    "question's range only once converted; a bare number's range is in the schema",
}
#: Refused before any schema could see the data: the text is not YAML, or not plain data.
YAML_LEVEL = (
    "invalid YAML",
    "duplicate key",
    "is not allowed: only plain data",
    "alias bomb",
    "nested more than",
    "not UTF-8",
    "recursive alias",
    "more than one YAML document",
    "merge keys",
)

LT = "test: {less_than: 4cm}"
EQ = "test: {equals: early}"
MORE_BROKEN = [
    # (file, old, new, message)
    ("kidney.yaml", 'test: {equals: "no"}', "test: {equals: no}", "unquoted no is read as false"),
    ("liver.yaml", EQ, "test: {equals: Early}", "another way to write"),
    ("liver.yaml", EQ, "test: {equals: early stage}", "another way to write"),
    ("liver.yaml", EQ, "test: {equals: stage 2}", "is unclear"),
    ("liver.yaml", EQ, "test: {equals: unknown}", "'unknown' is not"),
    ("liver.yaml", EQ, LT, "tests choices"),
    ("kidney.yaml", LT, EQ, "compares numbers"),
    ("kidney.yaml", LT, "test: {less_than: 4cm, at_most: 5cm}", "exactly one"),
    ("kidney.yaml", LT, "test: {}", "exactly one"),
    ("kidney.yaml", LT, "test: {less_than: 4 furlongs}", "not a unit I know"),
    ("kidney.yaml", LT, "test: {less_than: 150}", "'150' (150 cm) is not a plausible"),
    ("kidney.yaml", LT, "test: {less_than: 4000mm}", "'4000mm' (400 cm) is not a plausible"),
    ("kidney.yaml", LT, "test: {less_than: -4cm}", "greater than 0"),
    ("kidney.yaml", LT, "test: {less_than: true}", "a threshold is"),
    ("kidney.yaml", "    question: size", "    question: cancer", "cannot read the cancer"),
    ("kidney.yaml", "kind: cancer", "kind: tumour", "Input should be 'cancer' or 'precancer'"),
    ("kidney.yaml", "id: kidney", "id: Kidney", "String should match pattern"),
    ("kidney.yaml", "name: Kidney cancer", 'name: " "', "at least 1 character"),
    ("kidney.yaml", "name: Kidney cancer", 'name: "Kidney\\e[8m"', "U+001B is not allowed"),
    ("kidney.yaml", "expect: commonly_considered", "expect: yes_please", "Input should be"),
    ("kidney.yaml", "expect_missing: [size]", "expect_missing: [weight]", "weight"),
    ("kidney.yaml", "answers: {stage: early", "answers: {stag: early", "stag"),
    ("info.yaml", "applies_to: [kidney]", "applies_to: [kidny]", "unknown cancer id 'kidny'"),
    ("info.yaml", "source: itc-overview", "source: itc", "unknown source 'itc'"),
    ("sources.yaml", "    title: What Is", "    untitled: x\n    title: What Is", "exactly one"),
    ("scenarios.yaml", "answers: {cancer: kidney, stage: early", "answers: {cancer: kidney, "
     "stage: early, colour: red", "colour"),
    ("questions.yaml", "    kind: choice", "    kind: yes-no", "Input should be"),
]  # fmt: skip

CASES = [(f, old, new, msg) for f, old, new, _, msg in BROKEN] + MORE_BROKEN


def schema_of(name: str) -> dict[str, Any]:
    kind = Path(name).stem if Path(name).stem in RESERVED else "cancer"
    path = RULES_DIR / "schemas" / f"{kind}.schema.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def as_json(data: Any) -> Any:
    """The data as an editor's schema check sees it (dates are text to YAML 1.2)."""
    return json.loads(json.dumps(data, default=str))


def schema_errors(path: Path) -> list[str] | None:
    """The schema's complaints about a rule file; None when it is not YAML plain data."""
    try:
        data = safeyaml.load(safeyaml.decode(path.read_bytes()), check_text=False).data
    except safeyaml.YamlError:
        return None
    validator = jsonschema.Draft202012Validator(schema_of(path.name))
    return [e.message for e in validator.iter_errors(as_json(data))]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    return copy


def agree(folder: Path, name: str, message: str) -> None:
    problems = [str(p) for p in check_rules(folder).problems]
    assert any(message in p for p in problems), problems
    errors = schema_errors(folder / name)
    if any(key in message for key in YAML_LEVEL):
        assert errors is None, "the file should not have been plain YAML data"
        return
    assert errors is not None
    validator_only = [key for key in VALIDATOR_ONLY if key in message]
    if validator_only:
        assert errors == [], f"the schema catches it now: remove {validator_only} from the list"
    else:
        assert errors, f"the validator refuses it ({message}) but the schema accepts it"


@pytest.mark.parametrize(("name", "old", "new", "message"), CASES)
def test_the_schema_refuses_what_the_validator_refuses(
    folder: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str, message: str
) -> None:
    monkeypatch.chdir(folder.parent)  # files are named as the messages expect
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    agree(folder, name, message)


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_hostile_files_never_reach_a_schema(
    folder: Path, name: str, content: bytes, message: str
) -> None:
    (folder / name).write_bytes(content)
    if name in ("empty.yaml", "list.yaml", "huge.yaml"):
        # Plain data of the wrong shape, or too big: both refuse it.
        assert schema_errors(folder / name)
        return
    agree(folder, name, message)


def test_every_shipped_rule_file_names_its_schema_and_meets_it() -> None:
    for path in sorted(RULES_DIR.glob("*.yaml")):
        kind = path.stem if path.stem in RESERVED else "cancer"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schemas/{kind}.schema.json"
        assert schema_errors(path) == [], path


def test_the_shipped_schemas_and_json_docs_are_current() -> None:
    stale = [
        str(path.relative_to(REPO))
        for path, text in shipped_files(shipped_rules(), REPO).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"{stale} are out of date: run python -m cryo_check.rulebook.schemas"


@pytest.mark.parametrize("kind", KINDS)
def test_rules_export_prints_each_kinds_schema(kind: str) -> None:
    result = invoke("rules", "export", "--format", "json-schema", kind)
    assert result.exit_code == 0, result.stderr
    shipped = RULES_DIR / "schemas" / f"{kind}.schema.json"
    assert result.stdout == shipped.read_text(encoding="utf-8")
    assert invoke("schema", f"{kind}-file").stdout == result.stdout


def test_rules_export_without_a_kind_prints_one_schema_for_any_rule_file() -> None:
    result = invoke("rules", "export", "--format", "json-schema")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = as_json(safeyaml.load(path.read_text(encoding="utf-8")).data)
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate({"id": "x", "name": "X", "kind": "cancer", "colour": "red"}, schema)
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate({"sources": [], "colour": "red"}, schema)


def test_rules_export_refuses_two_kinds_or_an_unknown_one() -> None:
    two = invoke("rules", "export", "-f", "json-schema", "cancer", "info")
    assert two.exit_code == 2
    assert "json-schema exports one kind at a time" in two.stderr
    unknown = invoke("rules", "export", "-f", "json-schema", "kidney")
    assert unknown.exit_code == 2
    assert "KIND: 'kidney' is not" in unknown.stderr


def test_a_custom_folders_schema_knows_its_own_questions(folder: Path) -> None:
    path = folder / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "      - value: early\n",
            "      - value: minute\n        label: minute\n      - value: early\n",
            1,
        ),
        encoding="utf-8",
    )
    result = invoke("schema", "cancer-file", "--rules", str(folder))
    assert result.exit_code == 0, result.stderr
    assert '"minute"' in result.stdout
    assert '"minute"' not in invoke("schema", "cancer-file").stdout


# --- the JSON output -------------------------------------------------------------------------


def output_schema(name: str) -> dict[str, Any]:
    return dict(json.loads((REPO / "docs" / "schemas" / f"{name}.schema.json").read_text()))


def valid(document: Any, name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(output_schema(name))
    jsonschema.Draft202012Validator(output_schema(name)).validate(document)
    assert document["schema_version"] == SCHEMA_VERSION


CHECKS = [
    ("-c", "kidney", "-s", "early", "--size", "35mm", "--fit-for-surgery", "no"),
    ("-c", "renal", "-s", "early", "--size", "3.9999cm"),  # insufficient information
    ("-c", "lung",),  # not covered
    ("-c", "kidney", "-s", "spread"),  # decided, with unknowns
    ("-c", "skin-precancer",),
    ("-c", "liver", "-s", "early", "--size", "6cm"),  # a size no criterion reads
    (),  # nothing at all
]  # fmt: skip


@pytest.mark.parametrize("args", CHECKS, ids=" ".join)
def test_check_json_meets_its_schema(args: tuple[str, ...]) -> None:
    result = invoke("check", *args, "--no-input", "--format", "json")
    assert result.exit_code == 0, result.stderr
    valid(json.loads(result.stdout), "check")


def test_sizes_are_numbers_beside_their_words() -> None:
    done = json.loads(
        invoke("check", "-c", "kidney", "--size", "35mm", "--no-input", "-f", "json").stdout
    )
    assert done["answers"]["size"] == "3.5 cm"
    assert done["measures"] == {"size_cm": 3.5}
    unknown = json.loads(invoke("check", "-c", "kidney", "--no-input", "-f", "json").stdout)
    assert unknown["measures"] == {"size_cm": None}


def test_a_custom_folders_check_json_meets_the_schema_of_that_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "kidney.yaml"
    path.write_text(path.read_text().replace("less_than: 4cm", "less_than: 6cm"))
    result = invoke("check", "--rules", str(folder), "-c", "kidney", "-s", "early",
                    "--size", "5cm", "--no-input", "-f", "json")  # fmt: skip
    document = json.loads(result.stdout)
    assert document["rules_folder"]
    valid(document, "check")
    schema = json.loads(invoke("schema", "check", "--rules", str(folder)).stdout)
    jsonschema.validate(document, schema)


def test_batch_rows_meet_their_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = invoke("batch", "examples/class-cases.csv", "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 8
    for row in rows:
        valid(row, "batch")
    assert [r["size_cm"] for r in rows[:3]] == [3, 2.5, 5]
    csv_header = invoke("batch", "examples/class-cases.csv", "--format", "csv").stdout
    columns = csv_header.splitlines()[0].split(",")
    # The csv spreads `kept` (no own columns here) and `because` into columns of their own.
    keys = list(output_schema("batch")["properties"])
    keys.remove("kept")
    at = keys.index("because")
    keys[at : at + 1] = ["criterion", "quote", "source"]
    assert ["schema_version", *columns] == keys


@pytest.mark.parametrize("args", [("info",), ("info", "kidney"), ("info", "skin-precancer")])
def test_info_json_meets_its_schema(args: tuple[str, ...]) -> None:
    valid(json.loads(invoke(*args, "--format", "json").stdout), "info")


def test_rules_list_json_meets_its_schema(folder: Path) -> None:
    valid(json.loads(invoke("rules", "list", "--format", "json").stdout), "rules-list")
    custom = invoke("rules", "list", "--format", "json", "--rules", str(folder))
    valid(json.loads(custom.stdout), "rules-list")


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_schema_command_prints_the_published_schema(name: str) -> None:
    result = invoke("schema", name)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == output_schema(name)


def test_every_key_is_described_and_documented() -> None:
    docs = (REPO / "docs" / "json.md").read_text(encoding="utf-8")

    def walk(schema: dict[str, Any], path: str) -> None:
        for key, sub in schema.get("properties", {}).items():
            assert sub.get("description"), f"{path}{key} has no description"
            assert f"`{path}{key}`" in docs, f"{path}{key} is not in docs/json.md"
            walk(sub, f"{path}{key}.")
            walk(sub.get("items", {}), f"{path}{key}[].")

    for name in OUTPUTS:
        walk(output_schema(name), "")


def test_an_unknown_schema_name() -> None:
    result = invoke("schema", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("cryo-check: error: NAME: 'nope' is not a format")
    assert set(SCHEMAS) >= {"check", "batch", "rules-list", "info", "cancer-file"}


# --- the output schemas are their typed documents ------------------------------------------

TYPED = {
    "check": documents.CheckDocument,
    "batch": documents.BatchRow,
    "rules-list": documents.RulesListDocument,
    "info": documents.InfoDocument,
}


def keyed_by_rules(document: Any) -> set[str]:
    """The keys the rules add to a typed document's schema: a measure's band in a what-if,
    each question's answer in a batch row."""
    rules = shipped_rules()
    if document is documents.WhatIfDoc:
        return {f"range_{q.unit}" for q in rules.questions.values() if q.kind == MEASURE}
    if document is documents.BatchRow:
        return set(answer_fields(rules))
    return set()


def is_typed(tp: Any) -> bool:
    return hasattr(tp, "__required_keys__")


def matches(tp: Any, schema: dict[str, Any], path: str) -> None:
    """``schema`` says what ``tp`` declares, all the way down: a typed document's keys and
    no others (all required, no other allowed), a list's items, a map's values."""
    options = [a for a in get_args(tp) if a is not type(None)] if get_origin(tp) is None else []
    if options and not is_typed(tp):  # X | None
        (tp,) = options
    if is_typed(tp):
        declared = get_type_hints(tp)
        keys = set(declared) | keyed_by_rules(tp)
        assert set(schema["properties"]) == keys, path
        assert set(schema["required"]) >= set(declared), path
        assert schema["additionalProperties"] is False, path
        for key, annotation in declared.items():
            matches(annotation, schema["properties"][key], f"{path}.{key}")
    elif get_origin(tp) is list:
        matches(get_args(tp)[0], schema["items"], f"{path}[]")
    elif get_origin(tp) is dict and is_typed(get_args(tp)[1]):
        # A map keyed by the rules (questions): each declared key holds the typed document.
        assert schema["properties"], path
        for key, sub in schema["properties"].items():
            matches(get_args(tp)[1], sub, f"{path}.{key}")


@pytest.mark.parametrize("name", OUTPUTS)
def test_each_output_schema_is_generated_from_its_typed_document(name: str) -> None:
    matches(TYPED[name], output_schema(name), name)


def test_a_key_added_to_a_typed_document_reaches_its_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What another key needs is its line and docstring in core/documents.py: nothing else."""
    from cryo_check.rulebook import schemas

    class Extended(documents.InfoDocument):
        as_of: str | None
        """The date the documents were read, or null."""

    monkeypatch.setattr(documents, "InfoDocument", Extended)
    schema = schemas.output_schema("info", shipped_rules())
    assert schema["properties"]["as_of"] == {
        "type": ["string", "null"],
        "description": "The date the documents were read, or null.",
    }
    assert "as_of" in schema["required"]
    # Its inherited keys keep their descriptions.
    assert schema["properties"]["topics"]["description"] == "The topics, in order."
