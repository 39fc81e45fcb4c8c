"""Tests for crmkit.cleaning: each cleaning rule, deduplication, the pipeline and its score."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import database as db
from crmkit import raw_records


def records(**cols) -> pd.DataFrame:
    """A small raw frame: record_id 1..n and the given text columns."""
    n = len(next(iter(cols.values())))
    frame = pd.DataFrame({"record_id": np.arange(1, n + 1, dtype="int64")})
    for name, values in cols.items():
        frame[name] = pd.Series(values, dtype="str")
    return frame


# ---------------------------------------------------------------- cleaning rules


def test_clean_text_hand_examples():
    raw = records(
        name=["  wang   fang ", "ＬＩ ＮＡ", "Zhou Bo", "   "], phone=["１３８", "1", "", "x"]
    )
    out, log = db.clean_text(raw)
    assert out["name"].tolist()[:3] == ["Wang Fang", "Li Na", "Zhou Bo"]
    assert pd.isna(out["name"].iloc[3])  # only spaces -> missing
    assert out["phone"].tolist()[:2] == ["138", "1"]
    # changed: 3 names (the 4th to missing) and 2 phones ("１３８", "" -> missing)
    assert len(log) == 5
    assert set(log["step"]) == {"text"}
    assert log.loc[log["before"] == "   ", "action"].item() == "unreadable"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-29", "2024-05-29"),
        ("2024/5/29", "2024-05-29"),
        ("29.05.2024", "2024-05-29"),
        ("2024年5月29日", "2024-05-29"),
        ("20240529", "2024-05-29"),
        ("２０２４-０５-２９", "2024-05-29"),  # full-width digits
        (" 2024/05/09 ", "2024-05-09"),
        ("2024-02-30", None),  # no such day
        ("05/06/2024", None),  # day or month first? never guessed
        ("May 2024", None),
        (None, None),
    ],
)
def test_clean_dates_rules(text, expected):
    out, log = db.clean_dates(records(signup_date=[text]))
    value = out["signup_date"].iloc[0]
    assert out["signup_date"].dtype == "datetime64[us]"
    if expected is None:
        assert pd.isna(value)
        assert len(log) == (0 if text is None else 1)
        if text is not None:
            assert log["action"].item() == "unreadable"
    else:
        assert value == pd.Timestamp(expected)
        assert len(log) == (0 if text == expected else 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("86-13812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("(138) 1234.5678", "13812345678"),
        ("１３８ １２３４ ５６７８", "13812345678"),
        ("1381234567", None),  # ten digits
        ("23812345678", None),  # mobiles start with 1
        ("8613812345678 ext 2", None),
        (None, None),
    ],
)
def test_clean_phones_rules(text, expected):
    out, log = db.clean_phones(records(phone=[text]))
    value = out["phone"].iloc[0]
    if expected is None:
        assert pd.isna(value)
    else:
        assert value == expected
    assert len(log) == int(text != expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("East", "East"),
        ("east ", "East"),
        ("EAST", "East"),
        ("E", "East"),
        ("East China", "East"),
        ("华东", "East"),
        ("华北", "North"),
        ("西部", "West"),
        ("ＣＥＮＴＲＡＬ", "Central"),
        ("Mars", None),
        (None, None),
    ],
)
def test_clean_regions_rules(text, expected):
    out, log = db.clean_regions(records(region=[text]))
    value = out["region"].iloc[0]
    if expected is None:
        assert pd.isna(value)
    else:
        assert value == expected
    assert len(log) == int(text != expected)


def test_clean_regions_custom_table_and_bad_table():
    out, _ = db.clean_regions(records(region=["Shanghai"]), aliases={"shanghai": "East"})
    assert out["region"].item() == "East"
    with pytest.raises(ValueError, match="'aliases' parameter of clean_regions"):
        db.clean_regions(records(region=["x"]), aliases={"x": 1})


def test_cleaning_keeps_rows_and_order():
    raw = records(signup_date=["20240101", "x", None], phone=["1", "13812345678", None])
    for step in (db.clean_dates, db.clean_phones):
        out, _ = step(raw)
        assert out["record_id"].tolist() == [1, 2, 3]
    assert raw["signup_date"].tolist()[0] == "20240101"  # the input is not changed


# ---------------------------------------------------------------- deduplicate


def clean_frame(names, phones, regions, dates):
    frame = records(name=names, phone=phones, region=regions)
    frame["signup_date"] = pd.to_datetime(pd.Series(dates)).astype("datetime64[us]")
    return frame


def test_dedup_same_phone_merges_and_fills():
    frame = clean_frame(
        ["Wang Fang", "Wang Fnag", "Li Na"],
        ["13800000001", "13800000001", "13900000002"],
        [None, "East", "North"],
        ["2024-01-02", "2024-01-02", "2024-03-04"],
    )
    out, log = db.deduplicate(frame)
    assert out["record_id"].tolist() == [1, 3]
    assert out.loc[0, "name"] == "Wang Fang"  # the smallest record_id is kept
    assert out.loc[0, "region"] == "East"  # its blank filled from record 2
    merged = log[log["action"] == "merged"]
    assert merged[["record_id", "before", "after"]].to_numpy().tolist() == [[2, "2", "1"]]
    assert log.loc[log["action"] == "filled", "column"].tolist() == ["region"]


def test_dedup_name_and_date_only_when_a_phone_is_missing():
    frame = clean_frame(
        ["Li Na", "Li Na", "Li Na", "Li Na"],
        ["13800000001", None, "13900000002", "13700000003"],
        ["East", "East", "North", "North"],
        ["2024-01-02", "2024-01-02", "2024-03-04", "2024-03-04"],
    )
    out, log = db.deduplicate(frame)
    # 1 and 2 merge (2 has no phone); 3 and 4 both have phones that differ: two people
    assert out["record_id"].tolist() == [1, 3, 4]
    assert (log["action"] == "merged").sum() == 1


def test_dedup_chains_matches():
    # 1-2 share a phone; 3 has no phone and matches 2 on name, date, region
    frame = clean_frame(
        ["Li Na", "Li Na", "Li Na"],
        ["13800000001", "13800000001", None],
        ["East", "East", "East"],
        ["2024-01-02", "2024-01-02", "2024-01-02"],
    )
    out, log = db.deduplicate(frame)
    assert out["record_id"].tolist() == [1]
    assert log.loc[log["action"] == "merged", "after"].tolist() == ["1", "1"]


def test_dedup_no_duplicates_and_all_phones_missing():
    frame = clean_frame(["A", "B"], [None, None], ["East", None], ["2024-01-02", None])
    out, log = db.deduplicate(frame)
    assert len(out) == 2 and log.empty
    assert list(log.columns) == db.LOG_COLUMNS


def test_dedup_keeps_smallest_id_whatever_the_row_order():
    frame = clean_frame(
        ["B", "A"], ["13800000001", "13800000001"], ["East", "East"], ["2024-01-02"] * 2
    )
    frame["record_id"] = [9, 4]
    out, _ = db.deduplicate(frame)
    assert out["record_id"].tolist() == [4] and out["name"].item() == "A"


# ---------------------------------------------------------------- pipeline and score


def test_clean_records_on_the_world(raw_truth):
    raw, truth = raw_truth
    clean, log = db.clean_records(raw)
    merged = int((log["action"] == "merged").sum())
    assert len(clean) == len(raw) - merged  # every removed row is in the log
    assert set(log["step"]) == {"text", "dates", "phones", "regions", "dedup"}
    before = db.cleaning_score(raw, truth).set_index("check")["share_correct"]
    after = db.cleaning_score(clean, truth).set_index("check")["share_correct"]
    assert (after > before).all()
    assert after.min() > 0.95
    # no wrong phone, region or date: a rule either reads the value right or leaves it blank
    score = db.cleaning_score(clean, truth).set_index("check")
    assert score.loc[["phone", "region", "signup_date"], "wrong"].eq(0).all()


def test_cleaning_score_hand_example():
    truth = pd.DataFrame(
        {
            "record_id": [1, 2, 3],
            "customer_id": [10, 10, 20],
            "name": ["Li Na", "Li Na", "Wang Fang"],
            "phone": ["13800000001", "13800000001", "13900000002"],
            "region": ["East", "East", "North"],
            "signup_date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-03-04"]),
        }
    )
    recs = records(
        name=["Li Na", "Li Na", "wang fang"],
        phone=["13800000001", None, "139 0000 0002"],
        region=["East", "East", "North"],
        signup_date=["2024-01-02", "2024-01-02", "2024/3/4"],
    )
    score = db.cleaning_score(recs, truth).set_index("check")
    # name: records 1, 2 right, 3 wrong case; phone: 1 right, 2 blank, 3 wrong format
    assert score.loc["name", ["correct", "wrong", "missing"]].tolist() == [2, 1, 0]
    assert score.loc["phone", ["correct", "wrong", "missing"]].tolist() == [1, 1, 1]
    assert score.loc["signup_date", "correct"] == 2
    # customer 10 has two rows (wrong), customer 20 one (correct)
    assert score.loc["one row per customer", ["correct", "wrong", "missing"]].tolist() == [1, 1, 0]
    # after merging record 2 into 3 by mistake, customer 10 is... still there via 1
    wrongly = recs[recs["record_id"] != 1]
    score2 = db.cleaning_score(wrongly, truth).set_index("check")
    assert score2.loc["one row per customer", "total"] == 2
    only3 = recs[recs["record_id"] == 3]
    score3 = db.cleaning_score(only3, truth).set_index("check")
    assert score3.loc["one row per customer", ["correct", "wrong", "missing"]].tolist() == [1, 0, 1]
    assert score["share_correct"].between(0, 1).all()


def test_cleaning_score_rejects_unknown_records(raw_truth):
    raw, truth = raw_truth
    bad = raw.head(3).assign(record_id=[10**6, 10**6 + 1, 10**6 + 2])
    with pytest.raises(ValueError, match="record_id"):
        db.cleaning_score(bad, truth)


written_dates = st.builds(
    lambda d, style: raw_records._write_date(pd.Timestamp(d), style),
    st.dates(
        min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
    ),
    st.integers(0, 4),
)
written_phones = st.builds(
    lambda digits, style: raw_records._write_phone("1" + digits, style),
    st.text(alphabet="0123456789", min_size=10, max_size=10),
    st.integers(0, 4),
)
text_values = st.one_of(
    st.none(),
    written_dates,
    written_phones,
    st.sampled_from(sorted(db.REGION_ALIASES)),
    st.text(
        alphabet=st.sampled_from(list("0123456789０１２３ -/.+年月日EastNorth华东 ")), max_size=16
    ),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(text_values, text_values, text_values, text_values), min_size=1))
def test_cleaning_is_idempotent(rows):
    raw = records(
        name=[r[0] for r in rows],
        phone=[r[1] for r in rows],
        region=[r[2] for r in rows],
        signup_date=[r[3] for r in rows],
    )
    once, _ = db.clean_records(raw)
    twice, log = db.clean_records(once)
    pd.testing.assert_frame_equal(once, twice)
    assert log.empty


def test_cleaning_the_world_twice_changes_nothing(raw_truth):
    once, _ = db.clean_records(raw_truth[0])
    twice, log = db.clean_records(once)
    pd.testing.assert_frame_equal(once, twice)
    assert log.empty


def test_clean_text_leaves_typed_columns_alone():
    frame = clean_frame(["  a "], [None], ["East"], ["2024-01-02"])
    out, log = db.clean_text(frame)
    assert out["signup_date"].dtype == "datetime64[us]"
    assert log["column"].tolist() == ["name"]


@pytest.mark.parametrize(
    "func", [db.clean_text, db.clean_dates, db.clean_phones, db.clean_regions, db.deduplicate]
)
def test_cleaning_rejects_bad_frames(func):
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        func("not a frame")
    with pytest.raises(ValueError, match="at least one row"):
        func(pd.DataFrame({"record_id": pd.Series([], dtype="int64")}))
    frame = clean_frame(["A", "B"], [None, None], ["East", None], ["2024-01-02", None])
    with pytest.raises(ValueError, match="identify each record once"):
        func(frame.assign(record_id=[1, 1]))
    with pytest.raises(ValueError, match="must hold integers"):
        func(frame.assign(record_id=["a", "b"]))
    with pytest.raises(ValueError, match="no column 'record_id'"):
        func(frame.drop(columns="record_id"))


def test_clean_records_rejects_missing_column(raw_truth):
    with pytest.raises(ValueError, match="no column 'phone'"):
        db.clean_records(raw_truth[0].drop(columns="phone"))


# ---------------------------------------------------------------- numbers as text (issue 14)
def test_clean_phones_reads_phones_stored_as_integers():
    phones = pd.Series([13812345678, 15900001111, 18612345678], dtype="int64")
    frame = pd.DataFrame({"record_id": np.arange(1, 4, dtype="int64"), "phone": phones})
    clean, log = db.clean_phones(frame)
    assert clean["phone"].tolist() == ["13812345678", "15900001111", "18612345678"]
    assert (log["action"] != "unreadable").all()


def test_clean_phones_reads_floats_from_a_csv_with_blanks():
    frame = pd.DataFrame({"record_id": [1, 2], "phone": [13812345678.0, np.nan]})
    clean, _ = db.clean_phones(frame)
    assert clean["phone"].iloc[0] == "13812345678" and pd.isna(clean["phone"].iloc[1])


def test_clean_dates_reads_dates_stored_as_integers():
    frame = pd.DataFrame({"record_id": [1, 2, 3], "signup_date": [20240529, 20240230, 2024]})
    clean, log = db.clean_dates(frame)
    assert clean["signup_date"].iloc[0] == pd.Timestamp("2024-05-29")
    assert clean["signup_date"].iloc[1:].isna().all()  # no 30 February; 2024 is no date
    assert log.set_index("record_id").loc[[2, 3], "action"].eq("unreadable").all()
