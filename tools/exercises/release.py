"""Release: masters -> student notebooks and autograder zips (``otter assign``).

The student notebook is normalised (cell ids ``c000``..., no outputs, lean metadata)
so that the committed file is byte-identical to a fresh release, and its otter init
cell wraps the grader in :func:`crmkit.exercises.student_checks`, so that
``grader.check`` shows each check's sentence once.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tools.exercises.practice import add_practice_checks
from tools.exercises.sets import ROOT, exercises_root, find_sets, get_set, read_master

# Cell metadata kept in the student notebook; everything else (jupytext's
# lines_to_next_cell and the like) is dropped so releases are reproducible.
_KEEP_CELL_METADATA = ("deletable", "editable", "tags", "otter")
_OTTER_INIT = re.compile(
    r"\A# Initialize Otter\nimport otter\ngrader = otter\.Notebook\((?P<args>[^)\n]*)\)\Z"
)


def student_init_cell(source: str) -> str:
    """otter's init cell with the grader wrapped in ``student_checks`` (else unchanged)."""
    m = _OTTER_INIT.match(source.strip())
    if not m:
        return source
    return (
        "# Initialize Otter\n"
        "import otter\n"
        "from crmkit.exercises import student_checks\n\n"
        f"grader = student_checks(otter.Notebook({m['args']}))"
    )


def normalise_notebook(nb):
    """Make a released notebook reproducible: fixed cell ids, no outputs, lean metadata.

    Cell ids become ``c000``, ``c001``, ...; cell metadata keeps only
    ``deletable``/``editable``/``tags``/``otter``; notebook metadata keeps the
    kernelspec and otter's block (assignment name, public tests). The otter init cell
    is rewritten by :func:`student_init_cell`.
    """
    import nbformat

    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
        cell["metadata"] = {k: cell.metadata[k] for k in _KEEP_CELL_METADATA if k in cell.metadata}
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
            cell["source"] = student_init_cell(cell.source)
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
            "otter": nb.metadata.get("otter", {}),
        }
    )
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def write_notebook(nb, path: Path) -> None:
    """Write a notebook with a final newline and LF line ends."""
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8", newline="\n")


def build_wheel(dest: Path) -> Path:
    """Build the crmkit wheel (``pip wheel --no-deps``) into ``dest``; return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    proc = subprocess.run([*cmd, "-w", str(dest), str(ROOT)], capture_output=True, text=True)
    wheels = sorted(dest.glob("crmkit-*.whl"))
    if proc.returncode != 0 or not wheels:
        raise RuntimeError(f"Building the crmkit wheel failed:\n{proc.stdout}\n{proc.stderr}")
    return wheels[-1]


def quiet():
    """Silence otter's and the kernel's chatter on stdout/stderr."""
    stack = contextlib.ExitStack()
    stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
    stack.enter_context(contextlib.redirect_stderr(io.StringIO()))
    return stack


def _wheel_config(wheel_path: Path | None, work: Path) -> dict[str, Any]:
    if wheel_path is None:
        return {}
    shutil.copy(wheel_path, work / wheel_path.name)
    return {
        "autograder_files": [wheel_path.name],
        # otter stores autograder_files under files/ in the zip, which Gradescope
        # unpacks into /autograder/source before setup.sh runs.
        "requirements": [f"/autograder/source/files/{wheel_path.name}"],
    }


def release(
    sets: Iterable[str] | None = None,
    *,
    exercises_dir: str | Path | None = None,
    dist_dir: str | Path | None = None,
    student_dir: str | Path | None = None,
    check: bool = False,
    wheel: bool = True,
) -> list[dict[str, Path]]:
    """Run ``otter assign`` on masters; write student notebooks and autograder zips.

    Parameters
    ----------
    sets : iterable of str, optional
        Set names; default every set in ``exercises/_masters/``.
    exercises_dir : str or Path, optional
        The exercises folder; default the repository's ``exercises/``.
    dist_dir : str or Path, optional
        Where to put each set's ``<name>/<name>-autograder.zip`` and
        ``<name>-solution.ipynb``; default ``<exercises_dir>/dist`` (git-ignored).
    student_dir : str or Path, optional
        Where to write the student notebooks ``<name>.ipynb``; default
        ``exercises_dir`` itself (the committed location).
    check : bool, default False
        Also let otter grade the solution notebook with the autograder (one Jupyter
        kernel per set) and fail unless it scores full marks.
    wheel : bool, default True
        Build the crmkit wheel and bundle it in each autograder zip, listed in its
        requirements, so that Gradescope's image can install crmkit offline.

    Returns
    -------
    list of dict
        Per set: ``name``, ``student`` (notebook path), ``autograder`` (zip path),
        ``solution`` (solution notebook path).
    """
    import nbformat
    import otter.assign

    root = exercises_root(exercises_dir)
    dist = Path(dist_dir) if dist_dir is not None else root / "dist"
    students = Path(student_dir) if student_dir is not None else root
    chosen = find_sets(root) if sets is None else [get_set(n, root) for n in sets]
    out = []
    with tempfile.TemporaryDirectory(prefix="crmkit-release-") as tmp:
        tmp = Path(tmp)
        wheel_path = build_wheel(tmp / "wheel") if wheel else None
        for ex in chosen:
            work = tmp / ex.name
            work.mkdir()
            extra = _wheel_config(wheel_path, work)
            master = work / f"{ex.name}.ipynb"
            write_notebook(add_practice_checks(read_master(ex, extra)), master)
            with quiet():
                otter.assign.main(
                    str(master), str(work / "out"), no_pdfs=True, no_run_tests=not check
                )
            student = nbformat.read(work / "out" / "student" / master.name, as_version=4)
            student_path = students / f"{ex.name}.ipynb"
            write_notebook(normalise_notebook(student), student_path)
            target = dist / ex.name
            target.mkdir(parents=True, exist_ok=True)
            (zip_path,) = (work / "out" / "autograder").glob("*-autograder_*.zip")
            ag_zip = target / f"{ex.name}-autograder.zip"
            shutil.copy(zip_path, ag_zip)
            solution = target / f"{ex.name}-solution.ipynb"
            shutil.copy(work / "out" / "autograder" / master.name, solution)
            out.append(
                {
                    "name": ex.name,
                    "student": student_path,
                    "autograder": ag_zip,
                    "solution": solution,
                }
            )
    return out
