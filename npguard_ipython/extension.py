"""Loading and unloading npguard in an IPython shell, idempotently.

``load`` registers the watcher's two hooks and the magics and nothing else;
``unload`` removes exactly what ``load`` added and restores what npguard changed
(tracemalloc if npguard started it, NumPy's allocator handler).
"""

from __future__ import annotations

import tracemalloc
import weakref
from typing import Any

from npguard.guard import Budget, Guard
from npguard.meter import Meter
from npguard.session import History

from .display import Presenter
from .magics import NpguardMagics
from .watcher import CellWatcher

_LOADED: weakref.WeakKeyDictionary[Any, Extension] = weakref.WeakKeyDictionary()


class Extension:
    """npguard's state in one shell: meter, history, watcher, magics."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.history = History()
        self.started_tracing = False
        self.guard: Guard | None = None
        self.magics = NpguardMagics(shell, self)
        self.history.resize(self.magics.history)
        self.meter = Meter(on_failure=lambda kind, exc: self.watcher.warn(f"read {kind} memory for", exc))
        self.presenter = Presenter(shell, live=self.magics.live_widgets)
        self.watcher = CellWatcher(shell, self.meter, self.history, self.magics.settings, self.presenter,
                                   guard=lambda: self.guard)
        # Bound methods are new objects on every attribute access: keep the ones
        # registered so that unregister finds them.
        self._callbacks = (("pre_run_cell", self.watcher.pre_run_cell),
                           ("post_run_cell", self.watcher.post_run_cell))

    def start(self) -> None:
        for event, callback in self._callbacks:
            self.shell.events.register(event, callback)
        self.shell.register_magics(self.magics)
        self.watcher.install_counter()

    def stop(self) -> None:
        for event, callback in self._callbacks:
            try:
                self.shell.events.unregister(event, callback)
            except ValueError:
                pass
        registry = self.shell.magics_manager
        for kind, names in self.magics.magics.items():
            for name in names:
                if registry.magics[kind].get(name) is not None:
                    del registry.magics[kind][name]
        registry.registry.pop(type(self.magics).__name__, None)
        try:
            self.presenter.close()
        except Exception as exc:  # a page gone away must not stop the unload
            self.watcher.warn("retire the widgets of", exc)
        if self.guard is not None:
            self.guard.close()
            self.guard = None
        if self.meter.counter is not None:
            self.meter.counter.uninstall()
        if self.started_tracing and tracemalloc.is_tracing():
            tracemalloc.stop()
        self.started_tracing = False

    def set_budget(self, budget: Budget | None) -> None:
        """The budget armed around every following cell; None: no budget."""
        if self.guard is not None:
            self.guard.close()
        self.guard = None if budget is None else Guard(budget)

    def start_tracing(self) -> None:
        """Turn tracemalloc on for the session, remembering to stop it on unload."""
        if not tracemalloc.is_tracing():
            tracemalloc.start()
            self.started_tracing = True


def load(shell: Any) -> Extension:
    """Start npguard in ``shell``; loading twice returns the running instance."""
    ext = _LOADED.get(shell)
    if ext is None:
        ext = _LOADED[shell] = Extension(shell)
        ext.start()
    return ext


def unload(shell: Any) -> None:
    ext = _LOADED.pop(shell, None)
    if ext is not None:
        ext.stop()


def get(shell: Any) -> Extension | None:
    """The running instance in ``shell``, if npguard is loaded there."""
    return _LOADED.get(shell)
