"""Typer options built from the field declarations (paintrack.fields), so an option's name,
metavar and help are written once, where the field is declared (sqlite-utils' shared option
decorators are the model). The daily commands' fast path (cli.fast) parses the same specs.

`@fields(spec, …)` gives a command function `fn(**given)` a signature of one option per field;
Typer reads it like any other. Every value arrives as text (or a list of texts for repeatable
fields): paintrack reads it itself (domain.values), so an error names the range.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from paintrack import fields as F
from paintrack.cli import shell
from paintrack.cli.specs import JSON, Arg, Flag, Opt, typed
from paintrack.cli.specs import Spec as FieldSpec

__all__ = ["Arg", "Flag", "JsonOpt", "Opt", "Spec", "fields", "flag", "repeated", "text", "typed"]

Fn = TypeVar("Fn", bound=Callable[..., Any])
Spec = FieldSpec | inspect.Parameter
JsonOpt = Annotated[bool, typer.Option(JSON.option, help=JSON.help)]


def _parameter(spec: F.Field | Opt | Arg | Flag) -> inspect.Parameter:
    if isinstance(spec, Flag):
        return flag(spec.name, spec.option, spec.help, spec.short)
    if isinstance(spec, Arg):
        argument = Annotated[str | None, typer.Argument(metavar=spec.metavar, help=spec.help)]
        keyword = inspect.Parameter.KEYWORD_ONLY
        return inspect.Parameter(spec.name, keyword, annotation=argument, default=None)
    opt = spec if isinstance(spec, Opt) else Opt(spec)
    f = opt.field
    assert f.option, f"{f.name} has no option"
    complete = _completer(f)
    if f.kind == "flag":  # on or off: `--for-clinician`
        return inspect.Parameter(
            opt.name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[bool, typer.Option(f.option, help=opt.help)],
            default=False,
        )
    if f.option.isupper():  # an argument: NAME
        info: Any = typer.Argument(metavar=f.option, help=opt.help, autocompletion=complete)
        kind: Any = str
        default: Any = inspect.Parameter.empty
    else:
        names = (f.option, f.short) if f.short else (f.option,)
        info = typer.Option(*names, metavar=f.metavar, help=opt.help, autocompletion=complete)
        kind = list[str] if f.repeatable else str
        default = inspect.Parameter.empty if opt.required else None
        if default is None:
            kind = kind | None
    return inspect.Parameter(
        opt.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[kind, info],
        default=default,
    )


def _completer(f: F.Field) -> shell.Completer | None:
    """What the shell offers for a field's value: its codes, or the names in the database."""
    if f.kind in ("code", "codes"):
        return shell.choices(f.codes)
    if f.kind == "children":
        return shell.names("medications" if f.name == "doses" else "activities", "=")
    return None


def fields(*specs: Spec) -> Callable[[Fn], Fn]:
    """Replace the decorated function's signature with one parameter per spec, in order."""

    def wrap(fn: Fn) -> Fn:
        params = [s if isinstance(s, inspect.Parameter) else _parameter(s) for s in specs]
        params.sort(key=lambda p: p.kind)  # positional arguments first
        fn.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        fn.__annotations__ = {p.name: p.annotation for p in params}
        return fn

    return wrap


def flag(name: str, option: str, help: str, short: str | None = None) -> inspect.Parameter:
    names = (option, short) if short else (option,)
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[bool, typer.Option(*names, help=help)],
        default=False,
    )


def repeated(
    name: str, metavar: str, help: str, complete: shell.Completer | None = None
) -> inspect.Parameter:
    """A repeatable option `--NAME VALUE` (a list of texts, None when not given)."""
    option = typer.Option(metavar=metavar, help=help, autocompletion=complete)
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[list[str] | None, option],
        default=None,
    )


def text(
    name: str, option: str, help: str, metavar: str, default: str | None = None
) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[str | None, typer.Option(option, metavar=metavar, help=help)],
        default=default,
    )
