"""What every command shares: options, the error handler, and how errors are printed."""

from __future__ import annotations

import codecs
import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Annotated, Any, NamedTuple, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand

from cryo_check.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    AnswerError,
    CryoCheckError,
    InputError,
    clipped,
    printable,
    shown,
)

if TYPE_CHECKING:
    from cryo_check.core.ruleset import Cancer, RuleSet

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


#: No error line is longer than this, whatever it quotes.
MAX_ERROR_LINE = 1000


class Command(NamedTuple):
    """A command as its module declares it (``COMMANDS`` in each ``commands/*.py``)."""

    #: Builds the function Typer registers (only for the command being run).
    make: Callable[[], Callable[..., None]]
    #: Real invocations its help shows, one per line (tests/test_help.py runs every one).
    examples: tuple[str, ...]


class OnceCommand(TyperCommand):
    """A command whose options that take one value may each be given once.

    Click keeps the last of ``--stage spread --stage early`` without a word, which could
    turn an answer into a more favourable one; here it is a usage error (exit 2). Options
    meant to be repeated (``--answer``) and flags are left alone. Give it as ``cls=``."""

    def make_parser(self, ctx: Any) -> Any:
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_once(args: list[str]) -> Any:
            opts, rest, order = parse(args)
            seen: set[int] = set()
            flags = ("multiple", "count", "is_flag")  # repeatable, counted, or on/off
            for param in order:  # one entry per occurrence on the command line
                once = getattr(param, "param_type_name", "") == "option" and not any(
                    getattr(param, flag, False) for flag in flags
                )
                if once and id(param) in seen:
                    names = " / ".join(param.opts)
                    raise typer.BadParameter(
                        "it is given more than once: give it once (only one value can count)",
                        ctx=ctx,
                        param_hint=names,
                    )
                seen.add(id(param))
            return opts, rest, order

        setattr(parser, "parse_args", parse_once)  # noqa: B010 - an instance's, not the class's
        return parser


def error(line: str) -> None:
    line = clipped(line, MAX_ERROR_LINE)
    try:
        sys.stderr.write(f"{PROG}: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr is closed or full: the exit code still says what happened


class OutputLostError(Exception):
    """Standard output could not be written: its reader went away, or the write failed.

    Not an OSError on purpose: Click and Typer turn a broken pipe into exit 1 (here, "rules
    could not be loaded"), so a lost output is carried past them to ``cli.run``, which exits
    with 141 or 74 on every path (results, help, --version).
    """

    def __init__(
        self, reason: str, *, broken_pipe: bool, fix: str = "check the disk or path"
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.broken_pipe = broken_pipe
        self.fix = fix

    def exit_code(self) -> int:
        """Say why (a reader that went away needs no message) and give the exit code."""
        if self.broken_pipe:
            return EXIT_BROKEN_PIPE
        error(f"error: cannot write the output: {self.reason} ({self.fix})")
        return EXIT_IO


class GuardedOutput:
    """Standard output for one run: a failed write raises OutputLostError, nothing else changes.

    It has no ``buffer`` on purpose, so that nothing writes around it.
    """

    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        self.errors = getattr(stream, "errors", None) or "strict"

    def _lost(self, exc: OSError) -> OutputLostError:
        gone = exc.errno == errno.EPIPE or isinstance(exc, BrokenPipeError)
        return OutputLostError(exc.strerror or str(exc), broken_pipe=gone)

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputLostError(
                "standard output is closed",
                broken_pipe=False,
                fix="redirect it to a file or to /dev/null",
            )
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._lost(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._lost(exc) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        return self._stream.fileno()

    def writable(self) -> bool:
        return True


#: What a stream that cannot encode them gets instead of the typographic characters used in
#: output. Never a double quote, backslash, comma or bar: a replacement must not change the
#: structure of JSON, CSV or a Markdown table that slipped through unescaped.
ASCII_FALLBACK = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": "'",
    "\u201d": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "*",
    "\u2192": "->",
    "\u00a0": " ",
}
FALLBACK_ERRORS = "cryo-check-fallback"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    # A stand-in where one reads the same; else the character's code (never a bare '?',
    # which would lose it): '\\u814e'.
    return "".join(ASCII_FALLBACK.get(ch) or ascii(ch)[1:-1] for ch in text), exc.end


codecs.register_error(FALLBACK_ERRORS, _fallback)


#: Plain text as output holds it, one long line: a codec that does not write it as ASCII
#: (UTF-16, punycode, idna, which refuses a long word, ``undefined``, which refuses all)
#: cannot be used for this program's output.
PLAIN_SAMPLE = "Kidney cancer: 3.5 cm, (see 'rules list') " + "x" * 100 + "\n"


def writes_ascii(stream: Any) -> bool:
    """Whether ``stream``'s codec writes ASCII text as ASCII (and so works at all)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return PLAIN_SAMPLE.encode(encoding) == PLAIN_SAMPLE.encode("ascii")
    except (UnicodeError, LookupError, ValueError, TypeError):
        return False


def can_encode(stream: Any, text: str = "\u201c\u2014\u2026\u2022\u2502") -> bool:
    """Whether ``stream`` can write the characters cryo-check's output uses."""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeError, LookupError, ValueError, TypeError):
        return False
    return True


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
            # A stream rich writes to (see render.text) lost its reader: the one place that
            # decides what a lost output exits with is cli.run, as for stdout.
            raise OutputLostError("the reader went away", broken_pipe=True) from None
        except (typer.Exit, OutputLostError):
            raise
        except OSError as exc:
            code = os_error(exc)
            if code is not None:
                raise typer.Exit(code) from None
            report_internal(exc)
            raise typer.Exit(EXIT_INTERNAL) from None
        except Exception as exc:
            if os.environ.get("CRYO_CHECK_DEBUG"):
                raise
            report_internal(exc)
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def report_internal(exc: BaseException) -> None:
    error(
        f"internal error: {type(exc).__name__}: {exc} "
        "(this is a bug; set CRYO_CHECK_DEBUG=1 to see the traceback and please report it)"
    )


def os_error(exc: OSError) -> int | None:
    """Say what an OSError that reached the top means, by its cause, and give its exit code;
    None when the cause is unknown (an internal error). Writing the output never gets here:
    standard output raises OutputLostError (exit 74 or 141)."""
    from cryo_check.paths import working_folder

    if working_folder() is None:
        # A relative path was used from a folder deleted under the shell: not the output.
        error(
            "error: the working folder no longer exists (it was deleted or moved) "
            "(cd to a folder that exists, or give absolute paths)"
        )
        return EXIT_INPUT
    if exc.filename is not None:
        # A file or folder named on the command line that could not be used.
        error(f"error: {printable(str(exc.filename))}: {exc.strerror or exc}")
        return EXIT_INPUT
    return None


def choose_format(
    value: str, choices: tuple[str, ...] = ("text", "json", "markdown"), option: str = "--format"
) -> str:
    """``value`` as one of ``choices`` (any case), or an InputError naming the option."""
    chosen = value.strip().lower()
    if chosen not in choices:
        raise InputError(
            option, f"{shown(value)} is not a format", "choose one of: " + ", ".join(choices)
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
            f"{shown(text)} is not a covered cancer type",
            f"'{PROG} rules list' shows every covered type",
        )
    return cancer


# --- shell completion and help --------------------------------------------------------------
# The callbacks below are attached to options when the app is built, and do their work only
# when a shell asks for completions (``cryo_check.commands.completion`` is imported then,
# never on an ordinary run).


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
        from cryo_check.commands.completion import values

        return values(what, ctx.params.get("rules"))

    return complete


def examples(*lines: str) -> str:
    """A help epilog showing real invocations, one per line (each is run by a test)."""
    # A paragraph each: Typer's help joins the lines of a paragraph.
    return "**Examples**\n\n" + "\n\n".join(f"$ {line}" for line in lines)


def format_option(kind: str) -> Any:
    """The ``--format`` option of a command writing ``kind`` documents (use it as
    ``Annotated[str, format_option(kind)]``): its choices, metavar and completion are the
    formats ``render.WRITERS`` has for it, so a format is added in one place."""
    from cryo_check.render import formats

    choices = formats(kind)
    return typer.Option(
        "--format",
        "-f",
        metavar="[" + "|".join(choices) + "]",
        help=f"Output format (default: {choices[0]}).",
        autocompletion=completes(*choices),
    )
