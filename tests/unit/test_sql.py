"""Tests for crmkit.sql: DuckDB tables with keys and constraints, insert, named queries."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import database as db

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


def test_value_tiers_cut_at_the_abc_constant(con):
    # by hand in pandas: rank by revenue (largest first, ties by id); a customer whose
    # predecessors hold less than 70% of revenue is A, less than 90% B, else C
    from crmkit.sql import ABC_VALUE_CUTS

    assert ABC_VALUE_CUTS == (0.7, 0.9)
    spend = crmkit.load_dataset("transactions").groupby("customer_id")["revenue"].sum()
    spend = spend.reset_index().sort_values(["revenue", "customer_id"], ascending=[False, True])
    before = (spend["revenue"].cumsum() - spend["revenue"]) / spend["revenue"].sum()
    tier = pd.cut(before, [-float("inf"), 0.7, 0.9, float("inf")], right=False, labels=list("ABC"))
    expected = tier.value_counts().sort_index()
    got = db.query(con, "value_tiers").set_index("tier")["customers"]
    assert got.to_dict() == {k: int(v) for k, v in expected.items()}
    # tier A holds at least 70% of revenue (the customer who crosses the line is in A)
    a = db.query(con, "value_tiers").set_index("tier")["revenue"]
    assert a["A"] / a.sum() >= 0.7


def test_query_with_parameters_and_bad_sql(con):
    out = db.query(con, "SELECT count(*) AS n FROM customers WHERE region = $r", r="East")
    assert out["n"].item() == (crmkit.load_dataset("customers")["region"] == "East").sum()
    with pytest.raises(ValueError, match="'sql' parameter of query"):
        db.query(con, "")


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


# ---------------------------------------------------------------- hostile names (issue 14)
HOSTILE = 'customer_id") SELECT 1 WHERE false; DROP TABLE branches; --'


def test_insert_frame_refuses_a_hostile_column_name_and_drops_nothing(con):
    before = con.execute("SELECT count(*) FROM branches").fetchone()[0]
    with pytest.raises(ValueError, match=r"column\(s\) \[.*DROP TABLE.*\] that table 'customers'"):
        db.insert_frame(con, "customers", pd.DataFrame({HOSTILE: [1]}))
    assert con.execute("SELECT count(*) FROM branches").fetchone()[0] == before


@pytest.mark.parametrize("table", ["branches; DROP TABLE orders", 'x" OR 1=1', "", None, "no_such"])
def test_insert_frame_refuses_a_bad_table_name(con, table):
    with pytest.raises(ValueError, match="'table' parameter of insert_frame"):
        db.insert_frame(con, table, pd.DataFrame({"customer_id": [1]}))


@pytest.mark.parametrize("table", ["transactions; DROP TABLE orders", 'x"', "a b"])
def test_rfm_sql_refuses_a_hostile_table_name(table):
    with pytest.raises(ValueError, match="'table' parameter of rfm_sql"):
        db.rfm_sql(table=table)


@given(st.text(min_size=1, max_size=30).filter(lambda s: "\x00" not in s))
@settings(max_examples=60, deadline=None)
def test_quote_identifier_round_trips_any_name_through_duckdb(name):
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE t ({db.quote_identifier(name)} INTEGER)")
        assert [
            c
            for (c,) in con.execute("SELECT column_name FROM information_schema.columns").fetchall()
        ] == [name]
        assert con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0] == 1


def test_query_binds_values_so_a_hostile_value_is_only_a_value(con):
    out = db.query(con, "SELECT count(*) AS n FROM customers WHERE region = $r", r=HOSTILE)
    assert out["n"].tolist() == [0]
    assert con.execute("SELECT count(*) FROM branches").fetchone()[0] > 0


def test_connect_keeps_the_wall_date_of_zoned_signup_dates(customers):
    """A signup at 2024-06-12 in Shanghai stays 2024-06-12 (it was stored as 06-11)."""
    zoned = customers.head(3).copy()
    zoned["signup_date"] = pd.to_datetime(
        ["2024-06-12", "2024-06-12 00:30", "2024-01-01 23:59"], format="ISO8601"
    )
    zoned["signup_date"] = zoned["signup_date"].dt.tz_localize("Asia/Shanghai")
    with db.connect({"customers": zoned}) as con2:
        got = con2.execute("SELECT CAST(signup_date AS VARCHAR) FROM customers ORDER BY 1")
        assert [d for (d,) in got.fetchall()] == ["2024-01-01", "2024-06-12", "2024-06-12"]
    assert zoned["signup_date"].dt.tz is not None  # the caller's frame is not changed


# ---------------------------------------------------------------- a log file (issue 20)
def test_connect_accepts_a_parquet_path_and_a_glob(tmp_path):
    from crmkit.log_import import log_report, write_parquet

    tx = crmkit.load_dataset("transactions")
    write_parquet(tx, tmp_path / "tx-1.parquet")
    for source in (tmp_path / "tx-1.parquet", str(tmp_path / "tx-*.parquet")):
        with db.connect(source) as con:
            assert db.query(con, "SELECT count(*) AS n FROM transactions")["n"][0] == len(tx)
            assert log_report(con).set_index("check").loc["customers", "rows"] == 3620
    with pytest.raises(TypeError, match="for a log file"):
        db.connect({"customers": tx}, columns={"customer_id": "x"})
