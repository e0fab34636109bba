"""The layout's rules that import-linter cannot check (see pyproject.toml for the ones it does)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mixscope"


def _public_functions(folder: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                found[node.name].append(str(path.relative_to(PACKAGE)))
    return found


def test_no_public_function_name_has_two_definitions_in_metrics_and_evaluation() -> None:
    # One implementation per metric, named after what it computes: a name defined twice is
    # two meanings (or two implementations) for one word.
    found: dict[str, list[str]] = defaultdict(list)
    for folder in ("metrics", "evaluation"):
        for name, paths in _public_functions(folder).items():
            found[name] += paths
    twice = {name: paths for name, paths in found.items() if len(set(paths)) > 1}
    assert not twice


def test_every_stage_states_its_public_face() -> None:
    stages = [p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert {p.name for p in stages} >= {
        "corpus", "embed", "mixing", "metrics", "evaluation", "decide", "plots", "export", "cli",
    }  # fmt: skip
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]
    for stage in stages:
        tree = ast.parse((stage / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), stage.name
