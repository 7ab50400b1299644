"""Regenerate the README's pictures in docs/images/ from real runs.

    python scripts/screenshots.py

* ``check.svg``: rich's SVG export of a real ``cryo-check check`` text run (80 columns);
  tests/test_screenshots.py fails when it is not what this script writes now.
* ``explorer-phone.png`` (390 px wide) and ``explorer-projector.png`` (1920 px wide): the
  classroom page (``rules export --format html kidney``) in Debian's Chromium, with a case
  chosen. PNG bytes vary between Chromium versions, so the tests only check that they exist,
  are the right width and are in the README.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

from cryo_check.environment import DOCS_TODAY

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
#: How the browser runs here: no sandbox (CI runs as root), and nothing of its own online.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHECK_ARGS = ["check", "--cancer", "kidney", "--stage", "early", "--size", "5cm"]
CHECK_ARGS += ["--fit-for-surgery", "no"]
#: (file name, viewport width, height)
PAGES = [("explorer-phone.png", 390, 844), ("explorer-projector.png", 1920, 1080)]
#: The case shown on the page: early, under 4 cm, not fit for surgery.
CHOSEN = {"#kidney-stage": "0", "#kidney-size": "0", "#kidney-fit_for_surgery": "1"}


def run_cli(args: list[str], env: dict[str, str | None]) -> str:
    from typer.testing import CliRunner

    from cryo_check.cli import app

    result = CliRunner().invoke(app, args, env=env)
    if result.exit_code != 0:
        raise SystemExit(f"cryo-check {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def terminal_svg() -> str:
    """The SVG of ``cryo-check check …`` as a colour terminal 80 columns wide shows it."""
    from rich.console import Console
    from rich.text import Text

    env: dict[str, str | None] = {
        "FORCE_COLOR": "1",
        "NO_COLOR": None,
        "COLUMNS": "80",
        "CRYO_CHECK_RULES": None,
        "CRYO_CHECK_TODAY": DOCS_TODAY,  # the sources' ages, the same on every run
    }
    output = run_cli(CHECK_ARGS, env)
    console = Console(
        record=True,
        width=80,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    console.print(Text.from_ansi(output.rstrip("\n")), soft_wrap=True)
    svg = console.export_svg(title="cryo-check " + " ".join(CHECK_ARGS))
    # rich names web fonts by URL; the picture uses local fonts only and fetches nothing.
    return re.sub(r',\s*url\("https?://[^"]*"\) format\("[a-z0-9]+"\)', "", svg)


def page_pngs() -> dict[str, bytes]:
    from playwright.sync_api import sync_playwright

    page_html = run_cli(
        ["rules", "export", "--format", "html", "kidney"],
        {"CRYO_CHECK_RULES": None, "CRYO_CHECK_TODAY": DOCS_TODAY},
    )
    shots = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "explorer.html"
        path.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, width, height in PAGES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(path.as_uri())
                for selector, value in CHOSEN.items():
                    page.select_option(selector, value)
                # Start at the type's heading: its answers, verdict and criteria in view.
                page.evaluate(
                    "window.scrollTo(0, document.getElementById('h-kidney').offsetTop - 16)"
                )
                shots[name] = page.screenshot()
                page.close()
            browser.close()
    return shots


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    (IMAGES / "check.svg").write_text(terminal_svg(), encoding="utf-8")
    for name, png in page_pngs().items():
        (IMAGES / name).write_bytes(png)
    for path in sorted(IMAGES.iterdir()):
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
