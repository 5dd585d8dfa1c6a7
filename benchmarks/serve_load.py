"""`ambassador serve` under a class: N browsers open their game at the same moment. Measures each one's time to
its first usable screen, the memory of every game process, and how long the server takes to stop.

    python benchmarks/serve_load.py -n 30          # the issue's figure: 30 students at once
    python benchmarks/serve_load.py -n 30 --warm 0 # the same without a warm pool (fork server only)

What it does, in order, for N = 1 (one student alone: the baseline) and then for N:
1. starts `ambassador serve SCENARIO` on a free loopback port with a throwaway store and data folder, and
   waits until it says "Ready:" (the game loaded, the warm pool full: a teacher starts `serve` before the
   class arrives);
2. opens N sessions at once as the page does (the join code, a resume code of its own, the page's Origin,
   the terminal's size in the URL). Each session's terminal has its own size between 100x30 and 160x45, as
   browsers do, never the size a warm game is drawn at, so every game has to draw itself for its browser;
3. times each session until its first usable screen has arrived: the new-game form ("Your name") and a line
   drawn on the last row of *its* terminal (so a warm game counts only once it has redrawn itself at the
   browser's size);
4. reads the memory of every process below the server from /proc/PID/smaps_rollup: RSS (shared pages
   counted in full in every process) and PSS (shared pages divided among the processes sharing them: the
   cost of one more student). The zygote is the server's child; the games are its children; the N biggest
   are the sessions, the rest the warm pool;
5. with the N sessions still open, sends SIGINT (Ctrl+C) and times the server until it has exited.

A websocket client stands in for the browser; drawing in xterm.js is the browser's cost, not the server's
(tests/classroom/test_browser.py drives a real Chromium). Ratios are against N = 1 in the same run. The load
average of the machine is printed before and after: on a machine busy with other work the times are longer,
so quote them with it. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from game.classroom import WARM_POOL  # noqa: E402
from game.classroom.web import PLAYER_COOKIE, banner_code, new_resume_code, normal_join_code  # noqa: E402

FIRST_SCREEN = "Your name"  # on the new-game form, the first screen a served session shows


def size_of(i: int) -> tuple[int, int]:
    """The terminal of the i-th browser: between 100x30 and 160x45, spread like a room of laptops."""
    return 100 + (i * 37) % 61, 30 + (i * 11) % 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process, in kB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


async def session(url: str, code: str, size: tuple[int, int], go: asyncio.Event,
                  shown: asyncio.Queue[float], hold: asyncio.Event) -> None:
    """Open one session, report the seconds to its first usable screen (-1: never), keep it open until
    ``hold``."""
    import aiohttp

    width, height = size
    last_row = f"\x1b[{height};"  # a line drawn on the terminal's last row: the screen is at this size
    await go.wait()
    t0 = time.perf_counter()
    reported = False
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # unsafe: an IP host
            # As a student's browser does: the join code, a resume code of its own, the page's Origin.
            async with http.post(f"{url}/join", data={"code": code}, allow_redirects=False) as joined:
                assert joined.status == 303, f"the join code was refused ({joined.status})"
            http.cookie_jar.update_cookies({PLAYER_COOKIE: new_resume_code()})
            async with http.ws_connect(f"{url}/ws?width={width}&height={height}", max_msg_size=0,
                                       headers={"Origin": url}) as ws:
                seen = ""
                async for msg in ws:
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        seen = (seen + msg.data.decode("utf-8", "replace"))[-400_000:]
                    elif msg.type != aiohttp.WSMsgType.TEXT:
                        break
                    if FIRST_SCREEN in seen and last_row in seen:
                        shown.put_nowait(time.perf_counter() - t0)
                        reported = True
                        break

                async def keep_reading() -> None:  # as the page does: the server's pings get their pongs
                    async for _ in ws:
                        pass

                reader = asyncio.create_task(keep_reading())
                await hold.wait()
                reader.cancel()
                await ws.close()  # as closing the tab does: the server tells the game to quit
    finally:
        if not reported:
            shown.put_nowait(-1.0)


@dataclass
class Run:
    times: list[float]  # each session's seconds to its first usable screen (-1: never)
    games: list[tuple[int, int]]  # (RSS, PSS) kB of each game process, biggest PSS first
    zygote: tuple[int, int]
    server_rss: int  # kB
    stop: float  # seconds from SIGINT to the server's exit, with the sessions open
    pool: int  # warm games when the class arrived
    pool_pss: int  # kB: what they and the zygote held then


def games_of(server: int) -> tuple[int, list[int]]:
    """The zygote (the server's one child) and the game processes (its children)."""
    zygotes = direct_children(server)
    if not zygotes:
        return 0, []
    return zygotes[0], direct_children(zygotes[0])


def direct_children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


async def load(url: str, code: str, n: int, server: subprocess.Popen[str], limit: float) -> Run:
    go, hold = asyncio.Event(), asyncio.Event()
    shown: asyncio.Queue[float] = asyncio.Queue()
    zygote, pool = games_of(server.pid)
    pool_pss = sum(memory_kb(pid)[1] for pid in pool) + memory_kb(zygote)[1]
    tasks = [asyncio.create_task(session(url, code, size_of(i), go, shown, hold)) for i in range(n)]
    await asyncio.sleep(0.1)
    go.set()  # all at once, as a class does when the teacher says "go"
    times: list[float] = []
    try:
        for _ in range(n):
            times.append(await asyncio.wait_for(shown.get(), timeout=limit))
    except asyncio.TimeoutError:
        times += [-1.0] * (n - len(times))
    await asyncio.sleep(2)  # every session settles after its first screen
    zygote, games = games_of(server.pid)
    memory = sorted((m for m in map(memory_kb, games) if m[0]), key=lambda m: -m[1])
    server_rss, zygote_memory = memory_kb(server.pid)[0], memory_kb(zygote)
    t0 = time.perf_counter()
    server.send_signal(signal.SIGINT)  # Ctrl+C with the class still connected
    while server.poll() is None and time.perf_counter() - t0 < 30:
        await asyncio.sleep(0.01)
    stop = time.perf_counter() - t0 if server.poll() is not None else -1.0
    hold.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return Run(times, memory, zygote_memory, server_rss, stop, len(pool), pool_pss)


def measure(args: argparse.Namespace, n: int) -> Run:
    """One server, ``n`` sessions at once."""
    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    port = free_port()
    env = {**os.environ, "AMBASSADOR_HOME": str(work / "home")}
    warm = [] if args.warm is None else ["--warm", str(args.warm)]
    server = subprocess.Popen([sys.executable, "-m", "game", "serve", args.scenario, "--port", str(port), "--db",
                               str(work / "class.sqlite3"), "--class", "load", "--max-sessions",
                               str(max(n, 1)), *warm], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        # The banner, printed once the server listens; read until the game is loaded and its warm pool full.
        code = normal_join_code(banner_code(server.stdout))
        if not code:
            raise SystemExit("serve_load: the server did not start")
        return asyncio.run(load(f"http://127.0.0.1:{port}", code, n, server, args.limit))
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=30, help="students opening their game at once (default 30)")
    ap.add_argument("--scenario", default="tutorial", help="the scenario served (default tutorial)")
    ap.add_argument("--warm", type=int, default=None,
                    help=f"`serve --warm`: games kept started ahead (default: serve's own, {WARM_POOL})")
    ap.add_argument("--limit", type=float, default=180, help="give up on a first screen after this many seconds")
    args = ap.parse_args()
    if not Path("/proc/self/smaps_rollup").exists():
        print("serve_load: needs Linux's /proc (smaps_rollup)", file=sys.stderr)
        return 2
    warm = WARM_POOL if args.warm is None else args.warm
    print(f"serve_load: {args.n} students at once against 1 alone; `ambassador serve {args.scenario} --warm "
          f"{warm}`; {load_average()}", flush=True)
    alone = measure(args, 1)
    run = measure(args, args.n)
    failed = [t for t in run.times if t < 0]
    ok = sorted(t for t in run.times if t >= 0)
    if failed:
        print(f"  {len(failed)} session(s) never showed the first screen")
    if not ok or alone.times[0] < 0:
        return 1
    mib = 1024
    median, worst = statistics.median(ok), ok[-1]
    within = sum(t <= 3 for t in ok)
    print(f"  before the class: {run.pool} warm games and the zygote hold {run.pool_pss / mib:.0f} MiB PSS")
    print(f"  one student alone: first usable screen in {alone.times[0]:.2f} s")
    print(f"  {args.n} at once (warm games ready: {run.pool}): median {median:.2f} s, worst {worst:.2f} s, best "
          f"{ok[0]:.2f} s; {within} of {args.n} within 3 s (target: all within 3 s, median within 1.5 s)")
    print(f"  against one alone (same run): median x{median / alone.times[0]:.1f}, worst x{worst / alone.times[0]:.1f}")
    sessions = run.games[:len(ok)]
    pool = run.games[len(ok):]
    pss = sorted(m[1] / mib for m in sessions)
    rss = sorted(m[0] / mib for m in sessions)
    print(f"  memory of a session's game process: PSS median {statistics.median(pss):.0f} MiB, worst {pss[-1]:.0f} MiB "
          f"(target: at most 80); RSS median {statistics.median(rss):.0f} MiB")
    pool_pss = sum(m[1] for m in pool) / mib
    zygote_pss = run.zygote[1] / mib
    total = (sum(m[1] for m in run.games) + run.zygote[1]) / mib
    print(f"  after: the warm pool {len(pool)} games, {pool_pss:.0f} MiB PSS; the zygote {zygote_pss:.0f} MiB PSS; "
          f"the server {run.server_rss / mib:.0f} MiB RSS; everything below the server {total:.0f} MiB PSS "
          f"({total / len(ok):.0f} MiB a student)")
    print(f"  Ctrl+C with {args.n} students connected: the server stopped in {run.stop:.2f} s "
          f"(one alone: {alone.stop:.2f} s; target: within 2 s)")
    print(f"  {load_average()} (after)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
