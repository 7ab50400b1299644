"""Examples and scenarios: their answers parsed, and what the engine gives for them."""

from __future__ import annotations

from cryo_check.core.case import resolve
from cryo_check.core.engine import evaluate, evaluate_cancer
from cryo_check.core.questions import CANCER, Answers
from cryo_check.core.ruleset import Cancer, Example, RuleSet, Scenario
from cryo_check.errors import AnswerError


def example_answers(rules: RuleSet, cancer: Cancer, example: Example) -> Answers:
    """An example's answers, parsed; its cancer defaults to the file's own."""
    return rules.answers(example.answers, Answers({CANCER: cancer.id}))


def scenario_answers(rules: RuleSet, scenario: Scenario) -> Answers:
    """A scenario's answers, parsed (it names its cancer itself, or leaves it unknown)."""
    return rules.answers(scenario.answers)


def run_example(cancer: Cancer, example: Example, rules: RuleSet) -> tuple[str, tuple[str, ...]]:
    """What the engine gives for an example: its verdict and missing questions."""
    answers = example_answers(rules, cancer, example)
    # An example that names no other name is about its own file's type: no name to read.
    own = answers.cancer in (None, cancer.id)
    result = evaluate_cancer(cancer, answers) if own else evaluate(rules, resolve(rules, answers))
    return result.verdict, result.missing


def run_scenario(rules: RuleSet, scenario: Scenario) -> tuple[str, tuple[str, ...]]:
    """What the engine gives for a scenario; a name it cannot read is an error, as text."""
    try:
        result = evaluate(rules, resolve(rules, scenario_answers(rules, scenario)))
    except AnswerError as exc:
        return f"error ({exc.message})", ()
    return result.verdict, result.missing
