"""The fork server of `ambassador serve`: game processes that start in a fraction of the time a new Python does.

A new Python process that imports Textual and the game and draws the new-game form costs about 0.7
CPU-seconds; thirty of them at once on two cores keep a class waiting half a minute. So `serve` starts one
*zygote* process when it starts (``ambassador _zygote``, with the teacher's scenario, seed, difficulty, class
and store). The zygote imports Textual and the game, loads the scenario and draws the first screen once,
headless, so that every module, parsed stylesheet and cache a game needs is in its memory; then, with no
thread and no event loop running (so that ``os.fork`` is safe), it waits on a Unix socket for the server's
requests. For each request it forks one child: the child's pages are the zygote's, shared copy-on-write (a
game costs about 40 MiB PSS instead of 60), and it starts at the app (about a third of the CPU time).

A request carries the three pipes of the game (its stdin, stdout and stderr, textual-serve's packet protocol
as before) and a fourth, on which the server names the game's browser (its resume code) when it hands the
game to one: the server keeps a *warm pool* of games started before anyone asked, already on their first
screen, so a student who arrives gets one at once and only its resize to the browser's terminal is left to
draw. A browser with an unfinished game in the store gets a game of its own, started for it (the child
continues the game from the store before its first screen).

The zygote reaps its children and tells the server each one's exit status. Each child makes a data folder of
its own when it starts, and the zygote removes it when it reaps the child, however the game ended, killed
included (``game.classroom.serve`` says where the folders are and why). Nothing outlives the server: the zygote
gets SIGTERM when the server dies (``PR_SET_PDEATHSIG``) and checks its parent every second; each child does
the same towards the zygote, and SIGTERM makes a game quit (its months are in the store already).

This module knows nothing of Textual (the classroom never imports it): ``ambassador _zygote`` in ``game.cli``
hands ``serve_forks`` the function that runs one game.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import select
import shutil
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: The socket the zygote inherits from the server (``pass_fds``), named in its environment.
SOCKET_ENV = "AMBASSADOR_ZYGOTE_FD"
#: The fd on which a game reads the name of its browser (the server writes one line, then closes it).
OWNER_FD = 3
#: The folder of the games' data folders (made and removed by the server), named in the zygote's environment.
HOMES_ENV = "AMBASSADOR_HOMES"


def child_home(homes: Path, pid: int) -> Path:
    """The data folder of the game process ``pid``: made by the game when it starts, removed when it is reaped."""
    return homes / f"game-{pid}"


@dataclass(frozen=True)
class Request:
    """One game to start: its browser's resume code (None: a warm game, named when a browser takes it) and
    the size of its terminal."""

    owner: str | None
    width: int
    height: int


def die_with(parent: int, *, watch: bool) -> None:
    """End this process when ``parent`` dies, even by SIGKILL: on Linux the kernel sends SIGTERM (prctl
    PR_SET_PDEATHSIG); with ``watch``, a thread also sees the parent change (other systems, and a parent that
    died before the prctl). A process whose parent is already gone ends at once."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    if os.getppid() != parent:
        os._exit(0)
    if not watch:
        return

    def watcher() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1.0)
        os.kill(os.getpid(), signal.SIGTERM)
        threading.Event().wait(3.0)  # the game quits on SIGTERM; if it cannot, it ends here
        os._exit(0)

    threading.Thread(target=watcher, name="parent-watch", daemon=True).start()


class Owner:
    """In a game: the resume code of its browser, as the server sends it on ``OWNER_FD``. A warm game learns it
    when a browser takes it; ``get`` waits for it (the server names the browser before it sends a key)."""

    def __init__(self, fd: int = OWNER_FD) -> None:
        self._value = ""
        self._known = threading.Event()
        self._fd = fd
        threading.Thread(target=self._read, name="owner", daemon=True).start()

    def _read(self) -> None:
        data = b""
        with contextlib.suppress(OSError):
            while b"\n" not in data and (chunk := os.read(self._fd, 256)):
                data += chunk
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._value = data.split(b"\n", 1)[0].decode("ascii", "replace").strip()
        self._known.set()

    def get(self, timeout: float = 30.0) -> str:
        self._known.wait(timeout)
        return self._value


def serve_forks(sock: socket.socket, server: int, homes: Path, game: Callable[[Request, Path], int]) -> int:
    """The zygote's loop: fork one child per request that runs ``game`` with a new, empty data folder of its own
    under ``homes`` (``child_home``); remove that folder and report the child's exit when it ends, whether it
    returned or was killed. Returns when the server closes the socket or dies. Must be called with no other
    thread running."""
    if threading.active_count() != 1:
        raise RuntimeError(f"the fork server must not fork with threads running: {threading.enumerate()}")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the server decides
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so that SIGCHLD writes to the wake-up pipe
    sock.setblocking(True)
    children: set[int] = set()
    _send(sock, {"ready": True})

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)
            shutil.rmtree(child_home(homes, pid), ignore_errors=True)
            _send(sock, {"exit": pid, "status": os.waitstatus_to_exitcode(status)})

    while True:
        if os.getppid() != server:
            return 0
        try:
            ready, _, _ = select.select([sock.fileno(), wake_r], [], [], 1.0)
        except InterruptedError:
            continue
        if wake_r in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(wake_r, 4096)
        reap()
        if sock.fileno() not in ready:
            continue
        try:
            message, fds, _, _ = socket.recv_fds(sock, 4096, 4)
        except (ConnectionError, OSError):
            return 0
        if not message:
            return 0
        try:
            data = json.loads(message)
            request = Request(data["owner"], int(data["width"]), int(data["height"]))
            if len(fds) != 4:
                raise ValueError(f"{len(fds)} file descriptors, not 4")
        except (ValueError, KeyError, TypeError) as exc:
            for fd in fds:
                os.close(fd)
            _send(sock, {"error": f"bad request: {exc}"})
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        zygote = os.getpid()
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in fds:
                os.close(fd)
            _send(sock, {"error": f"cannot fork: {exc}"})
            continue
        if pid == 0:  # the child: never returns
            code = 1
            try:
                sock.close()
                signal.set_wakeup_fd(-1)
                os.close(wake_r)
                os.close(wake_w)
                for sig in (signal.SIGCHLD, signal.SIGTERM):
                    signal.signal(sig, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                for target, fd in enumerate(fds):
                    os.dup2(fd, target)
                    os.close(fd)
                die_with(zygote, watch=True)
                home = child_home(homes, os.getpid())
                shutil.rmtree(home, ignore_errors=True)  # a game of this pid under a fork server that was killed
                home.mkdir(mode=0o700)
                code = game(request, home)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # a child never returns into the zygote's loop
                import traceback

                traceback.print_exc()
            finally:
                with contextlib.suppress(Exception):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)
        for fd in fds:
            os.close(fd)
        children.add(pid)
        _send(sock, {"pid": pid})


def _send(sock: socket.socket, data: dict[str, object]) -> None:
    with contextlib.suppress(OSError):
        sock.sendall(json.dumps(data).encode() + b"\n")


# -- the server's side -----------------------------------------------------------------------------------------


class Child:
    """A game process forked by the zygote, as the server holds it: its pipes and its exit status."""

    def __init__(self, pid: int, stdin: asyncio.WriteTransport, stdout: asyncio.StreamReader,
                 stderr: asyncio.StreamReader, owner_fd: int, ended: asyncio.Future[int]) -> None:
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self._owner_fd = owner_fd
        self._ended = ended

    @property
    def returncode(self) -> int | None:
        return self._ended.result() if self._ended.done() else None

    async def wait(self) -> int:
        return await asyncio.shield(self._ended)

    def name(self, owner: str) -> None:
        """Tell the game which browser it plays for (once)."""
        if self._owner_fd < 0:
            return
        with contextlib.suppress(OSError):
            os.write(self._owner_fd, owner.encode("ascii") + b"\n")
        self.close_owner()

    def close_owner(self) -> None:
        if self._owner_fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._owner_fd)
            self._owner_fd = -1

    def signal(self, sig: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.signal(signal.SIGTERM)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)


class Zygote:
    """The server's handle on the fork server: ``fork`` asks it for a game; its exit statuses come back here."""

    def __init__(self, proc: asyncio.subprocess.Process, sock: socket.socket) -> None:
        self.proc = proc
        self.sock = sock
        self.lock = asyncio.Lock()  # one request at a time: its reply is the next line that is not an exit
        self.replies: asyncio.Queue[dict[str, object]] = asyncio.Queue()
        self.ended: dict[int, asyncio.Future[int]] = {}
        self.early: dict[int, int] = {}  # exits reported before the server saw the pid
        self.ready = asyncio.Event()  # the zygote has loaded the game and waits for requests (or has ended)
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, argv: list[str], env: dict[str, str]) -> Zygote:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                env={**env, SOCKET_ENV: str(theirs.fileno())}, pass_fds=(theirs.fileno(),))
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        return cls(proc, ours)

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None and not self.reader.done()

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        buffer = b""
        try:
            while True:
                chunk = await loop.sock_recv(self.sock, 65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    try:
                        data = json.loads(line)
                    except ValueError:
                        continue
                    if "ready" in data:
                        self.ready.set()
                    elif "exit" in data:
                        pid, status = int(data["exit"]), int(data["status"])
                        future = self.ended.pop(pid, None)
                        if future is None:
                            self.early[pid] = status
                        elif not future.done():
                            future.set_result(status)
                    else:
                        self.replies.put_nowait(data)
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self.ready.set()
            self.replies.put_nowait({"error": "the fork server has ended"})
            for future in self.ended.values():  # the zygote is gone: so are its children (PDEATHSIG)
                if not future.done():
                    future.set_result(-int(signal.SIGTERM))
            self.ended.clear()

    async def fork(self, request: Request) -> Child:
        """A new game process; OSError when it cannot be started."""
        loop = asyncio.get_running_loop()
        async with self.lock:
            if not self.alive:
                raise OSError("the fork server has ended")
            in_r, in_w = os.pipe()
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            own_r, own_w = os.pipe()
            mine, theirs = (in_w, out_r, err_r, own_w), (in_r, out_w, err_w, own_r)
            try:
                payload = json.dumps({"owner": request.owner, "width": request.width,
                                      "height": request.height}).encode()
                socket.send_fds(self.sock, [payload], list(theirs))
            except OSError:
                for fd in mine:
                    os.close(fd)
                raise
            finally:
                for fd in theirs:
                    os.close(fd)
            reply = await self.replies.get()
            if "pid" not in reply:
                for fd in mine:
                    os.close(fd)
                raise OSError(str(reply.get("error", "the fork server did not start the game")))
            pid = int(str(reply["pid"]))
            ended: asyncio.Future[int] = loop.create_future()
            if pid in self.early:
                ended.set_result(self.early.pop(pid))
            else:
                self.ended[pid] = ended
        stdin, _ = await loop.connect_write_pipe(asyncio.BaseProtocol, os.fdopen(in_w, "wb", 0))
        stdout = await _read_pipe(out_r)
        stderr = await _read_pipe(err_r)
        assert isinstance(stdin, asyncio.WriteTransport)
        return Child(pid, stdin, stdout, stderr, own_w, ended)

    async def close(self) -> None:
        """Close the socket: the zygote ends (its children are ended by the server before)."""
        self.sock.close()
        self.reader.cancel()
        with contextlib.suppress(asyncio.TimeoutError, ProcessLookupError):
            await asyncio.wait_for(self.proc.wait(), 2.0)
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()


async def _read_pipe(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**22, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop), os.fdopen(fd, "rb", 0))
    return reader
