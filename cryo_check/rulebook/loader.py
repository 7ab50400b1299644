"""Load a rule set: the shipped rules from their compiled form, or a folder validated.

Light on purpose: the shipped rules are one JSON file in the package
(``cryo_check.rulebook.compiled``), read without PyYAML or the pydantic models; a custom
folder (``--rules``, ``$CRYO_CHECK_RULES``) is validated on every run. Nothing is written.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryo_check.core.ruleset import RuleSet
from cryo_check.errors import RulesError
from cryo_check.paths import custom_rules_dir, default_rules_dir


@functools.lru_cache(maxsize=1)
def shipped_rules() -> RuleSet:
    """The shipped rule set, from its compiled form (read once a process)."""
    from cryo_check.rulebook import compiled

    return compiled.load(default_rules_dir())._replace(shipped=True)


def is_shipped(rules: RuleSet) -> bool:
    """Whether ``rules`` are the shipped rules: read from the shipped folder, byte for byte.

    A copy elsewhere is named in every result even while it is unchanged: it is a person's
    own folder, and may change at any time."""
    # realpath, not resolve(): a folder that is a symbolic link loop is simply not the same.
    same_place = os.path.realpath(rules.folder) == os.path.realpath(default_rules_dir())
    return same_place and rules.digest == shipped_rules().digest


def load_rules(folder: str | Path | None = None) -> RuleSet:
    """The shipped rules, or a custom folder's validated; RulesError lists every problem."""
    path = custom_rules_dir(folder)
    if path is None:
        return shipped_rules()
    from cryo_check.rulebook.validation import check_rules

    checked = check_rules(path)
    if checked.problems:
        raise RulesError(checked.problems)
    return checked.rules._replace(shipped=is_shipped(checked.rules))
