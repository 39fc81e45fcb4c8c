"""Benchmark: a user's transaction log of 100 million rows, on one 2-core machine.

Issue 20: import -> validation report -> buy-till-you-die summary (weekly histories)
-> BG/NBD fit, with DuckDB's memory limit set, under 5 minutes and
4 GB peak resident memory; beside it the pandas route on the largest log pandas holds.

The log is generated here by DuckDB (never stored in the repository): about ``--rows``
orders of ``rows / 4.6`` customers over two years from a buy-till-you-die process,
written as Parquet files into ``benchmarks/_out/`` (git-ignored). Each measured run is
a fresh subprocess, so its peak resident set size (``ru_maxrss``) is its own, DuckDB's
memory included.

Run: ``.venv/bin/python benchmarks/bench_log.py [--rows 100000000] [--repeats 5]
[--pandas-rows 20000000] [--no-write]``. It rewrites the ``bench:log`` section of
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "_out"
README = ROOT / "benchmarks" / "README.md"
ROWS_PER_CUSTOMER = 4.6  # about what the process below gives in two years
MEMORY_LIMIT = "2GB"  # DuckDB's own limit; the process also holds Python and the summary
ANALYSIS_DATE = "2025-12-31"
TARGET_SECONDS, TARGET_GB = 300, 4.0

# One measured run of the kit's route, in a fresh process (argv: folder, memory limit).
KIT_RUN = r"""
import json, resource, sys, time, warnings
import duckdb
from crmkit import btyd, log_import, log_summaries
folder, limit = sys.argv[1], sys.argv[2]
con = duckdb.connect(config={"memory_limit": limit, "threads": 2})
con.execute("SET enable_progress_bar = false")
times, t0 = {}, time.perf_counter()
log_import.open_log(folder, con=con, columns={"customer_id": "customer_id",
                    "date": "order_date", "amount": "revenue"})
times["import"] = time.perf_counter() - t0
t = time.perf_counter()
report = log_import.log_report(con, as_of="2025-12-31").set_index("check")["rows"]
times["report"] = time.perf_counter() - t
t = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    histories = log_summaries.btyd_histories_sql(con, analysis_date=sys.argv[3], freq="W")
times["summary"] = time.perf_counter() - t
t = time.perf_counter()
model = btyd.BGNBD().fit(histories, count_col="customers")
times["fit"] = time.perf_counter() - t
times["total"] = time.perf_counter() - t0
print(json.dumps({"times": times, "rows": int(report["rows read"]),
                  "customers": int(histories["customers"].sum()), "histories": len(histories),
                  "params": model.params_.round(6).tolist(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# The pandas route: the whole log read into a DataFrame, then the same steps in pandas.
PANDAS_RUN = r"""
import json, resource, sys, time, warnings
import duckdb
from crmkit import btyd
from crmkit.summaries import btyd_summary
folder = sys.argv[1]
times, t0 = {}, time.perf_counter()
duckdb.execute("SET enable_progress_bar = false")
log = duckdb.sql(f"SELECT customer_id, order_date, revenue FROM read_parquet('{folder}/*.parquet')").df()
times["import"] = time.perf_counter() - t0
t = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    summary = btyd_summary(log, analysis_date=sys.argv[2], freq="W")
times["summary"] = time.perf_counter() - t
t = time.perf_counter()
model = btyd.BGNBD().fit(summary)
times["fit"] = time.perf_counter() - t
times["total"] = time.perf_counter() - t0
print(json.dumps({"times": times, "rows": len(log), "customers": len(summary),
                  "params": model.params_.round(6).tolist(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(rows: int, folder: Path, seed: int = 2026) -> float:
    """Write a synthetic log of ``rows`` orders as Parquet files; return seconds taken."""
    import duckdb

    marker = folder.parent / f"{folder.name}.done"
    if marker.exists():  # made by an earlier run, which recorded how long it took
        return float(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    customers = max(int(rows / ROWS_PER_CUSTOMER), 1)
    start = time.perf_counter()
    with duckdb.connect(config={"threads": 2, "memory_limit": MEMORY_LIMIT}) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("SELECT setseed($s)", {"s": (seed % 1000) / 1000})
        parts = max(customers // 2_000_000, 1)
        for part in range(parts):
            lo = part * customers // parts + 1
            hi = (part + 1) * customers // parts + 1
            # A buy-till-you-die process, customer by customer: a purchase rate from an
            # exponential (gamma with shape 1) distribution, a drop-out probability from a
            # beta(1, 4), a first purchase in 2024, purchases at exponential gaps, and
            # after each purchase a chance to drop out (the repeat count is geometric).
            con.execute(
                f"""COPY (
                WITH cust AS (
                    SELECT i AS c, -ln(1 - random()) / 60.0 AS lam,
                           1 - pow(1 - random(), 0.25) AS p, random() AS u,
                           floor(random() * 365) AS d0
                    FROM range({lo}, {hi}) AS t(i)
                ), counted AS (
                    SELECT c, lam, d0,
                           CAST(least(floor(ln(1 - u) / ln(1 - greatest(p, 1e-9))), 400) AS BIGINT) AS k
                    FROM cust
                ), orders AS (
                    SELECT c, lam, d0, unnest(range(k + 1)) AS j FROM counted
                ), timed AS (
                    SELECT c, d0 + sum(CASE WHEN j = 0 THEN 0.0 ELSE -ln(1 - random()) / lam END)
                               OVER (PARTITION BY c ORDER BY j) AS day
                    FROM orders
                )
                SELECT c AS customer_id,
                       TIMESTAMP '2024-01-01' + to_seconds(CAST(day * 86400 AS BIGINT)) AS order_date,
                       round(exp(3.5 + 0.8 * sqrt(-2 * ln(1 - random())) * cos(6.283185 * random())), 2)
                           AS revenue
                FROM timed
                WHERE day < 730
            ) TO '{folder}/part-{part:03d}.parquet' (FORMAT parquet)"""
            )
    seconds = time.perf_counter() - start
    marker.write_text(f"{seconds:.1f}")
    return seconds


def measure(script: str, args: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    totals = [r["times"]["total"] for r in runs]
    peaks = [r["peak_mb"] for r in runs]
    steps = {k: statistics.median(r["times"][k] for r in runs) for k in runs[0]["times"]}
    return {
        "total": (statistics.median(totals), min(totals), max(totals)),
        "peak": (statistics.median(peaks), min(peaks), max(peaks)),
        "steps": steps,
        "rows": runs[0]["rows"],
        "customers": runs[0]["customers"],
        "params": runs[0]["params"],
    }


def section(kit: dict, pandas: dict | None, args: argparse.Namespace, gen_seconds: float) -> str:
    t, p = kit["total"], kit["peak"]
    met_t = t[2] <= TARGET_SECONDS
    met_m = p[2] / 1024 <= TARGET_GB
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in kit["steps"].items() if k != "total")
    lines = [
        f"Recorded by `benchmarks/bench_log.py` on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; DuckDB memory limit {MEMORY_LIMIT}, 2 threads. "
        f"Log: {kit['rows']:,} orders over 2024-2025 from a buy-till-you-die process (exponential purchase rates, beta drop-out, first purchases in 2024), "
        f"Parquet written by DuckDB in {gen_seconds:.0f} s (not in the repository). Each run is a "
        "fresh process; peak memory is its maximum resident set size.",
        "",
        "| route | log rows | customers fitted | total (s): median (range) | peak memory (MB): median (range) |",
        "|---|---:|---:|---:|---:|",
        f"| kit: `open_log` -> `log_report` -> `btyd_histories_sql` (weeks) -> "
        f"`BGNBD().fit(count_col=...)` "
        f"({args.repeats} runs) | {kit['rows']:,} | {kit['customers']:,} | {t[0]:.0f} ({t[1]:.0f}-{t[2]:.0f}) "
        f"| {p[0]:,.0f} ({p[1]:,.0f}-{p[2]:,.0f}) |",
    ]
    if pandas is not None:
        tp, pp = pandas["total"], pandas["peak"]
        lines.append(
            f"| pandas: whole log in a DataFrame -> `btyd_summary` (weeks) -> `BGNBD().fit` "
            f"({args.pandas_repeats} runs) | {pandas['rows']:,} | {pandas['customers']:,} | "
            f"{tp[0]:.0f} ({tp[1]:.0f}-{tp[2]:.0f}) | {pp[0]:,.0f} ({pp[1]:,.0f}-{pp[2]:,.0f}) |"
        )
    lines += [
        "",
        f"Kit route, median by step: {steps}.",
        "",
        f"- Target, under {TARGET_SECONDS // 60} minutes over the whole range: "
        f"**{'met' if met_t else 'not met'}** (slowest run {t[2]:.0f} s).",
        f"- Target, under {TARGET_GB:.0f} GB peak resident memory over the whole range: "
        f"**{'met' if met_m else 'not met'}** (largest {p[2] / 1024:.2f} GB).",
    ]
    return "\n".join(lines)


def write(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    block = f"<!-- bench:log:start -->\n{text}\n<!-- bench:log:end -->"
    if "<!-- bench:log:start -->" in readme:
        readme = re.sub(
            r"<!-- bench:log:start -->.*<!-- bench:log:end -->", lambda _: block, readme, flags=re.S
        )
    else:
        readme = (
            readme.rstrip()
            + "\n\n## A user's log of 100 million rows (`bench_log.py`)\n"
            + block
            + "\n"
        )
    README.write_text(readme, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pandas-rows", type=int, default=20_000_000)
    parser.add_argument("--pandas-repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = OUT / f"log_{args.rows}"
    gen = generate(args.rows, folder)
    kit = summarise(
        [measure(KIT_RUN, [str(folder), MEMORY_LIMIT, ANALYSIS_DATE]) for _ in range(args.repeats)]
    )
    pandas = None
    if args.pandas_rows:
        small = OUT / f"log_{args.pandas_rows}"
        generate(args.pandas_rows, small)
        pandas = summarise(
            [measure(PANDAS_RUN, [str(small), ANALYSIS_DATE]) for _ in range(args.pandas_repeats)]
        )
    text = section(kit, pandas, args, gen)
    print(text)
    if not args.no_write:
        write(text)


if __name__ == "__main__":
    main()
