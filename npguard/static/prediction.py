"""The predictions other stages read: one Statement per simple statement of a cell."""

from __future__ import annotations

from dataclasses import dataclass

from npguard.model import Temporary

#: Kinds whose ``nbytes`` is not a new allocation on the statement.
ANNOTATION_KINDS = ("out-of-place-update", "growing-array")


@dataclass(frozen=True, slots=True)
class ArrayInfo:
    """Shape and dtype of an array value (live, or predicted symbolically)."""

    shape: tuple[int, ...]
    dtype: str          # np.dtype(...).name, e.g. "float64"
    nbytes: int
    c_contiguous: bool = True


@dataclass(frozen=True, slots=True)
class Statement:
    """One simple statement of the cell (compound statements contribute their inner statements)."""

    lineno: int                      # 1-based line in the cell body where the statement starts
    end_lineno: int
    text: str                        # its exact source text (may span lines), without leading indent
    indent: str                      # leading whitespace of its first line
    targets: tuple[str, ...]         # names it binds: `b = ...`, `b += ...`, `b[...] = ...` -> ("b",)
    reads: tuple[str, ...]           # names it reads
    in_loop: bool = False
    loop_count: int | None = None    # iterations of the innermost enclosing loop, when known
    in_function: str | None = None   # enclosing def's name when inside a function the cell defines
    in_place: bool = False           # augmented assignment / out= / slice-assignment: writes into an existing array
    temporaries: tuple[Temporary, ...] = ()   # what it allocates, in evaluation order
    result: ArrayInfo | None = None  # the array bound to a single target, if predicted
    peak: int | None = None          # predicted peak bytes above the statement's start (None: not fully known)
    result_index: int | None = None  # index in ``temporaries`` of the allocation the statement keeps
    calls: tuple[CallSite, ...] = ()  # calls the analysis does not model, outermost first
    #: The arrays the names it reads held when it first ran (deep mode reads them at the line): (name, shape,
    #: dtype). A function's own variables are known only this way.
    seen: tuple[tuple[str, tuple[int, ...], str], ...] = ()


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call npguard does not model in detail: whatever it allocates inside is attributed to it."""

    expr: str                        # its source text
    name: str                        # what it calls, as written (``np.unique``, ``orders.merge``)
    span: tuple[int, int, int, int]  # like Temporary.span
    numpy: bool = False              # a NumPy function (its own Python code allocates inside)
    hidden: str = ""                 # what NumPy's code allocates inside, when the facts table knows
    replaces: str | None = None      # ``df = df[mask]``, ``df['c'] = ...``: the pandas value the line replaces
    replaced: int = 0                # its bytes, held until the new value is bound
    replaced_index: int = 0          # of those, its index's: a new frame with the same rows shares the index
    pandas: bool = False             # handed a pandas object (seen at the line: ``np.any(np.isinf(returns))``)


@dataclass(frozen=True, slots=True)
class CellPrediction:
    statements: tuple[Statement, ...] = ()
    reason: str | None = None        # why nothing (or not everything) could be predicted

    @property
    def temporaries(self) -> tuple[Temporary, ...]:
        return tuple(t for s in self.statements for t in s.temporaries)

    def at(self, lineno: int) -> Statement | None:
        """The statement starting on ``lineno``."""
        for s in self.statements:
            if s.lineno == lineno:
                return s
        return None
