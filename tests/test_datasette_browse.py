"""Datasette explains the diary: a real Datasette on 127.0.0.1 (loopback only, a free port,
stopped by its PID) serves the database with `export --format datasette-metadata`, and its table
page and the `days` view read as the metadata says."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from paintrack.cli import app
from tests.export_fixtures import write_demo

WAIT = 30.0  # seconds Datasette may take to answer (2 busy cores)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> str:
    assert url.startswith("http://127.0.0.1:"), url  # never anything but loopback
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, object]]]:
    pytest.importorskip(
        "datasette", reason="the test extra installs Datasette (pip install -e '.[test]')"
    )
    tmp = tmp_path_factory.mktemp("datasette")
    db = write_demo(tmp / "diary.db")
    meta = tmp / "metadata.json"
    r = CliRunner().invoke(
        app,
        ["export", "--format", "datasette-metadata", "-o", str(meta)],
        env={"PAINTRACK_DB": str(db)},
    )
    assert r.exit_code == 0, r.output
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            "--immutable",
            str(db),
            "--metadata",
            str(meta),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                get(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"Datasette did not start: {proc.stderr.read() if proc.stderr else ''}"
                    ) from None
                time.sleep(0.2)
        yield base, json.loads(meta.read_text())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_the_table_page_shows_descriptions_and_units(served: tuple[str, dict[str, object]]) -> None:
    base, _ = served
    page = get(f"{base}/diary/daily_logs")
    assert "One check-in: average, worst and least pain" in page
    assert "0 = no pain, 10 = worst possible pain" in page
    rows = json.loads(get(f"{base}/diary/daily_logs.json?_shape=array&_size=3"))
    assert len(rows) == 3 and isinstance(rows[0]["pain"], int)


def test_the_days_view_has_one_row_per_day_with_its_medicines(
    served: tuple[str, dict[str, object]],
) -> None:
    base, _ = served
    days = json.loads(get(f"{base}/diary/days.json?_shape=array&_size=max"))
    dates = [d["date"] for d in days]
    assert dates and len(dates) == len(set(dates))
    assert any(d["medicines"] for d in days)
    assert "One row per logged day" in get(f"{base}/diary/days")


def test_the_undo_journal_and_housekeeping_are_hidden(
    served: tuple[str, dict[str, object]],
) -> None:
    base, _ = served
    tables = json.loads(get(f"{base}/diary.json"))["tables"]
    hidden = {t["name"] for t in tables if t["hidden"]}
    assert {"changes", "change_steps", "_sqlite_migrations", "meta"} <= hidden
    assert "daily_logs" not in hidden
