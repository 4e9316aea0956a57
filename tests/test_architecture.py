"""The shape of the code: a pure domain, light hot paths, every command documented."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FORBIDDEN_IN_DOMAIN = {
    "typer",
    "rich",
    "plotext",
    "sqlite_utils",
    "sqlite3",
    "os",
    "pathlib",
    "time",
    "io",
}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "paintrack" / "domain").glob("*.py")), ids=lambda p: p.name
)
def test_domain_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text())
    mods = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    mods |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m.split(".")[0] for m in mods} & FORBIDDEN_IN_DOMAIN
    source = path.read_text()
    for clock in ("date.today(", "datetime.now(", "datetime.today("):
        assert clock not in source, f"{path.name} reads the clock: pass `today` in"


# The layer map (issue 9, point 4): what each part of paintrack may import. Imports only point
# down: cli → usecases → domain and store → models, fields → reference, errors. Render and export
# take plain results (models, the domain's frozen results), never a connection.
BOTTOM = {"errors", "reference", "frozen"}
CORE = BOTTOM | {"fields", "models"}
ALLOWED = {
    "errors": set(),
    "frozen": set(),
    "reference": set(),
    "fields": BOTTOM,
    "models": BOTTOM | {"fields"},
    "demo": CORE,
    "domain": CORE | {"domain"},
    "migrations": {"migrations_sync"},
    "migrations_sync": set(),  # the sync triggers' schema (issue 23), for later migrations too
    "remind": BOTTOM,  # the OS scheduler: files and commands, nothing of the diary
    "store": CORE | {"store", "migrations", "migrations_sync"},
    "usecases": CORE | {"domain", "store", "usecases"},
    "render": CORE | {"domain", "render"},
    "export": CORE | {"domain", "render", "export"},
    # Files of other apps in (issue 26): they read files within export's limits, like its importer.
    "importers": CORE | {"domain", "export", "importers"},
    "cli": CORE
    | {
        "domain",
        "store",
        "usecases",
        "render",
        "export",
        "importers",
        "demo",
        "remind",
        "cli",
        "__init__",
    },
    "__main__": {"cli"},
    "__init__": set(),
}


def test_the_contributing_guide_draws_the_layer_map_this_test_enforces() -> None:
    text = (ROOT / "docs" / "contributing.md").read_text()
    block = text.split("<!-- layer-map -->")[1].split("<!-- /layer-map -->")[0]
    drawn = {}
    for line in block.strip().strip("`").removeprefix("text").strip().splitlines():
        name, _, targets = line.partition("→")
        drawn[name.strip()] = {t.strip() for t in targets.split(",")} - {"(nothing)"}
    assert list(drawn) and drawn.keys() == ALLOWED.keys()
    for name, targets in drawn.items():
        assert targets == ALLOWED[name] - {name}, f"docs/contributing.md: {name}"


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(tree: ast.Module, *, type_checking: bool = True) -> set[str]:
    """paintrack modules imported anywhere in the module: at the top, inside functions, and (unless
    `type_checking=False`) under `if TYPE_CHECKING:`, which must follow the layer map too."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if (
            not type_checking
            and isinstance(node, ast.If)
            and "TYPE_CHECKING" in ast.unparse(node.test)
        ):
            skipped |= {id(n) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("paintrack")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("paintrack"):
            for a in node.names:  # `from paintrack.render import safe` imports render.safe
                sub = f"{node.module}.{a.name}"
                found.add(sub if sub in NAMES else node.module or "")
    return {m for m in found if m != "paintrack"}


MODULES = sorted((ROOT / "paintrack").rglob("*.py"))
NAMES = {
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
    for p in MODULES
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "paintrack")))
def test_imports_follow_the_layer_map(path: Path) -> None:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    part = _part(module) if module != "paintrack" else "__init__"
    for imported in _imports(ast.parse(path.read_text())):
        target = _part(imported)
        assert target in ALLOWED[part] or target == part, f"{module} imports {imported}"


# Cycles still to untangle (issue 21): each must go, and no other may come. A function-level
# import that closes a circle hides it from Python, not from the reader.
KNOWN_CYCLES = {
    frozenset({"paintrack.cli.common", "paintrack.cli.daily"}),  # opened() says daily's nudges
    frozenset({"paintrack.export.fhir.care", "paintrack.export.fhir.resources"}),
}


def _cycles() -> set[frozenset[str]]:
    """Each circle of run-time imports (top-level or inside a function; `if TYPE_CHECKING:` ones
    never run) among paintrack modules, as the set of modules on it (Tarjan's components)."""
    graph = {
        m: _imports(ast.parse(p.read_text()), type_checking=False) & NAMES.keys()
        for m, p in NAMES.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v] - {v}:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = {stack.pop()}
            while v not in part:
                part.add(stack.pop())
            if len(part) > 1:
                found.add(frozenset(part))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    cycles = _cycles()
    new = [" ↔ ".join(sorted(c)) for c in cycles - KNOWN_CYCLES]
    assert not new, f"import cycle: {'; '.join(new)}"
    gone = [" ↔ ".join(sorted(c)) for c in KNOWN_CYCLES - cycles]
    assert not gone, f"no longer a cycle, take it off KNOWN_CYCLES: {'; '.join(gone)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "paintrack")))
def test_modules_and_functions_stay_small(path: Path) -> None:
    """Modules ≤ 400 lines, functions ≤ 60 (the declarative initial migration aside)."""
    text = path.read_text()
    assert text.count("\n") <= 400, f"{path.name}: {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "m001_initial":
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 60, f"{path.name}: {node.name} is {length} lines"


def test_only_the_store_and_migrations_touch_sql() -> None:
    for path in (ROOT / "paintrack").rglob("*.py"):
        if path.parent.name == "store" or path.name in ("migrations.py", "migrations_sync.py"):
            continue
        text = path.read_text()
        assert "import sqlite3" not in text and ".execute(" not in text, path


LOADED = """
import sys
from paintrack.cli import main
sys.argv = ["paintrack", *sys.argv[1:]]
try:
    main()  # the entry point: the daily commands take the fast path (paintrack.cli.fast)
except SystemExit as e:
    code = e.code
heavy = {m.split(".")[0] for m in sys.modules} & {"rich", "plotext", "sqlite_utils", "pydantic", "click", "typer"}
heavy |= {m for m in sys.modules if m.startswith(("paintrack.export", "paintrack.render.charts"))}
heavy = sorted(heavy)
print("LOADED", " ".join(heavy), "CODE", code, file=sys.stderr)
"""


def _heavy_modules(tmp_path: Path, *args: str) -> str:
    env = {"PAINTRACK_DB": str(tmp_path / "p.db"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    line = [x for x in r.stderr.splitlines() if x.startswith("LOADED")][-1]
    assert line.endswith("CODE 0"), r.stderr
    return line


def test_the_daily_commands_load_neither_typer_rich_plotext_sqlite_utils_export_nor_charts(
    tmp_path: Path,
) -> None:
    _heavy_modules(tmp_path, "course", "start", "x")  # first run creates the schema (sqlite-utils)
    assert _heavy_modules(tmp_path, "log", "--pain", "4", "--sleep-hours", "7") == "LOADED  CODE 0"
    assert (
        _heavy_modules(tmp_path, "session", "--pain-before", "5", "--pain-after", "3")
        == "LOADED  CODE 0"
    )
    assert _heavy_modules(tmp_path, "status") == "LOADED  CODE 0"
    assert _heavy_modules(tmp_path, "log", "5") == "LOADED  CODE 0"
    assert (
        _heavy_modules(
            tmp_path, "peg", "--pain", "4", "--enjoyment", "5", "--general-activity", "6"
        )
        == "LOADED  CODE 0"
    )


def _commands(group: object, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for c in group.registered_commands:  # type: ignore[attr-defined]
        out.append((prefix + (c.name or c.callback.__name__), c.callback))
    for g in group.registered_groups:  # type: ignore[attr-defined]
        out += _commands(g.typer_instance, prefix + g.name + " ")
    return out


def test_every_command_has_help() -> None:
    from paintrack.cli import app

    commands = _commands(app)
    assert len(commands) >= 15
    for name, callback in commands:
        assert (callback.__doc__ or "").strip(), f"`paintrack {name}` has no help text"  # type: ignore[attr-defined]


def test_installed_entry_point_runs_as_a_whole_process(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "paintrack"
    env = {"PAINTRACK_DB": str(tmp_path / "p.db"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run(
        [str(exe), "course", "start", "back", "--sessions", "6"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(exe), "log", "--pain", "4"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "Logged L1" in r.stdout
    r = subprocess.run([str(exe), "log", "--pain", "12"], capture_output=True, text=True, env=env)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "\x1b[" not in r.stderr
    r = subprocess.run([str(exe), "status", "--json"], capture_output=True, text=True, env=env)
    assert json.loads(r.stdout)["course"]["name"] == "back"
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", "--version"], capture_output=True, text=True, env=env
    )
    assert r.stdout.startswith("paintrack ")


def test_usage_errors_in_the_real_process_are_one_line_naming_the_option(tmp_path: Path) -> None:
    env = {"PAINTRACK_DB": str(tmp_path / "p.db"), "PATH": "/usr/bin:/bin"}
    exe = str(Path(sys.executable).parent / "paintrack")
    subprocess.run([exe, "course", "start", "x"], env=env, check=True, capture_output=True)
    for args, text in (
        (["session", "--pain-before", "5"], "Error: --pain-after must be given"),
        (["log", "--bogus", "3"], "Error: No such option: --bogus (see `paintrack log --help`)"),
        (["frobnicate"], "Error: No such command 'frobnicate'"),
    ):
        r = subprocess.run([exe, *args], capture_output=True, text=True, env=env)
        assert r.returncode == 2 and r.stderr.startswith(text) and r.stderr.count("\n") == 1, (
            r.stderr
        )
    r = subprocess.run([exe], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.startswith("Usage: paintrack")
