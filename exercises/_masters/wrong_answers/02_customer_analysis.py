"""Plausible wrong answers for exercise set 02_customer_analysis (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        (
            "buyers_by_region = transactions.merge(customers[['customer_id', 'region']], "
            "on='customer_id').groupby('region', observed=True).size()",
            "you counted orders",
        ),
        (
            "buyers_by_region = customers.groupby('region', observed=True).size()",
            "potential customers included",
        ),
        (
            "buyers_by_region = buyers_by_region / buyers_by_region.sum()",
            "whole numbers",
        ),
        (
            "buyers_by_region = customers[customers['status'] == 'direct']"
            ".groupby('region', observed=True).size()",
            "only the direct customers",
        ),
    ],
    "q2": [
        ("exit_share = exits['exit_reason'].value_counts()", "look like counts or percents"),
        (
            "exit_share = exits['exit_reason'].value_counts() / len(customers)",
            "all the customers of the file",
        ),
        (
            "exit_share = exits['exit_reason'].astype(str).value_counts(normalize=True)"
            ".drop('moved')",
            "missing exit reason label(s) ['moved']",
        ),
    ],
    "q3": [
        (
            "revenue_per_customer = customers.merge(revenue_of_customer, on='customer_id')"
            ".groupby('channel', observed=True)['revenue'].mean()",
            "potential customers count too",
        ),
        (
            "g = transactions.groupby('customer_id', as_index=False)['gross_revenue'].sum()\n"
            "f = customers.merge(g, on='customer_id', how='left').fillna({'gross_revenue': 0})\n"
            "revenue_per_customer = f.groupby('channel', observed=True)['gross_revenue'].mean()",
            "`gross_revenue` (before returns)",
        ),
        (
            "revenue_per_customer = transactions.merge(customers[['customer_id', 'channel']], "
            "on='customer_id').groupby('channel', observed=True)['revenue'].mean()",
            "mean revenue per *order*",
        ),
    ],
    "q4": [
        (
            "s = (lines['quantity'] * lines['unit_price']).groupby(lines['category'], "
            "observed=True).sum()\n"
            "c = (lines['quantity'] * lines['unit_cost']).groupby(lines['category'], "
            "observed=True).sum()\n"
            "margin_rate_by_category = (s - c) / s",
            "count only the units kept",
        ),
        (
            "margin_rate_by_category = 100 * margin_rate_by_category",
            "look like percents",
        ),
        (
            "r = (lines['unit_price'] - lines['unit_cost']) / lines['unit_price']\n"
            "margin_rate_by_category = r.groupby(lines['category'], observed=True).mean()",
            "averaged the margin rates of the lines",
        ),
        (
            "margin_rate_by_category = (by_category['sales'] - by_category['cogs']) "
            "/ by_category['cogs']",
            "markup",
        ),
    ],
    "q5": [
        (
            "cross_ratio_by_category = margin_rate * by_category['cogs'] / stock_at_cost",
            "multiply it by 365.25 / 1096",
        ),
        (
            "cross_ratio_by_category = margin_rate * by_category['cogs'] / stock_at_cost "
            "* 365.25 / 1095",
            "1,096 days",
        ),
        (
            "retail = products['avg_inventory_units'] * products['list_price']\n"
            "at_retail = retail.groupby(products['category'], observed=True).sum()\n"
            "cross_ratio_by_category = margin_rate * by_category['sales'] / at_retail "
            "* 365.25 / 1096",
            "retail convention",
        ),
        ("cross_ratio_by_category = turnover", "multiplies it by the gross-margin rate"),
        (
            "cross_ratio_by_category = margin_rate * by_category['sales'] / stock_at_cost "
            "* 365.25 / 1096",
            "divided the *sales* by the inventory at cost",
        ),
    ],
    "q6": [
        (
            "everyone = customers['customer_id'].map(revenue_of_buyer).fillna(0.0)\n"
            "everyone = everyone.sort_values(ascending=False)\n"
            "top20_share = float(everyone.iloc[: len(everyone) // 5].sum() / everyone.sum())",
            "potential customers included",
        ),
        (
            "top20_share = float(ordered.sort_values().iloc[:k].sum() / ordered.sum())",
            "*smallest* 20%",
        ),
        (
            "top20_share = float(ordered.iloc[: k + 1].sum() / ordered.sum())",
            "one customer too many",
        ),
        ("top20_share = 100 * top20_share", "looks like a percent"),
    ],
    "q7": [
        ("gini_revenue = gini_revenue * n / (n - 1)", "small-sample correction"),
        (
            "z = np.sort(customers['customer_id'].map(transactions.groupby('customer_id')"
            "['revenue'].sum()).fillna(0.0).to_numpy())\n"
            "m = len(z)\n"
            "gini_revenue = float(2 * np.sum(np.arange(1, m + 1) * z) / (m * z.sum()) "
            "- (m + 1) / m)",
            "potential customers with revenue 0",
        ),
        (
            "d = x[::-1]\ngini_revenue = float(2 * np.sum(i * d) / (n * d.sum()) - (n + 1) / n)",
            "sorted from the largest",
        ),
    ],
    "q8": [
        (
            "after = ranked.cumsum() / ranked.sum()\n"
            "tier_counts = pd.cut(after, bins=[-np.inf, 0.7, 0.9, np.inf], right=False, "
            "labels=['A', 'B', 'C']).value_counts()",
            "*including* each customer",
        ),
        (
            "from crmkit import customers as cu\n"
            "tier_counts = cu.abc_tiers(ranked, by='customers').value_counts()",
            "*number* of customers",
        ),
        (
            "from crmkit import customers as cu\n"
            "everyone = customers['customer_id'].map(ranked).fillna(0.0)\n"
            "tier_counts = cu.abc_tiers(everyone).value_counts()",
            "potential customers (revenue 0)",
        ),
        ("tier_counts = tier_counts / tier_counts.sum()", "whole numbers"),
    ],
    "q9": [
        (
            "mean_customer_share = float((revenue_of_surveyed / wallet['category_spending'])"
            ".mean())",
            "count each such share as 1",
        ),
        (
            "raw = revenue_of_surveyed / wallet['category_spending']\n"
            "mean_customer_share = float(raw[raw <= 1].mean())",
            "you dropped the customers",
        ),
        (
            "mean_customer_share = float(revenue_of_surveyed.sum() / "
            "wallet['category_spending'].sum())",
            "pooled share",
        ),
        (
            "r = wallet['customer_id'].map(transactions.groupby('customer_id')['revenue']"
            ".sum()).fillna(0.0)\n"
            "mean_customer_share = float((r / wallet['category_spending']).clip(upper=1).mean())",
            "all three years",
        ),
        ("mean_customer_share = 1 - mean_customer_share", "*other* suppliers"),
        ("mean_customer_share = 100 * mean_customer_share", "looks like a percent"),
    ],
}
