"""Plausible wrong answers for exercise set 01_crm_concepts (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ('q1_answer = "a"', "starts from the factory"),
        ('q1_answer = "b"', "sells itself"),
        ('q1_answer = "c"', "pushes products"),
        ('q1_answer = "D"', "not one of"),
        ("q1_answer = 4", "should be a string"),
    ],
    "q2": [
        (
            'mean_satisfaction = float(survey["overall_satisfaction"].mean())',
            "`overall_satisfaction`",
        ),
        (
            'mean_satisfaction = float(survey["satisfaction_1"].mean())',
            "`satisfaction_1` alone",
        ),
        ("mean_satisfaction = float(score.median())", "the median"),
        (
            "mean_satisfaction = float(survey[satisfaction_items].sum(axis=1).mean())",
            "at most 7",
        ),
        ("mean_satisfaction = score", "one single number"),
        ("mean_satisfaction = round(float(score.mean()), 2)", "you rounded your answer"),
        (
            'mean_satisfaction = float(survey.filter(like="satisfaction").mean(axis=1).mean())',
            "`overall_satisfaction` (for example",
        ),
    ],
    "q3": [
        ('q3_answer = "a"', "loyalty intention"),
        ('q3_answer = "b"', "net promoter score"),
        ('q3_answer = "d"', "measured by asking"),
    ],
    "q4": [
        ("share_high_intention = float((intention >= 5).mean())", "exactly 5"),
        (
            "share_high_intention = float((survey[satisfaction_items].mean(axis=1) > 5).mean())",
            "satisfaction items",
        ),
        (
            'share_high_intention = float((survey["recommend"] >= 9).mean())',
            "promoters",
        ),
        ("share_high_intention = 100 * float((intention > 5).mean())", "looks like a percent"),
        ("share_high_intention = int((intention > 5).sum())", "between 0 and 1"),
        ("share_high_intention = round(float((intention > 5).mean()), 3)", "you rounded"),
        (
            "share_high_intention = float((survey[intention_items] > 5).all(axis=1).mean())",
            "every one of the three items",
        ),
    ],
    "q5": [
        ('exit_reason_share = exits["exit_reason"].value_counts()', "values above 1"),
        ('exit_reason_share = exits["exit_reason"].value_counts()', "those are counts"),
        (
            'exit_reason_share = 100 * exits["exit_reason"].value_counts(normalize=True)',
            "those are percents",
        ),
        (
            'contacts = load("contacts", STUDENT_ID)\n'
            'exit_reason_share = contacts["reason"].value_counts(normalize=True)',
            "missing exit reason label(s) ['moved']",
        ),
        (
            'exit_reason_share = exits["exit_reason"].value_counts(normalize=True).to_dict()',
            "dict",
        ),
        ("exit_reason_share = exit_reason_share.round(3)", "you rounded the shares"),
    ],
    "q6": [
        ('q6_answer = "a"', "NOT from loyalty"),
        ('q6_answer = "c"', "only 1,200 customers"),
        ('q6_answer = "d"', "not drawn at random"),
    ],
    "q7": [
        (
            "buyers_2023 = set(transactions.loc[year == 2023, 'customer_id'])\n"
            "retention_2024_2025 = len(buyers_2023 & buyers_2024) / len(buyers_2023)",
            "from 2023 to 2024",
        ),
        (
            "retention_2024_2025 = len(buyers_2024 & buyers_2025) / len(buyers_2025)",
            "bought in 2025",
        ),
        (
            "retention_2024_2025 = len(buyers_2024 & buyers_2025) / len(customers)",
            "every customer in the customer file",
        ),
        (
            "retention_2024_2025 = 1 - len(buyers_2024 & buyers_2025) / len(buyers_2024)",
            "did NOT buy in 2025",
        ),
        (
            "retention_2024_2025 = float("
            "transactions.loc[year == 2024, 'customer_id'].isin(buyers_2025).mean())",
            "you counted 2024 orders",
        ),
        (
            "retention_2024_2025 = 100 * len(buyers_2024 & buyers_2025) / len(buyers_2024)",
            "looks like a percent",
        ),
        ("retention_2024_2025 = len(buyers_2025) / len(buyers_2024)", "number of 2025 buyers"),
        (
            "retention_2024_2025 = round(len(buyers_2024 & buyers_2025) / len(buyers_2024), 3)",
            "you rounded your answer",
        ),
    ],
    "q8": [
        ('q8_answer = "b"', "not about how many customers stay"),
        ('q8_answer = "c"', "about two thirds"),
        ('q8_answer = "d"', "not about costs"),
    ],
    "q9": [
        (
            "top20_revenue_share = float(revenue_per_buyer.sort_values().iloc[:k].sum()"
            " / revenue_per_buyer.sum())",
            "*bottom* 20%",
        ),
        (
            "gross = transactions.groupby('customer_id')['gross_revenue'].sum()"
            ".sort_values(ascending=False)\n"
            "top20_revenue_share = float(gross.iloc[:k].sum() / gross.sum())",
            "`gross_revenue`",
        ),
        (
            "top20_revenue_share = float(revenue_sorted.iloc[: round(0.2 * len(customers))]"
            ".sum() / revenue_sorted.sum())",
            "potential customers included",
        ),
        (
            "margin = transactions.groupby('customer_id')['margin'].sum()"
            ".sort_values(ascending=False)\n"
            "top20_revenue_share = float(margin.iloc[:k].sum() / margin.sum())",
            "you used `margin`",
        ),
        (
            "top20_revenue_share = float(revenue_sorted.iloc[: k + 1].sum()"
            " / revenue_sorted.sum())",
            "one buyer too many",
        ),
        (
            "top20_revenue_share = float(revenue_sorted.iloc[: k - 1].sum()"
            " / revenue_sorted.sum())",
            "one buyer too few",
        ),
        (
            "by_order = transactions['revenue'].sort_values(ascending=False)\n"
            "top20_revenue_share = float(by_order.iloc[: round(0.2 * len(by_order))].sum()"
            " / by_order.sum())",
            "top 20% of *orders*",
        ),
        ("top20_revenue_share = round(top20_revenue_share, 3)", "you rounded your answer"),
    ],
    "q10": [
        (
            "margin_by_tier = buyers.merge(margin_2025.rename('m').reset_index(),"
            " on='customer_id').groupby('care_tier', observed=True)['m'].mean()",
            "only over the buyers who ordered in 2025",
        ),
        (
            "whole = transactions.groupby('customer_id')['margin'].sum()\n"
            "margin_by_tier = buyers['customer_id'].map(whole).fillna(0.0)"
            ".groupby(buyers['care_tier'], observed=True).mean()",
            "all three years",
        ),
        (
            "rev = orders_2025.groupby('customer_id')['revenue'].sum()\n"
            "margin_by_tier = buyers['customer_id'].map(rev).fillna(0.0)"
            ".groupby(buyers['care_tier'], observed=True).mean()",
            "you used `revenue`",
        ),
        (
            "margin_by_tier = buyer_margin.groupby(buyers['care_tier'], observed=True).sum()",
            "tier totals",
        ),
        (
            "margin_by_tier = customers['customer_id'].map(margin_2025).fillna(0.0)"
            ".groupby(customers['care_tier'], observed=True).mean()",
            "potential customers",
        ),
        (
            "margin_by_tier = buyer_margin.groupby(buyers['care_tier'], observed=True)"
            ".mean().reset_index()",
            "DataFrame",
        ),
        (
            "margin_by_tier = orders_2025.merge(customers, on='customer_id')"
            ".groupby('care_tier', observed=True)['margin'].mean()",
            "mean margin per *order*",
        ),
        (
            "rows = buyers.merge(orders_2025[['customer_id', 'margin']], on='customer_id',"
            " how='left').fillna({'margin': 0.0})\n"
            "margin_by_tier = rows.groupby('care_tier', observed=True)['margin'].mean()",
            "merged the 2025 orders themselves",
        ),
        ("margin_by_tier = margin_by_tier.round(2)", "you rounded the means"),
    ],
}
