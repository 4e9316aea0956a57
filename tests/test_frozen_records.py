"""paintrack.frozen: the models' record classes behave as frozen, slotted dataclasses would."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from paintrack import frozen
from paintrack.errors import InvalidValue
from paintrack.models import DailyLog, Dose


def test_a_record_is_built_compared_hashed_shown_and_never_changed() -> None:
    log = DailyLog(date(2026, 3, 2), 5, doses=(Dose("ibuprofen", 2),))
    same = DailyLog(date=date(2026, 3, 2), pain=5, doses=(Dose("ibuprofen", 2.0),))
    assert log == same and hash(log) == hash(same) and log != DailyLog(date(2026, 3, 2), 6)
    assert log.time is None and log.red_flags == () and not hasattr(log, "__dict__")
    assert repr(log).startswith("DailyLog(date=datetime.date(2026, 3, 2), pain=5, time=None")
    with pytest.raises(AttributeError):
        log.pain = 3  # type: ignore[misc]
    with pytest.raises(frozen.FrozenInstanceError):
        del log.pain  # type: ignore[misc]
    assert log.__match_args__[:2] == ("date", "pain")


def test_the_checks_run_on_every_build_and_replace() -> None:
    with pytest.raises(InvalidValue):
        DailyLog(date(2026, 3, 2), 11)
    log = DailyLog(date(2026, 3, 2), 5, worst=7)
    assert frozen.replace(log, pain=6).pain == 6 and log.pain == 5
    with pytest.raises(InvalidValue):
        frozen.replace(log, pain=8)  # pain above worst: the rule between fields


def test_wrong_arguments_are_type_errors() -> None:
    for args, kwargs in (((), {}), ((date(2026, 3, 2), 5), {"pain": 5}), ((), {"bogus": 1})):
        with pytest.raises(TypeError):
            DailyLog(*args, **kwargs)
    with pytest.raises(TypeError):
        Dose("a", 1, 2)  # type: ignore[call-arg]


def test_fields_and_replace_also_take_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: str = "x"

    assert [(f.name, f.default) for f in frozen.fields(Plain)] == [
        ("a", frozen.MISSING),
        ("b", "x"),
    ]
    assert frozen.replace(Plain(1), b="y") == Plain(1, "y")
    assert frozen.is_record(Plain) and frozen.is_record(DailyLog) and not frozen.is_record(1)
    assert [f.name for f in frozen.fields(Dose)] == ["medication", "count"]


def test_the_dataclasses_functions_take_records_too() -> None:
    log = DailyLog(date(2026, 3, 2), 5, doses=(Dose("ibuprofen", 2),))
    assert dataclasses.is_dataclass(log) and "pain" in DailyLog.__dataclass_fields__
    assert [f.name for f in dataclasses.fields(Dose)] == ["medication", "count"]
    assert dataclasses.replace(log, pain=6) == frozen.replace(log, pain=6)
    assert dataclasses.asdict(log)["doses"] == ({"medication": "ibuprofen", "count": 2},)
    with pytest.raises(InvalidValue):
        dataclasses.replace(log, pain=11)


def test_the_models_load_no_dataclasses_nor_inspect() -> None:
    code = (
        "import sys, paintrack.models; print(sorted({'dataclasses', 'inspect'} & set(sys.modules)))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
