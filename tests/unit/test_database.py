"""Tests for crmkit.database: raw records, cleaning rules, DuckDB constraints, SQL RFM."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import database as db
from crmkit import rfm


def records(**cols) -> pd.DataFrame:
    """A small raw frame: record_id 1..n and the given text columns."""
    n = len(next(iter(cols.values())))
    frame = pd.DataFrame({"record_id": np.arange(1, n + 1, dtype="int64")})
    for name, values in cols.items():
        frame[name] = pd.Series(values, dtype="str")
    return frame


@pytest.fixture(scope="module")
def customers():
    return crmkit.load_dataset("customers")


@pytest.fixture(scope="module")
def raw_truth(customers):
    return db.make_raw_records(customers)


@pytest.fixture(scope="module")
def con():
    tables = {name: crmkit.load_dataset(name) for name in db.SCHEMA}
    connection = db.connect(tables)
    yield connection
    connection.close()


# ---------------------------------------------------------------- raw records


def test_raw_records_shape_and_truth(raw_truth, customers):
    raw, truth = raw_truth
    assert list(raw.columns) == db.RAW_COLUMNS
    assert raw["record_id"].tolist() == list(range(1, len(raw) + 1))
    assert truth["record_id"].tolist() == raw["record_id"].tolist()
    # every customer once, plus the duplicates
    assert truth["customer_id"].nunique() == len(customers)
    assert len(truth) == len(customers) + int(truth["duplicate"].sum())
    assert truth["phone"].str.fullmatch(r"1\d{10}").all()
    # one phone per customer, distinct between customers
    assert truth.groupby("phone")["customer_id"].nunique().max() == 1
    for col in ["name", "phone", "region", "signup_date", "source"]:
        assert raw[col].dtype == "str"


def test_raw_records_are_messy(raw_truth):
    raw, _ = raw_truth
    assert raw["phone"].str.contains("+86", regex=False).any()
    assert raw["phone"].str.contains("１").any()  # full-width digits
    assert raw["signup_date"].str.contains("年").any()
    assert raw["region"].isin(["华东", "华北", "华南"]).any()
    assert raw["phone"].isna().any()


def test_raw_records_same_seed_same_data_other_seed_differs(customers):
    a = db.make_raw_records(customers.head(200), seed=1)
    b = db.make_raw_records(customers.head(200), seed=1)
    c = db.make_raw_records(customers.head(200), seed=2)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[0].equals(c[0])


def test_raw_records_accept_a_world():
    world = crmkit.make_world(60, seed=3)
    raw, truth = db.make_raw_records(world, duplicate_rate=0.0)
    assert len(raw) == 60 and not truth["duplicate"].any()


def test_clean_rates_give_clean_records(customers):
    raw, truth = db.make_raw_records(
        customers.head(300), duplicate_rate=0, missing_rate=0, messy_rate=0, garbled_rate=0
    )
    score = db.cleaning_score(raw, truth)
    assert (score["share_correct"] == 1).all()


@pytest.mark.parametrize("param", ["duplicate_rate", "missing_rate", "messy_rate", "garbled_rate"])
@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.1", True])
def test_raw_records_reject_bad_rates(customers, param, bad):
    with pytest.raises(ValueError, match=f"'{param}' parameter of make_raw_records"):
        db.make_raw_records(customers, **{param: bad})


def test_raw_records_reject_bad_customers(customers):
    with pytest.raises(TypeError, match="'customers' parameter"):
        db.make_raw_records([1, 2])
    with pytest.raises(ValueError, match="no column 'region'"):
        db.make_raw_records(customers.drop(columns="region"))


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
    lambda d, style: db._write_date(pd.Timestamp(d), style),
    st.dates(
        min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
    ),
    st.integers(0, 4),
)
written_phones = st.builds(
    lambda digits, style: db._write_phone("1" + digits, style),
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


# ---------------------------------------------------------------- DuckDB


def test_connect_loads_every_table_with_its_rows(con):
    for name in db.SCHEMA:
        n = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        assert n == len(crmkit.load_dataset(name)), name


def test_connect_a_world_and_a_subset():
    world = crmkit.make_world(80, seed=5)
    c = db.connect(world)
    try:
        names = set(c.execute("SELECT table_name FROM duckdb_tables()").df()["table_name"])
        assert names == set(db.SCHEMA)  # truth is never loaded
    finally:
        c.close()
    c = db.connect(world, tables=["customers", "orders"])
    try:
        assert c.execute("SELECT count(*) FROM orders").fetchone()[0] == len(world.orders)
    finally:
        c.close()


def test_constraints_refuse_bad_rows(con):
    with pytest.raises(duckdb.ConstraintException, match="primary key"):
        con.execute(
            "INSERT INTO customers VALUES (1, DATE '2024-01-01', 'East', 'consumer', "
            "'online', 'direct', 10, 'ordinary')"
        )
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):
        con.execute("INSERT INTO orders VALUES (999999, 999999, DATE '2024-01-01')")
    with pytest.raises(duckdb.ConstraintException, match="CHECK"):
        con.execute(
            "INSERT INTO customers VALUES (999999, DATE '2024-01-01', 'Mars', 'consumer', "
            "'online', 'direct', 10, 'ordinary')"
        )
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        con.execute("INSERT INTO orders VALUES (999999, NULL, DATE '2024-01-01')")
    with pytest.raises(duckdb.ConversionException):
        con.execute("INSERT INTO orders VALUES (999999, 1, '29.05.2024')")  # text, not a date
    assert con.execute("SELECT count(*) FROM orders WHERE order_id = 999999").fetchone()[0] == 0


def test_connect_refuses_a_duplicated_customer(customers):
    twice = pd.concat([customers, customers.head(1)], ignore_index=True)
    with pytest.raises(duckdb.ConstraintException, match='duplicate key "1"'):
        db.connect({"customers": twice})


def test_connect_bad_inputs(customers):
    with pytest.raises(TypeError, match="'world_or_tables' parameter of connect"):
        db.connect([customers])
    with pytest.raises(ValueError, match="without a schema"):
        db.connect({"customers": customers, "people": customers})
    with pytest.raises(ValueError, match="'tables' parameter of connect"):
        db.connect({"customers": customers}, tables=["people"])
    with pytest.raises(ValueError, match="does not have"):
        db.connect({"customers": customers}, tables=["products"])
    with pytest.raises(ValueError, match="must load 'customers'"):
        db.connect({"orders": crmkit.load_dataset("orders")})
    with pytest.raises(ValueError, match="no column 'region'"):
        db.connect({"customers": customers.drop(columns="region")})
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        db.connect({"customers": "x"})
    with pytest.raises(ValueError, match="none of the tables"):
        db.connect({})


def test_sql_matches_pandas_for_chapter_2_questions(con):
    t = crmkit.load_dataset("transactions")
    c = crmkit.load_dataset("customers")
    by_region = t.merge(c[["customer_id", "region"]], on="customer_id")
    expected = by_region.groupby("region", observed=True)["revenue"].sum()
    expected.index = expected.index.astype("str")
    got = db.query(con, "revenue_by_region").set_index("region")["revenue"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), rtol=1e-12)
    file = db.query(con, "customer_file")
    assert len(file) == len(c)  # LEFT JOIN keeps the customers without orders
    assert file["orders"].sum() == len(t)
    assert (file.loc[file["orders"] == 0, "revenue"] == 0).all()


def test_every_use_has_a_query_that_runs(con):
    assert len(db.SIX_USES) == 6
    for name in db.SIX_USES["query"]:
        assert len(db.query(con, name)) > 0, name


def test_value_tiers_cover_everyone(con):
    tiers = db.query(con, "value_tiers")
    assert tiers["tier"].tolist() == ["A", "B", "C"]
    buyers = crmkit.load_dataset("transactions")["customer_id"].nunique()
    assert tiers["customers"].sum() == buyers


def test_query_with_parameters_and_bad_sql(con):
    out = db.query(con, "SELECT count(*) AS n FROM customers WHERE region = $r", r="East")
    assert out["n"].item() == (crmkit.load_dataset("customers")["region"] == "East").sum()
    with pytest.raises(ValueError, match="'sql' parameter of query"):
        db.query(con, "")


# ---------------------------------------------------------------- RFM in SQL


@pytest.mark.parametrize("ties", ["keep", "first"])
@pytest.mark.parametrize("date", ["2025-12-31", "2025-06-02"])
def test_sql_rfm_equals_pandas_on_the_default_world(con, ties, date):
    cmp = db.compare_rfm(con, analysis_date=date, ties=ties)
    assert cmp["same"].all()
    log = crmkit.load_dataset("transactions")
    log = log[(log["order_date"] <= date) & (log["revenue"] > 0)]
    assert len(cmp) == log["customer_id"].nunique()


def hand_log() -> pd.DataFrame:
    # 7 customers, many ties: recency 0,0,5,5,5,9,20; frequency 1,1,1,2,2,3,1
    return pd.DataFrame(
        {
            "order_id": range(1, 13),
            "customer_id": [1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 7, 3],
            "order_date": pd.to_datetime(
                [
                    "2025-01-31",
                    "2025-01-31",
                    "2025-01-26",
                    "2025-01-01",
                    "2025-01-26",
                    "2025-01-02",
                    "2025-01-26",
                    "2025-01-10",
                    "2025-01-15",
                    "2025-01-22",
                    "2025-01-11",
                    "2025-01-27",  # a full return: not a purchase
                ]
            ),
            "revenue": [10.0, 10.0, 30.0, 5.0, 5.0, 20.0, 0.5, 1.0, 1.0, 8.0, 10.0, 0.0],
        }
    )


def hand_con(log):
    customers = crmkit.load_dataset("customers").head(7)
    orders = log[["order_id", "customer_id", "order_date"]]
    trans = log.assign(gross_revenue=log["revenue"], cost=0.0, margin=log["revenue"], items=1)
    return db.connect({"customers": customers, "orders": orders, "transactions": trans})


def test_sql_rfm_on_a_hand_log_with_ties():
    c = hand_con(hand_log())
    try:
        cmp = db.compare_rfm(c, analysis_date="2025-01-31")
        assert cmp["same"].all()
        # by hand (ties="keep", k=5, n=7): cut positions ceil(7j/5) = 2, 3, 5, 6
        # recency sorted 0,0,5,5,5,9,20 -> cuts 0,5,5,9 -> bins 1,1,2,2,2,4,5 -> R=6-bin
        assert cmp["R_sql"].tolist() == [5, 5, 4, 4, 4, 2, 1]
        # frequency sorted 1,1,1,1,2,2,3 -> cuts 1,1,2,2 -> bins 1,1,1,3,3,5,1
        assert cmp["F_sql"].tolist() == [1, 1, 1, 3, 3, 5, 1]
        # monetary 10,10,30,10,20.5,10,10 sorted 10x5,20.5,30 -> cuts 10,10,10,20.5
        assert cmp["M_sql"].tolist() == [1, 1, 5, 1, 4, 1, 1]
        first = db.compare_rfm(c, analysis_date="2025-01-31", ties="first")
        assert first["same"].all()
        # ntile(5) on 7 rows makes groups of 2,2,1,1,1; floor(p*5/7)+1 makes 2,1,2,1,1
        nt = db.compare_rfm(c, analysis_date="2025-01-31", ties="first", sql_ties="ntile")
        assert not nt["same"].all()
        assert sorted(nt["F_sql"].value_counts().tolist()) == [1, 1, 1, 2, 2]
    finally:
        c.close()


def test_rfm_sql_matches_rfm_module_bins_other_than_five():
    c = hand_con(hand_log())
    try:
        for k in (2, 3, 4):
            assert db.compare_rfm(c, analysis_date="2025-02-10", bins=k)["same"].all()
    finally:
        c.close()


def test_rfm_sql_text_and_bad_arguments(con):
    text = db.rfm_sql()
    assert "$analysis_date" in text and "revenue > 0" in text
    assert "ntile(5)" in db.rfm_sql(ties="ntile")
    with pytest.raises(ValueError, match="'ties' parameter of rfm_sql"):
        db.rfm_sql(ties="random")
    with pytest.raises(ValueError, match="'bins' parameter of rfm_sql"):
        db.rfm_sql(bins=1)
    with pytest.raises(ValueError, match="'table' parameter of rfm_sql"):
        db.rfm_sql(table="x; DROP TABLE customers")
    with pytest.raises(ValueError, match="'ties' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date="2025-12-31", ties="ntile")
    with pytest.raises(ValueError, match="'sql_ties' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date="2025-12-31", sql_ties="x")


def test_compare_rfm_rejects_a_bad_date(con):
    with pytest.raises(ValueError, match="'analysis_date' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date="not a date")
    with pytest.raises(ValueError, match="'analysis_date' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date=None)


def test_insert_frame_counts_and_refuses(con):
    con.execute("CREATE TEMP TABLE tiny (k INTEGER PRIMARY KEY, v VARCHAR)")
    frame = pd.DataFrame({"k": [1, 2], "v": pd.Categorical(["a", None])})
    assert db.insert_frame(con, "tiny", frame) == 2
    assert con.execute("SELECT count(v) FROM tiny").fetchone()[0] == 1  # NULL stays NULL
    with pytest.raises(duckdb.ConstraintException):
        db.insert_frame(con, "tiny", pd.DataFrame({"k": [3, 1]}))
    assert con.execute("SELECT count(*) FROM tiny").fetchone()[0] == 2  # all or nothing
    with pytest.raises(ValueError, match="'table' parameter of insert_frame"):
        db.insert_frame(con, "tiny; DROP TABLE customers", frame)
    with pytest.raises(TypeError, match="'frame' parameter of insert_frame"):
        db.insert_frame(con, "tiny", [1])
    con.execute("DROP TABLE tiny")


def test_pandas_side_of_compare_is_crmkit_rfm(con):
    cmp = db.compare_rfm(con, analysis_date="2025-12-31").set_index("customer_id")
    log = crmkit.load_dataset("transactions")
    summary = rfm.rfm_summary(log[log["revenue"] > 0], analysis_date="2025-12-31")
    scores = rfm.rfm_score(summary).scores
    assert (cmp["R_pandas"].to_numpy() == scores["R"].to_numpy()).all()
    assert (cmp["M_pandas"].to_numpy() == scores["M"].to_numpy()).all()
