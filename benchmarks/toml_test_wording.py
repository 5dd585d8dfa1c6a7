"""How many of toml-test's invalid files `ambassador validate` reports in tomllib's own wording.

Not a speed benchmark: a measure of issue 12's "syntax errors in the parser's words". toml-test
(https://github.com/toml-lang/toml-test, MIT licence) is not committed here; check it out and pass its
``tests/invalid`` folder:

    git clone https://github.com/toml-lang/toml-test /tmp/toml-test
    python benchmarks/toml_test_wording.py /tmp/toml-test/tests/invalid

A message counts as raw when, after "TOML syntax error ...: ", it starts with tomllib's message for that file.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from game.scenario.loader import check_bytes


def main(folder: Path) -> int:
    syntax = raw = other = 0
    wording: collections.Counter[str] = collections.Counter()
    for path in sorted(folder.rglob("*.toml")):
        data = path.read_bytes()
        try:
            tomllib.loads(data.decode("utf-8"))
            parser = ""
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            parser = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        _, problems = check_bytes(data, path.name)
        messages = [p.message for p in problems if p.message.startswith("TOML syntax error")]
        if not messages:
            other += 1
            continue
        syntax += 1
        body = re.sub(r"^TOML syntax error[^:]*: ", "", messages[0])
        if parser and body.lower().startswith(parser.lower()[:30]):
            raw += 1
            wording[parser] += 1
    print(f"{syntax} syntax messages, {raw} in tomllib's raw wording; {other} files reported as another "
          "problem (encoding, binary, empty)")
    for text, count in wording.most_common():
        print(f"{count:5}  {text}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/toml_test_wording.py TOML_TEST/tests/invalid")
    sys.exit(main(Path(sys.argv[1])))
