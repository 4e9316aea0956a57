"""Every database of an earlier release migrates with every row intact, and its exports still
import (issue 9, point 7). The fixtures were written by the first release (tests/fixtures)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from paintrack import store
from paintrack.export.tabular import FORMAT_VERSION
from tests.conftest import Run

FIXTURES = Path(__file__).parent / "fixtures"
RENAMED_TABLES = {"reviews": "decisions"}  # docs/schema.md, CHANGELOG.md
RENAMED_COLUMNS = {"day": "date", "decision": "choice"}


def schema1_db(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema1.sql").read_text())
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path


def _after_note(row: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """`row` with `key` placed right after `note`, as the export orders its columns."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        out[k] = v
        if k == "note":
            out[key] = value
    return out


def renamed(old: dict[str, Any]) -> dict[str, Any]:
    """A format-1 export as this format writes it: the documented renames (format 2), and the
    keys format 3 added: `stopped` on medications and activities, and `ingredients`, each
    medication with a strength being its one ingredient (the fixture's medication names are
    their substances) (issue 11); a course's goals text as a one-item list (issue 12); format 4's
    `for_clinician` on sessions and daily logs, unmarked (issue 22); no `start_draws` (a course
    of before drew none, issue 27). Nothing else."""
    out: dict[str, Any] = {"paintrack_export": FORMAT_VERSION}
    for table, rows in old.items():
        if table == "paintrack_export":
            continue
        out[RENAMED_TABLES.get(table, table)] = [
            {RENAMED_COLUMNS.get(k, k): v for k, v in row.items()} for row in rows
        ]
    for table in ("medications", "activities"):
        out[table] = [{**row, "stopped": None} for row in out[table]]
    for table in ("sessions", "daily_logs"):
        out[table] = [_after_note(row, "for_clinician", False) for row in out[table]]
    out["ingredients"] = [
        {
            "medication": m["name"],
            "substance": m["name"],
            **{k: m[k] for k in ("strength", "unit", "mme_factor")},
            "position": 1,
        }
        for m in out["medications"]
        if m["strength"] is not None
    ]
    for course in out.get("courses", []):
        course["goals"] = [course["goals"]] if course["goals"] else []
    out["start_draws"] = []
    return out


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    out = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    conn.close()
    return {RENAMED_TABLES.get(k, k): v for k, v in out.items() if not k.startswith("_")}


def test_a_schema_1_database_migrates_with_every_row_and_a_backup(run: Run, db_path: Path) -> None:
    schema1_db(db_path)
    before = _counts(db_path)
    run("status")
    after = _counts(db_path)
    assert after.pop("meta") == 2  # its FHIR id namespace (m003) and its diary id (m010)
    # m010 (sync): one register per field of every row, this device's clock, nothing else yet
    registers = after.pop("sync_fields")
    assert registers > sum(v for k, v in before.items() if k not in ("changes", "change_steps"))
    assert after.pop("sync_clock") == 1
    assert after.pop("sync_files") == after.pop("sync_peers") == 0
    assert after.pop("start_draws") == 0  # m009: no course of before drew a randomised start
    # every row kept; each medication with a strength is now also its one ingredient, whose
    # insertion joins the `med add` it came from in the undo journal (issue 11, m004)
    with_strength = 3
    assert after.pop("ingredients") == with_strength
    assert after.pop("change_steps") == before.pop("change_steps") + with_strength
    assert after.pop("imported_entries") == 0  # m008: other apps' records, none yet
    assert after == before
    backups = list(db_path.parent.glob("paintrack.db.bak-schema1-*"))
    assert len(backups) == 1 and _counts(backups[0])["medications"] == before["medications"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    cols = [r[1] for r in conn.execute("PRAGMA table_info(decisions)")]
    assert "choice" in cols and "date" in cols and "decision" not in cols
    migrations = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert migrations[:3] == ["m001_initial", "m002_one_name_per_concept", "m003_database_id"]
    assert "m004_medication_ingredients" in migrations
    meds = [r[1] for r in conn.execute("PRAGMA table_info(medications)")]
    assert "stopped" in meds and "strength" not in meds


def test_its_export_equals_the_old_export_apart_from_the_documented_renames(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    schema1_db(db_path)
    new = json.loads(run("export", "-o", "-", "--format", "json").stdout)
    old = json.loads((FIXTURES / "schema1-export.json").read_text())
    assert new == renamed(old)


@pytest.mark.parametrize("name", ["schema1-export.json", "schema1-export.csv"])
def test_an_old_export_imports_into_a_new_database_and_exports_the_same(
    run: Run, name: str
) -> None:
    out = run("import", str(FIXTURES / name)).stdout
    assert "Imported" in out
    new = json.loads(run("export", "-o", "-", "--format", "json").stdout)
    old = json.loads((FIXTURES / "schema1-export.json").read_text())
    assert new == renamed(old)
    assert "Nothing new" in run("import", str(FIXTURES / name)).stdout


def test_undo_after_the_upgrade_reverts_changes_made_before_it(run: Run, db_path: Path) -> None:
    schema1_db(db_path)
    assert json.loads(run("course", "show", "--json").stdout)["sessions"][-1]["minutes"] == 50
    assert "edit S9" in run("undo").stdout  # journaled before the upgrade
    sessions = json.loads(run("course", "show", "--json").stdout)["sessions"]
    assert sessions[-1]["minutes"] != 50
    run("undo")  # the `continue` decision, journaled as a row of `reviews`
    run("undo")  # the PGIC
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT course_id, date, impression, choice FROM decisions").fetchall()
    assert rows == [(1, "2026-12-02", 3, None), (1, "2026-12-02", None, "stop")]


def test_the_upgrade_journals_each_new_ingredient_with_the_med_add_it_came_from(
    run: Run, db_path: Path
) -> None:
    schema1_db(db_path)
    run("status")
    conn = sqlite3.connect(db_path)
    pairs = conn.execute(
        "SELECT i.medication_id, s.change_id FROM ingredients i JOIN change_steps s "
        "ON s.table_name = 'ingredients' AND s.row_id = i.id AND s.op = 'insert'"
    ).fetchall()
    added = dict(
        conn.execute(
            "SELECT row_id, change_id FROM change_steps "
            "WHERE table_name = 'medications' AND op = 'insert'"
        ).fetchall()
    )
    assert pairs and all(added[med] == change for med, change in pairs)
    befores = conn.execute(
        "SELECT before FROM change_steps WHERE table_name = 'medications' AND before IS NOT NULL"
    ).fetchall()
    assert all("strength" not in json.loads(b) for (b,) in befores)
    meds = json.loads(run("med", "list", "--json").stdout)
    assert {m["name"]: m["ingredients"][0]["substance"] for m in meds} == {
        "acetaminophen": "acetaminophen",
        "ibuprofen": "ibuprofen",
        "tramadol": "tramadol",
    }
