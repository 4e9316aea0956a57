"""The clinician summary as a one-page PDF, chart drawn as vectors, made with fpdf2.

fpdf2 is pure Python (its dependencies, Pillow and fontTools, ship wheels), installs with pip
alone, and is actively maintained; it is imported inside `render`, so no other command loads it.
The built-in Helvetica covers Latin-1 only, so text is folded to Latin-1 (≥ → >=, − → -).
If a long course does not fit, the layout is tried again smaller, down to a floor; a course too
long even then runs onto a second page rather than losing anything.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from paintrack.export.summary import DISCLAIMER, Chart, Summary, chart

if TYPE_CHECKING:
    from fpdf import FPDF

FOLD = {
    "≥": ">=",
    "≤": "<=",
    "−": "-",
    "–": "-",
    "—": "-",
    "→": "->",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "o",
    "▲": "^",
    "≈": "~",
}
SCALES = (1.0, 0.92, 0.85, 0.78, 0.72)


def latin1(text: str) -> str:
    for a, b in FOLD.items():
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _draw_chart(pdf: FPDF, c: Chart, x0: float, y0: float) -> None:
    for ln in c.lines:
        pdf.set_draw_color(*_rgb(ln.color))
        pdf.set_line_width(ln.width * 0.35)
        if ln.dash:
            pdf.set_dash_pattern(dash=1.2, gap=0.8)
        pdf.line(x0 + ln.x1, y0 + ln.y1, x0 + ln.x2, y0 + ln.y2)
        pdf.set_dash_pattern()
    for points, colour, width in c.polylines:
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_line_width(width * 0.35)
        pdf.polyline([(x0 + x, y0 + y) for x, y in points])
    for x, y, r, colour in c.dots:
        pdf.set_fill_color(*_rgb(colour))
        pdf.circle(x=x0 + x, y=y0 + y, radius=r, style="F")
    for x, y, size, colour in c.marks:
        pdf.set_fill_color(*_rgb(colour))
        pts = [(x0 + x, y0 + y - size), (x0 + x - size / 2, y0 + y), (x0 + x + size / 2, y0 + y)]
        pdf.polygon(pts, style="F")
    for t in c.texts:
        pdf.set_text_color(*_rgb(t.color))
        pdf.set_font("helvetica", size=t.size * 72 / 25.4)  # chart units are mm
        text = latin1(t.text)
        w = pdf.get_string_width(text)
        shift = {"start": 0.0, "middle": w / 2, "end": w}[t.anchor]
        pdf.text(x0 + t.x - shift, y0 + t.y, text)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)


class _Page:
    """One A4 page being written: headings, paragraphs and tables at one type size."""

    def __init__(self, s: Summary, scale: float) -> None:
        from fpdf import FPDF

        pdf = FPDF(format="A4", unit="mm")
        pdf.set_margins(12, 10, 12)
        pdf.set_auto_page_break(True, margin=10)
        pdf.set_title(latin1(f"Pain diary summary: {s.course.name}"))
        pdf.set_creator("paintrack")
        # The review date, not the clock: the same data gives the same bytes.
        pdf.set_creation_date(datetime.combine(s.review.today, time(), tzinfo=UTC))
        pdf.add_page()
        self.pdf, self.scale = pdf, scale
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        self.size = 9 * scale
        self.line = self.size * 0.45

    def heading(self, text: str, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        pdf, line = self.pdf, self.line
        pdf.ln(line * 0.4)
        pdf.set_font("helvetica", "B", self.size + 1.5)
        pdf.set_text_color(*colour)
        pdf.cell(0, line * 1.2, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.set_draw_color(0, 0, 0)
        pdf.set_font("helvetica", "", self.size)

    def para(self, text: str, style: str = "") -> None:
        self.pdf.set_font("helvetica", style, self.size)
        self.pdf.multi_cell(0, self.line, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("helvetica", "", self.size)

    def table(
        self, head: list[str], rows: list[list[str]], widths: list[float], right: set[int]
    ) -> None:
        pdf, line = self.pdf, self.line
        pdf.set_font("helvetica", "B", self.size)
        for i, (h, w) in enumerate(zip(head, widths, strict=True)):
            pdf.cell(w, line * 1.1, latin1(h), align="R" if i in right else "L")
        pdf.ln(line * 1.1)
        pdf.set_font("helvetica", "", self.size)
        for r in rows:
            for i, (c, w) in enumerate(zip(r, widths, strict=True)):
                pdf.cell(w, line * 1.05, latin1(c), align="R" if i in right else "L")
            pdf.ln(line * 1.05)


def _top(p: _Page, s: Summary) -> None:
    """Title, who, red flags, the verdict and the review table (present()'s rows)."""
    p.pdf.set_font("helvetica", "B", p.size + 5)
    title = latin1(f"Pain diary summary: {s.course.name}")
    p.pdf.cell(0, p.line * 1.8, title, new_x="LMARGIN", new_y="NEXT")
    p.para("   ".join(f"{k}: {v}" for k, v in s.who()))
    flags = s.red_flags()
    if flags:  # red flags first, never hidden (product.md)
        p.heading("RED FLAGS: symptoms that need a clinician", (213, 94, 0))
        for f in flags:
            p.para(f"! {f}", "B")
    p.heading(f"Verdict: {s.verdict}")
    p.para(s.headline, "B")
    p.heading("Baseline week compared with the last 7 days")
    rows = [[r.label, r.baseline, r.current, r.change, "", r.words] for r in s.rows()]
    p.table(  # an empty column keeps the words off the right-aligned change
        ["Measure", "Baseline", "Last 7 days", "Change", "", "What it means"],
        rows,
        [w * p.width for w in (0.28, 0.11, 0.13, 0.17, 0.03, 0.28)],
        {1, 2, 3},
    )


def _rest(p: _Page, s: Summary) -> None:
    """The chart, sessions, medication, impression, caveats, completeness and sources."""
    p.heading(f"Pain trend, {s.window.start} to {s.window.end}")
    c = chart(s, p.width, 58 * p.scale, 2.6 * p.scale)
    top = p.pdf.get_y() + 1
    _draw_chart(p.pdf, c, p.pdf.l_margin, top)
    p.pdf.set_y(top + c.height)
    p.heading("Sessions: immediate relief")
    p.para(s.relief())
    sessions = s.session_lines()
    if sessions:
        p.para("   ".join(f"#{n} {d}: {b} -> {a} ({r:+d})" for n, d, b, a, r in sessions))
    p.para(f"Side effects: {s.side_effects()}")
    p.heading("Medication")
    for m in s.medication():
        p.para(m)
    p.heading("Impression and decision")
    p.para(f"{s.impression()} {s.decision_text()}")
    if s.review.caveats:
        p.heading("Caveats")
        for cav in s.review.caveats:
            p.para(f"- {cav}")
    p.heading("Data completeness")
    p.para("; ".join(str(c) for c in s.completeness) + ".")
    p.pdf.ln(p.line * 0.5)
    p.pdf.set_font("helvetica", "", p.size * 0.85)
    p.pdf.set_text_color(90, 90, 90)
    sources = latin1("Thresholds: " + " ".join(s.footnotes()) + " " + DISCLAIMER)
    p.pdf.multi_cell(0, p.line * 0.85, sources)


def _layout(s: Summary, scale: float) -> FPDF:
    page = _Page(s, scale)
    _top(page, s)
    _rest(page, s)
    return page.pdf


def render(s: Summary) -> bytes:
    """One A4 page for a typical course: the layout shrinks in steps until it fits."""
    pdf = _layout(s, SCALES[0])
    for scale in SCALES[1:]:
        if pdf.page_no() == 1:
            break
        pdf = _layout(s, scale)
    return bytes(pdf.output())
