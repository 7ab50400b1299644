"""Text for a terminal, with rich. Only ``cryo_check.render`` imports rich (the console is
built here, in ``make_console``).

The verdict is always said in words; colour only repeats it. Everything a person typed is
shown as plain text (``Text``), never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cryo_check import MAX_WIDTH, MIN_WIDTH
from cryo_check.core.report import STATUS_WORDS, according_to, listed_words, missing_words, sourced
from cryo_check.core.ruleset import COMMONLY, INSUFFICIENT, MAY, NOT_COVERED, NOT_TYPICALLY
from cryo_check.environment import terminal_size

if TYPE_CHECKING:
    from cryo_check.core.documents import Report


#: Colour only repeats the verdict, which is always said in words.
VERDICT_STYLES = {
    COMMONLY: "bold green",
    MAY: "bold yellow",
    NOT_TYPICALLY: "bold red",
    NOT_COVERED: "bold magenta",
    INSUFFICIENT: "bold blue",
}
STATUS_STYLES = {"met": "green", "not_met": "red", "unknown": "yellow", "not_applicable": "dim"}


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit with 1 here, which means "rules could not be loaded" to cryo-check;
        # the error handler passes it on to cli.run, which exits with the documented 141.
        self.quiet = True
        raise BrokenPipeError


class _TrimmedLines:
    """A stream for files and pipes that drops the spaces rich pads each line with."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.encoding = getattr(out, "encoding", "utf-8")
        self._pending = ""

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            self.out.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self.out.write(self._pending)
            self._pending = ""
        self.out.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.out.fileno()


def make_console(out: TextIO, width: int | None = None) -> Console:
    """The one place consoles are built: per call, so NO_COLOR/FORCE_COLOR are read when used."""
    stream: Any = out if out.isatty() else _TrimmedLines(out)
    # The size is read once, safely (rich would int() $COLUMNS and $LINES itself).
    columns, lines = terminal_size()
    console = _Console(
        file=stream,
        width=columns if width is None else width,
        height=lines,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    console.width = min(max(console.width, MIN_WIDTH), MAX_WIDTH)
    return console


class LiveCounter:
    """A transient progress line counting up; call it with None when done, and ``say`` a
    line to print it above the count (never glued to it)."""

    def __init__(self, out: TextIO, label: str) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.completed:,} " + label),
            console=make_console(out),
            transient=True,
        )
        self._task = self._progress.add_task(label, total=None)
        self._progress.start()

    def __call__(self, done: int | None) -> None:
        if done is None:
            self._progress.stop()
        else:
            self._progress.update(self._task, completed=done)

    def say(self, line: str) -> None:
        self._progress.console.print(Text(line), soft_wrap=True, highlight=False)


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def quoted(quote: str, source: str) -> Text:
    return Text.assemble("“", (quote, "italic"), f"” ({source})")


def bullets(items: list[Text]) -> Table:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row("•", item)
    return grid


def render_text(report: Report, out: TextIO, width: int | None = None) -> None:
    console = make_console(out, width)
    title = report["cancer_name"] or report["cancer_input"] or "cancer type not given"
    console.print(Text(f"Cryotherapy: {title}", style="bold"))
    console.print(
        Text.assemble(
            ("Verdict: ", "bold"), (report["verdict_text"], VERDICT_STYLES[report["verdict"]])
        )
    )
    if report["verdict"] != "not_covered" or report["rules_folder"]:
        console.print(Text(according_to(report), style="dim"))
    if report["listed_in"]:
        console.print(Text(listed_words(report["listed_in"])))
    if report["reasons"]:
        console.print(heading("Why"))
        for reason in report["reasons"]:
            console.print(Text(reason["reason"]))
            for e in reason["evidence"]:
                console.print(Padding(quoted(e["quote"], e["source"]), (0, 0, 0, 2), expand=False))
    if report["criteria"]:
        table = Table(show_lines=True)
        table.add_column("Criterion", overflow="fold")
        table.add_column("Your answer", overflow="fold")
        table.add_column("Status", overflow="fold")
        table.add_column("Quote (source)", overflow="fold")
        for c in report["criteria"]:
            table.add_row(
                Text(c["label"]),
                Text(c["answer"] if c["answer"] is not None else "unknown"),
                Text(STATUS_WORDS[c["status"]], style=STATUS_STYLES[c["status"]]),
                quoted(c["quote"], c["source"]),
            )
        console.print(heading("Criteria"))
        console.print(table)
    if report["missing"]:
        console.print(heading("Missing answers"))
        console.print(bullets([Text(missing_words(report, q)) for q in report["missing"]]))
    if report["what_if"]:
        console.print(heading("What would change the verdict"))
        console.print(bullets([Text(change["text"]) for change in report["what_if"]]))
    if report["notes"]:
        console.print(heading("Notes"))
        items = []
        for note in report["notes"]:
            line = Text()
            if note["text"]:
                line.append(note["text"] + (": " if note["quote"] else ""))
            if note["quote"] and note["source"]:
                line.append_text(quoted(note["quote"], note["source"]))
            items.append(line)
        console.print(bullets(items))
    more = report["more_information"]
    titles = " and ".join(t["title"].lower() for t in more["topics"]) or "more"
    console.print(heading("More"))
    console.print(Text(f"For {titles}, as the documents describe them: {more['command']}"))
    console.print(heading("Sources"))
    console.print(bullets([Text(f"{s['id']}: {sourced(s)}") for s in report["sources"]]))
    console.print()
    console.print(Panel(Text(report["disclaimer"]), title="Disclaimer", title_align="left"))


def write_check(report: Report, out: TextIO) -> None:
    render_text(report, out)
