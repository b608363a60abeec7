"""Condition kinds, registered once: the check, the keys it takes and which of them name facts or fields.

An item of a standard is met when all of its conditions are met; each condition names its `kind`. A kind
is registered here with one signature, `check(cond, inputs) -> Outcome`, and declares everything the rest of
the code base asks about it, so that dispatch (`evaluate/items.py`), the JSON Schema of a condition
(`condition_schema`), the cross-reference check of a standard (`references`) and the documentation table
(`docs/standards.md`, compared by a test) all read this one registry. The built-in kinds register when
`balance_check.evaluate` is imported (the package imports it); a program may register its own.
"""

import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# A kind lists every other key it reads (wording such as `label` and `detail` too): unknown keys are errors.
COMMON_PROPERTIES = {"kind": True}


@dataclass(frozen=True)
class ConditionInputs:
    """What a condition can read: the classified 学校 rows, their per-cell errors, the 县域 facts, the
    质量监测 rows (None when the sheet is absent), the 学校 columns present, and the standard."""

    schools: Any
    errors: Any
    county: dict
    quality: list | None
    present: set
    standard: Any


@dataclass(frozen=True)
class ConditionKind:
    name: str
    check: Callable[[dict, ConditionInputs], Any]
    meaning: str  # one line of Chinese for the documentation table
    properties: dict  # JSON Schema of each key besides the common ones
    required: tuple[str, ...]
    facts: tuple[str, ...] = ()  # keys whose value (a key or a list of keys) names county facts
    fields: tuple[str, ...] = ()  # the same for 学校 columns; "rooms[].count" reads inside a list
    placeholders: dict = field(default_factory=dict)  # wording key -> the {names} its text may use
    schema: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(
            self,
            "schema",
            {
                "required": list(self.required),
                "additionalProperties": False,
                "properties": {**COMMON_PROPERTIES, **self.properties},
            },
        )


KINDS: dict[str, ConditionKind] = {}


def register_condition_kind(
    name: str,
    *,
    meaning: str,
    properties: dict,
    required: tuple[str, ...] | list[str] = (),
    facts: tuple[str, ...] | list[str] = (),
    fields: tuple[str, ...] | list[str] = (),
    placeholders: dict[str, tuple[str, ...]] | None = None,
) -> Callable:
    """Decorator: register `check(cond, inputs) -> Outcome` as condition kind `name`."""

    def register(check: Callable) -> Callable:
        KINDS[name] = ConditionKind(
            name, check, meaning, properties, tuple(required), tuple(facts), tuple(fields), placeholders or {}
        )
        return check

    return register


def _builtin_kinds() -> None:
    """The built-in kinds register when balance_check.evaluate is imported. The package imports it on
    first use (so that --help starts without pandas); whatever reads the registry makes sure of it."""
    from .. import evaluate  # noqa: F401


def condition_schema() -> dict:
    """`$defs/condition` of the standard schema: one `if kind … then keys …` branch per registered kind."""
    _builtin_kinds()
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(KINDS)}},
        "allOf": [
            {"if": {"properties": {"kind": {"const": k.name}}}, "then": k.schema} for k in KINDS.values()
        ],
    }


def references(cond: dict) -> Iterator[tuple[str, str, str]]:
    """(role, key path, name) for every fact ("fact") and 学校 column ("field") the condition names."""
    _builtin_kinds()
    kind = KINDS[cond["kind"]]
    for role, paths in (("fact", kind.facts), ("field", kind.fields)):
        for path in paths:
            yield from ((role, where, name) for where, name in _names(cond, path.split(".")))


def unknown_placeholders(cond: dict) -> Iterator[tuple[str, str]]:
    """(key, name) for each {name} in the condition's wording that its kind does not fill in."""
    _builtin_kinds()
    for key, allowed in KINDS[cond["kind"]].placeholders.items():
        try:
            names = [f for _, f, _, _ in string.Formatter().parse(cond.get(key, "")) if f is not None]
        except ValueError:  # an unmatched brace
            names = ["{"]
        yield from ((key, n) for n in names if n not in allowed)


def _names(value, steps: list[str], where: str = "") -> Iterator[tuple[str, str]]:
    if not steps:
        for i, name in enumerate(value if isinstance(value, list) else [value]):
            yield (f"{where}/{i}" if isinstance(value, list) else where), name
        return
    step, rest = steps[0], steps[1:]
    if step.endswith("[]"):
        for i, entry in enumerate(value.get(step[:-2], []) if isinstance(value, dict) else []):
            yield from _names(entry, rest, f"{where}/{step[:-2]}/{i}")
    elif isinstance(value, dict) and step in value:
        yield from _names(value[step], rest, f"{where}/{step}")
