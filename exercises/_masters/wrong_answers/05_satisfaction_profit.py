"""Plausible wrong answers for exercise set 05_satisfaction_profit (format: README.md here)."""

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
        (
            "ok = after & (orders['order_date'] <= orders['survey_date'] "
            "+ pd.DateOffset(months=6)) & (orders['revenue'] > 0)\n" + _BOUGHT,
            "window of 6 months",
        ),
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
        (
            "risk_ratio = float(repurchase_rate['very satisfied'] "
            "/ repurchase_rate['dissatisfied'])",
            "very satisfied against dissatisfied",
        ),
        ("risk_ratio = 100 * risk_ratio", "not a percent"),
        (
            "g = pd.cut(survey['overall_satisfaction'], bins=[0, 4, 6, 8, 10], "
            "labels=GROUPS, right=False)\n"
            "repurchase_rate = bought_again.groupby(g, observed=True).mean()\n"
            "risk_ratio = float(repurchase_rate['very satisfied'] "
            "/ repurchase_rate['satisfied'])",
            "fix question 1 first",
        ),
    ],
    "q3": [
        ("odds_ratio = risk_ratio", "that is the risk ratio"),
        ("odds_ratio = 1 / odds_ratio", "other way round"),
        (
            "odds_ratio = float((p_sat / (1 - p_sat)) / (p_very / (1 - p_very)))",
            "other way round",
        ),
        ("odds_ratio = float(p_very / (1 - p_very))", "odds of the very satisfied alone"),
        (
            "odds_ratio = float(p_very / (1 - p_very) - p_sat / (1 - p_sat))",
            "difference of the two odds",
        ),
        (
            "g = pd.cut(survey['overall_satisfaction'], bins=[0, 4, 6, 8, 10], "
            "labels=GROUPS, right=False)\n"
            "r = bought_again.groupby(g, observed=True).mean()\n"
            "repurchase_rate = r\n"
            "odds = r / (1 - r)\n"
            "odds_ratio = float(odds['very satisfied'] / odds['satisfied'])",
            "fix question 1 first",
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
        (
            "fe_slopes = smf.ols('margin ~ retention_rate + sat_lag + branch_id', "
            "data=panel).fit().params[['retention_rate', 'sat_lag']]",
            "as a number",
        ),
        (
            "fe_slopes = smf.ols('margin ~ retention_rate + sat_lag + C(region)', "
            "data=panel).fit().params[['retention_rate', 'sat_lag']]",
            "region dummies",
        ),
        (
            "s = branches.sort_values(['branch_id', 'year'])\n"
            "w = s.assign(margin=s['profit'] / s['revenue'], "
            "sat_lag=s['satisfaction_index'].shift(1)).dropna(subset=['sat_lag'])\n"
            "fe_slopes = smf.ols('margin ~ retention_rate + sat_lag + C(branch_id)', "
            "data=w).fit().params[['retention_rate', 'sat_lag']]",
            "shifted over the whole table",
        ),
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
        (
            "profit_change_5pct = float(total_slope * 0.05 * mean_sat_lag / mean_margin)",
            "5 per cent of mean_sat_lag",
        ),
        ("profit_change_5pct = 1 + profit_change_5pct", "subtract 1"),
        (
            "profit_change_5pct = float(smf.ols('margin ~ satisfaction_index + C(branch_id)', "
            "data=panel).fit().params['satisfaction_index'] * change / mean_margin)",
            "this year's satisfaction_index in the model",
        ),
        (
            "profit_change_5pct = float(smf.ols('margin ~ sat_lag + C(branch_id) + C(year)', "
            "data=panel).fit().params['sat_lag'] * change / mean_margin)",
            "year dummies",
        ),
        (
            "mean_margin = float((branches['profit'] / branches['revenue']).mean())\n"
            "profit_change_5pct = float(total_slope * change / mean_margin)",
            "fix question 6 first",
        ),
    ],
}
