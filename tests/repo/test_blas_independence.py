"""Every number a chapter prints is the same whichever BLAS kernel the CPU gets.

OpenBLAS picks a kernel for the CPU it runs on (Haswell, SkylakeX, Zen, ...), and the
last bits of a matrix factorisation depend on it. A printed random result drawn through
such a factorisation (``multivariate_normal`` goes through an SVD) then differs from one
machine to the next, and the stored notebook no longer reproduces. The chapters draw
their randomness so that it does not depend on the kernel; this test proves it by
running strict nbval over every chapter in a fresh process under other kernels than
the one the main run uses (``OPENBLAS_CORETYPE`` set for that process only).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: kernel -> the CPU flag it needs
KERNELS = {"Sandybridge": "avx", "Haswell": "avx2"}


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def _kernels_to_run() -> list[str]:
    current = os.environ.get("OPENBLAS_CORETYPE", "").lower()
    # the main nbval run of `kit.py test` already covers the kernel in force
    return [k for k in KERNELS if k.lower() != current]


@pytest.mark.slow
@pytest.mark.skipif(platform.machine() not in {"x86_64", "AMD64"}, reason="x86-64 kernels only")
@pytest.mark.parametrize("kernel", _kernels_to_run())
def test_chapters_reproduce_under_another_blas_kernel(kernel):
    if KERNELS[kernel] not in _cpu_flags():
        pytest.skip(f"this CPU lacks {KERNELS[kernel]}, which the {kernel} kernel needs")
    env = {**os.environ, "OPENBLAS_CORETYPE": kernel}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import numpy, threadpoolctl; "
            "print(*{i['architecture'] for i in threadpoolctl.threadpool_info()})",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split() == [kernel], f"OpenBLAS did not take {kernel}: {probe.stdout}"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            *CHAPTERS,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, (
        f"strict nbval failed under OPENBLAS_CORETYPE={kernel}: a printed number depends on "
        f"the BLAS kernel\n{run.stdout[-6000:]}"
    )
