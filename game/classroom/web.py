"""The web side of `ambassador serve`: the project's own page, the join code, one game process per browser.

It speaks textual-serve's protocol (the browser script and the terminal's CSS are textual-serve's, served from
this machine with our page around them), but the server is ours, so that:

- only the class gets in: the page asks for the class's join code and remembers it in a cookie; the websocket
  refuses a browser without it, a page of another site (its Origin must be the page's own), and, on a
  loopback address, a Host that is not loopback (DNS rebinding); at most ``max_sessions`` games run at once;
- a browser keeps a resume code (a cookie, shown on the page): its unfinished game continues when it comes
  back, after a closed tab, a network drop or a restart of the server, and opening the game in a second tab
  moves it there (one process per browser: a game is never played, or stored, twice);
- the page loads nothing from another host and says "Starting your game…" until the first screen;
- the teacher's banner is not buried: access logs only with ``verbose``; Ctrl+C, SIGTERM or SIGHUP (a closed
  terminal) stops every game (each has stored its months already) and the server within a second or two, and
  removes the games' data folders (``game.classroom.serve`` says where they are).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import json
import logging
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from game.classroom import WARM_POOL
from game.classroom.forkserver import HOMES_ENV, Child, Request, Zygote
from game.classroom.serve import TROUBLE

if TYPE_CHECKING:
    from aiohttp import web

    from game.classroom.store import Store

PAGE_DIR = Path(__file__).with_name("page")
JOIN_COOKIE = "ambassador-join"
PLAYER_COOKIE = "ambassador-player"
#: Letters and digits that cannot be mistaken for one another when read aloud or copied from a screen.
RESUME_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
#: Wrong join codes one address may try before it waits a minute.
WRONG_CODES = 10
#: How long a game has to quit by itself when its browser leaves or the server stops, before it is ended.
GRACE_S = 0.8
#: The terminal a warm game is drawn at before a browser takes it (the game's smallest: a browser's terminal
#: is bigger, so the game redraws itself at the browser's size).
WARM_SIZE = (80, 24)
#: The Escape key as the game is sent it. The page's terminal sends a lone ESC for it, which a terminal's input
#: can only tell from the start of a longer key (Alt+E is ESC e) by waiting: a game that lags (thirty of them on
#: two cores) reads ESC and the next key together, as one unknown key, and loses both. A lone ESC from the page
#: is always the Escape key (it sends a longer key whole), so it goes on as the key's unambiguous form (CSI 27 u,
#: which Textual reads as Escape).
ESCAPE_KEY = "\x1b[27u"
#: Said on the teacher's console once the warm pool is first full.
READY = "Ready:"
#: The banner's line that gives the class's join code, as the teacher reads it out ("Join code: 482 915").
JOIN_CODE = "Join code:"
#: The banner's last line: how the teacher stops the server.
STOP = "Stop: Ctrl+C, or close this terminal."
#: What stops the server: Ctrl+C, SIGTERM, and SIGHUP (the teacher's terminal closed) where the system has it.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

log = logging.getLogger("ambassador.serve")


class _OneLine(logging.Handler):
    """A message of the web server's (aiohttp) in the teacher's console as one line, its exception named
    without a traceback: a malformed request from the network is no reason to fill the console."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        from game.files import shown

        exc = record.exc_info[1] if record.exc_info else None
        detail = ""
        if exc is not None:
            text = str(getattr(exc, "message", "") or exc).strip().splitlines()
            detail = f": {type(exc).__name__}" + (f": {shown(text[0], 100)}" if text else "")
        with contextlib.suppress(OSError, ValueError):
            print(f"{shown(record.getMessage(), 80)}{detail} (the class goes on; --verbose shows the details)",
                  file=sys.stderr, flush=True)


def new_join_code() -> str:
    """Six digits, said as two groups of three: easy to read aloud and to type."""
    return f"{secrets.randbelow(10**6):06d}"


def show_join_code(code: str) -> str:
    return f"{code[:3]} {code[3:]}"


def normal_join_code(typed: str) -> str:
    """What a student typed, without the spaces and dashes people put in codes."""
    return "".join(ch for ch in typed if ch.isdigit())


def banner_code(lines: Iterable[str]) -> str:
    """The join code as the banner of a starting `ambassador serve` shows it, read from the server's output
    ``lines`` up to the line saying it is ready (READY); "" when the output ends first. For the programs that
    start a server and play in it (tests/classroom, benchmarks/serve_load.py)."""
    code = ""
    for line in lines:
        if JOIN_CODE in line:
            code = line.split(JOIN_CODE, 1)[1].strip()
        if line.startswith(READY):
            break
    return code


def new_resume_code() -> str:
    """Eight letters and digits, shown as XXXX-XXXX: this browser's games in the class."""
    chars = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normal_resume_code(typed: str) -> str | None:
    """A typed resume code in its stored form, or None when it cannot be one."""
    chars = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(chars) != 8 or any(ch not in RESUME_ALPHABET for ch in chars):
        return None
    return f"{chars[:4]}-{chars[4:]}"


def _static_files() -> dict[str, tuple[Path, str]]:
    import textual_serve

    stock = Path(textual_serve.__file__).parent / "static"
    return {
        "textual.js": (stock / "js" / "textual.js", "text/javascript"),
        "xterm.css": (stock / "css" / "xterm.css", "text/css"),
        "RobotoMono.ttf": (stock / "fonts" / "RobotoMono-VariableFont_wght.ttf", "font/ttf"),
        "page.css": (PAGE_DIR / "page.css", "text/css"),
        "page.js": (PAGE_DIR / "page.js", "text/javascript"),
    }


#: No request of the page may leave the teacher's machine; the browser enforces it too.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@dataclass
class Options:
    """What the teacher chose: fixed for the whole class period."""

    zygote_argv: list[str]  # the fork server (``ambassador _zygote`` with the teacher's settings)
    klass: str
    code: str
    host: str
    port: int
    banner: str
    max_sessions: int = 40
    verbose: bool = False
    loopback: bool = True
    db: Path | None = None  # where `serve` keeps each browser's presence for the teacher's view
    starts: int = 0  # games starting at once (the rest wait their turn); 0: one per core
    warm: int = WARM_POOL  # games kept started, on their first screen, for the next students


@dataclass
class Game:
    """One game process (forked by the zygote), speaking textual-serve's packet protocol on its stdin and
    stdout. Its screen is read from the moment it starts into ``screen``, so a warm game's first screen waits
    there, whole, for the browser that takes it."""

    owner: str | None  # the browser's resume code; None while the game waits in the warm pool
    proc: Child
    size: tuple[int, int]  # the terminal it was started at
    stderr: bytearray = field(default_factory=bytearray)
    started: bool = False
    shown: asyncio.Event = field(default_factory=asyncio.Event)  # its first screen was drawn (or it ended)
    screen: asyncio.Queue[bytes | None] = field(default_factory=asyncio.Queue)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    trouble: Callable[[str], None] = lambda message: None  # the game says the store cannot be written, or can
    ended_by_server: bool = False  # it did not quit when asked, so the server ended it (not the game's failure)

    def __post_init__(self) -> None:
        self.tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._drain_stderr())]

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None and not self.tasks[0].done()

    async def send(self, kind: bytes, payload: bytes) -> None:
        stdin = self.proc.stdin
        if stdin.is_closing():
            return
        with contextlib.suppress(ConnectionError, RuntimeError, OSError):
            stdin.write(kind + len(payload).to_bytes(4, "big") + payload)

    async def meta(self, data: dict[str, object]) -> None:
        await self.send(b"M", json.dumps(data).encode())

    async def take(self, owner: str, width: int, height: int) -> None:
        """Hand the game to a browser: it learns its owner (before any key), and draws itself at the
        browser's size (a warm game was drawn at ``WARM_SIZE``; what it drew goes out first)."""
        self.owner = owner
        self.proc.name(owner)
        if (width, height) != self.size:
            self.size = (width, height)
            await self.meta({"type": "resize", "width": width, "height": height})

    async def _read(self) -> None:
        out = self.proc.stdout
        try:
            for _ in range(10):  # the driver's greeting, after anything the process printed first
                line = await out.readline()
                if not line:
                    return
                if line == b"__GANGLION__\n":
                    self.started = True
                    break
            if not self.started:
                return
            sent = 0
            while True:
                kind = await out.readexactly(1)
                size = int.from_bytes(await out.readexactly(4), "big")
                payload = await out.readexactly(size)
                if kind == b"D":
                    self.screen.put_nowait(payload)
                    sent += len(payload)
                    if sent > 2000:  # the terminal's set-up codes come first; a screen is several kB
                        self.shown.set()
                elif kind == b"M" and json.loads(payload).get("type") == "exit":
                    return
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            return
        finally:
            self.shown.set()
            self.screen.put_nowait(None)

    async def forward(self, write: Callable[[bytes], Awaitable[None]]) -> None:
        """Send the game's screen to the browser (what it drew so far first) until the game ends."""
        while (data := await self.screen.get()) is not None:
            await write(data)

    async def _drain_stderr(self) -> None:
        err = self.proc.stderr
        with contextlib.suppress(ConnectionError, OSError, ValueError):
            while line := await err.readline():
                if line.startswith(TROUBLE.encode()):
                    self.trouble(line[len(TROUBLE):].decode("utf-8", "replace").strip())
                    continue
                self.stderr += line
                del self.stderr[:-20_000]

    async def stop(self, grace: float = GRACE_S) -> None:
        """Ask the game to quit; end it if it has not within ``grace`` seconds."""
        self.proc.close_owner()
        if self.proc.returncode is None:
            await self.meta({"type": "quit"})
            try:
                await asyncio.wait_for(self.proc.wait(), grace)
            except asyncio.TimeoutError:
                self.ended_by_server = True
                self.proc.terminate()
                try:
                    await asyncio.wait_for(self.proc.wait(), grace)
                except asyncio.TimeoutError:
                    self.proc.kill()
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self.proc.wait(), grace)
        await asyncio.gather(*self.tasks, return_exceptions=True)


class Classroom:
    """The server: routes, the join code, the games.

    How a class that arrives at once is started (``benchmarks/serve_load.py`` measures it): every game is
    forked from the zygote (``game.classroom.forkserver``), which has imported and drawn the game once, so
    it starts in about 0.25 CPU-seconds instead of 0.7 and shares most of its memory with the others. The
    server keeps ``warm`` games started ahead, on their first screen at ``WARM_SIZE``: a student takes one
    at once; the game learns whose it is and redraws itself at the browser's size. Behind the pool, games
    start at most one per core at a time (the rest see "Starting your game…" in turn), so the first students
    play while the others wait instead of thirty starts sharing two cores. The pool is refilled in the
    background, one game at a time, and only while no student waits. A browser with an unfinished game in
    the store gets a game started for it, which continues that game.
    """

    def __init__(self, options: Options) -> None:
        self.o = options
        self.games: dict[str, Game] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.reasons: dict[str, str] = {}  # why a browser's last game ended, for its page
        self.wrong: dict[str, list[float]] = {}
        self.static = _static_files()
        self.template = Template((PAGE_DIR / "page.html").read_text(encoding="utf-8"))
        self.join_token = hashlib.sha256(f"{options.klass}\0{options.code}".encode()).hexdigest()[:32]
        self.stopping = False
        self.starting = 0  # games being started (counted as places taken)
        # Starting a game is most of its cost (about 0.7 CPU-seconds to the first screen): a class that
        # arrives at once is started a few at a time, so that the first are playing while the rest wait,
        # instead of thirty games sharing two cores until all are late.
        self.gate = asyncio.Semaphore(options.starts or os.cpu_count() or 2)
        self.waiting = 0  # browsers waiting for the gate (the warm pool is refilled only when none is)
        self.waiters: set[asyncio.Task[None]] = set()
        self.pool: list[Game] = []  # warm games, oldest first
        self.pool_wake = asyncio.Event()
        self.zygote: Zygote | None = None
        self.zygote_lock = asyncio.Lock()
        self.zygote_failed = False
        self.warming: Game | None = None  # the warm game being started
        self.ready_said = False
        self.store: Store | None = None
        self.last_key: dict[str, float] = {}
        self.store_trouble = ""
        self.homes: Path | None = None  # the games' data folders, while the server runs (game.classroom.serve)

    # -- checks ----------------------------------------------------------------------------------------------
    def joined(self, request: web.Request) -> bool:
        return hmac.compare_digest(request.cookies.get(JOIN_COOKIE, ""), self.join_token)

    def player(self, request: web.Request) -> str | None:
        return normal_resume_code(request.cookies.get(PLAYER_COOKIE, ""))

    def host_ok(self, request: web.Request) -> bool:
        """On a loopback address, only loopback names (a page of another site renamed to 127.0.0.1 by DNS is
        refused); served to the network, the join code is what keeps others out."""
        if not self.o.loopback:
            return True
        from game.classroom.serve import is_loopback

        host = (request.host or "").rsplit(":", 1)[0] if not (request.host or "").endswith("]") \
            else (request.host or "")
        return is_loopback(host.strip("[]"))

    def origin_ok(self, request: web.Request) -> bool:
        """The websocket must come from our own page: its Origin is this server as the browser reached it."""
        origin = request.headers.get("Origin", "")
        return bool(request.host) and hmac.compare_digest(origin, f"http://{request.host}")

    def full(self) -> bool:
        return len(self.games) + self.starting >= self.o.max_sessions

    # -- pages -----------------------------------------------------------------------------------------------
    def page(self, kind: str, heading: str, main: str, *, resume: str = "", status: int = 200) -> web.Response:
        from aiohttp import web

        text = self.template.substitute(title="Ambassador", kind=kind, heading=html.escape(heading),
                                        resume=resume, main=main)
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8",
                            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store",
                                     "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"})

    def message(self, kind: str, title: str, text: str, *, status: int, again: bool = True) -> web.Response:
        button = '<form method="get" action="/"><button type="submit">Try again</button></form>' if again else ""
        return self.page(kind, f"class {self.o.klass}", f'<main class="message"><h1>{html.escape(title)}</h1>'
                         f"<p>{html.escape(text)}</p>{button}</main>", status=status)

    def join_page(self, error: str = "", status: int = 200) -> web.Response:
        wrong = f'<p class="error" id="error">{html.escape(error)}</p>' if error else ""
        main = ('<main class="message"><h1>Join the class</h1>'
                "<p>Type the join code your teacher gave you.</p>" + wrong +
                '<form method="post" action="/join">'
                '<label for="code">Join code</label>'
                '<input id="code" name="code" inputmode="numeric" autocomplete="off" autofocus required>'
                '<label for="resume">Resume code (only to continue a game begun in another browser)</label>'
                '<input id="resume" class="small" name="resume" autocomplete="off">'
                '<br><button type="submit">Join</button></form></main>')
        return self.page("join", f"class {self.o.klass}", main, status=status)

    async def index(self, request: web.Request) -> web.StreamResponse:
        if not self.host_ok(request):
            return self.message("refused", "Wrong address", "Open the address your teacher gave you.",
                                status=403, again=False)
        if not self.joined(request):
            return self.join_page()
        player = self.player(request)
        if self.full() and (player is None or player not in self.games):
            return self.message("full", "The class is full",
                                f"All {self.o.max_sessions} places are taken. Ask your teacher.", status=503)
        player = player or new_resume_code()
        main = ('<div class="terminal-box">'
                '<div id="starting" class="overlay"><p>Starting your game…</p></div>'
                '<div id="closed" class="overlay"><p id="closed-text">Your game is saved.</p>'
                '<button type="button" id="reconnect">Reconnect</button></div>'
                f'<div id="terminal" class="textual-terminal" data-session-websocket-url="ws://'
                f'{html.escape(request.host)}/ws" data-font-size="16"></div></div>'
                '<script src="/static/textual.js"></script><script src="/static/page.js"></script>')
        resume = f'Your resume code: <b id="resume-code">{player}</b>'
        response = self.page("game", f"class {self.o.klass}", main, resume=resume)
        self._cookie(response, PLAYER_COOKIE, player)
        return response

    def _cookie(self, response: web.StreamResponse, name: str, value: str) -> None:
        response.set_cookie(name, value, max_age=14 * 24 * 3600, path="/", httponly=True, samesite="Strict")

    async def join(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        if not self.host_ok(request):
            return self.message("refused", "Wrong address", "Open the address your teacher gave you.",
                                status=403, again=False)
        peer = request.remote or ""
        now = time.monotonic()
        recent = [t for t in self.wrong.get(peer, []) if now - t < 60]
        self.wrong[peer] = recent
        if len(recent) >= WRONG_CODES:
            return self.message("refused", "Too many wrong codes",
                                "Wait a minute, then type the code your teacher gives you.", status=429)
        form = await request.post()
        typed = normal_join_code(str(form.get("code", "")))
        if not hmac.compare_digest(typed, self.o.code):
            recent.append(now)
            return self.join_page("That is not this class's join code. Check it with your teacher.", status=403)
        resume_typed = str(form.get("resume", "")).strip()
        resume = normal_resume_code(resume_typed) if resume_typed else None
        if resume_typed and resume is None:
            return self.join_page("That resume code cannot be right: it has 8 letters and digits, like "
                                  "K7PD-3RXM.", status=400)
        response = web.Response(status=303, headers={"Location": "/"})
        self._cookie(response, JOIN_COOKIE, self.join_token)
        if resume:
            self._cookie(response, PLAYER_COOKIE, resume)
        return response

    async def status(self, request: web.Request) -> web.Response:
        from aiohttp import web

        player = self.player(request)
        if self.stopping:  # the page says so as when the server is already gone
            reason = "stopped"
        elif not self.joined(request) or player is None:
            reason = "code"
        else:
            reason = self.reasons.get(player, "ended")
        return web.json_response({"reason": reason}, headers={"Cache-Control": "no-store"})

    async def static_file(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        found = self.static.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        path, kind = found
        return web.Response(body=path.read_bytes(), content_type=kind,
                            headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"})

    # -- the game's websocket --------------------------------------------------------------------------------
    async def websocket(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import WSMsgType, web

        player = self.player(request)
        if not (self.host_ok(request) and self.origin_ok(request)):
            raise web.HTTPForbidden(text="not from this class's page")
        if not self.joined(request) or player is None:
            raise web.HTTPForbidden(text="join the class first")
        if self.stopping:
            raise web.HTTPServiceUnavailable(text="the server is stopping")
        if player in self.games:  # the same browser again (a second tab, a reload after a network drop)
            self.reasons[player] = "replaced"
            await self.games[player].stop()
            task = self.tasks.get(player)
            if task is not None:
                await asyncio.wait({task}, timeout=2 * GRACE_S + 1)
        if self.full():
            self.reasons[player] = "full"
            raise web.HTTPServiceUnavailable(text="the class is full")
        width = _int(request.query.get("width"), 80, 20, 500)
        height = _int(request.query.get("height"), 24, 8, 200)
        ws = web.WebSocketResponse(heartbeat=15)
        self.starting += 1
        try:
            await ws.prepare(request)
            returning = self._returning(player)
            game = None if returning else self._warm_game()
            if game is None:
                self.waiting += 1
                try:
                    await self.gate.acquire()  # the page says "Starting your game…" while it waits its turn
                finally:
                    self.waiting -= 1
                    self.pool_wake.set()
                game = None if returning else self._warm_game()  # a warm game got ready meanwhile
                if game is not None:
                    self.gate.release()
                else:
                    try:
                        game = await self._start(player, width, height)
                    except BaseException:
                        self.gate.release()
                        raise
                    waiter = asyncio.create_task(self._next_start(game))
                    self.waiters.add(waiter)
                    waiter.add_done_callback(self.waiters.discard)
            if game is not None:
                await game.take(player, width, height)
        finally:
            self.starting -= 1
        if game is None:
            self.reasons[player] = "failed"
            await ws.close()
            return ws
        self.reasons[player] = "ended"
        self.games[player] = game
        self._seen(player, connected=True)
        current = asyncio.current_task()
        assert current is not None
        self.tasks[player] = current
        screen = asyncio.create_task(self._screen(game, ws))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = json.loads(msg.data)
                    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
                except (json.JSONDecodeError, IndexError, KeyError, TypeError):
                    continue
                if kind == "stdin" and isinstance(data, str):
                    await game.send(b"D", (ESCAPE_KEY if data == "\x1b" else data).encode("utf-8"))
                    if time.monotonic() - self.last_key.get(player, 0.0) > 10:
                        self._seen(player, connected=True)
                elif kind == "resize" and isinstance(data, dict):
                    await game.meta({"type": "resize", "width": _int(data.get("width"), width, 20, 500),
                                     "height": _int(data.get("height"), height, 8, 200)})
                elif kind == "ping":
                    await ws.send_json(["pong", data])
                elif kind in ("focus", "blur"):
                    await game.meta({"type": kind})
        finally:
            screen.cancel()
            await game.stop()
            await asyncio.gather(screen, return_exceptions=True)
            if self.games.get(player) is game:
                del self.games[player]
                self.tasks.pop(player, None)
                self.pool_wake.set()  # a place is free: the pool may grow back
                self._seen(player, connected=False)
            if not game.started or (game.proc.returncode not in (0, -signal.SIGTERM, None)
                                    and not game.ended_by_server):
                self._report_failure(game)
            await ws.close()
        return ws

    async def _next_start(self, game: Game | None) -> None:
        """Let the next game start once this one shows its first screen (or ends, or has had 10 seconds)."""
        try:
            if game is not None:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(game.shown.wait(), 10)
        finally:
            self.gate.release()

    async def _screen(self, game: Game, ws: web.WebSocketResponse) -> None:
        await game.forward(ws.send_bytes)
        await ws.close()  # the game ended (the student quit): the page says it is saved

    def _returning(self, player: str) -> bool:
        """Whether this browser has an unfinished game in the store (it gets a game started to continue it).
        A store that cannot be read says yes: the game started for it looks for itself."""
        from game.classroom.store import StoreError

        if self.store is None:
            return True
        try:
            return self.store.unfinished(self.o.klass, player) is not None
        except StoreError:
            return True

    def _warm_game(self) -> Game | None:
        """The oldest warm game still alive, taken out of the pool (which is then refilled)."""
        while self.pool:
            game = self.pool.pop(0)
            self.pool_wake.set()
            if game.alive:
                return game
            waiter = asyncio.create_task(game.stop())
            self.waiters.add(waiter)
            waiter.add_done_callback(self.waiters.discard)
        return None

    def _pool_size(self) -> int:
        """How many warm games to keep: ``warm``, but never more than the places left in the class (so the
        server never holds more games than ``max_sessions``)."""
        return max(0, min(self.o.warm, self.o.max_sessions - len(self.games) - self.starting))

    async def _keep_warm(self) -> None:
        """Keep ``warm`` games started, one start at a time, and only while no student waits for one. Say
        "Ready:" on the console once the zygote has loaded the game and the pool is full."""
        with contextlib.suppress(OSError):
            await (await self._fork_server()).ready.wait()
        while not self.stopping:
            if not self.ready_said and len(self.pool) >= self._pool_size():
                self.ready_said = True
                print(f"{READY} students can join ({len(self.pool)} game{'s' if len(self.pool) != 1 else ''} "
                      "started ahead).", flush=True)
            if len(self.pool) >= self._pool_size() or self.waiting or self.zygote_failed:
                self.pool_wake.clear()
                await self.pool_wake.wait()
                continue
            async with self.gate:
                if self.stopping:
                    return
                game = self.warming = await self._start(None, *WARM_SIZE)
                if game is not None:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(game.shown.wait(), 30)
            self.warming = None
            if game is None:
                continue
            if game.alive and not self.stopping:
                self.pool.append(game)
            else:
                await game.stop()

    async def _fork_server(self) -> Zygote:
        async with self.zygote_lock:
            if self.zygote is None or not self.zygote.alive:
                if self.zygote is not None:
                    await self.zygote.close()
                if self.homes is None:
                    raise OSError("the server is not running")
                env = {**os.environ, "AMBASSADOR_SERVER_PID": str(os.getpid()), HOMES_ENV: str(self.homes),
                       "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "60",
                       "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual"}
                self.zygote = await Zygote.start(self.o.zygote_argv, env)
            return self.zygote

    async def _start(self, player: str | None, width: int, height: int) -> Game | None:
        """A new game (for ``player``, who may have one to continue; None: a warm one), or None when it cannot
        be started (said on the teacher's console once)."""
        try:
            zygote = await self._fork_server()
            child = await zygote.fork(Request(player, width, height))
        except OSError as exc:
            if not self.zygote_failed:
                print(f"ambassador serve: cannot start a game: {exc}", file=sys.stderr, flush=True)
            self.zygote_failed = True
            self.pool_wake.set()
            return None
        self.zygote_failed = False
        return Game(player, child, (width, height), trouble=self._store_trouble)

    def _seen(self, player: str, *, connected: bool) -> None:
        """Tell the teacher's view (through the store) that a browser is here, typed, or left. A store that
        cannot be written is said once on the teacher's console; the games go on (they report it themselves)."""
        from game.classroom.store import StoreError

        self.last_key[player] = time.monotonic()
        if self.store is None:
            return
        try:
            self.store.seen(self.o.klass, player, connected=connected)
        except StoreError as exc:
            self._store_trouble(str(exc))
        else:
            self._store_trouble("")

    def _store_trouble(self, message: str) -> None:
        """Tell the teacher, once, that the store cannot be written (``message``: why) or can be again ("")."""
        if message and message != self.store_trouble:
            print(f"\nWARNING: {message}. The students are told; each game is stored whole as soon as the "
                  "store can be written again: free space on the disk, or close the program that holds it.",
                  file=sys.stderr, flush=True)
        elif not message and self.store_trouble:
            print("The classroom store can be written again.", file=sys.stderr, flush=True)
        self.store_trouble = message

    def _report_failure(self, game: Game) -> None:
        text = game.stderr.decode("utf-8", "replace").strip()
        last = text.splitlines()[-1] if text else f"exit status {game.proc.returncode}"
        print(f"ambassador serve: a game ended with an error ({game.owner}): {last}", file=sys.stderr, flush=True)
        if self.o.verbose and text:
            print(text, file=sys.stderr, flush=True)

    # -- running ---------------------------------------------------------------------------------------------
    def application(self) -> web.Application:
        from aiohttp import web

        app = web.Application()
        app.add_routes([web.get("/", self.index), web.post("/join", self.join), web.get("/ws", self.websocket),
                        web.get("/status", self.status), web.get("/static/{name}", self.static_file)])
        return app

    async def run(self, ready: Callable[[], None] | None = None) -> None:
        """Serve until a signal of STOP_SIGNALS, then stop every game (each within GRACE_S), remove the folder of
        the games' data folders, however they ended, and return."""
        self.homes = Path(tempfile.mkdtemp(prefix="ambassador-serve-"))
        try:
            await self._serve(ready)
        finally:
            shutil.rmtree(self.homes, ignore_errors=True)
            self.homes = None

    async def _serve(self, ready: Callable[[], None] | None) -> None:
        from aiohttp import web

        if self.o.verbose:
            logging.basicConfig(level=logging.INFO, format="%(message)s")
        else:  # the web server's own errors (a malformed request) are one line each, not a traceback
            server_log = logging.getLogger("aiohttp")
            server_log.addHandler(_OneLine())
            server_log.propagate = False
        if self.o.db is not None:
            from game.classroom.store import Store, StoreError

            try:
                self.store = Store(self.o.db, wait=0.2)
                self.store.all_left(self.o.klass)
            except StoreError as exc:
                print(f"WARNING: {exc}: the class view will not show who is connected.", file=sys.stderr,
                      flush=True)
        runner = web.AppRunner(self.application(), access_log=log if self.o.verbose else None,
                               handle_signals=False, shutdown_timeout=GRACE_S)
        await runner.setup()
        site = web.TCPSite(runner, self.o.host, self.o.port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        try:  # the zygote loads the game while the teacher reads the banner
            await self._fork_server()
        except OSError as exc:
            print(f"ambassador serve: cannot start the games' fork server: {exc}", file=sys.stderr, flush=True)
        print(self.o.banner, flush=True)
        if ready is not None:
            ready()
        keeper = asyncio.create_task(self._keep_warm())
        try:
            await stop.wait()
        finally:
            self.stopping = True
            self.pool_wake.set()
            with contextlib.suppress(OSError):  # the teacher's terminal may be gone (SIGHUP)
                print("\nStopping: every game has stored its months; closing the games…", flush=True)
            pool, self.pool = self.pool, []
            await asyncio.gather(*(g.stop() for g in [*self.games.values(), *pool]), return_exceptions=True)
            keeper.cancel()
            await asyncio.gather(keeper, return_exceptions=True)
            if self.warming is not None:
                await self.warming.stop()
            await runner.cleanup()
            if self.zygote is not None:
                await self.zygote.close()
            for sig in STOP_SIGNALS:
                loop.remove_signal_handler(sig)
            if self.store is not None:
                self.store.close()
            with contextlib.suppress(OSError):
                print("Stopped.", flush=True)


def _int(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, low), high)
