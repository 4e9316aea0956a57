"""What the words after `session` and `peg` need of the use-cases' results, as protocols:
`usecases.entries.SessionLogged` and `PegLogged` fit them, and render imports no use-case."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from paintrack.models import Course, Peg, Session


class SessionLogged(Protocol):
    @property
    def session(self) -> Session: ...
    @property
    def course(self) -> Course: ...
    @property
    def sessions_done(self) -> int: ...
    @property
    def in_year(self) -> int: ...  # sessions of any course in the 365 days up to this one
    @property
    def yearly_cap(self) -> int | None: ...
    @property
    def same_day(self) -> tuple[str, ...]: ...


class PegLogged(Protocol):
    @property
    def peg(self) -> Peg: ...
    @property
    def also_on(self) -> dt.date | None: ...
