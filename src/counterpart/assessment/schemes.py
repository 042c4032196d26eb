"""Assessment schemes as data: TOML files in `assessment/schemes/` (areas → indicators, grade bands).

TOML because the standard library reads it (`tomllib`, no new dependency), it takes comments (the weights are
a choice and the files say so beside them), and a table of indicators in it reads as it is written. A scheme
is checked when it is loaded; every problem names the file, the line and the field (an unknown metric, an
argument the metric does not take, weights not summing to the total, grade bands that overlap or leave a
gap, a rule that needs a target without one). A scheme is versioned by its `code` + `version`: a run
stores the scheme it used (`AssessmentRun.scheme`), so a later edit of the file never changes a run.

An indicator's metric is `numerator` (÷ `denominator` × `factor` for a rate), each an expression over the
named metric functions of `assessment.metrics`: terms added or subtracted, each `name` or
`name(arg=value, …)`, e.g. `dispatches(kind=cadre, direction=east_to_west) + dispatches(kind=teacher)`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

from counterpart.assessment import metrics, scoring

SCHEME_DIR = Path(__file__).parent / "schemes"
LANGUAGES = ("zh_hans", "zh_hant", "en", "ja")
TARGET_SOURCES = ("none", "fixed", "last_year", "group_median", "metric")

_TERM = re.compile(r"\s*([+-])?\s*([a-z_][a-z0-9_]*)\s*(?:\(([^()]*)\))?\s*")
_ARG = re.compile(r"\s*([a-z_][a-z0-9_]*)\s*=\s*([A-Za-z0-9_.-]+)\s*")


class SchemeError(ValueError):
    """A scheme that does not load; `problems` lists every (line, field, message)."""

    def __init__(self, path: str, problems: list[tuple[int | None, str, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = [f"{path}:{line or '?'}: {fld}: {message}" for line, fld, message in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Term:
    sign: int
    metric: str
    args: dict[str, str]


@dataclass(frozen=True)
class Expression:
    text: str
    terms: tuple[Term, ...]

    @property
    def metrics(self) -> set[str]:
        return {t.metric for t in self.terms}


def parse_expression(text: str) -> Expression:
    """`a + b(x=1) - c` → its terms; ValueError naming what is wrong."""
    terms: list[Term] = []
    pos = 0
    text = text.strip()
    if not text:
        raise ValueError("empty expression")
    while pos < len(text):
        match = _TERM.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"cannot read {text[pos:]!r}")
        sign, name, arg_text = match.groups()
        if terms and not sign:
            raise ValueError(f"expected + or - before {name!r}")
        args: dict[str, str] = {}
        for part in filter(str.strip, (arg_text or "").split(",")):
            arg = _ARG.fullmatch(part)
            if not arg:
                raise ValueError(f"cannot read the argument {part.strip()!r} of {name}")
            args[arg[1]] = arg[2]
        terms.append(Term(-1 if sign == "-" else 1, name, args))
        pos = match.end()
    return Expression(text, tuple(terms))


@dataclass(frozen=True)
class Target:
    source: str = "none"
    value: Decimal | None = None
    expression: Expression | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    area: str
    name: dict[str, str]
    unit: dict[str, str]
    numerator: Expression
    denominator: Expression | None
    factor: Decimal
    out_of: Expression | None
    target: Target
    rule: str
    params: dict[str, Any]
    weight: Decimal
    note: str = ""

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    @property
    def metrics(self) -> set[str]:
        used = set(self.numerator.metrics)
        for expr in (self.denominator, self.out_of, self.target.expression):
            if expr is not None:
                used |= expr.metrics
        return used


@dataclass(frozen=True)
class Area:
    code: str
    name: dict[str, str]
    indicators: tuple[Indicator, ...]

    @property
    def weight(self) -> Decimal:
        return scoring.weighted_total([i.weight for i in self.indicators])


@dataclass(frozen=True)
class Grade:
    code: str
    name: dict[str, str]
    minimum: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class Scheme:
    code: str
    version: int
    name: dict[str, str]
    subject: str
    total: Decimal
    areas: tuple[Area, ...]
    grades: tuple[Grade, ...]
    programme: str = ""
    levels: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    checksum: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for a in self.areas for i in a.indicators]

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def grade_bands(self) -> list[tuple[str, Decimal]]:
        return [(g.code, g.minimum) for g in self.grades]

    def grade(self, code: str) -> Grade | None:
        return next((g for g in self.grades if g.code == code), None)

    def as_data(self) -> dict[str, Any]:
        """What a run stores: the file's data as loaded (reloaded with `scheme_from_data`)."""
        return {"raw": self.raw, "source": self.source, "checksum": self.checksum}


def localized(names: dict[str, str], language: str | None = None) -> str:
    """The name in the active language (zh-hans → zh_hans), else the simplified Chinese one."""
    key = (language or get_language() or "zh-hans").lower().replace("-", "_")
    return names.get(key) or names.get("zh_hans") or next(iter(names.values()), "")


# --- loading ---------------------------------------------------------------------------------------------


class _Locator:
    """Line numbers for the problems: tomllib gives none, so the text is searched for the table's code and
    the field's key after it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, code: str | None = None, key: str | None = None) -> int | None:
        start = 0
        if code is not None:
            found = self._find(rf'^\s*code\s*=\s*["\']{re.escape(code)}["\']', 0)
            if found is None:
                return None
            start = found
        if key is None:
            return start + 1
        # the key within the same table: before the next table header
        for number in range(start, len(self.lines)):
            text = self.lines[number]
            if number > start and text.lstrip().startswith("["):
                break
            if re.match(rf"^\s*{re.escape(key)}\s*=", text):
                return number + 1
        return start + 1 if code is not None else None

    def _find(self, pattern: str, start: int) -> int | None:
        for number in range(start, len(self.lines)):
            if re.match(pattern, self.lines[number]):
                return number
        return None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    return Decimal(str(value))


def _names(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items()}
    return {}


def load_scheme(path: Path | str) -> Scheme:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return parse_scheme(text, source=path.name)


def parse_scheme(text: str, *, source: str = "<scheme>") -> Scheme:
    """Read and check a scheme's TOML text; `SchemeError` lists every problem with its line and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(source, [(getattr(exc, "lineno", None), "toml", str(exc))]) from exc
    scheme = _build(data, _Locator(text), source)
    return Scheme(
        **{
            **{k: getattr(scheme, k) for k in scheme.__dataclass_fields__},
            "checksum": hashlib.sha256(text.encode()).hexdigest(),
            "raw": data,
            "source": source,
        }
    )


def scheme_from_data(data: dict[str, Any]) -> Scheme:
    """The scheme a run stored (`Scheme.as_data`), rebuilt without its file."""
    scheme = _build(data["raw"], _Locator(""), data.get("source", "<stored>"))
    return Scheme(
        **{
            **{k: getattr(scheme, k) for k in scheme.__dataclass_fields__},
            "checksum": data.get("checksum", ""),
            "raw": data["raw"],
            "source": data.get("source", ""),
        }
    )


def _build(data: dict[str, Any], at: _Locator, source: str) -> Scheme:
    problems: list[tuple[int | None, str, str]] = []

    def problem(fld: str, message: str, code: str | None = None, key: str | None = None) -> None:
        problems.append((at.line(code, key), fld, message))

    for key in ("code", "version", "subject", "total"):
        if key not in data:
            problem(key, "missing", key=key)
    subject = str(data.get("subject", ""))
    if subject and subject not in metrics.SUBJECT_KINDS:
        problem("subject", f"must be one of {', '.join(metrics.SUBJECT_KINDS)}", key="subject")
    try:
        total = _decimal(data.get("total", 0))
    except InvalidOperation:
        problem("total", "not a number", key="total")
        total = Decimal(0)
    version = data.get("version", 0)
    if not isinstance(version, int) or version < 1:
        problem("version", "must be a whole number from 1", key="version")
        version = 0

    areas = _areas(data, subject, problem)
    if not areas:
        problem("areas", "a scheme needs areas")

    weights = scoring.weighted_total([a.weight for a in areas])
    if areas and not problems and weights != total:
        problem("total", f"the indicators' weights sum to {weights}, not to the total {total}", key="total")

    grades = _grades(data, problem)

    if problems:
        raise SchemeError(source, problems)
    return Scheme(
        code=str(data["code"]),
        version=version,
        name=_names(data.get("name")),
        subject=subject,
        total=total,
        areas=tuple(areas),
        grades=tuple(grades),
        programme=str(data.get("programme", "")),
        levels=tuple(str(x) for x in data.get("levels", ())),
        note=str(data.get("note", "")),
    )


def _areas(data: dict[str, Any], subject: str, problem: Any) -> list[Area]:
    areas: list[Area] = []
    seen: set[str] = set()
    for a_index, area in enumerate(data.get("areas") or []):
        a_code = str(area.get("code") or "")
        a_field = f"areas[{a_index}]"
        if not a_code:
            problem(f"{a_field}.code", "missing")
        indicators: list[Indicator] = []
        for i_index, raw in enumerate(area.get("indicators") or []):
            fld = f"{a_field}.indicators[{i_index}]"
            code = str(raw.get("code") or "")
            if not code:
                problem(f"{fld}.code", "missing", a_code or None)
                continue
            fld = f"{a_code}.{code}"
            if code in seen:
                problem(f"{fld}.code", "used twice", code)
            seen.add(code)
            indicator = _indicator(raw, a_code, subject, fld, lambda f, m, k, c=code: problem(f, m, c, k))
            if indicator is not None:
                indicators.append(indicator)
        if not area.get("indicators"):
            problem(f"{a_field}.indicators", "an area needs indicators", a_code or None)
        areas.append(Area(a_code, _names(area.get("name")), tuple(indicators)))
    return areas


def _grades(data: dict[str, Any], problem: Any) -> list[Grade]:
    """The grade bands (percent of the points); bands that overlap or leave a gap are problems."""
    grades: list[Grade] = []
    for g_index, raw in enumerate(data.get("grades") or []):
        g_code = str(raw.get("code") or "")
        try:
            grades.append(Grade(g_code, _names(raw.get("name")), _decimal(raw["min"]), _decimal(raw["max"])))
        except (KeyError, InvalidOperation):
            problem(
                f"grades[{g_index}]", "needs a code, a min and a max (percent of the points)", g_code or None
            )
    ordered = sorted(grades, key=lambda g: g.minimum)
    for low, high in itertools.pairwise(ordered):
        if high.minimum < low.maximum:
            problem(
                f"grades.{high.code}.min",
                f"overlaps the band {low.code} ({low.minimum}–{low.maximum})",
                high.code,
                "min",
            )
        elif high.minimum > low.maximum:
            problem(f"grades.{high.code}.min", f"leaves a gap after the band {low.code}", high.code, "min")
    if not grades:
        problem("grades", "a scheme needs grade bands")
    for g in grades:
        if g.minimum > g.maximum:
            problem(f"grades.{g.code}", "min above max", g.code, "min")
    return grades


def _expression(raw: Any, subject: str, fld: str, key: str, problem: Any) -> Expression | None:
    if raw in (None, ""):
        return None
    try:
        expr = parse_expression(str(raw))
    except ValueError as exc:
        problem(fld + "." + key, str(exc), key)
        return None
    for term in expr.terms:
        known = metrics.REGISTRY.get(term.metric)
        if known is None:
            problem(f"{fld}.{key}", f"unknown metric {term.metric!r}", key)
            continue
        if subject and known.subject != subject:
            problem(
                f"{fld}.{key}", f"the metric {term.metric!r} is about {known.subject}s, not {subject}s", key
            )
        for arg, value in term.args.items():
            allowed = known.args.get(arg)
            if allowed is None:
                problem(f"{fld}.{key}", f"the metric {term.metric!r} takes no argument {arg!r}", key)
            elif value not in allowed:
                problem(f"{fld}.{key}", f"{arg}={value}: expected one of {', '.join(allowed)}", key)
    return expr


def _indicator(raw: dict[str, Any], area: str, subject: str, fld: str, problem: Any) -> Indicator | None:
    numerator = _expression(raw.get("numerator"), subject, fld, "numerator", problem)
    if raw.get("numerator") in (None, ""):
        problem(f"{fld}.numerator", "missing", None)
    denominator = _expression(raw.get("denominator"), subject, fld, "denominator", problem)
    out_of = _expression(raw.get("out_of"), subject, fld, "out_of", problem)
    rule = str(raw.get("rule") or "")
    if rule not in scoring.RULES:
        problem(f"{fld}.rule", f"unknown rule {rule!r} (one of {', '.join(scoring.RULES)})", "rule")
    try:
        weight = _decimal(raw.get("weight"))
        if weight <= 0:
            raise InvalidOperation
    except InvalidOperation:
        problem(f"{fld}.weight", "must be a positive number", "weight")
        weight = Decimal(0)
    try:
        factor = _decimal(raw.get("factor", 1))
    except InvalidOperation:
        problem(f"{fld}.factor", "not a number", "factor")
        factor = Decimal(1)
    target = _target(raw, subject, fld, problem)
    t_source = target.source
    if rule in scoring.NEED_TARGET and t_source == "none":
        problem(f"{fld}.target", f"the rule {rule} needs a target", "rule")
    params = dict(raw.get("params") or {})
    if rule == "bands":
        try:
            params["bands"] = [[float(_decimal(m)), float(_decimal(p))] for m, p in params.get("bands", [])]
            if not params["bands"]:
                raise InvalidOperation
        except (InvalidOperation, TypeError, ValueError):
            problem(f"{fld}.params.bands", "bands need [[minimum, points], …]", "params")
    names = _names(raw.get("name"))
    missing = [lang for lang in LANGUAGES if not names.get(lang)]
    if missing:
        problem(f"{fld}.name", f"names missing in {', '.join(missing)}", "name")
    if numerator is None:
        return None
    return Indicator(
        code=str(raw["code"]),
        area=area,
        name=names,
        unit=_names(raw.get("unit", "")),
        numerator=numerator,
        denominator=denominator,
        factor=factor,
        out_of=out_of,
        target=target,
        rule=rule,
        params=params,
        weight=weight,
        note=str(raw.get("note", "")),
    )


def _target(raw: dict[str, Any], subject: str, fld: str, problem: Any) -> Target:
    target_raw = raw.get("target") or {"source": "none"}
    if not isinstance(target_raw, dict):
        target_raw = {"source": "fixed", "value": target_raw}
    t_source = str(target_raw.get("source", "fixed" if "value" in target_raw else "none"))
    target = Target(t_source)
    if t_source not in TARGET_SOURCES:
        problem(
            f"{fld}.target",
            f"unknown target source {t_source!r} (one of {', '.join(TARGET_SOURCES)})",
            "target",
        )
    elif t_source == "fixed":
        try:
            target = Target("fixed", value=_decimal(target_raw.get("value")))
        except InvalidOperation:
            problem(f"{fld}.target", "a fixed target needs a number as its value", "target")
    elif t_source == "metric":
        expr = _expression(target_raw.get("expression"), subject, fld, "target", problem)
        if expr is None:
            problem(f"{fld}.target", "a metric target needs an expression", "target")
        target = Target("metric", expression=expr)
    return target


def available_schemes() -> dict[str, Scheme]:
    """The schemes in the repository, by code (the highest version of each)."""
    found: dict[str, Scheme] = {}
    for path in sorted(SCHEME_DIR.glob("*.toml")):
        scheme = load_scheme(path)
        if scheme.code not in found or found[scheme.code].version < scheme.version:
            found[scheme.code] = scheme
    return found
