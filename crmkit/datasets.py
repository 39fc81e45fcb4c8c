"""List, load, describe and verify the shipped datasets; load CDNOW.

The default CRM world (``crmkit.world.make_world(4000, seed=2026)``) is shipped as CSV
files in the repository's ``datasets/`` folder, which travels inside the wheel as
``crmkit/_data``. A small seaborn-like API reads them with the right dtypes (dates
parsed, categories as pandas categoricals, ordered where an order exists)::

    >>> import crmkit
    >>> crmkit.list_datasets()[:3]
    ['customers', 'products', 'orders']
    >>> customers = crmkit.load_dataset("customers")
    >>> crmkit.describe_dataset("customers").columns.tolist()
    ['column', 'dtype', 'unit', 'meaning', 'chinese']

The columns, dtypes and data cards come from :mod:`crmkit.schema`; loading a table
never imports the simulator (:mod:`crmkit.world`).

How a load is checked
---------------------
``manifest.csv`` records each file's row count and SHA-256. The manifest's own SHA-256
is pinned in this module (:data:`MANIFEST_SHA256`), so a manifest re-hashed to match
a changed file is caught too. With ``verify=True`` (the default) every load checks the
manifest against the pin and the file against the manifest. With ``verify=False`` the
checksums are skipped, but a file that is empty, not UTF-8, cut short in the middle
of a line, missing a column, holding a value that is not of its column's type, or
(when ``manifest.csv`` is present) holding another number of rows than the manifest
records is still refused. Every such problem raises :class:`DamagedFileError`, which
names the file, says what is wrong and how to get a good copy.

The maintainer commands that rebuild the files byte for byte and check them live
outside the package, in ``tools/datasets.py`` (``python3 kit.py datasets regenerate``).

:func:`load_cdnow` (defined in :mod:`crmkit.cdnow`, re-exported here) reads the CDNOW
purchase log (the classic benchmark of buy-till-you-die models) into the same typed
transaction table as the world's.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# load_cdnow (and the lifetimes lookup, which tests import) lived here before the split
from crmkit.cdnow import _lifetimes_cdnow, load_cdnow  # noqa: F401
from crmkit.schema import DATE_UNIT, SCHEMA, Column, pandas_dtype

__all__ = [
    "MANIFEST_SHA256",
    "DamagedFileError",
    "data_dir",
    "describe_dataset",
    "list_datasets",
    "load_cdnow",
    "load_dataset",
    "load_params",
    "verify_datasets",
]

#: Size and seed of the shipped default world.
DEFAULT_N_CUSTOMERS = 4000
DEFAULT_SEED = 2026
GENERATOR = f"crmkit.world.make_world(n_customers={DEFAULT_N_CUSTOMERS}, seed={DEFAULT_SEED})"
#: The maintainer command that rebuilds the shipped files (run from the repository root).
REGENERATE = "python3 kit.py datasets regenerate"

#: SHA-256 of the shipped ``manifest.csv``. ``tools/datasets.py`` prints the new value
#: when a regeneration changes the manifest; paste it here in the same commit.
MANIFEST_SHA256 = "7fd4d5da7eac8ae836b3b4aa1c19e00743c64fbbdcb0b27174cc8b2a0915e961"

#: Every shipped dataset: name -> (description, chapters). Order = list_datasets().
DATASETS: dict[str, tuple[str, str]] = {
    "customers": (
        "The customer file: one row per customer with region, type, channel, "
        "status, acquisition cost and care tier.",
        "1;2;3;6;7",
    ),
    "products": (
        "The product range: category, list price, unit cost and average inventory.",
        "2;7",
    ),
    "orders": ("Order headers: who ordered on which day.", "2;3;6;7"),
    "order_lines": ("Order lines: product, quantity, price paid, cost and returns.", "2;7"),
    "transactions": (
        "The purchase log, one row per order: net revenue, gross revenue, "
        "cost, margin and units. RFM and CLV start here.",
        "2;3;5;6;7",
    ),
    "survey": (
        "Customer survey of 2025-01-15: three 7-point Likert items per construct "
        "(six loyalty factors and three loyalty levels), overall satisfaction "
        "and willingness to recommend.",
        "4;5",
    ),
    "contacts": ("Service contacts: inquiries and complaints with reasons.", "2;5"),
    "exits": ("Exit interviews of customers who stopped buying, with their main reason.", "2;5;6"),
    "mailing": (
        "Test mailing of 2025-06-02 to a random sample of customers who had "
        "bought before: who responded and for how much.",
        "3",
    ),
    "branches": (
        "Panel of branch units over eight years: satisfaction index, retention, "
        "revenue, cost and profit.",
        "5",
    ),
    "wallet": (
        "Category-spending survey of 2026-01-15: a random sample of the customers who "
        "ordered in 2025 state what they spent on office and household supplies in 2025 "
        "at all suppliers together (their wallet), so that customer share = Lanting's "
        "revenue / stated spending.",
        "2",
    ),
    "truth": (
        "The ground truth: every latent value of every customer (drivers, "
        "satisfaction, loyalty, purchase and drop-out rates, true drop-out "
        "date, true customer share and wallet).",
        "4;5;6",
    ),
}
PARAMS_FILE = "params.json"
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = [
    "name",
    "file",
    "description",
    "chapters",
    "generator",
    "seed",
    "rows",
    "sha256",
]


class DamagedFileError(OSError):
    """A shipped data file (or the manifest) is missing a part, altered or unreadable.

    The message names the file, says what is wrong and how to get a good copy.
    """


# ---------------------------------------------------------------------------
# Where the data live
# ---------------------------------------------------------------------------
def _repo_datasets() -> Path:
    return Path(__file__).resolve().parent.parent / "datasets"


def data_dir() -> Path:
    """Return the folder the shipped datasets are read from.

    Returns
    -------
    pathlib.Path
        ``crmkit/_data`` inside the installed package when it exists (a wheel
        install), otherwise the repository's ``datasets/`` folder (an editable
        install or a source checkout).
    """
    try:
        packaged = importlib.resources.files("crmkit") / "_data"
        if packaged.is_dir() and (packaged / MANIFEST).is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual loaders
        pass
    return _repo_datasets()


def _resolve_dir(directory) -> Path:
    return data_dir() if directory is None else Path(directory)


def _check_name(name: str, where: str) -> None:
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(
            f"The 'name' parameter of {where} must be one of {', '.join(DATASETS)} "
            f"(see crmkit.list_datasets()). Got {name!r} instead."
        )


def _fix() -> str:
    return f"Regenerate it with `{REGENERATE}` (from the repository root) or reinstall crmkit."


def _damaged(path: Path, problem: str) -> DamagedFileError:
    return DamagedFileError(f"The dataset file {path} is damaged: {problem}. {_fix()}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(directory: Path, *, verify: bool = True) -> pd.DataFrame:
    """The manifest of ``directory``; with ``verify``, checked against the pinned hash."""
    path = directory / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(
            f"The dataset manifest {path} is missing. Regenerate the datasets with "
            f"`{REGENERATE}` (from the repository root) or reinstall crmkit."
        )
    data = path.read_bytes()
    if verify and _sha256(data) != MANIFEST_SHA256:
        raise DamagedFileError(
            f"The dataset manifest {path} is not the one this version of crmkit ships: "
            f"its SHA-256 is {_sha256(data)}, but crmkit.datasets.MANIFEST_SHA256 is "
            f"{MANIFEST_SHA256}. It was edited (perhaps re-hashed to match a changed "
            f"data file), so no checksum in it can be trusted. {_fix()}"
        )
    try:
        manifest = pd.read_csv(io.BytesIO(data), dtype={"seed": "int64", "rows": "int64"})
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise DamagedFileError(
            f"The dataset manifest {path} cannot be read ({err}). {_fix()}"
        ) from None
    if manifest.columns.tolist() != MANIFEST_COLUMNS:
        raise DamagedFileError(
            f"The dataset manifest {path} has the columns {manifest.columns.tolist()}, "
            f"not {MANIFEST_COLUMNS}. {_fix()}"
        )
    return manifest


def _manifest_row(file: str, directory: Path, verify: bool) -> pd.Series | None:
    """The manifest's row of ``file``; None when unverified and the manifest is absent."""
    if not verify and not (directory / MANIFEST).is_file():
        return None
    manifest = _read_manifest(directory, verify=verify)
    row = manifest[manifest["file"] == file]
    if row.empty:
        raise FileNotFoundError(
            f"{file} is not listed in {directory / MANIFEST}: the manifest is out of date. "
            f"Regenerate the datasets with `{REGENERATE}`."
        )
    return row.iloc[0]


def _file_bytes(file: str, directory: Path, *, verify: bool) -> tuple[Path, bytes, int | None]:
    """Path, content and manifest row count of ``file``, checksum-checked if ``verify``."""
    row = _manifest_row(file, directory, verify)
    path = directory / file
    if not path.is_file():
        raise FileNotFoundError(
            f"The dataset file {path} is missing. Regenerate it with `{REGENERATE}` "
            "(from the repository root) or reinstall crmkit."
        )
    data = path.read_bytes()
    if verify and _sha256(data) != row["sha256"]:
        raise DamagedFileError(
            f"The dataset file {path} is damaged: its SHA-256 is {_sha256(data)}, but "
            f"manifest.csv records {row['sha256']}. {_fix()}"
        )
    return path, data, None if row is None else int(row["rows"])


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
def list_datasets() -> list[str]:
    """Return the names of the shipped datasets.

    Returns
    -------
    list of str
        ``customers``, ``products``, ``orders``, ``order_lines``, ``transactions``,
        ``survey``, ``contacts``, ``exits``, ``mailing``, ``branches``, ``wallet`` (the
        tables of the default world) and ``truth`` (its latent values). The
        parameters are read with :func:`load_params`.
    """
    return list(DATASETS)


def describe_dataset(name: str) -> pd.DataFrame:
    """Return the data card of a dataset: one row per column.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    pandas.DataFrame
        Columns ``column`` (name), ``dtype`` (pandas dtype after loading; categories
        show their levels, ordered ones with ``<``), ``unit``, ``meaning`` and
        ``chinese`` (the Chinese term where the curriculum gives one, else empty).
        ``attrs["description"]`` holds the one-line description of the table.

    Raises
    ------
    ValueError
        If ``name`` is not a shipped dataset.
    """
    _check_name(name, "describe_dataset")
    cols = SCHEMA[name]
    card = pd.DataFrame(
        {
            "column": [c.name for c in cols],
            "dtype": [_dtype_text(c) for c in cols],
            "unit": [c.unit for c in cols],
            "meaning": [c.meaning for c in cols],
            "chinese": [c.chinese for c in cols],
        },
        dtype="str",
    )
    card.attrs["description"] = DATASETS[name][0]
    return card


def _dtype_text(col: Column) -> str:
    dtype = pandas_dtype(col)
    if isinstance(dtype, pd.CategoricalDtype):
        joiner = " < " if dtype.ordered else ", "
        return f"category ({joiner.join(dtype.categories)})"
    return dtype


def load_dataset(
    name: str, *, directory: str | Path | None = None, verify: bool = True
) -> pd.DataFrame:
    """Load a shipped dataset with its documented dtypes.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`, e.g. ``"customers"`` or ``"transactions"``.
    directory : str or pathlib.Path, optional
        Folder to read from; by default :func:`data_dir` (the installed data).
    verify : bool, default True
        Check ``manifest.csv`` against :data:`MANIFEST_SHA256` and the file's SHA-256
        against the manifest before reading it. With False the checksums are skipped,
        but the file's structure is still checked (see the module docstring): a file
        cut short is refused by its row count when ``manifest.csv`` is present, and by
        its unfinished last line otherwise. A file cut exactly at a line end, in a
        folder without ``manifest.csv``, cannot be told from a shorter table and loads.

    Returns
    -------
    pandas.DataFrame
        The table, columns and dtypes as in :func:`describe_dataset`: dates as
        ``datetime64[us]``, categories as (ordered where there is an order) pandas
        categoricals, text as ``str``, no untyped ``object`` column.

    Raises
    ------
    ValueError
        If ``name`` is not a shipped dataset.
    FileNotFoundError
        If the file (or the manifest) is missing; the message says how to regenerate it.
    DamagedFileError
        A subclass of OSError: the manifest or the file fails its checksum, or the file
        is empty, not UTF-8, cut short, has other columns or rows than recorded, or a
        value that is not of its column's type (a bad date, an unknown category, text
        in a number column, an infinite number). The message names the file and the
        problem.

    Examples
    --------
    >>> import crmkit
    >>> tx = crmkit.load_dataset("transactions")
    >>> tx.dtypes["order_date"]
    dtype('<M8[us]')
    """
    _check_name(name, "load_dataset")
    path, data, rows = _file_bytes(f"{name}.csv", _resolve_dir(directory), verify=verify)
    return _read_table(name, path, data, rows)


def _decode(path: Path, data: bytes) -> str:
    if not data:
        raise _damaged(path, "it is empty")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _damaged(
            path, f"it is not UTF-8 text (the byte at offset {err.start:,} is not valid)"
        ) from None


def _read_table(name: str, path: Path, data: bytes, rows: int | None) -> pd.DataFrame:
    """Parse a table's CSV bytes into schema dtypes, refusing every kind of damage."""
    cols = SCHEMA[name]
    names = [c.name for c in cols]
    text = _decode(path, data)
    if not text.endswith("\n"):
        raise _damaged(path, "its last line is unfinished (the file was cut short)")
    header = text[: text.index("\n")].split(",")
    if header != names:
        raise _damaged(path, f"its columns are {header}, not {names}")
    found = text.count("\n") - 1
    if rows is not None and found != rows:
        raise _damaged(
            path,
            f"it has {found:,} rows, but manifest.csv records {rows:,} "
            "(the file was cut short or added to)",
        )
    special = {c.name for c in cols if c.dtype == "category" or c.dtype.startswith("datetime")}
    dtypes = {c.name: ("str" if c.name in special else pandas_dtype(c)) for c in cols}
    try:
        df = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])
    except (ValueError, TypeError, pd.errors.ParserError) as err:
        raise _damaged(path, _first_misfit(text, cols) or f"it cannot be parsed ({err})") from None
    for col in cols:
        df[col.name] = _typed_column(path, col, df[col.name])
    return df[names]


def _first_misfit(text: str, cols: list[Column]) -> str | None:
    """Describe the first value of a number or bool column that is not of its type."""
    raw = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    for col in cols:
        values = raw[col.name]
        if col.dtype == "bool":
            bad = ~values.isin(["True", "False"])
        elif col.dtype in ("int64", "float64"):
            number = pd.to_numeric(values.where(values != ""), errors="coerce")
            bad = number.isna() if col.dtype == "int64" else number.isna() & (values != "")
            if col.dtype == "int64":
                bad |= number.notna() & (number % 1 != 0)
        else:
            continue
        if bad.any():
            return _misfit_text(col, values, bad, f"of type {col.dtype}")
    return None


def _misfit_text(col: Column, values: pd.Series, bad: pd.Series, what: str) -> str:
    first = int(np.flatnonzero(bad.to_numpy())[0])
    return (
        f"column '{col.name}' holds {int(bad.sum())} value(s) that are not {what}, "
        f"first {values.iloc[first]!r} on line {first + 2}"
    )


def _typed_column(path: Path, col: Column, values: pd.Series) -> pd.Series:
    """One column in its schema dtype; a value that does not fit is named."""
    if col.dtype.startswith("datetime"):
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna() & values.notna()
        converted = parsed.astype(DATE_UNIT)
        what = "a date (yyyy-mm-dd)"
    elif col.dtype == "category":
        dtype = pandas_dtype(col)
        bad = ~values.isin(dtype.categories) & values.notna()
        converted = values.where(~bad).astype(dtype)
        what = f"one of its categories {list(dtype.categories)}"
    elif col.dtype == "float64":
        converted = values
        bad = np.isinf(values)
        what = "a finite number"
    else:
        return values
    if bad.any():
        raise _damaged(path, _misfit_text(col, values, bad, what))
    return converted


def load_params(*, directory: str | Path | None = None, verify: bool = True) -> dict[str, Any]:
    """Load the parameters of the shipped default world (``params.json``).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder to read from; by default :func:`data_dir`.
    verify : bool, default True
        Check the manifest against :data:`MANIFEST_SHA256` and the file's SHA-256
        against the manifest.

    Returns
    -------
    dict
        Every parameter :func:`crmkit.world.make_world` used, including the true
        effects (``loyalty_effects``, ``branch_effects``, ...).

    Raises
    ------
    FileNotFoundError
        If the file (or, with ``verify``, the manifest) is missing.
    DamagedFileError
        If a checksum fails, or the file is empty, not UTF-8 or not a JSON object.
    """
    path, data, _ = _file_bytes(PARAMS_FILE, _resolve_dir(directory), verify=verify)
    try:
        params = json.loads(_decode(path, data))
    except json.JSONDecodeError as err:
        raise _damaged(path, f"it is not valid JSON ({err})") from None
    if not isinstance(params, dict):
        raise _damaged(path, f"it holds a JSON {type(params).__name__}, not an object")
    return params


def verify_datasets(directory: str | Path | None = None) -> pd.DataFrame:
    """Check every shipped file against the manifest, and the manifest against the pin.

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder to check; by default :func:`data_dir`.

    Returns
    -------
    pandas.DataFrame
        One row per file of the manifest (one row for ``manifest.csv`` itself when it
        is missing or fails its pinned checksum): ``file`` (str), ``ok`` (bool) and
        ``problem`` (str, empty when ok), in manifest order.
    """
    folder = _resolve_dir(directory)
    try:
        files = _read_manifest(folder)["file"].tolist()
    except (FileNotFoundError, DamagedFileError) as err:
        return pd.DataFrame({"file": [MANIFEST], "ok": [False], "problem": [str(err)]})
    problems = []
    for file in files:
        try:
            path, data, rows = _file_bytes(file, folder, verify=True)
            if file.endswith(".csv"):
                _read_table(file.removesuffix(".csv"), path, data, rows)
            problems.append("")
        except (FileNotFoundError, DamagedFileError, ValueError) as err:
            problems.append(str(err))
    out = pd.DataFrame({"file": files, "problem": problems}, dtype="str")
    out.insert(1, "ok", out["problem"] == "")
    return out
