"""The clinician summary as Markdown that also reads well as plain text in an email."""

from __future__ import annotations

from paintrack.domain.numbers import mean_text
from paintrack.export.summary import DISCLAIMER, Summary
from paintrack.render.safe import markdown as md

BAR_WIDTH = 20  # characters for 10/10 in the weekly trend

# Every text that can hold the patient's words (names, practitioner, condition, label, activity
# and medication names inside rows, flags and caveats) goes through `md`: shown literally on its
# one line, never a heading, a link, an image or HTML (render/safe.py).


def _table(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        out = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(out) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if i in right else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    return [line(head), rule, *(line(r) for r in rows)]


def render(s: Summary) -> str:
    out = [f"# Pain diary summary: {md(s.course.name)}", ""]
    out += [f"- **{k}:** {md(v)}" for k, v in s.who()]
    out.append("")
    flags = s.red_flags()
    if flags:  # red flags first, never hidden (product.md)
        out += ["## RED FLAGS: symptoms that need a clinician", ""]
        out += [f"- **{md(f)}**" for f in flags]
        out.append("")
    out += [f"## Verdict: {s.verdict}", "", md(s.headline), ""]
    out += ["## Baseline week compared with the last 7 days", ""]
    rows = [[md(r.label), r.baseline, r.current, r.change, md(r.words)] for r in s.rows()]
    head = ["Measure", "Baseline", "Last 7 days", "Change", "What it means"]
    out += _table(head, rows, {1, 2, 3})
    out += ["", "Thresholds (sources):", ""]
    out += [f"- {note}" for note in s.footnotes()]
    out += ["", "## Pain trend: weekly mean of daily average pain (0-10)", "", "```"]
    out.append("Weeks run Monday to Sunday.")
    for w in s.weekly:
        if w.mean is None:
            out.append(f"week of {w.start}     -  0 days")
            continue
        bar = "#" * round(w.mean / 10 * BAR_WIDTH)
        days = f"{w.days} day{'s' * (w.days != 1)}"
        out.append(f"week of {w.start}  {mean_text(w.mean):>4}  {days:<6}  {bar}")
    if (levels := s.reduction_text()) is not None:
        out.append(levels)
    out += ["```", "", "## Sessions: immediate relief", "", s.relief(), ""]
    sessions = s.session_lines()
    if sessions:
        rows = [
            [str(n), d, str(b), str(a), f"{r:+d}".replace("-", "−")] for n, d, b, a, r in sessions
        ]
        out += _table(["#", "Date", "Before", "After", "Relief"], rows, {0, 2, 3, 4})
        out.append("")
    out += [f"Side effects: {s.side_effects()}", "", "## Medication", ""]
    out += [f"- {md(line)}" for line in s.medication()]
    out += [
        "",
        "## Patient's impression and decision",
        "",
        f"- {s.impression()}",
        f"- {s.decision_text()}",
        "",
    ]
    if s.review.caveats:
        out += ["## Caveats", ""]
        out += [f"- {md(c)}" for c in s.review.caveats]
        out.append("")
    out += ["## Data completeness", ""]
    out += [f"- {c}" for c in s.completeness]
    out += ["", "---", "", DISCLAIMER]
    return "\n".join(out).rstrip("\n") + "\n"
