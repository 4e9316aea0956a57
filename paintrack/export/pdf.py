"""The clinician's page as a tagged PDF (PDF/UA-1), laid out by Typst from data only.

The blocks of `export.page` go to the template `page.typ` as JSON (`sys.inputs`), the chart as
SVG with its trend sentence as alternative text: no user text is ever pasted into Typst markup.
Typst (the `typst` package, the `pdf` extra; imported only here) writes a tagged PDF: headings,
paragraphs, lists, tables with header cells, the figure's alt text, `/Lang`, and with
`pdf_standards="ua-1"` the PDF/UA-1 identification. Without the package, a `typst` command on
PATH does the same (Termux: `pkg install typst`); without either, one line says how to get PDF.

Fonts: Typst's own (Libertinus Serif: Latin, Greek, Cyrillic) after the system's Noto Sans or
DejaVu Sans; other scripts come from the system's font folders by fallback. A script no
installed font covers is named (`fonts.missing`), and the page is then made without the PDF/UA
claim (which would refuse a character it cannot show) instead of failing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, time
from importlib import resources
from pathlib import Path
from typing import Literal

from paintrack.errors import CannotWrite
from paintrack.export import chart as drawing
from paintrack.export import fonts
from paintrack.export.blocks import Chart, Page
from paintrack.export.page import page
from paintrack.export.summary import Summary

FONTS = ("Noto Sans", "DejaVu Sans", "Libertinus Serif")  # one family, Typst's own last
NO_TYPST = (
    "PDF needs Typst, which is not installed here: pip install 'paintrack[pdf]' (Termux: pkg "
    "install typst). HTML works now: paintrack export -o summary.html. Nothing was written."
)


def inputs(p: Page, s: Summary) -> dict[str, str]:
    """What the template reads: the page as JSON, the chart as SVG (the HTML page's)."""
    alt = next((b.alt for sec in p.sections for b in sec.blocks if isinstance(b, Chart)), "")
    shapes = drawing.chart(s, 640, 104, 9)
    data = p.as_json() | {"fonts": list(FONTS)}
    return {"data": json.dumps(data, ensure_ascii=False), "svg": drawing.svg(shapes, alt, True)}


def render(s: Summary, say: Callable[[str], None] | None = None) -> bytes:
    """The page as PDF bytes; `say` hears the one line naming a script without a font."""
    p = page(s)
    missing = fonts.missing(p.text())
    if missing and say is not None:
        say(fonts.advice(missing))
    given = inputs(p, s)
    stamp = datetime.combine(s.today, time(), tzinfo=UTC)  # the same data gives the same bytes
    try:
        import typst
    except ImportError:
        return _command(given, ua=not missing)
    template = resources.files("paintrack.export").joinpath("page.typ").read_bytes()
    standard: Literal["ua-1"] | None = None if missing else "ua-1"
    try:
        made = typst.compile(
            template,
            sys_inputs=given,
            pdf_standards=standard,
            timestamp=stamp,
        )
    except typst.TypstError as e:  # a character no font shows, found by Typst itself
        script = fonts.from_error(str(e))
        if script is None:
            raise
        if say is not None:
            say(fonts.advice(script))
        made = typst.compile(template, sys_inputs=given, timestamp=stamp)
    assert isinstance(made, bytes)
    return made


def _command(given: dict[str, str], ua: bool) -> bytes:
    """The same page through a `typst` command on PATH (the data in files beside it)."""
    exe = shutil.which("typst")
    if exe is None:
        raise CannotWrite(NO_TYPST)
    with tempfile.TemporaryDirectory(prefix="paintrack-") as tmp:
        folder = Path(tmp)
        template = resources.files("paintrack.export").joinpath("page.typ").read_bytes()
        (folder / "page.typ").write_bytes(template)
        (folder / "data.json").write_text(given["data"], encoding="utf-8")
        (folder / "chart.svg").write_text(given["svg"], encoding="utf-8")
        args = [exe, "compile", "--root", tmp, str(folder / "page.typ"), str(folder / "page.pdf")]
        done = subprocess.run(
            [*args, *(["--pdf-standard", "ua-1"] if ua else [])], capture_output=True, text=True
        )
        if done.returncode != 0 and ua:
            done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode != 0:
            raise CannotWrite(f"typst could not make the PDF: {done.stderr.strip()[:300]}")
        return (folder / "page.pdf").read_bytes()
