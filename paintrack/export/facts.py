"""The clinician's page in words: each fact of a `Summary` as the line or table row it shows.

Numbers come out as every output shows them (`domain.numbers`: means half up to one decimal,
`−` for minus, `–` for no value); the review's rows are `present()`'s, each drug's the review
screen's (`domain.medication.DrugUse`). Nothing here escapes anything: each medium does.
"""

from __future__ import annotations

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain import numbers as num
from paintrack.domain.doses import total_text
from paintrack.domain.measures import present
from paintrack.domain.medication import DrugUse
from paintrack.domain.verdict import VERDICT_WORDS
from paintrack.export.blocks import Items, Para, Section, Table
from paintrack.export.summary import Summary

ARROW = "→"
m = num.mean_text


def who(s: Summary) -> list[tuple[str, str]]:
    c, point = s.course, s.review.course
    planned = f" of {point.sessions_planned} planned" if point.sessions_planned else ""
    days = f", re-evaluate after {point.days_planned} days" if point.days_planned else ""
    practitioners = s.practitioners()
    out = [("Patient", s.label)] if s.label else []
    out += [
        ("Condition", c.condition or "not given"),
        ("Therapy", c.therapy),
        ("Practitioner" + "s" * (len(practitioners) > 1), ", ".join(practitioners) or "not given"),
        ("Course", f"{c.name}, {c.start} to {s.ended or 'ongoing'}"),
        ("Sessions", f"{point.sessions_done}{planned}{days} by {s.today}"),
        ("Review date", s.today.isoformat()),
    ]
    return out


def goals_section(s: Summary) -> list[Section]:
    """The patient's own goals, and the measure they are judged by (the PSFS activities)."""
    if not s.course.goals:
        return []
    goals = s.course.goals
    blocks: list[Items | Para] = [Items(goals, columns=2 if len(goals) > 2 else 1)]
    rated = [a for a in s.review.activities if a.logged]
    if rated:
        names = ", ".join(present(a).label.removesuffix(" (PSFS)") for a in rated)
        blocks.append(Para(f"Judged by the activities the patient rates (PSFS, below): {names}."))
    return [Section("The patient's goals", tuple(blocks))]


def red_flags_section(s: Summary) -> Section:
    """Each red flag first, with the patient's note of that day; or that there were none."""
    flags = s.review.red_flags
    if not flags:
        return Section("Red flags", (Para("No red flags logged."),))
    items = []
    for f in flags:
        flag = ref.RED_FLAGS.get(f.code)  # domain.md §10.1
        what = flag.label if flag else f.code
        urgency = (
            ""
            if flag is None
            else (
                " (the patient was told: emergency services now)"
                if flag.emergency
                else " (the patient was told: see a clinician today)"
            )
        )
        notes = "; ".join(f"“{n}”" for n in s.flag_notes(f.date, f.code))
        items.append(f"{f.date}: {what}{urgency}" + (f". Note: {notes}" if notes else ""))
    title = "Red flags: symptoms that need a clinician"
    return Section(title, (Items(tuple(items)),), tone="alert")


def outcome(s: Summary) -> str:
    said = s.course.outcome
    return (
        f"Course ended {s.course.ended}"
        + (f"; outcome in the patient's words: “{said}”" if said else "; no outcome written")
        + "."
    )


def previous_line(s: Summary) -> str:
    """The previous course of the same condition, in one line."""
    p = s.previous
    if p is None:
        return ""
    r = p.review
    pain = present(r.pain)
    imp = f"PGIC {r.impression}" if r.impression else "no PGIC"
    said = f", outcome “{p.course.outcome}”" if p.course.outcome else ""
    decided = f", decision {p.decision.choice}" if p.decision and p.decision.choice else ""
    return (
        f"Previous course for this condition: {p.course.name} ({p.course.start} to "
        f"{p.course.ended}): {VERDICT_WORDS[r.verdict].lower()}, pain {pain.baseline_text} "
        f"{ARROW} {pain.current_text} ({pain.change_text}), {imp}{decided}{said}."
    )


def measures_table(s: Summary) -> Table:
    rows, sub = [], []
    for i, row in enumerate(s.review.rows):
        p = present(row)
        rows.append((p.label, p.baseline_text, p.current_text, p.change_text, p.words))
        if row.activity is not None:
            sub.append(i)
    r = s.review
    caption = (
        f"Baseline week {r.baseline_window.start} to {r.baseline_window.end}; "
        f"last 7 days {r.current_window.start} to {r.current_window.end}"
    )
    head = ("Measure", "Baseline", "Last 7 days", "Change", "What it means")
    return Table(caption, head, tuple(rows), numeric=(1, 2, 3), sub=tuple(sub), wrap=(0, 4))


def trend(s: Summary) -> str:
    """The chart's alternative text: the trend in words, from the review's own two means."""
    pain, r = s.review.pain, s.review
    weeks = max(round((s.today - s.window.start).days / 7), 1)
    span = f"over {weeks} week{'s' * (weeks != 1)} ({s.window.start} to {s.window.end})"
    days = sum(1 for p in s.pain.points if p.value is not None)
    if not pain.compared:
        return f"Daily pain (0 to 10) logged on {days} days {span}; too few to state a trend."
    b, c = m(pain.baseline), m(pain.current)
    way = "fell" if c < b else "rose" if c > b else "stayed"
    move = f"{way} from about {b} to {c}" if way != "stayed" else f"stayed at about {b}"
    sessions = f", with {r.sessions.count} sessions" if r.sessions.count else ""
    return (
        f"Daily pain (0 to 10) {move} {span}{sessions}: baseline-week mean {b}, "
        f"last-7-days mean {c}; logged on {days} days."
    )


def relief(s: Summary) -> str:
    r = s.review.sessions
    if not r.count:
        return "No sessions logged yet."
    effects = ", ".join(
        f"{ref.SIDE_EFFECTS.get(code, code).lower()} ×{n}"  # domain.md §10.2
        for code, n in r.side_effects.items()
    )
    return (
        f"{r.count} session{'' if r.count == 1 else 's'}; pain right after needling was on average "
        f"{m(r.mean_immediate_relief)} points lower than right before (a 'right now' rating). "
        f"Side effects: {effects or 'none reported'}."
    )


def other_practitioner(s: Summary) -> bool:
    main = (s.course.practitioner or "").casefold()
    return any(x.practitioner and x.practitioner.casefold() != main for x in s.sessions)


def session_rows(s: Summary) -> list[tuple[str, ...]]:
    other = other_practitioner(s)
    main = (s.course.practitioner or "").casefold()
    rows = []
    for n, x in enumerate(sorted(s.sessions, key=lambda x: (x.date, x.time or "")), 1):
        row = [
            str(n),
            x.date.isoformat(),
            f"{x.pain_before} {ARROW} {x.pain_after}",
            "" if x.minutes is None else str(x.minutes),
            "" if x.needles is None else str(x.needles),
            ", ".join(x.techniques),  # the codes: manual, electro, heat… (product.md)
            ", ".join(x.side_effects) or "none",  # soreness, bruise… (domain.md §10.2)
        ]
        if other:
            differs = x.practitioner and x.practitioner.casefold() != main
            row.insert(6, x.practitioner or "" if differs else "")
        rows.append(tuple(row))
    return rows


def levels(s: Summary) -> str:
    """'Pain baseline 6.7; 30 % less = 4.7; 50 % less = 3.3' (domain.md §1.2)."""
    base = s.baseline
    if base is None:
        return "No baseline pain yet."
    said = [f"{f * 100} % less = {m(level)}" for f, level in agg.reduction_levels(base)]
    return f"Pain baseline {m(base)}; " + "; ".join(said) + "."


def weekly_table(s: Summary) -> Table:
    """Weekly mean of daily pain and the PEG score, ISO weeks (as `chart --weekly`)."""
    peg = {w.start: w for w in s.weekly_peg}
    rows = []
    for w in s.weekly:
        p = peg.get(w.start)
        rows.append((w.start.isoformat(), m(w.mean), str(w.days), m(p.mean if p else None)))
    k = s.weeks_per_row
    head = ("Week of" if k == 1 else "Weeks from", "Pain", "Days", "PEG")
    caption = (
        "Means of Monday-to-Sunday weeks, 0 to 10"
        if k == 1
        else f"Means of {k}-week periods from a Monday, 0 to 10"
    )
    return Table(caption, head, tuple(rows), numeric=(1, 2, 3))


def drug_row(s: Summary, d: DrugUse) -> tuple[str, ...]:
    """One drug: name and ingredients, units a day before → now (and each ingredient's mg or
    MME), days used before → now, first and last use, stopped."""
    amounts = []
    for i in d.per_ingredient:
        if i.kind == "opioid":
            amounts.append(f"{m(i.baseline_mme_per_day)} {ARROW} {m(i.current_mme_per_day)} MME")
        elif i.not_counted is None and len(d.per_ingredient) > 1:
            amounts.append(
                f"{i.substance} {m(i.baseline_mg_per_day)} {ARROW} {m(i.current_mg_per_day)} mg"
            )
    use = f"{m(d.baseline_units_per_day)} {ARROW} {m(d.current_units_per_day)}"
    stopped = s.stopped(d.stopped)
    label = f" ({d.ingredients})" if d.ingredients else ""
    one = d.per_ingredient[0] if len(d.per_ingredient) == 1 else None
    if one is not None and one.substance.lower() in d.name.lower():
        label = f" {float(one.strength):g} {one.unit}"  # `ibuprofen 200 mg`, said once
    return (
        d.name + label,
        use + (f" ({'; '.join(amounts)})" if amounts else ""),
        f"{d.baseline_days_used} {ARROW} {d.current_days_used}",
        f"{d.first_used or '–'} to {d.last_used or '–'}",
        str(stopped) if stopped else ("started " + str(d.started) if d.started else ""),
    )


def medication_blocks(s: Summary) -> tuple[Para | Table, ...]:
    med = s.review.medication
    b, c = med.baseline, med.current
    out: list[Para | Table] = [
        Para(
            f"Opioids: {m(b.mme_per_day)} {ARROW} {m(c.mme_per_day)} MME a day (an estimate, "
            f"CDC 2022); days with any dose {b.dose_days} {ARROW} {c.dose_days}."
        )
    ]
    if med.by_drug:
        head = ("Drug", "Units a day", "Days used", "First to last use", "Stopped")
        rows = tuple(drug_row(s, d) for d in med.by_drug)
        out.append(Table("Each drug, baseline week → last 7 days", head, rows, wrap=(0, 1)))
    if med.flags:
        out.append(over_table(s))
    else:
        out.append(Para("No day at or over 50 MME, nor over 3,000 mg of acetaminophen."))
    if med.not_counted:
        out.append(Para("Not counted: " + "; ".join(med.not_counted) + "."))
    return tuple(out)


def over_table(s: Summary) -> Table:
    """The days over a §6.5 line, one row a day, naming the products that made its totals."""
    days: dict[str, dict[str, str]] = {}
    for f in s.review.medication.flags:
        line = f.line
        sign = "≥" if line.inclusive else ">"
        row = days.setdefault(f.date.isoformat(), {})
        key = "mme" if line.total == "mme" else "apap"
        row[key] = f"{total_text(f.value)} {line.unit} ({sign} {line.limit:,})"
        for n, u, _ in f.products:
            row.setdefault("products", "")
            if n not in row["products"]:
                row["products"] += (", " if row["products"] else "") + f"{n} ×{float(u):g}"
    rows = tuple(
        (d, r.get("apap", ""), r.get("mme", ""), r.get("products", "")) for d, r in days.items()
    )
    head = ("Date", "Acetaminophen", "Opioids", "Products counted that day")
    return Table("Days over a daily line (acetaminophen mg, opioid MME)", head, rows, wrap=(3,))


def notes(s: Summary) -> list[str]:
    """Notes marked for the clinician first, then the others; newest first in each."""
    all_notes = s.notes()
    marked = [n for n in all_notes if n.for_clinician]
    rest = [n for n in all_notes if not n.for_clinician]
    return [
        f"{n.date} ({n.where}{', for the clinician' if n.for_clinician else ''}): “{n.text}”"
        for n in marked + rest
    ]


def completeness(s: Summary) -> str:
    return (
        "; ".join(
            f"{name} ({w.start} to {w.end}): {n} of {w.days} days logged"
            for name, w, n in s.completeness()
        )
        + "."
    )


def overflow(sessions: int, notes: int, left_out: int = 0) -> str | None:
    more = [
        f"{sessions} earlier session{'s' * (sessions != 1)}" if sessions else "",
        f"{notes} more note{'s' * (notes != 1)}" if notes else "",
    ]
    said = " and ".join(x for x in more if x)
    rest = (
        f" ({left_out} older entries are in the diary: `paintrack history`, or export csv)"
        if left_out
        else ""
    )
    return f"Continued on page 2: {said}{rest}." if said else None
