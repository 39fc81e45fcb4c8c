"""Tests for crmkit.glossary: the data, lookup, the rendered page and the notebooks' bold."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import glossary as gl

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_TWINS = sorted((ROOT / "notebooks" / "_sources").glob("*.py"))
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TABLE = gl.glossary()


def _names(row) -> list[str]:
    return [row.term, row.chinese, *gl._split(row.aliases, ";")]


# ---------------------------------------------------------------- the data


def test_packaged_csv_is_reachable_through_importlib_resources():
    source = resources.files("crmkit").joinpath("glossary.csv")
    assert source.is_file()
    header = source.read_text(encoding="utf-8").splitlines()[0]
    assert header == "term,chinese,definition,chapters,aliases"


def test_columns_and_dtypes():
    assert list(TABLE.columns) == ["term", "chinese", "definition", "chapters", "aliases"]
    assert all(str(dtype) == "str" for dtype in TABLE.dtypes)
    assert isinstance(TABLE.index, pd.RangeIndex)


def test_at_least_seventy_terms():
    # The issue asks for 60; the lead's brief for 70.
    assert len(TABLE) >= 70


def test_no_duplicate_terms():
    folded = TABLE["term"].map(gl._normalise)
    assert not folded.duplicated().any(), folded[folded.duplicated()].tolist()


def test_no_name_points_at_two_terms():
    """A term, alias or Chinese name may belong to one row only, or lookups are ambiguous."""
    owner: dict[str, str] = {}
    clashes = []
    for row in TABLE.itertuples(index=False):
        for name in dict.fromkeys(gl._normalise(n) for n in _names(row)):
            if name in owner and owner[name] != row.term:
                clashes.append((name, owner[name], row.term))
            owner[name] = row.term
    assert clashes == []


def test_every_row_has_chinese_and_a_definition():
    for row in TABLE.itertuples(index=False):
        assert CJK.search(row.chinese), f"{row.term}: no Chinese term"
        assert row.definition.strip() == row.definition, row.term
        assert len(row.definition) >= 30, f"{row.term}: definition too short"
        assert len(row.definition) <= 400, f"{row.term}: definition too long for a glossary"
        assert row.definition[0].isupper(), f"{row.term}: start the definition with a capital"
        assert row.definition.endswith((".", ".)")), f"{row.term}: end with a full stop"


def test_chinese_terms_are_simplified():
    traditional = set(gl._TO_SIMPLIFIED)
    for row in TABLE.itertuples(index=False):
        found = sorted(set(row.chinese) & traditional)
        assert found == [], f"{row.term}: traditional characters {found} in {row.chinese}"


def test_chapters_are_listed_in_0_to_7():
    for row in TABLE.itertuples(index=False):
        parts = row.chapters.split(",")
        numbers = [int(p) for p in parts]  # raises on anything that is not a number
        assert numbers, row.term
        assert all(0 <= n <= 7 for n in numbers), f"{row.term}: {row.chapters}"
        assert numbers == sorted(set(numbers)), f"{row.term}: sort, no repeats: {row.chapters}"
        assert row.chapters == ", ".join(map(str, numbers)), f"{row.term}: write '1, 4'"


def test_every_chapter_has_terms():
    for chapter in gl.CHAPTERS:
        assert len(gl.glossary(chapter=chapter)) >= 5, chapter


def test_aliases_are_clean():
    for row in TABLE.itertuples(index=False):
        if not row.aliases:
            continue
        pieces = row.aliases.split(";")
        assert all(p.strip() for p in pieces), f"{row.term}: empty alias in {row.aliases!r}"
        folded = [gl._normalise(p) for p in pieces]
        assert gl._normalise(row.term) not in folded, f"{row.term}: alias repeats the term"
        assert len(set(folded)) == len(folded), f"{row.term}: repeated alias"


def test_the_curriculum_terms_are_there():
    # A sample from every chapter of CURRICULUM.md, including those the brief names.
    wanted = [
        "customer relationship management",
        "RFM analysis",
        "customer lifetime value",
        "BG/NBD model",
        "customer churn",
        "cognitive loyalty",
        "affective loyalty",
        "behavioural loyalty",
        "loyalty factor",
        "cross ratio",
        "contribution ratio",
        "80/20 rule",
        "Gini coefficient",
        "ABC analysis",
        "key account",
        "care tier",
        "three dimensions of service",
        "marketing concepts",
        "societal marketing concept",
        "Cronbach's alpha",
        "zone of indifference",
        "SQL",
    ]
    assert sorted(set(wanted) - set(TABLE["term"])) == []


def test_curriculum_chinese_terms_are_used():
    # Chinese names exactly as CURRICULUM.md gives them.
    expected = {
        "cross ratio": "交叉比率",
        "contribution ratio": "贡献比率",
        "customer file": "客户档案",
        "composition analysis": "客户构成分析",
        "gross-margin rate": "毛利率",
        "turnover": "周转率",
        "cognitive loyalty": "认知忠诚",
        "affective loyalty": "情感忠诚",
        "behavioural loyalty": "行为忠诚",
        "customer trust": "客户信任",
        "purchase cost": "购买成本",
        "switching cost": "转移成本",
        "customer relationship management": "客户关系管理",
    }
    got = dict(zip(TABLE["term"], TABLE["chinese"], strict=True))
    assert {term: got[term] for term in expected} == expected


# ---------------------------------------------------------------- glossary()


def test_glossary_is_sorted_and_a_fresh_copy():
    first = gl.glossary()
    assert first["term"].str.casefold().is_monotonic_increasing
    first.loc[0, "definition"] = "changed"
    assert gl.glossary().loc[0, "definition"] != "changed"


def test_glossary_by_chapter():
    chapter_three = gl.glossary(chapter=3)
    assert "RFM analysis" in set(chapter_three["term"])
    assert "cross ratio" not in set(chapter_three["term"])
    assert all("3" in c.split(", ") for c in chapter_three["chapters"])
    # numpy integers are integers too
    pd.testing.assert_frame_equal(gl.glossary(chapter=np.int64(3)), chapter_three)


@pytest.mark.parametrize("bad", [8, -1, "1", 1.0, True])
def test_glossary_rejects_a_bad_chapter(bad):
    with pytest.raises(ValueError, match="'chapter' parameter of glossary"):
        gl.glossary(chapter=bad)


# ---------------------------------------------------------------- lookup()


def test_lookup_is_the_top_level_name():
    assert crmkit.lookup is gl.lookup


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("cross ratio", "cross ratio"),  # exact English
        ("CROSS RATIO", "cross ratio"),  # case-insensitive
        ("  cross   ratio ", "cross ratio"),  # extra spaces
        ("CLV", "customer lifetime value"),  # alias
        ("crm", "customer relationship management"),  # alias, lower case
        ("交叉比率", "cross ratio"),  # Chinese
        ("客戶關係管理", "customer relationship management"),  # traditional (seed 002 style)
        ("客戶忠誠度", "customer loyalty"),  # traditional (seed 000 style)
        ("customer centred", "customer-centred"),  # hyphen folded
        ("customer–centred", "customer-centred"),  # en dash folded
        ("RFM 分析法", "RFM analysis"),  # space next to Chinese ignored
        ("80/20", "80/20 rule"),  # partial, prefix
        ("Pareto", "80/20 rule"),  # partial alias
        ("前台一张网，后台一条链", "one net in front, one chain behind"),  # full-width comma
    ],
)
def test_lookup_finds(query, first):
    assert gl.lookup(query)["term"].iloc[0] == first


def test_lookup_ranks_exact_then_prefix_then_contains():
    # "loyalty" is an alias of customer loyalty (exact); "loyalty factor" and
    # "loyalty intention" start with it; "cognitive loyalty" merely contains it.
    terms = gl.lookup("loyalty")["term"].tolist()
    assert terms[0] == "customer loyalty"
    assert terms.index("loyalty factor") < terms.index("cognitive loyalty")
    assert terms.index("loyalty intention") < terms.index("affective loyalty")
    assert {"cognitive loyalty", "affective loyalty", "behavioural loyalty"} <= set(terms)


def test_lookup_partial_chinese():
    terms = set(gl.lookup("忠诚")["term"])
    assert {"customer loyalty", "cognitive loyalty", "affective loyalty"} <= terms


def test_lookup_returns_glossary_rows():
    found = gl.lookup("ratio")
    assert list(found.columns) == list(TABLE.columns)
    assert isinstance(found.index, pd.RangeIndex)
    merged = found.merge(TABLE, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_lookup_no_match_is_an_empty_frame():
    found = gl.lookup("zzzz no such term")
    assert found.empty
    assert list(found.columns) == list(TABLE.columns)


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "---"])
def test_lookup_rejects_an_empty_query(query):
    with pytest.raises(ValueError, match="'query' parameter of lookup"):
        gl.lookup(query)


@pytest.mark.parametrize("query", [None, 3, ["loyalty"]])
def test_lookup_rejects_a_non_string(query):
    with pytest.raises(TypeError, match="'query' parameter of lookup must be a string"):
        gl.lookup(query)


@settings(max_examples=60, deadline=None)
@given(row=st.sampled_from(list(TABLE.itertuples(index=False))), data=st.data())
def test_lookup_property_every_name_and_every_piece_finds_its_term(row, data):
    # Property: a term's own English name, Chinese name or any alias finds it first
    # (names belong to one row only), and any non-blank piece of its name finds it.
    name = data.draw(st.sampled_from(_names(row)))
    assert gl.lookup(name)["term"].iloc[0] == row.term
    start = data.draw(st.integers(0, len(row.term) - 1))
    stop = data.draw(st.integers(start + 1, len(row.term)))
    piece = row.term[start:stop]
    if gl._normalise(piece) and piece == piece.strip() and "-" not in piece:
        assert row.term in set(gl.lookup(piece)["term"])


# ---------------------------------------------------------------- find_term()


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("cross ratio", "cross ratio"),
        ("Cross Ratio", "cross ratio"),
        ("cross ratio (交叉比率)", "cross ratio"),
        ("cross ratio（交叉比率）", "cross ratio"),  # full-width parentheses
        ("customer lifetime value (CLV, 客户终生价值)", "customer lifetime value"),
        ("CRM", "customer relationship management"),
        ("客户关系管理", "customer relationship management"),
        ("key accounts", "key account"),  # plural
        ("defining moments", "defining moment"),
        ("recency", "recency"),  # a term ending in a letter other than s is unchanged
        ("fixed effects", "fixed effects"),  # a term ending in s matches before the plural rule
    ],
)
def test_find_term_accepts(text, term):
    assert gl.find_term(text) == term


@pytest.mark.parametrize(
    "text",
    [
        "ratio",  # partial matches do not count in bold
        "cross ratio (CR)",  # only a parenthesis with Chinese is dropped
        "very important",
        "",
        "s",
    ],
)
def test_find_term_rejects(text):
    assert gl.find_term(text) is None


def test_find_term_rejects_a_non_string():
    with pytest.raises(TypeError, match="'text' parameter of find_term"):
        gl.find_term(None)


# ---------------------------------------------------------------- bold_terms()

SAMPLE = """\
# ---
# jupyter:
#   kernelspec:
#     name: python3
# ---

# %% [markdown]
# # Title
# The **cross ratio (交叉比率)** and **CLV**.
# A **made-up
# term** over two lines.

# %%
# **not checked**: code cells are skipped
x = "**not checked either**"

# %% [markdown]
# **key accounts**
"""


def test_bold_terms_reads_markdown_cells_only(tmp_path):
    path = tmp_path / "99_sample.py"
    path.write_text(SAMPLE, encoding="utf-8")
    found = gl.bold_terms(path)
    assert found["bold"].tolist() == [
        "cross ratio (交叉比率)",
        "CLV",
        "made-up term",
        "key accounts",
    ]
    assert found["line"].tolist() == [9, 9, 10, 18]
    assert found["known"].tolist() == [True, True, False, True]
    assert found.loc[0, "term"] == "cross ratio"
    assert pd.isna(found.loc[2, "term"])
    assert found["line"].dtype == "int64"
    assert found["known"].dtype == "bool"


def test_bold_terms_accepts_several_paths(tmp_path):
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text(SAMPLE, encoding="utf-8")
    second.write_text("# %% [markdown]\n# **RFM**\n", encoding="utf-8")
    found = gl.bold_terms([first, str(second)])
    assert found["path"].tolist()[-1] == str(second)
    assert len(found) == 5


def test_bold_terms_of_a_file_without_bold(tmp_path):
    path = tmp_path / "plain.py"
    path.write_text("# %% [markdown]\n# nothing bold\n\n# %%\nx = 1\n", encoding="utf-8")
    found = gl.bold_terms(path)
    assert found.empty
    assert list(found.columns) == ["path", "line", "bold", "term", "known"]


@pytest.mark.skipif(not NOTEBOOK_TWINS, reason="no notebooks/*.py yet")
@pytest.mark.parametrize("path", NOTEBOOK_TWINS, ids=[p.stem for p in NOTEBOOK_TWINS])
def test_every_bold_term_in_the_notebooks_is_in_the_glossary(path):
    """Every **bold** phrase in a chapter's markdown must name a glossary term.

    The rule (implemented by :func:`crmkit.glossary.find_term`, applied to the
    markdown cells of the ``notebooks/*.py`` py:percent twins; code cells are skipped):

    * a trailing parenthesis containing Chinese is ignored, so
      ``**cross ratio (交叉比率)**`` is checked as ``cross ratio``;
    * the rest must equal, ignoring case, hyphens and extra spaces, a term's English
      name, one of its aliases, or its Chinese name (traditional characters folded);
    * a final ``s`` may be dropped for a plural (``**key accounts**``).

    Partial matches do not count. To fix a failure, un-bold the phrase or add the
    term (or an alias) to ``crmkit/glossary.csv`` and regenerate docs/glossary.md.
    Bold other than terms (emphasis, "Exercise 1") should use *italics* instead.
    """
    found = gl.bold_terms(path)
    unknown = found.loc[~found["known"], ["line", "bold"]]
    assert unknown.empty, (
        f"{path.name}: bold phrases that are not glossary terms:\n{unknown.to_string(index=False)}"
    )


# ---------------------------------------------------------------- the page


def test_docs_page_is_the_rendered_glossary():
    page = ROOT / "docs" / "glossary.md"
    assert page.exists(), "run `python -m crmkit.glossary --write docs/glossary.md`"
    assert page.read_bytes().decode("utf-8") == gl.render_markdown(), (
        "docs/glossary.md is stale: run `python -m crmkit.glossary --write docs/glossary.md`"
    )


def test_render_markdown_has_one_table_row_per_term():
    page = gl.render_markdown()
    assert page.endswith("|\n") and not page.endswith("\n\n")
    rows = [line for line in page.splitlines() if line.startswith("| ")]
    assert len(rows) == len(TABLE) + 1  # header + one per term
    for row in TABLE.itertuples(index=False):
        assert f"| {row.term} | {row.chinese} | " in page


def test_render_markdown_escapes_pipes(monkeypatch):
    fake = pd.DataFrame(
        {
            "term": ["a|b"],
            "chinese": ["甲"],
            "definition": ["Uses | inside."],
            "chapters": ["1"],
            "aliases": [""],
        }
    ).astype("str")
    monkeypatch.setattr(gl, "_load", lambda: fake)
    page = gl.render_markdown()
    assert "| a\\|b | 甲 | Uses \\| inside. | 1 |  |" in page
