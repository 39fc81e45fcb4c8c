"""List, load and describe the shipped datasets; regenerate them; load CDNOW.

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

Every load checks the file's SHA-256 against ``manifest.csv`` and says which file is
damaged or missing and how to regenerate it. One command rebuilds every file byte
for byte::

    python -m crmkit.datasets regenerate [--out DIR]

:func:`load_cdnow` reads the CDNOW purchase log (the classic benchmark of
buy-till-you-die models) into the same typed transaction table as the world's.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import importlib.util
import io
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmkit import world as _world

__all__ = [
    "data_dir",
    "describe_dataset",
    "list_datasets",
    "load_cdnow",
    "load_dataset",
    "load_params",
    "regenerate",
    "render_readme",
]

#: Size and seed of the shipped default world.
DEFAULT_N_CUSTOMERS = 4000
DEFAULT_SEED = 2026
_GENERATOR = f"crmkit.world.make_world(n_customers={DEFAULT_N_CUSTOMERS}, seed={DEFAULT_SEED})"
_REGENERATE = "python -m crmkit.datasets regenerate"

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
    "truth": (
        "The ground truth: every latent value of every customer (drivers, "
        "satisfaction, loyalty, purchase and drop-out rates, true drop-out "
        "date).",
        "4;5;6",
    ),
}
_PARAMS_FILE = "params.json"
_MANIFEST = "manifest.csv"
_README = "README.md"
_MANIFEST_COLUMNS = [
    "name",
    "file",
    "description",
    "chapters",
    "generator",
    "seed",
    "rows",
    "sha256",
]


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
        if packaged.is_dir() and (packaged / _MANIFEST).is_file():
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(directory: Path) -> pd.DataFrame:
    path = directory / _MANIFEST
    if not path.is_file():
        raise FileNotFoundError(
            f"The dataset manifest {path} is missing. Regenerate the datasets with "
            f"`{_REGENERATE}` (from the repository root) or reinstall crmkit."
        )
    return pd.read_csv(path, dtype={"seed": "int64", "rows": "int64"})


def _verified_path(file: str, directory: Path) -> Path:
    manifest = _read_manifest(directory)
    row = manifest[manifest["file"] == file]
    if row.empty:
        raise FileNotFoundError(
            f"{file} is not listed in {directory / _MANIFEST}: the manifest is out of date. "
            f"Regenerate the datasets with `{_REGENERATE}`."
        )
    path = directory / file
    if not path.is_file():
        raise FileNotFoundError(
            f"The dataset file {path} is missing. Regenerate it with `{_REGENERATE}` "
            "(from the repository root) or reinstall crmkit."
        )
    expected = row["sha256"].iloc[0]
    actual = _sha256(path)
    if actual != expected:
        raise OSError(
            f"The dataset file {path} is damaged: its SHA-256 is {actual}, but "
            f"manifest.csv records {expected}. Regenerate it with `{_REGENERATE}` "
            "(from the repository root) or reinstall crmkit."
        )
    return path


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
def list_datasets() -> list[str]:
    """Return the names of the shipped datasets.

    Returns
    -------
    list of str
        ``customers``, ``products``, ``orders``, ``order_lines``, ``transactions``,
        ``survey``, ``contacts``, ``exits``, ``mailing``, ``branches`` (the tables of
        the default world) and ``truth`` (its latent values). The parameters are read
        with :func:`load_params`.
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
    card = pd.DataFrame(
        {
            "column": [c.name for c in _world.SCHEMA[name]],
            "dtype": [_dtype_text(c) for c in _world.SCHEMA[name]],
            "unit": [c.unit for c in _world.SCHEMA[name]],
            "meaning": [c.meaning for c in _world.SCHEMA[name]],
            "chinese": [c.chinese for c in _world.SCHEMA[name]],
        },
        dtype="str",
    )
    card.attrs["description"] = DATASETS[name][0]
    return card


def _dtype_text(col: _world.Column) -> str:
    if col.dtype == "category":
        levels, ordered = _world.CATEGORIES[col.name]
        joiner = " < " if ordered else ", "
        return f"category ({joiner.join(levels)})"
    return col.dtype


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
        Check the file's SHA-256 against ``manifest.csv`` before reading it.

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
    OSError
        If the file's checksum does not match the manifest (the file is damaged).

    Examples
    --------
    >>> import crmkit
    >>> tx = crmkit.load_dataset("transactions")
    >>> tx.dtypes["order_date"]
    dtype('<M8[us]')
    """
    _check_name(name, "load_dataset")
    folder = _resolve_dir(directory)
    file = f"{name}.csv"
    path = _verified_path(file, folder) if verify else folder / file
    if not path.is_file():
        raise FileNotFoundError(
            f"The dataset file {path} is missing. Regenerate it with `{_REGENERATE}`."
        )
    return _read_table(name, path)


def _read_table(name: str, source) -> pd.DataFrame:
    cols = _world.SCHEMA[name]
    dates = [c.name for c in cols if c.dtype.startswith("datetime")]
    dtypes = {c.name: _world.pandas_dtype(c) for c in cols if not c.dtype.startswith("datetime")}
    df = pd.read_csv(source, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""])
    for c in dates:
        df[c] = df[c].astype(_world.DATE_UNIT)
    return df[[c.name for c in cols]]


def load_params(*, directory: str | Path | None = None, verify: bool = True) -> dict[str, Any]:
    """Load the parameters of the shipped default world (``params.json``).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder to read from; by default :func:`data_dir`.
    verify : bool, default True
        Check the file's SHA-256 against ``manifest.csv``.

    Returns
    -------
    dict
        Every parameter :func:`crmkit.world.make_world` used, including the true
        effects (``loyalty_effects``, ``branch_effects``, ...).
    """
    folder = _resolve_dir(directory)
    path = _verified_path(_PARAMS_FILE, folder) if verify else folder / _PARAMS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Writing (regeneration)
# ---------------------------------------------------------------------------
def _csv_bytes(name: str, df: pd.DataFrame) -> bytes:
    """Serialise a table with fixed float formatting, so output is byte-stable."""
    out = {}
    for col in _world.SCHEMA[name]:
        s = df[col.name]
        if col.dtype == "float64":
            fmt = f"%.{col.decimals}f"
            text = np.char.mod(fmt, s.to_numpy())
            text = np.where(np.isnan(s.to_numpy()), "", text)
            # "-0.00" and "0.00" are the same number: write it one way
            text = np.where(text == "-" + np.char.mod(fmt, 0.0), np.char.mod(fmt, 0.0), text)
            out[col.name] = text
        elif col.dtype.startswith("datetime"):
            out[col.name] = s.dt.strftime("%Y-%m-%d").fillna("").to_numpy()
        else:
            out[col.name] = (
                s.astype("str").fillna("").to_numpy()
                if col.dtype in ("category", "str")
                else s.to_numpy()
            )
    buf = io.StringIO()
    pd.DataFrame(out).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _params_bytes(params: dict[str, Any]) -> bytes:
    return (json.dumps(params, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def regenerate(out: str | Path | None = None) -> pd.DataFrame:
    """Rebuild every shipped file from the default world, byte for byte.

    Builds ``make_world(4000, seed=2026)`` and writes one CSV per table plus
    ``truth.csv``, ``params.json``, ``manifest.csv`` (name, file, description,
    chapters, generator, seed, rows, sha256) and ``README.md`` (the data dictionary).

    Parameters
    ----------
    out : str or pathlib.Path, optional
        Folder to write to (created if needed). Default: the repository's
        ``datasets/`` folder (only in a source checkout).

    Returns
    -------
    pandas.DataFrame
        The manifest that was written.

    Raises
    ------
    ValueError
        If ``out`` is not given and crmkit is not running from a source checkout.
    """
    if out is None and not (_repo_datasets().parent / "pyproject.toml").is_file():
        raise ValueError(
            "regenerate without 'out' rewrites the repository's datasets/ folder, but "
            "this crmkit is an installed package, not a source checkout. Pass a folder: "
            f"regenerate(out='my_datasets') (command line: {_REGENERATE} --out DIR)."
        )
    folder = _repo_datasets() if out is None else Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    w = _world.make_world(DEFAULT_N_CUSTOMERS, seed=DEFAULT_SEED)
    frames = {**w.tables(), "truth": w.truth}
    rows = []
    for name in DATASETS:
        data = _csv_bytes(name, frames[name])
        (folder / f"{name}.csv").write_bytes(data)
        desc, chapters = DATASETS[name]
        rows.append(
            [
                name,
                f"{name}.csv",
                desc,
                chapters,
                _GENERATOR,
                DEFAULT_SEED,
                len(frames[name]),
                hashlib.sha256(data).hexdigest(),
            ]
        )
    pdata = _params_bytes(w.params)
    (folder / _PARAMS_FILE).write_bytes(pdata)
    rows.append(
        [
            "params",
            _PARAMS_FILE,
            "Every parameter of the default world, including the true effects (JSON).",
            "4;5;6",
            _GENERATOR,
            DEFAULT_SEED,
            len(w.params),
            hashlib.sha256(pdata).hexdigest(),
        ]
    )
    manifest = pd.DataFrame(rows, columns=_MANIFEST_COLUMNS)
    buf = io.StringIO()
    manifest.to_csv(buf, index=False, lineterminator="\n")
    (folder / _MANIFEST).write_bytes(buf.getvalue().encode("utf-8"))
    (folder / _README).write_bytes(render_readme(manifest).encode("utf-8"))
    return manifest


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|")


def render_readme(manifest: pd.DataFrame | None = None) -> str:
    """Render ``datasets/README.md``: causal story, data cards, parameters, manifest.

    The page is generated from the same sources as :func:`describe_dataset` and
    :data:`crmkit.world.PARAMS`, so the two cannot drift apart.

    Parameters
    ----------
    manifest : pandas.DataFrame, optional
        The manifest to list; by default the one in :func:`data_dir`.

    Returns
    -------
    str
        The Markdown text.
    """
    if manifest is None:
        manifest = _read_manifest(data_dir())
    story = _world.__doc__.split("The causal story\n----------------\n", 1)[1]
    story = story.split("\nEverything random comes from", 1)[0].strip()
    lines = [
        "# Datasets: the Lanting Trading Co. (兰亭商贸) CRM world",
        "",
        "<!-- Generated by `python -m crmkit.datasets regenerate` from crmkit/world.py (its "
        "docstring and PARAMS) and crmkit/datasets.py (the data cards); edit those, then "
        "regenerate. -->",
        "",
        "Every chapter of crmkit analyses the same fictional firm. Lanting Trading Co. "
        "sells office and household supplies to consumers and businesses in five regions "
        "of China, directly and through dealers. The observation window runs from "
        f"{_world.WINDOW_START} to {_world.WINDOW_END}; money is in yuan (CNY).",
        "",
        f"The files here are the default world, `{_GENERATOR}`. Load them with "
        "`crmkit.load_dataset(name)`, read a data card with "
        "`crmkit.describe_dataset(name)`, and rebuild them byte for byte with "
        f"`{_REGENERATE}` (or into another folder with `--out DIR`; "
        "`python -m crmkit.datasets verify` checks the files against their SHA-256 "
        f"checksums). `truth.csv` holds every latent value and `params.json` every "
        "parameter (`crmkit.datasets.load_params()`), so estimators can be checked "
        "against the truth without regenerating.",
        "",
        "## The causal story",
        "",
        story,
        "",
        "## Files",
        "",
        "| name | file | rows | chapters | description |",
        "|---|---|---:|---|---|",
    ]
    for row in manifest.itertuples(index=False):
        lines.append(
            f"| {row.name} | `{row.file}` | {row.rows:,} | "
            f"{str(row.chapters).replace(';', ', ')} | {_md_escape(row.description)} |"
        )
    lines += [
        "",
        "SHA-256 checksums are in `manifest.csv`; loading verifies them.",
        "",
        "## Data cards",
        "",
    ]
    for name in DATASETS:
        card = describe_dataset(name)
        lines += [
            f"### `{name}`",
            "",
            DATASETS[name][0],
            "",
            "| column | dtype | unit | meaning | Chinese |",
            "|---|---|---|---|---|",
        ]
        for r in card.itertuples(index=False):
            lines.append(
                f"| `{r.column}` | {_md_escape(r.dtype)} | {_md_escape(r.unit)} | "
                f"{_md_escape(r.meaning)} | {r.chinese} |"
            )
        lines.append("")
    lines += [
        "## Parameters and their defaults",
        "",
        "Keyword arguments of `crmkit.world.make_world`; out-of-range values raise "
        "`ValueError` naming the parameter and the allowed range.",
        "",
        "| parameter | default | allowed | meaning |",
        "|---|---|---|---|",
    ]
    for pname, spec in _world.PARAMS.items():
        if spec.kind == "choice":
            allowed = ", ".join(f'"{k}"' for k in spec.keys)
        else:
            allowed = f"[{spec.lo:g}, {spec.hi:g}]"
            if spec.kind == "shares":
                allowed += ", summing to 1"
        default = json.dumps(spec.default, ensure_ascii=False)
        lines.append(
            f"| `{pname}` | `{_md_escape(default)}` | {allowed} | {_md_escape(spec.doc)} |"
        )
    lines += [
        "",
        "## CDNOW (real data)",
        "",
        "`crmkit.datasets.load_cdnow(path=None)` reads the CDNOW purchase log (23,570 "
        "customers who first bought in the first quarter of 1997, followed to June 1998; "
        "Fader, Hardie & Lee 2005) into the same columns as `transactions`. It is not "
        "shipped here: pass the path of `CDNOW_master.txt`, or install `lifetimes`, "
        "which ships a copy.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# CDNOW
# ---------------------------------------------------------------------------
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
        * ``revenue`` float64: the dollar value (US dollars, not yuan);
        * ``items`` int64: the number of CDs;
        * ``gross_revenue``, ``cost``, ``margin`` float64: absent from CDNOW, so all
          NaN (there is no returns, cost or margin information).

    Raises
    ------
    FileNotFoundError
        If no path is given and lifetimes is not installed, or the path does not exist.
    ValueError
        If the file is not in the CDNOW format.

    Examples
    --------
    >>> from crmkit.datasets import load_cdnow
    >>> cdnow = load_cdnow()  # doctest: +SKIP
    >>> cdnow["customer_id"].nunique()  # doctest: +SKIP
    23570
    """
    if path is None:
        found = _lifetimes_cdnow()
        if found is None:
            raise FileNotFoundError(
                "No CDNOW file given and the lifetimes package (which ships a copy) is not "
                "installed. Either install it (`python -m pip install lifetimes`) or "
                "download CDNOW_master.txt from Bruce Hardie's website "
                "(brucehardie.com/datasets) and call load_cdnow(path)."
            )
        path = found
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"The 'path' parameter of load_cdnow must name an existing CDNOW_master.txt "
            f"file. Got {str(path)!r}, which does not exist."
        )
    with path.open(encoding="utf-8") as handle:
        first = handle.readline().split()
    has_header = bool(first) and not first[0].isdigit()  # lifetimes' copy has a header
    fmt = (
        "is not in the CDNOW format (four whitespace-separated fields per line: "
        "customer id, yyyymmdd date, number of CDs, dollar value)"
    )
    try:
        raw = pd.read_csv(
            path, sep=r"\s+", header=None, skiprows=int(has_header), dtype="str", engine="c"
        )
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        raise ValueError(f"The file {str(path)!r} passed as 'path' to load_cdnow {fmt}.") from err
    if raw.shape[1] != 4 or raw.isna().any().any():
        raise ValueError(
            f"The file {str(path)!r} passed as 'path' to load_cdnow {fmt}; "
            f"it has {raw.shape[1]} fields on some lines."
        )
    try:
        customer_id = raw[0].astype(np.int64).to_numpy()
        dates = pd.to_datetime(raw[1], format="%Y%m%d")
        items = raw[2].astype(np.int64).to_numpy()
        revenue = raw[3].astype(np.float64).to_numpy()
    except ValueError as err:
        raise ValueError(
            f"The file {str(path)!r} passed as 'path' to load_cdnow {fmt}: {err}"
        ) from err
    n = len(customer_id)
    nan = np.full(n, np.nan)
    return pd.DataFrame(
        {
            "order_id": np.arange(1, n + 1, dtype=np.int64),
            "customer_id": customer_id,
            "order_date": dates.to_numpy().astype(_world.DATE_UNIT),
            "revenue": revenue,
            "gross_revenue": nan,
            "cost": nan.copy(),
            "margin": nan.copy(),
            "items": items,
        }
    )


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m crmkit.datasets {regenerate,verify,list}``."""
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.datasets", description="Manage crmkit's shipped datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    reg = sub.add_parser("regenerate", help="rebuild every dataset file byte for byte")
    reg.add_argument(
        "--out", default=None, help="folder to write to (default: the repository's datasets/)"
    )
    ver = sub.add_parser("verify", help="check every file against manifest.csv")
    ver.add_argument("--dir", default=None, help="folder to check (default: installed data)")
    sub.add_parser("list", help="list the datasets")
    args = parser.parse_args(argv)
    if args.command == "regenerate":
        try:
            manifest = regenerate(args.out)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        folder = _repo_datasets() if args.out is None else Path(args.out)
        for row in manifest.itertuples(index=False):
            print(f"{row.file:20s} {row.rows:>8,} rows  {row.sha256[:12]}")
        print(f"wrote {len(manifest)} files, manifest.csv and README.md to {folder}")
        return 0
    if args.command == "verify":
        folder = _resolve_dir(args.dir)
        bad = 0
        for file in _read_manifest(folder)["file"]:
            try:
                _verified_path(file, folder)
            except (OSError, FileNotFoundError) as err:
                bad += 1
                print(err, file=sys.stderr)
        print(f"{'all files match' if not bad else f'{bad} file(s) failed'} ({folder})")
        return 1 if bad else 0
    for name in list_datasets():
        print(f"{name:14s} {DATASETS[name][0]}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
