"""Benchmark: RFM summary + scoring of a 1,000,000-row log of 50,000 customers.

Compared in one run, on the same rows:

* crmkit: ``rfm_summary`` + ``rfm_score`` (segmentation convention, quintiles, independent
  sorting), and the same with the buy-till-you-die convention and with nested sorting;
* a plain pandas ``groupby`` computing min date, max date, count and sum per customer
  (the least any RFM summary must do);
* lifetimes' ``summary_data_from_transaction_data`` (btyd convention), if installed,
  checked to give the same numbers, then timed on the full log in the first
  ``--lifetimes-repeats`` rounds (3 by default) of the same interleaved loop.

Targets (issue 6): crmkit within 1.5x the plain groupby, and at least 20x faster than
lifetimes. Times are medians of several interleaved repeats.

Run: ``.venv/bin/python benchmarks/bench_rfm.py [--repeats 7] [--no-write]``. The script
rewrites the ``bench:rfm`` section of ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crmkit.rfm import rfm_score, rfm_summary  # noqa: E402

N_ROWS = 1_000_000
N_CUSTOMERS = 50_000
SEED = 2026
ANALYSIS_DATE = pd.Timestamp("2026-01-01")
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- bench:rfm:start -->", "<!-- bench:rfm:end -->"


def make_log(seed: int = SEED) -> pd.DataFrame:
    """Synthetic purchase log: skewed customer activity over three years, to the second."""
    rng = np.random.default_rng(seed)
    # heavy buyers and light buyers: customer weights from a gamma distribution
    weights = rng.gamma(0.8, 1.0, N_CUSTOMERS)
    customers = rng.choice(np.arange(1, N_CUSTOMERS + 1), size=N_ROWS, p=weights / weights.sum())
    seconds = rng.integers(0, 3 * 365 * 86_400, N_ROWS)
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(seconds, unit="s")
    order = np.argsort(seconds, kind="stable")  # a log is in time order, like the world's
    return pd.DataFrame(
        {
            "order_id": np.arange(1, N_ROWS + 1),
            "customer_id": customers[order],
            "order_date": dates[order],
            "revenue": rng.gamma(2.0, 60.0, N_ROWS).round(2),
        }
    )


def plain_groupby(log: pd.DataFrame) -> pd.DataFrame:
    return log.groupby("customer_id").agg(
        first=("order_date", "min"),
        last=("order_date", "max"),
        orders=("order_id", "count"),
        revenue=("revenue", "sum"),
    )


def crmkit_segmentation(log: pd.DataFrame):
    return rfm_score(rfm_summary(log, analysis_date=ANALYSIS_DATE))


def crmkit_nested(log: pd.DataFrame):
    return rfm_score(rfm_summary(log, analysis_date=ANALYSIS_DATE), method="nested")


def crmkit_btyd(log: pd.DataFrame):
    return rfm_score(rfm_summary(log, analysis_date=ANALYSIS_DATE, convention="btyd"))


def crmkit_btyd_summary_only(log: pd.DataFrame):
    return rfm_summary(log, analysis_date=ANALYSIS_DATE, convention="btyd")


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="do not rewrite the README")
    parser.add_argument("--lifetimes-repeats", type=int, default=3)
    parser.add_argument("--skip-lifetimes", action="store_true")
    args = parser.parse_args(argv)

    log = make_log()
    candidates = {
        "pandas groupby (min, max, count, sum)": plain_groupby,
        "crmkit rfm_summary + rfm_score (segmentation, independent)": crmkit_segmentation,
        "crmkit rfm_summary + rfm_score (segmentation, nested)": crmkit_nested,
        "crmkit rfm_summary + rfm_score (btyd, independent)": crmkit_btyd,
        "crmkit rfm_summary only (btyd), like for like with lifetimes": crmkit_btyd_summary_only,
    }
    run_lifetimes = None
    lifetimes_note = "lifetimes is not installed"
    if not args.skip_lifetimes:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from lifetimes.utils import summary_data_from_transaction_data
        except ImportError:
            pass
        else:

            def run_lifetimes():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # its own pandas deprecation warnings
                    return summary_data_from_transaction_data(
                        log,
                        "customer_id",
                        "order_date",
                        monetary_value_col="revenue",
                        observation_period_end=ANALYSIS_DATE,
                        freq="D",
                    )

            # same numbers first: a fast wrong answer would be no achievement
            expected = run_lifetimes()
            ours = rfm_summary(log, analysis_date=ANALYSIS_DATE, convention="btyd")
            cols = ["frequency", "recency", "T", "monetary_value"]
            pd.testing.assert_frame_equal(ours[cols], expected[cols], check_exact=False, rtol=1e-10)
            lifetimes_note = (
                "lifetimes `summary_data_from_transaction_data` (btyd summary only; its "
                "result equals crmkit's btyd summary to 1e-10)"
            )

    for func in candidates.values():  # warm-up (imports, caches)
        func(log)
    times: dict[str, list[float]] = {name: [] for name in candidates}
    lt_times: list[float] = []
    for i in range(args.repeats):  # interleaved, so background load hits all alike
        for name, func in candidates.items():
            times[name].append(timed(func, log))
        if run_lifetimes is not None and i < args.lifetimes_repeats:
            lt_times.append(timed(run_lifetimes))
    medians = {name: float(np.median(t)) for name, t in times.items()}
    base = medians["pandas groupby (min, max, count, sum)"]
    lifetimes_time = float(np.median(lt_times)) if lt_times else None

    rows = []
    for name, med in medians.items():
        spread = f"{min(times[name]) * 1000:.0f}-{max(times[name]) * 1000:.0f}"
        rows.append((name, med, spread))
    lines = [
        f"Log: {N_ROWS:,} rows, {N_CUSTOMERS:,} customers (seed {SEED}), one row per order, "
        "dates to the second over three years; analysis date "
        f"{ANALYSIS_DATE.date()}. Median of {args.repeats} interleaved repeats.",
        "",
        "| what | median (ms) | range (ms) | vs plain groupby |",
        "|---|---:|---:|---:|",
    ]
    for name, med, spread in rows:
        lines.append(f"| {name} | {med * 1000:.0f} | {spread} | {med / base:.2f}x |")
    if lifetimes_time is not None:
        lines.append(
            f"| {lifetimes_note} | {lifetimes_time * 1000:.0f} | "
            f"{min(lt_times) * 1000:.0f}-{max(lt_times) * 1000:.0f} | "
            f"{lifetimes_time / base:.1f}x |"
        )
    seg = medians["crmkit rfm_summary + rfm_score (segmentation, independent)"]
    btyd = medians["crmkit rfm_summary + rfm_score (btyd, independent)"]
    lines += [
        "",
        f"- Target 1, within 1.5x the plain groupby: segmentation summary + scoring takes "
        f"**{seg / base:.2f}x** ({'met' if seg / base <= 1.5 else 'NOT met'}); "
        f"btyd {btyd / base:.2f}x.",
    ]
    if lifetimes_time is not None:
        only = medians["crmkit rfm_summary only (btyd), like for like with lifetimes"]
        speedup, speedup_only = lifetimes_time / btyd, lifetimes_time / only
        lines.append(
            f"- Target 2, at least 20x faster than lifetimes: crmkit's btyd summary + scoring "
            f"is **{speedup:.1f}x** faster ({'met' if speedup >= 20 else 'NOT met'}); the "
            f"summary alone, which is all lifetimes computes, is {speedup_only:.1f}x faster. "
            f"lifetimes' median is over {len(lt_times)} runs interleaved with the others."
        )
    else:
        lines.append(f"- Target 2 not measured: {lifetimes_note}.")
    try:
        lifetimes_version = f", lifetimes {metadata.version('lifetimes')}"
    except metadata.PackageNotFoundError:
        lifetimes_version = ""
    lines += [
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, pandas "
        f"{pd.__version__}, numpy {np.__version__}{lifetimes_version}. Timings on a shared "
        "machine vary by 10-30% between runs; the ratios are steadier than the absolute times.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        readme = README.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
        if not pattern.search(readme):
            raise SystemExit(f"markers {START} ... {END} not found in {README}")
        README.write_text(
            pattern.sub(lambda _: f"{START}\n{text}\n{END}", readme), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
