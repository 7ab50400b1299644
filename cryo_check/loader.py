"""Find the rule folder and load its rule set: the shipped rules compiled, or a folder validated.

Light on purpose: the shipped rules are one JSON file in the package (``cryo_check.compiled``),
read without PyYAML or the pydantic models; a custom folder (``--rules``, ``$CRYO_CHECK_RULES``)
is validated on every run. Nothing is written.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryo_check.errors import RulesError, printable
from cryo_check.questions import CANCER, Answers
from cryo_check.ruleset import Cancer, Example, RuleSet, Scenario

ENV_VAR = "CRYO_CHECK_RULES"


def repository_rules_dir() -> Path:
    """The repository's ``rules/``, the source the shipped rules are compiled from."""
    return Path(__file__).resolve().parent.parent / "rules"


def default_rules_dir() -> Path:
    """The shipped rule files: inside the installed package, else the repository's ``rules/``
    (an editable install)."""
    packaged = Path(__file__).resolve().parent / "rules"
    return packaged if packaged.is_dir() else repository_rules_dir()


def custom_rules_dir(explicit: str | Path | None = None) -> Path | None:
    """``--rules`` if given, else ``$CRYO_CHECK_RULES`` if set, else None (the shipped rules)."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(ENV_VAR, "")
    return Path(from_env) if from_env else None


def rules_dir(explicit: str | Path | None = None) -> Path:
    """The folder whose files are used: a custom one, else the shipped rule files."""
    return custom_rules_dir(explicit) or default_rules_dir()


@functools.lru_cache(maxsize=1)
def shipped_rules() -> RuleSet:
    """The shipped rule set, from its compiled form (read once a process)."""
    from cryo_check import compiled

    return compiled.load(default_rules_dir())


def is_shipped(rules: RuleSet) -> bool:
    """Whether ``rules`` are the shipped rules: read from the shipped folder, byte for byte.

    A copy elsewhere is named in every result even while it is unchanged: it is a person's
    own folder, and may change at any time."""
    same_place = Path(rules.folder).resolve() == default_rules_dir().resolve()
    return same_place and rules.digest == shipped_rules().digest


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else absolute; for
    showing only (a control character in a folder's name is shown escaped)."""
    here = Path.cwd().resolve()
    full = path.resolve()
    if here != Path(here.anchor) and full.is_relative_to(here):
        return printable(str(full.relative_to(here)))
    return printable(str(full))


def load_rules(folder: str | Path | None = None) -> RuleSet:
    """The shipped rules, or a custom folder's validated; RulesError lists every problem."""
    path = custom_rules_dir(folder)
    if path is None:
        return shipped_rules()
    from cryo_check.validation import check_rules

    checked = check_rules(path)
    if checked.problems:
        raise RulesError(checked.problems)
    return checked.rules


def example_answers(rules: RuleSet, cancer: Cancer, example: Example) -> Answers:
    """An example's answers, parsed; its cancer defaults to the file's own."""
    return rules.answers(example.answers, Answers({CANCER: cancer.id}))


def scenario_answers(rules: RuleSet, scenario: Scenario) -> Answers:
    """A scenario's answers, parsed (it names its cancer itself, or leaves it unknown)."""
    return rules.answers(scenario.answers)


def run_example(cancer: Cancer, example: Example, rules: RuleSet) -> tuple[str, tuple[str, ...]]:
    """What the engine gives for an example: its verdict and missing questions."""
    from cryo_check.engine import evaluate, evaluate_cancer

    answers = example_answers(rules, cancer, example)
    result = evaluate(rules, answers) if answers.cancer else evaluate_cancer(cancer, answers)
    return result.verdict, result.missing
