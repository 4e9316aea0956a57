"""Text measured in display cells, as a terminal shows it (what wcwidth measures), with the
standard library only: the hot path's folding (render.text.fold) of non-ASCII text."""

from __future__ import annotations


def cells(text: str) -> int:
    """The display cells `text` takes on a terminal: 2 for wide (CJK, most emoji), 0 for
    combining marks and zero-width characters, 1 otherwise (as wcwidth measures; stdlib)."""
    if text.isascii():
        return len(text)
    import unicodedata

    n = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in _ZERO:
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


_ZERO = frozenset({"Mn", "Me", "Cf"})  # combining and enclosing marks, format (ZWJ, bidi)


def cell_wrapped(text: str, cols: int, indent: str) -> list[str]:
    """`_wrapped` measured in display cells (non-ASCII text): between words, a word longer
    than a line cut at the cell that fills it (never inside a character)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line.strip() else line + word
        if cells(candidate) <= cols or not line.strip():
            line = candidate
        else:
            lines.append(line.rstrip(" "))
            line = indent + word
        while cells(line) > cols:  # one word wider than the line
            head, used = "", 0
            for ch in line:
                w = cells(ch)
                if used + w > cols and head:
                    break
                head, used = head + ch, used + w
            lines.append(head)
            line = indent + line[len(head) :]
            if cells(indent) >= cols:
                break
    if line.strip() or not lines:
        lines.append(line)
    return lines
