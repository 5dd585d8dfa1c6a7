"""Headless play: policies (policies.py), the batch runner (batch.py), blocks of games on arrays (lockstep.py)
and the balance report (report.py), with the `simulate` and `new` commands (command.py). Never imports textual.
The scenario scaffold that `new` writes and the format reference live with the format, in game.scenario."""
