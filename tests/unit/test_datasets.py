"""Tests of crmkit.datasets: shipped files, loaders, data cards, damage.

The writer (regeneration, README, command line) is tested in test_tools_datasets.py,
the CDNOW loader in test_cdnow.py.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import crmkit
from crmkit import datasets as D
from crmkit import schema as S
from crmkit.world import make_world

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "datasets"


@pytest.fixture(scope="module")
def default_world():
    return make_world(D.DEFAULT_N_CUSTOMERS, seed=D.DEFAULT_SEED)


@pytest.fixture(scope="module")
def manifest():
    return pd.read_csv(SHIPPED / "manifest.csv")


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of the shipped files that a test may damage."""
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED, folder)
    return folder


# ---------------------------------------------------------------------------
# listing, describing, loading
# ---------------------------------------------------------------------------
def test_list_datasets():
    assert D.list_datasets() == [*S.TABLES, "truth"]
    assert crmkit.list_datasets() == D.list_datasets()


def test_data_dir_falls_back_to_repo_in_a_checkout():
    # in the editable install there is no crmkit/_data, so the repo folder is used
    assert D.data_dir() == SHIPPED


@pytest.mark.parametrize("name", D.list_datasets())
def test_load_dataset_dtypes_match_the_data_card(name):
    df = crmkit.load_dataset(name)
    card = crmkit.describe_dataset(name)
    assert list(df.columns) == card["column"].tolist()
    for col, text in zip(card["column"], card["dtype"], strict=True):
        dtype = df[col].dtype
        assert not pd.api.types.is_object_dtype(dtype), col
        if text.startswith("category"):
            assert isinstance(dtype, pd.CategoricalDtype), col
            levels = text[len("category (") : -1]
            joiner = " < " if dtype.ordered else ", "
            assert joiner.join(dtype.categories) == levels, col
            assert dtype.categories.dtype == "str"
        else:
            assert str(dtype) == text, col


@pytest.mark.parametrize("name", D.list_datasets())
def test_loaded_equals_generated(default_world, name):
    frames = {**default_world.tables(), "truth": default_world.truth}
    pd.testing.assert_frame_equal(D.load_dataset(name), frames[name], check_exact=True)


def test_care_tier_loads_ordered():
    tier = D.load_dataset("customers")["care_tier"]
    assert tier.cat.ordered and list(tier.cat.categories) == ["ordinary", "silver", "gold"]
    assert (tier.min(), tier.max()) == ("ordinary", "gold")


def test_describe_dataset_card():
    card = D.describe_dataset("customers")
    assert card.columns.tolist() == ["column", "dtype", "unit", "meaning", "chinese"]
    assert (card.dtypes == "str").all()
    row = card.set_index("column").loc["care_tier"]
    assert row["dtype"] == "category (ordinary < silver < gold)"
    assert card.set_index("column").loc["acquisition_cost", "unit"] == "yuan"
    assert "customer file" in card.attrs["description"]
    survey = D.describe_dataset("survey").set_index("column")
    assert survey.loc["switching_cost_2", "chinese"] == "转移成本"
    assert survey.loc["behavioural_1", "unit"] == "1..7"


@pytest.mark.parametrize("func", [D.load_dataset, D.describe_dataset])
@pytest.mark.parametrize("bad", ["customer", "", None, 3])
def test_unknown_name_raises(func, bad):
    with pytest.raises(ValueError, match=r"'name' parameter of .*customers, products"):
        func(bad)


def test_load_params(default_world):
    params = D.load_params()
    assert params == default_world.params
    assert params["loyalty_effects"]["satisfaction"] == 0.40


# ---------------------------------------------------------------------------
# manifest, regeneration, README
# ---------------------------------------------------------------------------
def test_manifest_records_every_file(manifest):
    assert manifest.columns.tolist() == D.MANIFEST_COLUMNS
    assert manifest["name"].tolist() == [*D.list_datasets(), "params"]
    assert (manifest["seed"] == D.DEFAULT_SEED).all()
    for row in manifest.itertuples():
        data = (SHIPPED / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256, row.file
        if row.file.endswith(".csv"):
            assert data.count(b"\n") == row.rows + 1, row.file


# ---------------------------------------------------------------------------
# damaged and missing files
# ---------------------------------------------------------------------------
def test_damaged_file_is_named(data_copy):
    path = data_copy / "orders.csv"
    path.write_bytes(path.read_bytes().replace(b"2023-01-01", b"2023-01-02", 1))
    with pytest.raises(OSError, match=r"orders\.csv is damaged.*kit\.py datasets regenerate"):
        D.load_dataset("orders", directory=data_copy)
    # other files still load, and verify=False reads the damaged file anyway
    assert len(D.load_dataset("customers", directory=data_copy)) == 4000
    assert len(D.load_dataset("orders", directory=data_copy, verify=False)) > 0


def test_missing_file_is_named(data_copy):
    (data_copy / "survey.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"survey\.csv is missing.*regenerate"):
        D.load_dataset("survey", directory=data_copy)


def test_missing_manifest_is_named(data_copy):
    (data_copy / "manifest.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"manifest.*missing.*regenerate"):
        D.load_dataset("customers", directory=data_copy)


def test_damaged_params_is_named(data_copy):
    (data_copy / "params.json").write_text("{}\n")
    with pytest.raises(OSError, match=r"params\.json is damaged"):
        D.load_params(directory=data_copy)


# ---------------------------------------------------------------------------
# the manifest pinned in code; damage found with and without verify (issue 14, item 8)
# ---------------------------------------------------------------------------
def _rewrite_manifest(folder, file, data):
    """Write ``data`` to ``file`` and re-hash the manifest to match, as a forger would."""
    (folder / file).write_bytes(data)
    manifest = pd.read_csv(folder / "manifest.csv")
    row = manifest["file"] == file
    manifest.loc[row, "sha256"] = hashlib.sha256(data).hexdigest()
    manifest.loc[row, "rows"] = data.count(b"\n") - 1
    manifest.to_csv(folder / "manifest.csv", index=False, lineterminator="\n")


def _cut(path, keep_lines):
    lines = path.read_bytes().split(b"\n")
    return b"\n".join(lines[:keep_lines]) + b"\n"


def test_the_pinned_hash_is_the_shipped_manifests():
    assert hashlib.sha256((SHIPPED / "manifest.csv").read_bytes()).hexdigest() == (
        D.MANIFEST_SHA256
    )


def test_rehashed_manifest_beside_a_truncated_file_is_caught(data_copy):
    # the finding: half of customers.csv with a manifest re-hashed to match loaded
    # 2,008 of 4,000 rows without a word
    _rewrite_manifest(data_copy, "customers.csv", _cut(data_copy / "customers.csv", 2009))
    with pytest.raises(D.DamagedFileError, match=r"manifest\.csv is not the one.*MANIFEST_SHA256"):
        D.load_dataset("customers", directory=data_copy)
    with pytest.raises(D.DamagedFileError, match=r"manifest\.csv is not the one"):
        D.load_params(directory=data_copy)


def test_truncated_file_is_caught_without_verify(data_copy):
    path = data_copy / "customers.csv"
    path.write_bytes(_cut(path, 2009))  # cut at a line end: only the row count tells
    with pytest.raises(D.DamagedFileError, match=r"customers\.csv is damaged: it has 2,008 rows"):
        D.load_dataset("customers", directory=data_copy, verify=False)
    with pytest.raises(D.DamagedFileError, match="SHA-256"):
        D.load_dataset("customers", directory=data_copy)


def test_file_cut_mid_line_is_caught_even_without_a_manifest(data_copy):
    path = data_copy / "orders.csv"
    path.write_bytes(path.read_bytes()[:5000])
    (data_copy / "manifest.csv").unlink()
    with pytest.raises(D.DamagedFileError, match=r"orders\.csv is damaged: its last line"):
        D.load_dataset("orders", directory=data_copy, verify=False)


def test_file_cut_at_a_line_end_without_a_manifest_loads_as_documented(data_copy):
    path = data_copy / "orders.csv"
    path.write_bytes(_cut(path, 101))
    (data_copy / "manifest.csv").unlink()
    assert len(D.load_dataset("orders", directory=data_copy, verify=False)) == 100


def _replace_once(path, old, new):
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize(
    ("file", "damage", "match"),
    [
        ("orders.csv", lambda p: p.write_bytes(b""), "it is empty"),
        (
            "customers.csv",
            lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16")),
            "not UTF-8",
        ),
        (
            "customers.csv",
            lambda p: p.write_bytes(p.read_bytes().replace(b"North", b"Nord\xe9", 1)),
            "not UTF-8",
        ),
        (
            "orders.csv",
            lambda p: _replace_once(p, b",2023-01-01\n", b",2023-13-01\n"),
            r"column 'order_date' holds 1 value\(s\) that are not a date.*'2023-13-01'",
        ),
        (
            "customers.csv",
            lambda p: _replace_once(p, b"customer_id,signup_date", b"id,signup_date"),
            "its columns are",
        ),
        (
            "customers.csv",
            lambda p: _replace_once(p, b",North,", b",Norht,"),
            r"column 'region'.*not one of its categories.*'Norht'",
        ),
        (
            "orders.csv",
            lambda p: _replace_once(p, b"\n1,", b"\none,"),
            r"column 'order_id'.*not of type int64, first 'one' on line 2",
        ),
        (
            "transactions.csv",
            lambda p: p.write_bytes(
                p.read_bytes().split(b"\n", 2)[0]
                + b"\n"
                + b",".join([*p.read_bytes().split(b"\n", 2)[1].split(b",")[:3], b"inf"])
                + b","
                + b",".join(p.read_bytes().split(b"\n", 2)[1].split(b",")[4:])
                + b"\n"
                + p.read_bytes().split(b"\n", 2)[2]
            ),
            r"column 'revenue'.*not a finite number",
        ),
    ],
)
def test_damage_gives_one_clear_error_without_verify(data_copy, file, damage, match):
    # today: EmptyDataError, UnicodeDecodeError, DateParseError, KeyError, a category
    # silently NaN, ValueError from pandas, inf loaded as a revenue
    path = data_copy / file
    damage(path)
    name = file.removesuffix(".csv")
    with pytest.raises(
        D.DamagedFileError, match=rf"{file.replace('.', '[.]')} is damaged: .*{match}"
    ):
        D.load_dataset(name, directory=data_copy, verify=False)
    with pytest.raises(D.DamagedFileError, match=r"is damaged"):
        D.load_dataset(name, directory=data_copy)
    assert issubclass(D.DamagedFileError, OSError)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "it is empty"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"{", "not valid JSON"),
        (b"[1]\n", "not an object"),
    ],
)
def test_damaged_params_without_verify(data_copy, content, match):
    (data_copy / "params.json").write_bytes(content)
    with pytest.raises(D.DamagedFileError, match=rf"params\.json is damaged: .*{match}"):
        D.load_params(directory=data_copy, verify=False)


def test_verify_datasets_reports_every_file(data_copy):
    report = D.verify_datasets()
    assert report.columns.tolist() == ["file", "ok", "problem"]
    assert report["ok"].all() and len(report) == 13
    (data_copy / "exits.csv").write_text("damaged\n")
    report = D.verify_datasets(data_copy).set_index("file")
    assert not report.loc["exits.csv", "ok"]
    assert "exits.csv is damaged" in report.loc["exits.csv", "problem"]
    assert report.drop(index="exits.csv")["ok"].all()
    (data_copy / "manifest.csv").write_text("name,file\n")
    report = D.verify_datasets(data_copy)
    assert report["file"].tolist() == ["manifest.csv"] and not report["ok"].any()


def test_loading_never_imports_the_simulator():
    code = (
        "import sys, crmkit; crmkit.load_dataset('customers'); crmkit.describe_dataset('survey');"
        "crmkit.load_params(); crmkit.datasets.verify_datasets();"
        "print(sorted(m for m in sys.modules if m.startswith('crmkit.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    loaded = out.stdout.strip()
    assert "crmkit.world" not in loaded and "crmkit._world" not in loaded, loaded
    assert "crmkit.schema" in loaded


def test_the_package_has_no_maintainer_command():
    # regenerate, render_readme and the command line live in tools/datasets.py
    for name in ("main", "regenerate", "render_readme"):
        assert not hasattr(D, name), name


# ---------------------------------------------------------------------------
# loading from a built wheel
# ---------------------------------------------------------------------------
@pytest.mark.slow
def test_load_from_built_wheel(tmp_path):
    wheel_dir, unpacked, elsewhere = tmp_path / "wheel", tmp_path / "site", tmp_path / "cwd"
    elsewhere.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = wheel_dir.glob("crmkit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(unpacked)
    assert (unpacked / "crmkit" / "_data" / "manifest.csv").is_file()
    code = textwrap.dedent(f"""
        import os, sys
        # Drop the repository (put there by the editable install's .pth) by its resolved
        # path, never by name: the clone's folder is itself called "crmkit" for most users.
        repo = os.path.realpath({str(REPO)!r})
        sys.path[:] = [{str(unpacked)!r}] + [p for p in sys.path
                                              if p and os.path.realpath(p) != repo]
        import crmkit, crmkit.datasets as d
        assert crmkit.__file__.startswith({str(unpacked)!r}), crmkit.__file__
        assert str(d.data_dir()).startswith({str(unpacked)!r}), d.data_dir()
        df = crmkit.load_dataset("customers")
        print(len(df), df["care_tier"].dtype.ordered)
    """)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["4000", "True"]
