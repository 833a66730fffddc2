"""Run npguard's notebooks in a real Jupyter kernel and show what npguard reported.

    python scripts/demo.py                       # every notebook in notebooks/
    python scripts/demo.py path/to/a.ipynb b.ipynb

Each notebook is executed with nbclient (kernel ``python3``, run from the
notebook's own folder), then for every code cell the script prints its source
(a long cell: its first lines and its line count) and the text of each npguard
output it produced: per-cell
reports, ``%npguard status`` and the ``%npguard report`` table. A static HTML
export of the executed notebook (npguard's HTML view in place of each widget)
goes to ``out/<name>.html``. The notebook files themselves are left unchanged.

Exits non-zero when a cell raised or when npguard reported nothing at all,
which is what a broken install or a report landing nowhere looks like.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
OUT = REPO / "out"


def output_text(output: dict) -> str | None:
    """The plain text of a display, result or stream output; None for anything else."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    text = output.get("data", {}).get("text/plain")
    if text is None:
        return None
    return text if isinstance(text, str) else "".join(text)


def npguard_texts(cell: dict) -> list[str]:
    """The outputs of ``cell`` that npguard produced (their text starts with ``npguard``)."""
    texts = (output_text(o) for o in cell.get("outputs", []))
    return [t.rstrip("\n") for t in texts if t is not None and t.startswith(("npguard", "[npguard]"))]


def errors(nb: nbformat.NotebookNode) -> list[str]:
    """One line per cell that raised: its number, first source line and exception."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell [{cell.get('execution_count') or ' '}] {first_line(cell)} raised "
                             f"{output['ename']}: {output['evalue']}")
    return found


def first_line(cell: dict) -> str:
    lines = cell.source.strip().splitlines()
    if not lines:
        return "(empty)"
    return lines[0] + (" …" if len(lines) > 1 else "")


def execute(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    # allow_errors: a failing cell should not hide the report of the run; errors() reports it.
    # The kernel's own log (e.g. its warning that it listens on local TCP without
    # encryption) is not part of the demo: only errors from it are shown.
    client = NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}},
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.execute()
    return nb


#: Source lines shown for each cell; a longer cell shows these and its line count.
SHOWN_LINES = 6


def source_lines(cell: dict) -> list[str]:
    """The cell's source as the demo shows it: all of it, or its first lines and how many there are."""
    lines = cell.source.rstrip().splitlines() or ["(empty)"]
    if len(lines) <= SHOWN_LINES:
        return lines
    return lines[:SHOWN_LINES] + [f"... ({len(lines)} lines in all)"]


def print_report(nb: nbformat.NotebookNode) -> int:
    """Print each code cell's source and its npguard outputs; returns how many npguard outputs there were."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        label = f"In [{cell.get('execution_count') or ' '}]: "
        for i, line in enumerate(source_lines(cell)):
            print((label if i == 0 else " " * (len(label) - 5) + "...: ") + line)
        for text in npguard_texts(cell):
            count += 1
            for line in text.splitlines():
                print(f"      {line}".rstrip())
    return count


def export_html(nb: nbformat.NotebookNode, name: str) -> Path:
    """A static HTML page of the run, showing each npguard widget's ``text/html`` fallback.

    nbclient saves the widgets' state in the notebook, and with it nbconvert
    would embed the widgets and load a widget manager from a CDN: nothing to
    see offline, and a page that is not self-contained. Without the state,
    nbconvert falls back to each output's next MIME type, npguard's static view.
    """
    OUT.mkdir(exist_ok=True)
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    body, _ = HTMLExporter().from_notebook_node(nb)
    target = OUT / f"{name}.html"
    target.write_text(body, encoding="utf-8")
    return target


def default_notebooks() -> list[Path]:
    """Every notebook in notebooks/, the quickstart first, the others by name."""
    return sorted(NOTEBOOKS.glob("*.ipynb"), key=lambda p: (p.name != "quickstart.ipynb", p.name))


def run(path: Path) -> list[str]:
    """Execute one notebook, print its npguard report, export it; returns the problems found."""
    print(f"== {path}")
    try:
        nb = execute(path)
    except (CellExecutionError, DeadKernelError, TimeoutError, RuntimeError) as exc:
        return [f"{path}: the notebook did not run to the end: {type(exc).__name__}: {exc}"]
    count = print_report(nb)
    html = export_html(nb, path.stem)
    print(f"HTML export: {html}")
    problems = [f"{path}: {e}" for e in errors(nb)]
    if count == 0:
        problems.append(f"{path}: npguard produced no output at all "
                        "(is npguard importable by the kernel? did %load_ext npguard run?)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebook in notebooks/, quickstart first)")
    args = parser.parse_args(argv)
    if not args.notebooks:
        args.notebooks = default_notebooks()

    problems = []
    for path in args.notebooks:
        path = path.resolve()
        if not path.is_file():
            problems.append(f"{path}: no such notebook")
            continue
        problems += run(path)
        print()
    if problems:
        print("demo failed:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
