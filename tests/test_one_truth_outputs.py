"""One truth per number (issue 9): the demo review, built purely, rendered through every output —
the screen at 80 and 40 columns, `review --json`, Markdown, HTML and the PDF's text — shows the
same rounded numbers and the same words for every measure, each activity included. Also the
size budget of the domain, review, chart and summary modules."""

from __future__ import annotations

import ast
import html as htmllib
import io
import re
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from paintrack import demo
from paintrack.domain import aggregate as agg
from paintrack.domain import daily as dl
from paintrack.domain import numbers as num
from paintrack.domain.course import Window, reevaluate_point
from paintrack.domain.measures import Measure, Shown, present
from paintrack.domain.review import Review, ReviewInput, review
from paintrack.domain.weekly import weekly_table
from paintrack.export import html, markdown, pdf, summary
from paintrack.render import charts
from paintrack.render.review import review_view
from paintrack.usecases.summary import PageInput

NOW = datetime(2026, 3, 2, 20, 0)
ROOT = Path(__file__).parent.parent


@cache
def demo_review() -> tuple[ReviewInput, Review]:
    diary = demo.build(NOW)
    course = diary.courses[0]
    sessions = [s for s in diary.sessions if s.course_id == course.id]
    decisions = [d.date for d in diary.decisions if d.course_id == course.id]
    point = reevaluate_point(course, [s.date for s in sessions], decisions, NOW.date())
    meds = {m.name.lower(): m for m in diary.medications}
    inp = ReviewInput(course, point, NOW.date(), diary.daily_logs, diary.pegs, sessions, meds, None)
    return inp, review(inp)


def screen(width: int) -> str:
    from rich.console import Console

    console = Console(record=True, width=width, color_system=None)
    console.print(review_view(demo_review()[1], None, width))
    return console.export_text()


@cache
def outputs() -> dict[str, str]:
    inp, _ = demo_review()
    s = summary.build(PageInput(inp, (), None, None))
    from pypdf import PdfReader

    pdf_text = PdfReader(io.BytesIO(pdf.render(s))).pages[0].extract_text()
    return {
        "screen80": screen(80),
        "screen40": screen(40),
        "md": markdown.render(s),
        "html": html.render(s),
        "pdf": pdf_text,
    }


def cells(m: Measure) -> list[str]:
    s = present(m)
    return [s.label, s.baseline_text, s.current_text, s.change_text, s.words]


def number(text: str) -> float | None:
    return None if text == num.NONE_TEXT else float(text.replace(num.MINUS, "-"))


def measures() -> list[Measure]:
    return list(demo_review()[1].rows)


def ids(m: Measure) -> str:
    return m.key


def test_the_demo_has_every_kind_of_row() -> None:
    r = demo_review()[1]
    assert r.verdict == "improving" and len(r.activities) == 3
    words = {present(m).words for m in measures()}
    assert {
        "moderate improvement",
        "under the 3-point threshold",
        "no validated threshold",
    } <= words


# --- Each output's row for a measure -----------------------------------------------------------
def screen80_row(m: Measure) -> list[str]:
    label = present(m).label
    line = next(x for x in outputs()["screen80"].splitlines() if x.strip().startswith(label))
    return re.split(r"\s{2,}", line.strip())


def screen40_row(m: Measure) -> list[str]:
    """'label: before → now, change' then the words on the next line (wrapped as it fits)."""
    text = " ".join(outputs()["screen40"].split())
    labels = [present(x).label + ":" for x in measures()]
    start = text.index(present(m).label + ":")
    ends = [text.find(x, start + 1) for x in [*labels, "Before ="]]
    chunk = text[start : min(e for e in ends if e > start)].strip()
    head, rest = chunk.split(": ", 1)
    before, rest = rest.split(" → ", 1)
    now, rest = rest.split(", ", 1)
    change = present(m).change_text  # the change holds spaces, so take it as printed
    assert rest.startswith(change), chunk
    return [head, before, now, change, rest[len(change) :].strip()]


def md_row(m: Measure) -> list[str]:
    label = present(m).label
    line = next(x for x in outputs()["md"].splitlines() if x.startswith(f"| {label} "))
    return [c.strip() for c in line.strip().strip("|").split("|")]


def html_row(m: Measure) -> list[str]:
    label = htmllib.escape(present(m).label)
    rows = re.findall(r"<tr>.*?</tr>", outputs()["html"])
    row = next(r for r in rows if f">{label}</th>" in r)
    return [htmllib.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]


def pdf_row(m: Measure) -> list[str]:
    """The PDF's text (Typst's real symbols: −, ≥, →); its cells come out space-separated."""
    want = cells(m)
    line = next(x for x in outputs()["pdf"].splitlines() if x.startswith(want[0] + " "))
    assert " ".join(line.split()) == " ".join(" ".join(want).split()), line
    return want


ROWS = {
    "screen80": screen80_row,
    "screen40": screen40_row,
    "md": md_row,
    "html": html_row,
}


@pytest.mark.parametrize("output", sorted(ROWS))
@pytest.mark.parametrize("m", measures(), ids=ids)
def test_every_output_shows_the_same_numbers_and_words(output: str, m: Measure) -> None:
    assert ROWS[output](m) == cells(m)


@pytest.mark.parametrize("m", measures(), ids=ids)
def test_the_pdf_shows_the_same_numbers_and_words(m: Measure) -> None:
    pdf_row(m)


def _json_of(m: Measure) -> dict[str, object]:
    out = demo_review()[1].as_json()
    if m.activity is None:
        return out[m.key]  # type: ignore[return-value]
    acts = out["function"]["activities"]  # type: ignore[index]
    return next(a for a in acts if a["activity"] == m.activity)


@pytest.mark.parametrize("m", measures(), ids=ids)
def test_json_numbers_are_the_printed_numbers(m: Measure) -> None:
    j, s = _json_of(m), present(m)
    _, before, now, change, words = screen80_row(m)
    assert (j["baseline"], j["current"]) == (number(before), number(now))
    assert j["change"] == number(change.split(" (")[0])
    if "%" in change:
        assert j["change_pct"] == number(change.split("(")[1].removesuffix(" %)"))
    assert (j["words"], j["label"]) == (words, s.label)
    assert j["category"] == m.category


def test_headline_and_verdict_agree_everywhere() -> None:
    _, r = demo_review()
    pct = present(r.pain).change_text.split("(")[1].removesuffix(")")  # "−44 %"
    assert f"down {pct.lstrip(num.MINUS)} from your baseline" in r.headline
    flat = {k: " ".join(v.split()) for k, v in outputs().items()}
    assert r.headline in flat["screen80"] and r.headline in flat["screen40"]
    clinician = r.headline.replace("from your baseline", "from baseline")
    assert clinician in flat["md"] and htmllib.escape(clinician) in flat["html"]
    assert clinician in flat["pdf"]
    assert "## Verdict: Improving" in outputs()["md"] and "Verdict: Improving" in flat["pdf"]


def test_medication_and_sessions_agree_everywhere() -> None:
    _, r = demo_review()
    med, j = r.medication, r.as_json()
    b, c = num.mean_text(med.baseline.mme_per_day), num.mean_text(med.current.mme_per_day)
    jm = j["medication"]
    assert (jm["baseline_mme_per_day"], jm["current_mme_per_day"]) == (number(b), number(c))  # type: ignore[index]
    flat = {k: " ".join(v.split()) for k, v in outputs().items()}
    assert f"opioids {b} → {c} MME/day" in flat["screen80"]
    for out in ("md", "html", "pdf"):
        assert f"Opioids: {b} → {c} MME a day" in flat[out]
    relief = num.mean_text(r.sessions.mean_immediate_relief)
    assert j["sessions"]["mean_immediate_relief"] == number(relief)  # type: ignore[index]
    assert f"mean immediate relief {relief} points" in flat["screen80"]
    assert f"on average {relief} points lower" in flat["md"]


def test_charts_and_weekly_table_show_the_reviews_baseline() -> None:
    inp, r = demo_review()
    base = num.mean_text(r.pain.baseline)
    window = Window(r.baseline_window.start, inp.today)
    chart = charts.pain_chart(
        agg.daily_series(inp.logs, "pain", window),
        window,
        baseline=dl.window_mean(dl.log_daily(inp.logs, "pain"), r.baseline_window),
        width=100,
    )
    assert f"baseline {base}" in chart
    assert f"baseline {base}" in outputs()["html"] and f"baseline {base}" in outputs()["md"]
    table = weekly_table(inp.logs, inp.pegs, inp.medications, r.baseline_window, window)
    means = dict(zip(table.measures, table.baseline_means, strict=True))
    assert means["pain"] == r.pain.baseline and means["peg"] == r.peg.baseline
    assert means["psfs"] == r.function.baseline
    assert means["sleep_interference"] == r.sleep.baseline and means["stress"] == r.stress.baseline
    assert means["mme"] == r.medication.baseline.mme_per_day


def test_summary_weeks_are_iso_weeks_like_the_weekly_table() -> None:
    inp, r = demo_review()
    s = summary.build(PageInput(inp, (), None, None))
    assert all(w.start.weekday() == 0 for w in s.weekly)
    table = weekly_table(inp.logs, inp.pegs, inp.medications, r.baseline_window, s.window)
    col = table.measures.index("pain")
    assert [row.cells[col].mean for row in table.rows] == [w.mean for w in s.weekly]
    for w in s.weekly:
        if w.mean is not None:
            assert re.search(rf"\| {w.start} +\| +{num.mean_text(w.mean)} \|", outputs()["md"])


def test_shown_is_the_only_wording_of_a_category() -> None:
    """Nothing outside domain/measures.py words a category (the old SHORT / Category copies)."""
    for rel in ("render/review.py", "export/summary.py", "export/markdown.py", "export/pdf.py"):
        text = (ROOT / "paintrack" / rel).read_text(encoding="utf-8")
        for phrase in ("small improvement", "no meaningful change", '"no threshold"'):
            assert phrase not in text, (rel, phrase)
    assert Shown.__module__ == "paintrack.domain.measures"


# --- Sizes (issue 9 point 8) -------------------------------------------------------------------
MINE = [
    *sorted((ROOT / "paintrack" / "domain").glob("*.py")),
    *(
        ROOT / "paintrack" / p
        for p in (
            "render/review.py",
            "render/charts.py",
            "render/plot.py",
            "export/summary.py",
            "export/markdown.py",
            "export/html.py",
            "export/pdf.py",
            "cli/chart.py",
        )
    ),
]


@pytest.mark.parametrize("path", MINE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_modules_under_400_lines_and_functions_under_60(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 400, f"{path.name}: {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 60, f"{path.name}:{node.lineno} {node.name}() is {length} lines"
