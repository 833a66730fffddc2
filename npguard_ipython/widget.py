"""The per-cell view as an ipywidgets widget, displayed in one bundle with its fallbacks.

A report goes out as one ``display_data`` holding three MIME types: the widget
view (``application/vnd.jupyter.widget-view+json``) for front ends that render
widgets, and ``text/html`` and ``text/plain`` for everything else (nbconvert
exports, GitHub, a front end without the widget extension, a test reading
text). Each front end picks the richest type it can render.

The widget, used for memory pressure and deep mode, is the status and summary
with a chart, always visible, above an accordion that opens onto the details
(per-line table, findings, rewrites, held arrays). A cell that only kept or
freed memory is one static line, with no widget. Opening it happens in the browser, so it works while the kernel
is busy with another cell.

Every widget is a handful of models (view, layout, style) that live in the
kernel and the page until closed. Closing a widget blanks its output in
JupyterLab (the view is removed and nothing takes its place), so old cells
are not simply closed: :class:`WidgetPool` keeps the last ``live`` cells
interactive and retires older ones by replacing their output with the static
``text/html`` + ``text/plain`` bundle (``update_display`` on the display id
each one was shown with) and only then closing their models. The model count
therefore stays below ``live * MODELS_PER_CELL`` however many cells run.
"""

from __future__ import annotations

import uuid
from collections import deque
from typing import Any

#: Cells whose widget stays interactive by default (``NpguardMagics.live_widgets``);
#: older ones turn into their static HTML.
LIVE_CELLS = 5
#: Widget models behind one cell's view: VBox, two HTML and an Accordion, with their layouts and styles.
MODELS_PER_CELL = 10

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def available(shell: Any) -> bool:
    """A widget front end may be listening: the shell runs in a Jupyter kernel and ipywidgets imports.

    Terminal IPython and a plain ``InteractiveShell`` have no ``kernel``; there
    the text and HTML views are used and no widget is ever created.
    """
    if getattr(shell, "kernel", None) is None:
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


class CellView:
    """What one cell displays: the widget's view plus the static fallbacks, in one bundle."""

    def __init__(self, root: Any, fallback: dict[str, str]) -> None:
        self.root = root
        self.fallback = fallback

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data = {WIDGET_MIME: self.root._repr_mimebundle_()[WIDGET_MIME]}
        data.update(self.fallback)  # npguard's own text/plain, not the widget's repr
        return data

    def __repr__(self) -> str:
        return self.fallback.get("text/plain", "")


def build(head_html: str, details_html: str, title: str) -> Any:
    """One cell's widget: the always-visible head and a closed accordion holding the details.

    Stable CSS classes (``npguard-widget``, ``npguard-summary``,
    ``npguard-details``, ``npguard-details-body``) let tests and user styles find the parts.
    """
    import ipywidgets as w

    summary = w.HTML(head_html)
    summary.add_class("npguard-summary")
    body = w.HTML(details_html)
    body.add_class("npguard-details-body")
    details = w.Accordion(children=(body,), titles=(title,), selected_index=None)
    details.add_class("npguard-details")
    root = w.VBox((summary, details))
    root.add_class("npguard-widget")
    return root


def close(widget: Any) -> None:
    """Close ``widget``, its children, and their layout and style models (``close`` alone leaves those)."""
    for child in getattr(widget, "children", ()):
        close(child)
    for part in ("layout", "style"):
        model = getattr(widget, part, None)
        if model is not None and hasattr(model, "close"):
            model.close()
    widget.close()


class WidgetPool:
    """Shows cells' widgets and keeps at most ``live`` of them open (see the module docstring)."""

    def __init__(self, live: int = LIVE_CELLS) -> None:
        self.live = live
        self._shown: deque[tuple[str, Any, dict[str, str]]] = deque()

    def __len__(self) -> int:
        return len(self._shown)

    def show(self, fallback: dict[str, str], head_html: str, details_html: str, title: str) -> None:
        from IPython.display import display

        root = build(head_html, details_html, title)
        display_id = uuid.uuid4().hex
        display(CellView(root, fallback), display_id=display_id)
        self._shown.append((display_id, root, fallback))
        while len(self._shown) > self.live:
            self._retire(*self._shown.popleft())

    def resize(self, live: int) -> None:
        """Keep at most ``live`` widgets from now on, retiring the oldest beyond it at once."""
        self.live = live
        while len(self._shown) > self.live:
            self._retire(*self._shown.popleft())

    def retire_all(self) -> None:
        """Turn every live widget into its static view and close it (``%unload_ext``)."""
        while self._shown:
            self._retire(*self._shown.popleft())

    @staticmethod
    def _retire(display_id: str, root: Any, fallback: dict[str, str]) -> None:
        from IPython.display import update_display

        try:
            update_display(fallback, display_id=display_id, raw=True)
        finally:
            close(root)
