"""Exact bytes of NumPy array data, counted by NumPy's own allocator hook (NEP 49).

Usage::

    from npguard import numpy_counter

    if numpy_counter.install():       # False: unavailable, see UNAVAILABLE_REASON
        numpy_counter.reset_peak()
        ...                           # NumPy work
        numpy_counter.current(), numpy_counter.peak()
        numpy_counter.uninstall()

What it counts: the bytes of every NumPy data buffer allocated while the
counter's handler was current, from that allocation until the buffer is freed
(also after ``uninstall()``: NumPy remembers in each array which handler
allocated it and frees through that one). Sizes are the ones NumPy asked for,
so they match ``arr.nbytes`` and tracemalloc's NumPy domain, except that an
empty array holds 1 byte. ``current()`` and ``peak()`` are process-wide sums;
``reset_peak()`` starts a new peak from ``current()``.

What it does not see: NumPy's handler is a context variable, so ``install()``
applies to the calling context only. A new thread starts with an empty
context (unless ``sys.flags.thread_inherit_context``, new in CPython 3.14), so
a thread started after ``install()`` allocates with NumPy's default handler
and is not counted, unless it runs in a ``contextvars.copy_context()`` taken
after ``install()``. asyncio tasks created after ``install()`` copy the
context and are counted; those created before are not.
Arrays allocated before ``install()`` are never counted, not even when
they are freed later, so ``current()`` cannot go wrong or negative. NumPy's
internal scratch buffers (``PyDataMem_NEW``, e.g. ufunc buffering) bypass
handlers; tracemalloc's NumPy domain sees them, the counter does not.

Why it chains: the handler passes every request on to the handler that was
current at ``install()`` (normally NumPy's default), adding a 16-byte header
that records the size. NumPy's default handler keeps a cache of small buffers
and asks the kernel for transparent huge pages (``madvise``) on buffers of
4 MiB and more; a handler that called ``malloc`` itself would lose both and
make NumPy-heavy code up to 2x slower. Chained, the cost is about 1.0x.

The C extension ``npguard._npcount`` is optional: where it was not built or
does not load, this module still imports, ``AVAILABLE`` is False,
``UNAVAILABLE_REASON`` says why, and the functions return False/None.
"""

from __future__ import annotations

import dis
import importlib
from array import array
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = [
    "AVAILABLE",
    "ATTRIBUTES",
    "HANDLER_NAME",
    "UNAVAILABLE_REASON",
    "current",
    "handler_name",
    "install",
    "is_installed",
    "peak",
    "reset_peak",
    "set_budget",
    "budget",
    "refused",
    "attribute_start",
    "attribute_stop",
    "attributing",
    "uninstall",
]

#: What ``handler_name()`` (NumPy's ``get_handler_name()``) says while the counter is current.
HANDLER_NAME = "npguard_counter"


def _load() -> tuple[ModuleType | None, str | None]:
    try:
        return importlib.import_module("npguard._npcount"), None
    except ModuleNotFoundError as exc:
        if exc.name == "npguard._npcount":
            return None, (
                "the C extension npguard._npcount was not built "
                "(no C compiler at install time)"
            )
        reason = exc
    except Exception as exc:  # ImportError, or RuntimeError on a NumPy C-API mismatch
        reason = exc
    return None, (
        "the C extension npguard._npcount failed to load: "
        f"{type(reason).__name__}: {reason}"
    )


_ext, UNAVAILABLE_REASON = _load()
AVAILABLE: bool = _ext is not None
#: Whether the counter can also charge each allocation to the running line of a block.
ATTRIBUTES: bool = _ext is not None and hasattr(_ext, "attribute_start")
_attributing = False
_INT32 = next(code for code in "ilh" if array(code).itemsize == 4)  # the C side reads int32_t


def multiarray_function(name: str) -> Callable[..., Any] | None:
    """A function of NumPy's ``multiarray`` module, wherever this NumPy keeps it."""
    # NumPy 2.x moved numpy.core to numpy._core; importing numpy.core.multiarray
    # on 2.x works but warns, so try the new home first.
    for module_name in ("numpy._core.multiarray", "numpy.core.multiarray"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        func = getattr(module, name, None)
        if func is not None:
            return func
    return None


_get_handler_name = multiarray_function("get_handler_name")


def install() -> bool:
    """Make the counter NumPy's allocator in this context, chained to the current one.

    Idempotent: if the counter is already current here, nothing changes.
    Returns True when the counter is current after the call, False when it
    is unavailable.
    """
    if _ext is None:
        return False
    _ext.install()
    return True


def uninstall() -> None:
    """Put back, in this context, the handler the counter was chained to.

    Does nothing if the counter is not current here (never installed, or
    another handler was installed on top of it). Arrays already allocated
    through the counter stay counted until they are freed.
    """
    if _ext is not None:
        _ext.uninstall()


def is_installed() -> bool:
    """Whether the counter is NumPy's current allocator in this context."""
    return _ext is not None and bool(_ext.is_installed())


def current() -> int | None:
    """Bytes of NumPy data alive that were allocated through the counter; None if unavailable."""
    return None if _ext is None else int(_ext.current())


def peak() -> int | None:
    """The highest ``current()`` since the process started or ``reset_peak()``; None if unavailable."""
    return None if _ext is None else int(_ext.peak())


def reset_peak() -> None:
    """Start a new peak at ``current()``, e.g. at the start of a cell."""
    if _ext is not None:
        _ext.reset_peak()


def set_budget(nbytes: int | None) -> bool:
    """Refuse any counted request that would take ``current()`` past ``nbytes``; None: no budget.

    A refused request makes NumPy raise its own ``MemoryError`` ("Unable to
    allocate ...") before the OS is asked for the memory. Returns False when
    the counter is unavailable (then nothing is enforced).
    """
    if _ext is None:
        return False
    _ext.set_budget(0 if nbytes is None else max(1, int(nbytes)))
    return True


def budget() -> int | None:
    """The budget in bytes, or None when there is none (or the counter is unavailable)."""
    return None if _ext is None else (int(_ext.budget()) or None)


def refused() -> tuple[int, int, int]:
    """``(count, size, held)``: requests refused so far, the last one's size and the bytes held then."""
    if _ext is None:
        return 0, 0, 0
    count, size, held = _ext.refused()
    return int(count), int(size), int(held)


def handler_name() -> str | None:
    """The name of NumPy's current allocator in this context, e.g. ``"default_allocator"``.

    None when this NumPy has no ``get_handler_name`` (before NumPy 1.22).
    """
    if _get_handler_name is None:
        return None
    return str(_get_handler_name())


def attribute_start(
    codes: tuple[Any, ...], roots: int, nlines: int,
    on_first: Callable[[Any, int, dict[str, Any]], None] | None = None,
) -> None:
    """Charge each allocation and free on this thread to the running line of the block's code.

    ``codes`` are the block's code objects, its ``roots`` top-level ones first
    (the walk out of the stack stops at them); line numbers above ``nlines``
    are not kept. ``on_first(frame, lineno, names)`` runs at each line's first
    allocation (a calling line at its callee's), and again at one far larger
    than the last it ran at (1 MiB and 3 times as much), while the names the
    line reads still hold what it reads;
    ``names`` are the frame's variables (``frame.f_locals`` would keep a
    snapshot of them in the frame, and with it arrays the code rebinds).
    """
    global _attributing
    if not ATTRIBUTES:
        raise RuntimeError(UNAVAILABLE_REASON or "this build of the counter cannot attribute lines")
    if _attributing:
        raise RuntimeError("already attributing another block's lines")
    codes = tuple(codes)
    _ext.attribute_start(codes, tuple(map(_line_table, codes)), _stores(codes), roots, nlines, on_first)
    _attributing = True


def attributing() -> bool:
    """Whether a block's lines are being attributed (between start and stop)."""
    return _attributing


_CO_OPTIMIZED = 0x0001   # a function's code: its variables are fast locals


def _stores(codes: tuple[Any, ...]) -> tuple[tuple[str, ...], ...]:
    """Per code object, the names a module or class body stores (and any ``global`` a function of the
    block stores): what changes when a loop at that level comes round. Empty for functions, whose
    fast locals the counter reads itself."""
    def named(code: Any, ops: tuple[str, ...]) -> set[str]:
        return {ins.argval for ins in dis.get_instructions(code) if ins.opname in ops}

    globals_ = set().union(*(named(c, ("STORE_GLOBAL", "DELETE_GLOBAL")) for c in codes))
    return tuple(tuple(sorted(named(c, ("STORE_NAME", "DELETE_NAME")) | globals_))
                 if not c.co_flags & _CO_OPTIMIZED else () for c in codes)


def _line_table(code: Any) -> bytes:
    """The line of each 2-byte code unit of ``code`` (0 where none), as native int32.

    Negative where the line holds a loop of its own (a jump back to the same
    line, e.g. a comprehension that Python 3.12 runs inline): going back
    within such a line is not a new run of it.
    """
    table = array(_INT32, bytes(4 * (len(code.co_code) // 2)))
    for start, end, line in code.co_lines():
        for unit in range(start // 2, end // 2):
            table[unit] = line or 0
    looping = {
        table[ins.offset // 2]
        for ins in dis.get_instructions(code)
        if ins.opcode in (*dis.hasjrel, *dis.hasjabs) and isinstance(ins.argval, int)
        and ins.argval < ins.offset
        and table[ins.argval // 2] == table[ins.offset // 2]
    }
    looping.discard(0)
    for unit, line in enumerate(table):
        if line in looping:
            table[unit] = -line
    return table.tobytes()


def attribute_stop() -> tuple[list[tuple[int, int, int, int, int]], int]:
    """End attribution: ``(lineno, hits, net, peak, temporaries)`` rows and the events seen."""
    global _attributing
    if not ATTRIBUTES:
        return [], 0
    _attributing = False
    lines, events = _ext.attribute_stop()
    return list(lines), int(events)
