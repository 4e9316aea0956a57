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
    """A value outside what is allowed. Names the field (as the option a user types)."""

    exit_code = ExitCode.USAGE

    def __init__(self, field: str, allowed: str, got: object | None = None) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        plain = field.startswith("-") or " " in field or field.isupper()  # NAME, ID: arguments
        option = field if plain else "--" + field.replace("_", "-")
        got_text = (
            "" if got is None else f" (got {got!r})" if isinstance(got, str) else f" (got {got})"
        )
        super().__init__(f"{option} must be {allowed}{got_text}.")


class BadDatabase(PaintrackError):
    """The --db file cannot be used: unreadable, not SQLite, or from a newer paintrack."""

    exit_code = ExitCode.USAGE


class NotFound(PaintrackError):
    """A named thing (course, entry, medication) does not exist."""

    exit_code = ExitCode.USAGE


class NoData(PaintrackError):
    """The command needs data that is not there yet."""

    exit_code = ExitCode.NO_DATA
