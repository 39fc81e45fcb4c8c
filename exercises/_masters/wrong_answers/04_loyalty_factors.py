"""Plausible wrong answers for exercise set 04_loyalty_factors (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("trust_score = trust_items.sum(axis=1)", "not their sum"),
        (
            "trust_score = survey[['trust_1', 'trust_2', 'trust_3']].mean(axis=1)",
            "should be the respondents' `customer_id`",
        ),
        ("trust_score = trust_items.mean()", "one value per respondent"),
        (
            "trust_score = survey.set_index('customer_id')[['care_1', 'care_2', 'care_3']]"
            ".mean(axis=1)",
            "scale score of `care`",
        ),
        (
            "trust_score = trust_items[['trust_1', 'trust_2']].mean(axis=1)",
            "only two trust items",
        ),
    ],
    "q2": [
        (
            "scale_means = pd.Series({c: survey[f'{c}_1'].mean() for c in CONSTRUCTS})",
            "only the first item",
        ),
        ("scale_means = 3 * scale_means", "not their sum"),
        ("scale_means = scale_means.drop('behavioural')", "missing construct label(s)"),
        ("scale_means = scores.median()", "median over respondents"),
    ],
    "q3": [
        (
            "alpha_satisfaction = float(1 - item_variances.sum() / total_variance)",
            "k / (k - 1)",
        ),
        (
            "alpha_satisfaction = float(1.5 * (1 - item_variances.sum() "
            "/ sat_items.mean(axis=1).var()))",
            "variance of each respondent's *mean*",
        ),
        (
            "alpha_satisfaction = float(1.5 * (1 - item_variances.sum() "
            "/ np.var(sat_items.sum(axis=1))))",
            "mixed two kinds of variance",
        ),
        (
            "t = survey[['trust_1', 'trust_2', 'trust_3']]\n"
            "alpha_satisfaction = float(1.5 * (1 - t.var().sum() / t.sum(axis=1).var()))",
            "alpha of the `trust` items",
        ),
    ],
    "q4": [
        ("r_observed = r_observed**2", "squared correlation"),
        (
            "r_observed = float(sat.corr(survey[['cognitive_1', 'cognitive_2', "
            "'cognitive_3']].mean(axis=1)))",
            "*cognitive* loyalty",
        ),
        (
            "r_corrected = float(r_observed / (alpha_satisfaction * alpha_behavioural))",
            "*square root*",
        ),
        (
            "r_corrected = float(r_observed * np.sqrt(alpha_satisfaction * alpha_behavioural))",
            "*divides*",
        ),
    ],
    "q5": [
        (
            "cr_value = float((loadings**2).sum() / ((loadings**2).sum() "
            "+ (1 - loadings**2).sum()))",
            "square each loading before adding them up",
        ),
        ("ave_value = float(loadings.mean())", "mean of the *squared*"),
        (
            "from crmkit import loyalty as ly\n"
            "cr_value = ly.cronbach_alpha(survey[['value_1', 'value_2', 'value_3']])",
            "Cronbach's alpha of the value scale",
        ),
        ("cr_value, ave_value = ave_value, cr_value", "that is the AVE"),
    ],
    "q6": [
        (
            "xr = np.column_stack([np.ones(len(model_scores)), model_scores[FACTORS]])\n"
            "b, *_ = np.linalg.lstsq(xr, model_scores['behavioural'], rcond=None)\n"
            "std_coefs = pd.Series(b[1:], index=FACTORS)",
            "raw (unstandardised)",
        ),
        ("std_coefs = z[FACTORS].corrwith(z['behavioural'])", "simple correlations"),
        (
            "b, *_ = np.linalg.lstsq(x, model_scores['behavioural'], rcond=None)\n"
            "std_coefs = pd.Series(b[1:], index=FACTORS)",
            "but not the behavioural outcome",
        ),
        (
            "std_coefs = pd.Series(solution, index=['const', *FACTORS])",
            "unexpected label(s) ['const']",
        ),
    ],
    "q7": [
        ("q7_answer = 'a'", "cancel out in a *mean*"),
        ("q7_answer = 'c'", "run the other way"),
        ("q7_answer = 'd'", "*square root*"),
        ("q7_answer = 'B'", "not one of"),
    ],
    "q8": [
        (
            "ok = (orders['order_date'] >= orders['survey_date']) & within "
            "& (orders['revenue'] > 0)\n"
            "bought_again_share = float(survey['customer_id']"
            ".isin(orders.loc[ok, 'customer_id']).mean())",
            "on the survey day itself",
        ),
        (
            "ok = after & (orders['order_date'] < orders['survey_date'] "
            "+ pd.Timedelta(days=120)) & (orders['revenue'] > 0)\n"
            "bought_again_share = float(survey['customer_id']"
            ".isin(orders.loc[ok, 'customer_id']).mean())",
            "left out orders on the 120th day",
        ),
        (
            "ok = after & (orders['order_date'] <= orders['survey_date'] "
            "+ pd.Timedelta(days=180)) & (orders['revenue'] > 0)\n"
            "bought_again_share = float(survey['customer_id']"
            ".isin(orders.loc[ok, 'customer_id']).mean())",
            "180-day window",
        ),
        (
            "bought_again_share = float((after & within & (orders['revenue'] > 0)).sum() "
            "/ len(survey))",
            "counted purchases (orders), not customers",
        ),
        ("bought_again_share = 100 * bought_again_share", "looks like a percent"),
    ],
    "q9": [
        ("gap_share = float(bought[stated >= 5].mean())", "*did* buy"),
        ("gap_share = float(1 - bought[stated > 5].mean())", "*above* 5"),
        (
            "gap_share = float((~bought & (stated >= 5)).mean())",
            "divided by all respondents",
        ),
        (
            "ok = after & (orders['order_date'] <= orders['survey_date'] "
            "+ pd.Timedelta(days=180)) & (orders['revenue'] > 0)\n"
            "b180 = survey['customer_id'].isin(orders.loc[ok, 'customer_id'])\n"
            "gap_share = float(1 - b180[stated >= 5].mean())",
            "180-day window",
        ),
    ],
"q10": [
        (
            "rmsea_merged = float(np.sqrt(max(chi2 - df_model, 0) / (df_model * fit.n)))",
            "df × (n − 1)",
        ),
        (
            "rmsea_merged = float(max(chi2 - df_model, 0) / (df_model * (fit.n - 1)))",
            "square root",
        ),
        ("rmsea_merged = float(chi2 / df_model)", "χ² / df"),
        (
            "rmsea_merged = float(fit.fit_indices.loc['rmsea_high', 'value'])",
            "upper end",
        ),
        (
            "three = sem.cfa(survey, ['cognitive', 'affective', 'behavioural'])\n"
            "rmsea_merged = float(three.fit_indices.loc['rmsea', 'value'])",
            "three-factor model",
        ),
        ("merged_verdict = 'fits'", "0.06 or *less*"),
    ],
    "q11": [
        ("q11_answer = 'a'", "exactly* right"),
        ("q11_answer = 'c'", "opposite directions"),
        ("q11_answer = 'd'", "not a share of variance"),
    ],
    "q12": [
        (
            "htmt_aff_beh = float(hetero / np.sqrt("
            "item_corr.loc[aff_items, aff_items].to_numpy().mean()"
            " * item_corr.loc[beh_items, beh_items].to_numpy().mean()))",
            "correlation with itself",
        ),
        ("htmt_aff_beh = float(hetero)", "only the numerator"),
        ("htmt_aff_beh = float(hetero / (mono_aff * mono_beh))", "square root"),
        (
            "htmt_aff_beh = float(survey[aff_items].mean(axis=1)"
            ".corr(survey[beh_items].mean(axis=1)))",
            "scale scores",
        ),
    ],
}

RIGHT_ANSWERS: dict[str, list[str]] = {
    "q10": [
        "rmsea_merged = fit.fit_indices.loc['rmsea', 'value']\n"
        "merged_verdict = 'fits' if bool(fit.fit_indices.loc[['rmsea', 'cfi'], 'meets'].all())"
        " else 'does not fit'",
    ],
    "q12": [
        "from crmkit import validity\n"
        "htmt_aff_beh = validity.htmt(survey, ['affective', 'behavioural'])['htmt'].iloc[0]",
    ],
}
