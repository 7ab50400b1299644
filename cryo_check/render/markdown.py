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
    documents_say,
    listed_words,
)
from cryo_check.core.ruleset import VERDICTS, Cancer, RuleSet
from cryo_check.core.sections import DISCLAIMER as LAST
from cryo_check.core.sections import HEAD, Layout, Line, Quote, Section, check_sections

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
    """A check result: its sections (``core.sections``), each span through its one escaper."""
    return sections_markdown(check_sections(report))


def sections_markdown(sections: list[Section], *, disclaimer_first: bool = False) -> str:
    """Sections as Markdown: the first's title a heading of level 1, the others of level 2,
    the disclaimer set apart at the end, under a rule (and, ``disclaimer_first``, quoted
    under the first section too, as a handout has it)."""
    lines: list[str] = []
    for section in sections:
        body = [line for block in section.blocks for line in _LAYOUT.block(block)]
        if section.id == LAST:
            lines += ["---", "", f"**Disclaimer:** {body[0]}", *body[1:]]
            continue
        level = "#" if section.id == HEAD else "##"
        lines += [f"{level} {escape(section.title)}", ""]
        for block in section.blocks:
            lines += [*_LAYOUT.block(block), ""]
        if section.id == HEAD and disclaimer_first:
            last = next(s for s in sections if s.id == LAST)
            lines += [f"> {line}" for block in last.blocks for line in _LAYOUT.block(block)]
            lines.append("")
    return "\n".join(lines) + "\n"


class _Markdown(Layout[str, list[str]]):
    """Spans as inline Markdown, blocks as lines; every piece of text through ``escape``."""

    def words(self, text: str) -> str:
        # The escaper folds white space: the edges that join spans are kept.
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() and text.strip() else ""
        return lead + escape(text) + trail

    def quote(self, quote: str, source: str) -> str:
        return f"“{escape(quote)}” ({escape(source)})"

    def code(self, code: str) -> str:
        return code_span(code)

    def status(self, status: str, text: str) -> str:
        return escape(text)

    def verdict(self, verdict: str, text: str) -> str:
        return f"**Verdict: {escape(text)}** ({code_span(verdict)})"

    def blank(self, width: int) -> str:
        # The first underscore escaped: a run of them is never emphasis nor, alone on a
        # line, a thematic break.
        return "\\" + "_" * width

    def line(self, line: Line) -> str:
        return "".join(self.span(span) for span in line)

    def paragraph(self, line: Line) -> list[str]:
        return [self.line(line)]

    def quote_block(self, quote: Quote) -> list[str]:
        return [quote_line(quote.quote, quote.source)]

    def bullets(self, items: tuple[Line, ...]) -> list[str]:
        return [f"- {self.line(item)}" for item in items]

    def table(
        self, caption: str, headers: tuple[str, ...], rows: tuple[tuple[Line, ...], ...]
    ) -> list[str]:
        return [
            "| " + " | ".join(cell(h) for h in headers) + " |",
            "|" + " --- |" * len(headers),
            *("| " + " | ".join(self.line(c) for c in row) + " |" for row in rows),
        ]


_LAYOUT = _Markdown()


def code_span(code: str) -> str:
    """``code`` as a Markdown code span: fenced with more backticks than it holds in a row,
    and on one line (a code span shows its text as it is, so nothing in it is markup)."""
    one_line = " ".join(str(code).split())
    fence = "`" * (max((len(run) for run in re.findall("`+", one_line)), default=0) + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


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
    """``info``: its sections, laid out as a check result's are."""
    from cryo_check.core.sections import info_sections

    out.write(sections_markdown(info_sections(document)))


def write_table(document: TableDocument, out: TextIO) -> None:
    out.write(table_markdown(document.cancer, document.rows))


def write_export(document: Selection, out: TextIO) -> None:
    out.write(export_markdown(document.rules, document.cancers))
