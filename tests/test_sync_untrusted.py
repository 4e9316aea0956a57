"""A peer's change file is untrusted input, and sync tools leave things behind (issue 23, points
2 and 5): every bad file is refused whole in one line naming it, every leftover is left alone
and named in one line, and nothing of either reaches this device's rows."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paintrack.domain import sync_file
from tests.conftest import Run, dump
from tests.test_sync_devices import Device, unfolded  # noqa: F401  (autouse)


@pytest.fixture
def pair(run: Run, tmp_path: Path) -> tuple[Device, Device, Path]:
    """A phone that logged and synced, and a laptop that joined; the phone's change file."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    phone = Device(run, tmp_path / "phone" / "p.db", folder, "phone")
    laptop = Device(run, tmp_path / "laptop" / "l.db", folder, "laptop")
    phone("course", "start", "back", "--start", "5 days ago")
    phone.sync()
    laptop.sync()
    phone("log", "--pain", "4", "--note", "first")
    phone.sync()
    [second] = [p for p in folder.rglob("000002.jsonl")]
    return phone, laptop, second


def rewrite(path: Path, change: Callable[[list[list[Any]]], None]) -> None:
    """Change the records of a change file and write it back whole (a valid checksum): what a
    peer whose own database was edited by hand would write."""
    lines = path.read_bytes().decode().splitlines()
    head = json.loads(lines[0])
    records = [json.loads(x) for x in lines[1:-1]]
    change(records)
    header = sync_file.Header(head["diary"], head["device"], head["name"], head["seq"], "x")
    path.write_bytes(sync_file.dump(header, [tuple(r) for r in records]))  # type: ignore[misc]


def _set(field: str, value: object) -> Callable[[list[list[Any]]], None]:
    def change(records: list[list[Any]]) -> None:
        for r in records:
            if r[2] == field:
                r[3] = value

    return change


def _kept(path: Path) -> list[str]:
    return [x for x in dump(path, registers=True) if "sync_last" not in x]


def refused(laptop: Device, path: Path, why: str) -> None:
    before = _kept(laptop.path)
    r = laptop.sync()
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Refused {path}: ") and why in lines[0], (
        r.stderr
    )
    assert _kept(laptop.path) == before  # nothing of it: no row, no register, no clock
    assert laptop.history() == []


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (_set("pain", 99), "pain must be a whole number from 0 to 10 (got 99)"),
        (_set("pain", None), "pain must be given"),
        (_set("note", "x" * 5000), "note must be at most 2000 characters"),
        (_set("note", "hi\x1b]0;owned\x07"), "without control characters"),
        (_set("date", "2026-02-30"), "date"),
        (_set("worst", 2), "worst must be at least"),
        (_set("time", "25:00"), "time"),
    ],
    ids=["pain-99", "pain-missing", "huge-note", "escape", "bad-date", "rule", "bad-time"],
)
def test_a_hostile_peer_record_refuses_its_whole_file(
    pair: tuple[Device, Device, Path], change: Callable[[list[list[Any]]], None], why: str
) -> None:
    _, laptop, path = pair
    rewrite(path, change)
    refused(laptop, path, why)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda rs: rs.append(["users", "a" * 32, "x", 1, rs[0][4]]), "no table paintrack syncs"),
        (lambda rs: rs.append([rs[0][0], "../../etc", "pain", 3, rs[0][4]]), "32 hex digits"),
        (lambda rs: rs.append([rs[0][0], rs[0][1], "secret", 3, rs[0][4]]), "no field"),
        (lambda rs: rs.append([rs[0][0], rs[0][1], "pain", 3, "ffffffffffff0000"]), "a day ahead"),
        (lambda rs: rs.append([rs[0][0], rs[0][1], "~deleted", 7, rs[0][4]]), "must hold 1"),
    ],
    ids=["table", "row-id", "field", "clock-ahead", "tombstone"],
)
def test_a_record_naming_what_paintrack_does_not_sync_refuses_its_file(
    pair: tuple[Device, Device, Path], change: Callable[[list[list[Any]]], None], why: str
) -> None:
    _, laptop, path = pair
    rewrite(path, change)
    refused(laptop, path, why)


def test_a_file_of_another_diary_or_device_or_number_is_refused(
    pair: tuple[Device, Device, Path],
) -> None:
    _, laptop, path = pair
    text = path.read_text()
    head = json.loads(text.splitlines()[0])
    for key, value, why in (
        ("diary", "0" * 32, "another diary"),
        ("device", "0" * 16, "another device"),
        ("seq", 7, "number"),
        ("format", 9, "upgrade paintrack"),
    ):
        changed = dict(head, **{key: value})
        lines = [json.dumps(changed), *text.splitlines()[1:-1]]
        body = "\n".join(lines) + "\n"
        end = {"end": len(lines) - 1, "sha256": hashlib.sha256(body.encode()).hexdigest()}
        path.write_text(body + json.dumps(end) + "\n")
        refused(laptop, path, why)


def test_cut_short_half_written_or_merged_files_are_refused_until_whole(
    pair: tuple[Device, Device, Path],
) -> None:
    _, laptop, path = pair
    whole = path.read_bytes()
    for broken, why in (
        (whole[: len(whole) // 2], "cut short"),
        (whole[:-3], "cut short"),
        (whole.replace(b'"first"', b'"fiRst"'), "checksum"),
        (b"<<<<<<< HEAD\n" + whole + b"=======\n>>>>>>> theirs\n", "conflict markers"),
        (b"\xff\xfe" + whole, "checksum"),
    ):
        path.write_bytes(broken)
        refused(laptop, path, why)
    path.write_bytes(whole)  # the sync tool finished copying it
    assert "1 log from phone" in laptop.sync().stdout


def test_a_file_too_large_is_refused_without_reading_it_all(
    pair: tuple[Device, Device, Path],
) -> None:
    _, laptop, path = pair
    with open(path, "r+b") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: no disk used
    refused(laptop, path, "larger than 64 MiB")


def test_what_sync_tools_leave_behind_is_left_alone_in_one_line(
    pair: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # one line, unfolded as a pipe reads it
    _, laptop, path = pair
    stray = {
        "000002.sync-conflict-20261206-101010-ABCDEFG.jsonl": "Syncthing conflict copy",
        ".syncthing.000003.jsonl.tmp": "Syncthing temporary file",
        "~$000002.jsonl": "temporary file",
        "000002 (laptop's conflicted copy 2026-12-06).jsonl": "Dropbox conflicted copy",
    }
    for name in stray:
        shutil.copy(path, path.parent / name)
    (path.parent / "000002 (laptop's conflicted copy 2026-12-06).jsonl").write_text("garbage")
    r = laptop.sync()
    assert r.stderr == ""
    said = [x for x in r.stdout.splitlines() if x.startswith("Left alone")]
    assert len(said) == 1 and "4 files" in said[0], r.stdout
    assert "Syncthing conflict copy" in said[0] and "Syncthing temporary file" in said[0]
    assert [e["note"] for e in laptop.history()] == ["first"]
    assert all((path.parent / n).exists() for n in stray)  # never deleted: not paintrack's


def test_files_arriving_out_of_order_or_twice_give_the_same_diary(
    pair: tuple[Device, Device, Path],
) -> None:
    phone, laptop, second = pair
    phone("edit", "L1", "--pain", "6")
    phone("log", "--pain", "2", "--date", "yesterday")
    phone.sync()
    third = second.with_name("000003.jsonl")
    held = third.read_bytes()
    third.unlink()  # the sync tool brings 3 before 2 (the first log)
    second_bytes = second.read_bytes()
    second.unlink()
    third.write_bytes(held)
    laptop.sync()  # the edit and the second log, before the first log exists here
    second.write_bytes(second_bytes)
    laptop.sync()
    assert laptop.history() == phone.history()
    assert sorted(e["pain"] for e in laptop.history()) == [2, 6]  # type: ignore[type-var]
    before = _kept(laptop.path)
    laptop.sync()
    assert _kept(laptop.path) == before
