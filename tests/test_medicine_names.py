"""Medicines by the names on the box: brands paintrack knows are offered from their labels
and confirmed (never guessed in a script), and common adjuvants need no --kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paintrack import reference as ref
from tests.conftest import Run, dump
from tests.test_interactive import _answer, _cli, _read_until, _spawn


def _meds(run: Run) -> dict[str, dict[str, object]]:
    return {m["name"]: m for m in json.loads(run("med", "list", "--json").stdout)}


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Tylenol", "tylenol"),
        ("Extra Strength Tylenol", "tylenol extra strength"),
        ("tylenol #3", "tylenol with codeine no. 3"),
        ("Tylenol No.3", "tylenol with codeine no. 3"),
        ("Advil®", "advil"),
        ("ULTRAM", "ultram"),
    ],
)
def test_brand_names_are_read_as_written_on_a_box(typed: str, key: str) -> None:
    found = ref.brand(typed)
    assert found is not None and found[0] == key
    assert ref.brand("ibuprofen") is None and ref.brand("tylenols") is None


def test_a_script_is_told_the_label_and_the_command_nothing_written(run: Run, snapshot_db) -> None:  # type: ignore[no-untyped-def]
    run("course", "start", "back")
    before = snapshot_db()
    r = run("med", "add", "percocet", code=2)
    assert "oxycodone 5 mg + acetaminophen 325 mg or oxycodone 7.5 mg" in r.stderr
    assert (
        "`paintrack med add percocet --ingredient oxycodone=2.5mg "
        "--ingredient acetaminophen=325mg`" in r.stderr
    )
    r = run("med", "add", "tylenol extra strength", code=2)
    assert "`paintrack med add 'tylenol extra strength' --ingredient acetaminophen=500mg`" in (
        r.stderr
    )
    assert snapshot_db() == before


def test_a_brand_with_its_strength_given_needs_no_kind(run: Run) -> None:
    run("course", "start", "back")
    run("med", "add", "tylenol extra strength", "--strength", "500")
    med = _meds(run)["tylenol extra strength"]
    assert med["kind"] == "acetaminophen"
    assert [i["substance"] for i in med["ingredients"]] == ["acetaminophen"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ref.ADJUVANTS)
def test_adjuvants_are_known_as_other(run: Run, name: str) -> None:
    run("med", "add", name, "--strength", "300", "--unit", "mg")
    assert _meds(run)[name]["kind"] == "other"


def test_a_terminal_offers_the_label_and_asks(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back")
    proc, fd = _spawn(tmp_path, "med", "add", "Norco")
    seen = _answer(fd, [("Which one is on your box (1-3)", "2")])
    seen += _read_until(fd, "Added")
    assert proc.wait(timeout=20) == 0
    assert "hydrocodone 7.5 mg + acetaminophen 325 mg" in seen
    listed = json.loads(_cli(tmp_path, "med", "list", "--json"))
    strengths = {i["substance"]: i["strength"] for i in listed[0]["ingredients"]}
    assert strengths == {"hydrocodone": 7.5, "acetaminophen": 325}
    before = dump(tmp_path / "p.db")
    proc, fd = _spawn(tmp_path, "med", "add", "advil")
    _answer(fd, [("Is that what your box says?", "n")])
    _read_until(fd, "nothing was saved")
    assert proc.wait(timeout=20) == 1 and dump(tmp_path / "p.db") == before
