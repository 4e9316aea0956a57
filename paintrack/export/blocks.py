"""The blocks of the clinician's page: sections of paragraphs, lists and tables (each table with
a caption and header cells) and the chart with its trend sentence. Markdown, HTML and the Typst
PDF render these and nothing else; the PDF gets them as JSON (`Page.as_json`), never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paintrack.export.summary import DISCLAIMER, SOURCES


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns of numbers, aligned right
    sub: tuple[int, ...] = ()  # rows shown under the one before (an activity under PSFS)
    wrap: tuple[int, ...] = ()  # columns of long text that may wrap (the others never do)
    kind: str = "table"

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "caption": self.caption,
            "head": list(self.head),
            "rows": [list(r) for r in self.rows],
            "numeric": list(self.numeric),
            "sub": list(self.sub),
        }


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    style: str = ""  # "" | "strong" | "small"
    kind: str = "para"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "style": self.style}


@dataclass(frozen=True, slots=True)
class Items:
    items: tuple[str, ...]
    columns: int = 1  # short items (notes) may run in two columns
    kind: str = "items"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "items": list(self.items), "columns": self.columns}


@dataclass(frozen=True, slots=True)
class Chart:
    """The pain chart (drawn by each medium from the summary) and its trend in words."""

    alt: str
    kind: str = "chart"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "alt": self.alt}


Block = Table | Para | Items | Chart


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    tone: str = ""  # "alert": the red flags; "verdict": the headline
    column: str = ""  # "left" | "right": side by side on the page; "" full width
    more: bool = False  # on page 2

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "blocks": [b.as_json() for b in self.blocks],
            "tone": self.tone,
            "column": self.column,
            "more": self.more,
        }


FULL: list[Section] = []  # the marker of a full-width row (compared by identity)


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    footnotes: tuple[str, ...] = field(default=(*SOURCES, DISCLAIMER))
    lang: str = "en"

    def layout(self) -> list[tuple[list[Section], list[Section]]]:
        """Page 1 in rows: a full-width section is ([it], []); sections side by side (a run of
        `column` ones) are (left, right)."""
        rows: list[tuple[list[Section], list[Section]]] = []
        for s in self.sections:
            if s.more:
                continue
            if s.column and rows and rows[-1][1] is not FULL:
                rows[-1][0 if s.column == "left" else 1].append(s)
            elif s.column:
                rows.append(([s], []) if s.column == "left" else ([], [s]))
            else:
                rows.append(([s], FULL))
        return [(left, [] if right is FULL else right) for left, right in rows]

    def as_json(self) -> dict[str, object]:
        rows = [
            {"left": [s.as_json() for s in left], "right": [s.as_json() for s in right]}
            for left, right in self.layout()
        ]
        return {
            "title": self.title,
            "facts": [list(f) for f in self.facts],
            "rows": rows,
            "more": [s.as_json() for s in self.sections if s.more],
            "footnotes": list(self.footnotes),
            "lang": self.lang,
        }

    def text(self) -> str:
        """Every word of the page, one block a line (what a test compares across media)."""
        out = [self.title, *(f"{k}: {v}" for k, v in self.facts)]
        for s in self.sections:
            out.append(s.title)
            for b in s.blocks:
                if isinstance(b, Table):
                    out += [b.caption, " ".join(b.head), *(" ".join(r) for r in b.rows)]
                elif isinstance(b, Para):
                    out.append(b.text)
                elif isinstance(b, Items):
                    out += list(b.items)
                else:
                    out.append(b.alt)
        return "\n".join([*out, *self.footnotes])
