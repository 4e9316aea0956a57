"""Shared by the export/import tests: no network, and a fixed-date demo database."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import pytest

from paintrack import store
from paintrack.demo import build
from paintrack.usecases import transfer

DEMO_NOW = datetime(2026, 3, 2, 20, 0)  # the demo is seeded relative to "now": fix it
DEMO_UNTIL = "2026-03-02"


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Privacy (issue 6): any attempt to open a socket fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed("paintrack tried to open a network socket")

    class GuardedSocket(socket.socket):  # a class, so modules that subclass socket still import
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse()

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    return write_demo(db_path)


def write_demo(path: Path) -> Path:
    """The demo diary as of DEMO_NOW, written to a database at `path`."""
    conn = store.open_db(path, now=DEMO_NOW)
    try:
        transfer.demo(conn, build(DEMO_NOW), DEMO_NOW)
    finally:
        conn.close()
    return path
