"""Plausible wrong answers for exercise set 05_satisfaction_profit.

``WRONG_ANSWERS[question]`` lists ``(code, words)`` pairs: the code runs in the solved
notebook's namespace (after the solution, student id ``"s-001"``), and at least one
failing test must give a message that contains ``words``. ``tests/test_exercises.py``
runs every pair and fails when a question of the set has none.
"""

_BOUGHT = (
    "repurchase_rate = survey['customer_id'].isin(orders.loc[ok, 'customer_id'])"
    ".groupby(group, observed=True).mean()"
)

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        (
            "ok = (orders['order_date'] >= orders['survey_date']) & within "
            "& (orders['revenue'] > 0)\n" + _BOUGHT,
            "on the survey day itself",
        ),
        (
            "ok = after & (orders['order_date'] <= orders['survey_date'] "
            "+ pd.Timedelta(days=120)) & (orders['revenue'] > 0)\n" + _BOUGHT,
            "120-day window",
        ),
        (
            "g = pd.cut(survey['overall_satisfaction'], bins=[0, 4, 6, 8, 10], "
            "labels=GROUPS, right=False)\n"
            "repurchase_rate = bought_again.groupby(g, observed=True).mean()",
            "off by one point",
        ),
        ("repurchase_rate = 100 * repurchase_rate", "a share is a fraction"),
        ("repurchase_rate = repurchase_rate.drop('neutral')", "missing"),
    ],
    "q2": [
        (
            "risk_ratio = float(repurchase_rate['satisfied'] / repurchase_rate['very satisfied'])",
            "other way round",
        ),
        ("risk_ratio = odds_ratio", "that is the odds ratio"),
        (
            "risk_ratio = float(repurchase_rate['satisfied'] / repurchase_rate['dissatisfied'])",
            "satisfied against dissatisfied",
        ),
    ],
    "q3": [
        ("odds_ratio = risk_ratio", "that is the risk ratio"),
        ("odds_ratio = 1 / odds_ratio", "other way round"),
        (
            "odds_ratio = float((p_sat / (1 - p_sat)) / (p_very / (1 - p_very)))",
            "other way round",
        ),
    ],
    "q4": [
        ("q4_answer = 'a'", "odds have no ceiling"),
        ("q4_answer = 'c'", "arithmetic, not sampling error"),
        ("q4_answer = 'd'", "only when both shares are small"),
        ("q4_answer = 'B'", "not one of"),
    ],
    "q5": [
        (
            "indifference_share = float(exits['exit_reason']"
            ".isin(['indifference', 'staff_attitude']).mean())",
            "counted staff_attitude as well",
        ),
        ("indifference_share = 1 - indifference_share", "*other* reasons"),
        ("indifference_share = 100 * indifference_share", "looks like a percent"),
        (
            "indifference_share = int((exits['exit_reason'] == 'indifference').sum())",
            "between 0 and 1",
        ),
    ],
    "q6": [
        (
            "mean_margin = float((branches['profit'] / branches['revenue']).mean())",
            "all 320 branch-years",
        ),
        (
            "s = branches.sort_values(['branch_id', 'year'])\n"
            "mean_sat_lag = float(s['satisfaction_index'].shift(1).mean())",
            "shifted the whole table",
        ),
        (
            "s = branches.sort_values(['branch_id', 'year'])\n"
            "mean_sat_lag = float(s.groupby('branch_id')['satisfaction_index']"
            ".shift(-1).mean())",
            "next year's satisfaction (shift(-1))",
        ),
        ("mean_margin = 100 * mean_margin", "percent"),
        (
            "mean_sat_lag = float(panel['satisfaction_index'].mean())",
            "this year's satisfaction_index on the kept rows",
        ),
    ],
    "q7": [
        (
            "fe_slopes = smf.ols('margin ~ retention_rate + sat_lag', data=panel)"
            ".fit().params[['retention_rate', 'sat_lag']]",
            "pooled OLS",
        ),
        (
            "f = smf.ols('margin ~ retention_rate + satisfaction_index + C(branch_id)', "
            "data=panel).fit()\n"
            "fe_slopes = pd.Series(f.params[['retention_rate', 'satisfaction_index']]"
            ".to_numpy(), index=['retention_rate', 'sat_lag'])",
            "this year's satisfaction_index",
        ),
        ("fe_slopes = fe_fit.params", "unexpected label"),
    ],
    "q8": [
        ("profit_change_5pct = 100 * profit_change_5pct", "looks like a percent"),
        (
            "profit_change_5pct = float(fe_slopes['sat_lag'] * change / mean_margin)",
            "direct effect only",
        ),
        ("profit_change_5pct = float(total_slope * 5 / mean_margin)", "5 index points"),
        ("profit_change_5pct = float(total_slope * change)", "change in margin"),
        (
            "profit_change_5pct = float(total_slope * change "
            "/ (branches['profit'] / branches['revenue']).mean())",
            "all 320 rows",
        ),
    ],
}
