"""Load the CDNOW purchase log, the classic benchmark of buy-till-you-die models.

:func:`load_cdnow` reads ``CDNOW_master.txt`` (Fader, Hardie & Lee 2005) into the
columns and dtypes of the world's ``transactions`` table (:mod:`crmkit.schema`), so
every technique that takes the world's purchase log takes the real one too. The file
is not shipped: pass its path, or install ``lifetimes``, which ships a copy. It is
re-exported by :mod:`crmkit.datasets` and as ``crmkit.load_cdnow``.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.schema import DATE_UNIT

__all__ = ["load_cdnow"]

# ---------------------------------------------------------------------------
# CDNOW
# ---------------------------------------------------------------------------
_CDNOW_FORMAT = (
    "is not in the CDNOW format (four whitespace-separated fields per line: "
    "customer id, yyyymmdd date, number of CDs, dollar value)"
)


def _lifetimes_cdnow() -> Path | None:
    try:
        spec = importlib.util.find_spec("lifetimes")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "datasets" / "CDNOW_master.txt"
        if candidate.is_file():
            return candidate
    return None


def load_cdnow(path: str | Path | None = None) -> pd.DataFrame:
    """Load the CDNOW purchase log as a typed transaction table.

    The CDNOW master file (Fader, Hardie & Lee 2005) records every purchase of the
    23,570 customers who first bought at the CDNOW music store in the first quarter
    of 1997, up to the end of June 1998. Each line holds, separated by whitespace,
    the customer id, the date (``yyyymmdd``), the number of CDs and the dollar value.

    Every line is kept, in file order. Orders with a dollar value of 0 are kept as
    they are (the real file has 80 of 69,659, each of at least one CD): whether a
    zero-value order counts as a purchase is the analysis's decision, not the
    loader's. A negative, infinite or missing number of CDs or dollar value is not
    CDNOW data (the file records no returns) and is refused, with the count and the
    first line.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The file to read. By default the copy the ``lifetimes`` package ships
        (``lifetimes/datasets/CDNOW_master.txt``), found without importing lifetimes.

    Returns
    -------
    pandas.DataFrame
        The columns and dtypes of the world's ``transactions`` table, one row per
        line of the file, in file order:

        * ``order_id`` int64: the line number, 1..n;
        * ``customer_id`` int64, ``order_date`` datetime64[us];
        * ``revenue`` float64: the dollar value (US dollars, not yuan), >= 0;
        * ``items`` int64: the number of CDs, >= 0;
        * ``gross_revenue``, ``cost``, ``margin`` float64: absent from CDNOW, so all
          NaN (there is no returns, cost or margin information).

    Raises
    ------
    FileNotFoundError
        If no path is given and lifetimes is not installed, or the path does not exist.
    ValueError
        If the file is not in the CDNOW format (not text, other fields, ids or counts
        that are not whole numbers up to 18 digits, dates that are not yyyymmdd, values
        that are not numbers), or holds negative or non-finite values; the message
        names the file, the field and the first bad line.

    Examples
    --------
    >>> from crmkit.cdnow import load_cdnow
    >>> cdnow = load_cdnow()  # doctest: +SKIP
    >>> cdnow["customer_id"].nunique()  # doctest: +SKIP
    23570
    """
    path = _cdnow_path(path)
    where = f"The file {str(path)!r} passed as 'path' to load_cdnow"
    raw = _cdnow_fields(path, where)
    customer_id = _cdnow_whole(raw[0], "customer id", where, raw.index)
    items = _cdnow_whole(raw[2], "number of CDs", where, raw.index)
    dates = pd.to_datetime(
        raw[1].where(raw[1].str.fullmatch(r"\d{8}")), format="%Y%m%d", errors="coerce"
    )
    _cdnow_refuse(dates.isna(), raw[1], "date", "is not a yyyymmdd date", where, raw.index)
    revenue = pd.to_numeric(raw[3], errors="coerce").astype("float64")
    _cdnow_refuse(revenue.isna(), raw[3], "dollar value", "is not a number", where, raw.index)
    _cdnow_refuse(np.isinf(revenue), raw[3], "dollar value", "is infinite", where, raw.index)
    _cdnow_refuse(revenue < 0, raw[3], "dollar value", "is negative", where, raw.index)
    _cdnow_refuse(items < 0, raw[2], "number of CDs", "is negative", where, raw.index)
    n = len(raw)
    nan = np.full(n, np.nan)
    return pd.DataFrame(
        {
            "order_id": np.arange(1, n + 1, dtype=np.int64),
            "customer_id": customer_id.to_numpy(np.int64),
            "order_date": dates.to_numpy().astype(DATE_UNIT),
            "revenue": revenue.to_numpy(),
            "gross_revenue": nan,
            "cost": nan.copy(),
            "margin": nan.copy(),
            "items": items.to_numpy(np.int64),
        }
    )


def _cdnow_path(path) -> Path:
    if path is None:
        found = _lifetimes_cdnow()
        if found is None:
            raise FileNotFoundError(
                "No CDNOW file given and the lifetimes package (which ships a copy) is not "
                "installed. Either install it (`python -m pip install lifetimes`) or "
                "download CDNOW_master.txt from Bruce Hardie's website "
                "(brucehardie.com/datasets) and call load_cdnow(path)."
            )
        return found
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"The 'path' parameter of load_cdnow must name an existing CDNOW_master.txt "
            f"file. Got {str(path)!r}, which does not exist."
        )
    return path


def _cdnow_fields(path: Path, where: str) -> pd.DataFrame:
    """The file's four fields as text; the index holds each row's line number."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"{where} {_CDNOW_FORMAT}: it is not text (the byte at offset {err.start:,} "
            "is not UTF-8)."
        ) from None
    lines = text.splitlines()
    first = lines[0].split() if lines else []
    has_header = bool(first) and not first[0].isdigit()  # lifetimes' copy has a header
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=r"\s+",
            header=None,
            skiprows=int(has_header),
            dtype="str",
            keep_default_na=False,  # "nan" is a bad value to name, not a missing field
        )
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        raise ValueError(f"{where} {_CDNOW_FORMAT}.") from err
    if raw.shape[1] != 4 or (raw.isna() | (raw == "")).any().any():
        raise ValueError(f"{where} {_CDNOW_FORMAT}; it has {raw.shape[1]} fields on some lines.")
    raw.index = pd.RangeIndex(1 + has_header, 1 + has_header + len(raw))
    return raw


def _cdnow_whole(values: pd.Series, field: str, where: str, lines: pd.Index) -> pd.Series:
    """Whole numbers of at most 18 digits (so int64 cannot overflow), optionally signed."""
    bad = ~values.str.fullmatch(r"[-+]?\d{1,18}")
    _cdnow_refuse(bad, values, field, "is not a whole number of at most 18 digits", where, lines)
    return values.astype(np.int64)


def _cdnow_refuse(bad, values, field: str, problem: str, where: str, lines: pd.Index) -> None:
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{where} {_CDNOW_FORMAT}: the {field} {problem} on {int(bad.sum()):,} line(s), "
            f"first on line {lines[first]} ({values.iloc[first]!r})."
        )
