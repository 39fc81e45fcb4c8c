"""Tests of crmkit.datasets: shipped files, loaders, data cards, regeneration, CDNOW."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit import datasets as D
from crmkit import world as W

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "datasets"


@pytest.fixture(scope="module")
def default_world():
    return W.make_world(D.DEFAULT_N_CUSTOMERS, seed=D.DEFAULT_SEED)


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
    assert D.list_datasets() == [*W.TABLES, "truth"]
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
    assert manifest.columns.tolist() == D._MANIFEST_COLUMNS
    assert manifest["name"].tolist() == [*D.list_datasets(), "params"]
    assert (manifest["seed"] == D.DEFAULT_SEED).all()
    for row in manifest.itertuples():
        data = (SHIPPED / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256, row.file
        if row.file.endswith(".csv"):
            assert data.count(b"\n") == row.rows + 1, row.file


def test_regeneration_is_byte_for_byte(tmp_path, manifest):
    written = D.regenerate(tmp_path)
    pd.testing.assert_frame_equal(written, manifest)
    for row in manifest.itertuples():
        assert hashlib.sha256((tmp_path / row.file).read_bytes()).hexdigest() == row.sha256
    assert (tmp_path / "README.md").read_bytes() == (SHIPPED / "README.md").read_bytes()
    assert (tmp_path / "manifest.csv").read_bytes() == (SHIPPED / "manifest.csv").read_bytes()


def test_readme_is_generated_from_the_data_cards(manifest):
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert readme == D.render_readme(manifest)
    for name in D.list_datasets():
        assert f"### `{name}`" in readme
        for col in W.SCHEMA[name]:
            assert f"| `{col.name}` |" in readme
    for param in W.PARAMS:
        assert f"| `{param}` |" in readme
    assert "zone of indifference" in readme  # the causal story is on the page


def test_command_line_regenerate_and_verify(tmp_path, capsys):
    assert D.main(["regenerate", "--out", str(tmp_path)]) == 0
    assert "wrote 12 files" in capsys.readouterr().out
    assert D.main(["verify", "--dir", str(tmp_path)]) == 0
    (tmp_path / "exits.csv").write_text("damaged\n")
    assert D.main(["verify", "--dir", str(tmp_path)]) == 1
    assert "exits.csv is damaged" in capsys.readouterr().err
    assert D.main(["list"]) == 0


def test_installed_package_regenerates_only_into_a_named_folder(tmp_path, monkeypatch, capsys):
    # as in a wheel install: the folder above the package is site-packages, with no
    # pyproject.toml, so there is no repository datasets/ to rewrite
    site = tmp_path / "site-packages"
    monkeypatch.setattr(D, "_repo_datasets", lambda: site / "datasets")
    with pytest.raises(ValueError, match="--out DIR"):
        D.regenerate()
    assert D.main(["regenerate"]) == 2
    assert "not a source checkout" in capsys.readouterr().err
    assert not site.exists()


def test_module_runs_as_a_script(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "crmkit.datasets", "regenerate", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert "manifest.csv" in out.stdout
    assert (tmp_path / "truth.csv").is_file()


# ---------------------------------------------------------------------------
# damaged and missing files
# ---------------------------------------------------------------------------
def test_damaged_file_is_named(data_copy):
    path = data_copy / "orders.csv"
    path.write_bytes(path.read_bytes().replace(b"2023-01-01", b"2023-01-02", 1))
    with pytest.raises(OSError, match=r"orders\.csv is damaged.*python -m crmkit\.datasets"):
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
# CDNOW
# ---------------------------------------------------------------------------
# Five lines in the CDNOW master format (customer id, yyyymmdd, CDs, dollars);
# the first three are the first lines of Hardie's CDNOW_master.txt.
_CDNOW_SAMPLE = """\
 00001 19970101  1   11.77
 00002 19970112  1   12.00
 00002 19970112  5   77.00
 00003 19970102  2   20.76
 00003 19980630  1   15.49
"""


def test_load_cdnow_small_file(tmp_path):
    path = tmp_path / "cdnow.txt"
    path.write_text(_CDNOW_SAMPLE)
    tx = D.load_cdnow(path)
    world_tx = W.SCHEMA["transactions"]
    assert tx.columns.tolist() == [c.name for c in world_tx]
    for col in world_tx:
        assert tx[col.name].dtype == W.pandas_dtype(col), col.name
    assert tx["order_id"].tolist() == [1, 2, 3, 4, 5]
    assert tx["customer_id"].tolist() == [1, 2, 2, 3, 3]
    assert tx["order_date"].tolist()[-1] == pd.Timestamp("1998-06-30")
    assert tx["items"].tolist() == [1, 1, 5, 2, 1]
    assert tx["revenue"].sum() == pytest.approx(11.77 + 12.00 + 77.00 + 20.76 + 15.49)
    assert tx[["gross_revenue", "cost", "margin"]].isna().all().all()


def test_load_cdnow_accepts_a_header_line(tmp_path):
    path = tmp_path / "cdnow.txt"
    path.write_text("customer_id date number_of_cds dollar_value\n" + _CDNOW_SAMPLE)
    assert len(D.load_cdnow(path)) == 5


@pytest.mark.parametrize(
    "content",
    [
        " 00001 19970101 1\n",
        " 00001 1997-01-01 1 11.77\n",
        " 00001 19970101 one 11.77\n",
        "",
        " 00001 19970101 1 11.77\n 00002 19970101 1\n",
        " 00001 19970101 1 11.77 9\n",
    ],
)
def test_load_cdnow_rejects_other_formats(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_text(content)
    with pytest.raises(ValueError, match="not in the CDNOW format"):
        D.load_cdnow(path)


def test_load_cdnow_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="'path' parameter of load_cdnow"):
        D.load_cdnow(tmp_path / "nope.txt")


def test_load_cdnow_without_lifetimes_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(D, "_lifetimes_cdnow", lambda: None)
    with pytest.raises(FileNotFoundError, match="pip install lifetimes"):
        D.load_cdnow()


def test_load_cdnow_real_file_from_lifetimes():
    pytest.importorskip("lifetimes")  # a test dependency; exercised in CI
    tx = D.load_cdnow()
    assert tx["customer_id"].nunique() == 23570  # Fader, Hardie & Lee (2005)
    assert len(tx) == 69659
    assert tx["order_date"].min() == pd.Timestamp("1997-01-01")
    assert tx["order_date"].max() == pd.Timestamp("1998-06-30")
    assert np.isfinite(tx["revenue"]).all()


def test_load_cdnow_does_not_import_lifetimes():
    code = "import sys, crmkit.datasets as d; d.load_cdnow(); print('lifetimes' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "False"


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
