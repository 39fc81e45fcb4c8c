"""Complaints and exit reasons side by side (保持客户管理, seed 002 section 2.4).

:func:`retention_view` puts, for each reason, how often customers complained about it
next to how many lost customers (流失客户) named it in the exit interview, and how many
of those had complained before leaving: the warning a firm could have heard.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit._checks import (
    check_dates,
    check_finite,
    check_known_ids,
    check_no_missing,
    check_table,
    check_unique,
)

__all__ = ["CONTACT_KINDS", "retention_view"]

#: The kinds of customer contact the world's ``contacts`` table records.
CONTACT_KINDS = ("inquiry", "complaint")


def retention_view(
    customers: pd.DataFrame,
    contacts: pd.DataFrame,
    exits: pd.DataFrame,
) -> pd.DataFrame:
    """Complaints and exit reasons side by side (保持客户管理, seed 002 section 2.4).

    The textbook asks the firm to use complaints (客户投诉) to learn why customers leave
    (客户流失). This table puts, for each reason, how often customers complained about
    it next to how many lost customers named it in the exit interview (流失客户访谈).

    Parameters
    ----------
    customers : DataFrame
        The customers at risk, with ``customer_id``; its length is the base of
        ``lost_share_of_customers``. Pass only customers who have bought if potential
        customers should not count.
    contacts : DataFrame
        ``customer_id``, ``kind`` ({inquiry, complaint}), ``reason`` and ``resolved``.
        Only rows of kind ``complaint`` are counted; a complaint without a reason is
        counted under ``"unknown"``.
    exits : DataFrame
        One row per lost customer who answered the exit interview: ``customer_id``,
        ``exit_reason`` (a missing reason is counted as ``"unknown"``) and, optionally,
        ``exit_date``. With ``exit_date`` and the contacts' ``contact_date``, only
        complaints made on or before the exit date count in the last two columns; both
        date columns must then be complete (a NaT is an error, not a silent "no").

    Returns
    -------
    DataFrame
        One row per reason (the categories of ``exit_reason`` and ``reason`` when they are
        categoricals, in that order, then any other value), with

        ================================  ================================================
        ``complaints``                    complaints giving this reason
        ``complaint_share``               share of all complaints
        ``resolved_rate``                 share of those complaints resolved (NaN if none)
        ``exits``                         lost customers giving this exit reason
        ``exit_share``                    share of lost customers (sums to 1): the share of
                                          churn attributable to the reason, as told
        ``lost_share_of_customers``       exits / number of ``customers``
        ``exits_after_complaint``         lost customers with this exit reason who had
                                          complained (about anything) before leaving
        ``exits_after_same_complaint``    of those, the ones who had complained about the
                                          same reason: a warning the firm could have heard
        ================================  ================================================

    Notes
    -----
    Exit reasons are what lost customers *say*; only customers who answered the
    interview are in ``exits``, and a stated reason can differ from the real one.
    A missing ``customer_id`` in any of the three tables is an error, not a dropped row.
    """
    func = "retention_view"
    contacts, exits = _check_retention_tables(customers, contacts, exits, func)
    complaints = contacts.loc[contacts["kind"] == "complaint"]
    c_reason = complaints["reason"].astype(object).where(complaints["reason"].notna(), "unknown")
    e_reason = exits["exit_reason"].astype(object).where(exits["exit_reason"].notna(), "unknown")

    order: list[str] = []
    for s in (exits["exit_reason"], contacts["reason"]):
        if isinstance(s.dtype, pd.CategoricalDtype):
            order += [str(c) for c in s.cat.categories if str(c) not in order]
    seen = sorted({str(r) for r in [*c_reason, *e_reason]} - set(order))
    order += seen

    resolved = _resolved_flags(complaints, func)
    out = pd.DataFrame(index=pd.Index(order, name="reason", dtype=object))
    c_counts = c_reason.astype(str).value_counts()
    out["complaints"] = c_counts.reindex(out.index, fill_value=0).astype("int64")
    n_complaints = int(out["complaints"].sum())
    out["complaint_share"] = out["complaints"] / n_complaints if n_complaints else np.nan
    resolved_by = resolved.groupby(c_reason.astype(str).to_numpy()).mean()
    out["resolved_rate"] = resolved_by.reindex(out.index)
    e_counts = e_reason.astype(str).value_counts()
    out["exits"] = e_counts.reindex(out.index, fill_value=0).astype("int64")
    n_exits = int(out["exits"].sum())
    out["exit_share"] = out["exits"] / n_exits if n_exits else np.nan
    out["lost_share_of_customers"] = out["exits"] / customers["customer_id"].nunique()
    # complaints made before leaving (all complaints if either table has no dates)
    pairs = pd.DataFrame(
        {"customer_id": complaints["customer_id"].to_numpy(), "reason": c_reason.astype(str)}
    )
    lost = pd.DataFrame(
        {"customer_id": exits["customer_id"].to_numpy(), "exit_reason": e_reason.astype(str)}
    )
    if _dated(contacts, exits):
        pairs["date"] = complaints["contact_date"].to_numpy()
        lost["exit_date"] = exits["exit_date"].to_numpy()
        joined = lost.merge(pairs, on="customer_id", how="inner")
        joined = joined.loc[joined["date"] <= joined["exit_date"]]
    else:
        joined = lost.merge(pairs, on="customer_id", how="inner")
    any_before = joined.drop_duplicates("customer_id").groupby("exit_reason").size()
    same = joined.loc[joined["reason"] == joined["exit_reason"]]
    same_before = same.drop_duplicates("customer_id").groupby("exit_reason").size()
    out["exits_after_complaint"] = any_before.reindex(out.index, fill_value=0).astype("int64")
    out["exits_after_same_complaint"] = same_before.reindex(out.index, fill_value=0).astype("int64")
    return out.reset_index()


def _dated(contacts: pd.DataFrame, exits: pd.DataFrame) -> bool:
    """True when both tables carry dates, so complaints can be matched to exits in time."""
    return "contact_date" in contacts.columns and "exit_date" in exits.columns


def _check_retention_tables(
    customers: pd.DataFrame, contacts: pd.DataFrame, exits: pd.DataFrame, func: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The checks of :func:`retention_view`; returns contacts and exits with naive dates."""
    check_table(customers, "customers", func, ["customer_id"])
    check_no_missing(customers, ["customer_id"], "customers", func)
    check_contacts(contacts, customers, func, ["customer_id", "kind", "reason", "resolved"])
    check_table(
        exits,
        "exits",
        func,
        ["customer_id", "exit_reason"],
        "Load it with crmkit.load_dataset('exits').",
    )
    check_no_missing(exits, ["customer_id"], "exits", func)
    check_unique(exits, "customer_id", "exits", func)
    check_known_ids(
        exits["customer_id"], customers["customer_id"], "exits", func, "customers", "customer_id"
    )
    if _dated(contacts, exits):
        contacts = check_dates(contacts, ["contact_date"], "contacts", func)
        exits = check_dates(exits, ["exit_date"], "exits", func)
    return contacts, exits


def _resolved_flags(complaints: pd.DataFrame, func: str) -> pd.Series:
    """The ``resolved`` column of the complaints as 1.0/0.0; True/False or 1/0, none missing."""
    check_no_missing(complaints, ["resolved"], "contacts", func)
    flags = complaints["resolved"]
    if not pd.api.types.is_bool_dtype(flags):
        values = check_finite(flags, "contacts", func, column="resolved")
        if not np.isin(values, (0.0, 1.0)).all():
            raise ValueError(
                f"The column 'resolved' of the 'contacts' parameter of {func} must hold "
                f"True/False (or 1/0). Got {sorted(set(values) - {0.0, 1.0})[:5]} instead."
            )
    return flags.astype(float)


def check_contacts(
    contacts: pd.DataFrame, customers: pd.DataFrame, func: str, columns: list[str]
) -> None:
    """The checks of a ``contacts`` table, shared with :func:`crmkit.customer_file.customer_file`.

    The ``columns`` must be there; ``customer_id`` and ``kind`` must have no missing
    value (a contact of unknown kind would silently not count as a complaint); every
    ``kind`` must be one of :data:`CONTACT_KINDS`; every customer must be in
    ``customers``.
    """
    check_table(
        contacts, "contacts", func, columns, "Load it with crmkit.load_dataset('contacts')."
    )
    check_no_missing(contacts, ["customer_id", "kind"], "contacts", func)
    kinds = set(pd.unique(contacts["kind"].astype(str)))
    unknown_kinds = sorted(kinds - set(CONTACT_KINDS))
    if unknown_kinds:
        raise ValueError(
            f"The column 'kind' of the 'contacts' parameter of {func} must hold 'inquiry' "
            f"or 'complaint'. Got {unknown_kinds} as well instead."
        )
    check_known_ids(
        contacts["customer_id"],
        customers["customer_id"],
        "contacts",
        func,
        "customers",
        "customer_id",
    )


def complaint_counts(
    contacts: pd.DataFrame, customers: pd.DataFrame, as_of: pd.Timestamp, func: str
) -> pd.Series:
    """Complaints per customer id made up to ``as_of`` (checked as by :func:`check_contacts`,
    with a complete ``contact_date``); the ``complaints`` column of the customer file."""
    check_contacts(contacts, customers, func, ["customer_id", "contact_date", "kind"])
    contacts = check_dates(contacts, ["contact_date"], "contacts", func)
    mask = (contacts["kind"] == "complaint") & (contacts["contact_date"] <= as_of)
    return contacts.loc[mask].groupby("customer_id").size()
