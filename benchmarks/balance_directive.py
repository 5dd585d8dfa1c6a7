"""Quick balance measurement for a scenario, straight on the engine (until `ambassador simulate` exists).

    /work/venv/bin/python benchmarks/balance_directive.py [scenario] [--games N] [--strong-games M]

Policies: ignore (never answer), hardline (the most coercive affordable response on every card), random
(a uniformly random affordable response; coordination at random), line (the scenario's first policy), and
strong (a greedy one-month look-ahead on the engine with a value that counts stored-up resentment and
China ties). Prints mean/median score, the endings' shares, and how often each card, response, event and
ending occurs, and which response the strong policy picks on each card.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.engine import new_game, play_turn
from game.scenario import load, resolve


def acting_cards(state):
    sc = state.scenario
    return [c for c in state.cards if sc.countries[c.country].acts]


def afford(cap, eco, resp):
    return resp.capital <= cap + 1e-9 and resp.economy <= eco + 1e-9


def pol_ignore(state, rng):
    return {}, []


def pol_hardline(state, rng):
    cap, eco = state.capital, state.economy
    out = {}
    for c in acting_cards(state):
        opts = [r for r in state.allowed_responses(c.uid) if afford(cap, eco, r)]
        best = max(opts, key=lambda r: (r.coercion, -r.capital, -r.economy))
        out[c.uid] = best.id
        cap -= best.capital
        eco -= best.economy
    return out, []


def pol_random(state, rng):
    sc = state.scenario
    cap, eco = state.capital, state.economy
    inis = []
    for ini in sc.initiatives:
        if rng.random() < 0.25 and afford(cap, eco, ini):
            inis.append(ini.id)
            cap -= ini.capital
            eco -= ini.economy
    out = {}
    cards = acting_cards(state)
    rng.shuffle(cards)
    for c in cards:
        opts = [r for r in state.allowed_responses(c.uid) if afford(cap, eco, r)]
        r = rng.choice(opts)
        out[c.uid] = r.id
        cap -= r.capital
        eco -= r.economy
    return out, inis


def make_pol_prefer(policy):
    def pol(state, rng):
        sc = state.scenario
        cap, eco = state.capital, state.economy
        inis = []
        for iid in policy.initiatives:
            ini = sc.initiative(iid)
            if afford(cap, eco, ini):
                inis.append(iid)
                cap -= ini.capital
                eco -= ini.economy
        out = {}
        for c in acting_cards(state):
            allowed = {r.id: r for r in state.allowed_responses(c.uid)}
            for rid in policy.prefer:
                r = allowed.get(rid)
                if r is not None and afford(cap, eco, r):
                    out[c.uid] = rid
                    cap -= r.capital
                    eco -= r.economy
                    break
        return out, inis
    return pol


# --- the strong policy: greedy look-ahead of one month ---------------------------------------------------

ECO_PRICE = 1.2     # value of one point of economy budget, in value units, as the year goes by


def value(state, sc):
    total = 0.0
    wsum = 0.0
    for country, row in zip(sc.countries, state.values, strict=True):
        a, t, r, s = row
        w = country.weight
        v = (a - 0.3 * r - 0.7 * max(0.0, r - 32) - 0.2 * t - 0.3 * max(0.0, t - 15)
             + 0.1 * s - 0.5 * max(0.0, 52 - s))
        total += w * v
        wsum += w
    return total / wsum * 10.0


def pol_strong(state, rng):
    sc = state.scenario
    turns_left = sc.turns - state.turn + 1
    eco_price = ECO_PRICE if turns_left > 1 else 0.0
    cards = acting_cards(state)
    plan: dict[str, str] = {}
    inis: list[str] = []

    def evaluate(p, i):
        nxt, _ = play_turn(state, p, i, explain=False)
        spent_eco = state.economy - nxt.economy if not nxt.over else 0.0
        return value(nxt, sc) - eco_price * spent_eco

    base = evaluate(plan, inis)
    while True:
        cap, eco = state.capital, state.economy
        for rid in plan.values():
            r = sc.response(rid)
            cap -= r.capital
            eco -= r.economy
        for iid in inis:
            ini = sc.initiative(iid)
            cap -= ini.capital
            eco -= ini.economy
        best = None
        for c in cards:
            cur = plan.get(c.uid)
            for r in state.allowed_responses(c.uid):
                if r.id == cur or r.default:
                    continue
                extra_cap = r.capital - (sc.response(cur).capital if cur else 0)
                extra_eco = r.economy - (sc.response(cur).economy if cur else 0)
                if extra_cap > cap + 1e-9 or extra_eco > eco + 1e-9:
                    continue
                p2 = dict(plan)
                p2[c.uid] = r.id
                gain = evaluate(p2, inis) - base
                per = gain / (max(extra_cap, 0) + 0.25)
                if gain > 0.01 and (best is None or per > best[0]):
                    best = (per, gain, ("card", c.uid, r.id))
        for ini in sc.initiatives:
            if ini.id in inis or not afford(cap, eco, ini):
                continue
            gain = evaluate(plan, [*inis, ini.id]) - base
            per = gain / (ini.capital + 0.25)
            if gain > 0.01 and (best is None or per > best[0]):
                best = (per, gain, ("ini", ini.id, None))
        if best is None:
            break
        kind, a, b = best[2]
        if kind == "card":
            plan[a] = b
        else:
            inis.append(a)
        base += best[1]
    return plan, inis


# --- running ------------------------------------------------------------------------------------------

def play(sc, seed, policy, rng, stats):
    state = new_game(sc, seed=seed)
    fired_before = set()
    while not state.over:
        plan, inis = policy(state, rng)
        for c in state.cards:
            stats["card"][sc.card(c.card).id] += 1
            if sc.countries[c.country].acts:
                rid = plan.get(c.uid, sc.default_response.id)
                stats["resp"][rid] += 1
                stats["pick"][(c.card, rid)] += 1
        stats["decisions"].append(len(acting_cards(state)))
        for i in inis:
            stats["ini"][i] += 1
        state, _ = play_turn(state, plan, inis, explain=False)
        for key in state.fired - fired_before:
            stats["event"][key.split("@")[0]] += 1
        fired_before = set(state.fired)
    stats["ending"][state.ending] += 1
    stats["scores"].append(state.score)
    stats["final"].append(state.values)
    return state


def run(sc, name, policy, games, seed0=1):
    stats = {k: Counter() for k in ("card", "resp", "pick", "event", "ending", "ini")}
    stats["scores"] = []
    stats["decisions"] = []
    stats["final"] = []
    rng = random.Random(12345)
    t = time.time()
    for g in range(games):
        play(sc, seed0 + g, policy, rng, stats)
    stats["time"] = time.time() - t
    return stats


def report(sc, name, st, games):
    sc_ = st["scores"]
    ends = ", ".join(f"{e} {100 * n / games:.0f}%" for e, n in st["ending"].most_common())
    print(f"{name:10s} mean {statistics.mean(sc_):6.1f}  median {statistics.median(sc_):5.1f}  "
          f"min {min(sc_):3d} max {max(sc_):3d}   {ends}   ({st['time']:.1f}s)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="directive-1980")
    ap.add_argument("--games", type=int, default=300)
    ap.add_argument("--strong-games", type=int, default=60)
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args()
    sc = load(resolve(args.scenario))
    pols = {"ignore": pol_ignore, "hardline": pol_hardline, "random": pol_random}
    for p in sc.policies:
        pols[p.id] = make_pol_prefer(p)
    pols["strong"] = pol_strong
    results = {}
    for name, pol in pols.items():
        n = args.strong_games if name == "strong" else args.games
        results[name] = run(sc, name, pol, n)
        report(sc, name, results[name], n)
    st = results["strong"]
    dec = st["decisions"]
    print(f"decisions per month (strong): mean {statistics.mean(dec):.1f}, min {min(dec)}, max {max(dec)}")
    allcards = Counter()
    allevents = Counter()
    allends = Counter()
    for r in results.values():
        allcards.update(r["card"])
        allevents.update(r["event"])
        allends.update(r["ending"])
    print("cards never drawn:", [c.id for c in sc.cards if not allcards[c.id]])
    print("events never fired:", [e.id for e in sc.events if not allevents[e.id]])
    print("endings never reached:", [e.id for e in sc.endings if not allends[e.id]])
    print("endings over all policies:", dict(allends))
    print("strong: responses", dict(st["resp"]), "initiatives", dict(st["ini"]))
    best = defaultdict(Counter)
    for (card, rid), n in st["pick"].items():
        best[card][rid] += n
    for card in sc.cards:
        print(f"  {card.id:24s}", dict(best[card.id].most_common()))
    if args.detail:
        for name, r in results.items():
            means = [statistics.mean(v[k][0] for v in r["final"]) for k in range(len(sc.countries))]
            res = [statistics.mean(v[k][2] for v in r["final"]) for k in range(len(sc.countries))]
            rows = zip(sc.countries, means, res, strict=True)
            print(name, " ".join(f"{c.id[:4]}:{m:.0f}/{q:.0f}" for c, m, q in rows))


if __name__ == "__main__":
    main()
