"""`ambassador serve` under a class: N concurrent browser sessions (websockets, as the page opens them), each
its own game process. Measures the time from opening the session to the first screen (the new-game form, with
the scenario's introduction) and the memory each session's processes use once all are up; medians and worst.

    python benchmarks/serve_load.py [-n 30] [--scenario tutorial] [--width 120 --height 40]

A websocket client stands in for the browser: it sends what the page sends (the terminal size in the URL),
and collects the stream until the first screen's text has arrived; the rendering in xterm.js is the browser's
cost, not the server's (tests/classroom/test_browser.py drives a real Chromium). Memory is read from /proc
for every process below the server: RSS (what each process holds, shared libraries counted in full) and PSS
(shared pages divided among the processes that share them: the better "cost of one more student"). The
server runs on a free loopback port with a throwaway store and data folder. Linux only (/proc).

Ratios are printed against one session alone (N = 1), measured first in the same run, on the same machine:
"x1.0" is as fast as a student alone in the room. `ambassador serve` starts at most one game per core at a
time (the rest wait their turn on "Starting your game…"), so the first students play while the last wait.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from game.classroom.web import PLAYER_COOKIE, new_resume_code, normal_join_code  # noqa: E402

FIRST_SCREEN = "Your name"  # on the new-game form, the first screen a served session shows



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc/*/stat)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        found += kids
        frontier += kids
    return found


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


async def session(url: str, code: str, width: int, height: int, go: asyncio.Event,
                  shown: asyncio.Queue[float], hold: asyncio.Event) -> None:
    """Open one session, report the seconds to its first screen (-1: never), keep it open until ``hold``."""
    import aiohttp

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
                        seen = (seen + msg.data.decode("utf-8", "replace"))[-200_000:]
                    elif msg.type != aiohttp.WSMsgType.TEXT:
                        break
                    if FIRST_SCREEN in seen:
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


async def load(url: str, code: str, n: int, width: int, height: int, server_pid: int, limit: float,
               ) -> tuple[list[float], list[tuple[int, int]]]:
    go, hold = asyncio.Event(), asyncio.Event()
    shown: asyncio.Queue[float] = asyncio.Queue()
    tasks = [asyncio.create_task(session(url, code, width, height, go, shown, hold)) for _ in range(n)]
    await asyncio.sleep(0.1)
    go.set()  # all at once, as a class does when the teacher says "go"
    times: list[float] = []
    try:
        for _ in range(n):
            times.append(await asyncio.wait_for(shown.get(), timeout=limit))
    except asyncio.TimeoutError:
        times += [-1.0] * (n - len(times))
    await asyncio.sleep(2)  # every session settles after its first screen
    memory = [memory_kb(pid) for pid in children(server_pid)]
    hold.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return times, [m for m in memory if m[0]]


def measure(args: argparse.Namespace, n: int) -> tuple[list[float], list[tuple[int, int]], int]:
    """One server, ``n`` sessions at once: each session's seconds to its first screen (-1: never), the memory
    of every process below the server, the server's own RSS (kB)."""
    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    port = free_port()
    env = {**os.environ, "AMBASSADOR_HOME": str(work / "home")}
    server = subprocess.Popen([sys.executable, "-m", "game", "serve", args.scenario, "--port", str(port), "--db",
                               str(work / "class.sqlite3"), "--class", "load", "--max-sessions",
                               str(max(n, 1))], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        code = ""
        assert server.stdout is not None
        for line in server.stdout:  # the banner, printed once the server listens
            if "Join code:" in line:
                code = normal_join_code(line.split("Join code:")[1])
                break
        if not code:
            raise SystemExit("serve_load: the server did not start")
        server_rss, _ = memory_kb(server.pid)
        times, memory = asyncio.run(load(f"http://127.0.0.1:{port}", code, n, args.width, args.height,
                                         server.pid, args.limit))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return times, memory, server_rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=30, help="concurrent sessions (default 30)")
    ap.add_argument("--scenario", default="tutorial")
    ap.add_argument("--width", type=int, default=120)
    ap.add_argument("--height", type=int, default=40)
    ap.add_argument("--limit", type=float, default=180, help="give up on a first screen after this many seconds")
    args = ap.parse_args()
    if not Path("/proc/self/smaps_rollup").exists():
        print("serve_load: needs Linux's /proc (smaps_rollup)", file=sys.stderr)
        return 2
    alone, _, _ = measure(args, 1)
    times, memory, server_rss = measure(args, args.n)
    failed = [t for t in times if t < 0]
    ok = sorted(t for t in times if t >= 0)
    print(f"{args.n} concurrent sessions of `ambassador serve {args.scenario}` ({os.cpu_count()} CPUs)")
    if failed:
        print(f"  {len(failed)} session(s) never showed the first screen")
    if not ok or alone[0] < 0:
        return 1
    # Each session is one game process (started without a shell): the biggest N processes are the games.
    sessions = len(ok)
    rss = sorted((m[0] / 1024 for m in memory), reverse=True)
    pss = sorted((m[1] / 1024 for m in memory), reverse=True)
    games_rss, games_pss = sorted(rss[:sessions]), sorted(pss[:sessions])
    median, worst = statistics.median(ok), ok[-1]
    print(f"  one session alone: first screen in {alone[0]:.2f} s")
    print(f"  time to first screen: median {median:.2f} s, worst {worst:.2f} s, best {ok[0]:.2f} s")
    print(f"  memory per session (its game process): RSS median {statistics.median(games_rss):.0f} MB, worst "
          f"{games_rss[-1]:.0f} MB; PSS median {statistics.median(games_pss):.0f} MB, worst {games_pss[-1]:.0f} MB")
    print(f"  all {len(memory)} processes below the server: RSS {sum(rss):.0f} MB, PSS {sum(pss):.0f} MB "
          f"({sum(pss) / sessions:.0f} MB PSS a session); the server itself {server_rss / 1024:.0f} MB RSS")
    print(f"  against one session alone (same run): median x{median / alone[0]:.1f}, worst x{worst / alone[0]:.1f}, "
          f"best x{ok[0] / alone[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
