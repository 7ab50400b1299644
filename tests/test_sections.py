"""The layouts of ``core.sections``: each format shows every kind of span and block, and
escaping comes from the kind, so hostile text is text in every format."""

from __future__ import annotations

import io

import pytest

from cryo_check.core.sections import (
    DISCLAIMER,
    HEAD,
    Block,
    Bullets,
    Code,
    Paragraph,
    Quote,
    QuoteBlock,
    Section,
    Span,
    Status,
    Table,
    Verdict,
    Words,
)

from .test_cli import tags_and_text

HOSTILE = [
    "<b>bold</b> [click](http://evil.example)",
    "<script>alert(1)</script>",
    "![x](http://evil.example/x.png) `code` *em* _em_",
    "# heading\n- item\n> quote",
    "| a | b |\n| --- | --- |",
    "&amp; &lt;b&gt; \\*",
]


#: The tags Markdown's layout of sections makes, whatever the text.
LAYOUT_TAGS = {"h1", "h2", "p", "ul", "li", "blockquote", "code", "strong", "em", "hr"}
LAYOUT_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}


def spans_of(value: str) -> list[Span]:
    return [
        Words(value),
        Quote(value, value),
        Code(value),
        Status("met"),
        Verdict("commonly_considered", value),
    ]


def blocks_of(value: str) -> list[Block]:
    line = tuple(spans_of(value))
    return [
        Paragraph(line),
        Paragraph(line[1:]),  # one not led by the verdict
        QuoteBlock(Quote(value, value)),
        Bullets((line, (Words(value),))),
        Table(value, (value, value), (((Words(value),), (Quote(value, value),)),)),
    ]


def sections_of(value: str) -> list[Section]:
    return [
        Section(HEAD, value, (Paragraph((Words(value),)),)),
        Section("body", value, tuple(blocks_of(value))),
        Section(DISCLAIMER, "Disclaimer", (Paragraph((Words(value),)),)),
    ]


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_in_every_kind_of_span_and_block_is_text_in_markdown(value: str) -> None:
    from markdown_it import MarkdownIt

    from cryo_check.render.markdown import sections_markdown

    rendered = (
        MarkdownIt("commonmark").enable("table").render(sections_markdown(sections_of(value)))
    )
    tags, shown = tags_and_text(rendered)
    # Only the layout's own tags (a quote's source in italics): none from the text.
    assert tags <= LAYOUT_TAGS, tags - LAYOUT_TAGS
    assert folded(value) in shown


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_in_every_kind_of_span_and_block_is_text_in_html(value: str) -> None:
    from cryo_check.render.html import sections_page

    page = sections_page(sections_of(value), value, value)
    tags, shown = tags_and_text(page)
    assert not {"a", "b", "img", "em", "script", "h3", "hr"} & tags
    assert folded(value) in shown


@pytest.mark.parametrize("plain", [False, True])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_in_every_kind_of_span_and_block_is_shown_as_written_in_text(
    value: str, plain: bool
) -> None:
    from cryo_check.render.text import write_sections

    out = io.StringIO()
    write_sections(sections_of(value), out, 200, plain=plain)
    assert "\x1b" not in out.getvalue()
    for line in value.splitlines():
        assert line in out.getvalue()
