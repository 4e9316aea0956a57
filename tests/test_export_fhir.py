"""The FHIR R4 Bundle: valid R4B resources, plus what the models do not check."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

import pytest

from tests.export_fixtures import DEMO_UNTIL, demo_db, no_network

__all__ = ["demo_db", "no_network"]
OBS_STATUS = {
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
}  # domain.md §11.2
MED_STATUS = {
    "active",
    "completed",
    "entered-in-error",
    "intended",
    "stopped",
    "on-hold",
    "unknown",
    "not-taken",
}


def _bundle(run, *extra: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    out = run("export", "-o", "-", "-f", "fhir", "--until", DEMO_UNTIL, *extra).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


@pytest.mark.parametrize("label", [["--label", "J.D."], []], ids=["with-label", "without-label"])
def test_every_resource_validates_with_r4b(run, demo_db, label) -> None:  # type: ignore[no-untyped-def]
    bundle = _bundle(run, *label)
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    kinds = set()
    for entry in bundle["entry"]:
        res = entry["resource"]
        kind = res["resourceType"]
        kinds.add(kind)
        model = getattr(import_module(f"fhir.resources.R4B.{kind.lower()}"), kind)
        model.model_validate(res)
    expected = {"Procedure", "Observation", "MedicationStatement"} | (
        {"Patient"} if label else set()
    )
    assert kinds == expected
    assert bundle["type"] == "collection"


def test_codes_values_statuses_and_references(run, demo_db) -> None:  # type: ignore[no-untyped-def]
    bundle = _bundle(run, "--label", "J.D.")
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)) and all(u.startswith("urn:uuid:") for u in urls)
    assert set(_refs(bundle)) <= set(urls)  # every reference resolves inside the bundle
    codes: dict[str, int] = {}
    patient = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient == [
        {"resourceType": "Patient", "id": patient[0]["id"], "name": [{"text": "J.D."}]}
    ]
    for e in bundle["entry"]:
        r = e["resource"]
        assert e["fullUrl"] == f"urn:uuid:{r['id']}"
        if r["resourceType"] == "Observation":
            assert r["status"] in OBS_STATUS
            for c in r["code"]["coding"]:
                codes[c["code"]] = codes.get(c["code"], 0) + 1
            main = r["code"]["coding"][0]["code"]
            if "valueInteger" in r:
                lo, hi = (1, 7) if main == "pgic" else (0, 10)
                assert lo <= r["valueInteger"] <= hi, r
            if main == "93832-4":
                q = r["valueQuantity"]
                assert 0 <= q["value"] <= 24 and q["code"] == "h"
            if main in ("91147-9", "psfs"):
                assert 0 <= r["valueQuantity"]["value"] <= 10
            if main == "72514-3" and r["code"].get("text", "").startswith("Pain right"):
                assert r["partOf"][0]["reference"] in urls
        elif r["resourceType"] == "Procedure":
            assert r["status"] == "completed"
            assert r["code"]["coding"][0] == {
                "system": "http://snomed.info/sct",
                "code": "44868003",
            }
        elif r["resourceType"] == "MedicationStatement":
            assert r["status"] in MED_STATUS
    for code in (
        "72514-3",
        "91148-7",
        "75893-8",
        "91145-3",
        "91146-1",
        "91147-9",
        "93832-4",
        "stress",
        "sleep-interference",
        "psfs",
        "pain-before-session",
    ):
        assert codes.get(code), code
    assert codes["pain-before-session"] == 8


def _ids(text: str) -> set[str]:
    doc = json.loads(text)
    return {doc["id"]} | {e["resource"]["id"] for e in doc["entry"]}


def test_ids_are_stable_for_a_database_and_its_backup_and_never_shared_with_another(
    run, demo_db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 10, point 2: ids are uuid5 of the database's own random namespace."""
    fhir = ("export", "-o", "-", "-f", "fhir", "--until", DEMO_UNTIL, "--label", "J.D.")
    a = run(*fhir).stdout
    assert run(*fhir).stdout == a  # the same database: byte-identical
    run("backup", str(tmp_path / "copy.db"))
    assert run("--db", str(tmp_path / "copy.db"), *fhir).stdout == a  # a copy is the same diary
    # the same rows in another database (moved through the JSON export): no id in common
    run("export", "-o", str(tmp_path / "all.json"))
    run("--db", str(tmp_path / "other.db"), "import", str(tmp_path / "all.json"))
    c = run("--db", str(tmp_path / "other.db"), *fhir).stdout
    assert len(_ids(c)) == len(_ids(a)) and not _ids(a) & _ids(c)


def test_pgic_is_exported(run, demo_db) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime

    from paintrack import store
    from paintrack.models import Decision

    conn = store.open_db(demo_db)
    with store.writing(conn, "review", datetime(2026, 3, 2, 21)):
        store.insert_decision(
            conn,
            Decision(1, date(2026, 3, 2), 2, "continue", "improving"),
            datetime(2026, 3, 2, 21),
        )
    conn.close()
    resources = [e["resource"] for e in _bundle(run)["entry"]]
    pgic = [r for r in resources if r.get("code", {}).get("coding", [{}])[0].get("code") == "pgic"]
    assert [(p["valueInteger"], p["note"][0]["text"]) for p in pgic] == [(2, "Much improved")]
    md = run("export", "-o", "-", "-f", "md", "--until", DEMO_UNTIL).stdout
    assert "PGIC 2 of 7: Much improved" in md and "Decision recorded 2026-03-02: continue" in md
