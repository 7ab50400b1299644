"""``cryo-check demo``: walk a class through the teaching scenarios in rules/scenarios.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from cryo_check.core.engine import evaluate
from cryo_check.core.report import build
from cryo_check.core.ruleset import VERDICTS, RuleSet, Scenario
from cryo_check.core.suggest import did_you_mean
from cryo_check.environment import today
from cryo_check.errors import InputError, Problem, RulesError, shown
from cryo_check.paths import display_path
from cryo_check.render.rules import disclaimer_panel
from cryo_check.render.teaching import render_scenario_intro, render_scenario_outcome
from cryo_check.render.text import make_console
from cryo_check.rulebook.examples import scenario_case


def scenarios_of(rules: RuleSet) -> tuple[Scenario, ...]:
    if not rules.scenarios:
        raise RulesError(
            [
                Problem(
                    display_path(Path(rules.folder)),
                    "no scenarios",
                    fix="add a scenarios.yaml to the rules folder",
                )
            ]
        )
    return rules.scenarios


def list_scenarios(rules: RuleSet, out: TextIO, *, verdicts: bool = False) -> None:
    """Each scenario's id and title: safe on a projector. With ``verdicts`` (for the teacher's
    own screen), each with the verdict the documents support."""
    from cryo_check import DISCLAIMER

    for s in scenarios_of(rules):
        told = f" ({VERDICTS[s.expect].lower()})" if verdicts else ""
        out.write(f"{s.id}: {s.title}{told}\n")
    out.write(f"\n{DISCLAIMER}\n")


def pick(rules: RuleSet, name: str | None) -> list[Scenario]:
    scenarios = scenarios_of(rules)
    if name is None:
        return list(scenarios)
    found = [s for s in scenarios if s.id == name.strip().lower()]
    if not found:
        hint = did_you_mean(name.strip().lower(), [s.id for s in scenarios])
        raise InputError(
            "NAME", f"no scenario {shown(name)}", hint + "'cryo-check demo --list' shows them all"
        )
    return found


def run_demo(
    rules: RuleSet, name: str | None, inp: TextIO, out: TextIO, *, interactive: bool
) -> None:
    """Show each chosen scenario; on a terminal, wait for Enter before each reveal."""
    chosen = pick(rules, name)
    console = make_console(out)

    def wait(prompt: str) -> bool:
        if not interactive:
            return True
        console.print(f"\n[{prompt}; q then Enter to stop]", style="dim", markup=False)
        line = inp.readline()
        return bool(line) and line.strip().lower() not in ("q", "quit")

    for number, scenario in enumerate(chosen, start=1):
        render_scenario_intro(scenario, number, len(chosen), console)
        if not wait("Enter: show the verdict"):
            break
        result = evaluate(rules, scenario_case(rules, scenario))
        render_scenario_outcome(scenario, result, build(result, rules, today()), rules, console)
        # Each scenario ends where it is said to: on a projector, or read back from a file,
        # one scenario's teaching point never runs into the next one's story.
        console.print()
        console.rule(f"End of scenario {number} of {len(chosen)}")
        if number < len(chosen) and not wait("Enter: next scenario"):
            break
        console.print()
    console.print()
    console.print(disclaimer_panel())
