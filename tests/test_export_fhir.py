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
    expected = {"Procedure", "Observation", "MedicationStatement", "QuestionnaireResponse"}
    assert kinds == expected | {"Patient", "Device", "Provenance", "Medication", "CarePlan", "Goal"}
    assert bundle["type"] == "collection"


def test_codes_values_statuses_and_references(run, demo_db) -> None:  # type: ignore[no-untyped-def]
    bundle = _bundle(run, "--label", "J.D.")
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)) and all(u.startswith("urn:uuid:") for u in urls)
    assert set(_refs(bundle)) <= set(urls)  # every reference resolves inside the bundle
    codes: dict[str, int] = {}
    patient = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert len(patient) == 1 and patient[0]["name"] == [{"text": "J.D."}]
    assert set(patient[0]) == {"resourceType", "id", "meta", "identifier", "active", "name"}
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
            if main == "pain-before-session":
                assert r["partOf"][0]["reference"] in urls
            assert r["subject"] == r["performer"][0] == {"reference": urls[0]}  # the Patient
        elif r["resourceType"] == "Procedure":
            assert r["status"] == "completed"
            assert r["code"]["coding"][0] == {
                "system": "http://snomed.info/sct",
                "code": "44868003",
                "display": "Acupuncture",
            }
        elif r["resourceType"] == "MedicationStatement":
            assert r["status"] in MED_STATUS
    for code in (
        "72514-3",
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
    assert _ids(run(*fhir).stdout) == _ids(a)  # the same database: the same ids
    run("backup", str(tmp_path / "copy.db"))
    assert _ids(run("--db", str(tmp_path / "copy.db"), *fhir).stdout) == _ids(a)  # the same diary
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


def test_ids_are_the_standard_uuid5_of_the_namespace_and_what_they_record() -> None:
    import uuid

    from hypothesis import given
    from hypothesis import strategies as st

    from paintrack.export.fhir import Ids

    @given(st.uuids(), st.text(max_size=30), st.text(max_size=30))
    def check(ns: uuid.UUID, kind: str, key: str) -> None:
        assert Ids(ns, "urn").id(kind, key) == str(uuid.uuid5(ns, f"{kind}/{key}"))

    check()


def test_bulk_ndjson_is_a_folder_of_one_file_per_type_with_type_id_references(
    run, demo_db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "bulk"
    r = run("export", "-o", str(folder), "-f", "fhir-ndjson", "--until", DEMO_UNTIL)
    assert "NDJSON files" in r.stderr and oct(folder.stat().st_mode & 0o777) == "0o700"
    ids: dict[str, set[str]] = {}
    lines: list[dict[str, Any]] = []
    for f in sorted(folder.iterdir()):
        assert f.suffix == ".ndjson" and oct(f.stat().st_mode & 0o777) == "0o600"
        for text in f.read_text().splitlines():
            res = json.loads(text)
            assert res["resourceType"] == f.stem
            ids.setdefault(f.stem, set()).add(res["id"])
            lines.append(res)
    assert {"Patient", "Observation", "Procedure", "QuestionnaireResponse", "Provenance"} <= set(
        ids
    )
    for ref in {r for res in lines for r in _refs(res)}:
        kind, rid = ref.split("/")
        assert rid in ids[kind], ref  # every reference resolves to a line of the export
    r = run("export", "-o", str(folder), "-f", "fhir-ndjson", code=2)
    assert "a folder that does not exist yet" in r.stderr


def test_a_label_fhir_cannot_carry_and_an_empty_diary_are_one_line_and_exit_2(
    run, tmp_path, db_path
) -> None:  # type: ignore[no-untyped-def]
    from paintrack import store

    store.open_db(db_path).close()  # an empty diary (a missing one is not made by export)
    r = run("export", "-o", "-", "-f", "fhir", code=2)
    assert r.stderr.startswith("Error: Nothing to export yet") and r.stderr.count("\n") == 1
    run("course", "start", "back")
    run("log", "--pain", "4")
    for label, words in (
        ("J.D.\n## Verdict", "one line"),
        ("x" * 81, "at most 80 characters"),  # fields.LABEL (issue 10)
        ("a\x1b[2Kb", "one line"),
        (" ", "some text"),
    ):
        r = run("export", "-o", "-", "-f", "fhir", "--label", label, code=2)
        assert r.stderr.startswith(f"Error: --label must be {words}"), r.stderr
        assert r.stderr.count("\n") == 1
    r = run("export", "-o", "-", "-f", "json", "--bundle", "transaction", code=2)
    assert "--bundle must be collection or transaction, with --format fhir" in r.stderr


def test_the_progress_bar_shows_only_on_a_terminal_after_a_second(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from paintrack.cli import fhir_out

    ticker = fhir_out.Ticker(10_000)
    assert not ticker.enabled  # the test's stderr is not a terminal: never a bar in a pipe
    ticker.enabled, ticker.started = True, ticker.started - 5  # a terminal, five seconds in
    for _ in range(1000):
        ticker()
    assert ticker.progress is not None
    ticker.close()


def test_a_combination_product_carries_each_ingredient_and_rxnorm_only_where_known(run) -> None:  # type: ignore[no-untyped-def]
    run("course", "start", "back")
    run(
        "med", "add", "percocet", "--ingredient", "oxycodone=5mg",
        "--ingredient", "acetaminophen=325mg",
    )  # fmt: skip
    run("med", "add", "willow tea", "--kind", "other")
    run("log", "--pain", "5", "--med", "percocet=2")
    bundle = json.loads(run("export", "-o", "-", "-f", "fhir").stdout)
    meds = {
        e["resource"]["code"]["text"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Medication"
    }
    assert set(meds) == {"percocet", "willow tea"}
    parts = meds["percocet"]["ingredient"]
    assert [p["itemCodeableConcept"]["coding"][0]["code"] for p in parts] == ["7804", "161"]
    assert [p["strength"]["numerator"]["value"] for p in parts] == [5, 325]
    assert "ingredient" not in meds["willow tea"]
    (statement,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "MedicationStatement"
        and "effectiveDateTime" in e["resource"]  # a dose (its use over time has a period)
    ]
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    assert urls[statement["medicationReference"]["reference"]]["code"]["text"] == "percocet"
    assert "oxycodone 5 mg + acetaminophen 325 mg" in statement["dosage"][0]["text"]


def test_the_course_goals_outcome_and_a_stopped_medicine_carry_over(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 22 point 6: the heavy course as a CarePlan (period, status, outcome) pointing to its
    Goals, and tramadol's use ending on its stop date; each validated with R4B."""
    from typer.testing import CliRunner

    from paintrack.cli import app
    from tests import heavy_course as heavy

    db = heavy.write_heavy(tmp_path / "heavy.db")
    r = CliRunner().invoke(app, ["--db", str(db), "export", "-o", "-", "-f", "fhir"])
    assert r.exit_code == 0, r.stderr
    entries = [e["resource"] for e in json.loads(r.stdout)["entry"]]
    urls = {e["fullUrl"]: e["resource"] for e in json.loads(r.stdout)["entry"]}
    plans = {p["title"]: p for p in entries if p["resourceType"] == "CarePlan"}
    plan = plans["knee-autumn"]
    assert plan["status"] == "completed" and plan["intent"] == "plan"
    assert plan["period"] == {"start": "2026-09-01", "end": "2026-11-10"}
    assert plan["note"] == [{"text": f"Outcome: {heavy.OUTCOME}"}]
    goals = [urls[g["reference"]] for g in plan["goal"]]
    assert [g["description"]["text"] for g in goals] == list(heavy.GOALS)
    assert {g["lifecycleStatus"] for g in goals} == {"completed"}
    uses = {
        urls[m["medicationReference"]["reference"]]["code"]["text"]: m
        for m in entries
        if m["resourceType"] == "MedicationStatement" and "effectivePeriod" in m
    }
    assert uses["tramadol"]["status"] == "stopped"
    assert uses["tramadol"]["effectivePeriod"] == {"start": "2026-09-01", "end": "2026-10-06"}
    assert (
        uses["ibuprofen"]["status"] == "active"
        and "end" not in uses["ibuprofen"]["effectivePeriod"]
    )
    for res in [plan, *goals, *uses.values()]:
        kind = res["resourceType"]
        getattr(import_module(f"fhir.resources.R4B.{kind.lower()}"), kind).model_validate(res)
