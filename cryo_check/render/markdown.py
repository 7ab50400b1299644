"""Markdown: the result as a handout, for a class or a printed sheet.

Every piece of text from a person or a rule file goes through ``escape`` (``cell`` in a
table), the one Markdown escaper, here and in the rule handouts below and in ``mermaid``:
rendered, it reads exactly as written, never as HTML, emphasis, a link, code or a new block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from cryo_check import DISCLAIMER
from cryo_check.core.explain import Row
from cryo_check.core.report import (
    STATUS_WORDS,
    according_to,
    documents_say,
    listed_words,
    sourced,
)
from cryo_check.core.ruleset import VERDICTS, Cancer, RuleSet

if TYPE_CHECKING:
    from cryo_check.core.documents import InfoDocument, Report, Selection, TableDocument


#: ASCII punctuation that means something anywhere in a line of Markdown (CommonMark lets
#: any ASCII punctuation be escaped with a backslash; these are the ones that need it).
#: An underscore inside a word (``fit_for_surgery``) is never emphasis, so it is left as is.
_INLINE = re.compile(r"([\\`*{}\[\]<>&|~!]|(?<![^\W_])_|_(?![^\W_]))")
#: What means something only at the start of a line: a heading, list, quote, rule or setext.
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[>+=-]|\d{1,9}[.)](?=\s|$))")


def escape(text: object) -> str:
    """``text`` as Markdown that renders it literally, on one line."""
    one_line = " ".join(str(text).split())
    escaped = _INLINE.sub(r"\\\1", one_line)
    return _LINE_START.sub(lambda m: m[1] + _escape_lead(m[2]), escaped)


def _escape_lead(lead: str) -> str:
    return lead[:-1] + "\\" + lead[-1]


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell (a ``|`` is escaped like the rest)."""
    return escape(text)


def quote_line(quote: str, source: str) -> str:
    return f"> “{escape(quote)}” — *{escape(source)}*"


def listed_markdown(listed: Mapping[str, object]) -> str:
    """``report.listed_words`` with every piece escaped."""
    return listed_words({k: None if v is None else escape(v) for k, v in listed.items()})


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    add = lines.append
    title = report["cancer_name"] or report["cancer_input"] or "cancer type not given"
    add(f"# Cryotherapy: {escape(title)}")
    add("")
    add(
        f"**Verdict: {escape(report['verdict_text'])}** (`{report['verdict']}`), "
        f"{escape(according_to(report))}."
    )
    if report["listed_in"]:
        add("")
        add(listed_markdown(report["listed_in"]))
    add("")
    add("## Answers")
    add("")
    add("| Question | Answer |")
    add("| --- | --- |")
    read = {c["question"] for c in report["criteria"]}
    for question, value in report["answers"].items():
        if value is None:
            asked = question == "cancer" or question in read or not report["cancer_type"]
            value = "unknown" if asked else "not asked (no criterion for this type reads it)"
        add(f"| {cell(report['questions'][question]['prompt'])} | {cell(value)} |")
    if report["reasons"]:
        add("")
        add("## Why")
        for reason in report["reasons"]:
            add("")
            add(escape(reason["reason"]))
            for e in reason["evidence"]:
                add("")
                add(quote_line(e["quote"], e["source"]))
    if report["criteria"]:
        add("")
        add("## Criteria")
        add("")
        add("| Criterion | Answer | Status | Quote | Source |")
        add("| --- | --- | --- | --- | --- |")
        for c in report["criteria"]:
            answer = c["answer"] if c["answer"] is not None else "unknown"
            add(
                f"| {cell(c['label'])} | {cell(answer)} | {STATUS_WORDS[c['status']]} "
                f"| “{cell(c['quote'])}” | {cell(c['source'])} |"
            )
    if report["missing"]:
        add("")
        add("## Missing answers")
        add("")
        for question in report["missing"]:
            q = report["questions"][question]
            add(f"- {escape(q['prompt'])} (`{q['answer_with']}`)")
    if report["what_if"]:
        add("")
        add("## What would change the verdict")
        add("")
        for change in report["what_if"]:
            add(f"- {escape(change['text'])}")
    if report["notes"]:
        add("")
        add("## Notes")
        for note in report["notes"]:
            add("")
            if note["text"]:
                add(f"{escape(note['text'])}:" if note["quote"] else escape(note["text"]))
                if note["quote"]:
                    add("")
            if note["quote"] and note["source"]:
                add(quote_line(note["quote"], note["source"]))
    add("")
    more = report["more_information"]
    for topic in more["topics"]:
        add("")
        add(f"## {topic['title']}")
        for point in topic["points"]:
            add("")
            if point["text"]:
                add(f"{point['text']}:")
                add("")
            add(quote_line(point["quote"], point["source"]))
    add("")
    add(f"More from the documents: `{more['command']}`.")
    add("")
    add("## Sources")
    add("")
    for s in report["sources"]:
        add(f"- **{escape(s['id'])}**: {escape(sourced(s))}")
    add("")
    add("---")
    add("")
    add(f"**Disclaimer:** {report['disclaimer']}")
    return "\n".join(lines) + "\n"


# --- rule handouts: `rules export`, `rules table`, `info` --------------------------------


def export_markdown(rules: RuleSet, cancers: list[Cancer]) -> str:
    """A handout: one criteria table and one decision table per cancer, quotes, sources."""
    out = [
        f"# Cryotherapy for cancer: what {documents_say(len(rules.sources))}",
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


def info_markdown(document: InfoDocument) -> str:
    name = document["cancer_name"]
    about = f" and {escape(name[:1].lower() + name[1:])}" if name else " for cancer"
    out = [f"# Cryotherapy{about}: what {documents_say(len(document['sources']))}"]
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


def write_check(report: Report, out: TextIO) -> None:
    out.write(render_markdown(report))


def write_info(document: InfoDocument, out: TextIO) -> None:
    out.write(info_markdown(document))


def write_table(document: TableDocument, out: TextIO) -> None:
    out.write(table_markdown(document.cancer, document.rows))


def write_export(document: Selection, out: TextIO) -> None:
    out.write(export_markdown(document.rules, document.cancers))
