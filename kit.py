#!/usr/bin/env python3
"""crmkit's single entry point: set up the environment, open the notebooks, run the tests.

Needs nothing but Python 3.11+ (standard library only) and, for a fresh clone, git::

    python3 kit.py lab      # set up if needed, then open the notebooks in JupyterLab
    python3 kit.py test     # set up if needed, then run every test (nbval included)

Both commands create the project's virtual environment in ``.venv/`` the first time,
installing the exact versions pinned in ``requirements.lock``, and reuse it afterwards.
The environment is rebuilt only when ``requirements.lock`` or ``pyproject.toml`` change
(a stamp file inside ``.venv`` records their hash).

Commands for maintainers:

    python3 kit.py execute notebooks/03_rfm.ipynb   # run a chapter top to bottom, store outputs
    python3 kit.py lock                          # re-resolve the pins (needs the registry)
    python3 kit.py setup                         # only create or refresh the environment
    python3 kit.py book [--out DIR]              # the course as a static site (build/book/)
    python3 kit.py datasets regenerate|verify|list   # the shipped data (tools/datasets.py)
    python3 kit.py glossary [--write PATH | --check FILES]   # the glossary page (tools/glossary.py)

Commands for instructors (exercises/README.md; ``--help`` after either lists options):

    python3 kit.py release [SET ...] [--out DIR]          # masters -> notebooks + zips
    python3 kit.py grade SUBMISSIONS --set SET [--out DIR]  # gradebook + feedback

Set ``CRMKIT_VENV`` to keep the environment somewhere other than ``.venv``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LOCK = ROOT / "requirements.lock"
ENV_YML = ROOT / "environment.yml"
PYPROJECT = ROOT / "pyproject.toml"
STAMP_NAME = ".crmkit-stamp"
MIN_PYTHON = (3, 11)
FIRST_NOTEBOOK = "notebooks/00_getting_started.ipynb"
LAB_SETTINGS = ROOT / ".jupyter" / "lab" / "settings"

#: pytest options every run uses: strict nbval over the chapter notebooks.
PYTEST_ARGS = [
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
    "-p",
    "no:cacheprovider",
]


def venv_dir() -> Path:
    """Where the project's environment lives (``.venv`` unless CRMKIT_VENV says otherwise)."""
    return Path(os.environ.get("CRMKIT_VENV", ROOT / ".venv")).resolve()


def venv_python(env: Path) -> Path:
    """The interpreter inside a virtual environment, on POSIX and on Windows."""
    if os.name == "nt":
        return env / "Scripts" / "python.exe"
    return env / "bin" / "python"


def wanted_stamp() -> str:
    """Hash of the files that define the environment; a change means reinstall."""
    digest = hashlib.sha256()
    for path in (LOCK, PYPROJECT):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def needs_install(env: Path, stamp: str) -> bool:
    """True when ``env`` is missing, broken, or was built from other pins than ``stamp``."""
    marker = env / STAMP_NAME
    if not venv_python(env).exists() or not marker.exists():
        return True
    return marker.read_text(encoding="utf-8").strip() != stamp


def say(message: str) -> None:
    print(f"[crmkit] {message}", flush=True)


def run(cmd: list[str | os.PathLike[str]], **kwargs) -> None:
    """Run a command, stopping the whole script with its exit code when it fails."""
    result = subprocess.run([str(c) for c in cmd], check=False, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def pip(python: Path, *args: str) -> list[str]:
    return [str(python), "-m", "pip", "--disable-pip-version-check", "--no-input", *args]


def has_pip(python: Path) -> bool:
    """Whether ``python`` can run pip (an interrupted first run can leave it without)."""
    result = subprocess.run(
        [str(python), "-m", "pip", "--version"], capture_output=True, check=False
    )
    return result.returncode == 0


def ensure_env() -> Path:
    """Create or refresh the environment if needed; return its Python interpreter."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"crmkit needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; this is "
            f"{sys.version.split()[0]}. Run kit.py with a newer python3."
        )
    env = venv_dir()
    stamp = wanted_stamp()
    python = venv_python(env)
    if not needs_install(env, stamp):
        return python
    if not python.exists() or not has_pip(python):
        # a first run, or one that was interrupted while the environment was being made
        say(f"creating the environment in {env.name}/ (first run only)")
        venv.EnvBuilder(with_pip=True, clear=env.exists()).create(env)
    say("installing the pinned packages from requirements.lock (a few minutes the first time)")
    run(pip(python, "install", "--quiet", "-r", str(LOCK)))
    run(pip(python, "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(ROOT)))
    (env / STAMP_NAME).write_text(stamp + "\n", encoding="utf-8")
    say("environment ready")
    return python


def lab_command(python: Path, *extra: str, root_dir: Path = ROOT) -> list[str]:
    """The JupyterLab command line: served from ``root_dir`` (the repository), opening chapter 0.

    JupyterLab reads the kit's own defaults from ``.jupyter/lab/settings/overrides.json``
    (no "get notified about Jupyter news?" prompt, no update check: the kit needs no
    network); a user's own settings still apply on top. Tests serve a copy of the
    notebooks with ``root_dir``, so JupyterLab's autosave never touches the committed ones.
    """
    cmd = [
        str(python),
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Containers and CI machines often run as root, which Jupyter refuses by default.
        cmd.append("--allow-root")
    return [*cmd, *extra]


def trust_notebooks(python: Path) -> None:
    """Mark the kit's own chapters as trusted, so JupyterLab draws their stored widgets.

    JupyterLab shows a widget's stored state (the self-check, the RFM explorer) only for
    notebooks it trusts; the chapters' outputs were made by the kit and are committed,
    so the kit vouches for them (``jupyter trust``, recorded in the user's Jupyter data
    folder; the files are not changed). A notebook a student edits loses the trust.
    """
    chapters = sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if chapters:
        subprocess.run(
            [str(python), "-m", "jupyter", "trust", *chapters],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def cmd_lab(args: list[str]) -> int:
    python = ensure_env()
    trust_notebooks(python)
    say("opening JupyterLab; stop it with Ctrl+C")
    return subprocess.call(lab_command(python, *args), cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    python = ensure_env()
    return subprocess.call([str(python), "-m", "pytest", *PYTEST_ARGS, *args], cwd=ROOT)


def cmd_execute(args: list[str]) -> int:
    if not args:
        sys.exit("usage: python3 kit.py execute notebooks/NN_topic.ipynb [more notebooks]")
    python = ensure_env()
    return subprocess.call([str(python), "-m", "tools.nbtools", "execute", *args], cwd=ROOT)


def cmd_exercises(command: str, args: list[str]) -> int:
    """The instructor's exercise commands, in tools/exercises (run inside the environment)."""
    python = ensure_env()
    # run from the caller's folder, so that relative paths mean what they typed
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from tools.exercises.cli import main; "
    code += "sys.exit(main(sys.argv[1:]))"
    return subprocess.call([str(python), "-c", code, command, *args])


def cmd_release(args: list[str]) -> int:
    return cmd_exercises("release", args)


def cmd_grade(args: list[str]) -> int:
    return cmd_exercises("grade", args)


def cmd_book(args: list[str]) -> int:
    """Build the course book from the stored notebook outputs (nothing is executed)."""
    python = ensure_env()
    return subprocess.call([str(python), str(ROOT / "docs" / "book" / "build.py"), *args])


def cmd_tool(module: str, args: list[str]) -> int:
    """A maintainer command of tools/, run inside the environment from the repository."""
    python = ensure_env()
    return subprocess.call([str(python), "-m", f"tools.{module}", *args], cwd=ROOT)


def cmd_datasets(args: list[str]) -> int:
    return cmd_tool("datasets", args)


def cmd_glossary(args: list[str]) -> int:
    return cmd_tool("glossary", args)


def cmd_setup(args: list[str]) -> int:
    ensure_env()
    return 0


def cmd_lock(args: list[str]) -> int:
    """Resolve the compatible ranges in pyproject.toml afresh and pin the result."""
    with tempfile.TemporaryDirectory() as tmp:
        env = Path(tmp) / "lockenv"
        venv.EnvBuilder(with_pip=True).create(env)
        python = venv_python(env)
        run(pip(python, "install", "--quiet", "--upgrade", "pip"))
        run(pip(python, "install", "--quiet", f"{ROOT}[lab,test,docs]"))
        frozen = subprocess.run(
            pip(python, "freeze", "--exclude", "crmkit"),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pins = sorted(
        (line.strip() for line in frozen.splitlines() if "==" in line),
        key=str.lower,
    )
    write_lock_files(pins)
    say(f"pinned {len(pins)} packages in {LOCK.name} and {ENV_YML.name}")
    return 0


def write_lock_files(pins: list[str]) -> None:
    """Write requirements.lock and environment.yml from one list of ``name==version``."""
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    LOCK.write_text(
        "# Exact versions of everything the kit installs, resolved by `python3 kit.py lock`\n"
        f"# on Python {py}. The README's commands and CI install exactly these.\n"
        "# environment.yml carries the same pins for conda users; a test keeps them equal.\n"
        + "".join(f"{pin}\n" for pin in pins),
        encoding="utf-8",
    )
    ENV_YML.write_text(
        "# The same pins as requirements.lock, for conda users:\n"
        "#   conda env create -f environment.yml && conda activate crmkit\n"
        "# Generated by `python3 kit.py lock`; do not edit by hand.\n"
        "name: crmkit\n"
        "channels:\n"
        "  - conda-forge\n"
        "dependencies:\n"
        f"  - python={py}\n"
        "  - pip\n"
        "  - pip:\n" + "".join(f"      - {pin}\n" for pin in pins) + "      - --editable .\n",
        encoding="utf-8",
    )


COMMANDS = {
    "lab": cmd_lab,
    "test": cmd_test,
    "execute": cmd_execute,
    "setup": cmd_setup,
    "lock": cmd_lock,
    "book": cmd_book,
    "datasets": cmd_datasets,
    "glossary": cmd_glossary,
    "release": cmd_release,
    "grade": cmd_grade,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
