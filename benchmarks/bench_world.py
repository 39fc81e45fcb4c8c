"""Benchmark the world generator: a 1,000,000-customer world, time and peak memory.

Run from the repository root::

    .venv/bin/python benchmarks/bench_world.py [--customers 1000000] [--no-write]

Each measurement runs in a fresh subprocess, so peak memory (``ru_maxrss`` of that
process) is not polluted by earlier runs. Three figures are compared in the same run:

* ``make_world(n)`` for the big world;
* the default 4,000-customer world, scaled linearly to n customers (does the
  generator scale linearly?);
* a plain-numpy floor: drawing just the same number of orders and order lines (one
  date, customer and value per order; one product, quantity and price per line) and
  putting them in DataFrames, which no generator of these tables can beat by much.

The script rewrites its section of ``benchmarks/README.md`` between
``<!-- bench:world:start -->`` and ``<!-- bench:world:end -->``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- bench:world:start -->", "<!-- bench:world:end -->"
TARGET_SECONDS, TARGET_GB = 60.0, 4.0

_WORLD = """
import json, resource, sys, time
t0 = time.perf_counter()
from crmkit.world import make_world
t1 = time.perf_counter()
w = make_world({n}, seed=2026)
t2 = time.perf_counter()
rows = {{name: len(df) for name, df in w.tables().items()}}
print(json.dumps({{"seconds": t2 - t1, "import_seconds": t1 - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": rows}}))
"""

_FLOOR = """
import json, resource, time
import numpy as np, pandas as pd
n_orders, n_lines, n = {n_orders}, {n_lines}, {n}
t1 = time.perf_counter()
rng = np.random.default_rng(2026)
orders = pd.DataFrame({{
    "order_id": np.arange(1, n_orders + 1),
    "customer_id": rng.integers(1, n + 1, n_orders),
    "order_date": np.datetime64("2023-01-01") + rng.integers(0, 1096, n_orders),
    "value": rng.gamma(6.0, 50.0, n_orders),
}})
lines = pd.DataFrame({{
    "order_id": rng.integers(1, n_orders + 1, n_lines),
    "product_id": rng.integers(1, 61, n_lines),
    "quantity": 1 + rng.poisson(2.0, n_lines),
    "unit_price": rng.gamma(2.0, 50.0, n_lines).round(2),
}})
t2 = time.perf_counter()
print(json.dumps({{"seconds": t2 - t1,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

_LOAD = """
import json, resource, sys, time
t0 = time.perf_counter()
import crmkit.datasets as d
tx = d.load_dataset("transactions")
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "world": "crmkit.world" in sys.modules,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_IDLE = """
import json, resource
import numpy, pandas, crmkit.world
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(n: int) -> dict:
    """Run every measurement in its own subprocess and return the figures."""
    idle = _run(_IDLE)
    load = min((_run(_LOAD) for _ in range(3)), key=lambda r: r["seconds"])
    small = min(_run(_WORLD.format(n=4000))["seconds"] for _ in range(3))
    big = _run(_WORLD.format(n=n))
    rows = big["rows"]
    floor = _run(_FLOOR.format(n=n, n_orders=rows["orders"], n_lines=rows["order_lines"]))
    return {
        "n": n,
        "idle": idle,
        "load": load,
        "small_seconds": small,
        "big": big,
        "floor": floor,
    }


def render(fig: dict) -> str:
    """Markdown for the README section."""
    n, big, floor = fig["n"], fig["big"], fig["floor"]
    rows = big["rows"]
    scaled = fig["small_seconds"] * n / 4000
    gb = big["peak_mb"] / 1024
    ok = big["seconds"] < TARGET_SECONDS and gb < TARGET_GB
    cpu = os.cpu_count()
    import numpy
    import pandas

    lines = [
        f"Recorded by `benchmarks/bench_world.py` on {cpu} cores, Python "
        f"{platform.python_version()}, numpy {numpy.__version__}, pandas "
        f"{pandas.__version__}. Each figure comes from a fresh subprocess; peak memory is "
        "that process's maximum resident set size.",
        "",
        f"World of {n:,} customers: {rows['orders']:,} orders, {rows['order_lines']:,} order "
        f"lines, {rows['contacts']:,} contacts, {rows['exits']:,} exits, "
        f"{rows['mailing']:,} mailed.",
        "",
        "| run | wall time (s) | peak memory (MB) |",
        "|---|---:|---:|",
        f"| `make_world({n:_})` | {big['seconds']:.1f} | {big['peak_mb']:,.0f} |",
        f"| default world (4,000 customers; best of 3) | {fig['small_seconds']:.2f} | |",
        f"| default world scaled linearly to {n:,} | {scaled:.1f} | |",
        f"| plain-numpy floor: draw the same orders and lines into DataFrames | "
        f"{floor['seconds']:.1f} | {floor['peak_mb']:,.0f} |",
        f"| idle interpreter with numpy, pandas and crmkit.world imported | | "
        f"{fig['idle']['peak_mb']:,.0f} |",
        f"| import crmkit.datasets and load the shipped `transactions`, checksums verified "
        f"(best of 3; the simulator {'was' if fig['load']['world'] else 'was not'} "
        f"imported) | {fig['load']['seconds']:.2f} | {fig['load']['peak_mb']:,.0f} |",
        "",
        f"Target: under {TARGET_SECONDS:.0f} s and {TARGET_GB:.0f} GB on a 2-core machine: "
        f"**{'met' if ok else 'NOT met'}** ({big['seconds']:.1f} s, {gb:.2f} GB). The "
        f"generator costs {big['seconds'] / max(floor['seconds'], 1e-9):.1f} times the "
        "plain-numpy floor, which draws nothing but the raw columns.",
    ]
    return "\n".join(lines)


def write_readme(section: str, path: Path = README) -> None:
    """Replace the text between this script's markers in benchmarks/README.md."""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{path} has no {START} ... {END} markers.")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{section}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="print the section instead of rewriting benchmarks/README.md",
    )
    args = parser.parse_args(argv)
    section = render(measure(args.customers))
    print(section)
    if not args.no_write:
        write_readme(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
