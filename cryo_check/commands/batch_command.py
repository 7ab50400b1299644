"""``cryo-check batch``: the command; reading and writing cases is ``commands.batch``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cryo_check.commands.common import Command, RulesOption, choose_format, completes
from cryo_check.commands.handler import reports_errors
from cryo_check.errors import MAX_PATH_QUOTED, InputError, clipped, shown

BATCH_FORMATS = ("table", "csv", "jsonl", "html")


@reports_errors
def batch(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Cases: CSV (comma, semicolon or tab separated) with a header of question "
            "ids or labels, JSON Lines, or a YAML list; - for stdin. An id, name or student "
            "column names each case; a prediction column is scored; other columns are kept.",
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[table|csv|jsonl|html]",
            help="Output format (default: a table on a terminal, else jsonl). The table "
            "shows the first 1,000 cases and counts them all; csv and jsonl list every case; "
            "html is a printable class-results page.",
            autocompletion=completes(*BATCH_FORMATS),
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="[csv|jsonl|yaml]",
            help="Input format (default: from the file name, else from its first line).",
            autocompletion=completes("csv", "jsonl", "yaml"),
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad row (exit 2), not skip it.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Check many cases: one result per row, in the file's order, then a count of each
    verdict and of the predictions that agree with what the documents support.

    A row that cannot be read is written with its error (and told on stderr, with its line);
    with --strict, the run stops there, exit 2, every row before it written.
    """
    from cryo_check.commands.batch import INPUT_FORMATS, run_batch

    fmt = choose_format(
        output_format or ("table" if sys.stdout.isatty() else "jsonl"), BATCH_FORMATS
    )
    source_format = (
        choose_format(input_format, INPUT_FORMATS, "--input-format") if input_format else None
    )
    from cryo_check.rulebook.loader import load_rules

    ruleset = load_rules(rules)
    if file == "-":
        # Bytes, decoded a line at a time as UTF-8 whatever the locale says (read_cases
        # skips a byte-order mark): a line that is not UTF-8 is one bad row.
        stdin = getattr(sys.stdin, "buffer", None) or sys.stdin
        run_batch(ruleset, stdin, "<stdin>", source_format, fmt, strict=strict)
        return
    try:
        stream = Path(file).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(
            "FILE", f"cannot read {shown(file, MAX_PATH_QUOTED)}: {exc.strerror}"
        ) from None
    with stream:
        run_batch(
            ruleset, stream, clipped(file, MAX_PATH_QUOTED), source_format, fmt, strict=strict
        )


COMMANDS = {
    "batch": Command(lambda: batch, ("cryo-check batch examples/class-cases.csv --format csv",))
}
