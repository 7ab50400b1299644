"""Laws for the start-up shortcuts: each skips work only where the full reading would find
nothing, so every text reads exactly as the plain patterns read it.

The shortcuts (a literal word checked before its pattern runs, a pattern compiled only when
a text could match it, a YAML text scalar taken as written) are what keep a check and a
custom rule folder's validation fast (benchmarks/); these tests keep them from changing a
single answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cryo_check.core import numbers
from cryo_check.core.questions import (
    _refuse_approximate,
    answer_key,
    fold_numbered,
    normalize_name,
)
from cryo_check.errors import AnswerError
from cryo_check.rulebook import safeyaml

from .conftest import RULES_DIR

# Letters and signs the patterns look for, and others, so that matches are common.
WORDS = st.sampled_from(
    [
        "cancer",
        "Cancer",
        "CANCERS",
        "tumor",
        "Tumors",
        "tumour",
        "tumours",
        "pre",
        "pre-cancer",
        "pre cancer",
        "precancer",
        "of",
        "in",
        "the",
        "kidney",
        "stage",
        "Stage",
        "stage4b",
        "IVb",
        "iv",
        "3",
        "4b",
        "x",
        "X",
        "\u00d7",
        "*",
        "3cm",
        "2 cm",
        "about",
        "~",
        "\u2248",
        "<",
        ">=",
        "\u2264",
        "up to",
        "less than",
        "ca.",
        "mm",
        "fit for surgery",
        "_",
        "-",
        " ",
        "  ",
        ".",
        "'",
        "\u2019",
        "\u00b3",
        "\u0663",
    ]
)
TEXTS = st.lists(WORDS, max_size=8).map("".join) | st.text(max_size=30)


def plain_normalize_name(text: str) -> str:
    """``normalize_name`` as its four patterns read a text, with no shortcut."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[\s_\-]+", " ", folded).strip(" .")
    folded = re.sub(r"\btumor(s?)\b", r"tumour\1", folded)
    folded = re.sub(r"\bpre cancer", "precancer", folded)
    return re.sub(r"^(cancer|tumour)s? (?:of|in) (?:the )?(.+)$", r"\2 \1", folded)


@given(TEXTS)
def test_a_name_is_normalised_as_the_plain_patterns_normalise_it(text: str) -> None:
    assert normalize_name(text) == plain_normalize_name(text)


@given(TEXTS, st.sampled_from(["stage", "fit for surgery", "size", "a.b"]))
def test_a_numbered_word_is_folded_as_the_plain_pattern_folds_it(text: str, word: str) -> None:
    numeral = r"(\d|iv|i{1,3})(?:[abc][12]?)?"
    plain = re.sub(rf"\b{re.escape(word)} ?{numeral}\b", rf"{word} \1", text)
    assert fold_numbered(text, word) == plain
    key = answer_key(text)
    assert fold_numbered(key, word) == re.sub(
        rf"\b{re.escape(word)} ?{numeral}\b", rf"{word} \1", key
    )


DIMENSIONS = r"\d\s*(?:[a-z]+\s*)?[x\u00d7*]\s*\d"
APPROXIMATE = (
    r"^(about|around|approx\.?|approximately|roughly|circa|ca\.?|~|\u2248|<=?|>=?|\u2264|"
    r"\u2265|under|over|less than|more than|up to)\s*\d"
)


def refusal(text: str) -> str | None:
    from cryo_check.rulebook.loader import shipped_rules

    question = shipped_rules().questions["size"]
    try:
        _refuse_approximate(question, text)
    except AnswerError as exc:
        return exc.message
    return None


@given(TEXTS)
def test_a_measure_is_refused_exactly_where_the_plain_patterns_refuse_it(text: str) -> None:
    would = re.search(DIMENSIONS, text, re.IGNORECASE) or re.match(APPROXIMATE, text, re.IGNORECASE)
    assert (refusal(text) is not None) == (would is not None)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("3cm", False),
        ("3 x 2 cm", True),
        ("3X2", True),
        ("3cm \u00d7 2cm", True),
        ("3*2", True),
        ("about 3cm", True),
        ("~3cm", True),
        ("<4cm", True),
        ("\u2264 4 cm", True),
        ("Up to 4cm", True),
        ("4cm or less", False),
        ("35", False),
    ],
)
def test_measures_refused_for_several_sizes_or_a_guess(text: str, refused: bool) -> None:
    assert (refusal(text) is not None) is refused


@pytest.mark.parametrize(
    ("literal", "detail"),
    [
        ("nan", "is not a finite number"),
        ("-Infinity", "is not a finite number"),
        ("+.inf", "is not a finite number"),
        ("three", "is not a number written in decimal digits"),
    ],
)
def test_a_literal_that_is_not_a_number_says_why(literal: str, detail: str) -> None:
    with pytest.raises(numbers.NumberError) as caught:
        numbers.read(literal)
    assert caught.value.detail == detail


SCALARS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co")),
    max_size=20,
)


@given(st.dictionaries(SCALARS, SCALARS | st.lists(SCALARS, max_size=3), max_size=4))
def test_text_reads_back_as_pyyaml_reads_it(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        read = safeyaml.load(text).data
    except safeyaml.YamlError:
        return  # refused with a reason (a hidden character, a YAML 1.1 reading): not read
    assert read == yaml.safe_load(text)


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_each_shipped_rule_file_reads_as_pyyaml_reads_it(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    text = path.read_text(encoding="utf-8")
    assert safeyaml.load(text, check_text=False).data == yaml.safe_load(text)


def plain_walk(data: object, loc: tuple[object, ...] = ()) -> list[tuple[tuple[object, ...], bool]]:
    """Where a rule file's text holds a hidden character, walking every key and text."""
    from cryo_check.errors import hidden_character

    found: list[tuple[tuple[object, ...], bool]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if hidden_character(key, one_line=True) is not None:
                found.append(((*loc, key), True))
            found += plain_walk(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += plain_walk(value, (*loc, index))
    elif isinstance(data, str) and hidden_character(data, one_line=True) is not None:
        found.append((loc, False))
    return found


ANY_TEXT = st.sampled_from(["a", "b c", "\t", "x\ny", "\u202e", "\u3164", "\x1b", "\u200b"])
NESTED = st.recursive(
    ANY_TEXT | st.integers() | st.booleans() | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(ANY_TEXT, NESTED, max_size=4))
def test_a_rule_files_hidden_characters_are_all_found_where_they_are(
    data: dict[str, object],
) -> None:
    from cryo_check.rulebook import validation

    found: list[tuple[tuple[object, ...], bool]] = []

    def record(f: object, text: str, loc: tuple[object, ...], *, key: bool = False) -> None:
        from cryo_check.errors import hidden_character

        if hidden_character(text, one_line=True) is not None:
            found.append((loc, key))

    original = validation._refuse_hidden
    validation._refuse_hidden = record
    try:
        validation._check_text(None, data, ())  # type: ignore[arg-type]
    finally:
        validation._refuse_hidden = original
    assert found == plain_walk(data)


def same_shape(a: object, b: object, path: str = "rules") -> None:
    """``a`` and ``b`` equal, with the same types all the way down (a tuple is no list)."""
    assert type(a) is type(b), (path, type(a), type(b))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        assert list(a) == list(b), path
        for key in a:
            same_shape(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        assert len(a) == len(b), path
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            same_shape(x, y, f"{path}[{index}]")
    else:
        assert a == b, path


def test_the_compiled_rules_read_in_one_pass_are_what_the_walk_reads() -> None:
    import json

    from cryo_check.rulebook import compiled

    text = compiled.COMPILED.read_text(encoding="utf-8")
    assert text.startswith(compiled._HEAD)
    walked = compiled.decode(json.loads(text)["rules"])
    same_shape(json.loads(text, object_hook=compiled._built)["rules"], walked)


@pytest.mark.parametrize(
    ("written", "refused"),
    [
        ('{"format": 3, "rules": {"__t": "RuleSet"}}', ValueError),
        ('{"format":3,"rules":{"__t":"Nope"}}', ValueError),
        ('{"rules": {"__words": []}, "format": 4}', TypeError),  # no rule set in it
        ('{"format":4,"rules":{"__t":"Popen","args":["true"]}}', KeyError),
        ('{"format":4,"rules":{"__words":["a"]}}', TypeError),
    ],
)
def test_a_compiled_file_not_as_written_is_refused(
    tmp_path: Path, written: str, refused: type[Exception]
) -> None:
    from cryo_check.rulebook import compiled

    path = tmp_path / "compiled.json"
    path.write_text(written, encoding="utf-8")
    with pytest.raises(refused):
        compiled.load(tmp_path, path)


def plain_phrase_key(text: str) -> list[str]:
    """``phrase_key`` as its patterns read a text, with no shortcut."""
    from cryo_check.core import names

    folded = plain_normalize_name(text.translate(names._APOSTROPHES))
    numeral = r"(\d|iv|i{1,3})(?:[abc][12]?)?"
    folded = re.sub(rf"\bstage ?{numeral}\b", r"stage \1", folded)
    folded = re.sub(r"'s\b", "", folded).replace("'", "")
    return [w for w in re.sub(r"[^\w&]+", " ", folded).replace("_", " ").split() if w]


@given(TEXTS | st.sampled_from(["Mum's kidney", "kidney's", "O\u2019Neil's stage IVb", "it's"]))
def test_a_phrase_is_keyed_as_the_plain_patterns_key_it(text: str) -> None:
    from cryo_check.core.names import phrase_key

    assert phrase_key(text, "stage") == plain_phrase_key(text)
