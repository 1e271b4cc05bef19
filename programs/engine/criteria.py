"""What a criterion kind is, the registry of kinds, and what a criterion may read of a profile.

A criterion kind is one class (see `kinds.py` for the ones the rules use): its `name` (the
`programs.Criterion.kind` string), its parameter model `Params` (pydantic, from
`criteria_params.py`), the facts it `reads`, `evaluate(facts, params) -> Verdict`, the
`requirement` sentence the applicant reads, and, for a kind that brings new ones, its
`messages`. Defining the class registers it in `KINDS`; nothing else needs to change to add a
kind.

`reads` is the only list of what a kind depends on, and it is enforced: `evaluate` is given a
`Reading`, which refuses any fact the kind did not declare. Two things rely on it: suggestion
trials re-evaluate only the criteria whose declared facts a change touches
(`programs.trial_outcomes`), and judged verdicts are kept by the values of the declared facts
(`Judged`, `verdicts.py`); neither can go stale.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel

from .facts import Facts, levels_in
from .i18n import translate
from .language import Levels
from .messages import TRANSLATED, fill
from .rules import RuleSet
from .verdicts import frozen

LANGUAGE_FACTS = frozenset({"first", "first_language", "second", "second_language"})
# Results other than facts a kind may declare in `reads`.
CRS_TOTAL, FSW_RESULT, OUTCOMES = "@crs", "@fsw", "@outcomes"


class Verdict(NamedTuple):
    met: bool | None  # None: cannot be told from the profile
    key: str  # a message key (messages.MESSAGES, or a kind's own `messages`)
    values: dict[str, Any]  # what the message is filled with: strings and numbers (hashable)


class UndeclaredRead(AttributeError):
    """A kind read a fact missing from its `reads`: declare it, or results of trials go stale."""


@dataclass(slots=True)
class Context:
    """One profile being scored: its facts, the rules and what has been worked out so far."""

    facts: Facts
    rules: RuleSet
    crs_total: int
    fsw: dict[str, Any]  # the FSW grid result (fsw.score)
    language: str
    checks: list[Any]  # the programs' checks in evaluation order (programs.checks_in_order)
    outcomes: dict[str, str] = field(default_factory=dict)  # program slug -> outcome, so far
    mets: dict[str, list[bool | None]] = field(default_factory=dict)  # program -> per criterion
    category_mets: list[bool | None] = field(default_factory=list)  # requirement met, per category


class Reading:
    """The facts of a `Context` that one kind declared, and nothing else.

    Attributes are the `Facts` fields named in `reads`; `crs_total`, `fsw` and `outcomes` need
    "@crs", "@fsw" and "@outcomes"; a kind reading `as_of` (the scoring day) declares it too.
    `rules` and `language` are always there. `reading_class(reads)` gives the class for a set of
    reads: every fact and result is a property, which reads it when declared and raises
    `UndeclaredRead` when not (no `__getattr__`: it would slow every attribute read).
    """

    __slots__ = ("_ctx", "language", "rules")

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.rules = ctx.rules
        self.language = ctx.language

    def levels_in(self, language: str) -> Levels | None:
        """Facts.levels_in, read through this reading (so it needs the four language facts)."""
        return levels_in(self, language)


# The results other than facts, as a Reading reads them from its Context.
RESULT_ATTRIBUTES = {CRS_TOTAL: "crs_total", FSW_RESULT: "fsw", OUTCOMES: "outcomes"}


def _undeclared(name: str) -> property:
    def refuse(reading: Reading) -> Any:
        raise UndeclaredRead(f"{name!r} is read but not declared in the kind's `reads`")

    return property(refuse)


def reading_class(reads: frozenset[str]) -> type[Reading]:
    """A `Reading` whose attributes are the facts (and results) in `reads`."""
    unknown = reads - set(Facts._fields) - set(RESULT_ATTRIBUTES)
    if unknown:
        raise ValueError(f"Reads of no fact or result: {sorted(unknown)}.")
    properties: dict[str, Any] = {"__slots__": ()}
    for name in Facts._fields:
        declared = name in reads
        properties[name] = (
            property(attrgetter(f"_ctx.facts.{name}")) if declared else _undeclared(name)
        )
    for name, attribute in RESULT_ATTRIBUTES.items():
        declared = name in reads
        properties[attribute] = (
            property(attrgetter(f"_ctx.{attribute}")) if declared else _undeclared(name)
        )
    return type("Reading", (Reading,), properties)


class Kind:
    """A criterion kind. Subclasses set the class attributes; defining one registers it."""

    name: ClassVar[str]
    Params: ClassVar[type[BaseModel]]
    reads: ClassVar[frozenset[str]] = frozenset()
    # key -> English template (marked with i18n.gettext_noop): messages this kind adds.
    messages: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        register(cls())

    def reads_of(self, params: Any) -> frozenset[str]:
        """The facts (and "@..." results) a criterion with these parameters reads."""
        return self.reads

    def evaluate(self, facts: Reading, params: Any) -> Verdict:
        raise NotImplementedError

    def requirement(self, params: Any, rules: RuleSet, language: str) -> str:
        """The requirement as the applicant reads it, built from the parameters."""
        raise NotImplementedError


# Filled when each kind class is defined (at import), then only read.
KINDS: dict[str, Kind] = {}
KIND_MESSAGES: dict[str, str] = {}  # messages the kinds brought: key -> English template


def register(kind: Kind) -> None:
    """Add a kind and its messages; a name or message key already taken is an error."""
    if kind.name in KINDS:
        raise ValueError(f"A criterion kind {kind.name!r} is already registered.")
    taken = [key for key in kind.messages if key in KIND_MESSAGES]
    if taken:
        raise ValueError(f"Message keys of {kind.name!r} already registered: {taken}.")
    KINDS[kind.name] = kind
    KIND_MESSAGES.update(kind.messages)


def unregister(name: str) -> None:
    """Remove a kind and its messages (for kinds defined by tests)."""
    kind = KINDS.pop(name)
    for key in kind.messages:
        del KIND_MESSAGES[key]


def render_verdict(verdict: Verdict, language: str) -> str:
    """The verdict's message in `language`, from its kind's own messages or messages.py."""
    template = KIND_MESSAGES.get(verdict.key)
    if template is None:
        return fill(TRANSLATED[language][verdict.key], verdict.values)
    return fill(translate(template, language), verdict.values)


def evaluate(kind: str, params: Any, ctx: Context) -> Verdict:
    """One criterion of a profile: its kind's verdict, given only the facts the kind declared."""
    found = KINDS[kind]
    return found.evaluate(reading_class(found.reads_of(params))(ctx), params)


# Facts whose values are dicts (unhashable): a verdict's key holds them as sorted items.
DICT_FACTS = frozenset(
    name
    for name, annotation in Facts.__annotations__.items()
    if getattr(annotation, "__forward_arg__", str(annotation)).startswith("dict")
)


def _result(ctx: Context, name: str) -> Any:
    if name == CRS_TOTAL:
        return ctx.crs_total
    if name == FSW_RESULT:
        return ctx.fsw
    if name == OUTCOMES:
        return ctx.outcomes
    return getattr(ctx.facts, name)


def _no_facts(ctx: Context) -> tuple[()]:
    return ()


def key_reader(reads: frozenset[str]) -> Callable[[Context], Hashable]:
    """A function giving the values of `reads` for a context, hashable: with the rule set and
    the language, all that a verdict of a kind reading them depends on."""
    names = sorted(reads)
    plain = [name for name in names if not name.startswith("@") and name not in DICT_FACTS]
    others = [name for name in names if name not in plain]
    # Read in C, without a Python call: it runs for every criterion of every profile.
    facts_values = attrgetter(*[f"facts.{name}" for name in plain]) if plain else _no_facts
    if not others:
        return facts_values
    return lambda ctx: (facts_values(ctx), *[frozen(_result(ctx, n)) for n in others])


# Facts nearly unique to each applicant: a verdict reading one is not worth keeping.
UNIQUE_FACTS = frozenset({"jobs", "settlement_funds_cad"})


@dataclass(slots=True)
class Judged:
    """One criterion of a rule set, ready to judge: its kind, what it reads, the key function
    (`key_reader`; None: not cached, it reads a fact unique to each applicant) and the entries
    judged so far, by (language, key)."""

    kind: Kind
    reads: frozenset[str]
    reading: type[Reading]  # reading_class(reads)
    key_of: Callable[[Context], Hashable] | None
    entries: dict[Any, Any]  # by (language, values of the reads)
    shown: dict[Any, Any]  # the same entries by (language, verdict)

    @classmethod
    def of(cls, kind_name: str, params: Any) -> Judged:
        kind = KINDS[kind_name]
        reads = kind.reads_of(params)
        key_of = key_reader(reads) if reads.isdisjoint(UNIQUE_FACTS) else None
        return cls(kind, reads, reading_class(reads), key_of, {}, {})


def requirement_text(
    kind: str, params: Any, override: dict[str, str], rules: RuleSet, language: str
) -> str:
    """What the applicant reads for a criterion: staff's text for `language`, else generated."""
    return override.get(language) or KINDS[kind].requirement(params, rules, language)
