"""Reading the ``STUDENT_ID`` a submission sets, without running it."""

from __future__ import annotations

import ast
import json
import threading
from pathlib import Path

from tools.exercises.sets import ID_VARIABLE

#: Grading runs submissions on a thread pool, and CPython 3.11's ``ast.parse`` is not
#: thread-safe: two parses at once can fail with "SystemError: AST constructor
#: recursion depth mismatch" (seen on an honest set-03 submission). Every parse of the
#: grading path goes through :func:`parse_source`, one at a time.
_PARSE_LOCK = threading.Lock()


def parse_source(source: str) -> ast.Module:
    """``ast.parse(source)``, one thread at a time (see ``_PARSE_LOCK``)."""
    with _PARSE_LOCK:
        return ast.parse(source)


def read_student_id(path: str | Path) -> tuple[str | None, str]:
    """The ``STUDENT_ID`` a submitted notebook sets, and what was found.

    Returns
    -------
    (str or None, str)
        The id (the last string assignment wins, None if there is none) and a status:
        ``"ok"`` (a non-empty id), ``"empty"`` (no id, or ``""``), ``"unquoted"`` (set to
        a number, e.g. typed without quotes) or ``"unreadable"`` (not a notebook).
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        sources = [
            "".join(c.get("source", ""))
            for c in nb.get("cells", [])
            if c.get("cell_type") == "code"
        ]
    except (OSError, ValueError, AttributeError, TypeError):
        return None, "unreadable"
    found, status = None, "empty"
    for src in sources:
        try:
            tree = parse_source(src)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == ID_VARIABLE for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                if isinstance(node.value.value, str):
                    found = node.value.value
                    status = "ok" if found.strip() else "empty"
                elif isinstance(node.value.value, (int, float)):
                    found, status = None, "unquoted"
    return found, status


def student_id_in(path: str | Path) -> str | None:
    """Return the ``STUDENT_ID = "..."`` a submitted notebook sets (last one wins)."""
    return read_student_id(path)[0]
