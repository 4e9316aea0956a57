"""The clinician's page as PDF (issue 22 points 3 and 5): PDF/UA-1 and tagged, read in page order,
every script as text where a font is installed and named on stderr where none is; without Typst,
one line says how to get PDF. Checked with pypdf and the `pdfua` checker (both from PyPI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests import heavy_course as heavy

pypdf = pytest.importorskip("pypdf")
typst = pytest.importorskip("typst", reason="the pdf extra (Typst) is not installed here")


@cache
def heavy_pdf(folder: str) -> tuple[Path, str]:
    """The heavy course's page (made once per worker), and what export said on stderr."""
    db = heavy.write_heavy(Path(folder) / "heavy.db")
    out = Path(folder) / "heavy.pdf"
    r = _export(db, out)
    return out, r.stderr


def _export(db: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "PAINTRACK_DB"}
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", "--db", str(db), "export", "-o", str(out), "--force"],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return heavy_pdf(str(tmp_path_factory.mktemp("pdf")))


def _tags(node: Any, seen: dict[str, list[Any]]) -> dict[str, list[Any]]:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            seen.setdefault(str(node["/S"]), []).append(node)
        if "/K" in node:
            _tags(node["/K"], seen)
    elif isinstance(node, list):
        for x in node:
            _tags(x, seen)
    return seen


def test_the_pdf_is_tagged_pdf_ua_1_with_language_table_headers_and_alt_text(made) -> None:  # type: ignore[no-untyped-def]
    path, _ = made
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and bool(root["/MarkInfo"]["/Marked"])
    assert b"<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Pain diary summary: knee-autumn"
    tags = _tags(root["/StructTreeRoot"], {})
    assert len(tags["/H1"]) == 1 and len(tags["/H2"]) >= 8
    assert len(tags["/Table"]) == 5 and len(tags["/Caption"]) == 5 and len(tags["/TH"]) >= 25
    (figure,) = tags["/Figure"]
    assert str(figure["/Alt"]).startswith("Daily pain (0 to 10) fell from about 7.3 to 3.8 over ")


def test_a_pdf_ua_checker_finds_nothing(made) -> None:  # type: ignore[no-untyped-def]
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(made[0]))
    assert not report.findings, [f.message for f in report.findings]


def test_the_text_reads_in_page_order_row_by_row(made) -> None:  # type: ignore[no-untyped-def]
    text = pypdf.PdfReader(made[0]).pages[0].extract_text()
    order = [
        "Pain diary summary: knee-autumn",
        "The patient's goals",
        "Red flags: symptoms that need a clinician",
        "Verdict: Improving",
        "Baseline week compared with the last 7 days",
        "Weekly trend",
        "Daily pain, 2026-09-01 to 2026-11-10",
        "12 sessions; pain right after needling",
        "The patient's notes",  # beside the sessions, read after them
        "Opioids: 35.0 → 0.0 MME a day",
        "Caveats and data completeness",
    ]
    at = [text.index(x) for x in order]
    assert at == sorted(at)
    lines = [" ".join(x.split()) for x in text.splitlines()]
    assert "Pain (daily average) 7.3 3.8 −3.5 (−47 %) moderate improvement" in lines
    assert (
        "tramadol 50 mg 2.0 → 0.0 (20.0 → 0.0 MME) 7 → 0 2026-09-01 to 2026-10-05 2026-10-06"
        in lines
    )


def test_every_script_is_text_in_the_pdf_with_the_noto_fonts(made) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig (fc-list) is not installed: cannot tell which fonts are")
    path, said = made
    text = pypdf.PdfReader(path).pages[0].extract_text()
    if "No font for" in said:
        pytest.skip(f"fonts-noto-core/fonts-noto-cjk are not all installed here: {said.strip()}")
    for note, _ in heavy.NOTES.values():
        for word in note.split():  # right-to-left words come out in visual order
            assert word in text, note


def test_without_fonts_for_a_script_stderr_names_it_in_one_line(made, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """fontconfig with no font folders: no installed font covers anything beyond Typst's own."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig (fc-list) is not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    db = made[0].with_name("heavy.db")
    r = _export(db, tmp_path / "p.pdf", FONTCONFIG_FILE=str(conf))
    said = [x for x in r.stderr.splitlines() if x.startswith("No font for")]
    assert said == [
        "No font for Arabic or Chinese or Devanagari or Hebrew or Japanese here: that text may "
        "show as empty boxes in the PDF. Install fonts-noto-cjk fonts-noto-core (or another font "
        "for it), or send the HTML."
    ]
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


NO_TYPST = """
import sys
sys.modules["typst"] = None  # the pdf extra not installed
from paintrack.cli import main
sys.argv = ["paintrack", *sys.argv[1:]]
main()
"""


def test_without_typst_one_line_says_how_to_get_pdf_and_nothing_is_written(made, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = made[0].with_name("heavy.db")
    out = tmp_path / "x.pdf"
    env = {k: v for k, v in os.environ.items() if k != "PAINTRACK_DB"} | {"PATH": "/usr/bin:/bin"}
    if shutil.which("typst", path=env["PATH"]):
        pytest.skip("a typst command is on PATH here")
    r = subprocess.run(
        [sys.executable, "-c", NO_TYPST, "--db", str(db), "export", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 1 and not out.exists()
    error = " ".join(r.stderr.split("Error: ")[-1].split())
    assert error == (
        "PDF needs Typst, which is not installed here: pip install 'paintrack[pdf]' "
        "(Termux: pkg install typst). HTML works now: paintrack export -o summary.html. Nothing "
        "was written."
    ), r.stderr


def test_label_goal_practitioner_drug_and_note_in_five_scripts_are_text(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig (fc-list) is not installed: cannot tell which fonts are")
    words = {
        "practitioner": "Μαρία Παππά",  # Greek
        "goal": "散歩する",  # Japanese
        "condition": "腰痛",  # Chinese
        "drug": "Парацетамол",  # Cyrillic
        "note": "ملاحظة",  # Arabic
        "label": "محمد",
    }
    run("course", "start", "back", "--start", "2026-01-01", "--practitioner", words["practitioner"],
        "--goal", words["goal"], "--condition", words["condition"])  # fmt: skip
    run("med", "add", words["drug"], "--kind", "acetaminophen", "--strength", "500", "--unit", "mg")
    run("log", "4", "--date", "2026-01-02", "--med", f"{words['drug']}=1", "--note", words["note"])
    out = tmp_path / "scripts.pdf"
    r = run("export", "-o", str(out), "--label", words["label"], "--until", "2026-01-03")
    if "No font for" in r.stderr:
        pytest.skip(f"not every script has a font here: {r.stderr.strip()}")
    text = pypdf.PdfReader(out).pages[0].extract_text()
    for what, word in words.items():
        assert word in text, what
