"""Tests of crmkit.rules: customer classes, target customers and the rule engine.

Known answers are worked out by hand in the comments next to them. Moved from
tests/unit/test_customers.py when crmkit.customers was split by technique (issue 13).
"""

from __future__ import annotations

import pandas as pd
import pytest

from crmkit.customer_file import customer_file
from crmkit.rules import (
    apply_rules,
    classify_customers,
    classify_targets,
    default_customer_rules,
    default_target_rules,
)
from tests.unit import chapter2_tables


@pytest.fixture
def small_customers() -> pd.DataFrame:
    return chapter2_tables.small_customers()


@pytest.fixture
def small_transactions() -> pd.DataFrame:
    return chapter2_tables.small_transactions()


# --------------------------------------------------------------------------------------
# Rules: customer classes and target customers
# --------------------------------------------------------------------------------------


@pytest.fixture
def small_file(small_customers, small_transactions) -> pd.DataFrame:
    contacts = pd.DataFrame(
        {
            "customer_id": [2, 2],
            "contact_date": pd.to_datetime(["2024-04-01", "2024-05-01"]),
            "kind": ["complaint", "complaint"],
        }
    )
    return customer_file(small_customers, small_transactions, contacts=contacts)


def test_classify_customers_default_rules(small_file):
    out = classify_customers(small_file)
    assert out["customer_class"].tolist() == [
        "existing_direct",
        "existing_indirect",
        "existing_direct",
        "potential",
    ]
    assert out["customer_class"].cat.categories.tolist()[-1] == "unclassified"
    assert len(out) == len(small_file)


def test_classify_customers_inconsistent_rows_are_unclassified(small_file):
    odd = small_file.assign(status=pd.Categorical(["direct", "potential", "direct", "potential"]))
    out = classify_customers(odd)
    # customer 2 has bought but its status says potential: visible, not hidden
    assert out.loc[1, "customer_class"] == "unclassified"
    assert out.loc[1, "matched_rules"] == ""


def test_classify_targets_default_rules(small_file):
    out = classify_targets(small_file)
    # revenue 480, 50, 20, 0 of 550: positions 0, 0.873, 0.964, 1 -> tiers A, B, C, C
    assert out["tier"].tolist() == ["A", "B", "C", "C"]
    # days since last order (as_of 2025-03-01): 0, 356, 90, NaN
    # 1: tier A, bought 0 days ago -> core (and important)
    # 2: two complaints -> problem (and important, being tier B); problem comes first
    # 3: margin -5 <= 0 -> problem
    # 4: never bought -> no rule -> other
    assert out["target"].tolist() == ["core", "problem", "problem", "other"]
    assert out["matched_rules"].tolist() == ["core+important", "problem+important", "problem", ""]
    assert out["target"].cat.categories.tolist() == ["problem", "core", "important", "other"]


def test_classify_targets_replaceable_rules(small_file):
    rules = default_target_rules()
    rules.loc[rules["label"] == "core", "rule"] = "tier == 'A' and orders >= 5"
    out = classify_targets(small_file, rules)
    assert out.loc[0, "target"] == "important"  # 3 orders: no longer core
    as_dict = classify_targets(small_file, {"big": "revenue > 100"}, default="rest")
    assert as_dict["target"].tolist() == ["big", "rest", "rest", "rest"]
    mine = small_file.assign(tier=["C", "C", "C", "A"])  # a tier column given is used
    assert classify_targets(mine, {"a": "tier == 'A'"})["target"].tolist()[-1] == "a"


def test_apply_rules_overlap_error_and_nan_is_no_match(small_file):
    with pytest.raises(ValueError, match="mutually exclusive"):
        apply_rules(small_file, {"a": "orders > 0", "b": "revenue > 0"}, overlap="error")
    out = apply_rules(small_file, {"recent": "days_since_last <= 400"})
    assert out["segment"].tolist() == ["recent", "recent", "recent", "unclassified"]


@pytest.mark.parametrize(
    ("rules", "kwargs", "error", "match"),
    [
        ({"a": "no_such_column > 0"}, {}, ValueError, "could not be evaluated"),
        ({"a": "orders >"}, {}, ValueError, "could not be evaluated"),
        ({"a": "orders + 1"}, {}, ValueError, "condition"),
        ({"a": "region"}, {}, ValueError, "condition"),
        ({"a": ""}, {}, TypeError, "non-empty strings"),
        (pd.DataFrame({"label": ["a", "a"], "rule": ["orders > 0"] * 2}), {}, ValueError, "unique"),
        (pd.DataFrame({"name": ["a"]}), {}, ValueError, "'label'"),
        (["orders > 0"], {}, TypeError, "dict"),
        ({"a": "orders > 0"}, {"default": "a"}, ValueError, "'default'"),
        ({"a": "orders > 0"}, {"overlap": "last"}, ValueError, "'overlap'"),
        ({"a": "orders > 0"}, {"name": "region"}, ValueError, "already has"),
    ],
)
def test_apply_rules_bad_input(small_file, rules, kwargs, error, match):
    with pytest.raises(error, match=match):
        apply_rules(small_file, rules, **kwargs)


def test_default_target_rules_need_complaints(small_customers, small_transactions):
    plain = customer_file(small_customers, small_transactions)
    with pytest.raises(ValueError, match="contacts="):
        classify_targets(plain)


def test_rule_tables_are_fresh_copies():
    a = default_target_rules()
    a.loc[0, "rule"] = "orders > 100"
    assert default_target_rules().loc[0, "rule"] != "orders > 100"
    assert default_customer_rules()["label"].tolist() == [
        "existing_direct",
        "existing_indirect",
        "potential",
    ]


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"default": None}, "'default'"), ({"name": 3}, "'name'")]
)
def test_apply_rules_names_must_be_strings(small_file, kwargs, match):
    # default=None gave pandas' "Categorical categories cannot be null"; name=3 a column 3
    with pytest.raises(TypeError, match=match):
        apply_rules(small_file, {"a": "orders > 0"}, **kwargs)
