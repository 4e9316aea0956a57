"""Hostile text through every free-text field into every output (issue 10).

Each example puts one hostile text (markup, terminal controls, bidi overrides, formula starts,
newlines that forge headings, links and images, long words, astral characters) into every
free-text column of a realistic diary, as an old database or another device could hold it
(the CLI itself refuses controls in names), and runs every command that shows them. Nothing
crashes; nothing on stdout or stderr carries a raw control character; the Markdown summary has
exactly its own structure; no spreadsheet cell is a formula; the FHIR file is valid.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from paintrack.cli import common
from tests.conftest import Run
from tests.export_fixtures import DEMO_NOW, write_demo
from tests.hostile import ALL_AT_ONCE, hostile_text

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# FHIR R4 string: `[ \r\n\t\S]+` in XML Schema regex, where \s is only space, tab, CR, LF.
FHIR_STRING = re.compile("[^\x00-\x08\x0b\x0c\x0e-\x1f]+")
#: Every free-text column, as a patient's old database (or a synced device) may hold it.
COLUMNS = {
    "courses": ("name", "therapy", "condition", "practitioner", "goals", "outcome"),
    "medications": ("name",),
    "activities": ("name",),
    "sessions": ("points", "practitioner", "note"),
    "daily_logs": ("note",),
}
HOSTILE = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo diary (a course with sessions, logs, meds, activities), built once."""
    return write_demo(tmp_path_factory.mktemp("hostile") / "demo.db")


def _diary_holding(text: str, template: Path, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        for table, cols in COLUMNS.items():
            # names stay unique per row (NOCASE stops comparing at a NUL: the id goes first)
            sets = ", ".join(f"{c} = id || ?" if "\x00" in text else f"{c} = ? || id" for c in cols)
            conn.execute(f"UPDATE {table} SET {sets}", [" "] * len(cols))  # not the old names
            conn.execute(f"UPDATE {table} SET {sets} WHERE id <= 3", [text] * len(cols))
    conn.close()


def _clean(result: object, what: str) -> str:
    out, err = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert "Internal error" not in err, (what, err)
    for stream in (out, err):
        found = RAW_CONTROL.search(stream)
        assert found is None, (what, repr(stream[max(found.start() - 20, 0) : found.end() + 20]))
    return str(out)


OUTPUTS = (
    ("history",),
    ("history", "--json"),
    ("course", "show"),
    ("course", "list"),
    ("course", "list", "--json"),
    ("status",),
    ("status", "--json"),
    ("review",),
    ("review", "--json"),
    ("med", "list"),
    ("med", "list", "--json"),
    ("activity", "list"),
    ("chart", "function"),
    ("chart", "meds"),
    ("chart", "pain", "--weekly"),
)


def _runs(run: Run) -> Iterator[tuple[tuple[str, ...], str]]:
    with common.freeze(DEMO_NOW):
        for args in OUTPUTS:
            yield args, _clean(run(*args), " ".join(args))


@given(text=hostile_text)
@example(text=ALL_AT_ONCE)
@HOSTILE
def test_every_terminal_and_json_output_shows_hostile_text_safely(
    run: Run, template: Path, db_path: Path, text: str
) -> None:
    _diary_holding(text, template, db_path)
    for args, out in _runs(run):
        if "--json" in args:
            json.loads(out)  # exactly one document
    with common.freeze(DEMO_NOW):
        sheet = _clean(run("history", "--csv"), "history --csv")
    _no_formula(sheet)


def _no_formula(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(FORMULA), cell


@given(text=hostile_text)
@example(text=ALL_AT_ONCE)
@HOSTILE
def test_every_export_shows_hostile_text_safely(
    run: Run, template: Path, db_path: Path, text: str
) -> None:
    _diary_holding(text, template, db_path)
    label = LINE_BAD.sub("", text).strip()[:80] or "x"  # --label refuses controls itself
    with common.freeze(DEMO_NOW):
        md = _clean(run("export", "-o", "-", "-f", "md", "--label", label), "md")
        html = _clean(run("export", "-o", "-", "-f", "html", "--label", label), "html")
        sheet = _clean(run("export", "-o", "-", "-f", "csv", "--spreadsheet"), "csv --spreadsheet")
        exact = run("export", "-o", "-", "-f", "csv").stdout
        doc = _clean(run("export", "-o", "-", "-f", "json"), "json")
        fhir = _clean(run("export", "-o", "-", "-f", "fhir", "--label", label), "fhir")
    _markdown_has_only_its_own_structure(md)
    assert "<script" not in html and "<img" not in html
    _no_formula(sheet)
    stored = _stored_notes(db_path)
    notes = [r["note"] for r in csv.DictReader(io.StringIO(exact)) if r["record"] == "daily_log"]
    assert notes == stored and any(text in n for n in notes)  # the exact export stays exact
    assert [r["note"] for r in json.loads(doc)["daily_logs"]] == stored
    _valid_fhir(json.loads(fhir))


def _stored_notes(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM daily_logs ORDER BY id")]
    finally:
        conn.close()


def _markdown_has_only_its_own_structure(md: str) -> None:
    lines = md.splitlines()
    assert sum(line.startswith("## Verdict") for line in lines) == 1
    assert sum(line.startswith("- **Review date:**") for line in lines) == 1
    assert sum(line.startswith("# ") for line in lines) == 1
    unescaped = md.replace("\\\\", "")
    for pattern in (r"(?<!\\)!\[", r"(?<!\\)\]\(", r"(?<!\\)<", r"(?i)https?:", r"(?i)www\."):
        assert not re.search(pattern, unescaped), pattern


def _valid_fhir(bundle: dict[str, object]) -> None:
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    for s in strings(bundle):
        assert FHIR_STRING.fullmatch(s), repr(s)


@given(text=hostile_text)
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_hostile_text_typed_in_is_either_kept_or_refused_in_one_line(run: Run, text: str) -> None:
    """Through the CLI: a single-line field refuses newlines and controls (exit 2, one line);
    whatever is accepted is shown back safely."""
    name = "c" + text[:90]
    for args in (
        ("course", "start", name, "--condition", text[:400], "--goal", text[:400]),
        ("med", "add", "m" + text[:90], "--kind", "other"),
        ("activity", "add", "a" + text[:50]),
        ("log", "--pain", "4", "--note", text[:2000]),
    ):
        result = run(*args, code=None)
        _clean(result, args[0])
        assert result.exit_code in (0, 2, 3), (args, result.stderr)
        if result.exit_code == 2:
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    for args in (("history",), ("course", "list"), ("med", "list"), ("activity", "list")):
        _clean(run(*args), " ".join(args))
