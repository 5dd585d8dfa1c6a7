"""Classroom comparison: verify a class's records by replaying them, then compare players.

Every record is replayed before it counts; records that fail (unreadable, tampered, another version of the
scenario) are listed apart with their reason, never counted silently. The comparison is data
(``Comparison``); ``render_text``, ``render_csv`` and ``render_html`` are its three renderings.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import html
import io
import os
import statistics
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.debrief import year_against_history
from game.engine import GameState
from game.engine.data import Scenario
from game.engine.data import label as labelled
from game.engine.report import series
from game.files import shown
from game.records import Record, RecordError, ReplayResult, read, replay, replay_many


@dataclass(frozen=True)
class Player:
    """One verified game."""

    name: str
    file: str
    record: Record
    state: GameState

    @property
    def scenario(self) -> Scenario:
        return self.state.scenario


@dataclass(frozen=True)
class Rejected:
    file: str
    reason: str


@dataclass(frozen=True)
class Divergence:
    """At one post in one month, players of the same game (scenario and seed) chose differently."""

    turn: int
    label: str
    country: str
    choices: tuple[tuple[str, str], ...]  # (player, what happened at the post: see _choices_at) in player order
    common: str | None  # what more players chose than any other choice; None when two or more tie for that
    alignment: tuple[tuple[str, float], ...]  # (player, alignment at that post at the month's end)
    setting: tuple[str, int, str]  # the games' settings (``settings``): the table it belongs with
    value: str = "alignment"  # what the scenario calls alignment ([words] alignment)


@dataclass(frozen=True)
class Comparison:
    players: tuple[Player, ...]
    rejected: tuple[Rejected, ...]
    divergences: tuple[Divergence, ...]


@dataclass(frozen=True)
class Source:
    """A record that is not a file of its own (a row of the classroom store). ``label`` names it in the output
    where a file would be named; ``load`` returns the record or raises RecordError."""

    label: str
    load: Callable[[], Record]


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Record files named directly, and every *.json below named folders (symbolic links to folders are not
    followed), in a stable order. What is not a regular file is kept, so that reading it says why it is
    refused."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for top, dirs, files in os.walk(path):
                dirs.sort()
                found.extend(Path(top) / name for name in sorted(files) if name.endswith(".json"))
        else:
            found.append(path)
    return found


def _sources(items: Iterable[Path | Source]) -> Iterator[Source]:
    for item in items:
        if isinstance(item, Source):
            yield item
            continue
        for path in record_files([item]):
            yield Source(str(path), functools.partial(read, path))


def compare(items: Iterable[Path | Source], find: Callable[[str, str], Scenario | str]) -> Comparison:
    """Verify every record and compare the ones that replay. ``items`` are record files, folders of them, or
    records from elsewhere (``Source``); ``find(id, sha256)`` is the scenario a record replays against, or why
    there is none (game.scenario.find). One record never stops the others: whatever is wrong with it, it is
    listed apart with the reason. The records of one scenario are replayed together (``replay_many``)."""
    found: list[tuple[str, Record, Scenario] | Rejected] = []
    for source in _sources(items):
        label = shown(source.label, 300)
        try:
            loaded = _load(source, find)
        except Exception as exc:  # a defect of the game, not of the record: still only this record is set apart
            loaded = _defect(exc)
        found.append(Rejected(label, loaded) if isinstance(loaded, str) else (label, *loaded))
    verdicts = _replayed([f for f in found if not isinstance(f, Rejected)])
    players: list[Player] = []
    rejected: list[Rejected] = []
    for item in found:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        label, record, _ = item
        verdict = verdicts[id(item)]
        if isinstance(verdict, str):
            rejected.append(Rejected(label, verdict))
            continue
        players.append(Player(shown(record.player, 100) or Path(label).stem, label, record, verdict))
    players = _told_apart(players)
    players.sort(key=lambda p: (-(p.state.score or 0), p.name, p.file))
    return Comparison(tuple(players), tuple(rejected), tuple(_divergences(players)))


#: How much of a name the tables show.
NAME_WIDTH = 16


def _told_apart(players: list[Player]) -> list[Player]:
    """Players of one setting whose names read alike (the same name, or the same first NAME_WIDTH characters,
    as the tables show them) named with what their record is: its row in the classroom store ("#12 Anna"), or
    its file ("anna-2 Anna"). A name read once stays as it is."""
    alike = Counter((settings(p), p.name[:NAME_WIDTH]) for p in players)

    def tag(label: str) -> str:
        return label.split(" ", 1)[0] if label.startswith("#") else Path(label).stem

    return [dataclasses.replace(p, name=f"{tag(p.file)} {p.name}") if alike[settings(p), p.name[:NAME_WIDTH]] > 1
            else p for p in players]


def _defect(exc: Exception) -> str:
    return f"could not be checked ({type(exc).__name__}: {shown(str(exc), 100)}); please report this"


def _load(source: Source, find: Callable[[str, str], Scenario | str]) -> tuple[Record, Scenario] | str:
    """The record and the scenario it replays against, or why it is not counted."""
    try:
        record = source.load()
    except RecordError as exc:
        return str(exc)
    scenario = find(record.scenario_id, record.scenario_sha256)
    if isinstance(scenario, str):
        return scenario
    return record, scenario


def _replayed(found: Sequence[tuple[str, Record, Scenario]]) -> dict[int, GameState | str]:
    """Per loaded record (by ``id``), the game it replays to, or why it is not counted. The records of one
    scenario are replayed as one batch; should the batch fail, each record is replayed alone, so that a defect
    sets apart only the records it touches."""
    batches: dict[int, list[tuple[str, Record, Scenario]]] = {}
    for item in found:
        batches.setdefault(id(item[2]), []).append(item)
    out: dict[int, GameState | str] = {}
    for batch in batches.values():
        scenario = batch[0][2]
        results: list[ReplayResult | str]
        try:
            results = list(replay_many(scenario, [record for _, record, _ in batch]))
        except Exception:  # a defect of the game: judged record by record below
            results = []
            for _, record, _ in batch:
                try:
                    results.append(replay(scenario, record))
                except Exception as exc:
                    results.append(_defect(exc))
        for item, result in zip(batch, results, strict=True):
            out[id(item)] = result if isinstance(result, str) else _verdict(result)
    return out


def _verdict(result: ReplayResult) -> GameState | str:
    if result.ok and result.state is not None:
        return result.state
    where = f"month {result.turn}: " if result.turn else ""
    return f"does not replay: {where}{result.reason}"


def settings(player: Player) -> tuple[str, int, str]:
    """What makes games comparable: the scenario, the seed and the difficulty they were played with."""
    return player.scenario.id, player.record.seed, player.record.difficulty


def by_settings(players: Sequence[Player]) -> list[list[Player]]:
    """The players grouped by ``settings``, groups in the order their first player comes."""
    groups: dict[tuple[str, int, str], list[Player]] = {}
    for p in players:
        groups.setdefault(settings(p), []).append(p)
    return list(groups.values())


def _divergences(players: Sequence[Player]) -> list[Divergence]:
    """Among the finished games of the same scenario file, seed and difficulty (an abandoned game does not cut
    the months compared short)."""
    games: dict[tuple[str, str, int, str], list[Player]] = {}
    for p in players:
        if p.state.over:
            games.setdefault((p.scenario.id, p.scenario.sha256, p.record.seed, p.record.difficulty), []).append(p)
    out: list[Divergence] = []
    for group in games.values():
        if len(group) < 2:
            continue
        sc = group[0].scenario
        turns = min(len(p.state.history) for p in group)
        for turn in range(1, turns + 1):
            for ci, country in enumerate(sc.countries):
                if not country.acts:
                    continue
                picks = [(p.name, _choices_at(p, turn, ci)) for p in group]
                if len({choice for _, choice in picks}) < 2:
                    continue
                top = Counter(choice for _, choice in picks).most_common(2)
                common = top[0][0] if top[0][1] > top[1][1] else None
                out.append(Divergence(
                    turn, sc.month_label(turn), country.short, tuple(picks), common,
                    tuple((p.name, p.state.history[turn - 1].values[ci][0]) for p in group), settings(group[0]),
                    sc.words.values[0]))
    return out


def _choices_at(player: Player, turn: int, ci: int) -> str:
    """What happened at post ``ci`` in month ``turn``, card by card in the order the engine resolved them, as it
    recorded the month (the cards on the table and the plan played): the response's name for a card the
    player answered, '(left to default: NAME)' for one left unanswered (NAME: the response the engine applies
    to that card, a decision's own default option), '(no card)' where the post had none."""
    sc = player.scenario
    month = player.state.history[turn - 1]
    chosen = dict(month.choices)
    picks = []
    for drawn in month.cards:
        if drawn.country == ci:
            rid = chosen.get(drawn.uid)
            picks.append(sc.response(rid).name if rid is not None else
                         f"(left to default: {sc.default_for(sc.card(drawn.card)).name})")
    return ", ".join(picks) or "(no card)"


# --- renderings ------------------------------------------------------------------------------------------

def _final_alignment(p: Player) -> list[tuple[str, float]]:
    return [(c.short, p.state.values[k][0]) for k, c in enumerate(p.scenario.countries) if c.acts]


def _heading(p: Player) -> str:
    level = f", difficulty {p.record.difficulty}" if p.record.difficulty else ""
    return f"{p.scenario.title} ({p.scenario.id}), seed {p.record.seed}{level}"


#: Posts in one table of final values: 16 columns for the name, 7 for each post, within 80 columns.
POSTS_PER_TABLE = 9


def _table(w: Callable[[str], object], players: Sequence[Player]) -> None:
    """Tables of players who played with the same settings: their endings (never cut), scores and the aggregate,
    then each post's final alignment, POSTS_PER_TABLE posts at a time (nine fit 80 columns)."""
    sc = players[0].scenario
    aggregate = sc.words.aggregate_short[:8]
    endings = [sc.ending(p.state.ending).title if p.state.ending else "(unfinished)" for p in players]
    width = max(len("ending"), *(len(e) for e in endings))
    w(f"{'player':<{NAME_WIDTH}} {'ending':<{width}} {'score':>5} {aggregate:>8}\n")
    for p, ending in zip(players, endings, strict=True):
        score = str(p.state.score) if p.state.score is not None else "-"
        w(f"{p.name[:NAME_WIDTH]:<{NAME_WIDTH}} {ending:<{width}} {score:>5} {p.state.cohesion:>8.1f}\n")
    posts = [c.short for c in sc.countries if c.acts]
    for start in range(0, len(posts), POSTS_PER_TABLE):
        shown = slice(start, start + POSTS_PER_TABLE)
        w(f"\n{'final ' + sc.words.values[0].lower():<{NAME_WIDTH}}"
          + "".join(f" {s[:6]:>6}" for s in posts[shown]) + "\n")
        for p in players:
            w(f"{p.name[:NAME_WIDTH]:<{NAME_WIDTH}}"
              + "".join(f" {v:>6.0f}" for _, v in _final_alignment(p)[shown]) + "\n")
    w("\nEndings:\n")
    for title, n in Counter(e for p, e in zip(players, endings, strict=True) if p.state.ending).most_common():
        w(f"  {n:>3}  {title}\n")
    if not any(p.state.over for p in players):
        w("  (no finished game yet)\n")
    scores = [p.state.score for p in players if p.state.score is not None]
    if scores:
        w(f"\nScores: mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g}, "
          f"lowest {min(scores)}, highest {max(scores)}\n")


#: The width the text report keeps to: a terminal of 80 columns.
WIDTH = 80


def _listed(head: str, items: Sequence[str], width: int = WIDTH) -> str:
    """``head`` and the items, comma-separated, on one line when they fit ``width``; else ``head`` on a line of
    its own and the items on lines indented by four, broken only after a comma (a name keeps its spaces)."""
    one = f"{head} {', '.join(items)}"
    if len(one) <= width:
        return one + "\n"
    return "\n".join([head, *(f"    {line}" for line in _packed(items, width - 4, whole=True))]) + "\n"


def _history(w: Callable[[str], object], players: Sequence[Player]) -> None:
    """For players of one setting: per post, how many finished games ended as history did, and whose did not
    (nothing when the scenario states no outcomes)."""
    finished = [p for p in players if p.state.over]
    if not finished or all(c.outcome_when is None for c in finished[0].scenario.countries):
        return
    results = [(p.name, year_against_history(p.state)) for p in finished]
    sc = finished[0].scenario
    ran = [k for k, c in enumerate(sc.countries) if c.acts and c.outcome_when is not None]
    same = sum(1 for _, r in results for k in ran if r[k].matched)
    total = len(ran) * len(results)
    w(f"\nYour year against history ({len(finished)} finished game{'s' if len(finished) != 1 else ''}):\n")
    if total:
        w(textwrap.fill(f"History repeated itself in {same} of {total} results at the posts the students ran "
                        f"({100 * same / total:.0f}%).", WIDTH, initial_indent="  ", subsequent_indent="  ") + "\n")
    for k, c in enumerate(sc.countries):
        if c.outcome_when is None:
            continue
        differ = [name[:NAME_WIDTH] for name, r in results if not r[k].matched]
        where = "" if c.acts else " (watched)"
        line = f"  {c.post[:12]:<12}{where:<10} {len(results) - len(differ):>3} of {len(results):<3} as in history"
        w(_listed(line + "; differs:", differ) if differ else line + "\n")
    w(_listed("  Per student (posts they ran that ended as in history):",
              [f"{name[:NAME_WIDTH]} {sum(1 for k in ran if r[k].matched)} of {len(ran)}" for name, r in results]))


def _reflections(w: Callable[[str], object], players: Sequence[Player]) -> None:
    wrote = [p for p in players if p.record.reflections()]
    if not wrote:
        return
    w("\nReflections (each student's own line, month by month):\n")
    for p in wrote:
        w(f"  {p.name[:30]}\n")
        for turn, text in p.record.reflections():  # wrapped: the HTML report shows this text as it is
            w(textwrap.fill(f"{p.scenario.month_label(turn)}: {text}", WIDTH, initial_indent="    ",
                            subsequent_indent="      ", break_on_hyphens=False) + "\n")


def render_text(cmp: Comparison) -> str:
    out = io.StringIO()
    w = out.write
    if cmp.players:
        groups = by_settings(cmp.players)
        w(f"{len(cmp.players)} verified game{'s' if len(cmp.players) != 1 else ''}")
        w(f", played with {len(groups)} different settings: one table each\n" if len(groups) > 1 else "\n")
        for group in groups:
            heading = f"{_heading(group[0])}: {len(group)} game{'s' if len(group) != 1 else ''}"
            w(f"\n{textwrap.fill(heading, WIDTH, subsequent_indent='  ')}\n\n")
            # Everything about these games under their own heading: a class that played two scenarios (the
            # tutorial, then the main game; both sides of one year) often has the same names in both.
            _table(w, group)
            _history(w, group)
            _reflections(w, group)
            _diverged(w, [d for d in cmp.divergences if d.setting == settings(group[0])])
    else:
        w("No verified games.\n")
    if cmp.rejected:
        w(f"\nNot counted ({len(cmp.rejected)}):\n")
        for r in cmp.rejected:
            w(f"  {r.file}: {r.reason}\n")
    return out.getvalue()


def _diverged(w: Callable[[str], object], divergences: Sequence[Divergence]) -> None:
    if not divergences:
        return
    w("\nWhere choices diverged (finished games of the same scenario and seed):\n")
    for d in divergences:
        head = f"most chose {d.common}" if d.common is not None else "no one answer was chosen most"
        w("\n" + textwrap.fill(f"{d.label}, {d.country}: {head}", WIDTH, initial_indent="  ",
                               subsequent_indent="    ", break_long_words=False, break_on_hyphens=False) + "\n")
        # Every card named, never cut: a choice longer than its column goes on below it (the value stays on the
        # player's line), so a line keeps to WIDTH ("alignment after: 100" the widest value).
        room = WIDTH - (4 + NAME_WIDTH + 2) - len(f"{d.value} after: 100")
        for (name, choice), (_, align) in zip(d.choices, d.alignment, strict=True):
            parts = _packed(choice.split(", "), room)
            w(f"    {name[:NAME_WIDTH]:<{NAME_WIDTH}} {parts[0]:<{room}} {d.value} after: {align:.0f}\n")
            w("".join(f"{'':<{4 + NAME_WIDTH + 1}}{part}\n" for part in parts[1:]))


def _packed(items: Sequence[str], room: int, *, whole: bool = False) -> list[str]:
    """The items, comma-separated, on lines of at most ``room`` columns where the words allow: broken between
    items, and (a post's cards' answers) inside an item where that item alone is wider; ``whole``: each item as
    written, never broken (names)."""
    lines: list[str] = []
    for k, item in enumerate(items):
        piece = item + ("," if k < len(items) - 1 else "")
        if lines and len(lines[-1]) + 1 + len(piece) <= room:
            lines[-1] += " " + piece
        elif whole:
            lines.append(piece)
        else:
            lines += textwrap.wrap(piece, room, break_long_words=False, break_on_hyphens=False) or [piece]
    return lines or [""]


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text: one that would start a formula (=, +, -, @, or a tab or carriage
    return before one) gets a leading apostrophe, as spreadsheets themselves mark text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(cmp: Comparison, *, per_turn: bool = False) -> str:
    """Names, files and choices come from the records (a student's text): every text cell is spreadsheet_safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    safe = spreadsheet_safe
    countries = list(cmp.players[0].scenario.countries) if cmp.players else []
    if not per_turn:
        # Against history, per post: 1 where the finished game ended as history did, 0 where not, empty where the
        # game is unfinished or the scenario states no outcome; as_in_history counts the posts the student ran.
        writer.writerow(["player", "file", "scenario", "seed", "difficulty", "ending", "score", "cohesion",
                         *(f"alignment_{c.id}" for c in countries), "as_in_history", "posts_with_history",
                         *(f"history_{c.id}" for c in countries)])
        for p in cmp.players:
            results = year_against_history(p.state) if p.state.over else ()
            matched = ["" if r.matched is None else int(r.matched) for r in results] or [""] * len(countries)
            ran = [r for r in results if r.country.acts and r.matched is not None]
            writer.writerow([safe(p.name), safe(p.file), safe(p.scenario.id), p.record.seed,
                             safe(p.record.difficulty), safe(p.state.ending or ""),
                             p.state.score if p.state.score is not None else "", f"{p.state.cohesion:.2f}",
                             *(f"{row[0]:.2f}" for row in p.state.values),
                             sum(1 for r in ran if r.matched) if ran else "", len(ran) if ran else "", *matched])
        return out.getvalue()
    writer.writerow(["player", "file", "scenario", "seed", "turn", "month", "cohesion", "choices",
                     *(f"alignment_{c.id}" for c in countries), "reflection"])
    for p in cmp.players:
        for h, entry in zip(p.state.history, p.record.turns, strict=True):
            choices = ";".join(f"{uid}={rid}" for uid, rid in sorted(entry.choices.items()))
            writer.writerow([safe(p.name), safe(p.file), safe(p.scenario.id), p.record.seed, h.turn,
                             safe(p.scenario.month_label(h.turn)), f"{h.cohesion:.2f}", safe(choices),
                             *(f"{row[0]:.2f}" for row in h.values), safe(entry.reflection)])
    return out.getvalue()


_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
            "#bcbd22")
_DASHES = ("", "10 4", "3 3", "12 4 3 4")  # with the colours: 40 lines told apart, a class of 35 and more


def _style(k: int) -> tuple[str, str]:
    dash = _DASHES[k // len(_COLOURS) % len(_DASHES)]
    return _COLOURS[k % len(_COLOURS)], f' stroke-dasharray="{dash}"' if dash else ""


def _axis(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) of a y axis that fits the data: steps of 1, 2, 5 or 10, four to eight of them."""
    lo, hi = (min(values), max(values)) if values else (0.0, 100.0)
    if hi - lo < 2:
        lo, hi = lo - 1, hi + 1
    for step in (1.0, 2.0, 5.0, 10.0, 20.0, 25.0):
        low, high = step * (lo // step), step * -((-hi) // step)
        if (high - low) / step <= 8:
            return low, high, step
    return 0.0, 100.0, 25.0


def _svg_lines(title: str, lines: Sequence[tuple[str, Sequence[float]]], labels: Sequence[str]) -> str:
    """A line chart as inline SVG, sized for a projector: the y axis fits the data, one line per player in a
    colour and dash of its own (the legend is beside the chart, in the page)."""
    # right: room for half of the last month's name, centred on the last point ('May' is about 38 units wide)
    width, height, left, top, bottom, right = 1180, 420, 64, 16, 44, 32
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max((len(v) for _, v in lines), default=1)
    low, high, step = _axis([v for _, values in lines for v in values])

    def x(k: int) -> float:
        return left + (plot_w * k / (n - 1) if n > 1 else 0)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{html.escape(title)}" font-size="18">']
    tick = low
    while tick <= high + 1e-9:
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="#ccc"/><text x="{left - 8}" y="{y(tick) + 6:.1f}" text-anchor="end">{tick:g}</text>')
        tick += step
    for k, label in enumerate(labels[:n]):
        parts.append(f'<text x="{x(k):.1f}" y="{height - 14}" text-anchor="middle">{html.escape(label)}</text>')
    for k, (_, values) in enumerate(lines):
        colour, dash = _style(k)
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="3"{dash} points="{pts}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(lines: Sequence[tuple[str, Sequence[float]]], what: str) -> str:
    """Each line's player and last value, ``what`` the value is saying what that number is (beside a score,
    a bare number reads as the score)."""
    items = []
    for k, (name, values) in enumerate(lines):
        colour, dash = _style(k)
        swatch = (f'<svg width="48" height="14" aria-hidden="true"><line x1="2" x2="46" y1="7" y2="7" '
                  f'stroke="{colour}" stroke-width="4"{dash}/></svg>')
        items.append(f"<li>{swatch} {html.escape(name[:24])} <b>{values[-1]:.0f}</b></li>")
    note = f'<p class="note">After each name: {html.escape(what)} at the end (the scores are in the table below).</p>'
    return f'{note}<ul class="legend">{"".join(items)}</ul>'


def _svg_bars(title: str, bars: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars: how many games reached each ending."""
    width, row, left = 1180, 40, 320
    height = row * len(bars) + 8
    most = max((n for _, n in bars), default=1) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{html.escape(title)}" font-size="20">']
    for k, (label, n) in enumerate(bars):
        w = (width - left - 80) * n / most
        y0 = 4 + k * row
        parts.append(f'<text x="{left - 12}" y="{y0 + 26}" text-anchor="end">{html.escape(label[:28])}</text>'
                     f'<rect x="{left}" y="{y0 + 4}" width="{w:.1f}" height="{row - 10}" fill="#1f77b4"/>'
                     f'<text x="{left + w + 10:.1f}" y="{y0 + 26}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(cmp: Comparison) -> str:
    """One self-contained page (inline CSS and SVG, no scripts, nothing fetched) for projecting in class: per
    setting (scenario, seed, difficulty) the finished games' cohesion month by month, their endings as bars,
    and the unfinished games named apart (never plotted as results); then the full text comparison."""
    e = html.escape
    body: list[str] = []
    title = "Class comparison"
    groups = by_settings(cmp.players)
    if len(groups) == 1:
        title = f"Class comparison: {groups[0][0].scenario.title}"
    for group in groups:
        sc = group[0].scenario
        finished = [p for p in group if p.state.over]
        unfinished = [p for p in group if not p.state.over]
        body.append(f"<h2>{e(_heading(group[0]))}</h2>")
        if finished:
            labels = ["start", *(sc.month_label(t).split()[0][:3] for t in range(1, sc.turns + 1))]
            lines = [(p.name, series(p.state, None, "alignment")) for p in finished]
            aggregate = f"{labelled(sc.words.aggregate)} month by month"
            body.append(f"<h3>{e(aggregate)} ({len(finished)} finished "
                        f"game{'s' if len(finished) != 1 else ''})</h3>")
            body.append(_svg_lines(aggregate, lines, labels) + _legend(lines, sc.words.aggregate))
            endings = Counter(sc.ending(p.state.ending).title for p in finished if p.state.ending).most_common()
            body.append("<h3>Endings</h3>" + _svg_bars("Endings", endings))
        else:
            body.append("<p>No finished game yet.</p>")
        if unfinished:
            names = ", ".join(f"{p.name} (month {len(p.record.turns) + 1})" for p in unfinished)
            body.append(f'<p class="apart"><b>Not finished, not plotted ({len(unfinished)}):</b> {e(names)}</p>')
    body.append(f"<h2>The full comparison</h2><pre>{e(render_text(cmp))}</pre>")
    css = ("body{font-family:system-ui,sans-serif;font-size:22px;margin:1em 2em;max-width:1200px}"
           "h1{font-size:36px;margin:0.3em 0}h2{font-size:30px;margin:1em 0 0.3em}h3{font-size:24px;margin:0.6em 0}"
           ".legend{list-style:none;padding:0;margin:0.5em 0;columns:4 14em;column-gap:1.5em;font-size:20px}"
           ".legend li{break-inside:avoid;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
           ".legend svg{vertical-align:middle}.note{margin:0.5em 0 0;font-size:18px}"
           ".apart{background:#f3f3f3;padding:0.5em}"
           "pre{font-size:16px;overflow-x:auto}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(title)}</title>"
            f"<style>{css}</style></head><body><h1>{e(title)}</h1>" + "".join(body) + "</body></html>\n")
