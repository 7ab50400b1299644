"""The safe YAML reader on its own: plain data with positions, and every refusal located.

(The rule folders' and batch files' use of it is tested in test_rules_cli.py, test_hostile.py
and test_batch.py; here is where a newcomer looks for the reader itself.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from cryo_check.core.numbers import Numeral
from cryo_check.rulebook import safeyaml


def test_plain_data_with_the_position_of_every_value_and_key() -> None:
    doc = safeyaml.load("id: kidney\ncriteria:\n  - id: early-stage\n    test: {equals: early}\n")
    assert doc.data == {
        "id": "kidney",
        "criteria": [{"id": "early-stage", "test": {"equals": "early"}}],
    }
    assert doc.position(("criteria", 0, "test", "equals")) == (4, 20)
    assert doc.position(("criteria", 0, "id"), key=True) == (3, 5)
    # A path that is not there is placed at its nearest ancestor.
    assert doc.position(("criteria", 0, "missing")) == (3, 5)


def test_unquoted_yes_and_no_are_recorded_where_they_were_read_as_booleans() -> None:
    doc = safeyaml.load('a: no\nb: "no"\n')
    assert doc.data == {"a": False, "b": "no"}
    assert [(path, word) for path, _, word in doc.yaml11_booleans] == [(("a",), "no")]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: !!python/object/apply:os.system ['x']\n", "is not allowed", 1),
        ("a: 1\na: 2\n", "duplicate key 'a'", 2),
        ("a: [\n", "invalid YAML", 2),
        ("- " * 70 + "x\n", "nested more than 64 levels deep", 1),
        ("a: &x [1]\nb: *x\n<<: *x\n", "merge", 3),
        ("a: 1\n---\nb: 2\n", "more than one YAML document", 2),
    ],
)
def test_what_is_not_plain_data_is_refused_with_its_line(
    text: str, message: str, line: int
) -> None:
    with pytest.raises(safeyaml.YamlError) as caught:
        safeyaml.load(text)
    assert message in caught.value.message
    assert caught.value.line == line
    assert caught.value.located("f.yaml").startswith(f"f.yaml:{line}")


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(safeyaml.YamlError) as caught:
        safeyaml.load(bomb)
    assert "alias bomb" in caught.value.message


def test_hidden_characters_are_refused_unless_the_caller_checks_them_itself() -> None:
    text = 'name: "Kidney\\u202e cancer"\n'
    with pytest.raises(safeyaml.YamlError) as caught:
        safeyaml.load(text)
    assert "U+202E" in caught.value.message
    assert safeyaml.load(text, check_text=False).data == {"name": "Kidney\u202e cancer"}


def test_text_that_is_not_utf8_is_refused_at_its_line() -> None:
    with pytest.raises(safeyaml.YamlError) as caught:
        safeyaml.decode(b"id: kidney\nname: caf\xe9\n")
    assert caught.value.line == 2
    assert safeyaml.decode(b"\xef\xbb\xbfid: kidney\n") == "id: kidney\n"


def test_files_people_write_are_read_as_yaml_1_2_with_exact_numbers() -> None:
    text = (
        "a: 3.99999999999999999999\nb: 010\nc: off\nd: yes\ne: 3:20\nf: 2020-01-01\n"
        "g: true\nh: null\ni: ~\nj: 1_0\nk: .inf\nl: -2\nm: '3.5'\nn: .5\n"
    )
    data = safeyaml.load(text, people=True).data
    assert data == {
        "a": Numeral("3.99999999999999999999"),
        "b": "010",
        "c": "off",
        "d": "yes",
        "e": "3:20",
        "f": "2020-01-01",
        "g": True,
        "h": None,
        "i": None,
        "j": "1_0",
        "k": ".inf",
        "l": Numeral("-2"),
        "m": "3.5",
        "n": Numeral(".5"),
    }
    assert str(data["a"]) == "3.99999999999999999999"
    # Rule files keep PyYAML's reading (and refuse yes/no words where a rule reads them, and
    # numbers YAML readers disagree on).
    assert safeyaml.load("d: yes\n").data == {"d": True}
    with pytest.raises(safeyaml.YamlError):
        safeyaml.load("b: 010\n")


def test_hidden_characters_are_refused_in_files_people_write_too() -> None:
    with pytest.raises(safeyaml.YamlError, match="could hide text"):
        safeyaml.load("cancer: kid\u202eney\n", people=True)


@pytest.mark.parametrize(
    ("text", "number"),
    [("1:30", "90"), ("0x4", "4"), ("010", "8"), ("1_000", "1000"), (".inf", "inf")],
)
def test_a_number_yaml_readers_disagree_on_is_refused_in_rule_files(text: str, number: str) -> None:
    with pytest.raises(safeyaml.YamlError) as caught:
        safeyaml.load(f"less_than: {text}\n")
    assert caught.value.message == (
        f"{text!r} is read as the number {number!r} by some YAML readers and differently by others"
    )
    assert (caught.value.line, caught.value.column) == (1, 12)
    # Quoted, it is text; in decimal digits, a number to every reader.
    assert safeyaml.load(f"less_than: '{text}'\n").data == {"less_than": text}
    assert safeyaml.load("a: 4\nb: 2.54\nc: -0.5\nd: 1.0e+3\n").data == {
        "a": 4,
        "b": 2.54,
        "c": -0.5,
        "d": 1000.0,
    }


NESTINGS = [
    pytest.param(lambda n: "x: " + "[" * n + "]" * n + "\n", id="flow-sequences"),
    pytest.param(lambda n: "x: " + "{a: " * n + "1" + "}" * n + "\n", id="flow-mappings"),
    pytest.param(lambda n: "[" * n + "\n", id="unclosed-flow"),
    pytest.param(lambda n: "- " * n + "x\n", id="compact-block-sequences"),
]


@pytest.mark.parametrize("nested", NESTINGS)
@pytest.mark.parametrize("levels", [safeyaml.MAX_DEPTH + 2, 1_001, 100_000])
@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_deep_nesting_is_refused_in_cryo_checks_words_whatever_the_parser(
    monkeypatch: pytest.MonkeyPatch,
    nested: Callable[[int], str],
    levels: int,
    libyaml: bool,
) -> None:
    # LibYAML 0.2.5 builds nothing deeper than it is asked for; the one bundled with PyYAML
    # 6.0.4 stops its scanner at 1,000 levels in words of its own. Either way: ours, located.
    if libyaml and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML is built without LibYAML")
    monkeypatch.setattr(safeyaml, "_Loader", yaml.CSafeLoader if libyaml else yaml.SafeLoader)
    with pytest.raises(safeyaml.YamlError) as caught:
        safeyaml.load(nested(levels))
    assert caught.value.message == "values are nested more than 64 levels deep"
    assert caught.value.fix == "flatten the data"
    assert caught.value.line == 1


@pytest.mark.parametrize("nested", NESTINGS[:2] + NESTINGS[3:])
def test_nesting_at_the_limit_is_read(nested: Callable[[int], str]) -> None:
    assert safeyaml.load(nested(safeyaml.MAX_DEPTH - 1)).data is not None
