"""The shipped rule files as data: every example runs, every quote is verbatim.

The quotes are checked against the full texts of the two documents, which are reference
material beside the repository (``../shared/sources``, or ``$CRYO_CHECK_SOURCES``), never
shipped. Their SHA-256 is pinned in ``rules/sources.yaml``, so a quote is checked against
exactly the version it was taken from. Where the texts are absent the check is skipped with
a reason, except on CI (``CI`` set), where their absence is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cryo_check.core.ruleset import Cancer, Example, RuleSet
from cryo_check.rulebook import safeyaml
from cryo_check.rulebook.examples import run_example
from cryo_check.rulebook.validation import check_rules

from .conftest import REPO, RULES_DIR

SOURCES_TEXTS = Path(os.environ.get("CRYO_CHECK_SOURCES", REPO.parent / "shared" / "sources"))


def all_examples() -> list[tuple[str, int]]:
    out = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = safeyaml.load(path.read_text(encoding="utf-8")).data
        out += [(path.stem, i) for i, _ in enumerate(data.get("examples", []))]
    return out


@pytest.mark.parametrize(("cancer_id", "index"), all_examples())
def test_example(rules: RuleSet, cancer_id: str, index: int) -> None:
    cancer: Cancer = rules.cancers[cancer_id]
    example: Example = cancer.examples[index]
    verdict, missing = run_example(cancer, example, rules)
    assert verdict == example.expect, example.name
    if example.expect_missing is not None:
        assert missing == example.expect_missing, example.name


def texts_folder() -> Path:
    if not SOURCES_TEXTS.is_dir():
        message = f"the source documents are not at {SOURCES_TEXTS} (set CRYO_CHECK_SOURCES)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SOURCES_TEXTS


def test_every_quote_is_verbatim_in_its_source() -> None:
    # The product's own check (`rules validate --sources`), on the shipped rules.
    checked = check_rules(RULES_DIR, texts_folder())
    assert not checked.problems, "\n".join(str(p) for p in checked.problems)


def quoted_pairs(data: object) -> int:
    """Every quote a rule file carries: a mapping with a source and a quote (its quoted
    lead-in, ``context``, is one more), counted here independently of the product's walk."""
    if isinstance(data, list):
        return sum(quoted_pairs(item) for item in data)
    if not isinstance(data, dict):
        return 0
    own = 0
    if isinstance(data.get("source"), str) and isinstance(data.get("quote"), str):
        own = 1 + isinstance(data.get("context"), str)
    return own + sum(quoted_pairs(value) for value in data.values())


def test_the_quote_check_compares_every_quote_the_rules_carry() -> None:
    carried = sum(
        quoted_pairs(safeyaml.load(path.read_text(encoding="utf-8")).data)
        for path in sorted(RULES_DIR.glob("*.yaml"))
    )
    checked = check_rules(RULES_DIR, texts_folder())
    assert carried >= 100  # the shipped rules quote the documents throughout
    assert checked.quotes_checked == carried  # and every one of them was compared
    assert check_rules(RULES_DIR).quotes_checked == 0  # without the texts, none can be


def test_a_misquote_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    kidney = folder / "kidney.yaml"
    text = kidney.read_text(encoding="utf-8")
    wrong = "So it's used for everyone."
    kidney.write_text(
        text.replace("So it's used for people who are not fit enough for surgery.", wrong, 1),
        encoding="utf-8",
    )
    line = kidney.read_text(encoding="utf-8")[: kidney.read_text(encoding="utf-8").index(wrong)]
    checked = check_rules(folder, texts_folder())
    assert [str(p).split(": ", 1)[1] for p in checked.problems] == [
        "criteria[not-fit-for-surgery].quote: not found word for word in kidney-page "
        "(fix: copy the sentence exactly from the document)"
    ]
    assert checked.problems[0].line == line.count("\n") + 1
    # Without the texts, validation cannot know: the quote check is opt-in.
    assert not check_rules(folder).problems


def test_a_changed_text_is_caught_by_its_hash(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(texts_folder(), texts)
    (texts / "003_95188d3580b8278f.txt").write_text("something else", encoding="utf-8")
    messages = [p.message for p in check_rules(RULES_DIR, texts).problems]
    assert any("is not the version the rules were checked against" in m for m in messages)


def test_quotes_are_short(rules: RuleSet) -> None:
    # Quotes, not copies: no single quote runs past a couple of sentences.
    long = [
        f"{c.id}: {q.quote[:40]}"
        for c in rules.cancers.values()
        for q in (c.listed_in, *(k.evidence for k in c.criteria), *(n.evidence for n in c.notes))
        if len(q.quote) > 300
    ]
    assert not long
