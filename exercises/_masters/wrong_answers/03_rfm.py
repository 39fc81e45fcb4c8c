"""Plausible wrong answers for exercise set 03_rfm (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        (
            'n_purchases = int((transactions["order_date"] < MAIL_DATE).sum())',
            "revenue 0 or less",
        ),
        (
            'n_purchases = int(((transactions["order_date"] <= MAIL_DATE) & '
            '(transactions["revenue"] > 0)).sum())',
            "2 June 2025 itself",
        ),
        ("n_purchases = float(n_purchases)", "whole number"),
        (
            "n_purchases = int(purchases['customer_id'].nunique())",
            "number of customers with a purchase",
        ),
    ],
    "q2": [
        (
            "recency = (MAIL_DATE - transactions[transactions['order_date'] < MAIL_DATE]"
            ".groupby('customer_id')['order_date'].max()).dt.days",
            "only orders before the mail date have revenue 0 or less",
        ),
        ("recency = recency - 1", "days to 1 June"),
        (
            "recency = (MAIL_DATE - purchases.groupby('customer_id')['order_date'].min()).dt.days",
            "*first* purchase",
        ),
        ("recency = recency.reset_index()", "pandas Series"),
        ("recency = (last_purchase - MAIL_DATE).dt.days", "negative"),
    ],
    "q3": [
        ("monetary = by_customer['revenue'].mean()", "mean revenue per purchase"),
        ("monetary = by_customer['gross_revenue'].sum()", "`gross_revenue`"),
        ("frequency = frequency - 1", "*repeat* purchases"),
        (
            "frequency = transactions[transactions['order_date'] < MAIL_DATE]"
            ".groupby('customer_id').size().loc[frequency.index]",
            "revenue 0 or less too",
        ),
    ],
    "q4": [
        (
            "share_one_time = float((frequency == 1).sum() / len(customers))",
            "every customer in the customer file",
        ),
        ("share_one_time = 100 * share_one_time", "looks like a percent"),
        ("share_one_time = float((frequency > 1).mean())", "the other group"),
        (
            "frequency = frequency[frequency > 1] - 1\n"
            "share_one_time = float((frequency == 1).mean())",
            "fix question 3 first",
        ),
    ],
    "q5": [
        ("r_score = 6 - r_score", "upside down"),
        (
            "r_score = 1 + sum((recency <= c).astype(int) for c in r_cuts)",
            "strictly larger",
        ),
        (
            "_c = recency.sort_values().iloc[positions - 1].to_numpy()\n"
            "r_score = 6 - (1 + sum((recency > c).astype(int) for c in _c))",
            "strictly larger than the recency",
        ),
        (
            "r_score = 5 - pd.qcut(recency.rank(method='first'), 5, labels=False)",
            "rank(method='first')",
        ),
        ("r_score = r_score.astype(float)", "whole numbers"),
        ("r_score = r_score.to_numpy()", "should be a pandas Series"),
    ],
    "q6": [
        (
            "f_alt = pd.qcut(frequency.rank(method='first'), 5, labels=False) + 1\n"
            "cell = r_score.astype(str) + f_alt.astype(str) + m_score.astype(str)",
            "same frequency got different F codes",
        ),
        (
            "from crmkit import rfm\n"
            "_s = rfm.rfm_score(rfm.rfm_summary(purchases, analysis_date=MAIL_DATE), "
            "ties='first').scores\n"
            "cell = _s['R'].astype(str) + _s['F'].astype(str) + _s['M'].astype(str)",
            "you broke ties",
        ),
        (
            "mean_spend = monetary / frequency\n"
            "m_cuts2 = mean_spend.sort_values().iloc[positions - 1].to_numpy()\n"
            "m_alt = 1 + sum((mean_spend > c).astype(int) for c in m_cuts2)\n"
            "cell = r_score.astype(str) + f_score.astype(str) + m_alt.astype(str)",
            "mean revenue per purchase",
        ),
        (
            "cell = m_score.astype(str) + f_score.astype(str) + r_score.astype(str)",
            "wrong order",
        ),
        ("cell = 100 * r_score + 10 * f_score + m_score", "its values are numbers"),
        (
            "_c = monetary.sort_values().iloc[positions].to_numpy()\n"
            "_m = 1 + sum((monetary > c).astype(int) for c in _c)\n"
            "cell = r_score.astype(str) + f_score.astype(str) + _m.astype(str)",
            "Check the M cut points",
        ),
    ],
    "q7": [
        (
            "response_rate = float(mailing['responded'].mean())",
            "without a purchase before the mail date",
        ),
        ("response_rate = 100 * response_rate", "looks like a percent"),
        (
            "response_rate = float(scored_mail['responded'].sum() / len(recency))",
            "every scored customer",
        ),
    ],
    "q8": [
        (
            "breakeven_rate = COST_PER_PIECE / responders['response_revenue'].mean()",
            "*margin* per response",
        ),
        (
            "breakeven_rate = COST_PER_PIECE / "
            "(MARGIN_RATE * scored_mail['response_revenue'].mean())",
            "zeros included",
        ),
        (
            "margin_per_response = responders['response_revenue'].mean()",
            "MARGIN_RATE times it",
        ),
        ("breakeven_rate = 100 * breakeven_rate", "looks like a percent"),
    ],
    "q9": [
        (
            "n_rollout_cells = int((cell_rate > response_rate).sum())",
            "overall response rate",
        ),
        ("n_rollout_cells = int((cell_rate < breakeven_rate).sum())", "*below* break-even"),
        (
            "in_chosen = mailed_cell.isin(chosen.index)\n"
            "rollout_profit = float(MARGIN_RATE * scored_mail.loc[in_chosen, "
            "'response_revenue'].sum() - COST_PER_PIECE * in_chosen.sum())",
            "what the test mailing earned",
        ),
        (
            "every = cell.value_counts().reindex(chosen.index, fill_value=0)\n"
            "rollout_profit = float((every * (chosen * margin_per_response - "
            "COST_PER_PIECE)).sum())",
            "already mailed",
        ),
        (
            "pool_all = not_mailed.value_counts().reindex(cell_rate.index, fill_value=0)\n"
            "rollout_profit = float((pool_all * (cell_rate * margin_per_response - "
            "COST_PER_PIECE)).sum())",
            "also those below break-even",
        ),
        (
            "rollout_profit = float((chosen * margin_per_response - COST_PER_PIECE).sum())",
            "*per customer*",
        ),
        (
            "margin_per_response = MARGIN_RATE * scored_mail['response_revenue'].mean()\n"
            "breakeven_rate = COST_PER_PIECE / margin_per_response\n"
            "chosen = cell_rate[cell_rate > breakeven_rate]\n"
            "n_rollout_cells = len(chosen)\n"
            "pool = not_mailed.value_counts().reindex(chosen.index, fill_value=0)\n"
            "rollout_profit = float((pool * (chosen * margin_per_response - COST_PER_PIECE)).sum())",
            "`breakeven_rate` (question 8)",
        ),
        (
            "_m = scored_mail.groupby(mailed_cell).size().reindex(chosen.index)\n"
            "rollout_profit = float((_m * (chosen * margin_per_response - COST_PER_PIECE)).sum())",
            "mailed in the test",
        ),
    ],
"q10": [
        (
            "incremental = float(mailing.loc[mailing['customer_id'].isin(past_buyers),"
            " 'responded'].mean())",
            "gross response rate",
        ),
        ("incremental = float(p1 - bought.mean())", "over all eligible customers"),
        (
            "b = pd.Series(past_buyers.isin(transactions.loc[in_window, 'customer_id']),"
            " index=past_buyers)\n"
            "incremental = float(b[was_mailed].mean() - b[~was_mailed].mean())",
            "only ordinary orders",
        ),
        (
            "se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)\n"
            "incremental_low = float(p1 - p0 - 1.959964 * se)\n"
            "incremental_high = float(p1 - p0 + 1.959964 * se)",
            "normal (Wald) interval",
        ),
        (
            "w = mailing_inference.response_interval([k1, k0], [n1, n0])\n"
            "incremental_low = float(w['rate_low'].iloc[0] - p0)",
            "shifted the mailed rate's Wilson interval",
        ),
        (
            "incremental_low, incremental_high = incremental_high, incremental_low",
            "swap",
        ),
    ],
}

RIGHT_ANSWERS: dict[str, list[str]] = {
    "q10": [
        # the kit's function on True/False Series, as the question suggests for checking
        "row = mailing_inference.incremental_response(bought, was_mailed).iloc[0]\n"
        "incremental, incremental_low, incremental_high = ("
        "row['incremental'], row['incremental_low'], row['incremental_high'])",
        # the Wilson intervals by their formula, with scipy's z
        "from scipy.stats import norm\n"
        "z = norm.ppf(0.975)\n"
        "def wil(k, n):\n"
        "    p = k / n\n"
        "    c = (p + z**2 / (2 * n)) / (1 + z**2 / n)\n"
        "    h = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))\n"
        "    return p, c - h, c + h\n"
        "(a1, lo1, hi1), (a0, lo0, hi0) = wil(k1, n1), wil(k0, n0)\n"
        "incremental = a1 - a0\n"
        "incremental_low = a1 - a0 - np.sqrt((a1 - lo1) ** 2 + (hi0 - a0) ** 2)\n"
        "incremental_high = a1 - a0 + np.sqrt((hi1 - a1) ** 2 + (a0 - lo0) ** 2)",
    ],
}
