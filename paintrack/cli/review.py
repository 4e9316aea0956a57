"""`paintrack review`: the verdict at the re-evaluate point, the PGIC and the decision."""

from __future__ import annotations

import textwrap
from typing import Annotated

import typer

from paintrack import reference as ref
from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import JsonOpt, clock, emit_json, opened, out
from paintrack.domain.parse import whole
from paintrack.errors import InvalidValue
from paintrack.models import DECISIONS, Decision
from paintrack.render.text import width

PGIC_HELP = "; ".join(f"{k} = {v}" for k, v in ref.PGIC_LABELS.items())


def review(
    as_json: JsonOpt = False,
    impression: Annotated[
        str | None,
        typer.Option(
            metavar="1-7", help=f"Record your global impression of change (PGIC): {PGIC_HELP}."
        ),
    ] = None,
    decide: Annotated[
        str | None,
        typer.Option(
            metavar="continue|change|stop",
            help="Record the decision you made with your practitioner.",
        ),
    ] = None,
) -> None:
    """The honest verdict: your baseline week against the last 7 days, per measure.

    On a terminal with no options, it then asks for your impression of change and the decision.
    """
    from paintrack.domain.review import continue_allowed
    from paintrack.domain.review import review as compute

    now = clock()
    today = now.date()
    with opened() as conn:
        course = store.require_active_course(conn)
        assert course.id is not None
        pgic = whole("impression", impression, 1, 7)  # PGIC 1–7 (domain.md §4)
        if decide is not None and decide.strip().lower() not in DECISIONS:
            raise InvalidValue("decide", "one of " + ", ".join(DECISIONS), decide)
        choice = decide.strip().lower() if decide else None
        result = compute(store.review_input(conn, course, today))
        ask = pgic is None and choice is None and not as_json and common.interactive()
        if ask:
            _show(result, store.latest_decision(conn, course.id))
            allowed, why, _ = continue_allowed(result, course, store.sessions_in_year(conn, today))
            pgic, choice = _ask(None if allowed else why)
        extension = None
        if choice == "continue":
            allowed, why, extension = continue_allowed(
                result, course, store.sessions_in_year(conn, today)
            )
            if not allowed:
                raise InvalidValue("decide", f"change or stop here: {why}", "continue")
            if course.plan:
                out(why)
        if pgic is not None or choice is not None:
            record = Decision(
                course.id, today, impression=pgic, decision=choice, verdict=result.verdict
            )
            with store.writing(conn, "review", now):
                store.insert_decision(conn, record, now)
                if extension is not None:
                    store.extend_course(conn, course, extension)
                store.set_change_summary(
                    conn,
                    "review: "
                    + ", ".join(
                        x for x in (f"impression {pgic}" if pgic else "", choice or "") if x
                    ),
                )
            result = compute(store.review_input(conn, store.require_active_course(conn), today))
        decision = store.latest_decision(conn, course.id)
        if as_json:
            data = result.as_json()
            data["decision"] = (
                None
                if decision is None
                else {
                    "date": decision.day.isoformat(),
                    "decision": decision.decision,
                    "verdict": decision.verdict,
                }
            )
            emit_json(data)
        elif not ask:
            _show(result, decision)
        if pgic is not None or choice is not None:
            said = [
                f"impression {pgic} ({ref.PGIC_LABELS[pgic]})" if pgic else "",
                f"decision '{choice}'" if choice else "",
            ]
            out("Recorded " + " and ".join(x for x in said if x) + ".")
        if choice in ("stop", "change"):
            out("When you are ready to close this course: paintrack course end --outcome '…'")


def _show(result: object, decision: object) -> None:
    from paintrack.render.review import review_view
    from paintrack.render.tables import print_renderable

    print_renderable(review_view(result, decision, width()))  # type: ignore[arg-type]


def _ask(no_continue: str | None) -> tuple[int | None, str | None]:
    """The PGIC and the decision; `no_continue` says why continuing is not open, if it is not."""
    from paintrack.render.review import PGIC_PROMPT, pgic_choices

    out("")
    out(textwrap.fill(PGIC_PROMPT, width()))
    out(pgic_choices())
    pgic: int | None = None
    while True:
        answer = str(
            typer.prompt("Your answer (1-7, Enter to skip)", default="", show_default=False)
        ).strip()
        if not answer:
            break
        try:
            pgic = whole("impression", answer, 1, 7)
            break
        except InvalidValue as e:
            common.err(f"  {e}")
    choice: str | None = None
    options = "change or stop" if no_continue else "continue, change or stop"
    if no_continue:
        out(textwrap.fill(no_continue, width()))
    while True:
        answer = (
            str(
                typer.prompt(
                    f"Decision with your practitioner: {options} (Enter to skip)",
                    default="",
                    show_default=False,
                )
            )
            .strip()
            .lower()
        )
        if answer == "continue" and no_continue:
            common.err("  Continuing is not open under your plan now (see above): change or stop.")
        elif not answer or answer in DECISIONS:
            choice = answer or None
            break
        else:
            common.err(f"  Please type {options}, or press Enter to skip.")
    return pgic, choice


def show_review() -> None:
    """The review of the active course on screen, asking nothing (the demo uses it)."""
    from paintrack.domain.review import review as compute

    today = clock().date()
    with opened() as conn:
        course = store.require_active_course(conn)
        assert course.id is not None
        _show(
            compute(store.review_input(conn, course, today)), store.latest_decision(conn, course.id)
        )
