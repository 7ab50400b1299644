"""Examples and scenarios: their answers read as every other route's are (``core.case``), and
what the engine gives for them."""

from __future__ import annotations

from cryo_check.core.case import Case, example_given, read, resolve, scenario_given
from cryo_check.core.engine import evaluate
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import Cancer, Example, RuleSet, Scenario
from cryo_check.errors import AnswerError


def example_answers(rules: RuleSet, cancer: Cancer, example: Example) -> Answers:
    """An example's answers, parsed."""
    return read(rules, example_given(cancer, example))[0]


def scenario_answers(rules: RuleSet, scenario: Scenario) -> Answers:
    """A scenario's answers, parsed."""
    return read(rules, scenario_given(scenario))[0]


def scenario_case(rules: RuleSet, scenario: Scenario) -> Case:
    """A scenario resolved as a check resolves its answers."""
    return resolve(rules, scenario_given(scenario))


def run_example(cancer: Cancer, example: Example, rules: RuleSet) -> tuple[str, tuple[str, ...]]:
    """What the engine gives for an example: its verdict and missing questions."""
    result = evaluate(rules, resolve(rules, example_given(cancer, example)))
    return result.verdict, result.missing


def run_scenario(rules: RuleSet, scenario: Scenario) -> tuple[str, tuple[str, ...]]:
    """What the engine gives for a scenario; a name it cannot read is an error, as text."""
    try:
        result = evaluate(rules, scenario_case(rules, scenario))
    except AnswerError as exc:
        return f"error ({exc.message})", ()
    return result.verdict, result.missing
