"""`ambassador serve`: the game in the class's browsers, every record into the teacher's store.

textual-serve starts one command per browser session; ours is ``ambassador _session`` with the scenario,
seed, class and store fixed by the teacher, so the page offers nothing else: no other command, no file to
open, no way to read the store (the session only ever inserts into it).
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.classroom.store import Store
from game.records import Record

if TYPE_CHECKING:
    from aiohttp import web


class GameSink:
    """Hands a session's records to the store, each game under an id of its own.

    A record starts a new game when it does not continue the last one stored (a new game, or a saved game
    loaded); a record equal to the last one (Ctrl+C after an autosave) is not stored twice.
    """

    def __init__(self, store: Store, klass: str, new_id: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self.store = store
        self.klass = klass
        self.new_id = new_id
        self.game = ""
        self.last: Record | None = None

    def __call__(self, record: Record) -> None:
        last = self.last
        if record == last:
            return
        continues = (last is not None and (last.scenario_id, last.scenario_sha256, last.seed, last.difficulty)
                     == (record.scenario_id, record.scenario_sha256, record.seed, record.difficulty)
                     and record.turns[:len(last.turns)] == last.turns and not last.finished)
        if not continues:
            self.game = self.new_id()
        self.store.add(self.klass, self.game, record)
        self.last = record


def session_command(scenario: Path, seed: int, klass: str, db: Path) -> str:
    """The shell command textual-serve runs for each browser session (it runs it through the shell)."""
    return shlex.join([sys.executable, "-m", "game", "_session", str(scenario), "--seed", str(seed),
                       "--class", klass, "--db", str(db)])


def lan_address() -> str:
    """This machine's address on the local network, as students' browsers reach it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # UDP: picks the outgoing interface; no packet is sent
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address the page tells browsers to connect back to (its websocket URL is built from it)."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - naming the wildcard address, not binding it here
        host = lan_address()
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def serve(command: str, host: str, port: int, banner: str) -> None:
    """Serve until Ctrl+C. Raises OSError when the address cannot be bound."""
    from textual_serve.server import Server

    class ClassroomServer(Server):
        async def on_startup(self, app: web.Application) -> None:  # our banner, not the command line
            print(banner, flush=True)

    server = ClassroomServer(command, host=host, port=port, title="Ambassador", public_url=public_url(host, port))
    server.serve()
