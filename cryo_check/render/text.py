"""Text for a terminal, with rich. The only module that imports rich.

The verdict is always said in words; colour only repeats it. Everything a person typed is
shown as plain text (``Text``), never parsed as markup.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cryo_check.questions import QUESTIONS
from cryo_check.report import STATUS_WORDS, Report, answered, listed_words, what_if_words

VERDICT_STYLES = {
    "commonly_considered": "bold green",
    "may_be_considered": "bold yellow",
    "not_typically_considered": "bold red",
    "not_covered": "bold magenta",
    "insufficient_information": "bold blue",
}
STATUS_STYLES = {"met": "green", "not_met": "red", "unknown": "yellow", "not_applicable": "dim"}


def make_console(out: TextIO, width: int | None = None) -> Console:
    """The one place consoles are built: per call, so NO_COLOR/FORCE_COLOR are read when used."""
    return Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False)


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def render_text(report: Report, out: TextIO, width: int | None = None) -> None:
    console = make_console(out, width)
    title = report["cancer_name"] or report["cancer_input"] or "cancer type not given"
    console.print(Text.assemble(("cryo-check: ", "bold"), (title, "bold")))
    console.print(
        Text.assemble(
            ("Verdict: ", "bold"),
            (report["verdict_text"], VERDICT_STYLES[report["verdict"]]),
            " (according to the two source documents)",
        )
    )
    if report["listed_in"]:
        console.print(Text(listed_words(report["listed_in"])))
    if report["reasons"]:
        console.print(heading("Why"))
        for reason in report["reasons"]:
            console.print(Text(reason["reason"]))
            for e in reason["evidence"]:
                console.print(Text.assemble("  “", (e["quote"], "italic"), f"” — {e['source']}"))
    if report["criteria"]:
        table = Table(title=None, show_lines=True, expand=False)
        table.add_column("Criterion")
        table.add_column("Your answer")
        table.add_column("Status")
        table.add_column("Quote (source)")
        for c in report["criteria"]:
            table.add_row(
                Text(c["label"]),
                Text(c["answer"] if c["answer"] is not None else "unknown"),
                Text(STATUS_WORDS[c["status"]], style=STATUS_STYLES[c["status"]]),
                Text.assemble("“", (c["quote"], "italic"), f"” ({c['source']})"),
            )
        console.print(heading("Criteria"))
        console.print(table)
    if report["missing"]:
        console.print(heading("Missing answers"))
        for question in report["missing"]:
            q = QUESTIONS[question]
            console.print(Text(f"• {q.prompt} ({q.option})"))
    if report["what_if"]:
        console.print(heading("What would change the verdict"))
        for change in report["what_if"]:
            console.print(Text("• " + what_if_words(change, answered(report, change["question"]))))
    if report["notes"]:
        console.print(heading("Notes"))
        for note in report["notes"]:
            line = Text("• ")
            if note["text"]:
                line.append(note["text"] + (": " if note["quote"] else ""))
            if note["quote"]:
                line.append_text(
                    Text.assemble("“", (note["quote"], "italic"), f"” ({note['source']})")
                )
            console.print(line)
    console.print(heading("Sources"))
    for s in report["sources"]:
        console.print(Text(f"• {s['id']}: {s['citation']}"))
    console.print()
    console.print(
        Panel(
            Group(Text(report["disclaimer"])), title="Disclaimer", title_align="left", expand=False
        )
    )
