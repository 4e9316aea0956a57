"""The clinician summary in md/html/pdf, and how export writes files."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from tests.export_fixtures import DEMO_UNTIL, NetworkUsed, demo_db, no_network

__all__ = ["demo_db", "no_network"]
SNAPSHOT = Path(__file__).parent / "snapshots" / "summary_demo.md"


def test_the_network_guard_works() -> None:
    with pytest.raises(NetworkUsed):
        socket.socket()


def test_markdown_summary_of_the_demo_matches_the_snapshot(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = run("export", "-o", "-", "--format", "md", "--until", DEMO_UNTIL).stdout
    if os.environ.get("PAINTRACK_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(out)
    assert out == SNAPSHOT.read_text(), "refresh with PAINTRACK_UPDATE_SNAPSHOTS=1 and review"
    for section in (
        "## Verdict",
        "| Pain (daily average)",
        "## Sessions",
        "## Medication",
        "## Caveats and data completeness",
        "## The patient's goals",
        "## The patient's notes",
        "No red flags logged.",
        "IMMPACT",
        "PGIC",
    ):
        assert section in out


def test_red_flags_come_first(run, course, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run("log", "--pain", "5", "--red-flag", "fever", "--date", "yesterday")
    out = run("export", "-o", "-", "-f", "md", "--label", "J.D.").stdout
    assert out.index("RED FLAGS") < out.index("## Too early to judge: 0 of 3 sessions")
    assert "Fever or chills" in out and "**Patient:** J.D." in out


def test_pdf_is_one_page_with_the_verdict(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    target = tmp_path / "s.pdf"
    run("export", "-o", str(target), "--until", DEMO_UNTIL)
    assert target.read_bytes().startswith(b"%PDF")
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    md = run("export", "-o", "-", "-f", "md", "--until", DEMO_UNTIL).stdout
    headline = md.split("## Verdict")[1].split("\n")[2].strip("*")
    assert headline in text
    again = tmp_path / "again.pdf"
    run("export", "-o", str(again), "--until", DEMO_UNTIL)
    assert again.read_bytes() == target.read_bytes()


def test_html_is_self_contained(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = run("export", "-o", "-", "-f", "html", "--until", DEMO_UNTIL).stdout
    assert "<svg" in html and "<polyline" in html and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "@import" not in html and "url(" not in html


def test_files_are_private_atomic_and_never_overwritten(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "s.md"
    run("export", "-o", str(target))
    assert target.stat().st_mode & 0o777 == 0o600
    first = target.read_bytes()
    r = run("export", "-o", str(target), code=2)
    assert "--force" in r.stderr and r.stderr.count("\n") == 1
    run("export", "-o", str(target), "--force", "-f", "html")
    assert target.read_bytes() != first and target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["-o", "x.txt"], "--format"),
        (["-o", "x.md", "-f", "docx"], "--format"),
        (["-o", "-"], "--format"),
        (["-o", "-", "-f", "pdf"], "--output"),
        (["-o", "x.csv", "--label", "J"], "--label"),
        (["-o", "x.md", "--since", "today", "--until", "yesterday"], "--since"),
        (["-o", "x.md", "--course", "nope"], "nope"),
        (["-o", "nofolder/x.md"], "--output"),
    ],
)
def test_bad_options_write_nothing(run, demo_db, tmp_path, monkeypatch, args, field) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    r = run("export", *args, code=2)
    assert field in r.stderr and r.stderr.startswith("Error:")
    assert not any(p.suffix in (".md", ".csv", ".txt", ".pdf") for p in tmp_path.rglob("*"))


def test_format_follows_the_extension(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name, start in (
        ("a.fhir.json", b'{"resourceType"'),
        ("a.json", b'{\n  "paintrack_export"'),
        ("a.csv", b"record,"),
        ("a.html", b"<!DOCTYPE"),
        ("a.md", b"# Pain"),
    ):
        run("export", "-o", str(tmp_path / name))
        assert (tmp_path / name).read_bytes().startswith(start), name
