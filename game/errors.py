"""The base of the game's own errors, with nothing imported.

Every error the game raises on purpose is an ``AmbassadorError``, of one specific subclass per kind of
problem, each defined beside the code that raises it:

* ``game.scenario.ScenarioError``: a scenario file cannot be loaded (``problems`` lists each, with its line);
* ``game.engine.expr.ExprError``: an expression in a scenario is wrong (with its column);
* ``game.engine.IllegalActionError``: an action is not legal in the game's state (not allowed, not affordable);
* ``game.records.RecordError``: a file is unreadable or not a game record, or a record does not replay;
* ``game.sim.policies.PolicyError``: an unknown policy;
* ``game.classroom.store.StoreError``: the classroom store cannot be opened or read;
* ``game.files.FileRefused``: a file the game was asked to read is not one it will read (kind, size);
* ``game.session.SessionError``: a saved game cannot be continued (``NoSavedGame``, ``Unreadable``).

Each message says what is wrong and where, for the person who can fix it; the command line prints it and
exits with a documented code, never with a traceback. Those that stand for a bad value are also
``ValueError``s. This module lives at the top of the package, importing nothing, so that the engine (which
imports nothing else of the game) and the classroom store can share it.
"""

from __future__ import annotations


class AmbassadorError(Exception):
    """Something the game can explain went wrong; the message says what and where."""
