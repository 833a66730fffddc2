"""Hand-built predictions for explain() tests: npguard.static's dataclasses, filled in by hand
so explain() is tested without running the predictor or any NumPy code."""

from __future__ import annotations

from npguard.model import Temporary

from npguard.static import ArrayInfo, CellPrediction, Statement


_ITEMSIZE = {"bool": 1, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "float16": 2,
             "int32": 4, "uint32": 4, "float32": 4, "int64": 8, "uint64": 8, "float64": 8,
             "complex64": 8, "complex128": 16}


def nbytes(shape: tuple[int, ...], dtype: str) -> int:
    n = _ITEMSIZE[dtype]
    for d in shape:
        n *= d
    return n


def temp(lineno: int, expr: str, shape: tuple[int, ...], kind: str, dtype: str = "float64",
         detail: str = "", elided: bool = False, **fields) -> Temporary:
    """``fields`` are Temporary's typed fields (``in_place_safe=True``, ``creation=...``)."""
    return Temporary(lineno, expr, nbytes(shape, dtype), tuple(shape), dtype, kind, detail, elided, **fields)


def info(shape: tuple[int, ...], dtype: str = "float64") -> ArrayInfo:
    return ArrayInfo(tuple(shape), dtype, nbytes(shape, dtype))


def stmt(source: str, lineno: int, *temps: Temporary, result: ArrayInfo | None = None,
         in_place: bool = False, loop_count: int | None = None, in_loop: bool = False) -> Statement:
    """The statement starting on ``lineno`` of ``source``: text, indent and targets parsed
    from the line itself (single-line statements only)."""
    line = source.splitlines()[lineno - 1]
    text = line.strip()
    indent = line[: len(line) - len(line.lstrip())]
    lhs = text.split("=", 1)[0] if "=" in text and "==" not in text.split("=", 1)[0] else ""
    target = lhs.strip().rstrip("+-*/%").strip().split("[")[0].strip()
    targets = (target,) if target.isidentifier() else ()
    return Statement(lineno, lineno, text, indent, targets, (), in_loop or loop_count is not None,
                     loop_count, None, in_place, tuple(temps), result)


def cell(*statements: Statement) -> CellPrediction:
    return CellPrediction(tuple(statements))
