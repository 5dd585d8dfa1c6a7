"""The classroom server's gate, without a browser: the join code, the Origin and Host checks, the class's limit,
and what happens to the games when the server dies."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import closing
from pathlib import Path

import pytest
from aiohttp import ClientSession, ClientWebSocketResponse, WSMsgType, WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer

from game.classroom.store import Store
from game.classroom.web import (
    JOIN_COOKIE,
    PLAYER_COOKIE,
    STOP,
    WRONG_CODES,
    Classroom,
    Options,
    banner_code,
    normal_join_code,
    normal_resume_code,
)

from .test_browser import Served, drawn, free_port, newest, start_server, wait_for

Client = TestClient[web.Request, web.Application]


def options(**changes: object) -> Options:
    base = Options([sys.executable, "-c", "import sys; sys.exit(0)"], "3B", "482915", "127.0.0.1", 0, "banner")
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def with_client(room: Classroom, body: Callable[[Client], Awaitable[None]]) -> None:
    async def run() -> None:
        async with TestClient(TestServer(room.application())) as client:
            await body(client)

    asyncio.run(run())


def test_the_join_code_is_read_from_the_banner_until_ready() -> None:
    said = ["Serving Tutorial to class 'T1'\n", "\n", "    Join code: 482 915\n", "Ready: students can join\n",
            "Join code: 000 000\n"]
    lines = iter(said)
    assert banner_code(lines) == "482 915" and next(lines) == said[-1]  # nothing read after "Ready:"
    assert banner_code(said[:3]) == "482 915" and banner_code(["Traceback ...\n"]) == ""


def test_codes_as_people_type_them() -> None:
    assert normal_join_code(" 482-915 ") == "482915" and normal_join_code("482 915") == "482915"
    assert normal_resume_code("k7pd 3rxm") == "K7PD-3RXM"
    assert normal_resume_code("K7PD-2QX") is None and normal_resume_code("K7PD-2QXO") is None  # O is not used


def test_the_page_asks_for_the_code_and_refuses_a_wrong_one() -> None:
    room = Classroom(options())

    async def body(client: Client) -> None:
        page = await client.get("/")
        assert page.status == 200 and 'name="code"' in await page.text() and "textual.js" not in await page.text()
        wrong = await client.post("/join", data={"code": "123 456"}, allow_redirects=False)
        assert wrong.status == 403 and "not this class&#x27;s join code" in await wrong.text()
        right = await client.post("/join", data={"code": "482 915"}, allow_redirects=False)
        assert right.status == 303 and JOIN_COOKIE in right.cookies
        game = await client.get("/")
        text = await game.text()
        assert game.status == 200 and "/static/textual.js" in text and "Starting your game…" in text
        assert "googleapis" not in text and "default-src 'none'" in game.headers["Content-Security-Policy"]

    with_client(room, body)


def test_too_many_wrong_codes_wait_a_minute() -> None:
    room = Classroom(options())

    async def body(client: Client) -> None:
        for _ in range(WRONG_CODES):
            assert (await client.post("/join", data={"code": "000000"})).status == 403
        late = await client.post("/join", data={"code": "482915"}, allow_redirects=False)
        assert late.status == 429 and "Too many wrong codes" in await late.text()

    with_client(room, body)


def test_the_websocket_wants_the_code_our_origin_and_a_place() -> None:
    room = Classroom(options(max_sessions=1))

    async def body(client: Client) -> None:
        own = f"http://{client.host}:{client.port}"

        async def status(cookies: dict[str, str], origin: str) -> int:
            async with ClientSession(cookies=cookies) as http:
                try:
                    ws = await http.ws_connect(f"{own}/ws?width=80&height=24", headers={"Origin": origin})
                except WSServerHandshakeError as exc:
                    return exc.status
                await ws.close()
                return 101

        joined = {JOIN_COOKIE: room.join_token, PLAYER_COOKIE: "K7PD-3RXM"}
        assert await status({PLAYER_COOKIE: "K7PD-3RXM"}, own) == 403  # no join code
        assert await status(joined, "http://evil.example") == 403  # a page of another site
        assert await status(joined, "null") == 403
        room.games["AAAA-AAAA"] = object()  # type: ignore[assignment]  # the one place is taken
        assert await status(joined, own) == 503
        full = await client.get("/", cookies={JOIN_COOKIE: room.join_token})
        assert full.status == 503 and "The class is full" in await full.text()
        reason = await (await client.get("/status", cookies=joined)).json()
        assert reason == {"reason": "full"}

    with_client(room, body)


def test_on_loopback_another_host_name_is_refused() -> None:
    """A page of another site whose name the attacker points at 127.0.0.1 (DNS rebinding) gets nothing."""
    room = Classroom(options())

    async def body(client: Client) -> None:
        rebound = await client.get("/", headers={"Host": "evil.example:8000"})
        assert rebound.status == 403
        assert (await client.get("/", headers={"Host": "localhost:8000"})).status == 200

    with_client(room, body)
    served = Classroom(options(loopback=False))

    async def lan(client: Client) -> None:
        assert (await client.get("/", headers={"Host": "192.168.1.20:8000"})).status == 200

    with_client(served, lan)


def _children(pid: int) -> list[int]:
    """Every process below ``pid``: the zygote and the games it forked."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        below = frontier.pop()
        kids = [child for child, parent in parents.items() if parent == below]
        found += kids
        frontier += kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextlib.asynccontextmanager
async def _student(served: Served, width: int, height: int) -> AsyncIterator[ClientWebSocketResponse[bool]]:
    """A browser of the class (joined, resume code K7PD-3RXM) on its game's websocket, its terminal that size."""
    url = f"http://127.0.0.1:{served.port}"
    cookies = {JOIN_COOKIE: Classroom(options(klass="T1", code=normal_join_code(served.code))).join_token,
               PLAYER_COOKIE: "K7PD-3RXM"}
    async with ClientSession(cookies=cookies) as http, http.ws_connect(
            f"{url}/ws?width={width}&height={height}", headers={"Origin": url}) as ws:
        yield ws


async def _month_one(ws: ClientWebSocketResponse[bool], db: Path) -> None:
    """On a 100 x 30 terminal, Ada starts a game and ends month 1 with a reflection; until it is stored."""
    await _first_screen(ws, 30)
    for keys in ("Ada", "\x0e", "e", "y", "Month 1.", "\r"):
        await ws.send_str(_key(keys))
    await asyncio.to_thread(wait_for, "month 1 in the store", lambda: newest(db, 1))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_malformed_request_is_one_line_in_the_console(tmp_path: Path) -> None:
    """A request with a 10,000-character address (a student's prank, a scanner on the school's network) put a
    traceback of the web server's in the teacher's console, one per request; it is one line, saying the
    game goes on."""
    import socket

    served = start_server(tmp_path, free_port(), tmp_path / "class.sqlite3", warm=0)
    try:
        for _ in range(2):
            with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
                conn.sendall(b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert b" 400 Bad Request" in conn.recv(100)
    finally:
        served.stop()
    console = served.proc.stdout
    assert console is not None
    wait_for("the console to be read to its end", lambda: True if console.closed else None, 20)
    said = "".join(served.out)
    assert "Traceback" not in said, said
    refused = [line for line in said.splitlines() if line.startswith("Error handling request from 127.0.0.1")]
    assert len(refused) == 2 and all(len(line) < 240 for line in refused), said
    assert refused[0].endswith(" (the class goes on; --verbose shows the details)")


def test_no_game_outlives_a_killed_server(tmp_path: Path) -> None:
    served = start_server(tmp_path, free_port(), tmp_path / "class.sqlite3")

    async def open_game() -> None:
        async with _student(served, 100, 30) as ws:
            async for msg in ws:  # the game's first screen arrives
                if isinstance(msg.data, bytes) and b"Your name" in msg.data:
                    break
            games = _children(served.proc.pid)
            assert games and all(_alive(p) for p in games)
            served.proc.send_signal(signal.SIGKILL)
            served.proc.wait()
            wait_for("the game process to end with its server",
                     lambda: True if not any(_alive(p) for p in games) else None, 30)

    try:
        asyncio.run(open_game())
    finally:
        if served.proc.poll() is None:
            served.stop()


def test_sigterm_stops_the_server_and_its_games(tmp_path: Path) -> None:
    """SIGTERM in the middle of a class: the server ends, no game process outlives it, and the month the
    student finished is in the store (readable: nobody holds it)."""
    db = tmp_path / "class.sqlite3"
    served = start_server(tmp_path, free_port(), db)

    async def play_and_stop() -> list[int]:
        async with _student(served, 100, 30) as ws:
            await _month_one(ws, db)
            games = _children(served.proc.pid)
            served.proc.send_signal(signal.SIGTERM)
            async for _ in ws:  # the server closes the game's connection as it stops
                pass
            return games

    try:  # a failure before the SIGTERM leaves no server running
        assert f"{STOP}\n" in served.out  # the banner says how to stop it, on a line of its own
        assert f"Records go to {db}\n" in served.out  # and where the records go (a long path: its own line)
        # and what to run afterwards, the store and the class filled in, as for watching it
        assert "Ready: students can join (1 game started ahead).\n" in served.out  # one game: no plural
        assert f"Afterwards: ambassador compare --db {db} --class T1 (--html FILE to project)\n" in served.out
        games = asyncio.run(play_and_stop())
    except BaseException:
        if served.proc.poll() is None:
            served.stop()
        raise
    assert served.proc.wait(timeout=20) == 0
    assert games and not any(_alive(p) for p in games)
    assert list(served.tmp.iterdir()) == []  # the games' data folders are gone with the server
    with Store(db, create=False) as store:
        assert [(r.player, r.months) for r in store.latest("T1")] == [("Ada", 1)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_game_and_a_stopped_server_leave_no_data_folder(tmp_path: Path) -> None:
    """A student's game killed outright (SIGKILL: it runs no code of its own) loses its data folder (the
    autosave, named after the student) all the same; once the server has stopped (SIGHUP: the teacher's
    terminal was closed; Ctrl+C and SIGTERM stop it the same way), nothing of its games is left in its
    temporary folder."""
    db = tmp_path / "class.sqlite3"
    served = start_server(tmp_path, free_port(), db)

    async def play_and_kill() -> Path:
        async with _student(served, 100, 30) as ws:
            await _month_one(ws, db)
            (homes,) = served.tmp.iterdir()  # the server's one folder of data folders
            (home,) = [h for h in homes.glob("game-*") if any(h.rglob("*.json"))]  # the game that was played
            pid = int(home.name.removeprefix("game-"))
            assert pid in _children(served.proc.pid)
            os.kill(pid, signal.SIGKILL)
            async for _ in ws:  # the server closes the game's connection as it ends
                pass
            await asyncio.to_thread(wait_for, "the killed game's data folder to go",
                                    lambda: True if not home.exists() else None, 30)
            return homes

    try:
        homes = asyncio.run(play_and_kill())
    finally:
        served.stop(signal.SIGHUP)
    assert served.proc.returncode == 0 and not homes.exists() and list(served.tmp.iterdir()) == []


async def _first_screen(ws: ClientWebSocketResponse[bool], height: int) -> bytes:
    """Until the new-game form has been drawn at the browser's size (a line on its last row); what was drawn."""
    seen = b""
    async for msg in ws:
        if isinstance(msg.data, bytes):
            seen += msg.data
        if b"Your name" in seen and f"\x1b[{height};".encode() in seen:
            return seen
    raise AssertionError("the game ended before its first screen")


def test_drawn_puts_text_where_the_cursor_goes() -> None:
    output = b"\x1b[?1049h\x1b[2J\x1b[1;1H\x1b[1mTitle\x1b[0m\x1b[3;4Hx\x1b]0;name\x07y\x1b[1;3HT\xe2\x80\x94"
    assert drawn(output, 10, 4) == "TiT\u2014e\n\n   xy"


def _key(text: str) -> str:
    return json.dumps(["stdin", text])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_warm_game_plays_for_the_browser_that_takes_it(tmp_path: Path) -> None:
    """With one place and one warm game, the student gets the game that was started before they came (the same
    process: no other is started), drawn at their browser's size, and its records carry their resume code."""
    db = tmp_path / "class.sqlite3"
    served = start_server(tmp_path, free_port(), db, "--max-sessions", "1")
    warm = _children(served.proc.pid)[1:]

    async def play() -> list[int]:
        async with _student(served, 111, 33) as ws:
            await _first_screen(ws, 33)
            games = _children(served.proc.pid)[1:]
            await ws.send_str(_key("Ada"))
            await ws.send_str(_key("\x0e"))  # Ctrl+N: start
            await asyncio.to_thread(wait_for, "the game's first record", lambda: newest(db, 0))
            return games

    try:
        games = asyncio.run(play())
    finally:
        served.stop()
    assert games == warm
    with Store(db, create=False) as store:
        rows = store.rows("T1")
    assert [(r.player, r.owner, r.months) for r in rows] == [("Ada", "K7PD-3RXM", 0)]


def test_a_store_locked_by_another_program_loses_no_game(tmp_path: Path) -> None:
    """Another program holds the store while a student ends month 1: the student reads why in the game, the
    teacher on the console, nothing crashes; when the lock is gone, month 2's record stores the whole game."""
    db = tmp_path / "class.sqlite3"
    served = start_server(tmp_path, free_port(), db)
    screen = bytearray()  # everything the game drew

    def said(text: str) -> bool | None:
        return True if any(text in line for line in served.out) else None

    async def play() -> None:
        async with _student(served, 120, 40) as ws:
            screen.extend(await _first_screen(ws, 40))

            async def read() -> None:  # as the page does, all along (the server's pings get their pongs)
                async for msg in ws:
                    if isinstance(msg.data, bytes):
                        screen.extend(msg.data)

            reader = asyncio.create_task(read())
            for keys in ("Ada", "\x0e"):
                await ws.send_str(_key(keys))
            await asyncio.to_thread(wait_for, "the start in the store", lambda: newest(db, 0))
            with closing(sqlite3.connect(db, isolation_level=None)) as other:
                other.execute("BEGIN EXCLUSIVE")  # another program holds the store
                since = len(screen)
                for keys in ("e", "y", "Month 1.", "\r"):
                    await ws.send_str(_key(keys))
                await asyncio.to_thread(wait_for, "the student's message",  # the game's words, in its notice
                                        lambda: True if b"Tell your teacher" in screen[since:] else None)
                await asyncio.to_thread(wait_for, "the teacher's warning",
                                        lambda: said("WARNING: the classroom store cannot be written: another "
                                                     "program holds it locked"))
                other.execute("ROLLBACK")
            for keys in ("\r", "e", "y", "Month 2.", "\r"):  # the report read; month 2 ended
                await ws.send_str(_key(keys))
            await asyncio.to_thread(wait_for, "month 2 in the store", lambda: newest(db, 2))
            await asyncio.to_thread(wait_for, "the teacher told", lambda: said("can be written again"))
            reader.cancel()

    try:
        asyncio.run(play())
    except AssertionError as exc:
        shown = drawn(bytes(screen), 120, 40)
        raise AssertionError(f"{exc}; the game's screen showed last, roughly:\n{shown}") from None
    finally:
        served.stop()
        print("".join(served.out))  # the teacher's console, shown when the test fails
    with Store(db, create=False) as store:
        rows = store.rows("T1")
    assert [r.months for r in rows] == [0, 2] and len({r.game for r in rows}) == 1
    assert [len(r.record().turns[1].reflection) > 0 for r in rows[-1:]] == [True]  # month 1 is in it
    assert "Traceback" not in "".join(served.out)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_game_too_busy_to_quit_when_its_tab_closes_is_no_error(tmp_path: Path) -> None:
    """A class of thirty on two cores: a student closes the tab and the game, starved of CPU, does not quit
    within the server's grace, so the server ends it. That is the server's doing, not the game's failure: the
    teacher's console does not say "a game ended with an error" (it said so, with "exit status -9", for most of
    the tabs closed during a real class of thirty). The game here is stopped (SIGSTOP), the most starved game."""
    db = tmp_path / "class.sqlite3"
    served = start_server(tmp_path, free_port(), db)

    async def close_a_starved_game() -> list[int]:
        async with _student(served, 100, 30) as ws:
            await _first_screen(ws, 30)
            games = _children(served.proc.pid)[1:]  # below the zygote: this student's game (and a warm one)
            for pid in games:
                os.kill(pid, signal.SIGSTOP)
        # the tab is closed: the server ends the game once it has not quit in time
        await asyncio.to_thread(wait_for, "the game to be ended",
                                lambda: True if not any(_alive(p) for p in games[:1]) else None, 30)
        return games

    try:
        games = asyncio.run(close_a_starved_game())
        wait_for("the browser to be gone", lambda: True if not _connected(db) else None)
    finally:
        served.stop()
    wait_for("the server's last words", lambda: True if any(line.startswith("Stopped.") for line in served.out)
             else None)
    assert games and "ended with an error" not in "".join(served.out), "".join(served.out)


def _connected(db: Path) -> bool | None:
    with Store(db, create=False) as store:
        return store.presence("T1").get("K7PD-3RXM", (False, ""))[0] or None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_escape_then_a_key_reach_a_lagging_game_as_two_keys(tmp_path: Path) -> None:
    """A student leaves a post (Esc) and ends the month (e) while the game lags, as it does with a class of
    thirty on two cores: both keys wait in the game's input together, and the game read them as one key, Alt+E,
    so neither did anything (in a real class of thirty, a dozen students' months did not end so). The game
    here is stopped (SIGSTOP) while the two keys are sent, then continued: the month ends."""
    db = tmp_path / "class.sqlite3"
    served = start_server(tmp_path, free_port(), db)
    screen = bytearray()

    def shows(text: str) -> bool | None:
        return True if text in drawn(bytes(screen), 100, 30) else None

    async def play() -> None:
        async with _student(served, 100, 30) as ws:
            screen.extend(await _first_screen(ws, 30))
            pongs: asyncio.Queue[str] = asyncio.Queue()

            async def read() -> None:  # as the page does, all along
                async for msg in ws:
                    if isinstance(msg.data, bytes):
                        screen.extend(msg.data)
                    elif msg.type == WSMsgType.TEXT:
                        pongs.put_nowait(msg.data)

            reader = asyncio.create_task(read())
            for keys in ("Ada", "\x0e"):
                await ws.send_str(_key(keys))
            await asyncio.to_thread(wait_for, "the game's start", lambda: newest(db, 0))
            await ws.send_str(_key("n"))  # the next post with a card to answer
            await asyncio.to_thread(wait_for, "the post", lambda: shows("Back"))
            games = _children(served.proc.pid)[1:]
            for pid in games:
                os.kill(pid, signal.SIGSTOP)
            try:
                await ws.send_str(_key("\x1b"))
                await ws.send_str(_key("e"))
                await ws.send_str(json.dumps(["ping", "sent"]))  # answered once the server has passed both on
                await asyncio.wait_for(pongs.get(), 30)
            finally:
                for pid in games:
                    os.kill(pid, signal.SIGCONT)
            await asyncio.to_thread(wait_for, "the month's end to be asked", lambda: shows("End the month anyway?"))
            reader.cancel()

    try:
        asyncio.run(play())
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the game's screen showed last, roughly:\n{drawn(bytes(screen), 100, 30)}") \
            from None
    finally:
        served.stop()
