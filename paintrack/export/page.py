"""What the clinician's page says, in order, as blocks every medium lays out the same way.

`page(summary)` gives a `Page`: a title, the facts line, then sections of paragraphs, lists
and tables (each table with a caption and header cells), the chart with its trend sentence as
alternative text. Markdown, HTML and the Typst PDF render these blocks and nothing else, so the
three carry the same facts and numbers; the PDF gets them as JSON (`Page.as_json`), never as
markup. A section marked `more` goes on page 2 (the overflow: older sessions and notes past what
page 1 holds), announced on page 1 in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from paintrack.export import facts
from paintrack.export.blocks import Block, Chart, Items, Page, Para, Section, Table
from paintrack.export.summary import Summary, third_person

SESSIONS_ON_PAGE_1 = 12  # a usual course is 6–12 sessions (domain.md §9)
NOTES_ON_PAGE_1 = 10  # notes marked for the clinician first, then the latest others
SESSIONS_ON_PAGE_2, NOTES_ON_PAGE_2 = 40, 20  # page 2 is one page too: the rest is in the diary
T = TypeVar("T")


def _opt(cond: object, *items: T) -> tuple[T, ...]:
    return items if cond else ()


def how_sure(s: Summary) -> str | None:
    """The review's CENT-style single-case line (issue 27, domain.md §12.3): design, phases,
    concurrent medication changes, NAP and, with a randomised start that held, the
    randomisation test's p. Not before the course can be judged."""
    sc = s.review.single_case
    if sc is None or s.too_early:
        return None
    return sc.cent


def verdict_section(s: Summary) -> Section:
    """The verdict as a heading (or "Too early to judge"), its sentence, the single-case line,
    PGIC and decision, the outcome, the previous course."""
    single_case = how_sure(s)
    return Section(
        s.verdict if s.too_early else f"Verdict: {s.verdict}",
        (
            Para(s.headline, "strong"),
            *_opt(single_case, Para(single_case or "", "small")),
            Para(f"{s.impression()} {s.decision_text()}"),
            *_opt(s.ended, Para(facts.outcome(s))),
            *_opt(s.previous, Para(facts.previous_line(s))),
        ),
        tone="verdict",
    )


def page(s: Summary) -> Page:
    """The page of `s`, in reading order."""
    title = f"Pain diary summary: {s.course.name}"
    verdict = verdict_section(s)
    caveats = tuple(third_person(c) for c in s.review.caveats)
    sessions, older = _split(facts.session_rows(s), SESSIONS_ON_PAGE_1)
    older, dropped = older[-SESSIONS_ON_PAGE_2:], len(older[:-SESSIONS_ON_PAGE_2])
    notes = facts.notes(s)
    shown_notes, more_notes = notes[:NOTES_ON_PAGE_1], notes[NOTES_ON_PAGE_1:]
    dropped += len(more_notes[NOTES_ON_PAGE_2:])
    more_notes = more_notes[:NOTES_ON_PAGE_2]
    more: list[Block] = [
        *_opt(older, _sessions_table(s, older, "Earlier sessions")),
        *_opt(more_notes, Items(tuple(more_notes))),
    ]
    overflow = facts.overflow(len(older), len(more_notes), dropped)
    sections = [
        *facts.goals_section(s),
        facts.red_flags_section(s),
        verdict,
        Section(
            "Baseline week compared with the last 7 days",
            (facts.measures_table(s),),
            column="left",
        ),
        Section(
            "Weekly trend", (facts.weekly_table(s), Para(facts.levels(s), "small")), column="right"
        ),
        Section(f"Daily pain, {s.window.start} to {s.window.end}", (Chart(facts.trend(s)),)),
        Section(
            "Sessions",
            (Para(facts.relief(s)), *_opt(sessions, _sessions_table(s, sessions, "Sessions"))),
            column="left",
        ),
        Section(
            "The patient's notes",
            (Items(tuple(shown_notes)),) if notes else (Para("No notes in this course."),),
            column="right",
        ),
        Section("Medication", facts.medication_blocks(s)),
        Section(
            "Caveats and data completeness",
            (
                *((Items(caveats),) if caveats else (Para("Caveats: none."),)),
                Para(facts.completeness(s)),
            ),
        ),
        *_opt(overflow, Section("Page 2", (Para(overflow or ""),))),
        *_opt(more, Section("Page 2: more of this course", tuple(more), more=True)),
    ]
    return Page(title, tuple(facts.who(s)), tuple(x for x in sections if isinstance(x, Section)))


def _split(
    rows: Sequence[tuple[str, ...]], n: int
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The last `n` rows (page 1) and the ones before (page 2)."""
    return (list(rows[-n:]), list(rows[:-n])) if len(rows) > n else (list(rows), [])


def _sessions_table(s: Summary, rows: list[tuple[str, ...]], caption: str) -> Table:
    head = ["#", "Date", "Pain", "Min", "Needles", "Techniques", "Side effects"]
    if facts.other_practitioner(s):
        head.insert(6, "Practitioner")
    return Table(caption, tuple(head), tuple(rows), numeric=(0, 3, 4), wrap=(len(head) - 1,))
