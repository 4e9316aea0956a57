"""The clinician's page as Markdown that also reads well as plain text in an email: the blocks
of `export.page`, each table a pipe table with its caption above it."""

from __future__ import annotations

from paintrack.export.blocks import Chart, Items, Page, Para, Section, Table
from paintrack.export.page import page
from paintrack.export.summary import Summary
from paintrack.render.safe import markdown as md

# Every text that can hold the patient's words (names, practitioner, condition, label, goals,
# notes, activity and medication names inside rows) goes through `md`: shown literally on its
# one line, never a heading, a link, an image or HTML (render/safe.py).


def _table(t: Table) -> list[str]:
    head = [md(h) for h in t.head]
    rows = [[md(c) for c in r] for r in t.rows]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = set(t.numeric)

    def line(cells: list[str]) -> str:
        out = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(out) + " |"

    rule = "|" + "|".join(
        ("-" * (w + 1) + ":") if i in right else "-" * (w + 2) for i, w in enumerate(widths)
    )
    return [f"*{md(t.caption)}*", "", line(head), rule + "|", *(line(r) for r in rows)]


def _section(s: Section) -> list[str]:
    title = s.title.upper() if s.tone == "alert" else s.title
    out = [f"## {md(title)}", ""]
    for b in s.blocks:
        if isinstance(b, Table):
            out += _table(b)
        elif isinstance(b, Items):
            out += [f"- {md(x)}" for x in b.items]
        elif isinstance(b, Para):
            out.append(f"**{md(b.text)}**" if b.style == "strong" else md(b.text))
        elif isinstance(b, Chart):
            out.append(f"Chart: {md(b.alt)}")
        out.append("")
    return out


def render_page(p: Page) -> str:
    out = [f"# {md(p.title)}", ""]
    out += [f"- **{md(k)}:** {md(v)}" for k, v in p.facts]
    out.append("")
    for s in p.sections:
        out += _section(s)
    out += ["---", ""]
    out += [f"- {md(n)}" for n in p.footnotes]
    return "\n".join(out).rstrip("\n") + "\n"


def render(s: Summary) -> str:
    return render_page(page(s))
