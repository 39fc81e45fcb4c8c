"""The customer database (客户数据库): messy raw records, cleaning, DuckDB and SQL.

A firm's first customer records are questionnaires, reply cards and forms written by its
own staff, each in its own format. Before they enter a database they are classified and
tidied (第八章 客户关系管理, 第三节 客户数据库与客户挖掘). This module follows that path:

==========================  ===========================================================
:func:`make_raw_records`    messy raw customer records from a world, with the clean truth
:func:`clean_text`          full-width characters, stray spaces, letter case
:func:`clean_dates`         one date type from five written formats
:func:`clean_phones`        11-digit mobile numbers from spaces, dashes and +86
:func:`clean_regions`       one region name from Chinese, English and abbreviations
:func:`deduplicate`         one row per customer, by a documented matching rule
:func:`clean_records`       all the steps in order, with one tidy log
:func:`cleaning_score`      how close a cleaned (or raw) frame is to the truth
:func:`connect`             tables into an in-memory DuckDB with types and keys
:func:`insert_frame`        more rows into a table, refused whole if one breaks a rule
:func:`query`               run a named query of :data:`QUERIES` (or any SQL)
:func:`rfm_sql`             the SQL text of an RFM summary and quintile scores
:func:`compare_rfm`         SQL RFM next to :mod:`crmkit.rfm`'s pandas result
:data:`SIX_USES`            the six uses of a customer database, each with a query
==========================  ===========================================================

Every cleaning function returns ``(frame, log)``: the frame keeps every row it was given
(:func:`deduplicate` is the one step that removes rows, and it logs each one), and the
log has one row per value changed, with columns ``step``, ``record_id``, ``column``,
``before``, ``after`` and ``action`` (``"changed"``, ``"unreadable"`` = set to missing
because no rule could read it, or ``"merged"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._checks import check_one_of as _check_choice

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
    "rfm_sql",
]

#: Columns of a raw record (all text except ``record_id``).
RAW_COLUMNS = ["record_id", "source", "name", "phone", "region", "signup_date"]
#: Columns of every cleaning log.
LOG_COLUMNS = ["step", "record_id", "column", "before", "after", "action"]
_FIELDS = ["name", "phone", "region", "signup_date"]
_REGIONS = ("North", "East", "South", "West", "Central")
_SOURCES = ("questionnaire", "reply_card", "staff_form")

#: Every spelling of a region the cleaner understands (compared after :func:`clean_text`
#: and lower-casing) -> the region's one name.
REGION_ALIASES: dict[str, str] = {}
for _name, _aliases in {
    "North": ["north", "n", "north china", "northern", "华北", "北区", "北"],
    "East": ["east", "e", "east china", "eastern", "华东", "东区", "东"],
    "South": ["south", "s", "south china", "southern", "华南", "南区", "南"],
    "West": ["west", "w", "west china", "western", "华西", "西区", "西", "西部"],
    "Central": ["central", "c", "ctr", "central china", "华中", "中区", "中部"],
}.items():
    for _alias in _aliases:
        REGION_ALIASES[_alias] = _name
del _name, _aliases, _alias

_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo "
    "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng"
).split()
_GIVEN = (
    "Wei Fang Na Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Tao Ming Chao Xiu Xia Ping "
    "Gang Hui Hong Bo Dan Kai Lan Ning Rui Shan Ting Xin Yu Zhen Hao Jian Lin Mei Qing "
    "Song Wen Xuan Yi Ying Yun Zhi Bin Chen Dong Feng Hua"
).split()


def _empty_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "step": pd.Series(dtype="str"),
            "record_id": pd.Series(dtype="int64"),
            "column": pd.Series(dtype="str"),
            "before": pd.Series(dtype="str"),
            "after": pd.Series(dtype="str"),
            "action": pd.Series(dtype="str"),
        }
    )


def _as_text(s: pd.Series) -> pd.Series:
    """Values as strings for the log; missing stays missing."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.strftime("%Y-%m-%d").astype("str")
    return s.astype("str").where(s.notna())


def _log(step: str, frame: pd.DataFrame, column: str, before: pd.Series, after: pd.Series):
    """One log row per value that changed (missing -> missing is no change)."""
    b, a = _as_text(before), _as_text(after)
    changed = ~((b == a).fillna(False) | (b.isna() & a.isna()))
    if not changed.any():
        return _empty_log()
    action = np.where(a[changed].isna() & b[changed].notna(), "unreadable", "changed")
    return pd.DataFrame(
        {
            "step": step,
            "record_id": frame.loc[changed, "record_id"].to_numpy(dtype="int64"),
            "column": column,
            "before": b[changed].to_numpy(),
            "after": a[changed].to_numpy(),
            "action": action,
        }
    ).astype({"step": "str", "column": "str", "before": "str", "after": "str", "action": "str"})


def _check_records(raw: Any, name: str, func: str, columns: list[str]) -> pd.DataFrame:
    frame = _check_frame(raw, name, func)
    _check_columns(frame, ["record_id", *columns], name, func)
    ids = frame["record_id"]
    if not pd.api.types.is_integer_dtype(ids.dtype) or pd.api.types.is_bool_dtype(ids.dtype):
        raise ValueError(
            f"The 'record_id' column passed to {func} must hold integers. Got dtype "
            f"{ids.dtype} instead; pass the output of make_raw_records."
        )
    if not ids.is_unique:
        raise ValueError(
            f"The 'record_id' column passed to {func} must identify each record once. Got "
            f"{int(ids.duplicated().sum())} repeated id(s) instead; renumber the records."
        )
    return frame


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
        Seed of the one random generator used.
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
    rng = np.random.default_rng(seed)
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


# --------------------------------------------------------------------------------------
# cleaning steps
# --------------------------------------------------------------------------------------
def _text_values(s: pd.Series) -> pd.Series:
    def fix(v: Any) -> Any:
        if not isinstance(v, str):
            return v
        v = unicodedata.normalize("NFKC", v)  # full-width digits, letters, spaces -> ASCII
        v = " ".join(v.split())  # stray spaces: strip, and one space between words
        return v if v else None

    return pd.Series([fix(v) for v in s], index=s.index, dtype="str")


def clean_text(raw: pd.DataFrame, *, columns: list[str] | None = None) -> tuple:
    """Normalise text: full-width characters, stray whitespace, and the case of names.

    Unicode NFKC normalisation turns full-width digits and letters (全角, such as
    ``"１３８"``) into ordinary ones; leading, trailing and repeated spaces are removed;
    an empty string becomes missing; and the ``name`` column (when cleaned) is put in
    title case ("WANG  FANG" -> "Wang Fang").

    Parameters
    ----------
    raw : pandas.DataFrame
        Records with a unique integer ``record_id`` and text columns.
    columns : list of str, optional
        The text columns to clean. Default: every column of :data:`RAW_COLUMNS` except
        ``record_id`` that ``raw`` has. Columns that do not hold text (such as a
        ``signup_date`` already read by :func:`clean_dates`) are left as they are.

    Returns
    -------
    frame : pandas.DataFrame
        ``raw`` with the columns cleaned (same rows, same order).
    log : pandas.DataFrame
        One row per value changed (:data:`LOG_COLUMNS`), step ``"text"``.

    Raises
    ------
    ValueError
        If ``raw`` is empty, lacks ``record_id`` or a named column, or repeats an id.
    """
    func = "clean_text"
    if columns is None:
        columns = [c for c in RAW_COLUMNS[1:] if isinstance(raw, pd.DataFrame) and c in raw]
    frame = _check_records(raw, "raw", func, list(columns))
    out = frame.copy()
    logs = []
    for col in columns:
        dtype = frame[col].dtype
        if not (pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype)):
            continue  # already typed (dates read by clean_dates, numbers): not text
        new = _text_values(frame[col])
        if col == "name":
            new = new.str.title()
        out[col] = new
        logs.append(_log("text", frame, col, frame[col], new))
    return out, _concat(logs)


def _concat(logs: list[pd.DataFrame]) -> pd.DataFrame:
    logs = [g for g in logs if len(g)]
    return pd.concat(logs, ignore_index=True) if logs else _empty_log()


_DATE_RULES = (  # (pattern, order of the groups) tried in turn on the cleaned text
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"), "ymd"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "dmy"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
)


def _parse_date(v: Any) -> pd.Timestamp:
    if not isinstance(v, str):
        return pd.NaT
    v = unicodedata.normalize("NFKC", v).strip()
    for pattern, order in _DATE_RULES:
        match = pattern.match(v)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return pd.Timestamp(year=parts["y"], month=parts["m"], day=parts["d"])
            except ValueError:  # such as 2024-02-30
                return pd.NaT
    return pd.NaT


def clean_dates(raw: pd.DataFrame, *, column: str = "signup_date") -> tuple:
    """Read dates written in five ways into one ``datetime64`` column.

    Rules, tried in order on the text (full-width digits first made ordinary):

    * year first with ``-``, ``/``, ``.`` or 年/月/日: ``2024-05-29``, ``2024/5/29``,
      ``2024年5月29日``;
    * day first with dots, the European way: ``29.05.2024``;
    * eight digits, year first: ``20240529``.

    A value no rule reads, or a date that does not exist (``2024-02-30``), becomes
    missing (NaT) and is logged as ``"unreadable"``: never guessed. Day-first with
    slashes (``05/06/2024``) is deliberately not a rule, because it cannot be told apart
    from month-first.

    Parameters
    ----------
    raw : pandas.DataFrame
        Records with a unique integer ``record_id``.
    column : str, default "signup_date"
        The column holding the dates as text (a datetime64 column is left as it is).

    Returns
    -------
    frame : pandas.DataFrame
        ``raw`` with ``column`` as ``datetime64[us]``.
    log : pandas.DataFrame
        One row per value whose text was not already ``YYYY-MM-DD``, step ``"dates"``.

    Raises
    ------
    ValueError
        If ``raw`` is empty, lacks ``record_id`` or ``column``, or repeats an id.
    """
    frame = _check_records(raw, "raw", "clean_dates", [column])
    before = frame[column]
    if pd.api.types.is_datetime64_any_dtype(before.dtype):
        return frame.copy(), _empty_log()
    parsed = pd.Series([_parse_date(v) for v in before], index=frame.index, dtype="datetime64[us]")
    out = frame.copy()
    out[column] = parsed
    return out, _log("dates", frame, column, before, parsed)


def _parse_phone(v: Any) -> Any:
    if not isinstance(v, str):
        return None
    digits = re.sub(r"[\s\-().]", "", unicodedata.normalize("NFKC", v))
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix) :]
            break
    return digits if re.fullmatch(r"1\d{10}", digits) else None


def clean_phones(raw: pd.DataFrame, *, column: str = "phone") -> tuple:
    """Bring mobile numbers to 11 plain digits.

    Full-width digits are made ordinary, spaces, dashes, dots and brackets removed, and a
    country code ``+86``, ``0086`` or ``86`` in front of 11 digits dropped. What is left
    must be a Chinese mobile number (11 digits starting with 1); anything else becomes
    missing and is logged as ``"unreadable"``.

    Parameters
    ----------
    raw : pandas.DataFrame
        Records with a unique integer ``record_id``.
    column : str, default "phone"
        The column holding the phone numbers as text.

    Returns
    -------
    frame : pandas.DataFrame
        ``raw`` with ``column`` as str (11 digits) or missing.
    log : pandas.DataFrame
        One row per value changed, step ``"phones"``.

    Raises
    ------
    ValueError
        If ``raw`` is empty, lacks ``record_id`` or ``column``, or repeats an id.

    Examples
    --------
    >>> raw = pd.DataFrame({"record_id": [1, 2], "phone": ["+86 138 1234 5678", "1381234567"]})
    >>> clean, log = clean_phones(raw)
    >>> clean["phone"].tolist()
    ['13812345678', nan]
    >>> log[["record_id", "action"]]
       record_id      action
    0          1     changed
    1          2  unreadable
    """
    frame = _check_records(raw, "raw", "clean_phones", [column])
    new = pd.Series([_parse_phone(v) for v in frame[column]], index=frame.index, dtype="str")
    out = frame.copy()
    out[column] = new
    return out, _log("phones", frame, column, frame[column], new)


def clean_regions(
    raw: pd.DataFrame, *, column: str = "region", aliases: Mapping[str, str] | None = None
) -> tuple:
    """Map every spelling of a region to its one name (North, East, South, West, Central).

    The text is made ordinary (full-width, spaces), lower-cased and looked up in
    ``aliases``: "华东", "E", "east china" and "EAST " all become "East". A spelling not
    in the table becomes missing and is logged as ``"unreadable"``; add it to the table
    rather than guess.

    Parameters
    ----------
    raw : pandas.DataFrame
        Records with a unique integer ``record_id``.
    column : str, default "region"
        The column holding the regions as text.
    aliases : dict, optional
        Lower-case spelling -> region name. Default :data:`REGION_ALIASES`.

    Returns
    -------
    frame : pandas.DataFrame
        ``raw`` with ``column`` as str.
    log : pandas.DataFrame
        One row per value changed, step ``"regions"``.

    Raises
    ------
    ValueError
        If ``raw`` is empty, lacks ``record_id`` or ``column``, or repeats an id, or
        ``aliases`` is not a dict of strings.
    """
    func = "clean_regions"
    frame = _check_records(raw, "raw", func, [column])
    table = REGION_ALIASES if aliases is None else aliases
    if not isinstance(table, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise ValueError(
            f"The 'aliases' parameter of {func} must be a dict of str -> str, such as "
            f"{{'华东': 'East'}}. Got {aliases!r} instead."
        )
    keys = _text_values(frame[column]).str.lower()
    new = pd.Series([table.get(k) if isinstance(k, str) else None for k in keys], dtype="str")
    new.index = frame.index
    out = frame.copy()
    out[column] = new
    return out, _log("regions", frame, column, frame[column], new)


def _components(n: int, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Union-find: the smallest position in each connected group of positions."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(i) for i in range(n)], dtype=np.int64)


def deduplicate(clean: pd.DataFrame) -> tuple:
    """Keep one row per customer: merge records that share a phone, or a name and date.

    The rule (a documented choice, not the only possible one):

    1. two records with the same (cleaned, non-missing) ``phone`` are one customer;
    2. a record *without* a phone is the same customer as another record with the same
       ``name``, ``signup_date`` and ``region`` (all non-missing);
    3. matches chain: if A matches B and B matches C, all three are one customer.

    Of each group the record with the smallest ``record_id`` is kept; a blank field of
    the kept record is filled from the other records, in ``record_id`` order. Names are
    not matched on their own, because different customers share names, and a typing slip
    in a name ("Wang Fnag") defeats rule 2; such duplicates stay and are counted by
    :func:`cleaning_score`.

    Parameters
    ----------
    clean : pandas.DataFrame
        Records after the other cleaning steps: ``record_id``, ``name``, ``phone``,
        ``region``, ``signup_date``.

    Returns
    -------
    frame : pandas.DataFrame
        One row per customer group, sorted by ``record_id``.
    log : pandas.DataFrame
        One row per record removed (action ``"merged"``, column ``"record_id"``,
        ``before`` = its id, ``after`` = the id it was merged into), and one row per
        blank field filled (action ``"filled"``).

    Raises
    ------
    ValueError
        If ``clean`` is empty, lacks a column, or repeats a ``record_id``.
    """
    frame = _check_records(clean, "clean", "deduplicate", _FIELDS)
    frame = frame.sort_values("record_id", ignore_index=True)
    n = len(frame)
    pairs: list[tuple[int, int]] = []
    phone = frame["phone"]
    has = phone.notna()
    for _, pos in frame.index[has].groupby(phone[has].to_numpy()).items():
        pairs += [(int(pos[0]), int(p)) for p in pos[1:]]
    key = ["name", "signup_date", "region"]
    full = frame[key].notna().all(axis=1)
    if full.any() and (~has).any():
        groups = frame[full].groupby(key, sort=False).indices
        for pos in groups.values():
            pos = frame.index[full][pos]
            if len(pos) > 1 and (~has[pos]).any():
                pairs += [(int(pos[0]), int(p)) for p in pos[1:]]
    root = _components(n, pairs)
    logs = []
    out = frame.copy()
    merged = root != np.arange(n)
    if merged.any():
        for col in [c for c in frame.columns if c != "record_id"]:
            first = frame[col].groupby(root).first()  # first non-missing, record_id order
            filled = out[col].isna() & ~merged & first.reindex(root).notna().to_numpy()
            if filled.any():
                new = out[col].copy()
                new[filled] = first.reindex(root[filled.to_numpy()]).to_numpy()
                log = _log("dedup", frame[filled], col, out.loc[filled, col], new[filled])
                logs.append(log.assign(action="filled"))
                out[col] = new
        logs.append(
            pd.DataFrame(
                {
                    "step": "dedup",
                    "record_id": frame["record_id"].to_numpy()[merged],
                    "column": "record_id",
                    "before": frame["record_id"].astype("str").to_numpy()[merged],
                    "after": frame["record_id"].astype("str").to_numpy()[root[merged]],
                    "action": "merged",
                }
            ).astype({c: "str" for c in LOG_COLUMNS if c != "record_id"})
        )
    out = out[~merged].reset_index(drop=True)
    return out, _concat(logs)


def clean_records(raw: pd.DataFrame) -> tuple:
    """Run every cleaning step in order: text, dates, phones, regions, deduplicate.

    Parameters
    ----------
    raw : pandas.DataFrame
        Raw records with the columns of :data:`RAW_COLUMNS` (``source`` is optional).

    Returns
    -------
    frame : pandas.DataFrame
        One row per customer found, ``signup_date`` as datetime64, other fields str.
    log : pandas.DataFrame
        The steps' logs one after another (:data:`LOG_COLUMNS`); a count of what each
        step did is ``log.groupby(["step", "action"]).size()``.

    Raises
    ------
    ValueError
        If ``raw`` is empty, lacks a column of :data:`RAW_COLUMNS` or repeats an id.
    """
    frame = _check_records(raw, "raw", "clean_records", _FIELDS)
    logs = []
    frame, log = clean_text(frame)
    logs.append(log)
    for step in (clean_dates, clean_phones, clean_regions, deduplicate):
        frame, log = step(frame)
        logs.append(log)
    return frame, _concat(logs)


def cleaning_score(records: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Score records (raw or cleaned) against the truth of :func:`make_raw_records`.

    Each field of each record is compared with the true value of the customer the record
    belongs to, both written the standard way (dates as ``YYYY-MM-DD``, phones as 11
    digits, regions and names as in the truth). The last row asks whether each customer
    is now one row.

    Parameters
    ----------
    records : pandas.DataFrame
        Records with ``record_id`` (ids of the truth) and the fields ``name``, ``phone``,
        ``region``, ``signup_date``, e.g. the raw records or the output of
        :func:`clean_records`.
    truth : pandas.DataFrame
        The ``truth`` returned by :func:`make_raw_records`.

    Returns
    -------
    pandas.DataFrame
        One row per ``check`` (the four fields, then ``"one row per customer"``), with
        int64 ``correct``, ``wrong``, ``missing``, ``total`` and float64 ``share_correct``.
        For a field: values equal to the truth, different from it, and blank, out of the
        records given. For ``"one row per customer"``: customers with exactly one row,
        with more than one (duplicates left), with none (merged into another customer by
        mistake), out of the customers in the truth.

    Raises
    ------
    ValueError
        If a column is missing, or ``records`` has a ``record_id`` the truth lacks.
    """
    func = "cleaning_score"
    recs = _check_records(records, "records", func, _FIELDS)
    truth = _check_records(truth, "truth", func, ["customer_id", *_FIELDS])
    unknown = ~recs["record_id"].isin(truth["record_id"])
    if unknown.any():
        raise ValueError(
            f"The 'records' passed to {func} have {int(unknown.sum())} record_id(s) that "
            "the 'truth' lacks. Score records against the truth they were made with."
        )
    true = truth.set_index("record_id").loc[recs["record_id"]]
    rows = []
    for col in _FIELDS:
        got = _as_text(recs[col]).reset_index(drop=True)
        want = _as_text(true[col]).reset_index(drop=True)
        missing = int(got.isna().sum())
        correct = int((got == want).fillna(False).sum())
        rows.append((col, correct, len(got) - correct - missing, missing, len(got)))
    per_customer = true["customer_id"].value_counts()
    all_customers = truth["customer_id"].nunique()
    once = int((per_customer == 1).sum())
    more = int((per_customer > 1).sum())
    rows.append(("one row per customer", once, more, all_customers - once - more, all_customers))
    out = pd.DataFrame(rows, columns=["check", "correct", "wrong", "missing", "total"])
    out = out.astype({"check": "str"})
    out["share_correct"] = out["correct"] / out["total"]
    return out


# --------------------------------------------------------------------------------------
# DuckDB
# --------------------------------------------------------------------------------------
_CHECK_IN = "CHECK ({col} IN ({values}))"


def _in(col: str, values: tuple[str, ...]) -> str:
    return _CHECK_IN.format(col=col, values=", ".join(f"'{v}'" for v in values))


_LIKERT = ", ".join(
    f"{c}_{k} TINYINT NOT NULL CHECK ({c}_{k} BETWEEN 1 AND 7)"
    for c in (
        "satisfaction value trust care purchase_cost switching_cost cognitive affective behavioural"
    ).split()
    for k in (1, 2, 3)
)
_REASONS = ("quality", "price", "delivery", "staff_attitude", "indifference")

#: Table name -> CREATE TABLE statement, in an order where every table comes after the
#: tables it refers to. Money is DECIMAL(14, 2): exact yuan and fen, so sums do not
#: depend on the order rows are added in.
SCHEMA: dict[str, str] = {
    "customers": f"""CREATE TABLE customers (
    customer_id      INTEGER PRIMARY KEY,
    signup_date      DATE NOT NULL,
    region           VARCHAR NOT NULL {_in("region", _REGIONS)},
    customer_type    VARCHAR NOT NULL {_in("customer_type", ("consumer", "business"))},
    channel          VARCHAR NOT NULL
                     {_in("channel", ("online", "store", "referral", "sales_team"))},
    status           VARCHAR NOT NULL {_in("status", ("direct", "indirect", "potential"))},
    acquisition_cost DECIMAL(14, 2) NOT NULL CHECK (acquisition_cost >= 0),
    care_tier        VARCHAR NOT NULL {_in("care_tier", ("ordinary", "silver", "gold"))}
)""",
    "products": """CREATE TABLE products (
    product_id          INTEGER PRIMARY KEY,
    product_name        VARCHAR NOT NULL,
    category            VARCHAR NOT NULL,
    list_price          DECIMAL(14, 2) NOT NULL CHECK (list_price >= 0),
    unit_cost           DECIMAL(14, 2) NOT NULL CHECK (unit_cost >= 0),
    avg_inventory_units DOUBLE NOT NULL CHECK (avg_inventory_units >= 0)
)""",
    "orders": """CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
    order_date  DATE NOT NULL
)""",
    "order_lines": """CREATE TABLE order_lines (
    order_id          INTEGER NOT NULL REFERENCES orders (order_id),
    line_no           INTEGER NOT NULL,
    product_id        INTEGER NOT NULL REFERENCES products (product_id),
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_price        DECIMAL(14, 2) NOT NULL,
    unit_cost         DECIMAL(14, 2) NOT NULL,
    returned_quantity INTEGER NOT NULL CHECK (returned_quantity BETWEEN 0 AND quantity),
    PRIMARY KEY (order_id, line_no)
)""",
    "transactions": """CREATE TABLE transactions (
    order_id      INTEGER PRIMARY KEY REFERENCES orders (order_id),
    customer_id   INTEGER NOT NULL REFERENCES customers (customer_id),
    order_date    DATE NOT NULL,
    revenue       DECIMAL(14, 2) NOT NULL,
    gross_revenue DECIMAL(14, 2) NOT NULL,
    cost          DECIMAL(14, 2) NOT NULL,
    margin        DECIMAL(14, 2) NOT NULL,
    items         INTEGER NOT NULL
)""",
    "survey": f"""CREATE TABLE survey (
    customer_id  INTEGER PRIMARY KEY REFERENCES customers (customer_id),
    survey_date  DATE NOT NULL,
    {_LIKERT},
    overall_satisfaction TINYINT NOT NULL CHECK (overall_satisfaction BETWEEN 1 AND 10),
    recommend    TINYINT NOT NULL CHECK (recommend BETWEEN 0 AND 10)
)""",
    "contacts": f"""CREATE TABLE contacts (
    contact_id   INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (customer_id),
    contact_date DATE NOT NULL,
    kind         VARCHAR NOT NULL {_in("kind", ("inquiry", "complaint"))},
    reason       VARCHAR {_in("reason", _REASONS)},
    resolved     BOOLEAN NOT NULL
)""",
    "exits": f"""CREATE TABLE exits (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (customer_id),
    exit_date   DATE NOT NULL,
    exit_reason VARCHAR NOT NULL {_in("exit_reason", (*_REASONS, "moved"))}
)""",
    "mailing": """CREATE TABLE mailing (
    customer_id      INTEGER PRIMARY KEY REFERENCES customers (customer_id),
    mail_date        DATE NOT NULL,
    responded        BOOLEAN NOT NULL,
    response_revenue DECIMAL(14, 2) NOT NULL CHECK (response_revenue >= 0)
)""",
    "branches": f"""CREATE TABLE branches (
    branch_id          INTEGER NOT NULL,
    region             VARCHAR NOT NULL {_in("region", _REGIONS)},
    year               INTEGER NOT NULL,
    satisfaction_index DOUBLE NOT NULL CHECK (satisfaction_index BETWEEN 0 AND 100),
    retention_rate     DOUBLE NOT NULL CHECK (retention_rate BETWEEN 0 AND 1),
    revenue            DOUBLE NOT NULL,
    cost               DOUBLE NOT NULL,
    profit             DOUBLE NOT NULL,
    PRIMARY KEY (branch_id, year)
)""",
}
_PARENTS = {
    "orders": ["customers"],
    "order_lines": ["orders", "products"],
    "transactions": ["orders", "customers"],
    "survey": ["customers"],
    "contacts": ["customers"],
    "exits": ["customers"],
    "mailing": ["customers"],
}


def connect(world_or_tables: Any, *, tables: list[str] | None = None) -> Any:
    """Load tables into a new in-memory DuckDB database with declared types and keys.

    Each table is created from :data:`SCHEMA` (types, ``NOT NULL``, ``CHECK``, primary
    and foreign keys) and then filled, parents first, so DuckDB itself refuses a row
    that breaks a rule: a repeated key, an order of an unknown customer, a region not in
    the list. Nothing is written to disk; the database disappears when the connection is
    closed.

    Parameters
    ----------
    world_or_tables : World or dict
        A :class:`crmkit.world.World`, or a dict mapping table names of :data:`SCHEMA`
        to DataFrames with (at least) the schema's columns.
    tables : list of str, optional
        Which tables to load. Default: every table of :data:`SCHEMA` present (the
        world's ``truth`` is not a firm's table and is never loaded). A table needs the
        tables it refers to.

    Returns
    -------
    duckdb.DuckDBPyConnection
        An open connection; use it with :func:`query` and close it with ``.close()``.

    Raises
    ------
    ValueError
        On an unknown table name, a table whose parent table is not loaded, or a missing
        column. DuckDB's ``ConstraintException`` (a subclass of ``duckdb.Error``) if a row
        breaks a constraint; its message names the key and value.
    """
    import duckdb

    func = "connect"
    if hasattr(world_or_tables, "tables") and callable(world_or_tables.tables):
        given = dict(world_or_tables.tables())
    elif isinstance(world_or_tables, Mapping):
        given = dict(world_or_tables)
    else:
        raise TypeError(
            f"The 'world_or_tables' parameter of {func} must be a World or a dict of "
            f"DataFrames. Got {type(world_or_tables).__name__} instead."
        )
    if tables is None:
        unknown = sorted(set(given) - set(SCHEMA) - {"truth"})
        if unknown and not hasattr(world_or_tables, "tables"):
            raise ValueError(
                f"The 'world_or_tables' parameter of {func} has table(s) {unknown} without "
                f"a schema. Known tables: {list(SCHEMA)}."
            )
        tables = [t for t in SCHEMA if t in given]
    else:
        for t in tables:
            if t not in SCHEMA:
                raise ValueError(
                    f"The 'tables' parameter of {func} must name tables of {list(SCHEMA)}. "
                    f"Got {t!r} instead."
                )
            if t not in given:
                raise ValueError(
                    f"The 'tables' parameter of {func} names {t!r}, which "
                    f"'world_or_tables' does not have. It has {sorted(given)}."
                )
    if not tables:
        raise ValueError(
            f"The 'world_or_tables' parameter of {func} has none of the tables "
            f"{list(SCHEMA)}. Got {sorted(given)} instead."
        )
    for t in tables:
        for parent in _PARENTS.get(t, []):
            if parent not in tables:
                raise ValueError(
                    f"Table {t!r} refers to {parent!r}, so {func} must load {parent!r} too: "
                    f"add it to 'tables'."
                )
    con = duckdb.connect(":memory:")
    try:
        for t in [t for t in SCHEMA if t in tables]:
            frame = given[t]
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(
                    f"Table {t!r} passed to {func} must be a pandas DataFrame. "
                    f"Got {type(frame).__name__} instead."
                )
            con.execute(SCHEMA[t])
            cols = con.table(t).columns
            _check_columns(frame, cols, t, func)
            insert_frame(con, t, frame[cols])
    except BaseException:
        con.close()
        raise
    return con


def insert_frame(con: Any, table: str, frame: pd.DataFrame) -> int:
    """Insert the rows of a DataFrame into an existing table; return how many went in.

    Columns are matched by name; categorical columns go in as text. DuckDB checks every
    constraint of the table and refuses the *whole* insert if one row breaks one, so
    the count returned is either ``len(frame)`` or an exception is raised. A result
    left half-read on ``con`` (after ``.fetchone()``) is finished first.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open connection, e.g. from :func:`connect`.
    table : str
        Name of an existing table (a plain name: letters, digits, underscores).
    frame : pandas.DataFrame
        The rows; every column must be a column of ``table``.

    Returns
    -------
    int
        The number of rows inserted.

    Raises
    ------
    ValueError
        If ``table`` is not a plain name or ``frame`` is empty.
    TypeError
        If ``frame`` is not a DataFrame.
    duckdb.ConstraintException
        If a row breaks a key, NOT NULL or CHECK constraint (nothing is inserted).
    """
    func = "insert_frame"
    if not isinstance(table, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", table):
        raise ValueError(
            f"The 'table' parameter of {func} must be a plain table name such as "
            f"'customers'. Got {table!r} instead."
        )
    frame = _check_frame(frame, "frame", func).copy()
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype("str").where(frame[col].notna())
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    if hasattr(con, "complete"):  # DuckDB 2: finish a result left half-fetched (fetchone)
        con.complete()
    con.register("_crmkit_insert", frame)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _crmkit_insert")
    finally:
        con.unregister("_crmkit_insert")
    return len(frame)


#: Named SQL queries (DuckDB dialect); ``$name`` marks a parameter of :func:`query`.
QUERIES: dict[str, str] = {
    "customer_file": """
SELECT c.customer_id, c.region, c.customer_type, c.status,
       count(t.order_id)              AS orders,
       coalesce(sum(t.revenue), 0)    AS revenue,
       min(t.order_date)              AS first_order,
       max(t.order_date)              AS last_order
FROM customers AS c
LEFT JOIN transactions AS t USING (customer_id)
GROUP BY ALL
ORDER BY c.customer_id""",
    "revenue_by_region": """
SELECT c.region,
       count(DISTINCT t.customer_id) AS buyers,
       count(*)                      AS orders,
       sum(t.revenue)                AS revenue
FROM transactions AS t
JOIN customers AS c USING (customer_id)
GROUP BY c.region
ORDER BY revenue DESC""",
    # the six uses
    "needs_by_category": """
SELECT c.customer_type, p.category,
       sum((l.quantity - l.returned_quantity) * l.unit_price) AS revenue,
       count(DISTINCT o.customer_id)                          AS buyers
FROM order_lines AS l
JOIN orders    AS o USING (order_id)
JOIN customers AS c USING (customer_id)
JOIN products  AS p USING (product_id)
GROUP BY ALL
ORDER BY c.customer_type, revenue DESC""",
    "open_complaints": """
SELECT c.customer_id, c.care_tier, count(*) AS open_complaints,
       max(k.contact_date) AS latest
FROM contacts AS k
JOIN customers AS c USING (customer_id)
WHERE k.kind = 'complaint' AND NOT k.resolved
GROUP BY ALL
ORDER BY open_complaints DESC, latest DESC, c.customer_id
LIMIT 10""",
    "value_tiers": """
WITH spend AS (
    SELECT customer_id, sum(revenue) AS revenue
    FROM transactions GROUP BY customer_id
), ranked AS (
    SELECT *, sum(revenue) OVER (ORDER BY revenue DESC, customer_id
                                 ROWS UNBOUNDED PRECEDING) / sum(revenue) OVER () AS cum_share
    FROM spend
)
SELECT CASE WHEN cum_share - revenue / (SELECT sum(revenue) FROM spend) < 0.8 THEN 'A'
            WHEN cum_share - revenue / (SELECT sum(revenue) FROM spend) < 0.95 THEN 'B'
            ELSE 'C' END AS tier,
       count(*) AS customers, sum(revenue) AS revenue
FROM ranked
GROUP BY tier
ORDER BY tier""",
    "value_by_cohort": """
SELECT year(c.signup_date) AS signup_year,
       count(DISTINCT c.customer_id)                              AS customers,
       sum(t.revenue) / count(DISTINCT c.customer_id)             AS revenue_per_customer,
       sum(t.margin)  / count(DISTINCT c.customer_id)             AS margin_per_customer
FROM customers AS c
LEFT JOIN transactions AS t USING (customer_id)
GROUP BY signup_year
ORDER BY signup_year""",
    "quarterly_revenue": """
SELECT year(order_date) AS year, quarter(order_date) AS quarter,
       count(*) AS orders, sum(revenue) AS revenue
FROM transactions
GROUP BY ALL
ORDER BY year, quarter""",
    "prospects": """
SELECT region, channel, count(*) AS potential_customers
FROM customers
WHERE status = 'potential'
GROUP BY ALL
ORDER BY potential_customers DESC, region, channel
LIMIT 8""",
}

#: The six uses of a customer database (第八章 客户关系管理, 第三节), each with a query.
SIX_USES = pd.DataFrame(
    [
        ("understand customers' needs", "了解顾客的需要", "needs_by_category"),
        ("serve customers better", "为客户提供更好的服务", "open_complaints"),
        ("rank customers by value", "对客户的价值进行评估", "value_tiers"),
        ("know customers' value over time", "了解客户的价值", "value_by_cohort"),
        ("analyse how demand behaves", "分析客户需求行为", "quarterly_revenue"),
        ("market research and forecasting", "市场调查和预测", "prospects"),
    ],
    columns=["use", "chinese", "query"],
).astype("str")


def query(con: Any, sql: str, **params: Any) -> pd.DataFrame:
    """Run a named query of :data:`QUERIES`, or any SQL text, and return a DataFrame.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        From :func:`connect`.
    sql : str
        A key of :data:`QUERIES` or a SQL statement.
    **params
        Values for ``$name`` placeholders in the SQL.

    Returns
    -------
    pandas.DataFrame
        The result; DECIMAL columns arrive as float64.

    Raises
    ------
    ValueError
        If ``sql`` is not a string or is empty.
    """
    if not isinstance(sql, str) or not sql.strip():
        raise ValueError(
            f"The 'sql' parameter of query must be a name of {sorted(QUERIES)} or a SQL "
            f"statement. Got {sql!r} instead."
        )
    text = QUERIES.get(sql, sql)
    return con.execute(text, params or None).df()


# --------------------------------------------------------------------------------------
# RFM in SQL
# --------------------------------------------------------------------------------------
_SQL_TIES = ("keep", "first", "ntile")


def rfm_sql(*, bins: int = 5, ties: str = "keep", table: str = "transactions") -> str:
    """The SQL text of an RFM summary and scores, with ``$analysis_date`` as parameter.

    The summary follows :func:`crmkit.rfm.rfm_summary` (segmentation convention, days):
    only orders with ``revenue > 0`` on or before the analysis date are purchases;
    recency = days from the last purchase to the analysis date, frequency = purchases,
    monetary = their total revenue. The scores depend on ``ties``:

    ``"keep"`` (crmkit's default rule)
        On each axis sort the n values; the j-th cut is the value at position
        ceil(j n / k) (j = 1..k-1); a customer's bin is 1 + the number of cuts strictly
        below its value. Equal values always get equal scores.
    ``"first"`` (crmkit's ``ties="first"``)
        Sort by value, ties broken by customer id (for R: recency ascending, id
        descending); the customer at position p (0-based) gets bin floor(p k / n) + 1.
    ``"ntile"`` (SQL's ``NTILE(k)``)
        Like "first" but NTILE puts the extra customers, when k does not divide n, into
        the *first* groups, while floor(p k / n) + 1 spreads them out; so a few
        customers near a border get a different score.

    For R the bin is computed on recency ascending and reversed (score = k + 1 - bin),
    so the most recent buyers score k.

    Parameters
    ----------
    bins : int, default 5
        Number of scores per axis (2-10).
    ties : {"keep", "first", "ntile"}, default "keep"
    table : str, default "transactions"
        The purchase log table (``customer_id``, ``order_date``, ``revenue``).

    Returns
    -------
    str
        A SELECT returning ``customer_id``, ``recency``, ``frequency``,
        ``monetary_total``, ``R``, ``F``, ``M`` ordered by ``customer_id``.
    """
    func = "rfm_sql"
    _check_choice(ties, "ties", func, _SQL_TIES)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 10:
        raise ValueError(
            f"The 'bins' parameter of {func} must be an integer from 2 to 10. Got {bins!r} instead."
        )
    if not isinstance(table, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", table):
        raise ValueError(
            f"The 'table' parameter of {func} must be a plain table name such as "
            f"'transactions'. Got {table!r} instead."
        )
    k = int(bins)
    head = f"""WITH purchases AS (
    SELECT customer_id, order_date, revenue
    FROM {table}
    WHERE revenue > 0 AND order_date <= CAST($analysis_date AS DATE)
), summary AS (
    SELECT customer_id,
           date_diff('day', max(order_date), CAST($analysis_date AS DATE)) AS recency,
           count(*)     AS frequency,
           sum(revenue) AS monetary_total
    FROM purchases
    GROUP BY customer_id
)"""
    axes = {"R": "recency", "F": "frequency", "M": "monetary_total"}
    if ties == "keep":
        parts = [head]
        for a, col in axes.items():
            parts.append(
                f"""pos_{a} AS (
    SELECT {col} AS v, row_number() OVER (ORDER BY {col}) AS pos, count(*) OVER () AS n
    FROM summary
), cuts_{a} AS (  -- the j-th cut: the value at position ceil(j n / k)
    SELECT j, v AS cut
    FROM pos_{a} JOIN range(1, {k}) AS r(j) ON pos = (j * n + {k - 1}) // {k}
)"""
            )
        bins_sql = {
            a: f"(1 + (SELECT count(*) FROM cuts_{a} WHERE cut < s.{col}))"
            for a, col in axes.items()
        }
        body = ",\n".join(parts)
        select = f"""
SELECT s.*,
       {k + 1} - {bins_sql["R"]} AS R,
       {bins_sql["F"]} AS F,
       {bins_sql["M"]} AS M
FROM summary AS s
ORDER BY s.customer_id"""
        return body + select
    if ties == "first":
        r = f"{k} - (row_number() OVER (ORDER BY recency, customer_id DESC) - 1) * {k} // n"
        f = f"(row_number() OVER (ORDER BY frequency, customer_id) - 1) * {k} // n + 1"
        m = f"(row_number() OVER (ORDER BY monetary_total, customer_id) - 1) * {k} // n + 1"
        src = "(SELECT *, count(*) OVER () AS n FROM summary)"
        return f"""{head}
SELECT customer_id, recency, frequency, monetary_total,
       {r} AS R,
       {f} AS F,
       {m} AS M
FROM {src}
ORDER BY customer_id"""
    return f"""{head}
SELECT customer_id, recency, frequency, monetary_total,
       ntile({k}) OVER (ORDER BY recency DESC, customer_id) AS R,
       ntile({k}) OVER (ORDER BY frequency, customer_id) AS F,
       ntile({k}) OVER (ORDER BY monetary_total, customer_id) AS M
FROM summary
ORDER BY customer_id"""


def compare_rfm(
    con: Any, *, analysis_date: Any, bins: int = 5, ties: str = "keep", sql_ties: str | None = None
) -> pd.DataFrame:
    """Run the SQL RFM and :mod:`crmkit.rfm` on the same log and put them side by side.

    The pandas side is ``rfm_score(rfm_summary(log, analysis_date=...), bins=bins,
    ties=ties)`` on the ``transactions`` table read back from ``con`` (orders up to the
    analysis date); the SQL side is :func:`rfm_sql` with ``ties=sql_ties`` (default: the
    same rule as ``ties``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        From :func:`connect`, with a ``transactions`` table.
    analysis_date : str or datetime-like
    bins : int, default 5
    ties : {"keep", "first"}, default "keep"
        crmkit's tie rule.
    sql_ties : {"keep", "first", "ntile"}, optional
        The SQL rule; default the same as ``ties``.

    Returns
    -------
    pandas.DataFrame
        One row per customer (column ``customer_id``) with ``recency``, ``frequency``,
        ``monetary_total`` (pandas) and ``R_pandas``, ``F_pandas``, ``M_pandas``,
        ``R_sql``, ``F_sql``, ``M_sql``, and ``same`` (bool: summary equal, monetary to
        within 0.005 yuan, and all three scores equal). Customers only one side has
        are rows with missing values on the other side and ``same`` False.

    Raises
    ------
    ValueError
        If ``analysis_date`` is not a date, ``bins`` is not 2-10, or ``ties`` or
        ``sql_ties`` is unknown.
    duckdb.CatalogException
        If ``con`` has no ``transactions`` table.

    Notes
    -----
    Orders with revenue of 0 or less are not purchases on either side, so customers who
    only have such orders (fully returned orders) are in neither result; on the
    default world at 2025-12-31 that is 3 customers.
    """
    from crmkit import rfm

    func = "compare_rfm"
    _check_choice(ties, "ties", func, ("keep", "first"))
    sql_ties = ties if sql_ties is None else sql_ties
    _check_choice(sql_ties, "sql_ties", func, _SQL_TIES)
    try:
        date = pd.Timestamp(analysis_date)
    except (TypeError, ValueError):
        date = pd.NaT
    if date is pd.NaT or pd.isna(date):
        raise ValueError(
            f"The 'analysis_date' parameter of {func} must be a date, such as "
            f"'2025-12-31'. Got {analysis_date!r} instead."
        )
    log = con.execute(
        "SELECT customer_id, CAST(order_date AS TIMESTAMP) AS order_date, "
        "CAST(revenue AS DOUBLE) AS revenue FROM transactions WHERE order_date <= $d "
        "ORDER BY order_id",
        {"d": date.date()},
    ).df()
    log["customer_id"] = log["customer_id"].astype("int64")
    # Orders with revenue <= 0 are not purchases on either side (the SQL says
    # WHERE revenue > 0); dropping them here keeps rfm_summary from warning about the
    # customers who only have such orders: they are in neither result.
    log = log[log["revenue"] > 0]
    summary = rfm.rfm_summary(log, analysis_date=date)
    scores = rfm.rfm_score(summary, bins=bins, ties=ties).scores
    pandas_side = pd.DataFrame(
        {
            "recency": summary["recency"].astype("int64"),
            "frequency": summary["frequency"].astype("int64"),
            "monetary_total": summary["monetary_total"],
            "R_pandas": scores["R"],
            "F_pandas": scores["F"],
            "M_pandas": scores["M"],
        }
    )
    pandas_side.index = pandas_side.index.astype("int64")
    sql_side = query(con, rfm_sql(bins=bins, ties=sql_ties), analysis_date=str(date.date()))
    sql_side = sql_side.astype({"customer_id": "int64"}).set_index("customer_id")
    sql_side = sql_side.rename(
        columns={
            "recency": "recency_sql",
            "frequency": "frequency_sql",
            "monetary_total": "monetary_sql",
            "R": "R_sql",
            "F": "F_sql",
            "M": "M_sql",
        }
    )
    both = pandas_side.join(sql_side, how="outer")
    same = (
        (both["recency"] == both["recency_sql"])
        & (both["frequency"] == both["frequency_sql"])
        & ((both["monetary_total"] - both["monetary_sql"]).abs() < 0.005)
        & (both["R_pandas"] == both["R_sql"])
        & (both["F_pandas"] == both["F_sql"])
        & (both["M_pandas"] == both["M_sql"])
    )
    both["same"] = same.fillna(False).astype(bool)
    both = both.drop(columns=["recency_sql", "frequency_sql", "monetary_sql"])
    for col in ["R_pandas", "F_pandas", "M_pandas", "R_sql", "F_sql", "M_sql"]:
        both[col] = both[col].astype("Int64")
    both.index.name = "customer_id"
    return both.reset_index()
