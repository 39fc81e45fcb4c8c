"""Maintainer check: list the results that two chapter notebooks both print (issue 18).

Each analysis is printed once, by the chapter that owns it; other chapters point to it.
This module reads the *stored outputs* of executed notebooks and lists every pair of
outputs, from two different chapters, that print the same numbers.

How outputs are compared
------------------------
- An *output* is one table or one block of printed text: a DataFrame's HTML table (its
  data cells only, so row labels and headers do not count), a Series or other plain-text
  result, or a block of a cell's printed text (blocks are separated by blank lines).
- The *numbers* of an output are read from its text with their printed precision
  (``66.1%`` is 0.661 to the nearest 0.001, ``5,612,873`` is 5612873 to the nearest 1),
  so the same result matches however it is formatted. Signs are ignored.
- Numbers that are no evidence of a repeat are left out: zero, numbers with one
  significant digit (0.2, 5, 100: settings, cut-offs and ranks, not results), whole
  numbers below 100 (counts, positions, row labels), years (whole numbers 1900-2100)
  and the row counts of the shipped datasets (``datasets/manifest.csv``: every chapter
  says how much data it loads). Each output keeps each number once, so a symmetric
  matrix does not count a coincidence twice.
- Two numbers *match* when the more precise one, rounded to the precision of the other,
  gives the other (0.661 matches 0.66 and 66.1%), compared to at most four significant
  digits.
- Two outputs *repeat* each other when they share more matching numbers than chance
  explains: with ``expected`` the number of matches two unrelated outputs with these
  numbers and precisions would show (each pair of numbers of the same order of
  magnitude matches with probability tolerance / width of the decade), the chance of at
  least the observed number of matches (Poisson) is below ``alpha`` (1e-4 by default;
  a course has some 20,000 pairs of outputs from different chapters).

Run it: ``python -m tools.repeats [notebooks ...]`` prints the repeated pairs.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from scipy.stats import poisson

ROOT = Path(__file__).resolve().parents[1]
ALPHA = 1e-4
MAX_DIGITS = 4  # numbers are compared to at most this many significant digits

# a number not glued to a word or another number: 1,234.5  66.1%  0.407  -3  +11.5%
_NUMBER = re.compile(r"(?<![\w.])[-+−]?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(%?)(?!\w|\.\d)")


@dataclass(frozen=True)
class Number:
    """A printed number: its value and the unit of its last printed digit."""

    value: float
    unit: float
    text: str

    @property
    def decade(self) -> int:
        """The order of magnitude: 0.661 -> -1, 724 -> 2."""
        return math.floor(math.log10(self.value))

    @property
    def tolerance(self) -> float:
        """Half a unit in the last place, at most ``MAX_DIGITS`` significant digits."""
        return max(self.unit, 10.0 ** (self.decade - MAX_DIGITS + 1)) / 2


def dataset_sizes(manifest: Path | None = None) -> frozenset[int]:
    """The row counts of the shipped datasets, read from ``datasets/manifest.csv``."""
    path = manifest or ROOT / "datasets" / "manifest.csv"
    if not path.exists():
        return frozenset()
    rows = pd.read_csv(path)["rows"]
    return frozenset(int(n) for n in rows)


def parse_numbers(text: str, ignore: Iterable[int] = ()) -> list[Number]:
    """The numbers of ``text`` that could show a repeat, each value once.

    Parameters
    ----------
    text : str
        Printed output.
    ignore : iterable of int
        Whole numbers to leave out as well (the datasets' row counts).

    Returns
    -------
    list of Number
        Sorted by value; trivial numbers (see the module docstring) left out.
    """
    ignore = set(ignore)
    found: dict[tuple[float, float], Number] = {}
    for match in _NUMBER.finditer(text):
        body, percent = match.group(1).replace(",", ""), match.group(2)
        decimals = len(body.partition(".")[2])
        value, unit = float(body), 10.0**-decimals
        whole = not decimals and not percent
        if percent:
            value, unit = value / 100, unit / 100
        if value == 0 or _one_digit(value):
            continue
        if whole and (value < 100 or 1900 <= value <= 2100 or int(value) in ignore):
            continue
        found.setdefault((value, unit), Number(value, unit, match.group(0)))
    return sorted(found.values(), key=lambda n: n.value)


def _one_digit(value: float) -> bool:
    return abs(float(f"{value:.0e}") - value) <= 1e-9 * value


def matches(a: list[Number], b: list[Number]) -> list[tuple[Number, Number]]:
    """Pairs of matching numbers, each number used at most once (both lists sorted)."""
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        x, y = a[i], b[j]
        if abs(x.value - y.value) <= max(x.tolerance, y.tolerance) * (1 + 1e-9):
            pairs.append((x, y))
            i, j = i + 1, j + 1
        elif x.value < y.value:
            i += 1
        else:
            j += 1
    return pairs


def expected_matches(a: list[Number], b: list[Number]) -> float:
    """Matches expected by chance between unrelated outputs with these numbers."""
    total = 0.0
    for x in a:
        for y in b:
            if x.decade == y.decade:
                total += 2 * max(x.tolerance, y.tolerance) / (9 * 10.0**x.decade)
    return total


def chance(n_matches: int, expected: float) -> float:
    """P(at least ``n_matches``) for a Poisson count with mean ``expected``."""
    return float(poisson.sf(n_matches - 1, expected))


class _DataCells(HTMLParser):
    """The <td> cells of an HTML table, without identifier columns.

    <th> cells (row labels and headers) are left out, and so are the data cells of a
    column whose header is an identifier (``id`` or ending in ``_id``): an id names a
    customer, it is not a result.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._headers: list[str] = []
        self._row: list[list[str]] = []  # [tag, text] of the current row's cells
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._row.append([tag, ""])

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag == "tr" and self._in_head:
            self._headers = [text.strip() for _, text in self._row]
        elif tag == "tr":
            data = [text for kind, text in self._row if kind == "td"]
            headers = self._headers[-len(data) :] if len(self._headers) >= len(data) else []
            for k, text in enumerate(data):
                if not (headers and _IDENTIFIER.search(headers[k])):
                    self.cells.append(text)

    def handle_data(self, data):
        if self._row:
            self._row[-1][1] += data


_IDENTIFIER = re.compile(r"(^|_)id$", re.IGNORECASE)
_SERIES_FOOTER = re.compile(r"\n(Name: [^\n]*)?(, )?(Length: \d+, )?dtype: \w+\s*$")


def output_texts(notebook: Mapping) -> list[tuple[int, str, str]]:
    """``(cell index, kind, text)`` of every output of a notebook that may hold a table."""
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "stream":
                text = "".join(output.get("text", ""))
                found += [(index, "printed", b) for b in re.split(r"\n\s*\n", text) if b.strip()]
                continue
            data = output.get("data", {})
            html = "".join(data.get("text/html", ""))
            if "<table" in html:
                parser = _DataCells()
                parser.feed(html)
                found.append((index, "table", "\n".join(parser.cells)))
            elif "text/plain" in data:
                text = _SERIES_FOOTER.sub("", "".join(data["text/plain"]))
                found.append((index, "result", text))
    return found


def find_repeats(
    notebooks: Mapping[str, Mapping], alpha: float = ALPHA, ignore: Iterable[int] | None = None
) -> pd.DataFrame:
    """Pairs of outputs of different notebooks that print the same numbers.

    Parameters
    ----------
    notebooks : mapping of str to dict
        Notebook name (e.g. ``"02_customer_analysis"``; the chapter is the part before
        the first ``_``) to the notebook's JSON.
    alpha : float
        A pair is listed when the chance of its matches between unrelated outputs is
        below ``alpha``.
    ignore : iterable of int, optional
        Whole numbers to leave out; default the shipped datasets' row counts.

    Returns
    -------
    DataFrame
        One row per repeated pair: ``chapter_a``, ``cell_a``, ``chapter_b``, ``cell_b``
        (cell indices in the notebooks), ``n_a``, ``n_b`` (numbers in each output),
        ``shared`` (matching numbers), ``expected`` (matches by chance), ``chance`` and
        ``numbers`` (the shared numbers as printed in output a), sorted by ``chance``.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"The 'alpha' parameter of find_repeats must be in (0, 1). Got {alpha}.")
    ignore = dataset_sizes() if ignore is None else frozenset(ignore)
    outputs = []
    for name, notebook in notebooks.items():
        for cell, _kind, text in output_texts(notebook):
            numbers = parse_numbers(text, ignore)
            if len(numbers) >= 2:
                outputs.append((name.split("_")[0], cell, numbers))
    rows = []
    for i, (chapter_a, cell_a, a) in enumerate(outputs):
        for chapter_b, cell_b, b in outputs[i + 1 :]:
            if chapter_a == chapter_b:
                continue
            shared = matches(a, b)
            if len(shared) < 2:
                continue
            expected = expected_matches(a, b)
            p = chance(len(shared), expected)
            if p < alpha:
                rows.append(
                    (chapter_a, cell_a, chapter_b, cell_b, len(a), len(b), len(shared),
                     expected, p, " ".join(x.text for x, _ in shared))
                )  # fmt: skip
    columns = ["chapter_a", "cell_a", "chapter_b", "cell_b", "n_a", "n_b", "shared"]
    frame = pd.DataFrame(rows, columns=[*columns, "expected", "chance", "numbers"])
    return frame.sort_values("chance", kind="stable").reset_index(drop=True)


def load_notebooks(paths: Iterable[Path]) -> dict[str, dict]:
    """Notebook name (file stem) to JSON, for the chapter notebooks given."""
    return {Path(p).stem: json.loads(Path(p).read_text("utf-8")) for p in sorted(paths)}


def main(argv: list[str] | None = None) -> int:
    """Print the repeated pairs of the notebooks given (default: every chapter)."""
    paths = [Path(a) for a in (argv or [])] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    found = find_repeats(load_notebooks(paths))
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(found.to_string() if len(found) else "no result is printed by two chapters")
    return 1 if len(found) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
