"""Text for a terminal, with rich. Only ``cryo_check.render`` imports rich (the console is
built here, in ``make_console``).

The verdict is always said in words; colour only repeats it. Everything a person typed is
shown as plain text (``Text``), never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.table import Table as RichTable
from rich.text import Text

from cryo_check import MAX_WIDTH, MIN_WIDTH
from cryo_check.core.ruleset import COMMONLY, INSUFFICIENT, MAY, NOT_COVERED, NOT_TYPICALLY
from cryo_check.core.sections import DISCLAIMER as LAST
from cryo_check.core.sections import HEAD, Layout, Line, Quote, Section, check_sections
from cryo_check.environment import terminal_size

if TYPE_CHECKING:
    from cryo_check.core.documents import InfoDocument, Report


#: Colour only repeats the verdict, which is always said in words.
VERDICT_STYLES = {
    COMMONLY: "bold green",
    MAY: "bold yellow",
    NOT_TYPICALLY: "bold red",
    NOT_COVERED: "bold magenta",
    INSUFFICIENT: "bold blue",
}
STATUS_STYLES = {
    "met": "green",
    "not_met": "red",
    "unknown": "yellow",
    "not_applicable": "dim",
    "open": "yellow",
}


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


def plain_wanted(plain: bool = False) -> bool:
    """Linear text (no box drawing, no tables) when asked, or on a terminal that says it is
    dumb (TERM=dumb: screen readers and simple consoles)."""
    import os

    return plain or os.environ.get("TERM", "") == "dumb"


def render_text(
    report: Report, out: TextIO, width: int | None = None, *, plain: bool = False
) -> None:
    """A check result: its sections (``core.sections``) laid out for a terminal; ``plain``:
    the same content as linear text, tables as lines of "header: cell", no boxes."""
    write_sections(check_sections(report), out, width, plain=plain)


def write_info(document: InfoDocument, out: TextIO) -> None:
    """``info``: its sections, laid out as a check result's are."""
    from cryo_check.core.sections import info_sections

    write_sections(info_sections(document), out)


def write_sections(
    sections: list[Section], out: TextIO, width: int | None = None, *, plain: bool = False
) -> None:
    """Sections for a terminal: the first's title in bold, a heading a section, the
    disclaimer in a panel at the end (a line "Disclaimer:" when ``plain``)."""
    console = make_console(out, width)
    shown = layout(plain)
    for section in sections:
        if section.id == HEAD:
            console.print(Text(section.title, style="bold"))
        elif section.id == LAST:
            console.print()
            if isinstance(shown, _Linear):
                console.print(Text(f"{section.title}:", style="bold"))
            else:
                body = Group(*(shown.block(block) for block in section.blocks))
                console.print(Panel(body, title=section.title, title_align="left"))
                continue
        else:
            console.print(heading(section.title))
        for block in section.blocks:
            console.print(shown.block(block))


def write_card(report: Report, out: TextIO, *, plain: bool = False) -> None:
    """The short card (``core.card``): the same spans, laid out compactly for one screen."""
    from cryo_check.core.card import card_sections

    console = make_console(out)
    shown = layout(plain)
    for section in card_sections(report):
        if section.id == HEAD:
            console.print(Text(section.title, style="bold"))
        elif section.id == LAST:
            console.print()
        elif section.title:
            console.print(Text(section.title, style="bold underline"))
        for block in section.blocks:
            console.print(shown.block(block))


class _Terminal(Layout[Text, RenderableType]):
    """Spans as rich ``Text`` (plain text, never markup) styled by their type; blocks as
    rich renderables, a table boxed."""

    def words(self, text: str) -> Text:
        return Text(text)

    def quote(self, quote: str, source: str) -> Text:
        return quoted(quote, source)

    def code(self, code: str) -> Text:
        return Text(code, style="bold")

    def status(self, status: str, text: str) -> Text:
        return Text(text, style=STATUS_STYLES[status])

    def verdict(self, verdict: str, text: str) -> Text:
        return Text.assemble(("Verdict: ", "bold"), (text, VERDICT_STYLES[verdict]))

    def blank(self, width: int) -> Text:
        return Text("_" * width)

    def line(self, line: Line) -> Text:
        return Text.assemble(*(self.span(span) for span in line))

    def paragraph(self, line: Line) -> RenderableType:
        return self.line(line)

    def quote_block(self, quote: Quote) -> RenderableType:
        return Padding(quoted(quote.quote, quote.source), (0, 0, 0, 2), expand=False)

    def bullets(self, items: tuple[Line, ...]) -> RenderableType:
        return bullets([self.line(item) for item in items])

    def table(
        self, caption: str, headers: tuple[str, ...], rows: tuple[tuple[Line, ...], ...]
    ) -> RenderableType:
        table = RichTable(show_lines=True)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(self.line(cell) for cell in row))
        return table


class _Linear(_Terminal):
    """The same, as linear text (``plain``): a table's rows as bullets of "header: cell"."""

    def table(
        self, caption: str, headers: tuple[str, ...], rows: tuple[tuple[Line, ...], ...]
    ) -> RenderableType:
        lines = []
        for row in rows:
            spans: list[Text] = []
            for header, cell in zip(headers, row, strict=True):
                if spans:
                    # "Which type of cancer? Answer: …", not "cancer?; Answer".
                    spans.append(Text(" " if spans[-1].plain.endswith(("?", ".")) else "; "))
                spans.append(Text(f"{header}: "))
                spans.append(self.line(cell))
            lines.append(Text.assemble(*spans))
        return bullets(lines)


def layout(plain: bool) -> _Terminal:
    """The layout for a terminal: linear text when ``plain`` is wanted (``plain_wanted``)."""
    return _Linear() if plain_wanted(plain) else _Terminal()


def write_check(report: Report, out: TextIO) -> None:
    render_text(report, out)
