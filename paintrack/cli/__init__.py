"""The `paintrack` command.

`main` is the entry point: the daily commands with plain arguments run on the fast path
(cli.fast), which loads neither Typer nor rich; everything else, and anything the fast path
does not read as plain (help, a usage error, a prompt, completion), goes to the Typer app in
cli.root, so behaviour and messages are the same either way. `paintrack.cli.app` is that app.

The top layer: parse, call a use-case, print (docs/contributing.md draws the layer map that
tests/test_architecture.py enforces); nothing imports cli but `__main__`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paintrack.cli.root import app as app


def main() -> None:
    """Entry point: the fast path when it takes the command, else the Typer app."""
    from paintrack.cli import fast

    code = fast.main(sys.argv[1:])
    if code is None:
        from paintrack.cli import root

        root.main()
    sys.exit(code)


def __getattr__(name: str) -> object:
    if name == "app":  # loaded on first use: the fast path never needs it
        from paintrack.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
