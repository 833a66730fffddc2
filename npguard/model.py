"""The data that flows through npguard: measured, explained, rendered.

Every stage passes these frozen objects along (probes -> meter -> explain ->
renderers); ``to_dict()`` gives the JSON record fixed by the user-facing contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .units import format_bytes

#: Finding kinds, in the order the contract lists them.
FINDING_KINDS = (
    "chained-ops",
    "broadcast-expansion",
    "forced-copy",
    "dtype-upcast",
    "fancy-index-copy",
    "growing-array",
    "out-of-place-update",
    "inside-call",
)

#: Hazard kinds (correctness or speed, reported in deep mode whatever their bytes), in contract order.
HAZARD_KINDS = (
    "dtype-overflow",
    "precision-loss",
    "view-write",
    "strided-loop",
    "base-retained",
)

#: Sources in the order npguard trusts them for NumPy temporaries.
SOURCE_ORDER = ("numpy", "traced", "rss")


@dataclass(frozen=True, slots=True)
class Sample:
    """One source's bytes at the start, at the end and at the highest point of a span."""

    before: int
    after: int
    peak: int

    @property
    def rise(self) -> int:
        """How far the peak climbed above the start (never negative)."""
        return max(0, self.peak - self.before)

    @property
    def net(self) -> int:
        """What the span left behind (negative when it freed memory)."""
        return self.after - self.before

    @property
    def transient(self) -> int:
        """Bytes that existed only inside the span: peak - max(before, after)."""
        return max(0, self.peak - max(self.before, self.after))

    def to_dict(self) -> dict[str, int]:
        return {"before": self.before, "after": self.after, "peak": self.peak}


@dataclass(frozen=True, slots=True)
class Measurement:
    """What the meter saw over one span of code (a cell, a line, a ``with`` block).

    A source is None when it was not measured; ``sources`` names how each
    figure was obtained (e.g. ``{"rss_peak": "vmhwm"}``) and ``notes`` says why
    something is missing.
    """

    duration_s: float
    rss: Sample | None = None
    numpy: Sample | None = None
    traced: Sample | None = None
    sources: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Why a source is None, by source name (``{"traced": "tracemalloc is off"}``).
    missing: dict[str, str] = field(default_factory=dict)

    def all_notes(self) -> tuple[str, ...]:
        """The notes, with a ``"<source> not measured: <why>"`` line for each missing source."""
        return tuple(f"{name} not measured: {why}" for name, why in self.missing.items()) + self.notes

    def best(self) -> tuple[str, Sample] | None:
        """The most precise source for NumPy temporaries: the counter, then tracemalloc, then RSS."""
        for name in SOURCE_ORDER:
            s = getattr(self, name)
            if s is not None:
                return name, s
        return None

    @property
    def temporaries_bytes(self) -> int | None:
        best = self.best()
        return None if best is None else best[1].transient

    def headline(self) -> tuple[str, Sample] | None:
        """The source whose peak climbed highest (ties go to the more precise one).

        RSS sees everything the process touched (pure-Python objects too) but
        can miss a temporary that the C allocator served from memory it kept;
        the NumPy counter sees every NumPy buffer, touched or not. The larger
        rise is the one a user must hear about.
        """
        best: tuple[str, Sample] | None = None
        for name in SOURCE_ORDER:
            s = getattr(self, name)
            if s is not None and (best is None or s.rise > best[1].rise):
                best = (name, s)
        return best


@dataclass(frozen=True, slots=True)
class LineStat:
    """Per-line attribution in deep mode. ``peak_bytes`` is inclusive of calls made on the line."""

    lineno: int
    source: str
    hits: int
    net_bytes: int
    peak_bytes: int
    temporaries_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "lineno": self.lineno,
            "source": self.source,
            "hits": self.hits,
            "net_bytes": self.net_bytes,
            "peak_bytes": self.peak_bytes,
            "temporaries_bytes": self.temporaries_bytes,
        }


@dataclass(frozen=True, slots=True)
class Temporary:
    """A predicted allocation: one sub-expression's result, from shapes and dtypes alone.

    ``kind`` is a finding kind when the allocation has a nameable cause, or
    ``"result"`` for a value that is simply kept. ``elided`` marks a temporary
    that NumPy is expected to reuse in place (temporary elision).
    """

    lineno: int
    expr: str
    nbytes: int
    shape: tuple[int, ...]
    dtype: str
    kind: str
    detail: str = ""
    elided: bool = False
    #: Where the sub-expression stands in the analysed source: (line, column, end line, end column),
    #: lines counted like ``lineno``, columns as Python's ``ast`` counts them.
    span: tuple[int, int, int, int] | None = None
    #: dtypes of the operands, in order (``dtype-upcast``: what was promoted).
    inputs: tuple[str, ...] = ()
    #: A cast's source dtype, when the allocation is one (``astype``, a create-then-cast).
    cast_from: str | None = None
    #: The creation call a create-then-cast starts from (``np.random.randint(0, 4, (h, w, 3))``).
    creation: str | None = None
    #: Iterations of the enclosing loop, when known (``growing-array``).
    loop_count: int | None = None
    #: ``out-of-place-update``: whether the in-place form computes the same, and if not, why.
    in_place_safe: bool | None = None
    unsafe_because: tuple[str, ...] = ()
    #: The call this array was handed to, when npguard does not model that call (its source text).
    consumer: str | None = None
    #: ``out-of-place-update`` of ``b = a * 2``: the name whose old array stays bound while the new one is built.
    rebinds: str | None = None
    #: ``out-of-place-update``: the bytes rebinding can free, which for a view are its base's (``T``, a
    #: reshaped slice of a wider array, keeps the whole of it alive).
    held_bytes: int | None = None
    #: ``out-of-place-update``: other names that share the old value's memory, so rebinding frees none of it.
    aliased_by: tuple[str, ...] = ()
    #: The left operand of an operator whose other operand npguard did not know: NumPy may have computed the
    #: result in this array, so it need not have died on the line.
    reusable: bool = False
    #: A commutative operator's left operand that is a NumPy scalar (``inter`` in ``inter + slope * xs``):
    #: on NumPy 2 it runs its own operator, so the temporary on the right is not reused in place.
    scalar_left: str | None = None
    #: The index arrays NumPy makes from a boolean mask (``np.nonzero``) before selecting with it, placed on the
    #: mask's own source span.
    mask_indices: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One explained cause of memory pressure, with what to do instead."""

    kind: str
    lineno: int
    bytes: int
    message: str
    suggestion: str
    rewrite: str | None = None

    @property
    def hazard(self) -> bool:
        """Whether this is a hazard (correctness or speed), not a cause of memory pressure."""
        return self.kind in HAZARD_KINDS

    @property
    def size_text(self) -> str:
        """The bytes as shown next to the kind: "" for a hazard that is not about bytes."""
        return "" if self.hazard and not self.bytes else format_bytes(self.bytes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "lineno": self.lineno,
            "bytes": self.bytes,
            "message": self.message,
            "suggestion": self.suggestion,
            "rewrite": self.rewrite,
        }


@dataclass(frozen=True, slots=True)
class BudgetStop:
    """Why npguard's memory budget stopped a cell or block, and where.

    ``kind`` is ``"numpy"`` when NumPy's allocation was refused (``requested``
    bytes on top of ``held``), ``"rss"`` when the watchdog saw the process's
    resident memory (``held``) pass ``limit``. ``lineno`` counts lines of the
    cell body; ``source`` says where the budget came from.
    """

    kind: str
    requested: int | None
    held: int
    limit: int
    source: str
    lineno: int | None = None
    line: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "requested": self.requested, "held": self.held, "limit": self.limit,
                "source": self.source, "lineno": self.lineno, "line": self.line}


def describe_exception(exc: BaseException) -> str:
    """``"ZeroDivisionError: division by zero"``: how a record names an error."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass(frozen=True, slots=True)
class CellReport:
    """Everything npguard knows about one cell (or one watched block in a script)."""

    execution_count: int | None
    source: str
    mode: str  # "light", "deep", or "block" for the script API
    measurement: Measurement
    error: str | None = None
    lines: tuple[LineStat, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    label: str | None = None
    #: Deep mode: the whole cell with every finding's fix applied, where two or more combine.
    rewrite: str | None = None
    #: Why the explainer did not run, or failed (the block's source could not be read, ...).
    unexplained: str | None = None
    budget_stop: BudgetStop | None = None

    @property
    def duration_s(self) -> float:
        return self.measurement.duration_s

    @property
    def temporaries_bytes(self) -> int | None:
        return self.measurement.temporaries_bytes

    @property
    def peak_rise(self) -> int:
        """Bytes the highest source climbed above the start; 0 when nothing was measured."""
        h = self.measurement.headline()
        return 0 if h is None else h[1].rise

    @property
    def hazard_kinds(self) -> tuple[str, ...]:
        """The hazard kinds among the findings, in order, each once."""
        return tuple(dict.fromkeys(f.kind for f in self.findings if f.hazard))

    def all_notes(self) -> tuple[str, ...]:
        """Every note for people: the measurement's, the report's, and why it was not explained."""
        why = (f"not explained: {self.unexplained}",) if self.unexplained else ()
        return self.measurement.all_notes() + self.notes + why

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        from .renderers import text

        p.text("CellReport(...)" if cycle else text.render_cell(self))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """How a notebook shows a report: its HTML view, and the text for everything else."""
        from .renderers import html, text

        return {"text/html": html.render_cell(self), "text/plain": text.render_cell(self)}

    def with_findings(self, findings: tuple[Finding, ...], notes: tuple[str, ...] = (),
                      rewrite: str | None = None) -> CellReport:
        return replace(self, findings=tuple(findings), notes=self.notes + tuple(notes), rewrite=rewrite)

    def to_dict(self) -> dict[str, Any]:
        m = self.measurement

        def sample(s: Sample | None) -> dict[str, int] | None:
            return None if s is None else s.to_dict()

        return {
            "execution_count": self.execution_count,
            "source": self.source,
            "mode": self.mode,
            "label": self.label,
            "duration_s": round(m.duration_s, 6),
            "error": self.error,
            "rss": sample(m.rss),
            "numpy": sample(m.numpy),
            "traced": sample(m.traced),
            "temporaries_bytes": m.temporaries_bytes,
            "lines": [line.to_dict() for line in self.lines],
            "findings": [f.to_dict() for f in self.findings],
            "rewrite": self.rewrite,
            "sources": dict(m.sources),
            "notes": list(self.all_notes()),
            "budget_stop": None if self.budget_stop is None else self.budget_stop.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Settings:
    """The user's settings as plain data; the IPython edge converts its traitlets to this."""

    threshold: int = 20 * 1024**2
    history: int = 1000
    widget: bool = True

    def shows(self, report: CellReport) -> bool:
        """Whether a light-mode cell is worth a line: its peak or its temporaries reach the threshold."""
        return report.mode != "light" or report.budget_stop is not None or self.flagged(report)

    def flagged(self, report: CellReport) -> bool:
        """Whether a cell of any mode moved memory by the threshold: its peak or its temporaries reach it."""
        temps = report.temporaries_bytes or 0
        return report.peak_rise >= self.threshold or temps >= self.threshold

    def pressure(self, report: CellReport) -> bool:
        """Memory pressure: temporaries (transient bytes) at or above the threshold, or a budget stop."""
        return report.budget_stop is not None or (report.temporaries_bytes or 0) >= self.threshold
