"""``cryo-check info`` in every format: one list of sections (``core.sections.info_sections``)
laid out by text, Markdown and HTML alike, so each shows the same content."""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest

from cryo_check import DISCLAIMER

from .conftest import invoke
from .test_cli import HOSTILE_TITLES, _columns, _spans, folder_with_topic_title, tags_and_text
from .test_html import inline, policy, sha256

FULL_FORMATS = ("text", "markdown", "html")


def _shipped_types() -> list[str]:
    from cryo_check.rulebook.loader import shipped_rules

    rules = shipped_rules()
    assert rules is not None
    return sorted(rules.cancers)


def info_json(*args: str) -> dict[str, Any]:
    result = invoke("info", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def shown(fmt: str, *args: str) -> str:
    """What a reader of ``info`` in ``fmt`` sees, as one string without white space."""
    result = invoke("info", *args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "html":
        out = unescape(re.sub(r"<[^>]+>", " ", out))
    if fmt == "markdown":
        out = re.sub(r"\\(.)", r"\1", out)  # the escaper's backslashes
    if fmt == "text":
        out = "\n".join(_columns(out))
    return "".join(out.split())


@pytest.mark.parametrize("args", [(), *((t,) for t in _shipped_types())], ids=" ".join)
def test_text_markdown_and_html_show_the_same_content(args: tuple[str, ...]) -> None:
    """Every section title, quote and source id of ``info`` is in each full format."""
    from cryo_check.core.sections import Quote, info_sections

    document = info_json(*args)
    sections = info_sections(document)
    quotes = {
        span.quote
        for section in sections
        for block in section.blocks
        for span in _spans(block)
        if isinstance(span, Quote)
    }
    assert len(quotes) > 20, args
    expected = [*(s.title for s in sections), *quotes, *(s["id"] for s in document["sources"])]
    expected.append(DISCLAIMER)
    for fmt in FULL_FORMATS:
        flat = shown(fmt, *args)
        missing = [piece for piece in expected if "".join(piece.split()) not in flat]
        assert not missing, (fmt, missing)


@pytest.mark.parametrize(
    ("args", "title", "listed"),
    [
        (("kidney",), "Cryotherapy and kidney cancer: what the two documents say", True),
        (("liver",), "Cryotherapy and liver cancer: what the two documents say", True),
        ((), "Cryotherapy for cancer: what the two documents say", False),
    ],
)
def test_every_format_starts_with_the_same_heading_and_listing(
    args: tuple[str, ...], title: str, listed: bool
) -> None:
    from markdown_it import MarkdownIt

    text = invoke("info", *args).stdout
    assert text.splitlines()[0] == title
    markdown = MarkdownIt("commonmark").parse(invoke("info", *args, "-f", "markdown").stdout)
    assert markdown[0].tag == "h1"
    assert markdown[1].content == title
    page = invoke("info", *args, "-f", "html").stdout
    assert f"<h1>{title}</h1>" in page
    assert f"<title>{title} — cryo-check</title>" in page
    for out in (text, page, invoke("info", *args, "-f", "markdown").stdout):
        assert ("Listed: “" in out) is listed


@pytest.mark.parametrize("title", HOSTILE_TITLES)
@pytest.mark.parametrize("args", [("kidney",), ()], ids=["kidney", "general"])
def test_a_rule_folders_hostile_topic_title_is_text_in_every_format(
    tmp_path: Path, title: str, args: tuple[str, ...]
) -> None:
    """A custom folder's topic title is shown as written, never as markup: in text, in
    Markdown read by a real Markdown parser, and in the page read by an HTML parser."""
    from markdown_it import MarkdownIt

    folder = folder_with_topic_title(tmp_path, title)
    command = ("info", *args, "--rules", str(folder))
    text = invoke(*command)
    assert text.exit_code == 0, text.stderr
    assert f"\n{title}\n" in text.stdout
    rendered = MarkdownIt("commonmark").render(invoke(*command, "-f", "markdown").stdout)
    page = invoke(*command, "-f", "html").stdout
    for html_text in (rendered, page):
        tags, words = tags_and_text(html_text)
        assert not {"a", "b", "img", "script"} & tags
        assert title in words
    # The title is the heading of its section, not a heading of its own making.
    assert f"<h2>{escape(title, quote=False)}</h2>" in rendered


def test_the_page_is_self_contained_and_runs_nothing() -> None:
    page = invoke("info", "kidney", "-f", "html").stdout
    (style,) = inline(page, "style")
    assert policy(page) == {
        "default-src": ["'none'"],
        "style-src": [sha256(style)],
        "script-src": ["'none'"],
        "img-src": ["data:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    assert "<script" not in page
    assert "http://" not in page
    assert "https://" not in page
    assert page.rstrip().endswith("</html>")


@pytest.mark.parametrize("fmt", FULL_FORMATS)
@pytest.mark.parametrize("args", [(), ("kidney",)])
def test_info_says_how_old_each_source_is_on_the_day_it_ran(
    fmt: str, args: tuple[str, ...]
) -> None:
    """The sources are the check's, facts and age alike: how old they are, in every format."""
    document = info_json(*args)
    seen = shown(fmt, *args)
    assert len(document["sources"]) == 2
    for source in document["sources"]:
        age = source["age_text"]
        assert age.startswith(("Dated ", "Last reviewed ")), source["id"]
        assert "before 2026-04-20" in age  # the tests' fixed day (CRYO_CHECK_TODAY)
        assert source["review_overdue"] == ("due for review" in age)
        assert "".join(age.split()) in seen, (fmt, source["id"])
