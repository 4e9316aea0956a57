"""Which scripts of the page no installed font can show, named so the patient can fix it.

Typst brings fonts for Latin, Greek and Cyrillic (Libertinus Serif, New Computer Modern); every
other script comes from the system's font folders. Before the PDF is made, each script found in
the page's text (by the Unicode name of its characters) is looked up with fontconfig's
`fc-list :charset=HEX` for one of its characters: no font listed means no font for that script,
and one line on stderr names it ("No font for Japanese here: …"). Where fontconfig is missing
(Termux without it, macOS, Windows), Typst itself refuses such a character under PDF/UA-1, and
`from_error` names its script from that message. Reading every font file's character map
would cost far more than the page itself; fontconfig already keeps that index.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cache

#: A character's Unicode name starts with its script's; the Debian package with a font for it.
SCRIPTS = {
    "CJK": ("Chinese", "fonts-noto-cjk"),
    "HIRAGANA": ("Japanese", "fonts-noto-cjk"),
    "KATAKANA": ("Japanese", "fonts-noto-cjk"),
    "HANGUL": ("Korean", "fonts-noto-cjk"),
    "ARABIC": ("Arabic", "fonts-noto-core"),
    "HEBREW": ("Hebrew", "fonts-noto-core"),
    "DEVANAGARI": ("Devanagari", "fonts-noto-core"),
    "BENGALI": ("Bengali", "fonts-noto-core"),
    "TAMIL": ("Tamil", "fonts-noto-core"),
    "THAI": ("Thai", "fonts-noto-core"),
    "GEORGIAN": ("Georgian", "fonts-noto-core"),
    "ARMENIAN": ("Armenian", "fonts-noto-core"),
    "ETHIOPIC": ("Ethiopic", "fonts-noto-core"),
}
EMOJI = ("emoji", "fonts-noto-color-emoji")


def script_of(ch: str) -> tuple[str, str] | None:
    """(script, package) for a character Typst's own fonts do not hold; None for the rest."""
    if ord(ch) < 0x370:
        return None
    if ord(ch) >= 0x1F000 or (0x2600 <= ord(ch) <= 0x27BF and unicodedata.category(ch) == "So"):
        return EMOJI if ord(ch) >= 0x1F000 else None
    word = unicodedata.name(ch, "").split(" ")[0]
    return SCRIPTS.get(word)


def scripts(text: str) -> dict[str, tuple[str, str]]:
    """Each script in `text` beyond Latin, Greek and Cyrillic: one of its characters, its package."""
    found: dict[str, tuple[str, str]] = {}
    for ch in set(text):
        s = script_of(ch)
        if s is not None and s[0] not in found:
            found[s[0]] = (ch, s[1])
    return found


@cache
def _covered(ch: str) -> bool:
    done = subprocess.run(
        ["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True, text=True, timeout=10
    )
    return bool(done.stdout.strip())


def missing(text: str) -> dict[str, str]:
    """The scripts in `text` that no installed font covers, with the package that has one
    (nothing known without fontconfig: Typst's own refusal names it then)."""
    found = scripts(text)
    if not found or shutil.which("fc-list") is None:
        return {}
    return {name: pkg for name, (ch, pkg) in sorted(found.items()) if not _covered(ch)}


def advice(missing: dict[str, str]) -> str:
    names = " or ".join(missing)
    packages = " ".join(sorted(set(missing.values())))
    return (
        f"No font for {names} here: that text may show as empty boxes in the PDF. Install "
        f"{packages} (or another font for it), or send the HTML."
    )


def from_error(message: str) -> dict[str, str] | None:
    """The script of the character a Typst error says no font can display, if it says so."""
    found = re.search(r'text `"(.)', message)
    if "could not be displayed" not in message or found is None:
        return None
    s = script_of(found.group(1))
    return {s[0]: s[1]} if s else {"a script": "fonts-noto-core"}


FACES = ("Regular", "Bold", "Italic", "BoldItalic")  # what the page uses of its family


def family_files(family: str) -> list[str]:
    """The regular, bold and italic files of `family`, from fontconfig ([] when not found).

    A page in Latin, Greek or Cyrillic needs nothing else; handing Typst just these instead of
    every system font saves it reading ~350 font files (about 0.45 s of a 0.7 s page here)."""
    if shutil.which("fc-list") is None:
        return []
    done = subprocess.run(
        ["fc-list", "--format", "%{file}\n", family], capture_output=True, text=True, timeout=10
    )
    stem = family.replace(" ", "")
    found = [
        p
        for p in done.stdout.splitlines()
        if p.rsplit("/", 1)[-1].split(".")[0] in {f"{stem}-{face}" for face in FACES}
    ]
    return sorted(found) if len(found) == len(FACES) else []
