"""The repeated-results check (tools/repeats.py), on hand-made outputs."""

from __future__ import annotations

import pytest

from tools.repeats import (
    Number,
    chance,
    expected_matches,
    find_repeats,
    main,
    matches,
    output_texts,
    parse_numbers,
)


def _values(text, ignore=()):
    return [n.value for n in parse_numbers(text, ignore)]


def test_numbers_are_read_with_their_precision():
    found = {n.text: (n.value, n.unit) for n in parse_numbers("66.1% of 5,612,872.6 yuan; 0.407")}
    assert found["66.1%"] == pytest.approx((0.661, 0.001))
    assert found["5,612,872.6"] == pytest.approx((5612872.6, 0.1))
    assert found["0.407"] == pytest.approx((0.407, 0.001))


def test_trivial_numbers_are_left_out():
    # one significant digit, whole numbers below 100, years, zero, ids glued to words
    text = "0.2 5 100 2000 0.00 42 2025 2023-05-29 top_20_share R2 x7 0.0500 1.0"
    assert _values(text) == []
    # a dataset's size is left out only when asked
    assert _values("16802 orders", ignore={16802}) == []
    assert _values("16802 orders") == [16802]


def test_signs_thousands_and_each_value_once():
    assert _values("-0.25 +0.25 −0.25 1,198 1198") == [0.25, 1198]


def test_matching_respects_the_coarser_precision():
    a = parse_numbers("0.66 0.68 724")
    b = parse_numbers("0.661 0.675 725")
    assert [(x.text, y.text) for x, y in matches(a, b)] == [("0.66", "0.661"), ("0.68", "0.675")]
    # 0.676 and 0.675: the same precision, different values
    assert matches(parse_numbers("0.676"), parse_numbers("0.675")) == []
    # compared to four significant digits at most: float noise in the fifth does not count
    assert len(matches(parse_numbers("5612873"), parse_numbers("5,612,872.6"))) == 1
    assert len(matches(parse_numbers("1234.56"), parse_numbers("1234.61"))) == 1


def test_chance_of_matches():
    # two three-decimal numbers in [0.1, 1): a match has probability 0.001 / 0.9
    a, b = parse_numbers("0.661"), parse_numbers("0.647")
    assert expected_matches(a, b) == pytest.approx(0.001 / 0.9)
    # different decades never match
    assert expected_matches(parse_numbers("0.661"), parse_numbers("66.1")) == 0
    assert chance(1, 0.5) == pytest.approx(1 - 2.718281828**-0.5)
    assert chance(2, 0.0) == 0


def _notebook(*outputs):
    return {"cells": [{"cell_type": "code", "source": "x", "outputs": list(outputs)}]}


def _printed(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def _result(text, html=None):
    data = {"text/plain": text}
    if html:
        data["text/html"] = html
    return {"output_type": "execute_result", "data": data, "execution_count": 1}


TABLE = (
    "<table><thead><tr><th></th><th>customer_id</th><th>share</th></tr></thead><tbody>"
    "<tr><th>0</th><td>2737</td><td>0.684</td></tr>"
    "<tr><th>1</th><td>883</td><td>0.221</td></tr></tbody></table>"
)


def test_outputs_read_data_cells_and_printed_blocks():
    notebook = _notebook(
        _result("ignored when there is a table", TABLE),
        _printed("a 0.123 0.456\n\nb 0.789 0.321\n"),
        _result("x    0.661\ny    0.647\nName: top, dtype: float64"),
    )
    texts = output_texts(notebook)
    # the id column and the row labels (<th>) are left out
    assert [parse_numbers(t)[0].value for _, _, t in texts] == [0.221, 0.123, 0.321, 0.647]
    assert [kind for _, kind, _ in texts] == ["table", "printed", "printed", "result"]


def test_a_table_printed_by_two_chapters_is_found_however_formatted():
    first = _notebook(_printed("shares 0.684 0.221 0.249 0.751, revenue 6019167 1997101"))
    second = _notebook(_printed("68.4% 22.1% 24.9% 75.1%; 6,019,167.0 and 1,997,101.4 yuan"))
    found = find_repeats({"01_a": first, "02_b": second}, ignore=())
    assert found[["chapter_a", "chapter_b", "shared"]].values.tolist() == [["01", "02", 6]]
    assert found.loc[0, "chance"] < 1e-10


def test_same_chapter_and_chance_coincidences_are_not_listed():
    table = _printed("0.684 0.221 0.249 0.751 6019167 1997101")
    assert find_repeats({"01_a": _notebook(table, table)}, ignore=()).empty
    # two shared numbers (0.137, 0.433) in two long lists of shares: a coincidence
    many = " ".join(f"0.{k:03d}" for k in range(100, 999, 37))
    other = " ".join(f"0.{k:03d}" for k in range(105, 999, 41)) + " 0.137"
    found = find_repeats({"01_a": _notebook(_printed(many)), "02_b": _notebook(_printed(other))})
    assert found.empty


def test_bad_alpha_is_refused():
    with pytest.raises(ValueError, match="'alpha' parameter of find_repeats"):
        find_repeats({}, alpha=0)


def test_command_line(tmp_path, capsys):
    import json

    for name, text in [("01_a", "0.684 0.221 0.249"), ("02_b", "0.684 0.221 0.249")]:
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(_notebook(_printed(text))))
    assert main([str(tmp_path / "01_a.ipynb"), str(tmp_path / "02_b.ipynb")]) == 1
    assert "0.221 0.249 0.684" in capsys.readouterr().out
    assert main([str(tmp_path / "01_a.ipynb")]) == 0
    assert "no result is printed by two chapters" in capsys.readouterr().out


def test_number_tolerance_is_capped_at_four_digits():
    assert Number(5612872.6, 0.1, "").tolerance == pytest.approx(500)
    assert Number(0.661, 0.001, "").tolerance == pytest.approx(0.0005)
