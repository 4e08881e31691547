"""The layers of the project, lowest first, and the check that keeps imports flowing down.

An app may import only apps on a lower floor; apps on one floor do not import each other, so the
app-level import graph has no cycle. When a lower app needs something from a higher one (the user
behind an API token, navigation entries, the dossiers a decision settles, the members shown on a
unit's page), the higher app fills a registry of the lower one in its ``AppConfig.ready()``, or a
setting names the function: never an import upward. ``tests/test_architecture.py`` runs the
check; ``python -m guongsang.layers`` prints the app graph and what breaks the order.

Adding an app: put it on the lowest floor above everything it imports (a new floor if it must
sit between two). Where the apps still to come belong, judged from the plans in DESIGN.md:
``targets`` (reads the metrics every app registers) just above ``accounts``, and ``reports`` (filled
from the targets) above it; ``nurturing`` (candidates that become dossiers) beside ``councils``, as
``discovery`` (tips that become dossiers) is; ``events``, ``initiatives`` and ``inspections`` beside
``councils`` too, unless they import nothing above ``nominees`` and ``movements``, then lower.

The check reads the source with :mod:`ast` only (nothing is imported, so it also runs on a
synthetic tree in a test): ``import`` and ``from … import`` statements anywhere in a module,
function bodies included; migrations are left out (they name other apps' models by string and
history). Dotted paths in strings (settings, ``import_string``) are how a lower layer is told
about a higher one, so they are not imports.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = "guongsang"

# Lowest first. ``PACKAGE`` itself stands for the project's own modules: settings, the root URLs,
# the API mount, wsgi/asgi.
LAYERS: list[tuple[str, ...]] = [
    ("core", "formats"),
    ("orgs",),
    ("accounts",),
    ("targets",),
    ("nominees", "movements"),
    ("awards",),
    ("nominations",),
    ("councils", "stories", "discovery"),
    ("books", "contest"),
    ("portal",),
    ("demo",),
    (PACKAGE,),
]


def floor_of(layers: list[tuple[str, ...]] = LAYERS) -> dict[str, int]:
    """Each declared app and the index of its floor."""
    return {app: index for index, floor in enumerate(layers) for app in floor}


def _app_of(module: str, root: Path) -> str | None:
    """The app (the first package under ``root``) a dotted module belongs to; the project for
    the package's own modules; None outside the package."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) > 1 and (root / parts[1]).is_dir():
        return parts[1]
    return PACKAGE


def _imported(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """The absolute module names an import statement brings in (``package`` resolves relative ones)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    if node.module:
        return [module]
    # ``from guongsang import nominations``: each name may be a subpackage.
    return [f"{module}.{alias.name}" for alias in node.names]


def import_edges(root: Path) -> dict[tuple[str, str], list[str]]:
    """App-level import graph of the package at ``root``: (importer, imported) → where it happens,
    as ``path:line module``."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent)
        if "migrations" in relative.parts:
            continue
        module = ".".join(relative.with_suffix("").parts)
        package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        source = _app_of(module, root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in _imported(node, package):
                target = _app_of(name, root)
                if target is not None and target != source:
                    edges[(source, target)].append(f"{relative}:{node.lineno} {name}")
    return dict(edges)


def cycles(edges) -> list[list[str]]:
    """The strongly connected groups of more than one app (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
        graph[target]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def violations(root: Path, layers: list[tuple[str, ...]] = LAYERS) -> list[str]:
    """Everything that breaks the layer order under ``root``, one line each: an app missing from
    ``layers``, an import upward or sideways (same floor), a cycle between apps."""
    edges = import_edges(root)
    floors = floor_of(layers)
    problems = []
    apps = {app for edge in edges for app in edge} | {
        p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    for app in sorted(apps - floors.keys()):
        problems.append(f"{app}: not in the layers; add it to LAYERS in guongsang/layers.py")
    for (source, target), places in sorted(edges.items()):
        if source in floors and target in floors and floors[target] >= floors[source]:
            where = "upward" if floors[target] > floors[source] else "sideways (same floor)"
            for place in places:
                problems.append(f"{source} -> {target} ({where}): {place}")
    for group in cycles(edges):
        problems.append("cycle between apps: " + ", ".join(group))
    return problems


def main() -> int:
    root = Path(__file__).resolve().parent
    edges = import_edges(root)
    floors = floor_of()
    for (source, target), places in sorted(edges.items(), key=lambda e: (floors.get(e[0][0], 99), e[0])):
        print(f"{source} -> {target} ({len(places)})")
    problems = violations(root)
    print("\n".join(problems) if problems else "No import breaks the layers.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
