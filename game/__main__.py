"""`python -m game` is the `ambassador` command."""

from game.cli import main

raise SystemExit(main())
