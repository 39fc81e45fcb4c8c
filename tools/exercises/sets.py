"""Where the exercise sets are and how a master is read (no otter needed).

Layout (discovered, nothing to register)::

    exercises/
        README.md                        instructor guide (and a word to students)
        00_getting_started.ipynb         released student notebook (committed)
        _masters/00_getting_started.py   master: questions, solutions, public and hidden
                                         tests (jupytext py:percent, or .ipynb)
        _masters/wrong_answers/00_getting_started.py   the set's proven wrong answers
        dist/00_getting_started/         release output, git-ignored
        _graded/00_getting_started/      default grading output, git-ignored

A set is one master file in ``exercises/_masters/``; its stem is the set's name.
:func:`read_master` prepends the standard otter assignment configuration
(:data:`BASE_CONFIG`; a master may override keys in its own ``# ASSIGNMENT CONFIG`` raw
cell) and expands the compact multiple-choice questions (:mod:`tools.exercises.choice`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Repository root (the folder holding ``crmkit/``, ``exercises/`` and ``tools/``).
ROOT = Path(__file__).resolve().parents[2]
#: Where masters live inside the exercises folder.
MASTERS = "_masters"
#: Where each set's proven wrong answers live, inside the masters' folder.
WRONG_ANSWERS = "wrong_answers"
#: The variable a student sets at the top of every set.
ID_VARIABLE = "STUDENT_ID"

#: otter-assign configuration every set starts from. Tests are exception-based
#: Python functions stored in the notebook metadata (one file for the student);
#: hidden test results are shown on Gradescope once grades are published.
BASE_CONFIG: dict[str, Any] = {
    "init_cell": True,
    "check_all_cell": False,
    "export_cell": False,
    "solutions_pdf": False,
    "template_pdf": False,
    "show_question_points": True,
    "tests": {"files": False, "ok_format": False},
    "generate": {"pdf": False, "show_hidden": True, "show_stdout": False},
}

_CONFIG_CELL = re.compile(r"#\s+assignment\s+config\s*", re.IGNORECASE)


def exercises_root(root: str | Path | None) -> Path:
    """The exercises folder (default the repository's ``exercises/``); it must exist."""
    path = Path(root) if root is not None else ROOT / "exercises"
    if not path.is_dir():
        raise ValueError(
            f"The 'exercises_dir' parameter must be an existing folder holding "
            f"{MASTERS}/. Got {str(path)!r}, which does not exist."
        )
    return path


@dataclass(frozen=True)
class ExerciseSet:
    """One exercise set: its name and where its files are.

    Attributes
    ----------
    name : str
        The master's file stem, e.g. ``"00_getting_started"``.
    master : pathlib.Path
        The master notebook (``.py`` percent or ``.ipynb``).
    student : pathlib.Path
        The released student notebook, ``exercises/<name>.ipynb``.
    """

    name: str
    master: Path
    student: Path

    @property
    def wrong_answers(self) -> Path:
        """The file of the set's proven wrong answers, beside the master."""
        return self.master.parent / WRONG_ANSWERS / f"{self.name}.py"


def find_sets(exercises_dir: str | Path | None = None) -> list[ExerciseSet]:
    """List the exercise sets: one per master file in ``exercises/_masters/``.

    Parameters
    ----------
    exercises_dir : str or Path, optional
        The exercises folder; default the repository's ``exercises/``.

    Returns
    -------
    list of ExerciseSet
        Sorted by name.

    Raises
    ------
    ValueError
        If the folder does not exist, or one set has both a ``.py`` and an ``.ipynb``
        master.
    """
    root = exercises_root(exercises_dir)
    masters = sorted(
        p
        for p in (root / MASTERS).glob("*")
        if p.is_file() and p.suffix in {".py", ".ipynb"} and not p.name.startswith((".", "_"))
    )
    sets: dict[str, ExerciseSet] = {}
    for path in masters:
        if path.stem in sets:
            raise ValueError(
                f"Exercise set {path.stem!r} has two masters ({sets[path.stem].master.name} "
                f"and {path.name}); keep one."
            )
        sets[path.stem] = ExerciseSet(path.stem, path, root / f"{path.stem}.ipynb")
    return [sets[k] for k in sorted(sets)]


def get_set(name: str, exercises_dir: str | Path | None = None) -> ExerciseSet:
    """Return the set called ``name``, or raise ValueError naming the sets there are."""
    sets = {s.name: s for s in find_sets(exercises_dir)}
    if name not in sets:
        raise ValueError(
            f"The 'set' parameter must name an exercise set, one of {sorted(sets)}. "
            f"Got {name!r} instead."
        )
    return sets[name]


def deep_merge(base: dict, override: dict) -> dict:
    """``base`` with ``override``'s keys merged in, nested dicts key by key (copies)."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def read_master(ex: ExerciseSet, extra_config: dict | None = None):
    """Read a master as an otter-assign notebook with the standard configuration.

    Parameters
    ----------
    ex : ExerciseSet
        The set.
    extra_config : dict, optional
        Keys merged over the configuration (release uses it for the bundled wheel).

    Returns
    -------
    nbformat.NotebookNode
        The master with its ``# ASSIGNMENT CONFIG`` raw cell first (:data:`BASE_CONFIG`,
        then the master's own keys, then ``extra_config``, and ``name`` = the set name)
        and every compact ``# CHOICE QUESTION`` cell expanded into otter's cells.
    """
    import jupytext
    import nbformat
    import yaml

    from tools.exercises.choice import expand_choices

    if ex.master.suffix == ".py":
        nb = jupytext.read(ex.master, fmt="py:percent")
    else:
        nb = nbformat.read(ex.master, as_version=4)
    config = copy.deepcopy(BASE_CONFIG)
    cells = []
    for cell in nb.cells:
        lines = cell.source.splitlines()
        if cell.cell_type == "raw" and lines and _CONFIG_CELL.match(lines[0]):
            own = yaml.safe_load("\n".join(lines[1:])) or {}
            config = deep_merge(config, own)
        else:
            cells.append(cell)
    config = deep_merge(config, extra_config or {})
    config["name"] = ex.name
    text = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=True).rstrip()
    nb.cells = [nbformat.v4.new_raw_cell(text), *expand_choices(cells)]
    nb.metadata.pop("jupytext", None)
    return nb
