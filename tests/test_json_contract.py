"""JSON is a contract (issue 9, point 10): every `--json` output is exactly one JSON document on
stdout, whatever else the command does; what it records, confirms or hints goes to stderr."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.conftest import Run


def _one_document(stdout: str) -> object:
    doc, end = json.JSONDecoder().raw_decode(stdout)
    assert stdout[end:].strip() == "", f"more than one document on stdout: {stdout[end:]!r}"
    return doc


def _course(run: Run, plan: bool) -> None:
    extra = ["--plan", "medicare-clbp"] if plan else ["--sessions", "2"]
    run("course", "start", "back", "--start", "20 days ago", *extra)
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    run("activity", "add", "walking")
    for n in range(14, 0, -1):
        pain = "7" if n > 8 else "3"
        run(
            "log",
            "--pain",
            pain,
            "--date",
            f"{n} days ago",
            "--activity",
            f"walking={10 - int(pain)}",
        )
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "7 days ago")
    run("session", "--pain-before", "5", "--pain-after", "3", "--date", "3 days ago")


READ_ONLY = [
    ["status", "--json"],
    ["history", "--json"],
    ["course", "list", "--json"],
    ["course", "show", "--json"],
    ["med", "list", "--json"],
    ["activity", "list", "--json"],
    ["review", "--json"],
]


@pytest.mark.parametrize("plan", [False, True], ids=["no-plan", "medicare"])
def test_every_read_command_prints_one_json_document(run: Run, plan: bool) -> None:
    _course(run, plan)
    for args in READ_ONLY:
        _one_document(run(*args).stdout)


@pytest.mark.parametrize(
    ("impression", "decide", "plan"),
    list(itertools.product([None, "3"], [None, "continue", "change", "stop"], [False, True])),
)
def test_review_json_stays_one_document_whatever_it_records(
    run: Run, impression: str | None, decide: str | None, plan: bool
) -> None:
    _course(run, plan)
    args = ["review", "--json"]
    if impression:
        args += ["--impression", impression]
    if decide:
        args += ["--decide", decide]
    r = run(*args)
    doc = _one_document(r.stdout)
    assert isinstance(doc, dict) and "verdict" in doc
    if impression or decide:
        assert "Recorded" in r.stderr
    if decide == "continue" and plan:
        assert "more sessions" in r.stderr  # the medicare extension is said on stderr
        assert doc["course"]["sessions_planned"] == 20
