"""`export --format datapackage`: one CSV per table with exact values, and a datapackage.json that
the frictionless package validates (types, constraints, foreign keys) against those files."""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from paintrack.cli import app
from tests.export_fixtures import DEMO_UNTIL, write_demo

APPS = Path(__file__).parent / "fixtures" / "apps"


@pytest.fixture(autouse=True)
def csv_limit() -> Iterator[None]:
    """frictionless raises the csv module's cell limit for the whole process when it reads a
    CSV; put back paintrack's (export/reading.py) so later tests in this worker see it."""
    before = csv.field_size_limit()
    yield
    csv.field_size_limit(before)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo diary with a Flaredown export imported, exported once as a data package."""
    tmp = tmp_path_factory.mktemp("package")
    db = write_demo(tmp / "paintrack.db")
    runner = CliRunner()
    env = {"PAINTRACK_DB": str(db), "PAINTRACK_NO_NUDGE": "1"}
    r = runner.invoke(app, ["import", str(APPS / "flaredown.csv")], env=env)
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app,
        ["export", "--format", "datapackage", "-o", str(tmp / "pkg"), "--until", DEMO_UNTIL],
        env=env,
    )
    assert r.exit_code == 0, r.output
    return tmp / "pkg"


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text())  # type: ignore[no-any-return]


def test_frictionless_validates_the_package_and_its_foreign_keys(package: Path) -> None:
    frictionless = pytest.importorskip(
        "frictionless", reason="the test extra installs frictionless"
    )
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    resources = {r["name"]: r for r in descriptor(package)["resources"]}
    doses = resources["doses"]["schema"]["foreignKeys"]
    assert {
        "fields": "medication",
        "reference": {"resource": "medications", "fields": "name"},
    } in doses
    assert {
        "fields": "daily_log_id",
        "reference": {"resource": "daily_logs", "fields": "id"},
    } in doses


def test_a_broken_reference_fails_validation(package: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip(
        "frictionless", reason="the test extra installs frictionless"
    )
    broken = tmp_path / "pkg"
    broken.mkdir()
    for f in package.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    rows = (broken / "doses.csv").read_text().splitlines()
    head, first = rows[0], rows[1].split(",")
    first[1] = "no such medication"
    (broken / "doses.csv").write_text("\r\n".join([head, ",".join(first), *rows[2:]]) + "\r\n")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {t[0] for t in report.flatten(["type"])}


def test_whole_numbers_stay_whole_and_fields_carry_units_ranges_and_anchors(package: Path) -> None:
    logs = read(package, "daily_logs")
    assert logs and all(r["pain"].isdigit() for r in logs)  # 4, never 4.0
    resources = {r["name"]: r for r in descriptor(package)["resources"]}
    fields = {f["name"]: f for f in resources["daily_logs"]["schema"]["fields"]}
    assert fields["pain"]["type"] == "integer"
    assert fields["pain"]["constraints"] == {"minimum": 0, "maximum": 10, "required": True}
    assert "0 = no pain, 10 = worst possible pain" in fields["pain"]["description"]
    assert "lower is better" in fields["pain"]["description"]
    assert fields["sleep_hours"]["unit"] == "h" and fields["sleep_hours"]["type"] == "number"
    ratings = {f["name"]: f for f in resources["activity_ratings"]["schema"]["fields"]}
    assert "higher is better" in ratings["rating"]["description"]
    imported = read(package, "imported_entries")
    flaredown = [r for r in imported if r["kind"] == "rating"]
    assert flaredown and {r["scale"] for r in flaredown} == {
        "0-4 (Flaredown: 0 none … 4 the worst)"
    }


def test_the_folder_and_files_are_private_and_an_existing_folder_is_refused(
    package: Path, tmp_path: Path
) -> None:
    assert stat.S_IMODE(os.stat(package).st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in package.iterdir())
    names = sorted(f.name for f in package.iterdir())
    assert (
        "datapackage.json" in names
        and "daily_logs.csv" in names
        and "imported_entries.csv" in names
    )
    runner = CliRunner()
    env = {"PAINTRACK_DB": str(package.parent / "paintrack.db")}
    r = runner.invoke(app, ["export", "--format", "datapackage", "-o", str(package)], env=env)
    assert r.exit_code == 2 and "does not exist yet" in r.stderr
