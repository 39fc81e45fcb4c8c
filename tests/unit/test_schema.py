"""Tests of crmkit.schema: the data cards every table is generated and loaded with."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmkit import schema as S

REPO = Path(__file__).resolve().parents[2]


def test_every_table_has_a_card_and_truth_is_not_observable():
    assert set(S.SCHEMA) == {*S.TABLES, "truth"}
    assert "truth" not in S.TABLES


@pytest.mark.parametrize("table", list(S.SCHEMA))
def test_cards_are_complete(table):
    names = [c.name for c in S.SCHEMA[table]]
    assert len(names) == len(set(names)), table
    for col in S.SCHEMA[table]:
        assert col.dtype in ("int64", "float64", "bool", "str", "category", S.DATE_UNIT), col
        assert col.meaning, col.name
        # floats are written with fixed decimals, so the CSVs are byte-stable
        assert (col.decimals is not None) == (col.dtype == "float64"), col.name
        if col.dtype == "category":
            assert col.name in S.CATEGORIES, col.name
        if col.dtype == S.DATE_UNIT:
            assert col.unit == "date", col.name


def test_pandas_dtype():
    tier = next(c for c in S.SCHEMA["customers"] if c.name == "care_tier")
    region = next(c for c in S.SCHEMA["customers"] if c.name == "region")
    assert S.pandas_dtype(tier) == pd.CategoricalDtype(["ordinary", "silver", "gold"], ordered=True)
    assert not S.pandas_dtype(region).ordered
    assert list(S.pandas_dtype(region).categories) == list(S.REGIONS)
    assert S.pandas_dtype(S.SCHEMA["orders"][0]) == "int64"


def test_build_table_orders_types_and_rounds():
    data = {
        "branch_id": [2, 1],
        "year": [2025, 2025],
        "region": pd.Categorical.from_codes([0, 3], list(S.REGIONS)),
        "satisfaction_index": [70.123, 71.999],
        "retention_rate": [0.812345, 0.7],
        "revenue": [1.005, 2.0],
        "cost": [1.0, 1.0],
        "profit": [0.0, 1.0],
        "unused": [9, 9],
    }
    frame = S.build_table("branches", data)
    assert frame.columns.tolist() == [c.name for c in S.SCHEMA["branches"]]
    assert frame["region"].tolist() == ["North", "West"]
    assert frame["satisfaction_index"].tolist() == [70.12, 72.0]
    assert frame["retention_rate"].tolist() == [0.8123, 0.7]
    assert frame["year"].dtype == np.int64
    assert isinstance(frame.index, pd.RangeIndex)


def test_vocabularies():
    assert S.EXIT_REASONS == (*S.COMPLAINT_REASONS, "moved")
    assert S.CONSTRUCTS[: len(S.FACTORS)] == S.FACTORS
    assert set(S.PRODUCT_NAMES) == set(S.PRODUCT_CATEGORIES)
    assert all(len(names) == 10 for names in S.PRODUCT_NAMES.values())
    assert S.WINDOW_START < S.SURVEY_DATE < S.MAIL_DATE < S.WINDOW_END


def test_schema_and_params_sit_below_the_simulator():
    code = (
        "import sys, crmkit.schema, crmkit.params, crmkit.datasets;"
        "print(sorted(m for m in sys.modules if m.startswith('crmkit.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert "world" not in out.stdout, out.stdout
