"""Typer's conversion of option values, without pydantic for text, whole numbers and flags.

Typer 0.29 converts every value through a pydantic `TypeAdapter`: importing pydantic and
building the adapters costs a command about 70 ms before it starts, which is a third of what a
scheduled `docfiler remind --json` may take beyond importing the CLI (issue 15: ≤ 200 ms).
Nearly all of the CLI's values are text, a whole number or a flag, which the command line gives
as `str` (a flag: `bool`), so this module converts them itself: text as it is, a number written
with ASCII digits by `int()`. Anything else — a list, a path, a choice, a number given another
way (and so, maybe, a mistake) — goes to Typer's own conversion, unchanged, with its messages
(which `docfiler.cli.zh` turns into Chinese).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from typer import core
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param

_INTEGER = re.compile(r"[+-]?[0-9]+")
PLAIN = (str, int, bool)


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """A text, whole-number or flag value; anything unexpected goes to Typer's adapter."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        if kind is int and isinstance(value, str) and _INTEGER.fullmatch(value):
            return int(value)
        return self.typer._coerce_value(value, param=param, ctx=ctx)

    @cached_property
    def typer(self) -> RuntimeParam:
        """Typer's own conversion (pydantic), built the first time a value needs it."""
        plain = TypeDescriptor(self.annotation, self.parameter_info, file_annotation=None)
        return build_runtime_param(plain)


def is_plain(descriptor: TypeDescriptor) -> bool:
    """A bare str, int or bool with nothing that Typer checks beyond the type."""
    info = descriptor.parameter_info
    return (
        descriptor.annotation in PLAIN
        and descriptor.file_annotation is None
        and not descriptor.is_choice
        and not descriptor.is_ranged
        and not descriptor.is_path
        and info.parser is None
    )


def install() -> None:
    """Convert plain values here for every Typer parameter (once; idempotent)."""
    original = core._TyperParameter.get_runtime_param
    if getattr(original, "plain", False):
        return

    def get_runtime_param(self) -> RuntimeParam:
        if self._runtime_param is None and is_plain(self.type_descriptor):
            descriptor = self.type_descriptor
            self._runtime_param = PlainValue(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
        return original(self)

    get_runtime_param.plain = True  # type: ignore[attr-defined]
    core._TyperParameter.get_runtime_param = get_runtime_param
