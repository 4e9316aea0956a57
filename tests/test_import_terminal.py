"""On a real terminal, the patient says which listed medication an imported treatment is; only
what they confirm is linked, and it never becomes a dose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_interactive import _answer, _cli, _read_until, _spawn

APPS = Path(__file__).parent / "fixtures" / "apps"


def test_only_the_treatments_the_patient_confirms_are_linked(tmp_path: Path) -> None:
    _cli(
        tmp_path, "med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg"
    )
    proc, fd = _spawn(tmp_path, "import", str(APPS / "flaredown.csv"))
    seen = _answer(fd, [("'Ibuprofen'", "1"), ("'Yoga'", "")])
    seen += _read_until(fd, "Changed your mind?")
    assert proc.wait(timeout=20) == 0, seen
    assert "1 ibuprofen" in seen
    conn = sqlite3.connect(tmp_path / "p.db")
    linked = conn.execute(
        "SELECT i.name, m.name FROM imported_entries i LEFT JOIN medications m "
        "ON m.id = i.medication_id WHERE i.kind = 'treatment' ORDER BY i.id"
    ).fetchall()
    assert linked == [
        ("Ibuprofen", "ibuprofen"),
        ("Yoga", None),
        ("Ibuprofen", "ibuprofen"),
        ("Ibuprofen", "ibuprofen"),
        ("Yoga", None),
    ]
    assert conn.execute("SELECT count(*) FROM doses").fetchone()[0] == 0
    conn.close()
