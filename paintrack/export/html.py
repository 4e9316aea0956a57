"""The clinician summary as one self-contained HTML page: inline CSS and an inline SVG chart,
no scripts, fonts or images from anywhere else, laid out to print on one A4/Letter page."""

from __future__ import annotations

import html

from paintrack.export.summary import DISCLAIMER, Chart, Summary, chart
from paintrack.render import safe


def escape(text: str) -> str:
    """Text as HTML: `& < > " '` escaped, and control characters (which HTML may not hold)
    shown as visible escapes such as `\\x1b`, like on a terminal (render/safe.py)."""
    return html.escape(safe.terminal(text))


CSS = """
@page { size: A4; margin: 8mm 10mm; }
* { box-sizing: border-box; }
body { font: 9.5pt/1.32 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       max-width: 190mm; margin: 0 auto; padding: 6mm 0; }
h1 { font-size: 14pt; margin: 0 0 1.5mm; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm; border-bottom: 1px solid #ccc; }
p, ul { margin: 0.8mm 0; } ul { padding-left: 5mm; }
.who { display: flex; flex-wrap: wrap; gap: 0.5mm 5mm; margin: 0; padding: 0; list-style: none; }
.flags { border: 2px solid #D55E00; background: #fff3ec; padding: 1.5mm 3mm; margin: 2mm 0; }
.flags h2 { color: #D55E00; border: 0; margin-top: 0; }
.verdict { font-size: 11pt; font-weight: 600; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { padding: 0.4mm 1.5mm; border-bottom: 1px solid #e4e4e4; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.sub { padding-left: 5mm; color: #555; }
.cols { display: flex; gap: 5mm; } .cols > div { flex: 1; }
.small { font-size: 8pt; color: #555; }
svg { width: 100%; height: auto; display: block; }
@media print { body { padding: 0; font-size: 9pt; } table { font-size: 8.5pt; } }
"""


def svg(c: Chart) -> str:
    """The chart's shapes as inline SVG (user units = the chart's own)."""
    out = [f'<svg viewBox="0 0 {c.width:g} {c.height:g}" role="img" aria-label="Daily pain chart">']
    for ln in c.lines:
        dash = ' stroke-dasharray="3 2"' if ln.dash else ""
        out.append(
            f'<line x1="{ln.x1:.1f}" y1="{ln.y1:.1f}" x2="{ln.x2:.1f}" y2="{ln.y2:.1f}" '
            f'stroke="{ln.color}" stroke-width="{ln.width:g}"{dash}/>'
        )
    for points, colour, width in c.polylines:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width:g}"/>'
        )
    for x, y, r, colour in c.dots:
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>')
    for x, y, size, colour in c.marks:
        out.append(
            f'<polygon points="{x:.1f},{y - size:.1f} {x - size / 2:.1f},{y:.1f} '
            f'{x + size / 2:.1f},{y:.1f}" fill="{colour}"/>'
        )
    for t in c.texts:
        out.append(
            f'<text x="{t.x:.1f}" y="{t.y:.1f}" font-size="{t.size:g}" fill="{t.color}" '
            f'text-anchor="{t.anchor}">{escape(t.text)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _review_table(s: Summary) -> list[str]:
    """The review's rows: `present()`'s numbers and words, as on screen and in JSON."""
    e = escape
    out = ["<h2>Baseline week compared with the last 7 days</h2><table>"]
    out.append(
        '<tr><th>Measure</th><th class="n">Baseline</th><th class="n">Last 7 days</th>'
        '<th class="n">Change</th><th>What it means</th></tr>'
    )
    for r in s.rows():
        cls = ' class="sub"' if r.indent else ""
        out.append(
            f"<tr><td{cls}>{e(r.label)}</td><td class='n'>{e(r.baseline)}</td>"
            f"<td class='n'>{e(r.current)}</td><td class='n'>{e(r.change)}</td>"
            f"<td>{e(r.words)}</td></tr>"
        )
    out.append("</table>")
    return out


def render(s: Summary) -> str:
    e = escape
    body = [f"<h1>Pain diary summary: {e(s.course.name)}</h1>", '<ul class="who">']
    body += [f"<li><b>{e(k)}:</b> {e(v)}</li>" for k, v in s.who()]
    body.append("</ul>")
    flags = s.red_flags()
    if flags:  # red flags first, never hidden (product.md)
        body.append('<div class="flags"><h2>Red flags: symptoms that need a clinician</h2><ul>')
        body += [f"<li><b>{e(f)}</b></li>" for f in flags]
        body.append("</ul></div>")
    body.append(f'<p class="verdict">Verdict: {e(s.verdict)}. {e(s.headline)}</p>')
    body += _review_table(s)
    body.append(f"<h2>Pain trend, {s.window.start} to {s.window.end}</h2>")
    body.append(svg(chart(s, 640, 190, 9)))
    body.append('<div class="cols"><div><h2>Sessions: immediate relief</h2>')
    body.append(f"<p>{e(s.relief())}</p>")
    lines = s.session_lines()
    if lines:
        body.append(
            '<table><tr><th class="n">#</th><th>Date</th><th class="n">Before</th>'
            '<th class="n">After</th><th class="n">Relief</th></tr>'
        )
        body += [
            f"<tr><td class='n'>{n}</td><td>{d}</td><td class='n'>{b}</td>"
            f"<td class='n'>{a}</td><td class='n'>{r:+d}</td></tr>"
            for n, d, b, a, r in lines
        ]
        body.append("</table>")
    body.append(f"<p><b>Side effects:</b> {e(s.side_effects())}</p></div><div>")
    body.append("<h2>Medication</h2><ul>")
    body += [f"<li>{e(m)}</li>" for m in s.medication()]
    body.append("</ul><h2>Impression and decision</h2><ul>")
    body.append(f"<li>{e(s.impression())}</li><li>{e(s.decision_text())}</li></ul>")
    body.append("<h2>Data completeness</h2><ul>")
    body += [f"<li>{e(str(c))}</li>" for c in s.completeness]
    body.append("</ul></div></div>")
    if s.review.caveats:
        body.append("<h2>Caveats</h2><ul>")
        body += [f"<li>{e(c)}</li>" for c in s.review.caveats]
        body.append("</ul>")
    body.append('<p class="small"><b>Thresholds (sources):</b> ')
    body.append(" ".join(e(n) for n in s.footnotes()))
    body.append(f"<br>{e(DISCLAIMER)}</p>")
    title = e(f"Pain diary summary: {s.course.name}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
