"""`ambassador serve` in a real headless Chromium (Debian's package, driven by Playwright): a student opens the
page, types a name, plays the whole tutorial, and the record is in the teacher's store, verified by replay.

The terminal is drawn on a canvas, so the test reads progress where the teacher does: in the store.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

from game.classroom.store import Row, Store, StoreError
from game.records import replay
from game.scenario import load, resolve

from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
T = TypeVar("T")

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Debian's chromium is not installed "
                                                            "(apt-get install chromium; .ci/run does)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, probe: Callable[[], T | None], limit: float = 60) -> T:
    """Poll until ``probe`` gives something; a generous limit only so that a broken game fails, never a timing."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def newest(db: Path, months: int, finished: bool = False) -> Row | None:
    try:
        with Store(db, create=False) as store:
            rows = store.latest("T1")
    except StoreError:
        return None
    done = [r for r in rows if r.months >= months and (r.finished or not finished)]
    return done[-1] if done else None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port, db = free_port(), tmp_path / "class.sqlite3"
    env = {**os.environ, "AMBASSADOR_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "tutorial", "--seed", "5", "--class", "T1",
                             "--port", str(port), "--db", str(db)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)

    def listening() -> bool | None:
        with socket.socket() as s:
            return True if s.connect_ex(("127.0.0.1", port)) == 0 else None

    try:
        wait_for("the server to listen", listening, 30)
        yield f"http://127.0.0.1:{port}/", db
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        print(out)


def test_a_student_plays_the_tutorial_in_the_browser(server: tuple[str, Path], tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    url, db = server
    turns = load(resolve("tutorial")).turns
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800})
        try:
            page: Page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("body.-first-byte", timeout=60_000)  # the app's first screen arrived
            time.sleep(3)  # the new-game screen mounts and focuses its Start button; on a busy machine, later
            page.mouse.click(150, 62)  # the name field of the new-game screen
            time.sleep(0.5)
            page.keyboard.type("Ada/../Lovelace", delay=40)
            page.keyboard.press("Control+n")
            wait_for("the game to start", lambda: newest(db, 0))
            for month in range(1, turns + 1):
                page.keyboard.press("e")  # end the month; unanswered cards get the default response
                time.sleep(0.5)
                page.keyboard.press("y")  # "end the month anyway?"
                wait_for(f"month {month} to be stored", lambda m=month: newest(db, m))  # type: ignore[misc]
                time.sleep(0.5)
                page.keyboard.press("Enter")  # the report read
                time.sleep(0.3)
            final = wait_for("the finished game", lambda: newest(db, turns, finished=True))
            time.sleep(1)
            page.screenshot(path=str(tmp_path / "debrief.png"))
        finally:
            browser.close()
    assert final.player == "Ada Lovelace" and final.seed == 5 and final.finished and final.months == turns
    result = replay(load(resolve("tutorial")), final.record())
    assert result.ok and result.state is not None and result.state.score == final.score
    with Store(db, create=False) as store:
        rows = store.rows("T1")
    assert [r.months for r in rows] == list(range(turns + 1)) and len({r.game for r in rows}) == 1
