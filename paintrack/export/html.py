"""The clinician's page as one self-contained HTML page: inline CSS and an inline SVG chart, no
scripts, fonts or images from anywhere else, laid out to print on one A4/Letter page.

Accessible (WCAG 2.2 AA): one `<main>`, the verdict as a heading, each table with a `<caption>`
and `<th scope>` header cells, the chart an `<svg role="img">` with a `<title>` and a `<desc>`
(the trend in words) and its daily values as a table (folded away under `<details>`, so it does
not print), colours of at least 4.5:1 for text and 3:1 for marks on their background.
"""

from __future__ import annotations

import html

from paintrack.domain import numbers as num
from paintrack.export import chart as drawing
from paintrack.export.blocks import Chart, Items, Page, Para, Section, Table
from paintrack.export.page import page
from paintrack.export.summary import ALERT, Summary
from paintrack.render import safe


def escape(text: str) -> str:
    """Text as HTML: `& < > " '` escaped, and control characters (which HTML may not hold)
    shown as visible escapes such as `\\x1b`, like on a terminal (render/safe.py)."""
    return html.escape(safe.terminal(text))


CSS = f"""
@page {{ size: A4; margin: 5mm 9mm; }}
* {{ box-sizing: border-box; }}
body {{ font: 8pt/1.28 "Noto Sans", "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif;
       color: #1a1a1a; background: #fff; max-width: 190mm; margin: 0 auto; padding: 4mm 0; }}
h1 {{ font-size: 12.5pt; margin: 0 0 0.8mm; }}
h2 {{ font-size: 8.8pt; margin: 1.8mm 0 0.5mm; border-bottom: 1px solid #b3b3b3; }}
p, ul {{ margin: 0.4mm 0; }} ul {{ padding-left: 4mm; }}
ul.two {{ columns: 2; column-gap: 6mm; }} ul.two li {{ break-inside: avoid; }}
.facts {{ display: flex; flex-wrap: wrap; gap: 0 4mm; margin: 0; padding: 0; list-style: none; }}
.alert {{ border: 1.5px solid {ALERT}; background: #fff6f0; padding: 0 2.5mm 0.8mm; margin-top: 1.5mm; }}
.alert h2 {{ color: {ALERT}; border: 0; }}
.verdict h2 {{ font-size: 10pt; border: 0; }}
.strong {{ font-weight: 600; }}
table {{ border-collapse: collapse; font-size: 7.6pt; margin-top: 0.3mm; }}
caption {{ text-align: left; font-style: italic; color: #444; font-size: 7.4pt; }}
th, td {{ padding: 0 1.4mm; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top;
         white-space: nowrap; }}
th.w, td.w {{ white-space: normal; }}
thead th {{ font-weight: 600; border-bottom: 1px solid #777; }} tbody th {{ font-weight: normal; }}
.n {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.sub {{ padding-left: 4mm; color: #444; }}
.cols {{ display: flex; gap: 6mm; }} .cols > div {{ flex: 3; min-width: 0; }}
.cols > div + div {{ flex: 2; }}
.small {{ font-size: 6.6pt; color: #444; margin-top: 1.2mm; }}
svg {{ width: 100%; height: auto; display: block; }}
details {{ font-size: 7.6pt; }}
.more {{ break-before: page; }}
@media print {{
  body {{ padding: 0; font-size: 7.3pt; line-height: 1.12; }} table {{ font-size: 7.1pt; }}
  h2 {{ margin-top: 1.1mm; }} details {{ display: none; }} .small {{ font-size: 6.2pt; }}
  .cols {{ gap: 5mm; }}
}}
"""


def table(t: Table) -> str:
    e, right = escape, set(t.numeric)

    def cls(i: int, row: int | None = None) -> str:
        names = ["n"] * (i in right) + ["sub"] * (i == 0 and row in t.sub) + ["w"] * (i in t.wrap)
        return f' class="{" ".join(names)}"' if names else ""

    out = [f"<table><caption>{e(t.caption)}</caption><thead><tr>"]
    out += [f'<th scope="col"{cls(i)}>{e(h)}</th>' for i, h in enumerate(t.head)]
    out.append("</tr></thead><tbody>")
    for n, r in enumerate(t.rows):
        first = f'<th scope="row"{cls(0, n)}>{e(r[0])}</th>'
        rest = "".join(f"<td{cls(i)}>{e(c)}</td>" for i, c in enumerate(r) if i)
        out.append(f"<tr>{first}{rest}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def daily_values(s: Summary) -> str:
    """The chart's data as a table: each day's mean pain, and the session days."""
    sessions = {x.date for x in s.sessions}
    rows = tuple(
        (p.date.isoformat(), num.mean_text(p.value), "session" if p.date in sessions else "")
        for p in s.pain.points
        if p.value is not None or p.date in sessions
    )
    t = Table("Daily mean pain (0 to 10), the chart's values", ("Date", "Pain", ""), rows, (1,))
    return f"<details><summary>The chart's daily values</summary>{table(t)}</details>"


def section(sec: Section, s: Summary) -> str:
    e = escape
    css = {"alert": "alert", "verdict": "verdict"}.get(sec.tone, "")
    out = [f"<section{f' class={css!r}' if css else ''}>".replace("'", '"')]
    out.append(f"<h2>{e(sec.title)}</h2>")
    for b in sec.blocks:
        if isinstance(b, Table):
            out.append(table(b))
        elif isinstance(b, Items):
            two = ' class="two"' if b.columns > 1 else ""
            out.append(f"<ul{two}>" + "".join(f"<li>{e(x)}</li>" for x in b.items) + "</ul>")
        elif isinstance(b, Para):
            out.append(
                f'<p class="{b.style}">{e(b.text)}</p>' if b.style else f"<p>{e(b.text)}</p>"
            )
        elif isinstance(b, Chart):
            out.append(drawing.svg(drawing.chart(s, 640, 92, 9), b.alt))
            out.append(daily_values(s))
    out.append("</section>")
    return "\n".join(out)


def render_page(p: Page, s: Summary) -> str:
    e = escape
    body = [f"<h1>{e(p.title)}</h1>", '<ul class="facts">']
    body += [f"<li><b>{e(k)}:</b> {e(v)}</li>" for k, v in p.facts]
    body.append("</ul>")
    for left, right in p.layout():
        if not right:
            body += [section(x, s) for x in left]
            continue
        body.append('<div class="cols"><div>')
        body += [section(x, s) for x in left]
        body.append("</div><div>")
        body += [section(x, s) for x in right]
        body.append("</div></div>")
    body.append('<footer class="small">' + " ".join(e(n) for n in p.footnotes) + "</footer>")
    body += [f'<div class="more">{section(x, s)}</div>' for x in p.sections if x.more]
    return (
        f'<!DOCTYPE html>\n<html lang="{p.lang}"><head><meta charset="utf-8">\n'
        f"<title>{e(p.title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{CSS}</style></head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body></html>\n"
    )


def render(s: Summary) -> str:
    return render_page(page(s), s)
