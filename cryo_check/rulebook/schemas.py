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


def _string(description: str, *, null: bool = False, **more: Any) -> Schema:
    return {"type": ["string", "null"] if null else "string", "description": description, **more}


def _object(description: str, properties: dict[str, Schema], *, null: bool = False) -> Schema:
    return {
        "type": ["object", "null"] if null else "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _array(description: str, items: Schema) -> Schema:
    return {"type": "array", "description": description, "items": items}


def _measure_keys(rules: RuleSet) -> dict[str, Question]:
    """``size_cm`` -> the size question: the number beside each measure's answer."""
    return {f"{q.id}_{q.unit}": q for q in rules.questions.values() if q.kind == MEASURE}


def _version() -> Schema:
    return {
        "const": SCHEMA_VERSION,
        "description": "The version of this document's schema (cryo-check schema NAME); it "
        "changes whenever a key is added, removed or changes meaning.",
    }


def _evidence(what: str) -> dict[str, Schema]:
    return {
        "source": _string(f"The id of the source {what} quotes (see sources)."),
        "quote": _string("Words copied verbatim from that source."),
    }


def _citations() -> Schema:
    return _array(
        "The documents the rules quote.",
        _object(
            "A document.",
            {"id": _string("Its id."), "citation": _string("Its bibliographic details, in words.")},
        ),
    )


def output_schema(name: str, rules: RuleSet) -> Schema:
    """The schema of a JSON document cryo-check writes (``OUTPUTS``)."""
    build = {
        "check": _check,
        "batch": _batch_row,
        "rules-list": _rules_list,
        "info": _info,
    }[name]
    schema = build(rules)
    return {"$schema": DIALECT, "title": f"cryo-check {name}", **schema}


def _check(rules: RuleSet) -> Schema:
    question_ids = list(rules.questions)
    criteria_questions = [q.id for q in rules.questions.values() if q.kind != CANCER_KIND]
    verdict = {"enum": list(VERDICTS)}
    rule_verdicts = [v for v in VERDICTS if v not in ("not_covered", "insufficient_information")]
    what_if: dict[str, Schema] = {
        "question": {"enum": criteria_questions, "description": "The question answered."},
        "answer": _string("The answer, as shown (a size as a band, e.g. '4 cm or more')."),
        "verdict": {**verdict, "description": "The verdict that answer would give."},
        "text": _string("The change in words."),
    }
    for q in rules.questions.values():
        if q.kind == MEASURE:
            what_if[f"range_{q.unit}"] = _object(
                f"For a {q.label}: the band of answers, in {q.unit} (only for {q.id}).",
                {
                    "min": {"type": "number", "description": "Its lower end."},
                    "max": {"type": "number", "description": "Its upper end."},
                    "min_inclusive": {"type": "boolean", "description": "Whether min is in it."},
                    "max_inclusive": {"type": "boolean", "description": "Whether max is in it."},
                },
            )
    what_if_item = _object("A single answer that would change the verdict.", what_if)
    what_if_item["required"] = ["question", "answer", "verdict", "text"]
    source_fields = ("title", "untitled", "publisher", "author", "reviewed_by")
    return _object(
        "One case checked against the rules: the verdict, why, and what would change it. "
        "General information, not medical advice.",
        {
            "schema_version": _version(),
            "cryo_check_version": _string("The cryo-check version that wrote it."),
            "rules_sha256": _string("SHA-256 of the rule files used.", pattern="^[0-9a-f]{64}$"),
            "rules_folder": _string(
                "The custom rule folder used (--rules, $CRYO_CHECK_RULES), or null for the "
                "shipped rules: a custom folder's rules need not be the documents' word.",
                null=True,
            ),
            "cancer_input": _string("The cancer type as given, or null.", null=True),
            "cancer_type": _string(
                "The covered type it names (its id), or null when not covered or not given.",
                null=True,
            ),
            "cancer_reading": _object(
                "How the cancer name was read, word by word (null when none was given).",
                {
                    "words": _array(
                        "Each word (or phrase) of the name and the role it was read in.",
                        _object(
                            "A word of the name.",
                            {
                                "word": _string("The word, folded as names are compared."),
                                "role": {
                                    "enum": [
                                        "type",
                                        "descriptor",
                                        "stage",
                                        "not-covered",
                                        "spread-to",
                                    ],
                                    "description": "What it was read as.",
                                },
                            },
                        ),
                    ),
                    "site": _string(
                        "For a type not covered: what the name names, or null.", null=True
                    ),
                    "note": _string("What the reading must say, or null.", null=True),
                },
                null=True,
            ),
            "cancer_name": _string("That type's name, or null.", null=True),
            "verdict": {**verdict, "description": "The verdict (see the README's table)."},
            "verdict_text": _string(
                "The verdict in words; resting on an open criterion, it says so ('…, if the "
                "care team counts the tumour as smaller: the documents give no size')."
            ),
            "open": _array(
                "The open criteria the verdict rests on: left to the care team by the documents.",
                _object(
                    "An open criterion.",
                    {
                        "id": _string("Its id in the rule file.", pattern=SLUG),
                        "label": _string("The condition in words."),
                        "question": _string("The question whose answer it shows."),
                        "answer": _string("The answer given, or null: open either way.", null=True),
                        "condition": _string("What the care team decides, after 'if'."),
                        "why": _string("Why it is open ('the documents give no size')."),
                        **_evidence("the criterion"),
                    },
                ),
            ),
            "as_of": _string(
                "The date the result is for (YYYY-MM-DD): CRYO_CHECK_TODAY, or today.",
                pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            ),
            "answers": _object(
                "Each declared question's answer as shown ('3.5 cm'), or null for unknown.",
                {
                    q.id: _string(f"The answer to '{q.prompt}'", null=True)
                    for q in rules.questions.values()
                },
            ),
            "measures": _object(
                "Each measure answered, as a number in its question's unit, keyed "
                "question_unit (size_cm); null when not answered.",
                {
                    key: {
                        "type": ["number", "null"],
                        "description": f"The {q.label} in {q.unit}.",
                    }
                    for key, q in _measure_keys(rules).items()
                },
            ),
            "listed_in": _object(
                "Where the documents name the type, or null.",
                {
                    **_evidence("the type's listing"),
                    "context": _string("The verbatim lead-in to the name, or null.", null=True),
                },
                null=True,
            ),
            "criteria": _array(
                "The type's criteria, each with its status for these answers.",
                _object(
                    "A criterion.",
                    {
                        "id": _string("Its id in the rule file.", pattern=SLUG),
                        "label": _string("The condition in words."),
                        "question": {
                            "enum": criteria_questions,
                            "description": "The question it reads.",
                        },
                        "test": _string("Its test in words, e.g. 'under 4 cm'."),
                        "answer": _string("The answer it read, or null.", null=True),
                        "status": {
                            "enum": ["met", "not_met", "unknown", "not_applicable", "open"],
                            "description": "not_applicable: unknown, and no answer would "
                            "change the verdict; open: the documents leave it to the care team.",
                        },
                        **_evidence("the criterion"),
                    },
                ),
            ),
            "reasons": _array(
                "Why: the decisions that gave the verdict.",
                _object(
                    "A decision.",
                    {
                        "verdict": {"enum": rule_verdicts, "description": "Its verdict."},
                        "reason": _string("Why, in words."),
                        "evidence": _array(
                            "The quotes it rests on.",
                            _object("A quote.", _evidence("the reason")),
                        ),
                    },
                ),
            ),
            "missing": _array(
                "The questions whose answers would decide (for insufficient_information).",
                {"enum": question_ids},
            ),
            "what_if": _array("Single answers that would change the verdict.", what_if_item),
            "notes": _array(
                "Notes: quoted (source and quote set) or cryo-check's own (both null).",
                _object(
                    "A note.",
                    {
                        "text": _string("Words introducing the quote, or the note.", null=True),
                        "source": _string("The source quoted, or null.", null=True),
                        "quote": _string("The quote, or null.", null=True),
                    },
                ),
            ),
            "care_team_questions": _array(
                "Questions to take to the care team, from fixed neutral templates: each from "
                "a document's note (text, source, quote) or from an unknown answer or a gap "
                "the documents leave (text, gap). None is a recommendation.",
                {
                    "oneOf": [
                        _object(
                            "A question about a document's note.",
                            {"text": _string("The question, with the quote."), **_evidence("it")},
                        ),
                        _object(
                            "A question about an unknown answer or a gap in the documents.",
                            {
                                "text": _string("The question."),
                                "gap": _string("What is unknown or undefined, in words."),
                            },
                        ),
                    ]
                },
            ),
            "more_information": _object(
                "Where to read more, and the topics every result carries (how it is done, "
                "side effects), quoted.",
                {
                    "command": _string("The command that says more: cryo-check info ID."),
                    "topics": _array(
                        "The topics, each a list of quoted points.",
                        _object(
                            "A topic.",
                            {
                                "id": _string("Its id in info.yaml.", pattern=SLUG),
                                "title": _string("Its title."),
                                "points": _array(
                                    "Its points.",
                                    _object(
                                        "A quoted point.",
                                        {
                                            "text": _string(
                                                "Words introducing the quote, or null.", null=True
                                            ),
                                            **_evidence("the point"),
                                        },
                                    ),
                                ),
                            },
                        ),
                    ),
                },
            ),
            "sources": _array(
                "The documents cited in this result (all of them when none is).",
                _object(
                    "A document.",
                    {
                        "id": _string("Its id."),
                        **{
                            key: _string(f"Its {key.replace('_', ' ')}, or null.", null=True)
                            for key in source_fields
                        },
                        "date": _string("The date it carries, or null.", null=True),
                        "last_reviewed": _string("When it was last reviewed, or null.", null=True),
                        "citation": _string("Its bibliographic details, in words."),
                        "provenance": _string(
                            "Who published it and what it rests on, or null.", null=True
                        ),
                        "own_words": _array(
                            "What it says of itself, quoted.",
                            _object("A quote.", _evidence("the document")),
                        ),
                        "age": _string("How long before as_of its date or last review was."),
                        "review_overdue": {
                            "type": "boolean",
                            "description": "More than three years past its date or last review "
                            "on as_of: due for review.",
                        },
                        "age_text": _string("Its date, age and whether due for review, in words."),
                    },
                ),
            ),
            "questions": _object(
                "Each declared question: how it reads and how to answer it.",
                {
                    q.id: _object(
                        f"The question {q.id}.",
                        {
                            "label": _string("A few words naming it."),
                            "prompt": _string("The question as asked."),
                            "answer_with": _string("The option that answers it."),
                        },
                    )
                    for q in rules.questions.values()
                },
            ),
            "disclaimer": {"const": DISCLAIMER, "description": "Always present."},
        },
    )


def _batch_row(rules: RuleSet) -> Schema:
    answers: dict[str, Schema] = {}
    measures = {q.id: key for key, q in _measure_keys(rules).items()}
    for q in rules.questions.values():
        answers[q.id] = _string(f"The answer to '{q.prompt}', as shown, or null.", null=True)
        if q.id == CANCER:
            answers["cancer_type"] = _string("The covered type it names, or null.", null=True)
        if q.id in measures:
            answers[measures[q.id]] = {
                "type": ["number", "null"],
                "description": f"The {q.label} as a number of {q.unit}, or null.",
            }
    return _object(
        "One row of a batch, in the input's order (a line of --format jsonl; the csv columns "
        "are the same keys, missing joined with ';', kept and because spread into columns of "
        "their own). General information, not medical advice.",
        {
            "schema_version": _version(),
            "line": {"type": "integer", "description": "The case's line in the input file."},
            "case": _string(
                "The case's id (its id, name, case or student column), or null.", null=True
            ),
            "kept": {
                "type": "object",
                "description": "The input's own columns (a CSV header's names that are no "
                "question's), as written.",
                "additionalProperties": {"type": "string"},
            },
            **answers,
            "verdict": {
                "enum": [*VERDICTS, None],
                "description": "The verdict; null for a row that could not be read.",
            },
            "missing": _array(
                "The questions whose answers would decide.", {"enum": list(rules.questions)}
            ),
            "prediction": _string(
                "The verdict predicted (an id; as written when it could not be read), or null.",
                null=True,
            ),
            "correct": {
                "type": ["boolean", "null"],
                "description": "Whether the prediction is what the documents support; null "
                "with no prediction read.",
            },
            "right_if": _string(
                "For a wrong prediction: the one answer that would have made it right "
                "('the tumour were under 4 cm'), or null.",
                null=True,
            ),
            "because": _object(
                "The criterion that answer turns, and its quote, or null.",
                {
                    "criterion": _string("The criterion."),
                    "quote": _string("Its quote."),
                    "source": _string("The quote's source."),
                },
                null=True,
            ),
            "error": _string(
                "Why the row (or its prediction) could not be read, or null.", null=True
            ),
            "disclaimer": {"const": SHORT_DISCLAIMER, "description": "Always present."},
        },
    )


def _rules_list(rules: RuleSet) -> Schema:
    return _object(
        "Every covered cancer type of the rules in use.",
        {
            "schema_version": _version(),
            "folder": _string("The rule folder."),
            "cancers": _array(
                "The covered types, by id.",
                _object(
                    "A covered type.",
                    {
                        "id": _string("Its id.", pattern=SLUG),
                        "name": _string("Its name."),
                        "kind": {"enum": ["cancer", "precancer"], "description": "Its kind."},
                        "file": _string("Its rule file."),
                        "aliases": _array("Its other names.", {"type": "string"}),
                        "criteria": _array(
                            "Its criteria.",
                            _object(
                                "A criterion.",
                                {
                                    "id": _string("Its id.", pattern=SLUG),
                                    "question": _string("The question it reads."),
                                    "test": _string("Its test in words."),
                                    "source": _string("The source its quote is from."),
                                },
                            ),
                        ),
                    },
                ),
            ),
            "sources": _citations(),
            "disclaimer": {"const": DISCLAIMER, "description": "Always present."},
        },
    )


def _info(rules: RuleSet) -> Schema:
    return _object(
        "What the documents say about cryotherapy, each point quoted.",
        {
            "schema_version": _version(),
            "cancer_type": _string("The type asked about, or null for general.", null=True),
            "cancer_name": _string("Its name, or null.", null=True),
            "listed_in": _object(
                "Where the documents name the type, or null.",
                _evidence("the listing"),
                null=True,
            ),
            "topics": _array(
                "The topics, in order.",
                _object(
                    "A topic.",
                    {
                        "id": _string("Its id.", pattern=SLUG),
                        "title": _string("Its title."),
                        "points": _array(
                            "What the documents say on it.",
                            _object(
                                "A point.",
                                {
                                    "text": _string("Words of ours introducing it.", null=True),
                                    **_evidence("the point"),
                                },
                            ),
                        ),
                    },
                ),
            ),
            "sources": _citations(),
            "disclaimer": {"const": DISCLAIMER, "description": "Always present."},
        },
    )


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
