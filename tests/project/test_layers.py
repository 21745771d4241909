"""Which part of Tinget may import which (docs/DESIGN.md, "Layers"): arrows point down.

A small AST check over every module in tinget/ (migrations aside), inline imports included:
a module may import its own unit and the layers below it, never a layer above or a peer in
its own layer. It fails with the module, the line and the arrow that points the wrong way.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tinget"

# Bottom to top. A unit is an app (tinget/<app>/) or a project-level module (tinget/<x>.py).
LAYERS = [
    {"errors", "events", "pagecache", "fetchmeta", "accounts"},
    {"http", "mailings"},
    {"programme"},
    {"registrations"},
    {"backoffice"},
    {"announcements", "api", "integrations"},
    {"periodic", "urls", "settings", "admin_site", "cli", "wsgi"},
]
# tinget/audit.py writes programme's AuditEntry: it belongs to the programme unit.
SAME_UNIT = {"audit": "programme"}
# Known arrows that point up, each with its reason. Later work shrinks this list.
EXEMPT = {
    # The personal calendar feed lists a registrant's sessions (a registrations read that
    # still lives with the other calendar views).
    ("programme/calendar_views.py", "registrations"),
}


def unit_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "tinget" or len(parts) < 2:
        return None
    return SAME_UNIT.get(parts[1], parts[1])


def layer_of(unit: str) -> int:
    for index, units in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"tinget/{unit} is in no layer: add it to LAYERS and docs/DESIGN.md")


def imported_modules(path: Path, module: str):
    """(line, dotted name) of every tinget module the file imports, anywhere in it."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if node.module and target != "tinget":
                yield node.lineno, target
            else:  # "from tinget import events", "from . import x"
                for alias in node.names:
                    yield node.lineno, f"{target}.{alias.name}"


def wrong_arrows() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "migrations" in relative.parts:
            continue
        module = ".".join(("tinget", *relative.with_suffix("").parts)).removesuffix(".__init__")
        source = unit_of(module)
        if source is None:
            continue
        for line, target in imported_modules(path, module):
            target_unit = unit_of(target)
            if target_unit is None or target_unit == source:
                continue
            if (relative.as_posix(), target_unit) in EXEMPT:
                continue
            if layer_of(target_unit) >= layer_of(source):
                found.append(
                    f"tinget/{relative}:{line}: {source} (layer {layer_of(source)}) imports "
                    f"{target} ({target_unit}, layer {layer_of(target_unit)})"
                )
    return found


def test_imports_point_down_the_layers():
    assert wrong_arrows() == []


def test_every_exemption_is_still_needed():
    """An exemption whose import is gone must leave the list (so the list only shrinks)."""
    used = set()
    for relative, target_unit in EXEMPT:
        path = PACKAGE / relative
        module = ".".join(("tinget", *Path(relative).with_suffix("").parts))
        if any(unit_of(t) == target_unit for _line, t in imported_modules(path, module)):
            used.add((relative, target_unit))
    assert used == EXEMPT


def test_every_part_of_tinget_has_a_layer():
    units = {
        SAME_UNIT.get(p.stem, p.stem)
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.stem != "__init__")
    }
    placed = set().union(*LAYERS)
    assert sorted(units - placed) == [], "add these to LAYERS and docs/DESIGN.md"
    assert "programme" in units and "registrations" in units  # the walk found the apps
