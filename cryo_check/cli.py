"""The ``cryo-check`` command line: a thin layer over the library.

Each command parses its options, calls the library and picks a renderer; no rule logic lives
here. Errors from the library reach a person as one line on stderr with a documented exit
code (see ``cryo_check.errors``), never as a traceback. Heavy modules (rich, PyYAML, pydantic
models, renderers) are imported inside the commands that need them.
"""

# No ``from __future__ import annotations``: Typer reads the signatures of ``root`` and the
# option callbacks, and annotations kept as text would be compiled and evaluated each time.
import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cryo_check import __version__
from cryo_check.commands.common import Command, OnceCommand, examples
from cryo_check.commands.handler import PROG, reports_errors, run_guarded
from cryo_check.errors import InputError


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


def _current_shell() -> str:
    from cryo_check.commands.completion import detected_shell

    shell = detected_shell()
    if shell is None:
        raise InputError(
            "--install-completion",
            "the shell in use is not bash, zsh or fish",
            "print a script with 'cryo-check completion SHELL'",
        )
    return shell


@reports_errors
def _install_completion(value: bool) -> None:
    if value:
        from cryo_check.commands.completion import install

        shell = _current_shell()
        where = install(shell, PROG, Path.home())
        typer.echo(f"{shell} completion installed in {where}")
        typer.echo("Completion will take effect once you restart the terminal")
        raise typer.Exit()


@reports_errors
def _show_completion(value: bool) -> None:
    if value:
        from cryo_check.commands.completion import script

        sys.stdout.write(script(_current_shell(), PROG))
        raise typer.Exit()


def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            help="Install completion for the current shell.",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            help="Show completion for the current shell, to copy it or customize the installation.",
        ),
    ] = False,
) -> None:
    """Says whether cancer cryotherapy (cryoablation) is commonly considered, according to the
    patient-information documents its rules quote, with the reasons and the quotes they rest on.

    General information, not medical advice: consult your doctor.
    """


#: Each command and the module that declares it (``COMMANDS`` there: the function, built
#: when asked for, and the real invocations its help shows; tests/test_help.py runs them).
#: Only the module of the command being run is imported.
COMMAND_MODULES: dict[str, str] = {
    "check": "check",
    "info": "documents",
    "batch": "batch_command",
    "demo": "teaching",
    "completion": "teaching",
    "schema": "documents",
    "quiz": "quiz",
}
COMMANDS = tuple(COMMAND_MODULES)
#: The examples the whole program's help shows.
EXAMPLES = (
    "cryo-check check -c kidney -s early --size 3cm --fit-for-surgery no",
    "cryo-check rules list",
)


def command(name: str) -> Command:
    """The command ``name``, from the module that declares it."""
    module = importlib.import_module(f"cryo_check.commands.{COMMAND_MODULES[name]}")
    found: Command = module.COMMANDS[name]
    return found


def build_app(only: str | None = None, *, completion: bool = False) -> typer.Typer:
    """The Typer app; with ``only``, holding just that command.

    Typer turns every registered command into a Click command before it parses anything, so
    when the command to run is known, building only it starts the program faster. The
    result is the same: a group with the same callback and the same command. Typer's
    ``--install-completion`` and ``--show-completion`` belong to the whole app (and to a
    shell asking for completions, ``completion``): they cost imports no command needs.
    """
    _plain_placeholders()
    built = typer.Typer(
        name=PROG,
        no_args_is_help=True,
        add_completion=False,  # cryo-check's own --install-completion (zsh's first Tab)
        epilog=examples(*EXAMPLES),
        pretty_exceptions_enable=False,
        # Markdown: help written across several source lines reads as one paragraph.
        rich_markup_mode="markdown",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for name in COMMANDS:
        if only in (None, name):
            declared = command(name)
            built.command(name, cls=OnceCommand, epilog=examples(*declared.examples))(
                declared.make()
            )
    if only in (None, "rules"):
        from cryo_check.commands.rules import rules_app

        built.add_typer(rules_app, name="rules")
    return built


def __getattr__(name: str) -> typer.Typer:
    # `cryo_check.cli.app` (the whole app, for tests and docs) is built only when asked for.
    if name == "app":
        return build_app()
    raise AttributeError(name)


def _plain_placeholders() -> None:
    """Help shows each option's placeholder as written (``SIZE``, ``[text|json]``) and nothing
    for a flag or beside an argument's name, where Typer would add ``<bool>`` or ``<str>``.

    Typer has no setting for this; its help asks each parameter for the text to show, and
    this answers that question, for this program's help only (no other code reads it)."""
    from typer.core import TyperArgument, TyperOption

    if getattr(TyperOption, "_cryo_check_plain", False):
        return

    def option_placeholder(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar if self.metavar is not None else self.display_type(ctx)

    def argument_placeholder(self: TyperArgument, ctx: Any) -> str | None:
        return None  # the name column already shows its metavar

    TyperOption.display_type_rich = option_placeholder  # type: ignore[method-assign]
    TyperArgument.display_type_rich = argument_placeholder  # type: ignore[method-assign,assignment]
    TyperOption._cryo_check_plain = True  # type: ignore[attr-defined]


def run(args: list[str] | None = None) -> int:
    """Run the program as the ``cryo-check`` command does; returns the exit code (see
    ``commands.handler``, the one error handler, and ``cryo_check.errors``, its table)."""
    # No pydantic plugin sees what people answer or what rule files hold (a plugin such as a
    # tracing one could send it over the network). Typer validates every option with pydantic,
    # so this also spares each run pydantic's search of every installed package for plugins.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if os.environ.get("_CRYO_CHECK_COMPLETE"):
        # A shell asking for completions (see cryo_check.commands.completion): answered, never run.
        from cryo_check.commands.completion import complete

        return complete(build_app, (*COMMANDS, "rules"), PROG)
    argv = sys.argv[1:] if args is None else args
    only = argv[0] if argv and (argv[0] in COMMANDS or argv[0] == "rules") else None
    return run_guarded(lambda: build_app(only)(args=argv, prog_name=PROG, standalone_mode=False))


def main() -> None:
    sys.exit(run())


__all__ = ["build_app", "main", "run"]
