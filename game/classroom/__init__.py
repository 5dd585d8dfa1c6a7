"""The classroom: the game served to a class's browsers, and the store where every game's record lands.

``store`` is the results store (SQLite, insert-only); ``web`` is the server and its page; ``forkserver`` the
process that forks one game per browser (``ambassador _zygote``, where the TUI loads); ``serve`` what they
share with the command line; ``live`` is the teacher's view of a class in the terminal. None of them imports
textual.
"""

#: Games `serve` keeps started ahead by default (``--warm``): a class of 30 arriving at once; each holds about
#: 20 MiB (PSS: most of its memory is shared with the zygote it was forked from).
WARM_POOL = 30
