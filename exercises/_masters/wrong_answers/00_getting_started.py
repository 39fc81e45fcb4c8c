"""Plausible wrong answers for exercise set 00_getting_started (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("n_orders = len(order_lines)", "order *lines*"),
        ("n_orders = float(len(orders))", "whole number"),
        ("n_orders = orders", "one single number"),
    ],
    "q2": [
        ("n_orders_2024 = len(orders)", "keep only 2024"),
        (
            'n_orders_2024 = int((orders["order_date"].dt.year == 2023).sum())',
            "number for 2023",
        ),
        (
            'n_orders_2024 = orders.loc[orders["order_date"].dt.year == 2024, "customer_id"]'
            ".nunique()",
            "number of *customers*",
        ),
    ],
    "q3": [
        (
            'share_business = 100 * float((customers["customer_type"] == "business").mean())',
            "looks like a percent",
        ),
        (
            'share_business = int((customers["customer_type"] == "business").sum())',
            "between 0 and 1",
        ),
        (
            "share_business = float((customers.loc[customers['status'] != 'potential', "
            "'customer_type'] == 'business').mean())",
            "potential customers included",
        ),
        (
            'share_business = round(float((customers["customer_type"] == "business").mean()), 2)',
            "you rounded the share",
        ),
    ],
    "q4": [
        (
            'revenue_by_region = with_region.groupby("region", observed=True)'
            '["gross_revenue"].sum()',
            "`gross_revenue`",
        ),
        (
            'revenue_by_region = with_region.groupby("region", observed=True)[["revenue"]].sum()',
            "DataFrame",
        ),
        (
            'revenue_by_region = with_region.groupby("region", observed=True)'
            '["revenue"].sum().reset_index(drop=True)',
            "missing region label(s)",
        ),
    ],
    "q5": [
        ("best_aov_region = str(mean_by_region.idxmin())", "*lowest*"),
        ("best_aov_region = mean_by_region", "one label"),
        ('best_aov_region = "north"', "not one of"),
    ],
    "q6": [
        (
            "per_customer = transactions.groupby('customer_id')['revenue'].mean()\n"
            "counts = transactions['customer_id'].value_counts()\n"
            "mean_order_value = per_customer.groupby(np.where("
            "per_customer.index.map(counts) > 1, 'repeat', 'one-time')).mean()",
            "every customer weighs the same",
        ),
        (
            "mean_order_value = pd.Series({'one': 1.0, 'many': 2.0})",
            "missing buyer group label(s)",
        ),
        (
            "mean_order_value = transactions.groupby(np.where(orders_of_customer > 2, "
            "'repeat', 'one-time'))['revenue'].mean()",
            "exactly two orders",
        ),
    ],
    "q7": [
        (
            "revenue_per_customer = transactions.groupby('customer_id', as_index=False)"
            "['revenue'].sum().merge(customers, on='customer_id')"
            ".groupby('customer_type', observed=True)['revenue'].mean()",
            "customers without orders count too",
        ),
        ("revenue_per_customer = revenue_per_customer.to_dict()", "dict"),
        (
            "rows = customers.merge(transactions[['customer_id', 'revenue']], "
            "on='customer_id', how='left').fillna({'revenue': 0.0})\n"
            "revenue_per_customer = rows.groupby('customer_type', observed=True)"
            "['revenue'].mean()",
            "merged the orders themselves",
        ),
        ("revenue_per_customer = revenue_per_customer.round()", "you rounded the averages"),
    ],
}
