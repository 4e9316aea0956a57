"""Errors a patient can meet, and the exit codes they map to.

Domain and store raise these; only the CLI boundary (`paintrack.cli.common.user_errors`)
turns them into a one-line message on stderr and an exit code. No third-party imports here.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, listed for users in docs/exit-codes.md."""

    OK = 0
    ERROR = 1  # something went wrong that is not the input's fault; or Ctrl-C at a prompt
    USAGE = 2  # a bad value, option or --db file: nothing was written
    NO_DATA = 3  # the command needs data that is not there yet (no active course, nothing to undo)
    INTERRUPTED = 130


class PaintrackError(Exception):
    """An expected failure. The message says what went wrong and how to fix it."""

    exit_code: ExitCode = ExitCode.ERROR


class InvalidValue(PaintrackError):
    """A value outside what is allowed, naming the field three ways (paintrack.fields):

    `str(e)` as the option a user types (`--least must be at most --pain (4) (got 7).`),
    `e.in_words()` as a prompt says it (`Least pain must be at most the average pain (4) …`),
    `e.for_column()` as a file's column (`least must be at most pain (4) (got 7)`).
    `allowed` may name other fields as `{name}`; `refs` maps each to (option, label).
    """

    exit_code = ExitCode.USAGE

    def __init__(
        self,
        field: str,
        allowed: str,
        got: object | None = None,
        *,
        label: str | None = None,
        name: str | None = None,
        refs: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        self.label = label
        self.name = name or field.lstrip("-").replace("-", "_")
        self.refs = refs or {}
        plain = field.startswith("-") or " " in field or field.isupper()  # NAME, ID: arguments
        self.option = field if plain else "--" + field.replace("_", "-")
        super().__init__(f"{self.option} must be {self._allowed(0)}{self._got()}.")

    def _allowed(self, form: int) -> str:
        text = self.allowed
        for key, (option, label) in self.refs.items():
            text = text.replace("{" + key + "}", (option, label, key)[form])
        return text

    def _got(self) -> str:
        got = self.got
        if got is None:
            return ""
        shown = repr(got) if isinstance(got, str) else str(got)
        if len(shown) > self.GOT_SHOWN:  # a 100,000-character cell: its start is enough
            shown = shown[: self.GOT_SHOWN - 1] + "…"
        return f" (got {shown})"

    GOT_SHOWN = 80

    def in_words(self) -> str:
        """The message without option names, for a prompt that asks again."""
        label = self.label or self.name.replace("_", " ")
        return f"{label[:1].upper()}{label[1:]} must be {self._allowed(1)}{self._got()}."

    def for_column(self) -> str:
        """The message naming columns, for a file being imported (no trailing full stop)."""
        return f"{self.name} must be {self._allowed(2)}{self._got()}"


class BadDatabase(PaintrackError):
    """The --db file cannot be used: unreadable, not SQLite, or from a newer paintrack."""

    exit_code = ExitCode.USAGE


class CannotWrite(PaintrackError):
    """A write failed for a reason outside the input: the disk is full, the database or its
    folder is read-only, a disk error. Nothing was written; the message says what to do."""

    exit_code = ExitCode.ERROR


class Damaged(PaintrackError):
    """The diary file is damaged (SQLite found a malformed page): said once, pointing at
    `paintrack doctor`; nothing is written into it."""

    exit_code = ExitCode.ERROR


class NotFound(PaintrackError):
    """A named thing (course, entry, medication) does not exist."""

    exit_code = ExitCode.USAGE


class NothingToExport(PaintrackError):
    """An export of a diary that holds nothing to export (exit 2, product.md: bad input)."""

    exit_code = ExitCode.USAGE


class NoData(PaintrackError):
    """The command needs data that is not there yet."""

    exit_code = ExitCode.NO_DATA


class Kept(PaintrackError):
    """A change paintrack keeps on purpose (a randomised start's draw, domain.md §12.2): the
    request is refused and nothing is written."""

    exit_code = ExitCode.USAGE


class ImportRejected(PaintrackError):
    """At least one bad row: nothing was imported. The message lists them (first 20, a count).

    `bad` holds (where, error): "line 12" or "daily_logs[3]", and the InvalidValue, named by
    its column (`InvalidValue.for_column`)."""

    exit_code = ExitCode.USAGE
    SHOWN = 20

    def __init__(self, source: str, bad: list[tuple[str, InvalidValue]], more: int = 0) -> None:
        """`more`: bad rows found but not kept in `bad` (a huge file keeps the first ones)."""
        self.bad, self.more = bad, more
        rows = len({where for where, _ in bad}) + more
        lines = [f"{rows} bad row{'s' * (rows != 1)} in {source}; nothing was imported:"]
        lines += [f"  {where}: {e.for_column()}" for where, e in bad[: self.SHOWN]]
        if len(bad) + more > self.SHOWN:
            lines.append(f"  … and {len(bad) + more - self.SHOWN} more")
        super().__init__("\n".join(lines))


class BadChangeFile(PaintrackError):
    """A peer's sync change file refused whole; the message says what is wrong in it."""

    exit_code = ExitCode.USAGE
