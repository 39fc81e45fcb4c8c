"""Chapter 7, the customer database (客户数据库): messy records, cleaning, DuckDB and SQL.

A facade: the chapter's names in one place, each defined in the module of its technique.

==========================  ==================================  =========================
name                        what it does                        defined in
==========================  ==================================  =========================
:func:`make_raw_records`    messy raw records from a world      :mod:`crmkit.raw_records`
:func:`clean_text`          full-width characters, spaces, case :mod:`crmkit.cleaning`
:func:`clean_dates`         one date type from five formats     :mod:`crmkit.cleaning`
:func:`clean_phones`        11-digit mobile numbers             :mod:`crmkit.cleaning`
:func:`clean_regions`       one region name from its aliases    :mod:`crmkit.cleaning`
:func:`deduplicate`         one row per customer                :mod:`crmkit.cleaning`
:func:`clean_records`       all the steps, one log              :mod:`crmkit.cleaning`
:func:`cleaning_score`      cleaned records against the truth   :mod:`crmkit.cleaning`
:func:`connect`             tables into DuckDB with keys        :mod:`crmkit.sql`
:func:`insert_frame`        more rows, refused whole if bad     :mod:`crmkit.sql`
:func:`query`               a named query or any SQL            :mod:`crmkit.sql`
:data:`SIX_USES`            six uses of a customer database     :mod:`crmkit.sql`
:func:`rfm_sql`             RFM summary and scores as SQL       :mod:`crmkit.rfm_sql`
:func:`compare_rfm`         SQL RFM beside the pandas RFM       :mod:`crmkit.rfm_sql`
==========================  ==================================  =========================
"""

from __future__ import annotations

from crmkit.cleaning import (
    LOG_COLUMNS,
    RAW_COLUMNS,
    REGION_ALIASES,
    clean_dates,
    clean_phones,
    clean_records,
    clean_regions,
    clean_text,
    cleaning_score,
    deduplicate,
)
from crmkit.raw_records import make_raw_records
from crmkit.rfm_sql import compare_rfm, rfm_sql
from crmkit.sql import QUERIES, SCHEMA, SIX_USES, connect, insert_frame, query, quote_identifier

__all__ = [
    "LOG_COLUMNS",
    "QUERIES",
    "RAW_COLUMNS",
    "REGION_ALIASES",
    "SCHEMA",
    "SIX_USES",
    "clean_dates",
    "clean_phones",
    "clean_records",
    "clean_regions",
    "clean_text",
    "cleaning_score",
    "compare_rfm",
    "connect",
    "deduplicate",
    "insert_frame",
    "make_raw_records",
    "query",
    "quote_identifier",
    "rfm_sql",
]
