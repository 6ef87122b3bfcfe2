"""The status page as a person sees it: rendered by a real browser (headless Chromium).

Chromium comes from Debian's ``chromium`` package (``.ci/install-chromium``). Without one the
tests skip on a developer's machine, and FAIL in CI (``CI`` set): a browser test that silently
passes when no browser ran would pin nothing.
"""

import datetime as dt
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image

from outsourcing import Contract, example_contract
from outsourcing._example import EXAMPLE_AS_OF
from outsourcing.status import status_page
from outsourcing.strategies import contracts

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    why = f"no headless browser found (looked for {', '.join(BROWSERS)}): run .ci/install-chromium"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def _run(browser: str, page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local file, with no network and a throwaway profile."""
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(  # noqa: S603 - a browser we found on the PATH, on our own file
        command, capture_output=True, text=True, timeout=120, check=False
    )


def _console_errors(stderr: str) -> list[str]:
    """Lines where the page's console logged something: the page has no script, so any is wrong."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.milestones: list[str] = []
        self.phases: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "g" and found.get("data-milestone"):
            self.milestones.append(found["data-milestone"] or "")
        if tag == "g" and found.get("data-phase"):
            self.phases.append(found["data-phase"] or "")


def _render(contract: Contract, as_of: dt.date, where: Path) -> tuple[Image.Image, _Marks]:
    """Render the status page: return the screenshot and the marks found in the browser's DOM."""
    browser = _browser()
    page = where / "status.html"
    page.write_text(status_page(contract, as_of=as_of), encoding="utf-8")
    shot = where / "status.png"
    done = _run(
        browser, page, where / "profile-shot", f"--screenshot={shot}", "--window-size=1000,1600"
    )
    assert 0 == done.returncode, done.stderr[-2000:]
    assert [] == _console_errors(done.stderr)
    dom = _run(browser, page, where / "profile-dom", "--dump-dom")
    assert 0 == dom.returncode, dom.stderr[-2000:]
    assert [] == _console_errors(dom.stderr)
    marks = _Marks()
    marks.feed(dom.stdout)
    with Image.open(shot) as image:
        image.load()
        return image.convert("RGB"), marks


def _assert_not_blank(image: Image.Image) -> None:
    """Many colours, and a good share of the pixels not white: something was drawn."""
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50
    white = sum(count for count, rgb in colours if rgb == (255, 255, 255))
    assert white / (image.width * image.height) < 0.98


def test_the_example_page_renders_in_a_browser(tmp_path: Path) -> None:
    """Chromium draws the example's page: not blank, every mark in the DOM, no console error."""
    contract = example_contract()
    image, marks = _render(contract, EXAMPLE_AS_OF, tmp_path)
    _assert_not_blank(image)
    assert sorted(m.id for m in contract.milestones) == sorted(marks.milestones)
    assert sorted(p.id for p in contract.phases) == sorted(marks.phases)


@pytest.mark.slow
@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contract=contracts(min_phases=1, min_milestones=1, max_milestones=4))
def test_drawn_contracts_render_in_a_browser(contract: Contract, tmp_path: Path) -> None:
    """Contracts drawn by the strategies render too: one mark per milestone, one band per phase."""
    where = Path(tmp_path) / contract.id.encode().hex()[:16]
    where.mkdir(parents=True, exist_ok=True)
    image, marks = _render(contract, contract.term.start, where)
    _assert_not_blank(image)
    assert len(contract.milestones) == len(marks.milestones)
    assert len(contract.phases) == len(marks.phases)


def test_the_console_check_catches_a_script_error(tmp_path: Path) -> None:
    """The console check is not vacuous: a page that throws is caught by it."""
    browser = _browser()
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><body><script>throw new Error('boom')</script></body></html>",
        encoding="utf-8",
    )
    done = _run(browser, page, tmp_path / "profile", "--dump-dom")
    assert [] != _console_errors(done.stderr)
