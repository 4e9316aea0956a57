"""What `status` says about sync, cheaply (a hot path: no merge machinery is loaded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from paintrack.store import Db
from paintrack.store import sync as state
from paintrack.store import sync_folder as folder_io

STALE_DAYS = 7  # `status` mentions a sync folder not synced for more than a week


def notices(conn: Db, now: dt.datetime) -> list[str]:
    """For `status`: the database lies in a folder a sync tool shares (it may be broken by
    it), or the sync folder has not been synced for over a week."""
    folder, last = state.folder_and_last(conn)
    found = []
    shared = folder_io.synced_folder_of(conn.path)
    if shared is not None or (folder is not None and folder_io.inside(conn.path, Path(folder))):
        found.append(
            f"Warning: the diary's database {conn.path} lies in a folder a sync tool shares "
            f"({shared or folder}); a sync tool copying a live database can break it. Move it "
            "out and use paintrack sync (docs/devices.md)."
        )
    if folder is not None and last is not None:
        days = (now.date() - dt.datetime.fromisoformat(last).date()).days
        if days > STALE_DAYS:
            found.append(f"Not synced with {folder} for {days} days: paintrack sync")
    return found
