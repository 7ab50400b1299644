"""What every command shares: how it is declared, its options, choices and completions.

Errors are handled in one place: ``commands.handler``."""

# No ``from __future__ import annotations``: Typer reads the signatures of the completion
# callbacks below when it builds a command, and annotations kept as text would be compiled
# and evaluated each time.
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand

from cryo_check.errors import (
    AnswerError,
    InputError,
    shown,
)

if TYPE_CHECKING:
    from cryo_check.core.ruleset import Cancer, RuleSet

from cryo_check.commands.handler import PROG

RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Folder of rule files to use instead of the shipped ones "
        "(default: $CRYO_CHECK_RULES, else the shipped rules).",
    ),
]


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


def find_cancer(rules: "RuleSet", text: str, where: str) -> "Cancer":
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
