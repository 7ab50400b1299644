"""Find the rule folder and load its rule set: from the cache when it can, else validated.

Light on purpose: a cache hit imports neither PyYAML nor the pydantic models. The cache
(``cryo_check.cache``) holds only the compiled rules, never anything a person answered.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryo_check.errors import RulesError
from cryo_check.questions import Answers, parse_answer
from cryo_check.ruleset import Cancer, Example, RuleSet, Scenario

ENV_VAR = "CRYO_CHECK_RULES"


def default_rules_dir() -> Path:
    """The shipped rules: inside the installed package, else the repository's ``rules/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def rules_dir(explicit: str | Path | None = None) -> Path:
    """``--rules`` if given, else ``$CRYO_CHECK_RULES`` if set, else the shipped rules."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(ENV_VAR, "")
    return Path(from_env) if from_env else default_rules_dir()


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else absolute."""
    here = Path.cwd().resolve()
    full = path.resolve()
    if here != Path(here.anchor) and full.is_relative_to(here):
        return str(full.relative_to(here))
    return str(full)


def load_rules(folder: str | Path | None = None) -> RuleSet:
    """The validated rule set; raises RulesError listing every problem found."""
    from cryo_check import cache

    path = rules_dir(folder)
    key = cache.key_for(path)
    if key is not None:
        cached = cache.read(key, path)
        if cached is not None:
            return cached
    from cryo_check.validation import check_rules

    checked = check_rules(path)
    if checked.problems:
        raise RulesError(checked.problems)
    if key is not None:
        cache.write(key, path, checked.rules)
    return checked.rules


def example_answers(cancer: Cancer, example: Example) -> Answers:
    """An example's answers, parsed; its cancer defaults to the file's own."""
    answers = Answers(cancer.id)
    for question, raw in example.answers:
        answers = answers.with_answer(question, parse_answer(question, raw))
    return answers


def scenario_answers(scenario: Scenario) -> Answers:
    """A scenario's answers, parsed (it names its cancer itself, or leaves it unknown)."""
    answers = Answers()
    for question, raw in scenario.answers:
        answers = answers.with_answer(question, parse_answer(question, raw))
    return answers


def run_example(cancer: Cancer, example: Example, rules: RuleSet) -> tuple[str, tuple[str, ...]]:
    """What the engine gives for an example: its verdict and missing questions."""
    from cryo_check.engine import evaluate, evaluate_cancer

    answers = example_answers(cancer, example)
    result = evaluate(rules, answers) if answers.cancer else evaluate_cancer(cancer, answers)
    return result.verdict, result.missing
