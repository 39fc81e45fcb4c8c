"""Tests of crmkit.cdnow: the CDNOW purchase log as a typed transaction table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmkit import cdnow
from crmkit import datasets as D
from crmkit import schema as S

REPO = Path(__file__).resolve().parents[2]


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
    world_tx = S.SCHEMA["transactions"]
    assert tx.columns.tolist() == [c.name for c in world_tx]
    for col in world_tx:
        assert tx[col.name].dtype == S.pandas_dtype(col), col.name
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


@pytest.mark.parametrize(
    ("line", "match"),
    [
        (" 00004 19970101 1 -11.77\n", r"dollar value is negative on 1 line\(s\), first on line 6"),
        (" 00004 19970101 -2 11.77\n", "number of CDs is negative"),
        (" 00004 19970101 1 inf\n", "dollar value is infinite"),
        (" 00004 19970101 1 nan\n", "dollar value is not a number"),
        (" 99999999999999999999 19970101 1 11.77\n", "customer id is not a whole number"),
        (" 00004 19970101 99999999999999999999 11.77\n", "number of CDs is not a whole"),
        (" 00004 19970132 1 11.77\n", "date is not a yyyymmdd date"),
    ],
)
def test_load_cdnow_refuses_impossible_values(tmp_path, line, match):
    # today: negatives and inf load silently, a 20-digit id raises OverflowError
    path = tmp_path / "cdnow.txt"
    path.write_text(_CDNOW_SAMPLE + line)
    with pytest.raises(ValueError, match=rf"cdnow\.txt.*not in the CDNOW format.*{match}"):
        D.load_cdnow(path)


def test_load_cdnow_refuses_a_binary_file(tmp_path):
    # today: UnicodeDecodeError
    path = tmp_path / "cdnow.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00\xff\xfe" * 20)
    with pytest.raises(ValueError, match=r"cdnow\.gz.*not in the CDNOW format.*it is not text"):
        D.load_cdnow(path)


def test_load_cdnow_keeps_zero_value_orders(tmp_path):
    # a $0 order of one CD is real CDNOW data (80 lines of the master file): kept, as is
    path = tmp_path / "cdnow.txt"
    path.write_text(_CDNOW_SAMPLE + " 00004 19970103 1 0.00\n")
    tx = D.load_cdnow(path)
    assert len(tx) == 6
    assert tx["revenue"].iloc[-1] == 0.0 and tx["items"].iloc[-1] == 1


def test_load_cdnow_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="'path' parameter of load_cdnow"):
        D.load_cdnow(tmp_path / "nope.txt")


def test_load_cdnow_without_lifetimes_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(cdnow, "_lifetimes_cdnow", lambda: None)
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
