"""Cleaning messy customer records (客户数据清洗), step by step, with a log of every change.

A firm's first customer records are questionnaires, reply cards and forms written by its
own staff, each in its own format. Before they enter a database they are classified and
tidied (第八章 客户关系管理, 第三节 客户数据库与客户挖掘).

==========================  ===========================================================
:func:`clean_text`          full-width characters, stray spaces, letter case
:func:`clean_dates`         one date type from five written formats
:func:`clean_phones`        11-digit mobile numbers from spaces, dashes and +86
:func:`clean_regions`       one region name from Chinese, English and abbreviations
:func:`deduplicate`         one row per customer, by a documented matching rule
:func:`clean_records`       all the steps in order, with one tidy log
:func:`cleaning_score`      how close a cleaned (or raw) frame is to the truth
==========================  ===========================================================

Every cleaning function returns ``(frame, log)``: the frame keeps every row it was given
(:func:`deduplicate` is the one step that removes rows, and it logs each one), and the
log has one row per value changed, with columns ``step``, ``record_id``, ``column``,
``before``, ``after`` and ``action`` (``"changed"``, ``"unreadable"`` = set to missing
because no rule could read it, ``"merged"`` or ``"filled"``). The messy records
themselves come from :func:`crmkit.raw_records.make_raw_records`.
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

__all__ = [
    "LOG_COLUMNS",
    "RAW_COLUMNS",
    "REGION_ALIASES",
    "clean_dates",
    "clean_phones",
    "clean_records",
    "clean_regions",
    "clean_text",
    "cleaning_score",
    "deduplicate",
]

#: Columns of a raw record (all text except ``record_id``).
RAW_COLUMNS = ["record_id", "source", "name", "phone", "region", "signup_date"]
#: Columns of every cleaning log.
LOG_COLUMNS = ["step", "record_id", "column", "before", "after", "action"]
_FIELDS = ["name", "phone", "region", "signup_date"]
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


def _digits_text(v: Any) -> Any:
    """A whole number (int, or a float such as 20240529.0 from a CSV with blanks) as its
    digits; anything else unchanged. Spreadsheets store dates and phones as numbers."""
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)) and np.isfinite(v) and float(v).is_integer():
        return str(int(v))
    return v


def _parse_date(v: Any) -> pd.Timestamp:
    v = _digits_text(v)
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

    Whole numbers (``20240529`` stored as a number by a spreadsheet) are read as their
    digits. A value no rule reads, or a date that does not exist (``2024-02-30``), becomes
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
    v = _digits_text(v)
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
    must be a Chinese mobile number (11 digits starting with 1); numbers stored as
    integers (``13812345678``) are read as their digits; anything else becomes
    missing and is logged as ``"unreadable"``.

    Parameters
    ----------
    raw : pandas.DataFrame
        Records with a unique integer ``record_id``.
    column : str, default "phone"
        The column holding the phone numbers (text, or whole numbers).

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
