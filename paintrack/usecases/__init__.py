"""The use-cases: the only way any input reaches the store (pipx's `commands/` is the model).

Each function takes the open database, the values (already typed: `paintrack.domain.values`
reads text) and `now`; it applies the rules once (`paintrack.domain.rules`, the models' own
checks), writes in one journaled transaction, and returns a frozen result that a renderer turns
into words. The CLI (flags and prompts), `edit`, `import`, the demo, and later sync, all call
these, so a rule holds on every path. Layer: below cli, above domain and store (the map in
docs/contributing.md, enforced by tests/test_architecture.py).

- `courses`: start, end, find the active course.
- `lists`: the medication list and the chosen activities.
- `entries`: log, session, PEG, edit, delete, undo.
- `review`: status, the review and the recorded decision.
- `transfer`: the whole diary in (import, demo) and out (export).
"""
