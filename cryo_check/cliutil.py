"""What every command shares: options, the error handler, and how errors are printed."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from cryo_check.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    AnswerError,
    CryoCheckError,
    InputError,
    printable,
)

if TYPE_CHECKING:
    from cryo_check.ruleset import Cancer, RuleSet

P = ParamSpec("P")
R = TypeVar("R")

PROG = "cryo-check"
EXIT_INTERNAL = 3
EXIT_IO = 74  # sysexits' EX_IOERR
EXIT_BROKEN_PIPE = 141

RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Folder of rule files to use instead of the shipped ones "
        "(default: $CRYO_CHECK_RULES, else the shipped rules).",
    ),
]


def error(line: str) -> None:
    sys.stderr.write(f"{PROG}: {line}\n")
    sys.stderr.flush()


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one stderr line each and their exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CryoCheckError as exc:
            for line in exc.lines():
                error(line)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            error("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): nothing more to say to anyone.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except typer.Exit:
            raise
        except OSError as exc:
            if exc.filename is not None:
                # A file or folder named on the command line that could not be used.
                error(f"error: {printable(str(exc.filename))}: {exc.strerror or exc}")
                raise typer.Exit(EXIT_INPUT) from None
            # No file named: writing the output failed (a full disk, a closed terminal).
            error(f"error: cannot write the output: {exc.strerror or exc} (check the disk or path)")
            raise typer.Exit(EXIT_IO) from None
        except Exception as exc:
            if os.environ.get("CRYO_CHECK_DEBUG"):
                raise
            error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(this is a bug; set CRYO_CHECK_DEBUG=1 to see the traceback and please report it)"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def choose_format(
    value: str, choices: tuple[str, ...] = ("text", "json", "markdown"), option: str = "--format"
) -> str:
    """``value`` as one of ``choices`` (any case), or an InputError naming the option."""
    chosen = value.strip().lower()
    if chosen not in choices:
        raise InputError(
            option, f"{value!r} is not a format", "choose one of: " + ", ".join(choices)
        )
    return chosen


def find_cancer(rules: RuleSet, text: str, where: str) -> Cancer:
    """The covered cancer ``text`` names (id or any other name), or an InputError at ``where``."""
    try:
        cancer = rules.resolve(text)
    except AnswerError as exc:
        raise exc.located(where) from None
    if cancer is None:
        raise InputError(
            where,
            f"{text!r} is not a covered cancer type",
            f"'{PROG} rules list' shows every covered type",
        )
    return cancer


# --- shell completion and help --------------------------------------------------------------
# The callbacks below are attached to options when the app is built, and do their work only
# when a shell asks for completions (``cryo_check.completion`` is imported then, never on an
# ordinary run).


def completes(*values: str) -> Callable[[], list[str]]:
    """A shell-completion callback offering ``values`` (Typer keeps those that fit)."""

    def complete() -> list[str]:
        return list(values)

    return complete


def completes_from_rules(what: str) -> Callable[[typer.Context], list[tuple[str, str]]]:
    """A shell-completion callback offering ``what`` (``cancer``, ``scenario``, a question id,
    …) from the rules in use: ``--rules`` when it is on the line, else ``$CRYO_CHECK_RULES``,
    else the shipped rules."""

    def complete(ctx: typer.Context) -> list[tuple[str, str]]:
        from cryo_check.completion import values

        return values(what, ctx.params.get("rules"))

    return complete


def examples(*lines: str) -> str:
    """A help epilog showing real invocations, one per line (each is run by a test)."""
    # A paragraph each: Typer's help joins the lines of a paragraph.
    return "**Examples**\n\n" + "\n\n".join(f"$ {line}" for line in lines)
