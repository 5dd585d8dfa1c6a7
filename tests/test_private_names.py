"""No module of the game (or of benchmarks/) uses another module's private names: what two modules share is
public, with a docstring. Read from the source, so a new ``from game.x import _y`` or ``x._y`` fails here.

Tests are not held to it: a test may reach into the module it tests."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def private_uses(path: Path, root: Path = ROOT) -> list[str]:
    """Each use in ``path`` of a private name of another game module: ``from game.x import _y`` and ``x._y``
    where ``x`` is a game module imported by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "game":
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: from {node.module} import {alias.name}")
                else:
                    modules.add(alias.asname or alias.name)  # perhaps a module (from game.engine import state)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name.split(".")[0] for a in node.names if a.name.split(".")[0] == "game")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in modules):
            found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    files = sorted((ROOT / "game").rglob("*.py")) + sorted((ROOT / "benchmarks").rglob("*.py"))
    assert len(files) > 20
    found = [use for path in files for use in private_uses(path)]
    assert found == []


def test_the_check_sees_both_forms(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from game.engine.expr import _x\nfrom game.engine import state\nimport game.paths\n"
                      "state._y\ngame._z\nstate.public\n", encoding="utf-8")
    found = private_uses(sample, tmp_path)
    assert found == ["sample.py:1: from game.engine.expr import _x", "sample.py:4: state._y", "sample.py:5: game._z"]
