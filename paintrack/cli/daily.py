"""What the daily commands (log, session, peg, status) say after their own output, once:
the re-evaluate line, the nudge and the PEG reminder (each at most once a day), and a word
about a date more than a year before the course. Loaded only by those commands."""

from __future__ import annotations

import os
import stat
from datetime import date

from paintrack import store
from paintrack.cli.common import interactive, note_after
from paintrack.domain.dates import long
from paintrack.render.text import fold, width


def said_after(conn: store.Db, today: date, reevaluate: bool) -> list[str | None]:
    """What the daily commands say after their own output (product.md: speaks once)."""
    from paintrack.usecases.courses import missing_yesterday, peg_due, reevaluate_notice

    lines = [reevaluate_notice(conn, today) if reevaluate else None]
    if nudging():
        yesterday = missing_yesterday(conn, today)
        if yesterday is not None and first_time_today(conn, "nudged", today):
            lines.append(
                f"Nothing logged yesterday ({long(yesterday)[:-5]}): "
                "paintrack log N --date yesterday"
            )
        due = peg_due(conn, today)
        if due is not None and first_time_today(conn, "peg-reminded", today):
            lines.append(due)
    return lines


def nudging() -> bool:
    """Not when silenced (PAINTRACK_NO_NUDGE=1)."""
    return os.environ.get("PAINTRACK_NO_NUDGE", "") in ("", "0")


def first_time_today(conn: store.Db, what: str, today: date) -> bool:
    """True once a day per database and `what` (the day is kept beside it in `<db>-<what>`,
    0600); False when it cannot be remembered: better silence than a line on every command.
    The file is never followed through a symbolic link, nor anything but a plain file written:
    a link planted there cannot make paintrack overwrite its target."""
    mark = conn.path.with_name(f"{conn.path.name}-{what}")
    flags = os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(mark, os.O_RDWR | os.O_CREAT | flags, 0o600)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        if os.read(fd, 64).decode(errors="replace").strip() == today.isoformat():
            return False
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, (today.isoformat() + "\n").encode())
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def far_back(conn: store.Db, day: date | None) -> None:
    """A date more than a year before the active course began: asked about on a terminal
    (no answer: nothing saved), said on stderr after the command in a script."""
    from paintrack.usecases.courses import far_before

    course = None if day is None else far_before(conn, day)
    if course is None:
        return
    text = f"{day} is more than a year before your course '{course.name}' began ({course.start})"
    if interactive():
        import typer

        typer.confirm(fold(f"{text}. Save it on {day}?", width()), abort=True)
    else:
        note_after(f"Note: {text}. If the year is a typo, `paintrack undo` takes it back.")
