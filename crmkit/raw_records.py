"""Messy raw customer records (原始客户记录) made from a world, with their clean truth.

:func:`make_raw_records` writes each customer of a world the way questionnaires, reply
cards and staff forms would: dates in five formats, phones with spaces and country codes,
region aliases, full-width digits, typing slips and a second record for some customers.
The clean values come back beside them, so that :mod:`crmkit.cleaning` can be scored.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._checks import check_seed as _check_seed
from crmkit.cleaning import REGION_ALIASES

__all__ = ["make_raw_records"]

_SOURCES = ("questionnaire", "reply_card", "staff_form")

_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo "
    "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng"
).split()
_GIVEN = (
    "Wei Fang Na Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Tao Ming Chao Xiu Xia Ping "
    "Gang Hui Hong Bo Dan Kai Lan Ning Rui Shan Ting Xin Yu Zhen Hao Jian Lin Mei Qing "
    "Song Wen Xuan Yi Ying Yun Zhi Bin Chen Dong Feng Hua"
).split()


# --------------------------------------------------------------------------------------
# messy raw records
# --------------------------------------------------------------------------------------
def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "0" <= ch <= "9" else ch for ch in text)


def _write_date(d: pd.Timestamp, style: int) -> str:
    if style == 0:
        return f"{d.year}-{d.month:02d}-{d.day:02d}"
    if style == 1:
        return f"{d.year}/{d.month}/{d.day}"
    if style == 2:
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == 3:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.year}{d.month:02d}{d.day:02d}"


def _write_phone(p: str, style: int) -> str:
    if style == 0:
        return p
    if style == 1:
        return f"{p[:3]} {p[3:7]} {p[7:]}"
    if style == 2:
        return f"{p[:3]}-{p[3:7]}-{p[7:]}"
    if style == 3:
        return f"+86 {p[:3]} {p[3:7]} {p[7:]}"
    return f"86-{p}"


def _write_region(r: str, rng: np.random.Generator) -> str:
    aliases = [a for a, n in REGION_ALIASES.items() if n == r]
    pick = aliases[int(rng.integers(len(aliases)))]
    form = int(rng.integers(3))
    if pick.isascii():
        pick = (pick.title(), pick.upper(), pick)[form]
    return pick


def _typo(name: str, rng: np.random.Generator) -> str:
    """One small typing slip: a letter dropped, doubled or two neighbours swapped."""
    letters = list(name)
    positions = [i for i in range(1, len(letters) - 1) if letters[i] != " "]
    i = positions[int(rng.integers(len(positions)))]
    kind = int(rng.integers(3))
    if kind == 0:
        del letters[i]
    elif kind == 1:
        letters.insert(i, letters[i])
    elif letters[i + 1] != " ":
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        del letters[i]
    return "".join(letters)


def make_raw_records(
    customers: Any,
    *,
    seed: int = 2026,
    duplicate_rate: float = 0.06,
    missing_rate: float = 0.03,
    messy_rate: float = 0.6,
    garbled_rate: float = 0.01,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Messy raw customer records, as typed from questionnaires, reply cards and forms.

    Each customer of the world gets a name and a mobile number (made up here, from
    ``seed``) and one raw record; a share of customers get a second record from another
    source, with a small typing slip in the name and the fields written differently. The
    records are shuffled and numbered. The clean values are kept in ``truth``, so that a
    cleaning can be scored with :func:`cleaning_score`.

    Parameters
    ----------
    customers : World or pandas.DataFrame
        A :class:`crmkit.world.World` or its ``customers`` table (columns
        ``customer_id``, ``region``, ``signup_date``).
    seed : int, default 2026
        Seed of the one random generator used (a non-negative whole number).
    duplicate_rate : float, default 0.06
        Share of customers (0 to 1) who get a second, slightly different record.
    missing_rate : float, default 0.03
        Chance (0 to 1) that a phone, region or date is left blank on a record.
    messy_rate : float, default 0.6
        Chance (0 to 1) that a value is written in a non-standard way (other date
        formats, spaces and dashes in phones, region aliases, full-width digits, stray
        spaces, lower or upper case names).
    garbled_rate : float, default 0.01
        Chance (0 to 1) that a phone loses its last digit, or a date is written
        day/month/year with slashes, which no cleaning rule may read.

    Returns
    -------
    raw : pandas.DataFrame
        One row per record: ``record_id`` int64 (1..n, in shuffled order), ``source``
        str (questionnaire, reply_card, staff_form) and the text fields ``name``,
        ``phone``, ``region``, ``signup_date`` (str, missing where left blank).
    truth : pandas.DataFrame
        One row per record with the same ``record_id``: ``customer_id`` int64 (the
        customer the record belongs to), ``name`` str, ``phone`` str (11 digits),
        ``region`` str and ``signup_date`` datetime64, all clean, and ``duplicate``
        bool (True for a customer's second record).

    Raises
    ------
    ValueError
        If a rate is not a number from 0 to 1, or a column is missing.

    Examples
    --------
    >>> raw, truth = make_raw_records(crmkit.load_dataset("customers"))  # doctest: +SKIP
    """
    func = "make_raw_records"
    if hasattr(customers, "customers") and not isinstance(customers, pd.DataFrame):
        customers = customers.customers
    customers = _check_frame(customers, "customers", func)
    _check_columns(customers, ["customer_id", "region", "signup_date"], "customers", func)
    for name, value in (
        ("duplicate_rate", duplicate_rate),
        ("missing_rate", missing_rate),
        ("messy_rate", messy_rate),
        ("garbled_rate", garbled_rate),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(
                f"The '{name}' parameter of {func} must be a number from 0 to 1. "
                f"Got {value!r} instead."
            )
    rng = np.random.default_rng(_check_seed(seed, "seed", func))
    n = len(customers)
    ids = customers["customer_id"].to_numpy(dtype="int64")
    names = [
        f"{_SURNAMES[a]} {_GIVEN[b]}"
        for a, b in zip(
            rng.integers(len(_SURNAMES), size=n), rng.integers(len(_GIVEN), size=n), strict=True
        )
    ]
    prefixes = np.array([130, 131, 132, 135, 136, 137, 138, 139, 150, 151, 158, 186, 188, 199])
    numbers = rng.choice(10**8, size=n, replace=False)
    phones = [f"{p}{x:08d}" for p, x in zip(rng.choice(prefixes, size=n), numbers, strict=True)]
    clean = pd.DataFrame(
        {
            "customer_id": ids,
            "name": names,
            "phone": phones,
            "region": customers["region"].astype("str").to_numpy(),
            "signup_date": pd.to_datetime(customers["signup_date"]).dt.normalize().to_numpy(),
        }
    )
    dup = rng.random(n) < duplicate_rate
    truth = pd.concat(
        [clean.assign(duplicate=False), clean[dup].assign(duplicate=True)], ignore_index=True
    )
    m = len(truth)
    order = rng.permutation(m)
    truth = truth.iloc[order].reset_index(drop=True)
    truth.insert(0, "record_id", np.arange(1, m + 1, dtype="int64"))

    messy = rng.random((m, 5)) < messy_rate
    blank = rng.random((m, 3)) < missing_rate
    styles = rng.integers(1, 5, size=(m, 2))
    width = (rng.random((m, 2)) < 0.25) & messy[:, [1, 3]]  # full-width digits
    name_form = rng.integers(3, size=m)
    garbled = rng.random((m, 2)) < garbled_rate
    out_names, out_phones, out_regions, out_dates = [], [], [], []
    for i, row in enumerate(truth.itertuples(index=False)):
        nm = _typo(row.name, rng) if row.duplicate else row.name
        if messy[i, 0]:
            nm = (f"  {nm}", nm.lower(), nm.upper().replace(" ", "  "))[name_form[i]]
        out_names.append(nm)
        ph = _write_phone(row.phone, int(styles[i, 0])) if messy[i, 1] else row.phone
        if garbled[i, 0]:  # a digit lost in typing: no rule can read it
            ph = ph[:-1]
        out_phones.append(None if blank[i, 0] else (_fullwidth(ph) if width[i, 0] else ph))
        rg = _write_region(row.region, rng) if messy[i, 2] else row.region
        out_regions.append(None if blank[i, 1] else (f"{rg} " if messy[i, 4] else rg))
        dt = _write_date(row.signup_date, int(styles[i, 1]) if messy[i, 3] else 0)
        if garbled[i, 1]:  # day and month with slashes: 05/06/2024 could be either
            dt = f"{row.signup_date.day:02d}/{row.signup_date.month:02d}/{row.signup_date.year}"
        out_dates.append(None if blank[i, 2] else (_fullwidth(dt) if width[i, 1] else dt))
    raw = pd.DataFrame(
        {
            "record_id": truth["record_id"].to_numpy(),
            "source": pd.Series(np.asarray(_SOURCES)[rng.integers(3, size=m)], dtype="str"),
            "name": pd.Series(out_names, dtype="str"),
            "phone": pd.Series(out_phones, dtype="str"),
            "region": pd.Series(out_regions, dtype="str"),
            "signup_date": pd.Series(out_dates, dtype="str"),
        }
    )
    truth = truth.astype({"name": "str", "phone": "str", "region": "str"})
    return raw, truth
