"""Maintainer commands for the shipped datasets: regenerate, verify, list.

The files in ``datasets/`` are the default world, ``make_world(4000, seed=2026)``,
written byte for byte: the same code always writes the same bytes, and
``manifest.csv`` records each file's row count and SHA-256. This module writes them;
the installed package only reads them (:mod:`crmkit.datasets`). Run from the
repository root::

    python3 kit.py datasets regenerate [--out DIR]   # rebuild every file, README too
    python3 kit.py datasets verify [--dir DIR]       # check every file and the manifest
    python3 kit.py datasets list                     # the datasets and what they hold

(``python -m tools.datasets ...`` does the same.) After a change to the generator,
the schema or the parameters: regenerate, paste the manifest hash the command prints
into ``crmkit.datasets.MANIFEST_SHA256``, commit the new files, and re-execute every
notebook.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmkit import datasets as D
from crmkit import params as P
from crmkit import schema as S

REPO = Path(__file__).resolve().parent.parent
README = "README.md"


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def csv_bytes(name: str, df: pd.DataFrame) -> bytes:
    """Serialise a table with fixed float formatting, so the output is byte-stable.

    Floats are written with the column's ``decimals`` (``-0.00`` as ``0.00``, NaN as
    an empty cell), dates as ``yyyy-mm-dd``, lines end in ``\\n``, text is UTF-8.
    """
    out = {}
    for col in S.SCHEMA[name]:
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


def params_bytes(params: dict[str, Any]) -> bytes:
    """``params.json``: sorted keys, two-space indent, UTF-8, one final newline."""
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
        ``datasets/`` folder.

    Returns
    -------
    pandas.DataFrame
        The manifest that was written.
    """
    from crmkit.world import make_world  # only the writer needs the simulator

    folder = REPO / "datasets" if out is None else Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    w = make_world(D.DEFAULT_N_CUSTOMERS, seed=D.DEFAULT_SEED)
    frames = {**w.tables(), "truth": w.truth}
    rows = []
    for name, (desc, chapters) in D.DATASETS.items():
        data = csv_bytes(name, frames[name])
        (folder / f"{name}.csv").write_bytes(data)
        rows.append(
            [
                name,
                f"{name}.csv",
                desc,
                chapters,
                D.GENERATOR,
                D.DEFAULT_SEED,
                len(frames[name]),
                hashlib.sha256(data).hexdigest(),
            ]
        )
    pdata = params_bytes(w.params)
    (folder / D.PARAMS_FILE).write_bytes(pdata)
    rows.append(
        [
            "params",
            D.PARAMS_FILE,
            "Every parameter of the default world, including the true effects (JSON).",
            "4;5;6",
            D.GENERATOR,
            D.DEFAULT_SEED,
            len(w.params),
            hashlib.sha256(pdata).hexdigest(),
        ]
    )
    manifest = pd.DataFrame(rows, columns=D.MANIFEST_COLUMNS)
    buf = io.StringIO()
    manifest.to_csv(buf, index=False, lineterminator="\n")
    (folder / D.MANIFEST).write_bytes(buf.getvalue().encode("utf-8"))
    (folder / README).write_bytes(render_readme(manifest).encode("utf-8"))
    return manifest


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|")


def render_readme(manifest: pd.DataFrame | None = None) -> str:
    """Render ``datasets/README.md``: causal story, data cards, parameters, manifest.

    The page is generated from the same sources as :func:`crmkit.describe_dataset`
    (:mod:`crmkit.schema`), :data:`crmkit.params.PARAMS` and
    :data:`crmkit.world.CAUSAL_STORY`, so they cannot drift apart.

    Parameters
    ----------
    manifest : pandas.DataFrame, optional
        The manifest to list; by default the one in :func:`crmkit.datasets.data_dir`.

    Returns
    -------
    str
        The Markdown text.
    """
    from crmkit.world import CAUSAL_STORY

    if manifest is None:
        manifest = D._read_manifest(D.data_dir())
    lines = [
        "# Datasets: the Lanting Trading Co. (兰亭商贸) CRM world",
        "",
        f"<!-- Generated by `{D.REGENERATE}` (tools/datasets.py) from crmkit/world.py "
        "(CAUSAL_STORY), crmkit/params.py (PARAMS), crmkit/schema.py (the data cards) "
        "and crmkit/datasets.py (the descriptions); edit those, then regenerate. -->",
        "",
        "Every chapter of crmkit analyses the same fictional firm. Lanting Trading Co. "
        "sells office and household supplies to consumers and businesses in five regions "
        "of China, directly and through dealers. The observation window runs from "
        f"{S.WINDOW_START} to {S.WINDOW_END}; money is in yuan (CNY).",
        "",
        f"The files here are the default world, `{D.GENERATOR}`. Load them with "
        "`crmkit.load_dataset(name)`, read a data card with "
        "`crmkit.describe_dataset(name)`, and rebuild them byte for byte with "
        f"`{D.REGENERATE}` (or into another folder with `--out DIR`; "
        "`python3 kit.py datasets verify`, or `crmkit.datasets.verify_datasets()` in an "
        "installed crmkit, checks the files against their SHA-256 checksums). "
        "`truth.csv` holds every latent value and `params.json` every "
        "parameter (`crmkit.datasets.load_params()`), so estimators can be checked "
        "against the truth without regenerating.",
        "",
        "## The causal story",
        "",
        CAUSAL_STORY.strip(),
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
        "SHA-256 checksums are in `manifest.csv`, whose own checksum is pinned in "
        "`crmkit.datasets.MANIFEST_SHA256`; loading verifies both, and checks each "
        "file's row count even with `verify=False`.",
        "",
        "## Data cards",
        "",
    ]
    lines += _data_cards()
    lines += _parameter_table()
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


def _data_cards() -> list[str]:
    lines = []
    for name in D.DATASETS:
        card = D.describe_dataset(name)
        lines += [
            f"### `{name}`",
            "",
            D.DATASETS[name][0],
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
    return lines


def _parameter_table() -> list[str]:
    lines = [
        "## Parameters and their defaults",
        "",
        "Keyword arguments of `crmkit.world.make_world`; out-of-range values raise "
        "`ValueError` naming the parameter and the allowed range.",
        "",
        "| parameter | default | allowed | meaning |",
        "|---|---|---|---|",
    ]
    for pname, spec in P.PARAMS.items():
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
    return lines


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """``regenerate [--out DIR]``, ``verify [--dir DIR]`` or ``list``; returns the exit code.

    ``regenerate`` exits 0 and prints each file's rows and hash prefix, then the
    manifest's SHA-256 (with a reminder when it differs from
    ``crmkit.datasets.MANIFEST_SHA256``). ``verify`` exits 1 when any file (or the
    manifest) fails, printing each problem to stderr.
    """
    parser = argparse.ArgumentParser(
        prog="python3 kit.py datasets", description="Manage crmkit's shipped datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    reg = sub.add_parser("regenerate", help="rebuild every dataset file byte for byte")
    reg.add_argument(
        "--out", default=None, help="folder to write to (default: the repository's datasets/)"
    )
    ver = sub.add_parser("verify", help="check every file against manifest.csv")
    ver.add_argument("--dir", default=None, help="folder to check (default: the installed data)")
    sub.add_parser("list", help="list the datasets")
    args = parser.parse_args(argv)
    if args.command == "regenerate":
        return _cmd_regenerate(args.out)
    if args.command == "verify":
        report = D.verify_datasets(args.dir)
        for problem in report.loc[~report["ok"], "problem"]:
            print(problem, file=sys.stderr)
        bad = int((~report["ok"]).sum())
        folder = D.data_dir() if args.dir is None else Path(args.dir)
        print(f"{'all files match' if not bad else f'{bad} file(s) failed'} ({folder})")
        return 1 if bad else 0
    for name in D.list_datasets():
        print(f"{name:14s} {D.DATASETS[name][0]}")
    return 0


def _cmd_regenerate(out: str | None) -> int:
    manifest = regenerate(out)
    folder = REPO / "datasets" if out is None else Path(out)
    for row in manifest.itertuples(index=False):
        print(f"{row.file:20s} {row.rows:>8,} rows  {row.sha256[:12]}")
    digest = hashlib.sha256((folder / D.MANIFEST).read_bytes()).hexdigest()
    print(f"wrote {len(manifest)} files, manifest.csv and README.md to {folder}")
    print(f"manifest.csv SHA-256 {digest}")
    if digest != D.MANIFEST_SHA256:
        print(
            "The manifest changed: set MANIFEST_SHA256 in crmkit/datasets.py to the hash "
            "above and commit it with the new files, or loading will refuse them."
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
