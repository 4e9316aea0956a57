"""The clinician's page as HTML (issue 22 point 4): landmarks, headings, tables with captions and
header scopes, the chart named and described with its values as a table, WCAG AA colours; axe-core
(npm, tests/a11y/package-lock.json) in headless Chromium finds no serious or critical violation
and no landmark problem; printed by Chromium it is one A4 page, for the demo and a heavy course.

Chromium is started as /work/shared/loopback.md says: no background networking, only file://."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from paintrack.cli.common import freeze
from paintrack.export import summary
from tests import heavy_course as heavy
from tests.export_fixtures import DEMO_NOW, DEMO_UNTIL, write_demo

AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-gpu",
)
RUN_AXE = """
<script src="{axe}"></script>
<script>
axe.run(document, {{resultTypes: ["violations"]}}).then(r => {{
  const found = r.violations.map(v => ({{id: v.id, impact: v.impact, nodes: v.nodes.length}}));
  const out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
}});
</script>
"""


@cache
def page(kind: str, folder: str) -> Path:
    """The HTML page of the demo (as of DEMO_UNTIL) or of the heavy course, written once."""
    from typer.testing import CliRunner

    from paintrack.cli import app

    db = Path(folder) / f"{kind}.db"
    out = Path(folder) / f"{kind}.html"
    if kind == "demo":
        write_demo(db)
        args, now = ["--until", DEMO_UNTIL], DEMO_NOW
    else:
        heavy.write_heavy(db)
        args, now = [], heavy.NOW
    with freeze(now):
        r = CliRunner().invoke(app, ["--db", str(db), "export", "-o", str(out), *args])
    assert r.exit_code == 0, r.stderr
    return out


@pytest.fixture(scope="module", params=["demo", "heavy"])
def html_page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return page(request.param, str(tmp_path_factory.getbasetemp()))


def test_landmarks_headings_tables_and_the_described_chart(html_page: Path) -> None:
    text = html_page.read_text()
    assert text.count("<main>") == 1 and '<html lang="en">' in text
    assert re.search(r"<h2>(Verdict: \w+|Too early to judge: \d+ of \d+ sessions)</h2>", text)
    tables = re.findall(r"<table>.*?</table>", text, re.S)
    assert len(tables) >= 4
    for t in tables:
        assert re.match(r"<table><caption>[^<]+</caption><thead><tr><th scope=\"col\"", t), t[:80]
        rows = re.findall(r"<tbody>.*</tbody>", t, re.S)[0].count("<tr>")
        assert rows == t.count('<th scope="row"')
    desc = re.search(
        r'<svg [^>]*role="img" aria-labelledby="chart-title chart-desc">\s*'
        r'<title id="chart-title">[^<]+</title>\s*<desc id="chart-desc">([^<]+)</desc>',
        text,
    )
    assert desc and desc.group(1).startswith("Daily pain (0 to 10) fell from about ")
    assert "<caption>Daily mean pain (0 to 10), the chart&#x27;s values</caption>" in text


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_meet_wcag_aa() -> None:
    for text_colour in (
        summary.PURPLE,
        summary.GREEN,
        summary.VERMILLION,
        summary.ALERT,
        "#444444",
    ):
        assert contrast(text_colour, "#ffffff") >= 4.5, text_colour  # labels are text (1.4.3)
    assert contrast(summary.ALERT, "#fff6f0") >= 4.5
    for mark in (summary.BLUE, summary.ORANGE, summary.GREY):
        assert contrast(mark, "#ffffff") >= 3, mark  # graphics (1.4.11)


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=90,
    )


def test_axe_core_finds_nothing_serious_and_no_landmark_problem(
    html_page: Path, tmp_path: Path
) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: (cd tests/a11y && npm ci)")
    probe = tmp_path / "probe.html"
    probe.write_text(
        html_page.read_text().replace("</body>", RUN_AXE.format(axe=AXE.as_uri()) + "</body>")
    )
    r = _chromium(
        tmp_path,
        "--allow-file-access-from-files",
        "--virtual-time-budget=15000",
        "--dump-dom",
        probe.as_uri(),
    )
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', r.stdout, re.S)
    assert found, f"axe did not report: {r.stderr[-500:]}"
    violations = json.loads(found.group(1).replace("&quot;", '"'))
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    bad += [v for v in violations if v["id"] in ("landmark-one-main", "region")]
    assert bad == [], violations


def test_chromium_prints_it_on_one_page(html_page: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "printed.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={out}", html_page.as_uri())
    assert len(PdfReader(out).pages) == 1
