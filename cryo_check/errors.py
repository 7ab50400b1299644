"""One exception hierarchy; the CLI maps each class to a documented exit code.

| exit | meaning                                                       | raised as     |
| ---- | ------------------------------------------------------------- | ------------- |
| 0    | a verdict was given (whatever it is)                          | -             |
| 1    | the rules could not be loaded or failed their own checks      | RulesError    |
| 2    | bad input: an option, an answer, a file named on the command  | InputError    |
| 3    | an internal error: a bug                                      | (cli)         |
| 74   | the output could not be written                               | (cli)         |
| 130  | interrupted (Ctrl-C)                                          | -             |
| 141  | the reader of the output went away                            | (cli)         |
"""

import unicodedata
from typing import ClassVar, NamedTuple, Self

#: The one table of exit codes (docs/reliability.md lists them; ``commands.handler`` maps
#: every failure to one of them).
EXIT_OK = 0
#: A rule folder with problems (``rules validate``, a broken ``--rules`` folder).
EXIT_RULES = 1
#: Something given on the command line, in a file or at a prompt that cannot be used.
EXIT_INPUT = 2
#: A bug: "internal error: …" (``CRYO_CHECK_DEBUG=1`` shows the traceback).
EXIT_INTERNAL = 3
#: The output could not be written (sysexits' EX_IOERR).
EXIT_IO = 74
#: Ctrl-C.
EXIT_INTERRUPTED = 130
#: The output's reader went away (a closed pipe: 128 + SIGPIPE, as a shell reports it).
EXIT_BROKEN_PIPE = 141


def printable(text: str) -> str:
    """``text`` with control characters escaped, so no message can drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


#: Longest piece of a person's text quoted in a message: every error line stays short.
MAX_QUOTED = 60
#: Longest file path quoted in a message (paths are longer than answers, and still bounded).
MAX_PATH_QUOTED = 240


def shown(value: object, limit: int = MAX_QUOTED) -> str:
    """``value`` as quoted in a message: repr'd (so escaped) and cut to about ``limit``."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        # repr() of a huge int is slow, and refused past 4,300 digits.
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if not isinstance(value, str):
        value = repr(value)
        return value if len(value) <= limit else value[: limit - 1] + "…"
    quoted = repr(value[: limit + 1])
    return quoted if len(value) <= limit else quoted[:-2] + "…" + quoted[-1]


def clipped(text: str, limit: int) -> str:
    """``text`` with control characters escaped, cut to ``limit`` characters with ``…``:
    for text from elsewhere (a file name, Typer's message) that begins or makes a line."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Letters that show as nothing (Hangul fillers, a combining grapheme joiner, variation
#: selectors, Khmer and Mongolian invisibles): printable to Python, blank to a reader.
_BLANK_LETTERS = frozenset(
    "\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)


def plainly_clean(text: str) -> bool:
    """Printable, with no letter that shows as nothing: a text ``hidden_character`` finds
    nothing in, one line or not (the quick test it makes first, for callers with many texts)."""
    return text.isprintable() and _BLANK_LETTERS.isdisjoint(text)


def hidden_character(text: str, *, one_line: bool = False) -> str | None:
    """The first character of ``text`` that could drive a terminal or hide or reorder what is
    shown (a control character, a bidi control, a zero-width or other format character, a
    line separator, a letter that shows as nothing), named for a message; None when there is
    none. Tab and line breaks are only whitespace, unless the text is ``one_line`` (a name, a
    rule's text: a carriage return there can overwrite what a terminal shows)."""
    if plainly_clean(text):
        return None
    for ch in text:
        if (ch in "\t\n\r" and not one_line) or (ch.isprintable() and ch not in _BLANK_LETTERS):
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp") or ch in _BLANK_LETTERS:
            name = unicodedata.name(ch, "") or _SPACING.get(ch, "")
            return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
    return None


_SPACING = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def middle_clipped(where: str) -> str:
    """A place (a path, ``file:line``) shortened in its middle past ``MAX_PATH_QUOTED``, so
    the message and fix after it still fit the line."""
    if len(where) <= MAX_PATH_QUOTED:
        return where
    half = MAX_PATH_QUOTED // 2
    return f"{where[:half]}…{where[-half:]}"


class CryoCheckError(Exception):
    """Base of every error cryo-check reports to a user (never with a traceback)."""

    exit_code: ClassVar[int] = EXIT_RULES

    def lines(self) -> list[str]:
        """What to print on stderr, one complete message per line."""
        return [str(self)]


class Problem(NamedTuple):
    """One thing wrong in a rule folder, located as precisely as the YAML allows."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = middle_clipped(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(f"{text} (fix: {self.fix})" if self.fix else text)


class RulesError(CryoCheckError):
    """The rule folder could not be loaded; carries every problem found, not just the first."""

    exit_code = EXIT_RULES

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def lines(self) -> list[str]:
        return [f"error: {p}" for p in self.problems]


class InputError(CryoCheckError):
    """A bad answer or option: names where it came from and how to fix it."""

    exit_code = EXIT_INPUT

    def __init__(self, where: str, message: str, fix: str | None = None) -> None:
        self.where = where
        self.message = message
        self.fix = fix
        super().__init__(self._line())

    def _line(self) -> str:
        where = middle_clipped(self.where)
        text = f"{where}: {self.message}" if where else self.message
        return printable(f"{text} ({self.fix})" if self.fix else text)

    def lines(self) -> list[str]:
        return [f"error: {self._line()}"]


class AnswerError(InputError):
    """An answer that is not valid for its question; ``where`` is filled in by the caller."""

    def __init__(self, question: str, message: str, fix: str | None = None) -> None:
        self.question = question
        super().__init__("", message, fix)

    def located(self, where: str) -> Self:
        """The same error (a NameQuestion stays one), now naming where the answer came from
        (an option, a file's line, a row)."""
        found = type(self).__new__(type(self))
        found.__dict__.update(self.__dict__, where=where)
        found.args = (found._line(),)
        return found
