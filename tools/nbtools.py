"""Execute chapter notebooks and keep each .ipynb in step with its py:percent twin.

Every notebook in ``notebooks/`` is a pair: ``NN_topic.ipynb`` (committed executed with
outputs, which strict nbval compares with a fresh run; the only file students see) and
``_sources/NN_topic.py`` (the same cells as py:percent text, which reviewers and ruff
read). The twins sit in ``notebooks/_sources/`` so the file browser lists each chapter
once.

    python -m tools.nbtools execute notebooks/03_rfm.ipynb  # run, store outputs, re-pair
    python -m tools.nbtools execute notebooks/_sources/03_rfm.py   # the same
    python -m tools.nbtools check notebooks               # report pairs out of sync
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SOURCES = "_sources"
PAIRING = f"ipynb,{SOURCES}//py:percent"
TIMEOUT_SECONDS = 600


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
    for key in ("widgets", "toc", "vscode"):
        nb.metadata.pop(key, None)
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):
        # Positional ids: re-executing an unchanged notebook then changes nothing in git
        # (jupytext would otherwise draw new random ids on every run).
        cell["id"] = f"cell-{index:03d}"
        for key in ("execution", "ExecuteTime", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
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
