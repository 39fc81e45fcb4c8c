"""Build the course book: a static HTML site of the chapters, glossary and exercise guide.

Run through ``python3 kit.py book`` (or ``.venv/bin/python docs/book/build.py [--out
DIR]``). The chapters are the committed, executed notebooks in ``notebooks/``; they are
copied into a temporary staging folder together with this folder's ``conf.py``,
``index.md`` and ``_static/``, ``docs/glossary.md`` and the exercise guide, in the same
layout as the repository, and rendered by Sphinx with MyST-NB. Widgets whose state the
notebook stored are shown as static snapshots (``static_widgets.py``), in the staged copy
only. Nothing is executed and nothing is fetched from the network; the output folder is
self-contained (with a ``.nojekyll`` marker) and can be published as it is, for example
on GitHub Pages.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from static_widgets import add_static_widgets  # beside this script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = ROOT / "build" / "book"

#: (source glob relative to the repository, folder in the staged book)
CONTENT = [
    ("notebooks/[0-9][0-9]_*.ipynb", "notebooks"),
    ("docs/glossary.md", "docs"),
    ("docs/sources.md", "docs"),
    ("exercises/README.md", "exercises"),
    # the students' exercise notebooks, which the chapters link to: downloads, not pages
    ("exercises/[0-9][0-9]_*.ipynb", "exercises"),
]
BOOK_FILES = ["conf.py", "index.md", "_static"]


def stage(source: Path, root: Path = ROOT) -> list[Path]:
    """Lay out the book's sources from the repository ``root`` in ``source``.

    Returns the files copied. The chapter notebooks' stored widgets get static
    snapshots in the copies (see :func:`static_widgets.add_static_widgets`).
    """
    copied = []
    for name in BOOK_FILES:
        path = HERE / name
        if path.is_dir():
            shutil.copytree(path, source / name)
            copied += sorted(p for p in (source / name).rglob("*") if p.is_file())
        else:
            copied.append(Path(shutil.copy2(path, source / name)))
    for pattern, folder in CONTENT:
        matches = sorted(root.glob(pattern))
        if not matches:
            raise FileNotFoundError(f"the book needs {pattern}, which matches no file")
        (source / folder).mkdir(parents=True, exist_ok=True)
        copied += [Path(shutil.copy2(path, source / folder / path.name)) for path in matches]
    for chapter in sorted((source / "notebooks").glob("*.ipynb")):
        notebook = json.loads(chapter.read_text(encoding="utf-8"))
        add_static_widgets(notebook)
        chapter.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return copied


def build(
    out: Path = DEFAULT_OUT,
    *,
    root: Path = ROOT,
    quiet: bool = True,
    warnings: Path | None = None,
) -> Path:
    """Build the book into ``out`` (replaced if it exists); return its ``index.html``.

    Parameters
    ----------
    out : Path
        The output folder. Everything in it is replaced.
    root : Path, default the repository
        Where to read ``notebooks/``, ``docs/glossary.md`` and ``exercises/`` from.
    quiet : bool, default True
        Print only warnings and errors, not Sphinx's progress.
    warnings : Path, optional
        Also write Sphinx's warnings to this file (the tests read it).

    Raises
    ------
    RuntimeError
        If Sphinx fails.
    """
    from sphinx.cmd.build import build_main

    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="crmkit-book-") as tmp:
        source, doctrees = Path(tmp) / "source", Path(tmp) / "doctrees"
        source.mkdir()
        stage(source, root)
        if out.exists():
            shutil.rmtree(out)
        args = ["-b", "html", "-E", "-d", str(doctrees), "--keep-going"]
        if quiet:
            args.append("-q")
        if warnings is not None:
            args += ["-w", str(warnings)]
        status = build_main([*args, str(source), str(out)])
    if status != 0:
        raise RuntimeError(f"Sphinx could not build the book (exit status {status})")
    for leftover in (".buildinfo", ".doctrees"):
        path = out / leftover
        if path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/book)"
    )
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    parser.add_argument(
        "--warnings", type=Path, default=None, help="also write Sphinx's warnings to this file"
    )
    options = parser.parse_args(argv)
    started = time.perf_counter()
    index = build(options.out, quiet=not options.verbose, warnings=options.warnings)
    seconds = time.perf_counter() - started
    print(f"[crmkit] the book is built in {seconds:.0f} s: open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
