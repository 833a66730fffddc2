"""The bounded history of reports, ranking, and exports that never leave half-written files."""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from .model import CellReport
from .renderers import csvtable, json as json_renderer

DEFAULT_HISTORY = 1000

T = TypeVar("T")


class History(Generic[T]):
    """The last ``maxlen`` records, oldest first: a session's cells, or a program's watched blocks.

    ``peak`` reads the figure a record is ranked by (a cell report's ``peak_rise`` by default).
    """

    def __init__(self, maxlen: int = DEFAULT_HISTORY,
                 peak: Callable[[T], int] = lambda report: report.peak_rise) -> None:
        self._records: deque[T] = deque(maxlen=maxlen)
        self._peak = peak

    @property
    def maxlen(self) -> int:
        return self._records.maxlen or 0

    def resize(self, maxlen: int) -> None:
        if maxlen != self.maxlen:
            self._records = deque(self._records, maxlen=maxlen)

    def add(self, record: T) -> None:
        self._records.append(record)

    def clear(self) -> None:
        self._records.clear()

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[T]:
        return iter(self._records)

    def __getitem__(self, index: int) -> T:
        return self._records[index]

    def last(self) -> T | None:
        return self._records[-1] if self._records else None

    def ranked(self, top: int | None = None) -> list[T]:
        """Highest peak first; equal peaks keep the order they ran in."""
        ranked = sorted(self._records, key=self._peak, reverse=True)
        return ranked if top is None else ranked[:top]


class ExportError(Exception):
    """An export could not be written; the message says why in a user's words."""


def export(path: str | os.PathLike[str], reports: Iterable[CellReport], fmt: str,
           threshold: int | None = None) -> str:
    """Write ``reports`` as ``"json"`` or ``"csv"`` to ``path``; returns the absolute path.

    ``threshold`` (bytes) decides each cell's status in the JSON, as in the report.
    The file is written beside its destination and renamed over it, so a
    failure never leaves a half-written export or damages an existing file.
    """
    reports = list(reports)
    if fmt == "json":
        limit = json_renderer.DEFAULT_THRESHOLD if threshold is None else threshold
        text = json_renderer.render_session(reports, limit)
    else:
        text = csvtable.render_session(reports)
    target = os.path.abspath(os.fspath(os.path.expanduser(os.fspath(path))))
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise ExportError(f"{target} is a folder; give a file name, such as {os.path.join(target, 'npguard.' + fmt)}")
    if not os.path.isdir(folder):
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".npguard-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _file_mode(target: str) -> int:
    """Keep an existing file's permissions; a new file gets what the umask allows."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
