"""One escaping boundary per medium: user text is data, never markup, never a control sequence,
a spreadsheet formula or a heading (issue 10).

Every renderer passes text the patient typed or imported (notes, names, practitioner, condition,
goals, labels, file names) through the function of its medium, at the edge, so the stored data
stays exact and only its display changes:

- `terminal(text)`: C0 and C1 control characters (but newline and tab), DEL and the bidi
  controls that reorder a line are shown as visible escapes (`\\x1b`, `\\u202e`); nothing can move
  the cursor, set a title, write the clipboard or hide a line.
- `rich(text)`: the same, as a rich `Text` (never parsed as markup: `[/i]` stays `[/i]`).
- `line(text)`: `terminal`, and a newline shown as `\\n`, for text that must stay on one line.
- `markdown(text)`: Markdown metacharacters and HTML escaped, one line, so a name cannot forge a
  heading, a link, an image or raw HTML.
- `csv_cell(value)`: a cell that a spreadsheet would run as a formula (starting `= + - @`, tab or
  CR) gets a leading `'`; only for files meant for spreadsheets (`history --csv`), never for the
  round-trip export, which keeps exact values.
- `spreadsheet(value)`: `terminal`, then `csv_cell`: a cell of a CSV meant for a spreadsheet.
- `fhir_string(text)`: control characters FHIR strings may not hold (below U+0020 but tab, CR
  and newline) shown as visible escapes.
- `json_document(text)`: a serialised JSON document with DEL, C1, bidi controls and line
  separators written as `\\uXXXX` escapes (the same values, nothing raw on a terminal).
- `styled(text)`: a line a renderer built (with `paint()` colours): every control shown as a
  visible escape but the colour and bold sequences (`ESC [ … m`), and those only when `colour`.

Standard library only (rich is imported inside `rich`), so the hot paths stay light.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 controls but tab (0x09) and newline (0x0a), DEL, C1 controls, and the bidi embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can reorder what a line shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_NEWLINES = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Text safe to print on a terminal: every control shown as a visible escape."""
    return _CONTROLS.sub(_visible, text)


def line(text: str) -> str:
    """Text safe to print on one terminal line: controls and newlines shown as escapes."""
    return _CONTROLS_AND_NEWLINES.sub(_visible, text)


_SGR = re.compile("\x1b\\[[0-9;]*m")


def styled(text: str, *, colour: bool) -> str:
    """Output a renderer built: colour and bold sequences (`ESC [ … m`, which cannot move the
    cursor, set a title or make a link) kept when `colour`; every other control made visible.
    The last net under every line a command prints (cli.common.out/err)."""
    if not colour or "\x1b" not in text:
        return terminal(text)
    out, at = [], 0
    for m in _SGR.finditer(text):
        out += [terminal(text[at : m.start()]), m.group()]
        at = m.end()
    out.append(terminal(text[at:]))
    return "".join(out)


def rich(text: str, style: str = "") -> Text:
    """A rich Text holding `text` literally (no markup is read) with controls made visible."""
    from rich.text import Text

    return Text(terminal(text), style=style)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")
_MD_LEADING = re.compile(r"^(\s*\d*)([#>+\-=.)])(?=[\s#]|$)")
_MD_LINKS = re.compile(r"(?i)(https?|ftp|mailto|file|data|javascript|www)([:.])")


def markdown(text: str) -> str:
    """Text safe inside a Markdown line: inline metacharacters backslash-escaped (`[`, `]`, `!`,
    `*`, `_`, `` ` ``, `|`, `<`, `>`, `&`, `~`), a line-start `#`, `-`, `>`, `1.` escaped, a URL
    scheme or `www.` broken so no previewer turns it into a link, and newlines and controls shown
    as visible escapes, so it stays on its one line."""
    out = _MD_INLINE.sub(r"\\\1", line(text))
    out = _MD_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
    return _MD_LINKS.sub(r"\1\\\2", out)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value for a spreadsheet cell: text a spreadsheet would run as a formula is prefixed
    with `'` (OWASP's advice); other values unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet(value: object) -> object:
    """A cell of a CSV meant for a spreadsheet (`history --csv`, `export --spreadsheet`):
    controls made visible, then a would-be formula neutralised."""
    return csv_cell(terminal(value)) if isinstance(value, str) else value


_FHIR_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def fhir_string(text: str) -> str:
    """A FHIR string: no control characters below U+0020 but tab, CR and newline (FHIR R4
    datatypes: string is `[ \\r\\n\\t\\S]+`); each other one is shown as a visible escape
    (`\\x1b`), so nothing is dropped silently and a string never becomes empty."""
    return _FHIR_CONTROLS.sub(_visible, text)


# In a JSON document these can only be inside strings, where `\uXXXX` is the same value.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_document(text: str) -> str:
    """A serialised JSON document (json.dumps with ensure_ascii=False, which leaves these raw)
    with DEL, C1 controls, bidi controls and line separators escaped as `\\uXXXX`: the same
    values for a program, nothing a terminal would act on (below U+0020 json escapes itself)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# json writes a control character as `\u001b` (or `\b`, `\f`), unless its backslash is escaped.
_JSON_ESCAPED_CONTROL = re.compile(r"(?<!\\)((?:\\\\)*)\\(u00(?:0[0-8bcef]|1[0-9a-f])|[bf])")
_SHORT = {"b": "08", "f": "0c"}


def fhir_json(encoded: str) -> str:
    """JSON text whose strings are FHIR strings: each control character FHIR may not hold (as
    json escaped it) becomes its visible `\\x1b`, like `fhir_string`; then `json_document`.
    For writers that encode as they stream (export/fhir), one regex over the text."""
    if "\\" in encoded:
        encoded = _JSON_ESCAPED_CONTROL.sub(_json_visible, encoded)
    return json_document(encoded)


def _json_visible(m: re.Match[str]) -> str:
    code = m.group(2)
    return m.group(1) + "\\\\x" + (_SHORT.get(code) or code[-2:])
