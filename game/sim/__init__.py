"""Headless play: policies (policies.py), the batch runner (batch.py) and the balance report (report.py);
the scenario scaffold (scaffold.py) and the format reference (reference.py). Never imports textual."""
