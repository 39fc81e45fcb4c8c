"""The bilingual (English / Chinese) glossary of the course.

Every term a chapter puts in **bold** is defined here, with its Chinese name, a short
definition written for a first-year student, and the chapters that use it. The data
live in ``crmkit/glossary.csv`` (one row per term) and are read with
:mod:`importlib.resources`, so the glossary works from an installed wheel as well as
from the repository.

From a notebook::

    import crmkit
    crmkit.lookup("cross ratio")      # by English name, whole or in part
    crmkit.lookup("忠诚")              # by Chinese name
    crmkit.glossary.glossary(chapter=3)   # every term chapter 3 uses

Traditional characters are folded to simplified ones before matching, so a term
copied from a seed article printed in traditional script (客戶忠誠度) is found as well.

Maintainers regenerate the page ``docs/glossary.md`` and check the notebooks' bold
terms with ``python3 kit.py glossary`` (see ``tools/glossary.py``); the command lives
outside the installed package.
"""

from __future__ import annotations

import functools
import io
import numbers
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from os import PathLike
from pathlib import Path

import pandas as pd

__all__ = [
    "CHAPTERS",
    "bold_terms",
    "find_term",
    "glossary",
    "lookup",
    "render_markdown",
    "write_markdown",
]

#: Chapter numbers and titles (English, Chinese), as in the curriculum.
CHAPTERS: dict[int, tuple[str, str]] = {
    0: ("Getting started", "入门"),
    1: ("CRM concepts", "客户关系管理概念"),
    2: ("Customer analysis and screening", "客户分析与筛选"),
    3: ("RFM analysis", "RFM 分析法"),
    4: ("Loyalty and its factors", "客户忠诚"),
    5: ("Satisfaction and profit", "满意度与利润"),
    6: ("Customer lifetime value and churn", "客户终生价值与流失"),
    7: ("The customer database", "客户数据库"),
}

COLUMNS = ["term", "chinese", "definition", "chapters", "aliases"]
ALIAS_SEPARATOR = ";"
CHAPTER_SEPARATOR = ","

# Traditional -> simplified for every character of the glossary's Chinese terms that
# has a different traditional form (pairs: traditional first). Enough to find terms
# copied from the seed articles 000 and 002, which are printed in traditional script.
_TRADITIONAL_PAIRS = (
    "與与 專专 業业 個个 為为 義义 買买 虧亏 產产 倉仓 價价 優优 會会 傳传 倫伦 關关 茲兹 "
    "淨净 則则 創创 別别 務务 動动 勢势 區区 單单 佔占 發发 變变 臺台 後后 週周 響响 圖图 "
    "場场 處处 復复 複复 實实 對对 導导 庫库 應应 張张 歸归 懷怀 態态 願愿 戰战 戶户 護护 "
    "擬拟 換换 據据 數数 時时 機机 雜杂 條条 構构 標标 檔档 潔洁 測测 潤润 滯滞 滿满 潛潜 "
    "靈灵 點点 熱热 獨独 獻献 現现 種种 筆笔 篩筛 類类 係系 繫系 級级 線线 組组 細细 終终 "
    "結结 絡络 統统 績绩 維维 網网 聯联 薦荐 獲获 穫获 營营 觀观 規规 觸触 計计 認认 記记 "
    "訪访 評评 識识 訴诉 試试 誠诚 詢询 語语 說说 談谈 負负 貢贡 責责 購购 費费 資资 轉转 "
    "輯辑 遷迁 運运 連连 選选 遞递 邏逻 郵邮 銀银 鏈链 銷销 鍵键 問问 間间 陣阵 隨随 隱隐 "
    "項项 預预 頻频 題题 額额"
)
_TO_SIMPLIFIED = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL_PAIRS.split()})

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_DASHES = re.compile(r"[-\u2010-\u2015_]+")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
# A trailing parenthesis that contains at least one Chinese character, e.g. " (交叉比率)".
_TRAILING_CHINESE = re.compile(rf"\s*[(（][^()（）]*[{_CJK}][^()（）]*[)）]\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_CELL_MARKER = re.compile(r"^# %%")
_MARKDOWN_MARKER = re.compile(r"^# %% \[markdown\]")


def _normalise(text: str) -> str:
    """Fold a term or query to the form used for matching.

    Unicode NFKC (full-width to half-width), traditional to simplified characters,
    case-folded, hyphens/dashes/underscores as spaces, curly apostrophes straight,
    runs of white space collapsed, and no space next to a Chinese character.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TO_SIMPLIFIED).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _DASHES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_NEAR_CJK.sub("", text)


def _split(value: str, separator: str) -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]


@functools.cache
def _load() -> pd.DataFrame:
    source = resources.files("crmkit").joinpath("glossary.csv")
    with source.open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    if list(table.columns) != COLUMNS:
        raise RuntimeError(
            f"crmkit/glossary.csv must have the columns {COLUMNS}; found {list(table.columns)}."
        )
    return table.astype("str")


@functools.cache
def _index() -> tuple[tuple[int, tuple[str, ...]], ...]:
    """For each row of the glossary: its position and the normalised names it answers to."""
    rows = []
    for position, row in enumerate(_load().itertuples(index=False)):
        names = [row.term, row.chinese, *_split(row.aliases, ALIAS_SEPARATOR)]
        rows.append((position, tuple(dict.fromkeys(_normalise(n) for n in names))))
    return tuple(rows)


def _check_query(query: object, function: str, parameter: str = "query") -> str:
    if not isinstance(query, str):
        raise TypeError(
            f"The {parameter!r} parameter of {function} must be a string, such as "
            f"'loyalty' or '忠诚'. Got {type(query).__name__} {query!r} instead."
        )
    normalised = _normalise(query)
    if not normalised:
        raise ValueError(
            f"The {parameter!r} parameter of {function} must contain at least one letter or "
            f"character, such as 'loyalty' or '忠诚'. Got {query!r} instead."
        )
    return normalised


def glossary(chapter: int | None = None) -> pd.DataFrame:
    """The whole glossary, or the terms one chapter uses.

    Parameters
    ----------
    chapter : int, optional
        A chapter number 0-7 (see :data:`CHAPTERS`). When given, only the terms used
        in that chapter are returned.

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted alphabetically (case-insensitive), with a fresh
        RangeIndex and the columns

        ``term`` (str)
            The English term, as a notebook writes it in bold.
        ``chinese`` (str)
            The Chinese term in simplified characters.
        ``definition`` (str)
            A one- or two-sentence definition.
        ``chapters`` (str)
            The chapters that use the term, comma-separated, e.g. ``"1, 4"``.
        ``aliases`` (str)
            Other names the term answers to (abbreviations, spellings, other
            Chinese names), separated by ``";"``; empty when there are none.

    Examples
    --------
    >>> g = glossary()
    >>> list(g.columns)
    ['term', 'chinese', 'definition', 'chapters', 'aliases']
    >>> g.loc[g["term"] == "cross ratio", "chinese"].item()
    '交叉比率'
    >>> "RFM analysis" in set(glossary(chapter=3)["term"])
    True
    """
    table = _load()
    if chapter is not None:
        if (
            isinstance(chapter, bool)
            or not isinstance(chapter, numbers.Integral)
            or (int(chapter) not in CHAPTERS)
        ):
            raise ValueError(
                f"The 'chapter' parameter of glossary must be one of the chapter numbers "
                f"{sorted(CHAPTERS)} or None. Got {chapter!r} instead."
            )
        uses = table["chapters"].map(
            lambda value: str(int(chapter)) in _split(value, CHAPTER_SEPARATOR)
        )
        table = table[uses]
    order = table["term"].str.casefold().sort_values(kind="stable").index
    return table.loc[order].reset_index(drop=True)


def lookup(query: str) -> pd.DataFrame:
    """Find glossary terms by English or Chinese name, whole or in part.

    Matching ignores case, hyphens and extra spaces, accepts traditional as well as
    simplified characters, and searches each term's English name, Chinese name and
    aliases (so ``"CLV"`` finds *customer lifetime value*).

    Parameters
    ----------
    query : str
        A word or phrase in English or Chinese, e.g. ``"loyalty"``, ``"80/20"``,
        ``"交叉比率"``. It must not be empty.

    Returns
    -------
    pandas.DataFrame
        The matching rows of :func:`glossary`, same columns, best matches first:
        a name equal to the query, then names that start with it, then names that
        merely contain it; alphabetical within each group. Empty (with the same
        columns) when nothing matches.

    Raises
    ------
    TypeError
        If ``query`` is not a string.
    ValueError
        If ``query`` is empty or only white space / punctuation that is ignored.

    Examples
    --------
    >>> lookup("CLV")["term"].tolist()
    ['customer lifetime value']
    >>> lookup("客戶忠誠度")["term"].tolist()     # traditional characters
    ['customer loyalty']
    >>> lookup("cross ratio")["term"].iloc[0]
    'cross ratio'
    """
    needle = _check_query(query, "lookup")
    table = _load()
    ranks: dict[int, int] = {}
    for position, names in _index():
        if needle in names:
            ranks[position] = 0
        elif any(name.startswith(needle) for name in names):
            ranks[position] = 1
        elif any(needle in name for name in names):
            ranks[position] = 2
    found = table.iloc[sorted(ranks)].copy()
    found["_rank"] = [ranks[p] for p in sorted(ranks)]
    found["_key"] = found["term"].str.casefold()
    found = found.sort_values(["_rank", "_key"], kind="stable")
    return found[COLUMNS].reset_index(drop=True)


def find_term(text: str) -> str | None:
    """The glossary term that a piece of bold text names, or None.

    This is the rule the notebook test applies to every ``**...**`` in a chapter:

    1. A trailing parenthesis that contains Chinese characters is ignored, so
       ``"cross ratio (交叉比率)"`` is checked as ``"cross ratio"``.
    2. What is left must equal a term's English name, one of its aliases, or its
       Chinese name, after the folding :func:`lookup` uses (case, hyphens, spaces,
       traditional characters). Partial matches do not count.
    3. A final ``s`` may be dropped to allow a plural: ``"key accounts"`` names
       *key account*.

    Parameters
    ----------
    text : str
        The text between the two pairs of asterisks.

    Returns
    -------
    str or None
        The canonical English term, or None if ``text`` names no term.

    Examples
    --------
    >>> find_term("Cross ratio (交叉比率)")
    'cross ratio'
    >>> find_term("CLV")
    'customer lifetime value'
    >>> find_term("key accounts")
    'key account'
    >>> find_term("very important idea") is None
    True
    """
    if not isinstance(text, str):
        raise TypeError(
            f"The 'text' parameter of find_term must be a string. "
            f"Got {type(text).__name__} {text!r} instead."
        )
    stripped = _TRAILING_CHINESE.sub("", text)
    candidates = [_normalise(stripped)]
    if candidates[0].endswith("s"):
        candidates.append(candidates[0][:-1].rstrip())
    terms = _load()["term"]
    for candidate in candidates:
        if not candidate:
            continue
        for position, names in _index():
            if candidate in names:
                return str(terms.iloc[position])
    return None


def _markdown_cells(text: str) -> Iterable[tuple[int, str]]:
    """Yield (first line number, text) of each markdown cell of a py:percent file."""
    lines = text.splitlines()
    start: int | None = None
    body: list[str] = []
    for number, line in enumerate([*lines, "# %%"], start=1):
        if _CELL_MARKER.match(line):
            if start is not None:
                yield start, "\n".join(body)
            start = number + 1 if _MARKDOWN_MARKER.match(line) else None
            body = []
        elif start is not None:
            body.append(line[2:] if line.startswith("# ") else line.lstrip("#"))


def bold_terms(paths: str | PathLike[str] | Iterable[str | PathLike[str]]) -> pd.DataFrame:
    """Every bold phrase in the markdown cells of py:percent notebooks, checked.

    Parameters
    ----------
    paths : path or iterable of paths
        ``notebooks/_sources/NN_topic.py`` files in jupytext py:percent format. Only the
        markdown cells (``# %% [markdown]``) are read; bold inside code is ignored.

    Returns
    -------
    pandas.DataFrame
        One row per bold phrase, in file order, with columns ``path`` (str, as
        given), ``line`` (int64, the line of the cell where the phrase's markdown
        cell starts its text), ``bold`` (str, the phrase with white space collapsed),
        ``term`` (str, the glossary term it names, missing if none; see
        :func:`find_term`) and ``known`` (bool).
    """
    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    rows = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        for line, cell in _markdown_cells(text):
            for match in _BOLD.finditer(cell):
                phrase = _SPACES.sub(" ", match.group(1)).strip()
                offset = cell.count("\n", 0, match.start())
                rows.append((str(path), line + offset, phrase, find_term(phrase)))
    table = pd.DataFrame(rows, columns=["path", "line", "bold", "term"])
    table = table.astype({"path": "str", "line": "int64", "bold": "str", "term": "str"})
    table["known"] = table["term"].notna()
    return table


def _cell(text: str) -> str:
    """Escape a value for a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    """The glossary as a markdown page, the exact text of ``docs/glossary.md``.

    Returns
    -------
    str
        A page with an introduction, an index of terms by chapter, and one table of
        all terms in alphabetical order (English, Chinese, definition, chapters,
        other names). Ends with a single newline.
    """
    table = glossary()
    out = io.StringIO()
    out.write("# Glossary (术语表)\n\n")
    out.write(
        "<!-- Generated from crmkit/glossary.csv by "
        "`python -m crmkit.glossary --write docs/glossary.md`; do not edit by hand. -->\n\n"
    )
    out.write(
        f"The {len(table)} terms the crmkit chapters use, English first with the Chinese "
        "term beside it. Every term a chapter prints in **bold** is here. From a notebook, "
        'search it with `crmkit.lookup("loyalty")` or `crmkit.lookup("忠诚")`; '
        "traditional characters work too.\n\n"
    )
    out.write("## Terms by chapter\n\n")
    for number, (title, chinese) in CHAPTERS.items():
        terms = glossary(chapter=number)["term"].tolist()
        out.write(f"- **Chapter {number}**, {title} ({chinese}): {'; '.join(terms)}.\n")
    out.write("\n## All terms\n\n")
    out.write("| Term | 中文 | Definition | Chapters | Also called |\n")
    out.write("|---|---|---|---|---|\n")
    for row in table.itertuples(index=False):
        aliases = ", ".join(_split(row.aliases, ALIAS_SEPARATOR))
        out.write(
            f"| {_cell(row.term)} | {_cell(row.chinese)} | {_cell(row.definition)} "
            f"| {_cell(row.chapters)} | {_cell(aliases)} |\n"
        )
    return out.getvalue()


def write_markdown(path: str | PathLike[str] = "docs/glossary.md") -> Path:
    """Write :func:`render_markdown` to ``path`` (UTF-8, LF line ends); return the path."""
    target = Path(path)
    target.write_text(render_markdown(), encoding="utf-8", newline="\n")
    return target
