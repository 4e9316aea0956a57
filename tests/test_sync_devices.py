"""`paintrack sync`: two devices (two real databases) through one folder, with the real CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run, dump

NOW = dt.datetime(2026, 12, 6, 20, 0)


@pytest.fixture(autouse=True)
def unfolded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages as a pipe reads them: one line each, unfolded (no COLUMNS)."""
    monkeypatch.delenv("COLUMNS", raising=False)


class Device:
    def __init__(self, run: Run, path: Path, folder: Path, name: str) -> None:
        self.run, self.path, self.folder, self.name = run, path, folder, name

    def __call__(self, *args: str, code: int | None = 0):  # type: ignore[no-untyped-def]
        return self.run("--db", str(self.path), *args, code=code)

    def sync(self, code: int | None = 0):  # type: ignore[no-untyped-def]
        return self("sync", str(self.folder), "--name", self.name, code=code)

    def ref(self, pain: int) -> str:
        """The id (L3) this device shows for the log of this pain."""
        found = json.loads(self("history", "--json").stdout)
        return str(next(e["id"] for e in found if e.get("pain") == pain))

    def history(self) -> list[dict[str, object]]:
        found = json.loads(self("history", "--json").stdout)
        return [{k: v for k, v in e.items() if k != "id"} for e in found]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "Sync").mkdir()
    return tmp_path / "Sync"


@pytest.fixture
def phone(run: Run, tmp_path: Path, folder: Path) -> Device:
    d = Device(run, tmp_path / "phone" / "p.db", folder, "phone")
    d("course", "start", "back", "--sessions", "6", "--start", "10 days ago")
    d("med", "add", "ibuprofen", "--strength", "200", "--unit", "mg")
    d("activity", "add", "walking")
    return d


@pytest.fixture
def laptop(run: Run, tmp_path: Path, folder: Path) -> Device:
    return Device(run, tmp_path / "laptop" / "l.db", folder, "laptop")


def test_a_log_on_the_phone_reaches_the_laptop_and_an_edit_comes_back(
    phone: Device, laptop: Device
) -> None:
    phone("log", "--pain", "4", "--med", "ibuprofen=2", "--activity", "walking=6", "--note", "x")
    assert "wrote" in phone.sync().stdout
    r = laptop.sync()
    assert "1 log, 1 course, 1 medication and 1 activity from phone" in r.stdout
    assert "joined the diary" in r.stdout
    assert laptop.history() == phone.history()
    assert "ibuprofen 200 mg" in laptop("med", "list").stdout
    laptop("edit", laptop.ref(4), "--pain", "6")
    laptop("log", "--pain", "2", "--date", "yesterday")
    laptop.sync()
    assert "1 log and 1 edit from laptop" in phone.sync().stdout  # the edit: the laptop's L-id
    assert laptop.history() == phone.history()
    assert [e["pain"] for e in phone.history()] == [2, 6]
    review = [json.loads(d("review", "--json").stdout) for d in (phone, laptop)]
    assert review[0] == review[1]


def test_syncing_again_changes_nothing_and_says_so(phone: Device, laptop: Device) -> None:
    phone("log", "--pain", "4")
    phone.sync(), laptop.sync(), phone.sync()
    before = [dump(phone.path, registers=True), dump(laptop.path, registers=True)]
    files = sorted(p.name for p in phone.folder.rglob("*"))
    assert "nothing new on either side" in phone.sync().stdout
    assert "nothing new on either side" in laptop.sync().stdout
    strip = [[x for x in d if "sync_last" not in x] for d in before]
    after = [dump(p, registers=True) for p in (phone.path, laptop.path)]
    assert [[x for x in d if "sync_last" not in x] for d in after] == strip
    assert sorted(p.name for p in phone.folder.rglob("*")) == files


def test_a_delete_and_an_undo_travel(phone: Device, laptop: Device) -> None:
    phone("log", "--pain", "4")
    phone("log", "--pain", "5", "--date", "yesterday")
    phone.sync(), laptop.sync()
    laptop("delete", laptop.ref(5), "--yes")
    laptop.sync()
    assert "1 deletion from laptop" in phone.sync().stdout
    assert [e["pain"] for e in phone.history()] == [4]
    phone("log", "--pain", "6")
    phone.sync(), laptop.sync()
    assert [e["pain"] for e in laptop.history()] == [4, 6]
    phone("undo")  # the phone's undo of its log reaches the laptop as a delete
    phone.sync(), laptop.sync()
    assert [e["pain"] for e in phone.history()] == [e["pain"] for e in laptop.history()] == [4]


def test_a_delete_beats_an_earlier_edit_and_a_later_edit_brings_the_row_back(
    phone: Device, laptop: Device
) -> None:
    phone("log", "--pain", "4")
    phone.sync(), laptop.sync()
    phone("edit", "L1", "--pain", "5")  # earlier than the laptop's delete
    laptop("delete", "L1", "--yes")
    phone.sync(), laptop.sync(), phone.sync()
    assert phone.history() == laptop.history() == []
    laptop("undo")  # puts the log back as the laptop had it: a change later than the delete
    laptop.sync(), phone.sync()
    assert [e["pain"] for e in phone.history()] == [e["pain"] for e in laptop.history()] == [4]


def test_a_new_device_that_joins_late_gets_everything(
    phone: Device, laptop: Device, run: Run, tmp_path: Path, folder: Path
) -> None:
    for pain in range(5):
        phone("log", "--pain", str(pain), "--date", f"{pain + 1} days ago")
    phone("session", "--pain-before", "6", "--pain-after", "3")
    phone.sync(), laptop.sync()
    laptop("log", "--pain", "7")
    laptop.sync()
    tablet = Device(run, tmp_path / "tablet" / "t.db", folder, "tablet")
    said = " ".join(tablet.sync().stdout.split())
    assert "5 logs, 1 session, 1 course, 1 medication and 1 activity from phone" in said
    assert "1 log from laptop" in said
    phone.sync()
    assert tablet.history() == phone.history() == laptop.history()
    assert len(tablet.history()) == 7


def test_two_devices_naming_one_medication_keep_both_and_say_so_once(
    phone: Device, laptop: Device
) -> None:
    phone.sync(), laptop.sync()
    phone("med", "add", "Tramadol", "--strength", "50", "--unit", "mg")
    laptop("med", "add", "tramadol", "--strength", "100", "--unit", "mg")
    phone("log", "--pain", "3", "--med", "tramadol=1")
    laptop("log", "--pain", "5", "--med", "tramadol=1", "--date", "yesterday")
    phone.sync()
    said = laptop.sync().stdout
    assert said.count("Two devices each added the medication") == 1
    phone.sync()
    assert laptop("med", "list").stdout == phone("med", "list").stdout
    assert "(2)" in phone("med", "list").stdout
    assert laptop.history() == phone.history()
    assert "Two devices" not in phone.sync().stdout + laptop.sync().stdout


def test_sync_status_names_the_devices_and_what_came(phone: Device, laptop: Device) -> None:
    assert "has not synced yet" in phone("sync", "--status").stdout
    phone("log", "--pain", "4")
    phone("log", "--pain", "5", "--date", "yesterday")
    phone.sync(), laptop.sync()
    shown = laptop("sync", "--status").stdout
    assert "This device: laptop" in shown and "phone: last wrote" in shown
    assert "2 logs" in shown


def test_the_database_never_goes_into_the_sync_folder(run: Run, folder: Path) -> None:
    inside = Device(run, folder / "p.db", folder, "phone")
    inside("course", "start", "back")
    r = inside.sync(code=2)
    assert r.stderr.count("\n") == 1 and "does not hold the diary's database" in r.stderr
    assert "lies in a folder" not in inside("status").stderr  # nothing says it is shared
    (folder / ".stfolder").mkdir()  # as Syncthing marks the folders it shares
    assert "lies in a folder a sync tool shares" in inside("status").stderr


def test_status_mentions_a_sync_folder_left_for_over_a_week(phone: Device, laptop: Device) -> None:
    phone.sync()
    conn = sqlite3.connect(phone.path)
    conn.execute("UPDATE meta SET value = '2020-01-01T10:00:00' WHERE key = 'sync_last'")
    conn.commit()
    conn.close()
    assert "Not synced with" in phone("status").stderr
    phone.sync()
    assert "Not synced" not in phone("status").stderr


def test_change_files_are_private_and_numbered(phone: Device, folder: Path) -> None:
    phone("log", "--pain", "4")
    phone.sync()
    phone("log", "--pain", "5", "--date", "yesterday")
    phone.sync()
    files = sorted(folder.rglob("*.jsonl"))
    assert [f.name for f in files] == ["000001.jsonl", "000002.jsonl"]
    assert all(os.stat(f).st_mode & 0o777 == 0o600 for f in files)
    assert os.stat(files[0].parent).st_mode & 0o777 == 0o700


def test_compact_folds_this_devices_files_and_forgets_deleted_text(
    phone: Device, laptop: Device, run: Run, tmp_path: Path, folder: Path
) -> None:
    from paintrack import store
    from paintrack.usecases import sync as syncing

    phone("log", "--pain", "4", "--note", "kept")
    phone.sync()
    phone("log", "--pain", "5", "--date", "yesterday", "--note", "secret")
    phone.sync(), laptop.sync()
    phone("delete", phone.ref(5), "--yes")
    phone.sync()
    mine = next(p.parent for p in folder.rglob("000003.jsonl"))
    assert len(list(mine.glob("*.jsonl"))) == 3
    conn = store.open_db(phone.path)
    try:
        assert syncing.compact_changes(conn, NOW) == 3
    finally:
        conn.close()
    [folded] = list(mine.glob("*.jsonl"))
    assert folded.name == "000004.jsonl" and b"secret" not in folded.read_bytes()
    registers = [x for x in dump(phone.path, registers=True) if '"sync_fields"' in x]
    assert registers and not [x for x in registers if "secret" in x]  # (the journal: compact's)
    assert "brought 1 deletion from phone" in laptop.sync().stdout  # from the folded file
    assert "nothing new" in laptop.sync().stdout
    tablet = Device(run, tmp_path / "tablet" / "t.db", folder, "tablet")
    tablet.sync()
    assert tablet.history() == laptop.history() == phone.history()
    assert [e["note"] for e in tablet.history()] == ["kept"]


def test_paintrack_compact_folds_the_change_files_too(phone: Device, folder: Path) -> None:
    phone("log", "--pain", "4", "--note", "secret")
    phone.sync()
    phone("delete", "L1", "--yes")
    phone.sync()
    said = " ".join(phone("compact", "--yes").stdout.split())
    assert "Folded this device's 2 change files in the sync folder into one" in said
    files = list(folder.rglob("*.jsonl"))
    assert len(files) == 1 and b"secret" not in files[0].read_bytes()


def test_two_running_courses_and_a_sixth_activity_are_kept_and_said_once(
    phone: Device, laptop: Device
) -> None:
    for name in ("reading", "garden", "cycling"):
        phone("activity", "add", name)  # walking and these: 4 chosen
    phone("course", "end", "--date", "5 days ago", "--outcome", "done")
    phone.sync(), laptop.sync()
    phone("activity", "add", "cooking")
    laptop("activity", "add", "typing")  # 5 on each device, 6 together
    phone("course", "start", "neck", "--start", "3 days ago")
    laptop("course", "start", "knee", "--start", "2 days ago")
    phone.sync()
    said = laptop.sync().stdout
    assert "6 activities are chosen" in said and "more than 5" in said
    assert "2 courses are running at once (knee, neck)" in said and "'knee'" in said
    phone_said = phone.sync().stdout
    assert "6 activities are chosen" in phone_said  # each device says it once, at its sync
    assert "running at once" not in phone.sync().stdout + laptop.sync().stdout
    status = [json.loads(d("status", "--json").stdout)["course"]["name"] for d in (phone, laptop)]
    assert status == ["knee", "knee"]
    listed = [sorted(d("activity", "list").stdout.splitlines()) for d in (phone, laptop)]
    assert listed[0] == listed[1] and len(listed[0]) >= 6  # (in each device's own order)
