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
    here = working_folder()
    if here is None:  # deleted under us: an absolute path is still shown as it is
        if Path(path).is_absolute():
            return printable(str(path))
        raise working_folder_gone()
    full = Path(os.path.abspath(path))  # noqa: PTH100 - as above
    if here != Path(here.anchor) and full.is_relative_to(here):
        return printable(str(full.relative_to(here)))
    return printable(str(full))


def working_folder() -> Path | None:
    """The working folder, absolute, links not followed; None when it no longer exists (it
    was deleted or moved away while a shell was in it)."""
    try:
        return Path(os.getcwd())  # noqa: PTH109 - Path.cwd() is the same call
    except FileNotFoundError:
        return None


def working_folder_gone() -> Exception:
    """The error for a relative path used from a working folder that no longer exists."""
    from cryo_check.errors import InputError

    return InputError(
        "",
        "the working folder no longer exists (it was deleted or moved)",
        "cd to a folder that exists, or give absolute paths",
    )
