"""Tools for people who write and teach with rules: run examples, export handouts.

A library: returns data and strings, prints nothing. ``cryo-check rules …`` is a thin layer
over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryo_check import DISCLAIMER, SCHEMA_VERSION, SHORT_DISCLAIMER
from cryo_check.core.explain import Branch, Leaf, Node, Row, decision_tree
from cryo_check.core.ruleset import NOT_COVERED, VERDICTS, Cancer, RuleSet, Topic
from cryo_check.errors import AnswerError, Problem
from cryo_check.paths import display_path
from cryo_check.render.markdown import cell, escape, listed_markdown
from cryo_check.rulebook.examples import run_example, run_scenario

if TYPE_CHECKING:
    from cryo_check.rulebook.validation import FolderCheck


def flow(mapping: dict[str, Any] | tuple[tuple[str, Any], ...]) -> str:
    """``{stage: early, size: 3cm}``: answers as a person would write them in YAML."""
    items = mapping.items() if isinstance(mapping, dict) else mapping
    return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"


@dataclass(frozen=True)
class ExampleOutcome:
    file: str
    line: int | None
    name: str | None
    answers: str
    expected: str
    got: str
    expected_missing: tuple[str, ...] | None = None
    got_missing: tuple[str, ...] = ()
    kind: str = "example"

    @property
    def passed(self) -> bool:
        if self.got != self.expected:
            return False
        return self.expected_missing is None or self.expected_missing == self.got_missing

    def failure(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = f" '{self.name}'" if self.name else ""
        got = self.got
        expected = self.expected
        if self.expected_missing is not None:
            expected += f" (missing {flow_list(self.expected_missing)})"
            got += f" (missing {flow_list(self.got_missing)})"
        return f"{where}: {self.kind}{label} {self.answers}: expected {expected}, got {got}"


def flow_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


@dataclass(frozen=True)
class TestRun:
    outcomes: tuple[ExampleOutcome, ...]
    #: Files that failed validation: each counts as one failure, never as skipped.
    broken: tuple[tuple[str, tuple[Problem, ...]], ...]

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes) + len(self.broken)


def run_examples(checked: FolderCheck) -> TestRun:
    """Every example of every file that compiled; every broken file as a failure."""
    from cryo_check.rulebook.validation import RESERVED

    rules = checked.rules
    outcomes = []
    for cancer in rules.cancers.values():
        for example in cancer.examples:
            try:
                got, missing = run_example(cancer, example, checked.rules)
            except AnswerError as exc:
                got, missing = f"error ({exc.message})", ()
            outcomes.append(
                ExampleOutcome(
                    display_path(rules.path_of(cancer.file)),
                    example.line,
                    example.name,
                    flow(example.answers),
                    example.expect,
                    got,
                    example.expect_missing,
                    missing,
                )
            )
    broken_types = [name for name in checked.broken_files if Path(name).stem not in RESERVED]
    for scenario in checked.rules.scenarios:
        got, missing = run_scenario(checked.rules, scenario)
        if (
            got != scenario.expect
            and (got == NOT_COVERED or got.startswith("error"))
            and broken_types
        ):
            # Its type is probably in a file that did not validate (counted on its own).
            got += f" (is its type in {', '.join(broken_types)}, which does not validate?)"
        outcomes.append(
            ExampleOutcome(
                display_path(rules.path_of(scenario.file)),
                scenario.line,
                scenario.id,
                flow(scenario.answers),
                scenario.expect,
                got,
                scenario.expect_missing,
                missing,
                kind="scenario",
            )
        )
    broken = tuple(
        (name, tuple(p for p in checked.problems if p.file == name))
        for name in checked.broken_files
    )
    return TestRun(tuple(outcomes), broken)


def export_markdown(rules: RuleSet, cancers: list[Cancer]) -> str:
    """A handout: one criteria table and one decision table per cancer, quotes, sources."""
    out = [
        "# Cryotherapy for cancer: what two patient documents say",
        "",
        f"> {DISCLAIMER}",
    ]
    for cancer in cancers:
        out += ["", f"## {escape(cancer.name)} (`{cancer.id}`)", ""]
        if cancer.aliases:
            out += [f"Other names: {escape(', '.join(cancer.aliases))}.", ""]
        listed = cancer.listed_in
        out.append(
            listed_markdown(
                {"source": listed.source, "quote": listed.quote, "context": cancer.listed_context}
            )
        )
        if cancer.criteria:
            out += [
                "",
                "| Criterion | Question | Test | Quote | Source |",
                "| --- | --- | --- | --- | --- |",
            ]
            out += [
                f"| {cell(c.label)} | {cell(c.question)} | {cell(c.test.describe())} "
                f"| “{cell(c.evidence.quote)}” | {cell(c.evidence.source)} |"
                for c in cancer.criteria
            ]
        out += ["", "| When | Verdict | Why |", "| --- | --- | --- |"]
        for d in cancer.decisions:
            when = ", ".join(f"{cid} {'met' if met else 'not met'}" for cid, met in d.when)
            out.append(f"| {cell(when or 'always')} | {VERDICTS[d.verdict]} | {cell(d.reason)} |")
        if cancer.notes:
            out.append("")
        for note in cancer.notes:
            lead = f"{escape(note.text)}: " if note.text else ""
            out.append(f"- {lead}“{escape(note.evidence.quote)}” ({escape(note.evidence.source)})")
    out += ["", "## Sources", ""]
    out += [f"- **{escape(s.id)}**: {escape(s.described())}" for s in rules.sources.values()]
    out += ["", "---", "", f"**Disclaimer:** {DISCLAIMER}", ""]
    return "\n".join(out)


def export_mermaid(cancers: list[Cancer]) -> str:
    """A Mermaid flowchart of each cancer's decision, in Markdown (renders on most hosts)."""
    out = ["# Cryotherapy decision flowcharts", "", f"> {DISCLAIMER}"]
    for cancer in cancers:
        out += ["", f"## {escape(cancer.name)} (`{cancer.id}`)", "", "```mermaid"]
        out += [*mermaid(cancer), "```"]
    out += ["", f"**Disclaimer:** {DISCLAIMER}", ""]
    return "\n".join(out)


#: Characters that mean something in a Mermaid label, as its entity codes: a label cannot
#: end early, start a statement (``click … "javascript:…"``) or hold HTML.
_MERMAID_ENTITIES = str.maketrans(
    {
        '"': "#quot;",
        "#": "#35;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "`": "#96;",
        "|": "#124;",
        ";": "#59;",
    }
)


def mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label: one line, every special character an entity."""
    return '"' + " ".join(text.split()).translate(_MERMAID_ENTITIES) + '"'


def mermaid_id(cancer_id: str) -> str:
    """A node id no cancer id can turn into a keyword (``end``) or break: prefixed, and
    letters, digits and underscores only."""
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", cancer_id)


def mermaid(cancer: Cancer) -> list[str]:
    """The cancer's decision tree as Mermaid flowchart lines, top-down."""
    prefix = mermaid_id(cancer.id)
    lines = ["flowchart TD", f"    {prefix}[{mermaid_label(cancer.name)}]"]
    declared: set[str] = set()
    counter = 0

    def ident(node: Node) -> str:
        nonlocal counter
        if isinstance(node, Leaf):
            name = f"{prefix}_{node.verdict}"
            if name not in declared:
                declared.add(name)
                lines.append(f"    {name}([{mermaid_label(VERDICTS[node.verdict])}])")
            return name
        counter += 1
        name = f"{prefix}_q{counter}"
        label = cancer.question(node.question).label.capitalize()
        lines.append(f"    {name}{{{mermaid_label(label + '?')}}}")
        return name

    def edges(node: Node, name: str) -> None:
        if isinstance(node, Branch):
            for label, child in node.children:
                child_name = ident(child)
                lines.append(f"    {name} -->|{mermaid_label(label)}| {child_name}")
                edges(child, child_name)

    root = decision_tree(cancer)
    root_name = ident(root)
    lines.append(f"    {prefix} --> {root_name}")
    edges(root, root_name)
    return lines


def listing(rules: RuleSet) -> dict[str, Any]:
    """``rules list`` as data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "folder": display_path(Path(rules.folder)),
        "cancers": [
            {
                "id": c.id,
                "name": c.name,
                "kind": c.kind,
                "file": display_path(rules.path_of(c.file)),
                "aliases": list(c.aliases),
                "criteria": [
                    {
                        "id": k.id,
                        "question": k.question,
                        "test": k.test.describe(),
                        "source": k.evidence.source,
                    }
                    for k in c.criteria
                ],
            }
            for c in rules.cancers.values()
        ],
        "sources": [{"id": s.id, "citation": s.described()} for s in rules.sources.values()],
        "disclaimer": DISCLAIMER,
    }


def info_document(rules: RuleSet, topics: list[Topic], cancer: Cancer | None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "cancer_type": cancer.id if cancer else None,
        "cancer_name": cancer.name if cancer else None,
        "listed_in": (
            {"source": cancer.listed_in.source, "quote": cancer.listed_in.quote} if cancer else None
        ),
        "topics": [
            {
                "id": t.id,
                "title": t.title,
                "points": [
                    {"text": p.text, "source": p.evidence.source, "quote": p.evidence.quote}
                    for p in t.points
                ],
            }
            for t in topics
        ],
        "sources": [{"id": s.id, "citation": s.described()} for s in rules.sources.values()],
        "disclaimer": DISCLAIMER,
    }


def info_markdown(document: dict[str, Any]) -> str:
    name = document["cancer_name"]
    about = f" and {escape(name[:1].lower() + name[1:])}" if name else " for cancer"
    out = [f"# Cryotherapy{about}: what the two documents say"]
    if document["listed_in"]:
        e = document["listed_in"]
        out += ["", f"Listed: “{escape(e['quote'])}” ({escape(e['source'])})."]
    for topic in document["topics"]:
        out += ["", f"## {escape(topic['title'])}", ""]
        for p in topic["points"]:
            lead = f"{escape(p['text'])}: " if p["text"] else ""
            out.append(f"- {lead}“{escape(p['quote'])}” ({escape(p['source'])})")
    out += ["", "## Sources", ""]
    out += [f"- **{escape(s['id'])}**: {escape(s['citation'])}" for s in document["sources"]]
    out += ["", "---", "", f"**Disclaimer:** {document['disclaimer']}", ""]
    return "\n".join(out)


def table_markdown(cancer: Cancer, rows: list[Row]) -> str:
    headers = [*cancer.questions, "verdict"]
    out = [f"# {escape(cancer.name)}: every combination of answers", ""]
    out += ["| " + " | ".join(map(cell, headers)) + " |", "|" + " --- |" * len(headers)]
    out += [
        "| " + " | ".join([*(cell(label) for _, label in r.cells), VERDICTS[r.verdict]]) + " |"
        for r in rows
    ]
    out += ["", f"**Disclaimer:** {DISCLAIMER}", ""]
    return "\n".join(out)


def table_csv(cancer: Cancer, rows: list[Row]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*cancer.questions, "verdict", "disclaimer"])
    for r in rows:
        writer.writerow([*(label for _, label in r.cells), r.verdict, SHORT_DISCLAIMER])
    return buffer.getvalue()
