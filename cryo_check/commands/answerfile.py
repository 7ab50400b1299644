"""Answer files: a case saved as YAML or JSON (question id -> answer), so a class can share it.

Nothing is written unless a person asks for it (``--save-answers FILE``).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryo_check.core.numbers import Numeral
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import RuleSet
from cryo_check.errors import MAX_PATH_QUOTED, InputError, shown

if TYPE_CHECKING:
    from cryo_check.core.case import Given

MAX_BYTES = 64 * 1024
HEADER = "# cryo-check answers: general information, not medical advice; consult your doctor.\n"


class DuplicateKeyError(ValueError):
    """A JSON object that gives a key twice (``json`` alone keeps the last, silently)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {shown(key)} is given twice")
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads``: a mapping, refused if it repeats a key."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return found


#: Deeper JSON is refused whatever the Python: 3.13's ``json`` reads thousands of levels that
#: 3.11's stops at (RecursionError), and an answer or a batch row is one flat object anyway.
MAX_JSON_DEPTH = 64


class TooDeepError(Exception):
    """JSON nested more than ``MAX_JSON_DEPTH`` levels deep (or deeper than ``json`` can read)."""


def load_json(text: str) -> Any:
    """JSON as people's answers are read: every number kept as written (a ``Numeral``), for
    the question it answers to read with the one number reader (3.99999999999999999999 is
    never 4.0, 1e999 never overflows here), a key given twice refused, nesting bounded the
    same on every Python."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=unique_keys,
            parse_float=Numeral,
            parse_int=Numeral,
            parse_constant=Numeral,
        )
    except RecursionError:
        raise TooDeepError from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise TooDeepError
    return data


def _depth(data: Any) -> int:
    """How deep lists and objects nest (0 for a plain value), without recursion."""
    deepest, level = 0, [(data, 0)]
    while level:
        value, depth = level.pop()
        if isinstance(value, dict | list):
            children = value.values() if isinstance(value, dict) else value
            level.extend((child, depth + 1) for child in children)
            deepest = max(deepest, depth + 1)
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def given_in_mapping(
    data: Any, where: str, rules: RuleSet, locate: Callable[[str], str]
) -> list[Given]:
    """The answers of a mapping of question id -> answer, each as written with its place
    (``locate(key)``: file:line); ``where`` names the file when it is not a mapping."""
    from cryo_check.core.case import Given

    if not isinstance(data, dict):
        raise InputError(
            where,
            "expected a mapping of question ids to answers",
            "use the question ids: " + ", ".join(rules.questions),
        )
    given = []
    for key, raw in data.items():
        question = str(key)
        place = locate(question)
        given.append(
            Given(question, raw, f"{place}: {question}" if question in rules.questions else place)
        )
    return given


def read_answers(path: str, rules: RuleSet) -> list[Given]:
    """The answers in a YAML or JSON file as written, each with where it is answered in it
    (``file:line: question``; ``unknown`` answers included); ``core.case.read`` reads them.

    An InputError names the file and line where it can.
    """
    from cryo_check.rulebook import safeyaml

    if not path:
        raise InputError("--answers", "no file named", "give the answer file's path")
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(
            "--answers", f"cannot read {shown(path, MAX_PATH_QUOTED)}: {exc.strerror}"
        ) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            path, f"is larger than {MAX_BYTES // 1024} KiB", "an answer file holds four answers"
        )
    try:
        if path.endswith(".json"):
            text = raw.decode("utf-8-sig")
            data = load_json(text)

            def locate_json(key: str) -> str:
                return _json_place(path, text, _json_key(key))

            return given_in_mapping(data, path, rules, locate_json)
        doc = safeyaml.load(safeyaml.decode(raw), people=True)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}", f"invalid JSON: {exc.msg}") from None
    except DuplicateKeyError as exc:
        where = _json_place(path, text, _json_key(exc.key), second=True)
        raise InputError(where, str(exc), "answer each question once") from None
    except TooDeepError:
        raise InputError(path, "the JSON is nested too deeply", "an answer file is flat") from None
    except UnicodeDecodeError:
        raise InputError(path, "the file is not UTF-8 text", "save it as UTF-8") from None
    except safeyaml.YamlError as exc:
        raise InputError(exc.located(path), exc.message, exc.fix) from None

    def locate(key: str) -> str:
        line, _ = doc.position((key,), key=True) or (None, None)
        return f"{path}:{line}" if line else path

    return given_in_mapping(doc.data, path, rules, locate)


def _json_key(key: str) -> str:
    """A pattern for ``key`` as a JSON file writes it, followed by its colon."""
    return re.escape(json.dumps(key)) + r"\s*:"


def _json_place(path: str, text: str, pattern: str, *, second: bool = False) -> str:
    """``path:line`` of the first (or ``second``) match of ``pattern`` in the JSON ``text``,
    else ``path``: json keeps no positions, so what is written is found again."""
    found = next(itertools.islice(re.finditer(pattern, text), int(second), None), None)
    return f"{path}:{text.count(chr(10), 0, found.start()) + 1}" if found else path


def check_save_path(path: str) -> None:
    """Refuse a ``--save-answers`` path that saving could not write or would damage.

    Saving writes a new regular file or replaces a regular, writable file that has no other
    links; never a link (it would be replaced, not followed), a device, a FIFO, a folder, a
    read-only file or one with other hard links. ``-`` is refused: standard output is where
    the result goes. Called before any prompt, so no one answers questions for nothing.
    """

    def refuse(reason: str, fix: str | None = None) -> InputError:
        return InputError(
            "--save-answers", f"cannot write {shown(path, MAX_PATH_QUOTED)}: {reason}", fix
        )

    if path == "-":
        raise refuse(
            "standard output is where the result goes",
            "give a file name, e.g. --save-answers case.yaml; ./- names a file called '-'",
        )
    if not path:
        raise InputError("--save-answers", "no file named", "give a file name, e.g. case.yaml")
    if path.endswith(("/", os.sep)):
        # (A path ending in '/' names a folder; the file would be written beside it.)
        raise refuse("it names a folder (it ends with '/')", "give a file name, e.g. case.yaml")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not Path(path).parent.is_dir():
            raise refuse("No such file or directory") from None
        return
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise refuse("it is a symbolic link", "give the path of the file itself, or a new file")
    if stat.S_ISDIR(info.st_mode):
        raise refuse("Is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise refuse("it is a device, FIFO or socket, not a regular file", "give a file name")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise refuse("the file is read-only", "give another file name, or make it writable")
    if info.st_nlink > 1:
        raise refuse(
            f"the file has other hard links ({info.st_nlink} names in all), "
            "which replacing it would break",
            "give another file name",
        )
    if info.st_uid != os.geteuid() and os.geteuid() != 0:
        raise refuse(
            "the file belongs to another user, and replacing it would make it yours",
            "give another file name",
        )


def save_answers(path: str, answers: Answers, rules: RuleSet) -> None:
    """Write ``answers`` to ``path`` (JSON for .json, else YAML), atomically, and only where
    ``check_save_path`` allows: a new file, or a regular, writable file with one link."""
    check_save_path(path)
    shown_answers = {
        q.id: q.show(answers[q.id]) for q in rules.questions.values() if q.id in answers
    }
    if path.endswith(".json"):
        text = json.dumps(shown_answers, indent=2, ensure_ascii=False) + "\n"
    elif not shown_answers:
        text = HEADER + "{}\n"  # no answers: still a mapping, so it reads back
    else:
        # JSON strings are valid YAML scalars, and quoting keeps `no` from reading as false.
        text = HEADER + "".join(
            f"{q}: {json.dumps(v, ensure_ascii=False)}\n" for q, v in shown_answers.items()
        )
    target = Path(path)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".cryo-check-", dir=target.parent)
        tmp = Path(name)
        try:
            # A file replaced keeps its mode and owner (a private case stays private).
            was = os.lstat(target)
            os.fchmod(fd, stat.S_IMODE(was.st_mode))
            if (was.st_uid, was.st_gid) != (os.geteuid(), os.getegid()):
                os.fchown(fd, was.st_uid, was.st_gid)  # check_save_path: only root gets here
        except FileNotFoundError:
            # mkstemp makes the file private; a new case is written to be shared: the umask.
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if os.path.lexists(target):
            check_save_path(path)  # still what was checked: replace it
            tmp.replace(target)
        else:
            os.link(tmp, target)  # a new file, and fails if one appeared meanwhile
            tmp.unlink()
        tmp = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            "--save-answers", f"cannot write {shown(path, MAX_PATH_QUOTED)}: {reason}"
        ) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
