"""The classroom: the game served to a class's browsers, and the store where every game's record lands.

``store`` is the results store (SQLite, insert-only); ``serve`` runs textual-serve, one game process per
browser session; ``live`` is the teacher's view of a class in the terminal. None of them imports textual:
the served game process is started as a command (``ambassador _session``), which is where the TUI loads.
"""
