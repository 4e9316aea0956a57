"""Medication as patients take it (issue 11), through the real CLI against real databases:
combination products, kinds from substances, the word at the moment of logging, corrections to
the list, did-you-mean, and bad input refused with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, dump


@pytest.fixture
def listed(run: Run) -> Run:
    """A course started 20 days ago, with percocet (oxycodone + acetaminophen) and tylenol."""
    run("course", "start", "back", "--start", "20 days ago")
    run("med", "add", "percocet", "--ingredient", "oxycodone=5mg", "--ingredient", "APAP=325mg")
    run("med", "add", "tylenol", "--kind", "acetaminophen", "--strength", "500", "--unit", "mg")
    return run


def _meds(run: Run) -> dict[str, dict[str, object]]:
    return {m["name"]: m for m in json.loads(run("med", "list", "--json").stdout)}


# --- 1. Ingredients ---------------------------------------------------------------------------
def test_a_combination_product_lists_each_ingredient_with_its_kind_and_cdc_factor(
    listed: Run,
) -> None:
    percocet = _meds(listed)["percocet"]
    assert percocet["kind"] == "opioid"  # from oxycodone: no --kind needed
    assert percocet["strength"] is None  # a combination has no single strength
    assert [(i["substance"], i["strength"], i["mme_factor"]) for i in percocet["ingredients"]] == [  # type: ignore[union-attr]
        ("oxycodone", 5.0, 1.5),  # CDC 2022 (domain.md §6.1)
        ("acetaminophen", 325.0, None),  # APAP is acetaminophen (domain.md §6.4)
    ]
    assert [i["rxnorm"] for i in percocet["ingredients"]] == ["7804", "161"]  # type: ignore[union-attr]
    line = listed("med", "list").stdout
    assert "percocet: oxycodone 5 mg + acetaminophen 325 mg (opioid" in line


def test_each_ingredient_counts_towards_its_own_total_in_the_review(listed: Run) -> None:
    for n in range(14, 0, -1):
        listed("log", "--pain", "5", "--date", f"{n} days ago", "--med", "percocet=2")
    listed("log", "--pain", "5", "--med", "percocet=2", "--med", "tylenol=2")
    med = json.loads(listed("review", "--json").stdout)["medication"]
    assert med["current_mme_per_day"] == 15.0  # 2 × 5 mg × 1.5
    drugs = {d["name"]: d for d in med["by_drug"]}
    percocet = drugs["percocet"]
    assert percocet["ingredients"] == "oxycodone 5 mg + acetaminophen 325 mg"
    assert percocet["current_units_per_day"] == 2.0 and percocet["current_days_used"] == 7
    by = {i["substance"]: i for i in percocet["per_ingredient"]}
    assert by["oxycodone"]["current_mg_per_day"] == 10.0
    assert by["oxycodone"]["current_mme_per_day"] == 15.0
    assert by["acetaminophen"]["current_mg_per_day"] == 650.0
    assert by["acetaminophen"]["current_mme_per_day"] is None
    assert drugs["tylenol"]["current_units_per_day"] == round(2 / 7, 1)
    assert drugs["tylenol"]["started"] is not None  # first taken after the baseline began


def test_the_kind_follows_from_a_known_substance_and_synonyms_are_one_substance(run: Run) -> None:
    run("course", "start", "x")
    run("med", "add", "acetaminophen", "--strength", "500", "--unit", "mg")  # no --kind needed
    run("med", "add", "Ibuprofen 400", "--strength", "400", "--unit", "mg")
    run("med", "add", "UK tablets", "--kind", "paracetamol", "--strength", "500", "--unit", "mg")
    meds = _meds(run)
    assert meds["acetaminophen"]["kind"] == "acetaminophen"
    assert meds["Ibuprofen 400"]["kind"] == "nsaid"
    assert meds["UK tablets"]["kind"] == "acetaminophen"
    assert meds["UK tablets"]["ingredients"][0]["substance"] == "acetaminophen"  # type: ignore[index]


def test_an_unknown_opioid_needs_a_factor_and_the_error_says_what_it_is_and_who_gives_it(
    run: Run, db_path: Path
) -> None:
    run("course", "start", "x")
    before = dump(db_path)
    r = run(
        "med", "add", "OxyContin", "--kind", "opioid", "--strength", "10", "--unit", "mg", code=2
    )
    line = r.stderr.strip()
    assert line.count("\n") == 0 and dump(db_path) == before
    assert line.startswith("Error: --mme-factor must be given for an opioid not in the CDC 2022")
    assert "did you mean 'oxycodone'?" in line and "--ingredient oxycodone=" in line
    assert "prescriber or pharmacist" in line and "morphine milligram equivalents" in line
    run("med", "add", "OxyContin", "--ingredient", "oxycodone=10mg")
    assert _meds(run)["OxyContin"]["kind"] == "opioid"


def test_a_medication_without_a_strength_warns_at_add_and_is_named_in_the_review(
    run: Run,
) -> None:
    run("course", "start", "x", "--start", "10 days ago")
    r = run("med", "add", "tylenol", "--kind", "acetaminophen")
    assert "Warning: without a strength" in r.stderr and "4,000 mg" in r.stderr
    for n in range(6, -1, -1):
        run("log", "--pain", "4", "--med", "tylenol=2", "--date", f"{n} days ago")
    caveats = json.loads(run("review", "--json").stdout)["caveats"]
    assert any("No strength is listed for tylenol" in c for c in caveats)


# --- 2. Did you mean ----------------------------------------------------------------------------
def test_did_you_mean_for_med_add_log_edit_and_import(listed: Run, tmp_path: Path) -> None:
    r = listed("med", "add", "ibuprofin", "--strength", "200", "--unit", "mg", code=2)
    assert "did you mean 'ibuprofen'?" in r.stderr
    r = listed("log", "--pain", "4", "--med", "percoset=1", code=2)
    assert "did you mean 'percocet'?" in r.stderr
    r = listed("log", "--pain", "4", "--med", "oxycodone=1", code=2)
    assert "did you mean 'percocet'? it holds oxycodone" in r.stderr
    listed("log", "--pain", "4")
    r = listed("edit", "L1", "--med", "tylenl=1", code=2)
    assert "did you mean 'tylenol'?" in r.stderr
    doc = json.loads(listed("export", "-o", "-", "--format", "json").stdout)
    doc["doses"].append({"daily_log_id": 1, "medication": "tylenl", "count": 1.0})
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(doc))
    r = listed("--db", str(tmp_path / "new.db"), "import", str(path), code=2)
    assert "did you mean 'tylenol'?" in r.stderr


# --- 6. Bad input: one line, exit 2, nothing written --------------------------------------------
BAD = [
    (["--ingredient", "oxycodone=0mg"], "--ingredient must be"),
    (["--ingredient", "acetaminophen=5ml"], "mg, g or mcg for acetaminophen"),
    (
        ["--strength", "500", "--unit", "ml", "--kind", "acetaminophen"],
        "--unit must be mg, g or mcg",
    ),
    (
        ["--strength", "0", "--unit", "mg", "--kind", "nsaid"],
        "--strength must be a number more than 0",
    ),
    (
        ["--ingredient", "paracetamol=500mg", "--ingredient", "acetaminophen=325mg"],
        "--ingredient must be given once per substance",
    ),
    (
        ["--ingredient", "oxycodone=5mg", "--ingredient", "morphine=10mg", "--mme-factor", "1.5"],
        "one factor cannot fit two opioids",
    ),
    (["--ingredient", "oxycodone=5mg", "--strength", "5"], "--strength must be left out"),
    (["--ingredient", "oxycodon=5mg", "--ingredient", "APAP=325mg"], "did you mean 'oxycodone'?"),
    (["--ingredient", "fentanyl=25mcg"], "--ingredient must be GENERIC=STRENGTH[UNIT] with unit"),
    (["--ingredient", "oxycodone"], "--ingredient must be GENERIC=STRENGTH[UNIT]"),
    (["--kind", "opiod", "--strength", "5", "--unit", "mg"], "did you mean 'opioid'?"),
    (["--ingredient", "ibuprofen=200mg", "--kind", "acetaminophen"], "--kind must be nsaid"),
]


@pytest.mark.parametrize(("args", "said"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_medication_input_is_one_line_exit_2_and_nothing_written(
    run: Run, db_path: Path, args: list[str], said: str
) -> None:
    run("course", "start", "x")
    before = dump(db_path)
    r = run("med", "add", "product", *args, code=2)
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: "), r.stderr
    assert said in r.stderr and "Traceback" not in r.stderr
    assert dump(db_path) == before


# --- 4. A word at the moment it matters (domain.md §6.5) --------------------------------------
def test_an_acetaminophen_day_over_4000_mg_is_said_at_once_and_still_logged(listed: Run) -> None:
    r = listed("log", "--pain", "6", "--med", "tylenol=9")
    assert r.stdout.startswith("Logged L1") and "tylenol ×9" in r.stdout
    panel = r.stderr
    assert "┏━ MEDICATION" in panel and "\x1b[" not in panel  # stands out without colour
    assert "4,500 mg" in panel and "4,000 mg daily maximum" in panel and "Health Canada" in panel
    assert "Contact a pharmacist or clinician" in panel
    for advice in ("take less", "skip", "reduce", "stop taking"):
        assert advice not in panel.lower()
    assert json.loads(listed("history", "--json").stdout)[0]["doses"] == {"tylenol": 9.0}


def test_acetaminophen_from_all_products_and_opioids_cross_their_lines_when_logged(
    listed: Run,
) -> None:
    quiet = listed("log", "--pain", "5", "--med", "tylenol=4")  # 2,000 mg: under every line
    assert "MEDICATION" not in quiet.stderr
    r = listed("log", "--pain", "5", "--med", "percocet=4")  # +1,300 mg = 3,300 mg; 30 MME
    assert "3,300 mg" in r.stderr and "3,000 mg a day on many US labels" in r.stderr
    assert "tylenol ×4 = 2,000 mg; percocet ×4 = 1,300 mg" in r.stderr
    assert "MME" not in r.stderr.split("Source")[0]
    r = listed("log", "--pain", "5", "--med", "percocet=3")  # 4,275 mg; 52.5 MME
    assert "4,275 mg" in r.stderr and "4,000 mg daily maximum" in r.stderr
    assert "3,000 mg a day" not in r.stderr  # the highest line of a total only
    assert "52.5 MME" in r.stderr and "CDC 2022" in r.stderr
    assert "discuss with your prescriber" in r.stderr
    again = listed("log", "--pain", "5")  # no dose: nothing to say
    assert "MEDICATION" not in again.stderr


def test_status_repeats_todays_and_yesterdays_lines_but_not_older_ones(listed: Run) -> None:
    listed("log", "--pain", "5", "--med", "tylenol=9", "--date", "2 days ago")
    assert "MEDICATION" not in listed("status").stdout
    listed("log", "--pain", "5", "--med", "tylenol=7", "--date", "yesterday")  # 3,500 mg
    out = listed("status").stdout
    assert "MEDICATION" in out and "3,500 mg" in out and "(yesterday)" in out
    flags = json.loads(listed("status", "--json").stdout)["medication_flags"]
    assert [(f["code"], f["value"], f["threshold"]) for f in flags] == [
        ("acetaminophen-check-label", 3500.0, 3000)
    ]


# --- 3. Corrections ------------------------------------------------------------------------------
def test_stop_keeps_history_and_totals_and_a_later_dose_is_refused_off_a_terminal(
    listed: Run, db_path: Path
) -> None:
    listed("log", "--pain", "5", "--med", "percocet=2", "--date", "3 days ago")
    r = listed("med", "stop", "percocet", "--date", "4 days ago", code=2)
    assert "on or after the last day 'percocet' was logged" in r.stderr
    listed("med", "stop", "Percocet", "--date", "2 days ago")
    meds = _meds(listed)
    assert meds["percocet"]["stopped"] is not None and not meds["percocet"]["active"]
    assert "Stopped (kept in your history):" in listed("med", "list").stdout
    before = dump(db_path)
    r = listed("log", "--pain", "5", "--med", "percocet=1", code=2)
    assert "percocet was stopped on" in r.stderr and "paintrack med resume percocet" in r.stderr
    assert r.stderr.count("\n") == 1 and dump(db_path) == before
    drugs = json.loads(listed("review", "--json").stdout)["medication"]["by_drug"]
    assert [d["stopped"] for d in drugs if d["name"] == "percocet"] == [meds["percocet"]["stopped"]]
    listed("med", "resume", "percocet")
    listed("log", "--pain", "5", "--med", "percocet=1")


def test_rename_moves_every_dose_and_undo_restores_the_database_exactly(
    run: Run, db_path: Path
) -> None:
    run("course", "start", "x")
    run("med", "add", "ibuprofin", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    run("log", "--pain", "5", "--med", "ibuprofin=2")
    before = dump(db_path)
    r = run("med", "rename", "ibuprofin", "ibuprofen")
    assert "1 doses follow" in r.stdout
    assert json.loads(run("history", "--json").stdout)[0]["doses"] == {"ibuprofen": 2.0}
    assert _meds(run)["ibuprofen"]["ingredients"][0]["substance"] == "ibuprofen"  # type: ignore[index]
    run("undo")
    assert dump(db_path) == before
    run("med", "add", "advil", "--kind", "nsaid")
    r = run("med", "rename", "advil", "IBUPROFIN", code=2)
    assert "a name not already on your list ('ibuprofin' is)" in r.stderr


def test_remove_only_what_was_never_dosed_else_the_error_says_stop(run: Run, db_path: Path) -> None:
    run("course", "start", "x")
    run("med", "add", "ibuprofen", "--strength", "200", "--unit", "mg")
    run("med", "add", "naproxen", "--strength", "220", "--unit", "mg")
    run("log", "--pain", "5", "--med", "ibuprofen=1")
    r = run("med", "remove", "ibuprofen", code=2)
    assert "paintrack med stop 'ibuprofen'" in r.stderr
    before = dump(db_path)
    run("med", "remove", "naproxen")
    assert "naproxen" not in _meds(run)
    run("undo")
    assert dump(db_path) == before
    r = run("med", "remove", "naproxn", code=2)
    assert "did you mean 'naproxen'?" in r.stderr


def test_edit_corrects_a_label_and_every_past_day_is_counted_again(listed: Run) -> None:
    listed("log", "--pain", "5", "--med", "tylenol=6")  # 3,000 mg: no line crossed
    listed("med", "edit", "tylenol", "--strength", "650", "--unit", "mg")
    flags = json.loads(listed("status", "--json").stdout)["medication_flags"]
    assert [(f["code"], f["value"]) for f in flags] == [("acetaminophen-check-label", 3900.0)]
    listed("undo")
    assert json.loads(listed("status", "--json").stdout)["medication_flags"] == []


def test_activities_stop_rename_and_remove_the_same_way(run: Run) -> None:
    run("course", "start", "x")
    for name in ("walking", "sitting", "lifting", "stairs", "bending"):
        run("activity", "add", name)
    run("log", "--pain", "5", "--activity", "walking=4")
    run("activity", "add", "gardening", code=2)
    run("activity", "stop", "walking")  # frees a place; the rating stays
    run("activity", "add", "gardening")
    run("activity", "rename", "stairs", "climbing stairs")
    run("activity", "remove", "bending")
    r = run("activity", "remove", "walking", code=2)
    assert "paintrack activity stop 'walking'" in r.stderr
    acts = {a["name"]: a["active"] for a in json.loads(run("activity", "list", "--json").stdout)}
    assert acts == {
        "walking": False,
        "sitting": True,
        "lifting": True,
        "climbing stairs": True,
        "gardening": True,
    }
    assert json.loads(run("history", "--json").stdout)[0]["activity_ratings"] == {"walking": 4}


# --- Export and import -----------------------------------------------------------------------------
def test_ingredients_and_stop_dates_round_trip_through_json_and_csv(
    listed: Run, tmp_path: Path
) -> None:
    listed("log", "--pain", "5", "--med", "percocet=2", "--date", "2 days ago")
    listed("med", "stop", "percocet", "--date", "yesterday")
    listed("activity", "add", "walking")
    first = listed("export", "-o", "-", "--format", "json").stdout
    doc = json.loads(first)
    assert doc["paintrack_export"] >= 3  # format 3 brought ingredients and stop dates
    assert [(i["medication"], i["substance"], i["position"]) for i in doc["ingredients"]] == [
        ("percocet", "oxycodone", 1),
        ("percocet", "acetaminophen", 2),
        ("tylenol", "acetaminophen", 1),
    ]
    for fmt in ("json", "csv"):
        out = tmp_path / f"all.{fmt}"
        listed("export", "-o", str(out), "--format", fmt)
        other = str(tmp_path / f"{fmt}.db")
        listed("--db", other, "import", str(out))
        again = listed("--db", other, "export", "-o", "-", "--format", "json").stdout
        assert json.loads(again) == doc, fmt


def test_an_import_whose_label_disagrees_with_its_ingredients_is_refused(
    listed: Run, tmp_path: Path
) -> None:
    doc = json.loads(listed("export", "-o", "-", "--format", "json").stdout)
    doc["medications"] = [
        {**m, "strength": 650.0} if m["name"] == "tylenol" else m for m in doc["medications"]
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    target = tmp_path / "new.db"
    r = listed("--db", str(target), "import", str(path), code=2)
    assert "strength must be the strength of its one ingredient (500 mg)" in r.stderr
    assert json.loads(listed("--db", str(target), "med", "list", "--json").stdout) == []


def test_a_format_2_export_still_imports(listed: Run, tmp_path: Path) -> None:
    listed("log", "--pain", "5", "--med", "tylenol=2")
    listed("med", "remove", "percocet")  # format 2 could not hold a combination
    doc = json.loads(listed("export", "-o", "-", "--format", "json").stdout)
    old = {k: v for k, v in doc.items() if k != "ingredients"} | {"paintrack_export": 2}
    for table in ("medications", "activities"):
        old[table] = [{k: v for k, v in row.items() if k != "stopped"} for row in old[table]]
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(old))
    other = str(tmp_path / "v2.db")
    listed("--db", other, "import", str(path))
    assert json.loads(listed("--db", other, "export", "-o", "-", "--format", "json").stdout) == doc


def test_stopping_twice_keeps_the_day_and_an_edit_keeps_a_factor_paintrack_did_not_know(
    run: Run,
) -> None:
    run("course", "start", "x")
    run(
        "med",
        "add",
        "dhc",
        "--kind",
        "opioid",
        "--strength",
        "30",
        "--unit",
        "mg",
        "--mme-factor",
        "0.25",
    )
    run("med", "stop", "dhc", "--date", "yesterday")
    assert "already stopped" in run("med", "stop", "dhc").stdout
    stopped = _meds(run)["dhc"]["stopped"]
    run("med", "edit", "dhc", "--strength", "60", "--unit", "mg")
    dhc = _meds(run)["dhc"]
    assert (dhc["strength"], dhc["mme_factor"], dhc["stopped"]) == (60.0, 0.25, stopped)
    r = run("med", "edit", "dhc", "--kind", "nsaid", code=2)
    assert r.stderr.startswith("Error: --kind must be opioid for dhc, or left out")
