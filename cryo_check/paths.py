"""Where rule folders are, and how a path is shown to a person. Standard library only."""

from __future__ import annotations

import os
from pathlib import Path

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


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else absolute; for
    showing only (a control character in a folder's name is shown escaped)."""
    from cryo_check.errors import printable

    # Absolute as named, links not followed: a link is shown as the name given (and a link
    # that loops cannot make showing it fail).
    here = Path(os.path.abspath("."))  # noqa: PTH100 - resolve() would follow links
    full = Path(os.path.abspath(path))  # noqa: PTH100 - as above
    if here != Path(here.anchor) and full.is_relative_to(here):
        return printable(str(full.relative_to(here)))
    return printable(str(full))
