"""Plausible wrong answers for exercise set 07_customer_database (format: README.md here)."""

WRONG_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("n_records, n_customers = n_customers, n_records", "Did you swap the two?"),
        ("n_customers = int(truth['duplicate'].sum())", "number of second records"),
        ("n_customers = raw['name'].nunique()", "distinct raw names"),
        ("n_records = len(raw) - int(truth['duplicate'].sum())", "second records left out"),
        ("n_customers = len(db.clean_records(raw)[0])", "`db.clean_records`"),
    ],
    "q2": [
        (
            "n_phones_changed = int((phones_normalised != raw['phone']).sum())",
            "counted the missing phones as changed",
        ),
        (
            "phones_normalised = raw['phone'].str.replace(' ', '').str.replace('-', '')",
            "Apply NFKC",
        ),
        (
            "import unicodedata\n"
            "p = raw['phone'].map(lambda v: unicodedata.normalize('NFKC', v).replace(' ', '') "
            "if isinstance(v, str) else v)\n"
            "n_phones_changed = int((p != raw['phone'])[raw['phone'].notna()].sum())",
            "did not remove the dashes",
        ),
        (
            "phones_normalised = phones_normalised.dropna()",
            "one value per record",
        ),
        (
            "phones_normalised = phones_normalised.fillna('')",
            "missing exactly where the raw phone is missing",
        ),
        (
            "import unicodedata\n"
            "phones_normalised = raw['phone'].map(lambda v: unicodedata.normalize('NFKC', v)"
            ".replace(' ', '').replace('-', '').replace('+86', '') if isinstance(v, str) else v)",
            "nothing else",
        ),
        (
            "phones_normalised = raw.set_index('record_id')['phone'].str.normalize('NFKC')"
            ".str.replace(' ', '').str.replace('-', '')",
            "not the index of `raw`",
        ),
        (
            "n_phones_changed = int((raw['phone'].str.normalize('NFKC') != raw['phone'])"
            "[raw['phone'].notna()].sum())",
            "only the phones that NFKC changed",
        ),
    ],
    "q3": [
        ("n_valid_phones = int(phones_valid.notna().sum())", "counts once"),
        (
            "n_valid_phones = phones_no_code.where(phones_no_code.str.fullmatch(r'1\\d{10}', "
            "na=False)).nunique(dropna=False)",
            "counted 'missing' as one more",
        ),
        (
            "n_valid_phones = phones_normalised.map(lambda v: v if isinstance(v, str) "
            "and len(v) == 11 and v.isdigit() and v.startswith('1') else None).nunique()",
            "did not drop the country code",
        ),
        ("n_valid_phones = phones_normalised.nunique()", "valid or not"),
        (
            "p = phones_normalised.str.replace(r'^86(?=.{11}$)', '', regex=True)\n"
            "n_valid_phones = p[p.str.fullmatch(r'1\\d{10}', na=False)].nunique()",
            "but not '+86'",
        ),
        (
            "p = raw['phone'].str.replace(r'^\\+?86(?=.{11}$)', '', regex=True)\n"
            "n_valid_phones = p[p.str.fullmatch(r'1\\d{10}', na=False)].nunique()",
            "started from the raw phones",
        ),
    ],
    "q4": [
        (
            "region_revenue = db.query(con, 'SELECT c.region, sum(t.gross_revenue) AS revenue "
            "FROM transactions t JOIN customers c USING (customer_id) GROUP BY c.region')"
            ".set_index('region')['revenue']",
            "`gross_revenue`",
        ),
        (
            "region_revenue = db.query(con, 'SELECT c.region, avg(t.revenue) AS revenue "
            "FROM transactions t JOIN customers c USING (customer_id) GROUP BY c.region')"
            ".set_index('region')['revenue']",
            "mean revenue per order",
        ),
        (
            "region_revenue = db.query(con, 'SELECT c.region, count(*) AS revenue "
            "FROM transactions t JOIN customers c USING (customer_id) GROUP BY c.region')"
            ".set_index('region')['revenue']",
            "counted orders",
        ),
        ("region_revenue = db.query(con, sql)", "pandas Series"),
        ("region_revenue = region_revenue / region_revenue.sum()", "share of the total"),
        ("region_revenue = region_revenue / 10_000", "万元"),
    ],
    "q5": [
        (
            "join_rows = int(db.query(con, 'SELECT count(*) AS n FROM transactions t "
            "LEFT JOIN contacts c ON c.customer_id = t.customer_id')['n'].iloc[0])",
            "LEFT JOIN",
        ),
        ("join_rows = len(transactions)", "number of orders, before the join"),
        (
            "join_rows = int(transactions['customer_id'].isin(contacts['customer_id']).sum())",
            "each once",
        ),
        ("revenue_inflation = 1 / revenue_inflation", "other way round"),
        ("revenue_inflation = 100 * revenue_inflation", "that is a percent"),
        ("revenue_inflation = revenue_inflation - 1", "ratio minus 1"),
        (
            "contacted = transactions['customer_id'].isin(contacts['customer_id'])\n"
            "revenue_inflation = float(bad['revenue'].iloc[0]) / float(transactions.loc["
            "contacted, 'revenue'].sum())",
            "customers who contacted us",
        ),
    ],
    "q6": [
        # (swapping the two counts is no slip on the practice data: under rfm_score's
        # one tie rule both give the same number of 555 customers there)
        ("cell555_keep = int((keep_codes['R'] == 5).sum())", "R = 5 only"),
        (
            "old = db.query(con, db.rfm_sql(), analysis_date='2025-06-30')\n"
            "cell555_keep = int(((old['R'] == 5) & (old['F'] == 5) & (old['M'] == 5)).sum())",
            "2025-12-31",
        ),
        (
            "cell555_keep = int(((keep_codes['R'] == 5) | (keep_codes['F'] == 5) "
            "| (keep_codes['M'] == 5)).sum())",
            "not |",
        ),
        (
            "cell555_ntile = int(((ntile_codes['R'] == 1) & (ntile_codes['F'] == 1) "
            "& (ntile_codes['M'] == 1)).sum())",
            "cell 111",
        ),
        ("cell555_keep = len(keep_codes)", "every scored customer"),
    ],
    "q7": [
        ("q7_answer = 'a'", "not empty text"),
        ("q7_answer = 'c'", "counts every row"),
        ("q7_answer = 'd'", "lets a NULL through"),
        ("q7_answer = 'B'", "not one of"),
    ],
    "q8": [
        ("q8_answer = 'a'", "gaps in the numbering"),
        ("q8_answer = 'c'", "right type"),
        ("q8_answer = 'd'", "may repeat its values"),
    ],
}

_JOIN = "FROM transactions AS t JOIN contacts AS c ON c.customer_id = t.customer_id"

RIGHT_ANSWERS: dict[str, list[str]] = {
    "q2": [
        "import unicodedata\n"
        "phones_normalised = raw['phone'].map(lambda v: v if pd.isna(v) else "
        "unicodedata.normalize('NFKC', v).replace(' ', '').replace('-', ''))",
    ],
    "q4": [
        # fetchall() gives (region, Decimal) pairs
        "region_revenue = pd.Series(dict(con.execute(sql).fetchall()))",
    ],
    "q5": [
        # the ratio computed in SQL (a float) and from two fetched sums (a Decimal)
        "revenue_inflation = con.execute('SELECT sum(t.revenue) / "
        f"(SELECT sum(revenue) FROM transactions) {_JOIN}').fetchone()[0]",
        f"revenue_inflation = con.execute('SELECT sum(t.revenue) {_JOIN}').fetchone()[0] "
        "/ con.execute('SELECT sum(revenue) FROM transactions').fetchone()[0]",
    ],
}
