"""JSON Schemas: of every JSON document cryo-check writes, and of every kind of rule file.

The output schemas are the contract for machine output (``schema_version`` in each document
names the version they describe); the rule-file schemas let editors check a rule file as it
is typed (each shipped file's first line points to its own, in ``rules/schemas/``). Both are
built from the rules in use, so question ids, answers, units and source ids in them are the
declared ones, never a second list kept here. Every property carries a description:
``docs/json.md`` is generated from them.

``python -m cryo_check.rulebook.schemas`` rewrites the shipped files
(``rules/schemas/*.schema.json``, ``docs/schemas/*.schema.json``, ``docs/json.md``); a test
fails when they are not current.
A slow-path module: it imports pydantic's models for the rule-file schemas.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cryo_check import DISCLAIMER, SCHEMA_VERSION, SHORT_DISCLAIMER
from cryo_check.core.questions import CANCER, CANCER_KIND, CHOICE, MEASURE, Question
from cryo_check.core.ruleset import VERDICTS, RuleSet

Schema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The kinds of rule file, each with its own schema in rules/schemas/.
KINDS = ("cancer", "sources", "info", "scenarios", "questions", "names")
#: What ``cryo-check schema NAME`` prints.
SCHEMAS = {
    "check": "a check result (check --format json)",
    "batch": "one row of batch --format jsonl",
    "rules-list": "rules list --format json",
    "info": "info --format json",
    "cancer-file": "a rule file: one cancer type",
    "sources-file": "a rule file: sources.yaml",
    "info-file": "a rule file: info.yaml",
    "scenarios-file": "a rule file: scenarios.yaml",
    "questions-file": "a rule file: questions.yaml",
    "names-file": "a rule file: names.yaml",
}
OUTPUTS = ("check", "batch", "rules-list", "info")

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: Rule-file text: not blank, and no control characters but tab and line breaks.
TEXT = r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def schema_json(schema: Schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_text(name: str, rules: RuleSet) -> str:
    """The schema ``name`` (one of ``SCHEMAS``) as JSON text."""
    if name.endswith("-file"):
        return schema_json(rule_file_schema(name.removesuffix("-file"), rules))
    return schema_json(output_schema(name, rules))


# --- the rule files ------------------------------------------------------------------------


def rule_file_schema(kind: str | None, rules: RuleSet) -> Schema:
    """The schema of one kind of rule file (``KINDS``), or with ``None`` of any rule file (the
    kind picked by the key the file starts from, so an error names the right branch)."""
    from pydantic import BaseModel
    from pydantic.json_schema import models_json_schema

    from cryo_check.rulebook import models

    files: dict[str, type[BaseModel]] = {
        "cancer": models.CancerFile,
        "sources": models.SourcesFile,
        "info": models.InfoFile,
        "scenarios": models.ScenariosFile,
        "questions": models.QuestionsFile,
        "names": models.NamesFile,
    }
    if kind is not None:
        model = files[kind]
        schema = model.model_json_schema(mode="validation")
        _tighten({**schema.get("$defs", {}), model.__name__: schema}, rules)
        what = "one covered cancer type (<id>.yaml)" if kind == "cancer" else f"{kind}.yaml"
        return {
            "$schema": DIALECT,
            **schema,
            "title": f"cryo-check rule file: {what}",
            "description": (schema.get("description") or "").strip()
            + " Built from the folder's questions.yaml and sources.yaml: regenerate it with "
            "'cryo-check rules export --format json-schema KIND' after changing them. "
            "Checks across files (names, decisions covering every answer, examples reaching "
            "every verdict) are made by 'cryo-check rules validate'.",
        }
    _, schema = models_json_schema([(m, "validation") for m in files.values()])
    _tighten(schema["$defs"], rules)
    keys = {"sources": "sources", "info": "topics", "scenarios": "scenarios"}
    keys["questions"] = "questions"
    keys["names"] = "descriptors"
    branches: list[Schema] = [
        {"if": {"required": [key]}, "then": {"$ref": f"#/$defs/{files[k].__name__}"}}
        for k, key in keys.items()
    ]
    branches.append(
        {
            "if": {"not": {"anyOf": [{"required": [key]} for key in keys.values()]}},
            "then": {"$ref": "#/$defs/CancerFile"},
        }
    )
    return {
        "$schema": DIALECT,
        "title": "cryo-check rule file",
        "description": "Any cryo-check rule file: sources.yaml, info.yaml, scenarios.yaml, "
        "questions.yaml, names.yaml or one cancer type, told apart by their first key. "
        + DISCLAIMER,
        "type": "object",
        "allOf": branches,
        "$defs": schema["$defs"],
    }


def _tighten(defs: dict[str, Schema], rules: RuleSet) -> None:
    """What pydantic's schema does not say but the validator checks, as far as JSON Schema
    can say it: text is not blank and has no control characters; a criterion's question is
    a declared one and its test takes exactly one key, the declared choices of a choice
    question or a size with a declared unit; sources, questions and cancer ids named exist."""
    questions = [q for q in rules.questions.values() if q.kind != CANCER_KIND]
    ids = list(rules.questions)
    sources = sorted(rules.sources)
    _texts(defs)
    for name in ("EvidenceModel", "ListedInModel", "NoteModel", "CriterionModel", "InfoPoint"):
        if name in defs and sources:
            defs[name]["properties"]["source"]["enum"] = sources
    if "TestModel" in defs:
        defs["TestModel"] = _any_test(defs["TestModel"]["description"], questions)
    if "CriterionModel" in defs:
        criterion = defs["CriterionModel"]
        criterion["properties"]["question"]["enum"] = [q.id for q in questions]
        criterion["allOf"] = [
            {
                "if": {"properties": {"question": {"const": q.id}}, "required": ["question"]},
                "then": {"properties": {"test": _test(q)}},
            }
            for q in questions
        ]
    for name in ("ExampleModel", "ScenarioModel"):
        if name in defs:
            props = defs[name]["properties"]
            props["answers"]["propertyNames"] = {"enum": ids}
            missing = props["expect_missing"]["anyOf"][0]
            missing["items"] = {"enum": ids}
    if "NameAnswersModel" in defs:
        # The question names answer is a choice question; its spread choice is one of its own.
        choosing = [q for q in questions if q.kind == CHOICE]
        answers = defs["NameAnswersModel"]
        answers["properties"]["question"]["enum"] = [q.id for q in choosing]
        answers["allOf"] = [
            {
                "if": {"properties": {"question": {"const": q.id}}, "required": ["question"]},
                "then": {"properties": {"spread": {"enum": list(q.values)}}},
            }
            for q in choosing
        ]
    if "InfoPoint" in defs and rules.cancers:
        defs["InfoPoint"]["properties"]["applies_to"]["items"]["enum"] = sorted(rules.cancers)
    if "SourceModel" in defs:
        source = defs["SourceModel"]
        text = {"type": "string"}
        source["oneOf"] = [
            {"properties": {key: text}, "required": [key]} for key in ("title", "untitled")
        ]
        source["anyOf"] = [
            {"properties": {key: text}, "required": [key]} for key in ("date", "last_reviewed")
        ]


def _texts(node: Any) -> None:
    """Every free-text string (pydantic: ``minLength: 1``, no pattern) gets ``TEXT``."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("minLength") == 1 and "pattern" not in node:
            node["pattern"] = TEXT
        for value in node.values():
            _texts(value)
    elif isinstance(node, list):
        for value in node:
            _texts(value)


def _any_test(description: str, questions: list[Question]) -> Schema:
    measures = [q for q in questions if q.kind == MEASURE]
    threshold = {"anyOf": [_threshold(q) for q in measures]} if measures else {}
    return {
        "type": "object",
        "description": description + " (which keys and values depend on the question)",
        "properties": {
            "equals": {"type": "string"},
            "one_of": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            **dict.fromkeys(("less_than", "at_most", "greater_than", "at_least"), threshold),
        },
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
    }


def _test(question: Question) -> Schema:
    """The test a criterion reading ``question`` may have."""
    if question.kind == CHOICE:
        values = {"enum": list(question.values)}
        properties: Schema = {
            "equals": values,
            "one_of": {"type": "array", "items": values, "minItems": 1, "uniqueItems": True},
        }
        about = f"one of the choices of {question.id}: " + ", ".join(question.values)
    else:
        threshold = _threshold(question)
        properties = dict.fromkeys(("less_than", "at_most", "greater_than", "at_least"), threshold)
        about = f"a {question.label} with a unit ({', '.join(u.name for u in question.units)})"
    return {
        "description": f"A test of {question.id}: exactly one key, {about}.",
        "properties": properties,
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
    }


def _threshold(question: Question) -> Schema:
    """A measure as a rule file may write it: a number (in the question's unit, within its
    range) or text such as ``4cm`` or ``35 mm`` (a bare number is in the question's unit)."""
    # Longest first: an alternation takes the first that fits.
    names = sorted(
        {n for u in question.units for n in (u.name, *u.aliases)}, key=lambda n: (-len(n), n)
    )
    units = "|".join(_any_case(n) for n in names)
    number: Schema = {"type": "number"}
    if question.above is not None:
        number["exclusiveMinimum"] = _plain(question.above)
    if question.below is not None:
        number["exclusiveMaximum"] = _plain(question.below)
    return {
        "description": f"A {question.label}: a number of {question.unit}, or a number with "
        + " or ".join(u.name for u in question.units)
        + ", e.g. 4cm.",
        "anyOf": [
            number,
            {"type": "string", "pattern": rf"^\s*\+?(\d+(\.\d*)?|\.\d+)\s*({units})?\.?\s*$"},
        ],
    }


def _any_case(text: str) -> str:
    """A regular expression matching ``text`` in any case (JSON Schema has no flags)."""
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else re.escape(c) for c in text
    )


def _plain(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


# --- the JSON documents cryo-check writes --------------------------------------------------
#
# Generated from the typed documents (core/documents.py) by pydantic, then made exact for the
# rules in use by one step (``_for_rules``), then laid out as one self-contained schema.


def _documents() -> dict[str, Any]:
    """Each output's typed document (imported here: the check path never defines them)."""
    from cryo_check.core import documents

    return {
        "check": documents.CheckDocument,
        "batch": documents.BatchRow,
        "rules-list": documents.RulesListDocument,
        "info": documents.InfoDocument,
    }


def generated_schema(document: Any) -> Schema:
    """pydantic's JSON Schema of a typed document: each key with its docstring, as written."""
    from pydantic import ConfigDict, TypeAdapter, with_config

    # Descriptions from the docstrings, and no key beyond the declared ones: set on every
    # document it holds (pydantic 2.11 does not pass a TypedDict's config on to those
    # it holds). with_config only sets the attribute pydantic reads: the same each time.
    config = ConfigDict(use_attribute_docstrings=True, extra="forbid")
    for typed in _typed_dicts(document):
        with_config(config)(typed)
    schema: Schema = TypeAdapter(document).json_schema()
    defs: dict[str, Schema] = schema.pop("$defs", {})
    defs[document.__name__] = schema
    _inherited_descriptions(document, defs)
    return {"$ref": f"#/$defs/{document.__name__}", "$defs": defs}


def _inherited_descriptions(document: Any, defs: dict[str, Schema]) -> None:
    """A key declared in a base document keeps its docstring in the subclass's schema
    (pydantic reads only the class's own docstrings)."""
    for cls in _typed_dicts(document):
        described = defs.get(cls.__name__, {}).get("properties", {})
        for base in getattr(cls, "__orig_bases__", ()):
            if hasattr(base, "__required_keys__"):
                own = defs.get(base.__name__) or generated_schema(base)["$defs"][base.__name__]
                _fill(described, own["properties"])


def _fill(properties: dict[str, Schema], base: dict[str, Schema]) -> None:
    for key, sub in properties.items():
        if "description" not in sub and base.get(key, {}).get("description"):
            sub["description"] = base[key]["description"]


def _typed_dicts(document: Any) -> list[Any]:
    """``document`` and every typed document its keys hold, once each."""
    from typing import get_args, get_type_hints

    found: list[Any] = []
    todo = [document]
    while todo:
        tp = todo.pop()
        if hasattr(tp, "__required_keys__") and tp not in found:
            found.append(tp)
            todo += get_type_hints(tp).values()
        todo += get_args(tp)
    return found


def output_schema(name: str, rules: RuleSet) -> Schema:
    """The schema of a JSON document cryo-check writes (``OUTPUTS``)."""
    document = _documents()[name]
    schema = generated_schema(document)
    defs = schema["$defs"]
    _for_rules(defs, rules)
    if name == "batch":
        _batch_answers(defs["BatchRow"], rules)
    laid_out = _inline(defs[document.__name__], defs)
    return {"$schema": DIALECT, "title": f"cryo-check {name}", **laid_out}


def _for_rules(defs: dict[str, Schema], rules: RuleSet) -> None:
    """What the typed documents cannot say: the keys and values the rules in use declare
    (question ids, each question's answers keyed by them, measures, units), the verdicts,
    statuses and roles the code declares, and the constants every document carries."""
    from cryo_check.core import names
    from cryo_check.core.report import STATUS_WORDS

    ids = list(rules.questions)
    read = [q.id for q in rules.questions.values() if q.kind != CANCER_KIND]
    rule_verdicts = [v for v in VERDICTS if v not in ("not_covered", "insufficient_information")]
    roles = [names.TYPE, names.DESCRIPTOR, names.STAGE, names.NOT_COVERED, names.SPREAD_TO]
    enums: dict[tuple[str, str], list[Any]] = {
        ("CheckDocument", "verdict"): list(VERDICTS),
        ("WhatIfDoc", "verdict"): list(VERDICTS),
        ("ReasonDoc", "verdict"): rule_verdicts,
        ("BatchRow", "verdict"): [*VERDICTS, None],
        ("CriterionDoc", "question"): read,
        ("CriterionResult", "question"): read,
        ("WhatIfDoc", "question"): read,
        ("CriterionResult", "status"): list(STATUS_WORDS),
        ("WordDoc", "role"): roles,
        ("ListedCancer", "kind"): ["cancer", "precancer"],
    }
    for (name, key), values in enums.items():
        if name in defs:
            _enum(defs[name]["properties"][key], values)
    for (name, key), pattern in PATTERNS.items():
        if name in defs:
            defs[name]["properties"][key]["pattern"] = pattern
    for name in ("CheckDocument", "BatchRow"):
        if name in defs:
            defs[name]["properties"]["missing"]["items"] = {"enum": ids}
    for name, document in defs.items():
        props = document.get("properties", {})
        if "schema_version" in props:
            props["schema_version"] = _const(props["schema_version"], SCHEMA_VERSION)
        if "disclaimer" in props:
            text = SHORT_DISCLAIMER if name == "BatchRow" else DISCLAIMER
            props["disclaimer"] = _const(props["disclaimer"], text)
    if "CheckDocument" in defs:
        _check_keys(defs, rules)


#: Text the code guarantees the form of: ids are slugs (rule files are checked so), the
#: digest is SHA-256 in hex, the date ISO's.
PATTERNS = {
    ("CheckDocument", "rules_sha256"): "^[0-9a-f]{64}$",
    ("CheckDocument", "as_of"): "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    **dict.fromkeys(
        [(name, "id") for name in ("CriterionDoc", "CriterionResult", "TopicDoc", "OpenDoc")]
        + [(name, "id") for name in ("ListedCancer", "CriterionLine")],
        SLUG,
    ),
}


def _enum(prop: Schema, values: list[Any]) -> None:
    prop.pop("type", None)
    prop.pop("anyOf", None)
    prop["enum"] = values


def _const(prop: Schema, value: Any) -> Schema:
    return {"const": value, "description": prop["description"]}


def _check_keys(defs: dict[str, Schema], rules: RuleSet) -> None:
    """The check document's maps keyed by the rules: answers and questions by question id,
    measures by ``<question>_<unit>``, and each what-if a measure's band keyed by its unit."""
    props = defs["CheckDocument"]["properties"]
    questions = list(rules.questions.values())
    _keyed(
        props["answers"],
        {q.id: _nullable("string", f"The answer to '{q.prompt}'") for q in questions},
    )
    _keyed(
        props["measures"],
        {
            f"{q.id}_{q.unit}": _nullable("number", f"The {q.label} in {q.unit}.")
            for q in questions
            if q.kind == MEASURE
        },
    )
    _keyed(
        props["questions"],
        {q.id: {"$ref": "#/$defs/QuestionDoc", "description": f"The question {q.id}."}
         for q in questions},
    )  # fmt: skip
    from cryo_check.core.documents import RangeDoc

    defs["RangeDoc"] = generated_schema(RangeDoc)["$defs"]["RangeDoc"]
    what_if = defs["WhatIfDoc"]["properties"]
    for q in questions:
        if q.kind == MEASURE:
            what_if[f"range_{q.unit}"] = {
                "$ref": "#/$defs/RangeDoc",
                "description": f"For a {q.label}: the band of answers, in {q.unit} (only for "
                f"{q.id}).",
            }


def _batch_answers(row: Schema, rules: RuleSet) -> None:
    """A batch row's answers, after ``kept``: each question's as shown, the cancer's covered
    type beside it, a measure's number beside it (the keys ``batch.output_fields`` writes)."""
    answers: dict[str, Schema] = {}
    for q in rules.questions.values():
        answers[q.id] = _nullable("string", f"The answer to '{q.prompt}', as shown, or null.")
        if q.id == CANCER:
            answers["cancer_type"] = _nullable("string", "The covered type it names, or null.")
        if q.kind == MEASURE:
            answers[f"{q.id}_{q.unit}"] = _nullable(
                "number", f"The {q.label} as a number of {q.unit}, or null."
            )
    props = list(row["properties"].items())
    at = [key for key, _ in props].index("kept") + 1
    row["properties"] = dict([*props[:at], *answers.items(), *props[at:]])
    required = row["required"]
    at = required.index("kept") + 1
    row["required"] = [*required[:at], *answers, *required[at:]]


def _nullable(kind: str, description: str) -> Schema:
    return {"type": [kind, "null"], "description": description}


def _keyed(prop: Schema, properties: dict[str, Schema]) -> None:
    """A map whose keys the rules declare: exactly those keys."""
    prop["properties"] = properties
    prop["required"] = list(properties)
    prop["additionalProperties"] = False


#: The order of a schema's keys, as the files show them (others follow, as they come).
ORDER = (
    *("type", "const", "enum", "description", "pattern"),
    *("properties", "required", "additionalProperties", "items"),
)


def _inline(node: Any, defs: dict[str, Schema]) -> Any:
    """One self-contained schema, laid out as the published files have always been: each
    reference replaced by what it names (the documents nest, never recur), ``X or null`` as
    a list of types, and no titles (a key's name is its title)."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "$ref" in node:
        node = {**defs[node.pop("$ref").rsplit("/", 1)[-1]], **node}
    if "anyOf" in node:
        node = _nullable_union(node, defs)
    node.pop("title", None)
    if isinstance(node.get("description"), str):
        # A docstring's line breaks are only its layout.
        node["description"] = " ".join(node["description"].split())
    done = {key: _inline(value, defs) for key, value in node.items() if key != "properties"}
    if "properties" in node:
        done["properties"] = {k: _inline(v, defs) for k, v in node["properties"].items()}
    first = [key for key in ORDER if key in done]
    return {key: done[key] for key in [*first, *(k for k in done if k not in first)]}


def _nullable_union(node: Schema, defs: dict[str, Schema]) -> Schema:
    """``anyOf: [X, null]`` (and unions of plain types) as X with ``null`` among its types."""
    options = [_inline(option, defs) for option in node.pop("anyOf")]
    if sum(option.get("type") == "object" for option in options) > 1:
        # A union of object shapes (a care-team question: from a note, or a gap) stays one
        # of them: merged, it would accept neither.
        return {**node, "oneOf": options}
    kinds: list[str] = []
    merged: Schema = {}
    for option in options:
        kind = option.pop("type")
        kinds += kind if isinstance(kind, list) else [kind]
        merged.update(option)
    return {**merged, **node, "type": kinds}


# --- the shipped files ---------------------------------------------------------------------


def markdown(rules: RuleSet) -> str:
    """docs/json.md: every key of every JSON document, from the schemas' descriptions."""
    out = [
        "# JSON output",
        "",
        "<!-- Generated by `python -m cryo_check.rulebook.schemas` from the schemas; "
        "edit those. -->",
        "",
        "Every JSON document cryo-check writes carries `schema_version` "
        f"(now {SCHEMA_VERSION}), which changes whenever a key is added, removed or changes "
        "meaning. Its JSON Schema is printed by `cryo-check schema NAME` and kept in "
        "[`docs/schemas/`](schemas/); question ids, answers and units in it are the declared "
        "ones (`rules/questions.yaml`), so with `--rules DIR` print the schema with the same "
        '`--rules DIR`. Sizes are given twice: as shown (`"3.5 cm"`) and as a number in the '
        "question's unit (`size_cm`: 3.5).",
    ]
    for name in OUTPUTS:
        schema = output_schema(name, rules)
        out += ["", f"## `{name}`: {SCHEMAS[name]}", "", schema["description"], ""]
        out += ["| key | type | meaning |", "| --- | --- | --- |"]
        out += [f"| `{key}` | {kind} | {about} |" for key, kind, about in _rows(schema, "")]
    out += [
        "",
        "## Rule files",
        "",
        "Each kind of rule file has its schema in [`rules/schemas/`](../rules/schemas/) "
        "(`cryo-check schema cancer-file`, …; `cryo-check rules export --format json-schema "
        "KIND`), which each shipped rule file names on its first line for editors.",
        "",
    ]
    return "\n".join(out)


def _rows(schema: Schema, prefix: str) -> list[tuple[str, str, str]]:
    rows = []
    for key, sub in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        about = sub.get("description", "").replace("|", "\\|")
        rows.append((path, _kind(sub), about))
        if "properties" in sub:
            rows += _rows(sub, f"{path}.")
        items = sub.get("items", {})
        if "properties" in items:
            rows += _rows(items, f"{path}[].")
    return rows


def _kind(schema: Schema) -> str:
    if "const" in schema:
        return "constant"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    if "array" in kinds and "enum" in schema.get("items", {}):
        return "list of " + ", ".join(f"`{v}`" for v in schema["items"]["enum"])
    return " or ".join(kinds)


def shipped_files(rules: RuleSet, repo: Path) -> dict[Path, str]:
    """Every schema file the repository ships, and what it must hold."""
    files = {
        repo / "rules" / "schemas" / f"{kind}.schema.json": schema_json(
            rule_file_schema(kind, rules)
        )
        for kind in KINDS
    }
    files.update(
        {
            repo / "docs" / "schemas" / f"{name}.schema.json": schema_json(
                output_schema(name, rules)
            )
            for name in OUTPUTS
        }
    )
    files[repo / "docs" / "json.md"] = markdown(rules)
    return files


def main() -> None:
    from cryo_check.paths import repository_rules_dir
    from cryo_check.rulebook.validation import check_rules

    checked = check_rules(repository_rules_dir())
    if checked.problems:
        raise SystemExit("\n".join(str(p) for p in checked.problems))
    repo = repository_rules_dir().parent
    for path, text in shipped_files(checked.rules, repo).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(repo)}")


if __name__ == "__main__":
    main()
