"""`paintrack sync DIR`: write this device's changes to the sync folder, merge every other
device's, in one transaction (docs/devices.md; the rules in `paintrack.domain.sync`).

The patient's own file-sync tool (Syncthing, Nextcloud, Dropbox, a git repository) carries the
folder between devices; paintrack never puts its database there. Order of a sync: lock (the
database's write lock, so two syncs of one diary run one after the other), write this device's
new registers as one new change file, read every other device's new files (each checked whole;
a bad one is refused and named), merge them register by register, write the rows they touched,
commit. A kill at any point leaves the database as it was or as it is after the sync, and the
folder with whole files only (a file written but not yet recorded is written again next time,
and applying it twice changes nothing).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from paintrack.domain import sync as rules
from paintrack.domain import sync_file
from paintrack.errors import BadChangeFile, InvalidValue, NoData
from paintrack.store import Db, sync_rows
from paintrack.store import sync as state
from paintrack.store import sync_folder as folder_io


@dataclass
class Report:
    folder: Path
    wrote: int = 0  # own records written to the folder
    brought: dict[str, str] = field(default_factory=dict)  # device name → "3 logs and 1 edit"
    refused: list[str] = field(default_factory=list)  # one line per refused file
    skipped: list[Path] = field(default_factory=list)  # what sync tools left behind
    conflicts: list[str] = field(default_factory=list)
    joined: bool = False  # this diary took the id of the one in the folder


def sync(
    conn: Db, folder: Path | None, now: dt.datetime, name: str | None, host: Callable[[], str]
) -> Report:
    """Sync the diary with `folder` (or the one remembered). This device is called `name`
    from now on if given, else as before, else by its `host` name."""
    where = _folder(conn, folder)
    with state.merging(conn):
        st = state.state(conn)
        report = Report(where)
        diary = _diary(conn, where, st, report)
        folder_io.remove_temps(where, diary, st.device)
        called = name or st.name or host()
        report.wrote = _write_own(conn, where, diary, st, called, now)
        _merge_peers(conn, where, diary, st.device, now, report)
        state.set_meta(conn, "sync_folder", str(where))
        state.set_meta(conn, "sync_last", now.isoformat(timespec="seconds"))
        if called != st.name:
            state.set_meta(conn, "sync_name", called)
    return report


def _folder(conn: Db, given: Path | None) -> Path:
    if given is None:
        remembered = state.state(conn).folder
        if remembered is None:
            raise NoData(
                "No sync folder yet: give the folder your sync tool shares between your "
                "devices, e.g. paintrack sync ~/Sync (docs/devices.md)."
            )
        given = Path(remembered)
    where = given.expanduser().absolute()
    if not where.is_dir():
        raise InvalidValue(
            "DIR", "a folder that exists (the one your sync tool shares)", str(given)
        )
    if folder_io.inside(conn.path, where):
        raise InvalidValue(
            "DIR",
            "a folder that does not hold the diary's database: a sync tool copying a live "
            "database breaks it. Move the database out (paintrack --db) or pick another folder",
            str(given),
        )
    return where


def _diary(conn: Db, where: Path, st: state.State, report: Report) -> str:
    """This diary's id in the folder. A diary that never synced joins the one diary already
    there (a new laptop joining the phone's diary); its own entries are merged in."""
    found = folder_io.diaries(where)
    if st.diary in found or not found:
        return st.diary
    if st.last_sync is None and len(found) == 1:
        state.set_meta(conn, "diary_id", found[0])
        report.joined = True
        return found[0]
    raise InvalidValue(
        "DIR",
        "the folder of this diary: it holds another diary's changes "
        f"({', '.join(found)}), not this one's ({st.diary})",
        str(where),
    )


def _write_own(
    conn: Db, where: Path, diary: str, st: state.State, name: str, now: dt.datetime
) -> int:
    records = state.own_records(conn, st.device, st.written)
    if not records:
        return 0
    seq = folder_io.next_seq(where, diary, st.device)
    header = sync_file.Header(diary, st.device, name, seq, now.isoformat(timespec="seconds"))
    path = folder_io.write(where, diary, st.device, seq, sync_file.dump(header, records))
    state.mark_applied(conn, st.device, path.name, len(records), header.written)
    state.set_meta(conn, "sync_written", records[-1][4])
    return len(records)


def _merge_peers(
    conn: Db, where: Path, diary: str, me: str, now: dt.datetime, report: Report
) -> None:
    found = folder_io.listing(where, diary)
    report.skipped = [p for p in found.others if not p.name.startswith(folder_io.TEMP_PREFIX)]
    done = state.applied(conn)
    now_ms = int(now.timestamp() * 1000)
    loaded: list[tuple[sync_file.Header, list[sync_file.Record]]] = []
    for device, names in sorted(found.files.items()):
        for file_name in sorted(names):
            if (device, file_name) in done:
                continue
            path = folder_io.root(where) / diary / device / file_name
            seq = int(file_name[:6])
            try:
                loaded.append(sync_file.load(folder_io.read(path), diary, device, seq, now_ms))
            except (BadChangeFile, UnicodeDecodeError) as e:
                report.refused.append(f"Refused {path}: {e}; nothing of it was applied.")
    if not loaded:
        return
    state.clear_brought(conn)
    counts, touched, renamed = _merge(conn, loaded)
    report.conflicts += renamed
    at = now.isoformat(timespec="seconds")
    for header, records in loaded:
        state.mark_applied(conn, header.device, f"{header.seq:06d}.jsonl", len(records), at)
        if header.device != me:
            said = rules.brought(counts.get(header.device, Counter())) or "nothing new"
            state.note_peer(conn, header.device, header.name, header.written, said)
            report.brought[header.name] = said
    if touched & {"courses", "activities"}:  # said once: by the sync that brought it
        report.conflicts += rules.conflicts(*state.running(conn))


def _merge(
    conn: Db, loaded: list[tuple[sync_file.Header, list[sync_file.Record]]]
) -> tuple[dict[str, Counter[str]], set[str], list[str]]:
    """Merge the registers (last writer wins by clock, then device), write the rows they
    touched, and move this device's clock past every clock seen (the HLC receive rule)."""
    keys = {(r[0], r[1]) for _, records in loaded for r in records}
    held = state.clocks(conn, keys)
    winners: dict[tuple[str, str, str], state.Register] = {}
    for header, records in loaded:
        for table, uuid, field_name, value, hlc in records:
            key = (table, uuid, field_name)
            clock = (hlc, header.device)
            if rules.later(clock, held.get(key)):
                held[key] = clock
                winners[key] = (table, uuid, field_name, value, hlc, header.device)
    state.put_registers(conn, list(winners.values()))
    dirty: dict[tuple[str, str], str] = {}
    for table, uuid, _, _, _, device in winners.values():
        dirty[(table, uuid)] = device
    outcome = sync_rows.apply(conn, dirty)
    renamed = [x for t in sync_rows.NAMED if t in {t for t, _ in dirty} for x in _names(conn, t)]
    newest = max((r[4] for _, records in loaded for r in records), default="")
    ms, n = state.clock(conn)
    if newest and rules.hlc_of(ms, n) < newest:
        state.set_clock(conn, rules.hlc_ms(newest), int(newest[12:], 16))
    return outcome.counts, {t for t, _ in dirty}, renamed


def compact_changes(conn: Db, now: dt.datetime) -> int | None:
    """For `paintrack compact`: forget the text of deleted rows (their tombstones stay, so they
    stay deleted everywhere) and fold this device's change files into one new file that holds
    its registers as they are now, then remove the old ones. Returns how many files were
    folded; None when this diary never synced. Other devices keep their copies until they
    compact too (docs/devices.md)."""
    st = state.state(conn)
    if st.folder is None or not Path(st.folder).is_dir():
        with state.merging(conn):
            state.fold_own(conn)
        return None
    where = Path(st.folder)
    with state.merging(conn):
        old = folder_io.listing(where, st.diary).files.get(st.device, [])
        state.fold_own(conn)
        records = state.folded_records(conn, st.device)
        seq = folder_io.next_seq(where, st.diary, st.device)
        header = sync_file.Header(
            st.diary, st.device, st.name or "this device", seq, now.isoformat(timespec="seconds")
        )
        path = folder_io.write(where, st.diary, st.device, seq, sync_file.dump(header, records))
        state.mark_applied(conn, st.device, path.name, len(records), header.written)
        if records:
            state.set_meta(conn, "sync_written", max(r[4] for r in records))
    folder_io.remove([folder_io.root(where) / st.diary / st.device / n for n in old])
    with state.merging(conn):
        state.forget_applied(conn, st.device, old)
    return len(old)


def _names(conn: Db, table: str) -> list[str]:
    """Give each row of `table` its shown name (two devices may have given one name to two
    rows: the later is shown as 'NAME (2)'); returns what is newly shown so, in words."""
    found = sync_rows.named(conn, table)
    shown = rules.unique_names(rules.Named(u, v, (h, d)) for _, u, _, v, h, d in found)
    moved = {i: shown[u] for i, u, n, _, _, _ in found if shown[u] != n}
    sync_rows.rename(conn, table, moved)
    how = _RENAME.get(table, "")
    return [
        f"Two devices each added the {_WHAT[table]} '{v}': one is shown as '{shown[u]}'.{how}"
        for i, u, n, v, _, _ in found
        if i in moved and shown[u] != v
    ]


_WHAT = {"courses": "course", "medications": "medication", "activities": "activity"}
_RENAME = {
    "medications": " Rename it (paintrack med rename), or stop it if it is the same one.",
    "activities": " Rename it (paintrack activity rename), or stop it if it is the same one.",
}


def summary(report: Report) -> list[str]:
    """What a sync did, a line each: written, brought, left alone, conflicts."""
    lines = []
    if report.joined:
        lines.append(
            f"This diary joined the diary already in {report.folder}: its entries are added."
        )
    wrote = f"wrote {report.wrote} change{'s' * (report.wrote != 1)}" if report.wrote else ""
    brought = [f"{what} from {who}" for who, what in report.brought.items()]
    parts = [p for p in (wrote, "brought " + "; ".join(brought) if brought else "") if p]
    lines.append(
        f"Synced with {report.folder}: " + ("; ".join(parts) or "nothing new on either side") + "."
    )
    if report.skipped:
        shown = ", ".join(f"{p.name} ({rules.leftover(p.name)})" for p in report.skipped[:3])
        more = f" and {len(report.skipped) - 3} more" if len(report.skipped) > 3 else ""
        lines.append(
            f"Left alone {len(report.skipped)} file{'s' * (len(report.skipped) != 1)} that are not "
            f"paintrack's change files: {shown}{more}. Your entries are in the change files; "
            "these can be deleted."
        )
    lines += report.conflicts
    return lines


def describe(conn: Db, now: dt.datetime) -> list[str]:
    """`sync --status`: this device, the folder, each device seen and what it last brought."""
    st = state.state(conn)
    me = st.name or "this device"
    if st.folder is None:
        return [f"This device ({me}) has not synced yet: paintrack sync DIR (docs/devices.md)."]
    lines = [f"This device: {me}. Sync folder: {st.folder}, last synced {_ago(st.last_sync, now)}."]
    seen = [p for p in state.peers(conn) if p[0] != st.device]
    if not seen:
        lines.append("No other device has written to the folder yet.")
    for _, name, last_write, brought in seen:
        line = f"{name}: last wrote {_ago(last_write, now)}"
        lines.append(
            f"{line}; the last sync that brought anything brought {brought or 'nothing new'}."
        )
    return lines


def _ago(stamp: str | None, now: dt.datetime) -> str:
    if stamp is None:
        return "never"
    when = dt.datetime.fromisoformat(stamp)
    days = (now.date() - when.date()).days
    said = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"{when:%Y-%m-%d %H:%M} ({said})"
