"""Plausible wrong answers for exercise set 06_clv_churn (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        (
            "cohort_sizes = transactions.groupby('customer_id')['order_date'].min()"
            ".dt.to_period('Q').astype(str).value_counts()",
            "fully returned order",
        ),
        (
            "q = purchases['order_date'].dt.to_period('Q').astype(str)\n"
            "cohort_sizes = purchases.groupby(q)['customer_id'].nunique()",
            "customers *buying* in each quarter",
        ),
        (
            "cohort_sizes = purchases['order_date'].dt.to_period('Q').astype(str).value_counts()",
            "counted orders per quarter",
        ),
    ],
    "q2": [
        (
            "p1 = (in_cohort['order_date'].dt.year - 2023) * 4 + in_cohort['order_date'].dt.quarter\n"
            "a = in_cohort.groupby(p1)['customer_id'].nunique()\n"
            "retention_2023q1 = (a / len(cohort_ids)).reindex(range(1, 12), fill_value=0.0)",
            "one too high",
        ),
        (
            "pp = (purchases['order_date'].dt.year - 2023) * 4 + purchases['order_date'].dt.quarter - 1\n"
            "n = purchases.groupby(pp)['customer_id'].nunique()\n"
            "retention_2023q1 = (active / n).reindex(range(1, 12), fill_value=0.0)",
            "all of each quarter's buyers",
        ),
        ("retention_2023q1 = 100 * retention_2023q1", "fractions"),
        (
            "o = in_cohort.groupby(period).size()\n"
            "retention_2023q1 = (o / len(cohort_ids)).reindex(range(1, 12), fill_value=0.0)",
            "*orders*",
        ),
        (
            "seen = set()\n"
            "rows = []\n"
            "for k in range(1, 12):\n"
            "    seen |= set(in_cohort.loc[period == k, 'customer_id'])\n"
            "    rows.append(len(seen) / len(cohort_ids))\n"
            "retention_2023q1 = pd.Series(rows, index=range(1, 12))",
            "running total",
        ),
        (
            "c = load('customers', STUDENT_ID)\n"
            "ids = c.loc[c['signup_date'].dt.to_period('Q').astype(str) == '2023Q1', 'customer_id']\n"
            "mine = purchases[purchases['customer_id'].isin(ids)]\n"
            "pm = (mine['order_date'].dt.year - 2023) * 4 + mine['order_date'].dt.quarter - 1\n"
            "a = mine.groupby(pm)['customer_id'].nunique()\n"
            "retention_2023q1 = (a / len(ids)).reindex(range(1, 12), fill_value=0.0)",
            "`signup_date`",
        ),
    ],
    "q3": [
        ("r_year = len(buyers_2024 & buyers_2025) / len(buyers_2025)", "divided by 2025's"),
        ("r_year = 1 - r_year", "did *not* come back"),
        (
            "m_year = float(returning.groupby('customer_id')['revenue'].sum().mean())",
            "you used `revenue`",
        ),
        ("m_year = float(returning['margin'].mean())", "averaged over orders"),
        (
            "m_year = float(returning['margin'].sum() / len(buyers_2024))",
            "divided by all of 2024's buyers",
        ),
        (
            "t = transactions\n"
            "y = t['order_date'].dt.year\n"
            "b = set(t.loc[y == 2024, 'customer_id'])\n"
            "m_year = float(t[(y == 2025) & t['customer_id'].isin(b)]"
            ".groupby('customer_id')['margin'].sum().mean())",
            "every order of `transactions`",
        ),
    ],
    "q4": [
        ("clv_simple = m_year / (1 + d - r_year)", "left out r in the numerator"),
        ("clv_simple = m_year * (1 + d) / (1 + d - r_year)", "included today's margin"),
        ("clv_simple = m_year * r_year / (1 + 10 - r_year)", "d = 10"),
        ("clv_simple = m_year * r_year / (1 - r_year)", "left out the discount rate"),
        (
            "m_year = m_year * 1.1\nclv_simple = m_year * r_year / (1 + d - r_year)",
            "fix question 3 first",
        ),
    ],
    "q5": [
        ("holdout_purchases = len(holdout)", "counted orders"),
        (
            "holdout_purchases = len(purchases[in_holdout]"
            ".drop_duplicates(['customer_id', 'order_date']))",
            "first purchase was in the hold-out period",
        ),
        ("holdout_purchases = int(holdout['customer_id'].nunique())", "counted customers"),
        (
            "h = purchases[(purchases['order_date'] >= CALIBRATION_END)"
            " & (purchases['order_date'] <= HOLDOUT_END)"
            " & purchases['customer_id'].isin(calibration_ids)]\n"
            "holdout_purchases = len(h.drop_duplicates(['customer_id', 'order_date']))",
            "included 30 June 2025",
        ),
        (
            "h = purchases[(purchases['order_date'] > CALIBRATION_END)"
            " & (purchases['order_date'] < HOLDOUT_END)"
            " & purchases['customer_id'].isin(calibration_ids)]\n"
            "holdout_purchases = len(h.drop_duplicates(['customer_id', 'order_date']))",
            "left out 31 December",
        ),
        (
            "holdout_purchases = calhold['frequency_holdout'].sum()",
            "whole number",
        ),
    ],
    "q6": [
        (
            "predicted_holdout = float(bgnbd.expected_purchases(184, calhold).sum())",
            "in days",
        ),
        (
            "predicted_holdout = float(bgnbd.expected_purchases(26, calhold).sum())",
            "t = 26 weeks",
        ),
        ("predicted_holdout = float(calhold['frequency_holdout'].sum())", "*actual*"),
        (
            "predicted_holdout = float(bgnbd.expected_purchases(183 / 7, calhold).sum())",
            "183 days",
        ),
        (
            "predicted_holdout = float(bgnbd.expected_purchases(26.3, calhold).sum())",
            "rounded t",
        ),
        (
            "predicted_holdout = float(bgnbd.expected_purchases(weeks, calhold).mean())",
            "mean per customer",
        ),
    ],
    "q7": [
        ("n_likely_gone = int((p_alive >= 0.5).sum())", "*likely alive*"),
        (
            "n_likely_gone = int((calhold['frequency_holdout'] == 0).sum())",
            "no hold-out purchase",
        ),
        ("n_likely_gone = float((p_alive < 0.5).mean())", "whole number"),
    ],
    "q8": [
        (
            # a slip of question 5 (fully returned orders counted in the hold-out period)
            # carried into question 8, which reuses q5's `holdout`: the note points back
            "holdout = transactions[(transactions['order_date'] > CALIBRATION_END)"
            " & (transactions['order_date'] <= HOLDOUT_END)"
            " & transactions['customer_id'].isin(calibration_ids)]\n"
            "holdout_purchases = len(holdout.drop_duplicates(['customer_id', 'order_date']))\n"
            "churned = ~days_since_last.index.isin(holdout['customer_id'])\n"
            "pos = days_since_last[churned].to_numpy()\n"
            "neg = days_since_last[~churned].to_numpy()\n"
            "auc_recency = float((pos[:, None] > neg[None, :]).mean()"
            " + 0.5 * (pos[:, None] == neg[None, :]).mean())",
            "fix question 5 first",
        ),
        ("auc_recency = float((pos[:, None] > neg[None, :]).mean())", "ties as 0"),
        ("auc_recency = float((pos[:, None] >= neg[None, :]).mean())", "ties as 1"),
        ("auc_recency = 1 - auc_recency", "wrong way round"),
        (
            "auc_recency = clv.auc(calhold['frequency_holdout'] == 0, calhold['recency'])",
            "from the first purchase to the last",
        ),
        (
            "auc_recency = clv.auc(\n"
            "    calhold['frequency_holdout'] == 0, calhold['T'] - calhold['recency']\n"
            ")",
            "decimal weeks",
        ),
        (
            "lp = purchases.groupby('customer_id')['order_date'].max()\n"
            "s = (CALIBRATION_END - lp).dt.days.reindex(calhold.index)\n"
            "auc_recency = clv.auc(calhold['frequency_holdout'] == 0, s)",
            "includes the hold-out period",
        ),
        (
            "lp = purchases.groupby('customer_id')['order_date'].max()\n"
            "s = (CALIBRATION_END - lp).dt.days\n"
            "auc_recency = clv.auc(~s.index.isin(holdout['customer_id']), s)",
            "for the calibration customers only",
        ),
    ],
    "q9": [
        ("q9_answer = 'a'", "need not add up to 1"),
        ("q9_answer = 'c'", "never saw the hold-out period"),
        ("q9_answer = 'd'", "other way round"),
        ("q9_answer = 'B'", "not one of"),
    ],
"q10": [
        ("bic_gap = float(mbg.log_likelihood_ - bg.log_likelihood_)", "log-likelihoods"),
        ("bic_gap = float(bg.log_likelihood_ - mbg.log_likelihood_)", "log-likelihoods"),
        ("bic_gap = float(bg.bic - mbg.bic)", "other way round"),
        (
            # the hold-out period used in the fit: a summary at 31 December 2025
            "full = btyd.calibration_holdout(purchases, calibration_end=HOLDOUT_END,"
            " holdout_end=HOLDOUT_END + pd.Timedelta(days=1))\n"
            "bic_gap = float(btyd.MBGNBD().fit(full).bic - btyd.BGNBD().fit(full).bic)",
            "hold-out period included",
        ),
        ("bic_choice = 'MBG/NBD'", "*smaller* BIC"),
        ("bic_choice = 'BGNBD'", "bic_choice"),
    ],
    "q11": [
        (
            "zero_repeat_error = pd.Series({k: m.expected_purchases(184, summary)[no_repeat]"
            ".sum() - actual_zero for k, m in (('BG/NBD', bg), ('MBG/NBD', mbg))})",
            "t in days",
        ),
        ("zero_repeat_error = -zero_repeat_error", "actual minus predicted"),
        (
            "zero_repeat_error = pd.Series({k: m.expected_purchases(t_holdout, summary).sum()"
            " - summary['frequency_holdout'].sum() for k, m in (('BG/NBD', bg), ('MBG/NBD', mbg))})",
            "every calibration customer",
        ),
        (
            "zero_repeat_error = pd.Series({k: m.expected_purchases(t_holdout, summary)"
            "[no_repeat].sum() - summary['frequency_holdout'].sum()"
            " for k, m in (('BG/NBD', bg), ('MBG/NBD', mbg))})",
            "subtract only those",
        ),
        (
            "gone = summary['frequency_holdout'] == 0\n"
            "zero_repeat_error = pd.Series({k: m.expected_purchases(t_holdout, summary)[gone]"
            ".sum() - summary.loc[gone, 'frequency_holdout'].sum()"
            " for k, m in (('BG/NBD', bg), ('MBG/NBD', mbg))})",
            "*hold-out* purchase",
        ),
        (
            # a question 10 slip (the hold-out period in the fit) carried into question 11
            "full = btyd.calibration_holdout(purchases, calibration_end=HOLDOUT_END,"
            " holdout_end=HOLDOUT_END + pd.Timedelta(days=1))\n"
            "bg, mbg = btyd.BGNBD().fit(full), btyd.MBGNBD().fit(full)\n"
            "bic_gap = float(mbg.bic - bg.bic)\n"
            "zero_repeat_error = pd.Series({k: m.expected_purchases(t_holdout, summary)"
            "[no_repeat].sum() - actual_zero for k, m in (('BG/NBD', bg), ('MBG/NBD', mbg))})",
            "fix question 10 first",
        ),
    ],
}

RIGHT_ANSWERS: dict[str, list[str]] = {
    "q10": [
        # the BIC by its formula; and the fit in days: both models' log-likelihoods move
        # by the same term when the time unit changes, so the BIC difference does not
        "import numpy as np\n"
        "n = len(summary)\n"
        "bic_gap = (4 * np.log(n) - 2 * mbg.log_likelihood_)"
        " - (4 * np.log(n) - 2 * bg.log_likelihood_)",
        "days = btyd.calibration_holdout(purchases, calibration_end=CALIBRATION_END,"
        " holdout_end=HOLDOUT_END, unit_days=1)\n"
        "bic_gap = btyd.MBGNBD().fit(days).bic - btyd.BGNBD().fit(days).bic",
    ],
    "q11": [
        "z = summary[summary['frequency'] == 0]\n"
        "w = 184 / 7\n"
        "zero_repeat_error = pd.Series([bg.expected_purchases(w, z).sum(),"
        " mbg.expected_purchases(w, z).sum()], index=['BG/NBD', 'MBG/NBD'])"
        " - z['frequency_holdout'].sum()",
    ],
}
