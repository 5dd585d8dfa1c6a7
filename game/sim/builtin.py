"""The built-in policies' names and one-line descriptions: plain data, so that building the command line
(`ambassador --help`, `ambassador simulate --help`) lists them without loading the engine or numpy. The
policies themselves are in ``game.sim.policies``."""

from __future__ import annotations

#: The built-in policies, each in one line (shown by `ambassador simulate --help` and in the report).
#: What each built-in policy does; ``{aggregate}`` is the scenario's name for its aggregate (``summary``).
BUILTIN: dict[str, str] = {
    "random": "picks any allowed, affordable response at random, and launches each affordable initiative "
              "half the time",
    "ignore": "always does nothing (the free default response); never launches an initiative",
    "hardline": "always picks the most coercive response it can afford; never launches an initiative",
    "greedy": "picks, card by card, the response that gives the best {aggregate} at the end of this month, "
              "then any initiative that improves it further",
    "strong": "looks ahead: tries several plans for the month and plays each out to the end a few times "
              "with unknown future draws (Monte Carlo rollouts), then picks the best; stands in for a "
              "thoughtful student",
}


def summary(name: str, aggregate: str = "aggregate (cohesion)") -> str:
    """A built-in policy's summary, with the scenario's word for the aggregate ([words] aggregate)."""
    return BUILTIN[name].format(aggregate=aggregate)
