"""Tests for crmkit.log_import: a user's log registered in DuckDB, and its validation report."""

from __future__ import annotations

import pandas as pd
import pytest

import crmkit
from crmkit.log_import import log_report, open_log, write_parquet

MAPPING = {"customer_id": "cust", "date": "day", "amount": "net", "order_id": "order"}

# A small messy export with known defects, one per line after the header:
MESSY_CSV = """order,cust,day,net,note
1,A1,2025-01-05,10.50,ok
2,A1,2025-02-10,20.00,ok
3,B2,2025-01-20,-5.00,a return
4,,2025-01-21,7.00,no customer id
5,C3,not a date,8.00,unreadable date
6,C3,,9.00,missing date
7,C3,2025-03-01,abc,unreadable amount
8,C3,2025-03-02,,missing amount
9,D4,2025-03-03,0,zero-value order
10,A1,2025-02-10,20.00,same as order 2 but another order id
10,A1,2025-02-10,20.00,exact duplicate of the line above
11,E5,2026-07-01,15.00,after as_of
12,B2,2025-02-01,inf,infinite amount
"""
EXPECTED = {
    "rows read": 13,
    "missing customer id": 1,
    "missing date": 1,
    "unreadable date": 1,
    "missing amount": 1,
    "unreadable amount": 1,
    "infinite or NaN amount": 1,
    "negative amount (returns)": 1,
    "zero amount": 1,
    "exact duplicate rows": 1,
    "repeated order id": 1,
    "date after as_of": 1,
    "usable rows": 7,  # 13 minus id, 2 dates, 2 amounts, inf
    "customers": 4,  # A1, B2, D4, E5
}


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(MESSY_CSV, encoding="utf-8")
    return path


def _report(con, **kw):
    return log_report(con, **kw).set_index("check")["rows"].astype(int).to_dict()


def test_report_counts_every_known_defect(messy):
    con = open_log(messy, columns=MAPPING)
    assert _report(con, as_of="2025-12-31") == EXPECTED


def test_nothing_dropped_without_being_counted(messy):
    con = open_log(messy, columns=MAPPING)
    got = _report(con)
    unusable = sum(
        got[k]
        for k in [
            "missing customer id",
            "missing date",
            "unreadable date",
            "missing amount",
            "unreadable amount",
            "infinite or NaN amount",
        ]
    )
    assert got["rows read"] - unusable == got["usable rows"]
    assert con.execute("SELECT count(*) FROM transactions_raw").fetchone()[0] == 13


def test_duplicates_drop_is_explicit_and_reported(messy):
    con = open_log(messy, columns=MAPPING, duplicates="drop")
    report = log_report(con).set_index("check")
    assert report.loc["usable rows", "rows"] == 6
    assert "removed" in report.loc["exact duplicate rows", "rule"]


def test_view_has_the_kit_names_and_types(messy):
    con = open_log(messy, columns=MAPPING, name="sales")
    cols = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE sales)").fetchall())
    assert cols["customer_id"] == "VARCHAR" and cols["revenue"] == "DOUBLE"
    assert cols["order_date"] == "TIMESTAMP" and "order_id" in cols


def test_a_parquet_folder_and_a_glob(tmp_path):
    tx = crmkit.load_dataset("transactions")
    folder = tmp_path / "export"
    folder.mkdir()
    write_parquet(tx[tx["order_date"] < "2024-07-01"], folder / "part-1.parquet")
    write_parquet(tx[tx["order_date"] >= "2024-07-01"], folder / "part-2.parquet")
    cols = {"customer_id": "customer_id", "date": "order_date", "amount": "revenue"}
    for source in (folder, folder / "*.parquet"):
        report = log_report(open_log(source, columns=cols)).set_index("check")["rows"]
        assert report["rows read"] == len(tx) == report["usable rows"]
        assert report["customers"] == tx["customer_id"].nunique()


def test_returned_flag_makes_the_amount_negative(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("c,d,a,r\n1,2025-01-01,10,false\n1,2025-01-02,10,true\n", encoding="utf-8")
    con = open_log(path, columns={"customer_id": "c", "date": "d", "amount": "a", "returned": "r"})
    rows = con.execute("SELECT revenue FROM transactions ORDER BY 1").fetchall()
    assert [v for (v,) in rows] == [-10, 10]


def test_zoned_parquet_keeps_the_wall_date_of_the_given_zone(tmp_path):
    stamps = pd.to_datetime(["2024-06-12 00:30"]).tz_localize("Asia/Shanghai")
    frame = pd.DataFrame({"c": [1], "d": stamps, "a": [5.0]})
    write_parquet(frame, tmp_path / "z.parquet")
    cols = {"customer_id": "c", "date": "d", "amount": "a"}
    con = open_log(tmp_path / "z.parquet", columns=cols, timezone="Asia/Shanghai")
    assert str(con.execute("SELECT order_date FROM transactions").fetchone()[0]) == (
        "2024-06-12 00:30:00"
    )


def test_cdnow_master_file_as_whitespace(tmp_path):
    pytest.importorskip("lifetimes")
    from crmkit.datasets import _lifetimes_cdnow

    cols = {"customer_id": "1", "date": "2", "quantity": "3", "amount": "4"}
    con = open_log(_lifetimes_cdnow(), columns=cols, file_format="whitespace")
    report = log_report(con).set_index("check")["rows"]
    cdnow = crmkit.load_cdnow()
    assert report["rows read"] == report["usable rows"] == len(cdnow)
    assert report["customers"] == cdnow["customer_id"].nunique() == 23570
    total = con.execute("SELECT sum(revenue) FROM transactions").fetchone()[0]
    assert total == pytest.approx(cdnow["revenue"].sum(), rel=1e-12)


# ---------------------------------------------------------------- bad files
def test_a_missing_column_names_the_file_the_column_and_the_columns_found(messy):
    with pytest.raises(ValueError, match=r"export.csv has no column 'amount' \(role 'amount'\)"):
        open_log(messy, columns={**MAPPING, "amount": "amount"})


def test_a_wrong_delimiter_is_named(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("c;d;a\n1;2025-01-01;3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"pass delimiter=';'"):
        open_log(path, columns={"customer_id": "c", "date": "d", "amount": "a"}, delimiter=",")
    con = open_log(path, columns={"customer_id": "c", "date": "d", "amount": "a"})  # sniffed
    assert con.execute("SELECT count(*) FROM transactions").fetchone()[0] == 1


def test_a_wrong_encoding_is_named_with_the_fix(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("c,d,a,city\n1,2025-01-01,3,Malm\xf6\n".encode("latin-1"))
    cols = {"customer_id": "c", "date": "d", "amount": "a"}
    with pytest.raises(ValueError, match=r"latin.csv as utf-8.*encoding='latin-1'"):
        log_report(open_log(path, columns=cols))
    con = open_log(path, columns=cols, encoding="latin-1")
    assert log_report(con).set_index("check").loc["usable rows", "rows"] == 1


def test_a_date_column_without_dates_is_refused(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("c,d,a\n1,31/01/2025,3\n2,28/02/2025,4\n", encoding="utf-8")
    cols = {"customer_id": "c", "date": "d", "amount": "a"}
    with pytest.raises(ValueError, match=r"column 'd' of .*d.csv does not hold dates.*date_format"):
        open_log(path, columns=cols)
    con = open_log(path, columns=cols, date_format="%d/%m/%Y")
    assert con.execute("SELECT min(order_date) FROM transactions").fetchone()[0].day == 31


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"columns": {"customer_id": "c", "date": "d"}}, r"missing role\(s\) \['amount'\]"),
        ({"columns": {"who": "c", "customer_id": "c", "date": "d", "amount": "a"}}, "unknown"),
        ({"columns": ["c", "d", "a"]}, "must be a dict"),
        ({"columns": MAPPING, "encoding": "cp1252"}, "'encoding' parameter"),
        ({"columns": MAPPING, "name": "x; DROP TABLE y"}, "'name' parameter"),
        ({"columns": MAPPING, "file_format": "xlsx"}, "'file_format' parameter"),
    ],
)
def test_bad_options(messy, kwargs, pattern):
    with pytest.raises((TypeError, ValueError), match=pattern):
        open_log(messy, **kwargs)


def test_no_file_matches(tmp_path):
    with pytest.raises(ValueError, match="matches no file"):
        open_log(tmp_path / "nothing-*.csv", columns=MAPPING)


def test_a_hostile_column_name_is_only_a_name(tmp_path):
    hostile = 'x") FROM t; DROP TABLE keep; --'
    path = tmp_path / "h.csv"
    path.write_text(f'c,d,"{hostile.replace(chr(34), chr(34) * 2)}"\n1,2025-01-01,3\n')
    con = open_log(path, columns={"customer_id": "c", "date": "d", "amount": hostile})
    con.execute("CREATE TABLE keep (i INTEGER)")
    assert log_report(con).set_index("check").loc["usable rows", "rows"] == 1
    assert con.execute("SELECT count(*) FROM keep").fetchone()[0] == 0


def test_a_report_on_an_unregistered_name(messy):
    con = open_log(messy, columns=MAPPING)
    with pytest.raises(ValueError, match="call open_log first"):
        log_report(con, name="other")
