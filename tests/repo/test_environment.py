"""The environment is reproducible, and the README's commands are what CI runs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import kit

ROOT = Path(__file__).resolve().parents[2]


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.strip().split("==")
            pins[canonicalize_name(name)] = version
    return pins


def _env_yml_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\s+- ([A-Za-z0-9_.\-]+)==(\S+)", line)
        if m:
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def _quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- quickstart -->")[1].split("<!-- /quickstart -->")[0]
    return re.findall(r"^(python3 kit\.py \w+)\s*$", block, flags=re.MULTILINE)


def test_lock_pins_exact_versions():
    pins = _lock_pins()
    assert len(pins) > 50
    for name in ("pandas", "numpy", "seaborn", "statsmodels", "nbval", "otter-grader"):
        assert name in pins, f"{name} is not pinned in requirements.lock"


def test_environment_yml_carries_the_same_pins():
    lock, yml = _lock_pins(), _env_yml_pins()
    only_lock = sorted(set(lock) - set(yml))
    only_yml = sorted(set(yml) - set(lock))
    differ = sorted(n for n in set(lock) & set(yml) if lock[n] != yml[n])
    assert not (only_lock or only_yml or differ), (
        f"environment.yml has drifted from requirements.lock: only in the lock {only_lock}, "
        f"only in environment.yml {only_yml}, different versions {differ}. "
        "Regenerate both with `python3 kit.py lock`."
    )


def test_lock_satisfies_pyproject_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    pins = _lock_pins()
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is required by pyproject.toml but not pinned"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"the lock pins {req.name}=={pins[name]}, outside pyproject's range {req.specifier}"
        )


def test_installed_versions_are_the_pinned_ones():
    from importlib.metadata import version

    pins = _lock_pins()
    for name in ("pandas", "numpy", "scipy", "statsmodels", "seaborn", "matplotlib"):
        assert version(name) == pins[name], (
            f"{name} {version(name)} is installed but the lock pins {pins[name]}: "
            "run the tests through `python3 kit.py test`, which installs the lock"
        )


def test_python_version_is_supported():
    assert sys.version_info >= (3, 11)


def test_readme_has_exactly_two_quickstart_commands():
    assert _quickstart_commands() == ["python3 kit.py lab", "python3 kit.py test"]


def test_ci_runs_the_readme_test_command_in_a_clone_named_crmkit():
    """CI's last command is the README's, run in a fresh clone whose folder is `crmkit`.

    Before it, .ci/run may only install the browser the browser tests drive (from the
    system's package manager, never a browser download of the kit's own) and make the
    clone: nothing else that a user following the README would not have.
    """
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    commands = [line for line in lines if not line.startswith(("set ", "cd ", "echo "))]
    assert commands[-1] == "python3 kit.py test", commands
    assert 'git clone --quiet "$PWD" "$work/crmkit"' in commands
    assert 'cd "$work/crmkit"' in lines
    for line in commands[:-1]:
        assert "kit.py" not in line and "pip " not in line and "playwright install" not in line, (
            line
        )


def test_kit_uses_only_the_standard_library():
    """kit.py must run on a machine that has nothing but Python and git."""
    tree = ast.parse((ROOT / "kit.py").read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    third_party = {m for m in modules if m not in sys.stdlib_module_names}
    assert not third_party, f"kit.py imports {sorted(third_party)}, which a bare Python lacks"


def test_environment_is_rebuilt_only_when_its_definition_changes(tmp_path):
    env = tmp_path / "env"
    assert kit.needs_install(env, "abc"), "a missing environment must be created"
    python = kit.venv_python(env)
    python.parent.mkdir(parents=True)
    python.write_text("")
    assert kit.needs_install(env, "abc"), "an environment without a stamp is incomplete"
    (env / kit.STAMP_NAME).write_text("abc\n")
    assert not kit.needs_install(env, "abc"), "a complete environment must be reused"
    assert kit.needs_install(env, "def"), "new pins must trigger a reinstall"


def test_stamp_covers_lock_and_pyproject():
    assert kit.wanted_stamp() == kit.wanted_stamp()
    assert len(kit.wanted_stamp()) == 64


def test_an_interrupted_first_run_is_recognised(tmp_path):
    """A run stopped while the environment was made leaves python without pip; the next
    run must make the environment again instead of failing on 'No module named pip'."""
    import venv

    venv.EnvBuilder(with_pip=False).create(tmp_path / "half")
    assert not kit.has_pip(kit.venv_python(tmp_path / "half"))
    assert kit.has_pip(Path(sys.executable))
