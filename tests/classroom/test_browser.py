"""`ambassador serve` in a real headless Chromium (Debian's package, driven by Playwright): a student joins with
the class's code, types a name, plays the whole tutorial, and the record is in the teacher's store, verified
by replay, and the page asked nothing of another host meanwhile; a wrong code is refused; a closed tab and a
restarted server continue the same game.

The terminal is drawn on a canvas, so the test reads progress where the teacher does, in the store; it reads what
the screen says from the bytes the game sends the page (``Screen``, decoded roughly by ``drawn``), and knows the
page has painted a screen when the canvas stops changing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import missing

from game.classroom.store import Row, Store, StoreError
from game.classroom.web import banner_code
from game.records import replay
from game.scenario import load, resolve

from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, WebSocket

#: Debian's headless shell (package chromium-headless-shell: Chromium's engine without the browser's windows,
#: the build Playwright itself runs headless) where it is installed, else Debian's chromium. With no browser
#: window (so no omnibox pages rendered for each context), Chromium's processes took 5.7 CPU-seconds for this
#: file against 12.6 for the full browser, both at 800x600 without WebGL. None where neither is on the PATH.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")
#: --disable-3d-apis: the page loads xterm.js's WebGL renderer and then its canvas renderer; without a GPU,
#: WebGL would run on SwiftShader, in software: a third or more of the renderers' CPU here (headless shell:
#: 6.6 against 3.7 CPU-seconds). The canvas draws the terminal either way, as in a browser whose GPU is
#: blocked.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-3d-apis",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
#: The browser's window: room for the game's 80 x 24 and a little more (a larger window only costs the
#: renderer and the game more to draw).
VIEWPORT: ViewportSize = {"width": 800, "height": 600}
T = TypeVar("T")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),  # on one worker: one Chromium for the module (the fixture below)
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


@dataclass
class Served:
    """A running `ambassador serve` and what it printed."""

    url: str
    db: Path
    port: int
    proc: subprocess.Popen[str]
    tmp: Path  # its temporary folder (TMPDIR): where it keeps its games' data folders
    code: str = ""
    out: list[str] = field(default_factory=list)

    def stop(self, sig: int = signal.SIGINT) -> float:
        """Stop the server; the seconds it took."""
        t0 = time.monotonic()
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return time.monotonic() - t0


def start_server(tmp_path: Path, port: int, db: Path, *extra: str, warm: int = 1) -> Served:
    tmp = tmp_path / "tmp"  # the server's temporary folder: nothing of it reaches the machine's /tmp
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "AMBASSADOR_HOME": str(tmp_path / "home"), "TMPDIR": str(tmp)}
    # One warm game (the first student takes it; a returning one gets a game started for it): a test machine
    # is not a classroom.
    proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "tutorial", "--seed", "5", "--class", "T1",
                             "--port", str(port), "--db", str(db), "--warm", str(warm), *extra], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    served = Served(f"http://127.0.0.1:{port}/", db, port, proc, tmp)
    assert proc.stdout is not None
    stdout = proc.stdout

    def said() -> Iterator[str]:  # every line kept, for a failure's message
        for line in stdout:
            served.out.append(line)
            yield line

    served.code = banner_code(said())  # the banner comes once the server listens; "Ready:" once its warm game is
    assert served.code, "".join(served.out)

    def drain() -> None:  # until the server and every process it started have closed their end
        served.out.extend(stdout)
        stdout.close()  # here, not at garbage collection (a ResourceWarning there)

    threading.Thread(target=drain, daemon=True).start()
    return served


@contextmanager
def serving(folder: Path) -> Iterator[Served]:
    served = start_server(folder, free_port(), folder / "class.sqlite3")
    try:
        yield served
    finally:
        served.stop()
        print("".join(served.out))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    """A server of the test's own (one the test stops and starts again)."""
    with serving(tmp_path) as served:
        yield served


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the module's tests that leave it running (a server's start costs about 1.5 CPU-seconds:
    the server, its zygote and a warm game). One of them plays a game to its end; the others only join (no
    game is started, nothing is stored), so its store holds that game alone."""
    with serving(tmp_path_factory.mktemp("served")) as served:
        yield served


@pytest.fixture(scope="module", autouse=True)
def chromium() -> Iterator[Browser]:
    """One Chromium (and one Playwright driver) for the module; each test has a context of its own. Set up
    before any other fixture (autouse), so that a missing browser or Playwright is said before a server starts:
    a skip here, a failure under CI=true (``conftest.missing``)."""
    if CHROMIUM is None:
        missing("Debian's Chromium (chromium-headless-shell or chromium on the PATH)",
                "apt-get install chromium-headless-shell (.ci/run does, as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright (the Python package)", 'pip install ".[test]"')
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser(chromium: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (its own storage, like a new profile): the test's tabs share it."""
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        yield context
    finally:
        context.close()


#: A control sequence of the terminal (CSI: its parameters and final letter; OSC; any other escape), or text.
_TERMINAL = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|([^\x1b]+)")


def drawn(output: bytes, width: int, height: int) -> str:
    """Roughly what a terminal of that size shows after the game's ``output``: its text put where the cursor
    moves (CSI row;col H, as Textual draws), colours and other controls left out. For a failure's message."""
    grid = [[" "] * width for _ in range(height)]
    row = col = 0
    for match in _TERMINAL.finditer(output.decode("utf-8", "replace")):
        params, final, text = match.groups()
        if final in ("H", "f"):
            numbers = [int(p) if p.isdigit() else 1 for p in params.split(";")] + [1, 1]
            row, col = numbers[0] - 1, numbers[1] - 1
        elif final == "J" and params == "2":
            grid = [[" "] * width for _ in range(height)]
        for char in text or "":
            if char == "\r":
                col = 0
            elif char == "\n":
                row += 1
            elif char >= " ":
                if 0 <= row < height and 0 <= col < width:
                    grid[row][col] = char
                col += 1
    return "\n".join("".join(line).rstrip() for line in grid).rstrip()


def join(page: Page, url: str, code: str) -> None:
    page.goto(url)
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_selector("#terminal")


def settled(page: Page) -> None:
    """Wait for the game's first screen: bytes arrived, then the terminal's picture stops changing."""
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    still(page, "the first screen")


def still(page: Page, what: str) -> None:
    """Wait until the terminal's picture stops changing (three screenshots alike): the page has painted."""
    shots: list[bytes] = []

    def alike() -> bool | None:
        shots.append(page.locator("#terminal").screenshot())
        return True if len(shots) >= 3 and shots[-1] == shots[-2] == shots[-3] else None

    wait_for(f"{what} to settle", alike)


@dataclass
class Screen:
    """What the game sent the page's terminal (every binary frame of the page's websocket) and the terminal's
    size (from the websocket's address, then each resize the page sends): read as text with ``drawn``, since
    the terminal itself is a canvas."""

    data: bytearray = field(default_factory=bytearray)
    size: tuple[int, int] = (80, 24)

    def watch(self, page: Page) -> None:
        page.on("websocket", self._connected)

    def _connected(self, ws: WebSocket) -> None:
        query = parse_qs(urlsplit(ws.url).query)
        self.size = (int(query["width"][0]), int(query["height"][0]))
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.data += payload

    def _sent(self, payload: str | bytes) -> None:
        message = json.loads(payload)
        if message[0] == "resize":
            self.size = (int(message[1]["width"]), int(message[1]["height"]))

    def text(self) -> str:
        return drawn(bytes(self.data), *self.size)

    def showing(self, page: Page, text: str) -> None:
        """Wait until the game has drawn ``text`` and the page has painted it; the screen in the failure."""

        def shown() -> bool | None:
            page.wait_for_timeout(50)  # Playwright hands over the frames that came meanwhile only in its calls
            return True if text in self.text() else None

        try:
            wait_for(f"{text!r} on the screen", shown)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen shows, roughly:\n{self.text()}") from None
        still(page, f"the screen with {text!r}")


def start_game(page: Page, name: str) -> None:
    """On the new-game form, once settled (the name field has the focus): type, start."""
    page.keyboard.type(name, delay=20)
    page.keyboard.press("Control+n")


def end_month(page: Page, db: Path, month: int) -> None:
    page.keyboard.press("e")  # end the month; unanswered cards get the default response
    page.keyboard.press("y")  # "end the month anyway?"
    page.keyboard.type(f"Month {month}.", delay=20)  # a served class asks for a reflection by default
    page.keyboard.press("Enter")
    wait_for(f"month {month} to be stored", lambda: newest(db, month))
    page.keyboard.press("Enter")  # the report read


def test_a_student_plays_the_tutorial_in_the_browser(shared_server: Served, browser: BrowserContext,
                                                     tmp_path: Path) -> None:
    """The whole tutorial, from the join code to the debrief; and every request the page makes over the game,
    the websocket included, goes to the server it came from."""
    server = shared_server
    db = server.db
    scenario = load(resolve("tutorial"))
    turns = scenario.turns
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    screen = Screen()
    screen.watch(page)
    join(page, server.url, server.code)
    settled(page)
    # The starting message is gone and the terminal has the keyboard without a click.
    assert page.locator("#starting").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('xterm-helper-textarea')")
    start_game(page, "Ada/../Lovelace")
    wait_for("the game to start", lambda: newest(db, 0))
    for month in range(1, turns + 1):
        end_month(page, db, month)
    final = wait_for("the finished game", lambda: newest(db, turns, finished=True))
    screen.showing(page, "The end: debrief")
    ending = final.record().ending
    assert ending is not None and scenario.ending(ending).title in screen.text()  # the ending of the game stored
    page.screenshot(path=str(tmp_path / "debrief.png"))
    assert final.player == "Ada Lovelace" and final.seed == 5 and final.finished and final.months == turns
    assert final.difficulty == "standard"
    assert final.record().reflections() == [(m, f"Month {m}.") for m in range(1, turns + 1)]
    result = replay(scenario, final.record())
    assert result.ok and result.state is not None and result.state.score == final.score
    with Store(db, create=False) as store:
        rows = store.rows("T1")
    assert [r.months for r in rows] == list(range(turns + 1)) and len({r.game for r in rows}) == 1
    assert any(u.startswith(f"ws://127.0.0.1:{server.port}/ws?") for u in requests), requests
    assert any(u.endswith("/static/textual.js") for u in requests), requests
    ours = (f"http://127.0.0.1:{server.port}/", f"ws://127.0.0.1:{server.port}/", "data:")
    assert [u for u in requests if not u.startswith(ours)] == [], "requests to another host"


def test_a_wrong_join_code_is_refused_and_the_right_one_lets_in(shared_server: Served,
                                                                 browser: BrowserContext) -> None:
    server = shared_server
    page = browser.new_page()
    page.goto(server.url)
    assert page.locator("#terminal").count() == 0 and page.locator("#code").count() == 1
    wrong = "999 999" if server.code != "999 999" else "111 111"
    page.fill("#code", wrong)
    with page.expect_response(lambda r: r.url.endswith("/join")) as answer:
        page.click("button[type=submit]")
    assert answer.value.status == 403
    assert "not this class's join code" in page.inner_text("#error")
    assert page.locator("#terminal").count() == 0
    page.fill("#code", server.code.replace(" ", ""))  # typed without the space
    page.click("button[type=submit]")
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    assert len(page.inner_text("#resume-code")) == 9


def test_a_closed_tab_and_a_restarted_server_continue_the_same_game(server: Served, browser: BrowserContext,
                                                                    tmp_path: Path) -> None:
    db = server.db
    page = browser.new_page()
    join(page, server.url, server.code)
    settled(page)
    start_game(page, "Boris")
    end_month(page, db, 1)
    resume_code = page.inner_text("#resume-code")
    page.close()  # the tab is closed after month 1
    page = browser.new_page()
    page.goto(server.url)
    assert page.inner_text("#resume-code") == resume_code
    settled(page)  # the month screen of month 2, not the new-game form
    end_month(page, db, 2)
    assert server.stop(signal.SIGTERM) < 20  # `serve` stops (the time limit is a test's, not the target)
    page.wait_for_selector("#closed", state="visible")  # the page says the server has stopped
    page.wait_for_function("document.getElementById('closed-text').textContent"
                           ".startsWith('The class server has stopped')")
    again = start_server(tmp_path, server.port, db, warm=0)  # only Boris comes back: a warm game would wait
    try:
        assert again.code == server.code  # the join code is kept in the store: the same class, the same code
        with page.expect_navigation():  # the page's Reconnect button reloads it (an inline onclick did nothing:
            page.click("#closed button")  # the page's own Content-Security-Policy refused to run it)
        settled(page)
        end_month(page, db, 3)
        wait_for("the finished game", lambda: newest(db, 3, finished=True))
    finally:
        again.stop()
    with Store(db, create=False) as store:
        rows = store.rows("T1")
        latest = store.latest("T1")
    assert len(latest) == 1 and latest[0].finished and latest[0].player == "Boris"  # one game, counted once
    assert [r.months for r in rows] == [0, 1, 2, 3] and len({r.game for r in rows}) == 1
    assert {r.owner for r in rows} == {resume_code}


def test_the_compare_report_does_not_scroll_sideways(chromium: Browser, tmp_path: Path) -> None:
    """The --html report on a narrow window (a projector's 800 px, or less): the page itself never scrolls
    sideways; a line of the full comparison longer than the window (here the reason a record was set apart,
    154 characters) scrolls inside its own box, and the page's headings and chart stay in view."""
    from game.records.compare import compare, render_html

    mini = load(ROOT / "tests" / "fixtures" / "scenarios" / "mini.toml")
    report = tmp_path / "class.html"
    report.write_text(render_html(compare([ROOT / "tests" / "fixtures" / "records" / "class"],
                                          lambda _id, _sha: mini)), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 640, "height": 480})
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 640
        assert page.evaluate("(() => { const p = document.querySelector('pre');"
                             " return p.scrollWidth > p.clientWidth; })()")
    finally:
        context.close()


def test_the_compare_charts_labels_are_drawn_whole(chromium: Browser, tmp_path: Path) -> None:
    """Every label of the --html report's chart lies inside the chart. The last month's name was centred 16
    units from the right edge, and for the tutorial's 'May' the edge cut off part of the 'y' (in Chromium, 2.9
    px at a 1280 px window)."""
    from game.engine import new_game, play_turn
    from game.records import from_state
    from game.records.compare import Source, compare, render_html

    tutorial = load(resolve("tutorial"))
    state = new_game(tutorial, 1980)
    while not state.over:
        state, _ = play_turn(state, {})
    record = from_state(state, "Anna")
    report = tmp_path / "class.html"
    report.write_text(render_html(compare([Source("anna", lambda: record)], lambda _id, _sha: tutorial)),
                      encoding="utf-8")
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        labels = page.evaluate("""(() => {
            const chart = document.querySelector('svg[role=img]'), svg = chart.getBoundingClientRect();
            return [...chart.querySelectorAll('text')].map(t => { const r =
                t.getBoundingClientRect(); return [t.textContent, r.left >= svg.left && r.right <= svg.right]; });
        })()""")
        assert labels[-1][0] == "May"  # the last month's label is among those checked
        assert [text for text, inside in labels if not inside] == []
    finally:
        context.close()
