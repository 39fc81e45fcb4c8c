"""Customer classes and target customers by rules (客户识别与分类, 目标客户).

=====================================  =====================================================
:func:`classify_customers`             existing direct / existing indirect / potential
                                       (直接客户 / 间接客户 / 潜在客户)
:func:`classify_targets`               target customers (目标客户): important (重要客户),
                                       core (核心客户), problem (问题客户)
:func:`default_customer_rules`,        the default rule tables of the two, to edit and
:func:`default_target_rules`           pass back
:func:`apply_rules`                    the rule engine behind both classifications
=====================================  =====================================================

A rule is a pandas expression evaluated on a customer file
(:func:`crmkit.customer_file.customer_file`); rules are data, so a firm replaces them
without touching code. Every row gets a label: a row matching no rule keeps a default
label and is never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_frame, check_table
from crmkit.tiers import abc_tiers

__all__ = [
    "apply_rules",
    "classify_customers",
    "classify_targets",
    "default_customer_rules",
    "default_target_rules",
]


def default_customer_rules() -> pd.DataFrame:
    """Default rules of :func:`classify_customers` (seed 004's customer identification).

    Returns
    -------
    DataFrame
        Columns ``label``, ``rule`` (a pandas expression evaluated on the customer file)
        and ``description``; the first matching row wins. A fresh copy each call: edit it
        and pass it back as ``rules=``.

        ====================  ===============================  ==========================
        existing_direct       ``orders > 0 and status ==       has bought, from the firm
                              'direct'``                       (直接客户)
        existing_indirect     ``orders > 0 and status ==       has bought, through a
                              'indirect'``                     dealer (间接客户)
        potential             ``orders == 0``                  has not bought yet
                                                               (潜在客户)
        ====================  ===============================  ==========================

        A customer with orders whose ``status`` is ``'potential'`` matches no rule and is
        labelled ``unclassified``: a data inconsistency to look at, not to hide.
    """
    return pd.DataFrame(
        {
            "label": ["existing_direct", "existing_indirect", "potential"],
            "rule": [
                "orders > 0 and status == 'direct'",
                "orders > 0 and status == 'indirect'",
                "orders == 0",
            ],
            "description": [
                "existing customer who buys from the firm directly (直接客户)",
                "existing customer who buys through a dealer (间接客户)",
                "registered but has not bought yet (潜在客户)",
            ],
        }
    )


def default_target_rules() -> pd.DataFrame:
    """Default rules of :func:`classify_targets`: problem, core and important customers.

    Seed 004 names three kinds of target customer (目标客户) chosen from the customers'
    potential, volume, profitability and credit, but gives no formula. These rules are
    one reasonable, documented reading; replace them to suit a firm.

    Returns
    -------
    DataFrame
        Columns ``label``, ``rule`` and ``description``, in priority order (the first
        matching rule wins). A fresh copy each call.

        =========  ================================================  ======================
        problem    ``orders > 0 and (margin <= 0 or complaints >=    costs more than it
                   2)``                                              brings, or complains
                                                                     often (问题客户)
        core       ``tier == 'A' and days_since_last <= 180``        top value tier and
                                                                     still buying in the
                                                                     last half year
                                                                     (核心客户)
        important  ``tier == 'A' or tier == 'B'``                    matters now: top two
                                                                     tiers (重要客户)
        =========  ================================================  ======================

        ``tier`` is the ABC tier of revenue (see :func:`classify_targets`); ``complaints``
        comes from ``customer_file(..., contacts=contacts)``. Problem comes first: a large
        customer who keeps complaining needs handling before anything else.
    """
    return pd.DataFrame(
        {
            "label": ["problem", "core", "important"],
            "rule": [
                "orders > 0 and (margin <= 0 or complaints >= 2)",
                "tier == 'A' and days_since_last <= 180",
                "tier == 'A' or tier == 'B'",
            ],
            "description": [
                "costs more than it brings, or has complained at least twice (问题客户)",
                "top value tier and bought in the last 180 days (核心客户)",
                "in the top two value tiers (重要客户)",
            ],
        }
    )


def _rules_frame(rules: Any, func: str) -> pd.DataFrame:
    """``rules`` (a DataFrame or a dict {label: rule}) checked, as a DataFrame."""
    if isinstance(rules, Mapping):
        rules = pd.DataFrame({"label": list(rules.keys()), "rule": list(rules.values())})
    if not isinstance(rules, pd.DataFrame):
        raise TypeError(
            f"The 'rules' parameter of {func} must be a DataFrame with columns 'label' and "
            f"'rule', or a dict {{label: rule}}. Got {type(rules).__name__} instead."
        )
    check_table(
        rules,
        "rules",
        func,
        ["label", "rule"],
        "Start from default_target_rules() or default_customer_rules() and edit it.",
    )
    for col in ("label", "rule"):
        bad = [x for x in rules[col] if not isinstance(x, str) or not x.strip()]
        if bad:
            raise TypeError(
                f"The column '{col}' of the 'rules' parameter of {func} must hold "
                f"non-empty strings. Got {bad[:3]} instead."
            )
    if rules["label"].duplicated().any():
        raise ValueError(
            f"The column 'label' of the 'rules' parameter of {func} must be unique. Got "
            f"{sorted(rules.loc[rules['label'].duplicated(), 'label'].tolist())} twice; "
            f"join the two rules with 'or' instead."
        )
    return rules.reset_index(drop=True)


def apply_rules(
    frame: pd.DataFrame,
    rules: pd.DataFrame | Mapping[str, str],
    *,
    name: str = "segment",
    default: str = "unclassified",
    overlap: str = "first",
) -> pd.DataFrame:
    """Label each row by the first rule it matches (the engine of the classifications).

    Parameters
    ----------
    frame : DataFrame
        One row per customer.
    rules : DataFrame or dict
        Rows with ``label`` and ``rule`` (a pandas expression, as in
        ``DataFrame.query``, evaluated on ``frame``; e.g. ``"orders > 0 and region ==
        'East'"``), in priority order. A dict ``{label: rule}`` keeps its order.
        A missing value in a comparison counts as not matched (``NaN <= 180`` is False).
    name : str, default "segment"
        Name of the label column added.
    default : str, default "unclassified"
        Label of rows that match no rule (kept, never dropped).
    overlap : {"first", "error"}, default "first"
        What to do with rows matching several rules: ``"first"`` takes the first in
        priority order (and records all matches); ``"error"`` raises, for rule sets
        meant to be mutually exclusive.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``name`` (categorical: the labels in rule order, then
        ``default``) and ``matched_rules`` (every matching label joined by ``"+"``,
        ``""`` if none), so overlaps stay visible.
    """
    func = "apply_rules"
    if overlap not in ("first", "error"):
        raise ValueError(
            f"The 'overlap' parameter of {func} must be 'first' or 'error'. "
            f"Got {overlap!r} instead."
        )
    for param, text in (("name", name), ("default", default)):
        if not isinstance(text, str) or not text:
            raise TypeError(
                f"The '{param}' parameter of {func} must be a non-empty string. "
                f"Got {text!r} instead."
            )
    check_frame(frame, "frame", func)
    table = _rules_frame(rules, func)
    labels = table["label"].tolist()
    if default in labels:
        raise ValueError(
            f"The 'default' parameter of {func} must differ from every rule label. "
            f"Got {default!r}, which is also a rule label, instead."
        )
    for col in (name, "matched_rules"):
        if col in frame.columns:
            raise ValueError(
                f"The 'frame' parameter of {func} already has a column {col!r}; pass "
                f"name=... with another name or drop the column first."
            )
    env = frame.reset_index(drop=True)
    hits = np.zeros((len(env), len(labels)), dtype=bool)
    for j, (label, rule) in enumerate(zip(labels, table["rule"], strict=True)):
        try:
            result = env.eval(rule, engine="python")
        except Exception as exc:  # an unknown column, a typo: say which rule
            missing = ""
            if isinstance(exc, (NameError, KeyError, pd.errors.UndefinedVariableError)):
                missing = (
                    f" The frame's columns are {[str(c) for c in env.columns]}; a rule can "
                    f"only use those (e.g. build the file with contacts= for 'complaints')."
                )
            raise ValueError(
                f"The rule {rule!r} (label {label!r}) of the 'rules' parameter of {func} "
                f"could not be evaluated: {exc}.{missing}"
            ) from exc
        if not isinstance(result, pd.Series) or len(result) != len(env):
            raise ValueError(
                f"The rule {rule!r} (label {label!r}) of the 'rules' parameter of {func} "
                f"must give one True/False per row. Got {type(result).__name__} instead."
            )
        is_condition = pd.api.types.is_bool_dtype(result) or (
            result.dtype == object
            and all(isinstance(x, (bool, np.bool_)) or pd.isna(x) for x in result)
        )
        if not is_condition:
            raise ValueError(
                f"The rule {rule!r} (label {label!r}) of the 'rules' parameter of {func} "
                f"must be a condition (True/False), e.g. 'orders > 0'. Got values of "
                f"dtype {result.dtype} instead."
            )
        hits[:, j] = result.fillna(False).astype(bool).to_numpy()
    n_hits = hits.sum(axis=1)
    if overlap == "error" and (n_hits > 1).any():
        raise ValueError(
            f"The 'rules' parameter of {func} must be mutually exclusive with "
            f"overlap='error'. Got {int((n_hits > 1).sum())} row(s) matching several "
            f"rules instead; use overlap='first' to take the first rule in order."
        )
    first = np.where(n_hits > 0, hits.argmax(axis=1), len(labels))
    categories = [*labels, default]
    out = frame.copy()
    out[name] = pd.Categorical.from_codes(first, categories=categories)
    label_arr = np.asarray(labels, dtype=object)
    out["matched_rules"] = ["+".join(label_arr[row]) for row in hits]
    out["matched_rules"] = out["matched_rules"].astype("str")
    return out


def classify_customers(
    frame: pd.DataFrame,
    rules: pd.DataFrame | Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Customer identification (客户识别与分类): existing direct, existing indirect, potential.

    Seed 004 divides customers into existing customers (现有客户), direct (直接客户) or
    indirect (间接客户), and potential customers (潜在客户) who have not traded yet.

    Parameters
    ----------
    frame : DataFrame
        A customer file (:func:`customer_file`) with ``orders`` and ``status``.
    rules : DataFrame or dict, optional
        Replaceable rules; default :func:`default_customer_rules`.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``customer_class`` (categorical: the labels, then
        ``unclassified`` for rows matching no rule) and ``matched_rules``. Overlapping
        rules raise an error: the classes are meant to be exclusive.
    """
    rules = default_customer_rules() if rules is None else rules
    return apply_rules(frame, rules, name="customer_class", overlap="error")


def classify_targets(
    frame: pd.DataFrame,
    rules: pd.DataFrame | Mapping[str, str] | None = None,
    *,
    value: str = "revenue",
    thresholds: Sequence[float] | None = None,
    default: str = "other",
) -> pd.DataFrame:
    """Target customers (目标客户): problem, core and important customers, by rules.

    Parameters
    ----------
    frame : DataFrame
        A customer file (:func:`customer_file`, built with ``contacts=`` for the default
        rules, which use ``complaints``).
    rules : DataFrame or dict, optional
        Rules in priority order; default :func:`default_target_rules`. A customer
        matching several rules gets the first; ``matched_rules`` lists them all.
    value : str, default "revenue"
        Column ranked for the ABC ``tier`` that the rules can use, added only when
        ``frame`` has no ``tier`` column (pass your own tiers in a ``tier`` column to
        override).
    thresholds : sequence of floats, optional
        Thresholds of that ABC ranking (see :func:`abc_tiers`; default (0.7, 0.9)).
    default : str, default "other"
        Label of customers matching no rule (not a target customer; kept).

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``tier`` (if it was added), ``target`` (categorical:
        rule labels in priority order, then ``default``) and ``matched_rules``.
    """
    func = "classify_targets"
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"The 'frame' parameter of {func} must be a customer file (DataFrame). "
            f"Got {type(frame).__name__} instead."
        )
    work = frame
    if "tier" not in frame.columns:
        check_table(frame, "frame", func, [value], "Build it with customer_file().")
        work = frame.copy()
        work["tier"] = abc_tiers(frame[value], thresholds=thresholds).to_numpy()
    rules = default_target_rules() if rules is None else rules
    return apply_rules(work, rules, name="target", default=default, overlap="first")
