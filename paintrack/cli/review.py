"""`paintrack review`: the verdict at the re-evaluate point, the PGIC and the decision.

With --json, stdout is exactly one JSON document; what was recorded, and any hint, goes to
stderr (style.md §3.5).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from paintrack import reference as ref
from paintrack.cli import common
from paintrack.cli.common import clock, emit_json, err, opened, out
from paintrack.cli.options import fields, flag, typed
from paintrack.domain import values as V
from paintrack.fields import DECISION
from paintrack.render.text import width

if TYPE_CHECKING:
    from paintrack.usecases.review import Reviewed


@fields(
    flag("as_json", "--json", "Print JSON (stable keys) instead of text."),
    DECISION["impression"],
    DECISION["choice"],
)
def review(as_json: bool, **given: Any) -> None:
    """The honest verdict: your baseline week against the last 7 days, per measure.

    On a terminal with no options, it then asks for your impression of change and the decision.
    """
    from paintrack.usecases import review as usecase  # the review's arithmetic loads only here

    now = clock()
    with opened() as conn:
        values = typed(DECISION, given, now)
        pgic, choice = values.get("impression"), values.get("choice")
        ask = pgic is None and choice is None and not as_json and common.interactive()
        shown = usecase.review(conn, now.date())
        if ask:
            _show(shown)
            allowed, why, _ = usecase.may_continue(conn, shown, now.date())
            pgic, choice = _ask(None if allowed else why)
        if pgic is not None or choice is not None:
            decided = usecase.decide(conn, pgic, choice, now)
            shown = decided.after
            say = out if not as_json else err
            if decided.why:
                say(decided.why)
        if as_json:
            emit_json(_json(shown))
        elif not ask:
            _show(shown)
        if pgic is not None or choice is not None:
            said = [
                f"impression {pgic} ({ref.PGIC_LABELS[pgic]})" if pgic else "",
                f"decision '{choice}'" if choice else "",
            ]
            say = err if as_json else out
            say("Recorded " + " and ".join(x for x in said if x) + ".")
            if choice in ("stop", "change"):
                say("When you are ready to close this course: paintrack course end --outcome '…'")


def _json(shown: Reviewed) -> dict[str, object]:
    data = shown.review.as_json()
    d = shown.decision
    data["decision"] = (
        None
        if d is None
        else {"date": d.date.isoformat(), "choice": d.choice, "verdict": d.verdict}
    )
    return data


def _show(shown: Reviewed) -> None:
    from paintrack.render.review import review_view
    from paintrack.render.tables import print_renderable

    print_renderable(review_view(shown.review, shown.decision, width()))
    if shown.other_scales:
        out(shown.other_scales)


def _ask(no_continue: str | None) -> tuple[int | None, str | None]:
    """The PGIC and the decision; `no_continue` says why continuing is not open, if it is not."""
    from paintrack.cli.prompts import ask_value
    from paintrack.render.review import PGIC_PROMPT, pgic_choices

    out("")
    out(textwrap.fill(PGIC_PROMPT, width()))
    out(pgic_choices())
    pgic = ask_value(
        "Your answer (1-7, Enter to skip)", None, lambda t: V.whole(DECISION["impression"], t)
    )
    options = "change or stop" if no_continue else "continue, change or stop"
    if no_continue:
        out(textwrap.fill(no_continue, width()))

    def read(text: str) -> str:
        choice = V.code(DECISION["choice"], text)
        if choice == "continue" and no_continue:
            raise DECISION["choice"].error(
                "change or stop: continuing is not open under your plan now (see above)", text
            )
        return choice

    choice = ask_value(f"Decision with your practitioner: {options} (Enter to skip)", None, read)
    return pgic, choice


def show_review() -> None:
    """The review of the active course on screen, asking nothing (the demo uses it)."""
    from paintrack.usecases import review as usecase

    with opened() as conn:
        _show(usecase.review(conn, clock().date()))
