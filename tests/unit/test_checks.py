"""The shared input checks of crmkit._checks: one answer to the same bad input everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import _checks as c
from crmkit._plotting import get_ax


def test_to_naive_dates_keeps_the_wall_date_of_a_zoned_column():
    zoned = pd.Series(pd.to_datetime(["2024-06-12 00:30", "2024-06-12 23:30"])).dt.tz_localize(
        "Asia/Shanghai"
    )
    out = c.to_naive_dates(zoned, "signup_date", "f")
    assert out.dt.tz is None
    assert list(out.dt.date.astype(str)) == ["2024-06-12", "2024-06-12"]
    assert zoned.dt.tz is not None  # input untouched


def test_to_naive_dates_parses_strings_and_refuses_numbers():
    out = c.to_naive_dates(pd.Series(["2024-01-02", None]), "d", "f")
    assert out.iloc[0] == pd.Timestamp("2024-01-02") and pd.isna(out.iloc[1])
    with pytest.raises(ValueError, match=r"'d'.*numbers.*%Y%m%d"):
        c.to_naive_dates(pd.Series([20240529]), "d", "f")
    with pytest.raises(ValueError, match=r"'d'.*dates"):
        c.to_naive_dates(pd.Series(["not a date"]), "d", "f")


def test_check_no_missing_counts():
    df = pd.DataFrame({"id": [1, None, None], "x": [1, 2, 3]})
    with pytest.raises(ValueError, match=r"'id'.*2 missing of 3"):
        c.check_no_missing(df, ["x", "id"], "orders", "f")
    c.check_no_missing(df, ["x"], "orders", "f")


@pytest.mark.parametrize(
    ("values", "kwargs", "error", "pattern"),
    [
        ([1.0, np.inf], {}, ValueError, "1 infinite"),
        ([1.0, np.nan], {}, ValueError, "1 NaN"),
        ([1.0, -2.0], {"nonnegative": True}, ValueError, "negative"),
        ([True, False], {}, TypeError, "numeric"),
        (["a"], {}, TypeError, "numeric"),
    ],
)
def test_check_finite_refuses(values, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        c.check_finite(pd.Series(values), "summary", "f", column="monetary", **kwargs)


def test_check_finite_names_the_column():
    with pytest.raises(ValueError, match=r"column 'monetary' of the 'summary' parameter of f"):
        c.check_finite(pd.Series([np.inf]), "summary", "f", column="monetary")
    out = c.check_finite(pd.Series([1, np.nan]), "x", "f", allow_missing=True)
    assert np.isnan(out[1])


@pytest.mark.parametrize("bad", [0, 11, 2.0, True, "5", None])
def test_check_count_bounds(bad):
    with pytest.raises((TypeError, ValueError), match="'bins' parameter of f"):
        c.check_count(bad, "bins", "f", low=1, high=10)


def test_check_count_accepts_numpy_integers():
    assert c.check_count(np.int64(5), "bins", "f", high=10) == 5


def test_check_number_open_bounds():
    assert c.check_number(0.5, "q", "f", low=0, high=1, low_open=True, high_open=True) == 0.5
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        c.check_number(1, "q", "f", low=0, high=1, low_open=True, high_open=True)
    with pytest.raises(TypeError, match="finite"):
        c.check_number(float("nan"), "q", "f")


def test_align_series_matches_by_label_not_position():
    y = pd.Series([0, 1, 0, 1])
    s = pd.Series([0.9, 0.1, 0.8, 0.2], index=[1, 0, 3, 2])
    _, b = c.align_series(y, s, ("y", "score"), "f")
    assert list(b) == [0.1, 0.9, 0.2, 0.8]
    with pytest.raises(ValueError, match="only one of them"):
        c.align_series(y, s.rename(index={3: 9}), ("y", "score"), "f")
    with pytest.raises(ValueError, match="unique index"):
        c.align_series(y, pd.Series([1, 2, 3, 4], index=[0, 0, 1, 2]), ("y", "score"), "f")


@given(st.permutations(list(range(6))))
def test_align_series_is_a_relabelling(order):
    left = pd.Series(np.arange(6.0))
    right = pd.Series(np.arange(6.0) * 10, index=range(6)).iloc[list(order)]
    a, b = c.align_series(left, right, ("a", "b"), "f")
    assert (b.to_numpy() == a.to_numpy() * 10).all()


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_check_seed(bad):
    with pytest.raises(ValueError, match="'seed' parameter of f"):
        c.check_seed(bad, "seed", "f")
    assert c.check_seed(None, "seed", "f") is None and c.check_seed(np.int32(3), "s", "f") == 3


def test_check_one_of():
    with pytest.raises(ValueError, match=r"\['a', 'b'\]"):
        c.check_one_of("c", "mode", "f", ("a", "b"))
    with pytest.raises(ValueError):
        c.check_one_of(True, "mode", "f", (True, 1))


def test_get_ax():
    ax = get_ax(None, "f")
    assert get_ax(ax, "f") is ax
    with pytest.raises(TypeError, match="'ax' parameter of f"):
        get_ax("axes", "f")
