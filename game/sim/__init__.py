"""Headless play: policies (policies.py), the batch runner (batch.py) and the balance report (report.py), with
the `simulate` and `new` commands (command.py). Never imports textual. Blocks of games on arrays are the
engine's (game.engine.lockstep). The scenario scaffold that `new` writes and the format reference live with the
format, in game.scenario."""
