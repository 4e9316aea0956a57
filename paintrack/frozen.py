"""`@frozen`: frozen, slotted record classes, like `@dataclass(frozen=True, slots=True)`, that
cost next to nothing to define.

Why not dataclasses on the daily path: importing `dataclasses` loads `inspect` (and with it
`ast`, `dis`, `tokenize`), and each class compiles six generated methods at import. Measured
with `python -X importtime` on `paintrack log` (issue 25): about 14 ms of CPU for the import
and 0.6 ms a class, 24 classes on the path: a third of the command. Here the methods are shared
closures over the field names, built without compiling anything.

What a record has: keyword or positional construction in field order with defaults,
`__post_init__` called after, `==` and `hash` by class and values, a dataclass-like `repr`,
no assignment after construction (FrozenInstanceError, an AttributeError), `__slots__`, and
`__match_args__`. `fields()` and `replace()` here work on records and on dataclasses alike
without importing dataclasses; `dataclasses.fields`, `replace`, `asdict` and `is_dataclass`
work on records too (their `__dataclass_fields__` is made on first use). A field default must
be immutable (a tuple, not a list): there is no default_factory.

Bottom layer: the standard library only, and not even `typing` at run time.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda f: f


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a record (as dataclasses.FrozenInstanceError)."""


class Field:
    """A record's field as `fields()` gives it: its name, its default (or MISSING), its type."""

    __slots__ = ("default", "name", "type")

    def __init__(self, name: str, default: object, type: object) -> None:
        self.name, self.default, self.type = name, default, type

    def __repr__(self) -> str:
        return f"Field({self.name!r}, default={self.default!r})"


class _DataclassFields:
    """`__dataclass_fields__`, made on first use: `dataclasses.fields`, `replace`, `asdict` and
    `is_dataclass` work on records too (they read only this), and cost nothing until then."""

    __slots__ = ("made",)

    def __init__(self) -> None:
        self.made: dict[str, Any] | None = None

    def __get__(self, obj: object, cls: Any) -> dict[str, Any]:
        if self.made is None:
            import dataclasses

            made = {}
            for f in cls.__record_fields__:
                missing = f.default is MISSING
                field = dataclasses.field() if missing else dataclasses.field(default=f.default)
                field.name, field.type = f.name, f.type
                field._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
                made[f.name] = field
            self.made = made
        return self.made


def _init(names: tuple[str, ...], defaults: dict[str, object], post: Any) -> Callable[..., None]:
    known = frozenset(names)
    put = object.__setattr__

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} arguments")
        values = dict(defaults)
        values.update(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in known or key in names[: len(args)]:
                raise TypeError(f"{type(self).__name__}() got an unexpected or repeated {key!r}")
            values[key] = value
        for name in names:
            try:
                put(self, name, values[name])
            except KeyError:
                raise TypeError(f"{type(self).__name__}() is missing {name!r}") from None
        if post is not None:
            post(self)

    return __init__


def _methods(names: tuple[str, ...]) -> dict[str, Any]:
    def values(self: object) -> tuple[object, ...]:
        return tuple(getattr(self, n) for n in names)

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    def __hash__(self: object) -> int:
        return hash(values(self))

    def __repr__(self: object) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self: object, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: object, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    return {
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
    }


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    """The record class made from `cls`'s annotated fields (in order) and their defaults."""
    hints = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect is what we avoid)
    names = tuple(hints)
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    ns = {k: v for k, v in cls.__dict__.items() if k not in defaults}
    ns.pop("__dict__", None)
    ns.pop("__weakref__", None)
    ns["__slots__"] = names
    ns["__qualname__"] = cls.__qualname__
    ns["__match_args__"] = names
    ns["__record_fields__"] = tuple(Field(n, defaults.get(n, MISSING), hints[n]) for n in names)
    ns["__dataclass_fields__"] = _DataclassFields()
    ns["__init__"] = _init(names, defaults, cls.__dict__.get("__post_init__"))
    ns.update(_methods(names))
    made: type[T] = type(cls.__name__, cls.__bases__, ns)
    return made


def is_record(value: object) -> bool:
    """Whether `value` is a record (class or instance) or a dataclass."""
    if hasattr(value, "__record_fields__"):
        return True
    return hasattr(value, "__dataclass_fields__")


def fields(record: object) -> tuple[Field, ...]:
    """The fields of a record (class or instance), or of a dataclass."""
    own = getattr(record, "__record_fields__", None)
    if own is not None:
        return own  # type: ignore[no-any-return]
    import dataclasses

    return tuple(
        Field(f.name, MISSING if f.default is dataclasses.MISSING else f.default, f.type)
        for f in dataclasses.fields(record)  # type: ignore[arg-type]
    )


def replace(record: T, **changes: object) -> T:
    """A copy of `record` with `changes`; built anew, so `__post_init__` checks it again."""
    if getattr(record, "__record_fields__", None) is None:
        import dataclasses

        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    values = {f.name: getattr(record, f.name) for f in fields(record)}
    values.update(changes)
    return type(record)(**values)
