"""The one error handler: every run of cryo-check goes through ``run_guarded``, every command
through ``reports_errors``; each kind of failure becomes one line on stderr and its exit code
from the one table in ``cryo_check.errors`` (pre-commit's ``error_handler.py`` is the model).

* a known error (``CryoCheckError``: a bad answer, a rule folder with problems): its lines,
  then its exit code (2 for input, 1 for rules);
* a usage error Typer finds (an unknown option, a missing value): one line, exit 2;
* Ctrl-C: "interrupted", 130;
* the output lost (its reader went away, 141; a write failed, 74);
* an ``OSError`` by its cause (a file named on the line, a deleted working folder: 2);
* anything else: "internal error: …", 3 (``CRYO_CHECK_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

import typer

from cryo_check import environment
from cryo_check.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_IO,
    EXIT_OK,
    CryoCheckError,
    clipped,
    printable,
)

P = ParamSpec("P")
R = TypeVar("R")

PROG = "cryo-check"


#: No error line is longer than this, whatever it quotes.
MAX_ERROR_LINE = 1000


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


def run_guarded(app: Callable[[], Any]) -> int:
    """Run ``app`` (the Typer app called on the arguments) as the ``cryo-check`` command does;
    returns the exit code.

    Whatever the streams are (closed, full, a pipe whose reader left, an encoding without
    curly quotes), the exit code is a documented one: see ``cryo_check.errors``.
    """
    streams = sys.stdin, sys.stdout, sys.stderr
    _prepare_streams()
    try:
        code = _run(app)
        sys.stdout.flush()  # the output is delivered only once it is written
        return code
    except OutputLostError as exc:
        _discard_output(streams[1])
        return exc.exit_code()
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams


def _run(app: Callable[[], Any]) -> int:
    try:
        code = app()
    except typer.Abort:
        error("aborted")
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:
        # Typer's own usage errors (an unknown option, a missing value): one line, exit 2.
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]
            return EXIT_OK
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else PROG
        message = clipped(exc.format_message(), MAX_ERROR_LINE // 2)
        error(f"error: {message[:1].lower()}{message[1:]} (see '{where} --help')")
        return int(getattr(exc, "exit_code", EXIT_INPUT))
    except OSError as exc:
        # Output is guarded (OutputLostError); this is a last resort, said by its cause.
        if exc.errno == errno.EPIPE:
            return EXIT_BROKEN_PIPE
        code = os_error(exc)
        if code is not None:
            return code
        report_internal(exc)
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def _prepare_streams() -> None:
    """Streams a run can rely on: the standard descriptors open (so no file opened later
    takes their place), stdout guarded, characters an encoding lacks written in ASCII."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdin is None:
        sys.stdin = Path(os.devnull).open(encoding="utf-8")  # noqa: SIM115 - for the run
    if sys.stderr is None:
        # Closed by the caller: errors go nowhere, and the exit code still says what happened.
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - for the run
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if not writes_ascii(stream):
            # A codec that does not write plain text as ASCII (PYTHONIOENCODING=undefined,
            # idna, utf-16) is replaced by ASCII, with the same stand-ins.
            stream.reconfigure(encoding="ascii", errors=FALLBACK_ERRORS)
        elif not can_encode(stream):
            stream.reconfigure(errors=FALLBACK_ERRORS)
    sys.stdout = GuardedOutput(sys.stdout)
    # $COLUMNS and $LINES as the one reader reads them, also for Typer's help and rich.
    environment.settle()


def _discard_output(stdout: Any) -> None:
    """After a lost output, send what is still buffered to /dev/null, so that the
    interpreter's last flush cannot fail (and print a traceback, and exit 120)."""
    try:
        fd = stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)
