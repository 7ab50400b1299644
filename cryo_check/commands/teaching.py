"""``cryo-check demo`` and ``cryo-check completion``: the teaching scenarios, and the shell
completion scripts (each command's work is in ``commands.demo`` and ``commands.completion``)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cryo_check.commands.common import (
    Command,
    RulesOption,
    choose_format,
    completes,
    completes_from_rules,
)
from cryo_check.commands.handler import PROG, reports_errors
from cryo_check.errors import InputError


@reports_errors
def demo(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="One scenario's id (default: every scenario).",
            autocompletion=completes_from_rules("scenario"),
        ),
    ] = None,
    list_only: Annotated[
        bool,
        typer.Option(
            "--list", help="List the scenarios (id and title: no answer given away) and exit."
        ),
    ] = False,
    with_verdicts: Annotated[
        bool,
        typer.Option(
            "--with-verdicts",
            help="With --list: each scenario's verdict too (for the teacher's screen, not the "
            "projector).",
        ),
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Walk through the teaching scenarios: each story and its answers, then (Enter) the
    verdict, the criterion that decided it, what would change it, and the teaching point.
    """
    from cryo_check.commands.demo import list_scenarios, run_demo
    from cryo_check.rulebook.loader import load_rules

    ruleset = load_rules(rules)
    if with_verdicts and not list_only:
        raise InputError("--with-verdicts", "goes with --list", "add --list")
    if list_only:
        list_scenarios(ruleset, sys.stdout, verdicts=with_verdicts)
        return
    run_demo(ruleset, name, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())


@reports_errors
def completion(
    shell: Annotated[
        str,
        typer.Argument(
            metavar="SHELL",
            help="bash, zsh or fish.",
            autocompletion=completes("bash", "zsh", "fish"),
        ),
    ],
) -> None:
    """Print the shell completion script for bash, zsh or fish: commands, options, and values
    (cancer types and their names, stages, answers, formats, rule ids, scenario names).

    To load it in every new shell: bash, add `eval "$(cryo-check completion bash)"` to
    ~/.bashrc; zsh (after compinit), `eval "$(cryo-check completion zsh)"` in ~/.zshrc; fish,
    `cryo-check completion fish > ~/.config/fish/completions/cryo-check.fish`. Or let
    `cryo-check --install-completion` install it for the shell you are in.
    """
    from cryo_check.commands.completion import SHELLS, script

    chosen = choose_format(shell, SHELLS, "SHELL")
    sys.stdout.write(script(chosen, PROG))


COMMANDS = {
    "demo": Command(
        lambda: demo,
        (
            "cryo-check demo --list",
            "cryo-check demo --list --with-verdicts",
            "cryo-check demo kidney-small-not-fit",
        ),
    ),
    "completion": Command(lambda: completion, ("cryo-check completion bash",)),
}
