"""The clinician's page: the course's own dates, every drug by name, the patient's words, one
page, and the same facts in Markdown, HTML, the PDF and `review --json` (issue 22 points 1-2).

The heavy course (tests/heavy_course.py) ended on 2026-11-10; "today" is 2026-11-20 and a red
flag of 2026-11-15 belongs to no course."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from paintrack.cli.common import freeze
from tests import heavy_course as heavy
from tests.export_fixtures import DEMO_NOW, DEMO_UNTIL, write_demo


@pytest.fixture(scope="session")
def heavy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heavy.write_heavy(tmp_path_factory.mktemp("heavy") / "heavy.db")


@pytest.fixture
def heavy_db(heavy_file: Path, db_path: Path) -> Iterator[Path]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(heavy_file, db_path)
    with freeze(heavy.NOW):
        yield db_path


def flat(text: str) -> str:
    return " ".join(text.split())


def test_an_ended_course_is_reviewed_at_its_own_end(run, heavy_db) -> None:  # type: ignore[no-untyped-def]
    r = run("export", "-o", "-", "-f", "md")
    assert "No active course: this is the summary of 'knee-autumn', which ended on 2026-11-10" in (
        r.stderr
    )
    md = r.stdout
    assert "**Review date:** 2026-11-10" in md
    assert "last 7 days 2026-11-04 to 2026-11-10" in md
    assert "Fever" not in md  # the red flag of 2026-11-15 is another time's
    assert "Severe or worsening leg weakness" in md and heavy.RED_FLAG_NOTE in md
    assert "## Verdict: Improving" in md and "12 of 12 planned by 2026-11-10" in md
    assert heavy.OUTCOME in md


def test_until_moves_the_review_date_and_counts_sessions_then(run, heavy_db) -> None:  # type: ignore[no-untyped-def]
    md = run(
        "export", "-o", "-", "-f", "md", "--course", "knee-autumn", "--until", "2026-09-25"
    ).stdout
    assert "## Too early to judge: 6 of 12 sessions" in md
    assert "## Verdict" not in md
    assert "6 of 12 planned by 2026-09-25" in md
    assert "Course ended" not in md  # not yet, on that day
    assert (
        "2026-10-06" not in md.split("## Medication")[1].split("##")[0]
    )  # tramadol not stopped yet
    assert "No red flags logged." in md


def test_until_before_the_course_is_refused(run, heavy_db) -> None:  # type: ignore[no-untyped-def]
    r = run("export", "-o", "-", "-f", "md", "--until", "2026-08-01", code=2)
    assert "--until" in r.stderr and "2026-09-01" in r.stderr


def test_every_drug_by_name_with_its_days_over_a_line(run, heavy_db) -> None:  # type: ignore[no-untyped-def]
    md = run("export", "-o", "-", "-f", "md").stdout
    med = md.split("## Medication")[1].split("\n## ")[0]
    for name in ("gabapentin 300 mg", "ibuprofen 200 mg", "tramadol 50 mg"):
        assert name in med
    assert "Percocet (oxycodone 5 mg + acetaminophen 325 mg)" in med
    assert re.search(r"\| tramadol 50 mg .*\| 2026-10-06 \|", med)  # stopped mid-course
    assert "3,950 mg (\\> 3,000)" in med and "Percocet ×6, Tylenol ×4" in med
    assert "contact a pharmacist" not in med  # worded for the clinician, not the patient


def test_the_patients_words_goals_notes_and_previous_course(run, heavy_db) -> None:  # type: ignore[no-untyped-def]
    md = run("export", "-o", "-", "-f", "md").stdout
    for goal in heavy.GOALS:
        assert goal in md
    notes = md.split("## The patient's notes")[1].split("\n## ")[0]
    assert notes.count("\n- ") == 10
    for text, _ in heavy.NOTES.values():
        assert text in notes
    items = [line for line in notes.splitlines() if line.startswith("- ")]
    marked = sum(1 for _, mark in heavy.NOTES.values() if mark) + 1  # and the session's
    assert all(", for the clinician)" in x for x in items[:marked])
    assert not any(", for the clinician)" in x for x in items[marked:])
    assert "Previous course for this condition: knee-spring (2026-03-02 to 2026-04-20)" in md
    assert "outcome “little change”" in md


@cache
def _pdf_text(path: str) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == 1, f"{len(reader.pages)} pages"
    return reader.pages[0].extract_text()


def _all_outputs(run, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "page.pdf"
    run("export", "-o", str(pdf))
    html = run("export", "-o", "-", "-f", "html").stdout
    return {
        "md": flat(run("export", "-o", "-", "-f", "md").stdout.replace("\\", "")),
        "html": flat(htmllib.unescape(re.sub(r"<[^>]+>", " ", html))),
        "pdf": flat(_pdf_text(str(pdf))),
    }


def _facts(review: dict) -> list[str]:  # type: ignore[type-arg]
    """What `review --json` says that the page must say too, as the page words it."""
    out = [review["headline"].replace("from your baseline", "from baseline")]
    for key in ("pain", "worst_pain", "function"):
        m = review[key]
        out += [m["label"], m["words"]]
    for a in review["function"]["activities"]:
        out.append(a["words"])
    med = review["medication"]
    out.append(f"days with any dose {med['baseline_dose_days']} → {med['current_dose_days']}")
    for d in med["by_drug"]:
        out += [d["name"], f"{d['baseline_days_used']} → {d['current_days_used']}"]
        if d["stopped"]:
            out.append(d["stopped"])
    out.append(f"{review['sessions']['count']} sessions")
    if review["impression"]:
        out.append(f"PGIC {review['impression']} of 7: {review['impression_label']}")
    out += [f["date"] for f in review["red_flags"]]
    return out


def test_the_same_facts_in_every_medium_and_in_review_json(run, heavy_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The ended course's review (`Review.as_json`, what `review --json` prints) on its end day."""
    outputs = _all_outputs(run, tmp_path)
    from paintrack import store
    from paintrack.domain.review import review
    from paintrack.usecases.summary import page_input

    conn = store.open_db(heavy_db)
    try:
        given = page_input(conn, None, None, heavy.NOW.date())
        data = review(given.inp).as_json()
    finally:
        conn.close()
    assert data["today"] == "2026-11-10"
    for fact in _facts(data):
        for medium, text in outputs.items():
            assert flat(fact) in text, f"{fact!r} missing from the {medium}"


def test_review_json_of_the_active_course_matches_its_page(run, tmp_path, db_path) -> None:  # type: ignore[no-untyped-def]
    write_demo(db_path)
    with freeze(DEMO_NOW):
        data = json.loads(run("review", "--json").stdout)
        pdf = tmp_path / "demo.pdf"
        run("export", "-o", str(pdf), "--until", DEMO_UNTIL)
        md = flat(run("export", "-o", "-", "-f", "md", "--until", DEMO_UNTIL).stdout)
        html = flat(
            htmllib.unescape(re.sub(r"<[^>]+>", " ", run("export", "-o", "-", "-f", "html").stdout))
        )
    text = flat(_pdf_text(str(pdf)))
    for fact in _facts(data):
        for medium, out in (("md", md), ("html", html), ("pdf", text)):
            assert flat(fact) in out, f"{fact!r} missing from the {medium}"


def test_notes_marked_for_the_clinician_come_first_through_every_path(
    run, course, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    run("log", "3", "--note", "an ordinary day", "--date", "yesterday")
    run("log", "--pain", "6", "--note", "new tingling in the foot", "--for-clinician")
    run("session", "--pain-before", "5", "--pain-after", "3", "-n", "felt faint", "--for-clinician")
    run("log", "4", "--note", "walked to the shop")
    notes = run("export", "-o", "-", "-f", "md").stdout.split("## The patient's notes")[1]
    marked = [line for line in notes.splitlines() if line.startswith("- ")][:3]
    assert "for the clinician" in marked[0] and "for the clinician" in marked[1]
    assert {"“new tingling in the foot”", "“felt faint”"} == {
        x.split(": ", 1)[1] for x in marked[:2]
    }
    assert "an ordinary day" in notes and "for the clinician): “walked" not in notes
    assert "for the clinician" in run("history").stdout
    # the mark survives export and import, in JSON and in CSV (format 4)
    for suffix in ("json", "csv"):
        out = tmp_path / f"all.{suffix}"
        run("export", "-o", str(out))
        other = str(tmp_path / f"other-{suffix}.db")
        run("--db", other, "import", str(out))
        again = run("--db", other, "export", "-o", "-", "-f", "md").stdout
        assert again.count(", for the clinician)") == 2, suffix


def test_what_page_1_cannot_hold_goes_to_page_2_said_in_one_line(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db_path.parent.mkdir(parents=True, exist_ok=True)
    heavy.write_heavy(db_path, extra_notes=3)
    md = run("export", "-o", "-", "-f", "md").stdout
    assert "Continued on page 2: 3 more notes." in md
    page2 = md.split("## Page 2: more of this course")[1].split("\n---")[0]
    assert page2.count("\n- ") == 3
    pdf = tmp_path / "two.pdf"
    run("export", "-o", str(pdf))
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    assert len(pages) == 2 and "Page 2: more of this course" in pages[1].extract_text()
    assert '<div class="more">' in run("export", "-o", "-", "-f", "html").stdout


def test_one_session_is_one_session_on_the_page(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("course", "start", "back", "--sessions", "8", "--start", "10 days ago")
    run("session", "--pain-before", "6", "--pain-after", "3")
    run("export", "-o", str(tmp_path / "page.md"))
    text = (tmp_path / "page.md").read_text()
    assert "1 session; pain right after needling" in text, text
