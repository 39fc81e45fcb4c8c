"""Execute chapter notebooks and keep each .ipynb in step with its py:percent twin.

Every notebook in ``notebooks/`` is a pair: ``NN_topic.ipynb`` (committed executed with
outputs, which strict nbval compares with a fresh run; the only file students see) and
``_sources/NN_topic.py`` (the same cells as py:percent text, which reviewers and ruff
read). The twins sit in ``notebooks/_sources/`` so the file browser lists each chapter
once.

The stored notebook keeps its widgets' state (``metadata.widgets``), so a student who
opens a chapter without running it sees the quiz and the explorers, not their text
repr. Widget model ids are random on every run; :func:`renumber_widgets` replaces them
by ids numbered in order of appearance, so re-executing an unchanged notebook changes
nothing in git.

    python -m tools.nbtools execute notebooks/03_rfm.ipynb  # run, store outputs, re-pair
    python -m tools.nbtools execute notebooks/_sources/03_rfm.py   # the same
    python -m tools.nbtools check notebooks               # report pairs out of sync
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SOURCES = "_sources"
PAIRING = f"ipynb,{SOURCES}//py:percent"
TIMEOUT_SECONDS = 600
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: How one widget's state refers to another (ipywidgets' serialization of a model).
MODEL_REF = "IPY_MODEL_"


def pair_paths(path: str | Path) -> tuple[Path, Path]:
    """Return the (.py, .ipynb) paths of the pair that ``path`` belongs to.

    ``path`` may name either file of the pair (or the stem without a suffix): the
    notebook ``notebooks/NN.ipynb`` is paired with ``notebooks/_sources/NN.py``.
    """
    path = Path(path)
    folder = path.parent.parent if path.parent.name == SOURCES else path.parent
    return folder / SOURCES / f"{path.stem}.py", folder / f"{path.stem}.ipynb"


def _canonical(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Fix the metadata that must be the same on every machine."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("jupytext", {})["formats"] = PAIRING
    for key in ("toc", "vscode"):
        nb.metadata.pop(key, None)
    renumber_widgets(nb)
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):
        # Positional ids: re-executing an unchanged notebook then changes nothing in git
        # (jupytext would otherwise draw new random ids on every run).
        cell["id"] = f"cell-{index:03d}"
        for key in ("execution", "ExecuteTime", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if "outputs" in cell:
            cell["outputs"] = _merge_streams(cell["outputs"])
    return nb


def _merge_streams(outputs: list) -> list:
    """Join consecutive prints to the same stream into one output.

    How many stream messages the kernel sends for a cell's prints depends on timing,
    so the split differs from run to run; the joined text does not.
    """
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and output.get("output_type") == "stream"
            and last.get("output_type") == "stream"
            and output.get("name") == last.get("name")
        ):
            last["text"] = "".join(last["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def _model_refs(value: object) -> Iterator[str]:
    """The model ids that a widget state refers to, in a fixed order (sorted keys)."""
    if isinstance(value, str):
        if value.startswith(MODEL_REF):
            yield value[len(MODEL_REF) :]
    elif isinstance(value, dict):
        if WIDGET_VIEW in value:  # a view shown inside an Output widget
            yield value[WIDGET_VIEW]["model_id"]
        for key in sorted(value):
            if key != WIDGET_VIEW:
                yield from _model_refs(value[key])
    elif isinstance(value, list):
        for item in value:
            yield from _model_refs(item)


def _replace_refs(value: object, new_ids: dict[str, str]) -> object:
    """A copy of ``value`` with every ``IPY_MODEL_<old>`` reference renamed."""
    if isinstance(value, str) and value.startswith(MODEL_REF):
        old = value[len(MODEL_REF) :]
        return MODEL_REF + new_ids.get(old, old)
    if isinstance(value, dict):
        copy = {key: _replace_refs(item, new_ids) for key, item in value.items()}
        if WIDGET_VIEW in copy:  # a view shown inside an Output widget
            old = copy[WIDGET_VIEW]["model_id"]
            copy[WIDGET_VIEW] = {**copy[WIDGET_VIEW], "model_id": new_ids.get(old, old)}
        return copy
    if isinstance(value, list):
        return [_replace_refs(item, new_ids) for item in value]
    return value


def renumber_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Give the notebook's widget models ids numbered in order of appearance, in place.

    The order is deterministic and ignores the old (random) ids: the widget views in
    the outputs, cell by cell, each followed depth-first by the models its state refers
    to (children, layout, style; keys in sorted order). The new ids ``widget-000``,
    ``widget-001``, ... replace the old ones in the stored state
    (``metadata.widgets``), in the references between states, and in the outputs'
    ``application/vnd.jupyter.widget-view+json`` bundles. Models that no displayed view
    reaches (widgets built but never shown) cannot be rendered and are dropped from the
    stored state; an Output widget's ``msg_id`` (a random kernel message id) is cleared.
    A notebook without widgets is left as it is.
    """
    bundle = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    states = bundle.get("state", {}) if bundle else {}
    views = [
        output["data"][WIDGET_VIEW]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]
    new_ids: dict[str, str] = {}

    def visit(model_id: str) -> None:
        if model_id in new_ids:
            return
        new_ids[model_id] = f"widget-{len(new_ids):03d}"
        for ref in _model_refs(states.get(model_id, {}).get("state", {})):
            visit(ref)

    for view in views:
        visit(view["model_id"])
    for view in views:
        view["model_id"] = new_ids[view["model_id"]]
    if bundle is None:
        return nb
    renamed = {}
    for old, new in new_ids.items():
        if old in states:
            entry = _replace_refs(states[old], new_ids)
            if entry.get("model_name") == "OutputModel":
                entry["state"]["msg_id"] = ""
            renamed[new] = entry
    bundle["state"] = renamed
    if not renamed:
        nb.metadata.pop("widgets")
    return nb


def execute(path: str | Path) -> Path:
    """Run a notebook top to bottom from its .py twin and write both files.

    The .py file is the source: its cells are executed in a fresh ``python3`` kernel
    started in the notebook's folder (``notebooks/``, not ``_sources/``), outputs are stored in the .ipynb (execution
    counts 1..n), and the .py is rewritten from the result so the pair is in sync.
    """
    py, ipynb = pair_paths(path)
    if not py.exists():
        raise FileNotFoundError(f"{py} does not exist: write the py:percent file first")
    nb = _canonical(jupytext.read(py))
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(ipynb.parent.resolve())}},
    )
    client.execute()
    nb = _canonical(nb)
    nbformat.write(nb, ipynb)
    jupytext.write(nb, py, fmt="py:percent")
    return ipynb


def out_of_sync(path: str | Path) -> str | None:
    """Why a pair is out of sync, or None when the .py equals the .ipynb's cells."""
    py, ipynb = pair_paths(path)
    if not py.exists():
        return f"{ipynb.name} has no py:percent twin {py.name}"
    if not ipynb.exists():
        return f"{py.name} has no executed twin {ipynb.name}"
    expected = jupytext.writes(jupytext.read(ipynb), fmt="py:percent")
    if py.read_text(encoding="utf-8") != expected:
        return (
            f"{py.name} differs from the cells of {ipynb.name}: edit the .py and run "
            f"`python3 kit.py execute {ipynb.as_posix()}`"
        )
    return None


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"execute", "check"}:
        print(__doc__)
        return 2
    if argv[0] == "execute":
        for name in argv[1:]:
            print(f"executing {pair_paths(name)[1].as_posix()}", flush=True)
            execute(name)
        return 0
    problems = []
    for folder in argv[1:]:
        for nb in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
            if (why := out_of_sync(nb)) is not None:
                problems.append(why)
    print("\n".join(problems) or "all pairs in sync")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
