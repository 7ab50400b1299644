"""The README's pictures are real: the terminal SVG is exactly what scripts/screenshots.py
writes now; the page's PNGs exist, have their widths and are shown in the README."""

from __future__ import annotations

import struct
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO, load_script

IMAGES = REPO / "docs" / "images"
README = (REPO / "README.md").read_text(encoding="utf-8")


def screenshots() -> ModuleType:
    return load_script("screenshots")


def test_the_terminal_svg_is_current() -> None:
    written = (IMAGES / "check.svg").read_text(encoding="utf-8")
    assert screenshots().terminal_svg() == written, "run: python scripts/screenshots.py"
    assert 'url("http' not in written  # no web fonts: the picture fetches nothing


@pytest.mark.parametrize(
    ("name", "width"), [("explorer-phone.png", 390), ("explorer-projector.png", 1920)]
)
def test_a_page_png_exists_at_its_width(name: str, width: int) -> None:
    header = (IMAGES / name).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", header[16:20])[0] == width


@pytest.mark.parametrize("path", sorted(p.name for p in IMAGES.iterdir()))
def test_every_picture_is_shown_in_the_docs(path: str) -> None:
    guides = "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    assert f"](docs/images/{path})" in README or f"](images/{path})" in guides


def test_the_script_names_the_pictures_it_writes() -> None:
    module = screenshots()
    names = {"check.svg", *(name for name, _, _ in module.PAGES)}
    assert names == {p.name for p in IMAGES.iterdir()}
    assert Path(module.CHROMIUM) == Path("/usr/bin/chromium")
