"""Grading that does not trust the student's kernel (issue 19), attack by attack.

Each attack of the issue runs as a real submission through the grade command's default,
isolated runner (:mod:`tools.exercises.sandbox`): it must score no more than the same
notebook's honest answers would, and its gradebook row must carry a flag. Honest
submissions score as before. The steps (plain data, the guard's policy, the flags) are
tested on their own first, without starting a process.
"""

from __future__ import annotations

import copy
import decimal
import json
import os
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from tools.exercises import grade as grading
from tools.exercises import plain, sandbox
from tools.exercises.guard import Guard
from tools.exercises.release import release

pytestmark = pytest.mark.filterwarnings(
    "ignore:Traits should be given as instances:DeprecationWarning"
)

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
FIRST = "00_getting_started"


# ---------------------------------------------------------------------------
# Plain data: what crosses from the run to the checks
# ---------------------------------------------------------------------------
class LyingStr(str):
    """A text that says it equals anything (issue 19's forged multiple-choice answer)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


class LyingFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class LyingSeries(pd.Series):
    def equals(self, other):
        return True


HONEST = [
    None,
    Ellipsis,
    True,
    3,
    2.5,
    float("nan"),
    "East",
    decimal.Decimal("1.50"),
    np.int64(4),
    np.float64(0.25),
    np.bool_(False),
    [1, "a"],
    (1, 2.0),
    {"x": 1.0},
    pd.Series([1.0, 2.0], index=pd.CategoricalIndex(["b", "a"], categories=["a", "b"])),
    pd.Series([3, 4], index=pd.Index([7, 9], name="customer_id"), name="recency"),
    pd.Series(["543", "111"], index=[1, 2]),
    pd.Series([decimal.Decimal("1.5"), decimal.Decimal("2")], index=["east", "west"]),
    pd.Series([1.0, np.nan], index=["a", "b"]),
    pd.Series(pd.to_datetime(["2024-01-01", None])),
    pd.Series(["x", "y"], dtype="category"),
    pd.DataFrame({"revenue": [1.0, 2.0]}, index=["a", "b"]),
    np.array([1, 2]),
]


def _same(a, b) -> bool:
    if a is None or a is Ellipsis:
        return b is a
    if isinstance(a, (pd.Series, pd.DataFrame)):
        return (
            type(b) is type(a)
            and b.equals(a)
            and type(b.index) is type(a.index)
            and b.index.dtype == a.index.dtype
            and getattr(b, "name", None) == getattr(a, "name", None)
        )
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and np.array_equal(a, b) and a.dtype == b.dtype
    return type(b) is type(a) and (a == b or (a != a and b != b))


@pytest.mark.parametrize("value", HONEST, ids=lambda v: type(v).__name__)
def test_honest_answers_cross_as_they_are(value):
    data, why = plain.encode(value)
    assert why == []
    back = plain.decode(json.loads(json.dumps(data)))  # through JSON, as between processes
    assert _same(value, back), (value, back)


def test_numpy_text_crosses_as_text():
    data, why = plain.encode(np.array(["East"])[0])
    assert why == [] and plain.decode(data) == "East" and type(plain.decode(data)) is str


@pytest.mark.parametrize(
    "value",
    [LyingStr("a"), LyingFloat(0.5), LyingSeries([1.0]), pd.Series([LyingStr("a")])],
    ids=["str", "float", "Series", "Series of str"],
)
def test_answers_of_a_students_own_type_do_not_cross(value):
    data, why = plain.encode(value, "`q9_answer`")
    assert data["t"] == "opaque" and why and "`q9_answer`" in why[0]
    back = plain.decode(data)
    assert isinstance(back, plain.Opaque) and back != "a" and not isinstance(back, str)


def test_a_lying_str_fails_the_multiple_choice_check_even_in_the_students_kernel():
    """check_label refuses a str subclass, so otter's own runner (Gradescope) is safe too."""
    from crmkit.exercises import check_choice

    why = {"a": "no.", "c": "no.", "d": "no."}
    with pytest.raises(AssertionError, match="should be a string"):
        check_choice(LyingStr("a"), "q9_answer", "b", why)


# ---------------------------------------------------------------------------
# The guard's policy and the flags (no process started)
# ---------------------------------------------------------------------------
def test_the_guard_lets_a_run_read_libraries_and_its_own_folder_only(tmp_path):
    work = tmp_path / "run"
    work.mkdir()
    libs = tmp_path / "site-packages"
    guard = Guard(str(work), [str(libs)])
    guard("open", (str(work / "x.csv"), "r", 0))
    guard("open", (str(work / "plot.png"), "wb", 0))
    guard("open", (str(libs / "pandas" / "core.py"), "r", 0))
    guard("open", ("relative.txt", "w", 0))  # relative to the run's folder
    guard("open", ("/proc/stat", "r", 0))  # CPU counters a library reads (set 04's CFA)
    for event, args, words in [
        ("open", (str(tmp_path / "masters.py"), "r", 0), "reading"),
        ("open", (str(libs / "evil.py"), "w", 0), "writing"),
        ("open", ("../outside.txt", "w", 0), "writing"),
        ("open", (str(work / "tests" / "q1.py"), "r", 0), "hidden tests"),
        ("os.remove", (str(tmp_path / "gradebook.csv"),), "os.remove"),
        ("subprocess.Popen", ("sh", ["sh"], None, None), "subprocess.Popen"),
        ("socket.connect", (None, ("1.2.3.4", 80)), "socket.connect"),
        ("ctypes.dlopen", ("libc.so.6",), "ctypes.dlopen"),
        ("gc.get_objects", (), "gc.get_objects"),
        ("open", ("/proc/1/environ", "r", 0), "reading"),
    ]:
        with pytest.raises(PermissionError, match=words):
            guard(event, args)
    assert len(guard.refused) == 10


def test_a_run_gets_a_clean_environment(tmp_path):
    os.environ["CRMKIT_TEST_SECRET"] = "hunter2"
    try:
        env = sandbox.clean_env(tmp_path)
    finally:
        del os.environ["CRMKIT_TEST_SECRET"]
    assert "CRMKIT_TEST_SECRET" not in env and env["HOME"] == str(tmp_path)
    assert set(env) <= {
        "PATH",
        "HOME",
        "TMPDIR",
        "LANG",
        "LC_ALL",
        "MPLBACKEND",
        "MPLCONFIGDIR",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
    }


def test_flags_name_what_the_run_tried():
    run = {
        "refused": ["reading /x (outside the grading folder)"],
        "type_reasons": ["`a` is of type LyingStr, a subclass of str"],
        "replaced": ["crmkit.exercises.check_close"],
        "ended": False,
    }
    flags = sandbox.flags_of(run, "s-2", "s-1")
    assert flags == [
        "refused: reading /x (outside the grading folder)",
        "answer `a` is of type LyingStr, a subclass of str",
        "replaced crmkit.exercises.check_close",
        "the run's channel to the grader was closed or forged",
        "STUDENT_ID was changed while the notebook ran",
    ]
    assert sandbox.flags_of({"ended": True}, "s-1", "s-1") == []


# ---------------------------------------------------------------------------
# Real runs (slow: two Python processes per notebook)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def set00(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release00")
    (item,) = release([FIRST], dist_dir=tmp / "dist", student_dir=tmp / "student", wheel=False)
    return item


def _notebook(item, student_id: str, answers: str | None, attack: str = ""):
    """The solution notebook (answers=None), or the student notebook without its
    ``grader.check`` cells (so that the final values are graded) with ``answers``
    appended, then the attack cell."""
    nb = nbformat.read(item["solution"] if answers is None else item["student"], as_version=4)
    nb = copy.deepcopy(nb)
    if answers is not None:
        nb.cells = [c for c in nb.cells if not c.source.startswith("grader.check")]
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("STUDENT_ID ="):
            cell.source = f"STUDENT_ID = {student_id!r}"
    if answers:
        nb.cells.append(nbformat.v4.new_code_cell(answers))
    if attack:
        nb.cells.append(nbformat.v4.new_code_cell(attack))
    return nb


GARBAGE = (
    "n_orders = 1\nn_orders_2024 = 2\nshare_business = 0.5\n"
    "revenue_by_region = pd.Series({r: 1.0 for r in customers['region'].unique()})\n"
    "best_aov_region = 'North'\nmean_order_value = 10.0\n"
    "revenue_per_customer = pd.Series({r: 1.0 for r in customers['region'].unique()})"
)

ATTACKS = {
    "forged_checks": (
        "import crmkit.exercises as ce\n"
        "for n in [n for n in dir(ce) if n.startswith('check_')]:\n"
        "    setattr(ce, n, lambda *a, **k: None)",
        "replaced crmkit.exercises.check_",
    ),
    "read_hidden_tests": (
        "import glob, zipfile\n"
        "stolen = []\n"
        "for f in glob.glob('tests/*.py') + glob.glob({dist!r} + '/**/*.zip', recursive=True)"
        " + [{master!r}]:\n"
        "    try:\n"
        "        stolen.append(open(f, 'rb').read())\n"
        "    except OSError:\n"
        "        pass\n"
        "try:\n"
        "    open('/tmp/crmkit-pwned.txt', 'w').write('x')\n"
        "except OSError:\n"
        "    pass",
        "refused: reading",
    ),
    "lying_str": (
        "class Yes(str):\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    __hash__ = str.__hash__\n"
        "best_aov_region = Yes('North')",
        "answer `best_aov_region` is of type Yes",
    ),
    "patched_libraries": (
        "import math, numpy, pandas\n"
        "math.isclose = lambda *a, **k: True\n"
        "numpy.isclose = lambda *a, **k: True\n"
        "pandas.isna = lambda *a, **k: False",
        "replaced math.isclose",
    ),
    "files_next_to_it": (
        "import pathlib\n"
        "try:\n"
        "    other = pathlib.Path({subs!r}, 'classmate.ipynb').read_text()\n"
        "except OSError:\n"
        "    other = ''\n"
        "try:\n"
        "    mine = pathlib.Path('classmate.ipynb').read_text()\n"
        "except OSError:\n"
        "    mine = ''",
        "refused: reading",
    ),
    "secrets": (
        "import os\nbest_aov_region = os.environ.get('CRMKIT_TEST_SECRET', 'North')\n"
        "import subprocess\n"
        "try:\n"
        "    subprocess.run(['sh', '-c', 'env > /tmp/crmkit-env.txt'])\n"
        "except OSError:\n"
        "    pass",
        "refused: subprocess.Popen",
    ),
}


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Some submissions used the same STUDENT_ID")
def test_each_attack_scores_no_more_than_honest_answers_and_is_flagged(set00, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(_notebook(set00, "s-201", None), subs / "honest.ipynb")
    nbformat.write(_notebook(set00, "s-202", GARBAGE), subs / "garbage.ipynb")
    nbformat.write(_notebook(set00, "s-209", None), subs / "classmate.ipynb")
    fill = {
        "dist": str(Path(set00["autograder"]).parent.parent),
        "master": str(EXERCISES / "_masters" / f"{FIRST}.py"),
        "subs": str(subs),
    }
    for name, (code, _) in ATTACKS.items():  # the garbage answers, on the same data
        nb = _notebook(set00, "s-202", GARBAGE, code.format(**fill))
        nbformat.write(nb, subs / f"{name}.ipynb")
    for leftover in ("/tmp/crmkit-pwned.txt", "/tmp/crmkit-env.txt"):
        Path(leftover).unlink(missing_ok=True)
    os.environ["CRMKIT_TEST_SECRET"] = "hunter2"
    try:
        with pytest.warns(UserWarning, match="were flagged"):
            book = grading.grade(
                subs, FIRST, tmp_path / "out", autograder=set00["autograder"], jobs=2
            )
    finally:
        del os.environ["CRMKIT_TEST_SECRET"]
    totals = book[book["question"] == "total"].set_index("student")
    assert totals.loc["honest", "points"] == 10 and totals.loc["honest", "flags"] == ""
    assert totals.loc["classmate", "points"] == 10
    garbage = totals.loc["garbage", "points"]
    assert garbage < 3 and totals.loc["garbage", "flags"] == ""
    for name, (_, flag) in ATTACKS.items():
        row = totals.loc[name]
        assert row["points"] <= garbage, (name, row["points"])
        assert flag in row["flags"], (name, row["flags"])
        assert row["status"] == "flagged"
    assert not Path("/tmp/crmkit-pwned.txt").exists()
    assert not Path("/tmp/crmkit-env.txt").exists()
    # the secret never reached the answers: q5 fails on 'North', not on 'hunter2'
    text = (tmp_path / "out" / "feedback" / "secrets.md").read_text(encoding="utf-8")
    assert "hunter2" not in text


@pytest.mark.slow
def test_honest_submissions_score_as_with_otters_runner(set00, tmp_path):
    """The same three notebooks, through otter's runner and the isolated one: same points."""
    from tools.exercises.otter_run import grade_with_otter

    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(_notebook(set00, "s-301", None), subs / "right.ipynb")
    partly = _notebook(set00, "s-302", None)  # q3 a percent, before its grader.check
    at = next(i for i, c in enumerate(partly.cells) if "share_business = " in c.source)
    partly.cells.insert(at + 1, nbformat.v4.new_code_cell("share_business *= 100"))
    # a value changed after its question's grader.check is graded as it was at the check,
    # by otter and by the isolated runner alike
    partly.cells.append(nbformat.v4.new_code_cell("n_orders = -1"))
    nbformat.write(partly, subs / "partly.ipynb")
    nbformat.write(_notebook(set00, "", None), subs / "no_id.ipynb")
    books = {
        name: grading.grade(
            subs, FIRST, tmp_path / name, autograder=set00["autograder"], jobs=2, runner=runner
        )
        for name, runner in [("otter", grade_with_otter), ("isolated", None)]
    }
    cols = ["student", "question", "points", "status"]
    pd.testing.assert_frame_equal(books["otter"][cols], books["isolated"][cols])
    assert books["isolated"].query("question == 'total'")["points"].tolist() == [10.0, 9.0, 10.0]


def test_the_grading_threads_parse_python_one_at_a_time():
    """CPython 3.11's ast.parse is not thread-safe ("AST constructor recursion depth
    mismatch", seen once grading an honest set-03 submission with jobs=2): every parse
    on the grading path goes through the locked ``parse_source``."""
    import re

    from tools.exercises import ids

    root = Path(__file__).resolve().parents[2] / "tools" / "exercises"
    for name in ("sandbox.py", "ids.py", "grade.py"):
        source = (root / name).read_text(encoding="utf-8")
        bare = [
            line
            for line in source.splitlines()
            if re.search(r"\bast\.parse\(", line)
            and "return ast.parse" not in line
            and not line.lstrip().startswith(("#", '"""', "``"))
            and "``ast.parse" not in line
        ]
        assert not bare, f"{name} parses outside parse_source: {bare}"
    assert ids.parse_source("x = 1").body[0].targets[0].id == "x"
    assert ids._PARSE_LOCK.acquire(blocking=False)
    ids._PARSE_LOCK.release()
