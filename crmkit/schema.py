"""The schema of every table of the Lanting world: columns, dtypes, units, meanings.

This is the bottom layer of crmkit, read by the simulator (:mod:`crmkit.world`),
which builds its tables to these cards, and by the loaders (:mod:`crmkit.datasets`),
which read the shipped CSV files with these dtypes and show the cards through
:func:`crmkit.describe_dataset`. Loading a table therefore never imports the
simulator. The module holds:

- the calendar of the world (:data:`WINDOW_START`, :data:`WINDOW_END`,
  :data:`SURVEY_DATE`, :data:`MAIL_DATE`) and the one date unit of every date column
  (:data:`DATE_UNIT`);
- the vocabularies: the levels of every categorical column (:data:`CATEGORIES`, built
  from :data:`REGIONS`, :data:`CUSTOMER_TYPES`, ...), the six loyalty factors and nine
  survey constructs, and the names of the products;
- the data cards (:data:`SCHEMA`: table name -> :class:`Column` list) and the order of
  the observable tables (:data:`TABLES`);
- :func:`pandas_dtype` (the dtype a column has after loading) and :func:`build_table`
  (a table in card order and card dtypes, which the simulator uses).

To add a table or a column, add it here (the loader, the data cards and
``datasets/README.md`` follow), then make the simulator fill it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "CARE_TIERS",
    "CATEGORIES",
    "CHANNELS",
    "COMPLAINT_REASONS",
    "CONSTRUCTS",
    "CONTACT_KINDS",
    "CUSTOMER_TYPES",
    "DATE_UNIT",
    "EXIT_REASONS",
    "FACTORS",
    "MAIL_DATE",
    "PRODUCT_CATEGORIES",
    "PRODUCT_NAMES",
    "REGIONS",
    "SCHEMA",
    "STATUSES",
    "SURVEY_DATE",
    "TABLES",
    "WALLET_SURVEY_DATE",
    "WALLET_YEAR",
    "WINDOW_END",
    "WINDOW_START",
    "Column",
    "build_table",
    "pandas_dtype",
]

# ---------------------------------------------------------------------------
# The calendar and the date unit
# ---------------------------------------------------------------------------
#: First and last day of the observation window.
WINDOW_START = "2023-01-01"
WINDOW_END = "2025-12-31"
#: Day of the customer survey and of the test mailing.
SURVEY_DATE = "2025-01-15"
MAIL_DATE = "2025-06-02"
#: Day of the category-spending survey (after the window) and the year it asks about.
WALLET_SURVEY_DATE = "2026-01-15"
WALLET_YEAR = 2025
#: The dtype of every date column, generated or loaded.
DATE_UNIT = "datetime64[us]"

# ---------------------------------------------------------------------------
# Vocabularies: the levels of every categorical column
# ---------------------------------------------------------------------------
#: Levels of the categorical columns, in code order (ordered only for care tiers; see
#: :data:`CATEGORIES`).
REGIONS = ("North", "East", "South", "West", "Central")
CUSTOMER_TYPES = ("consumer", "business")
CHANNELS = ("online", "store", "referral", "sales_team")
STATUSES = ("direct", "indirect", "potential")
CARE_TIERS = ("ordinary", "silver", "gold")
PRODUCT_CATEGORIES = ("paper", "writing", "equipment", "cleaning", "kitchen", "storage")
CONTACT_KINDS = ("inquiry", "complaint")
COMPLAINT_REASONS = ("quality", "price", "delivery", "staff_attitude", "indifference")
EXIT_REASONS = (*COMPLAINT_REASONS, "moved")
#: The six loyalty factors, and the nine survey constructs (the factors and the three
#: loyalty levels), each measured by three items ``<construct>_1`` .. ``_3``.
FACTORS = ("satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost")
CONSTRUCTS = (*FACTORS, "cognitive", "affective", "behavioural")

#: The ten products of each category, in product-id order.
PRODUCT_NAMES: dict[str, tuple[str, ...]] = {
    "paper": (
        "A4 copy paper, 500 sheets",
        "A3 copy paper, 500 sheets",
        "Spiral notebook A5",
        "Hardcover notebook B5",
        "Sticky notes 76x76",
        "Thermal receipt rolls",
        "Kraft envelopes, 100",
        "Coloured card A4, 100",
        "Index cards, 200",
        "Flip-chart pad",
    ),
    "writing": (
        "Gel pen 0.5 mm, 12",
        "Ballpoint pen, 50",
        "Highlighter set",
        "Whiteboard markers",
        "Mechanical pencil",
        "HB pencils, 24",
        "Fountain pen",
        "Correction tape",
        "Permanent markers, 10",
        "Calligraphy brush set",
    ),
    "equipment": (
        "Laser printer",
        "Paper shredder",
        "Laminator A3",
        "Desk calculator",
        "Label printer",
        "Heavy-duty stapler",
        "Hole punch, 40 sheets",
        "Binding machine",
        "Document scanner",
        "Projector screen",
    ),
    "cleaning": (
        "Dish soap, 1 L",
        "Floor cleaner, 2 L",
        "Paper towels, 12 rolls",
        "Toilet paper, 24 rolls",
        "Hand sanitiser, 500 ml",
        "Microfibre cloths, 10",
        "Rubbish bags, 100",
        "Glass cleaner",
        "Mop and bucket",
        "Laundry detergent, 3 kg",
    ),
    "kitchen": (
        "Thermos flask",
        "Porcelain tea set",
        "Stainless lunch box",
        "Glass storage jars",
        "Rice cooker",
        "Electric kettle",
        "Chopsticks, 20 pairs",
        "Mug set, 6",
        "Water dispenser",
        "Cutting board",
    ),
    "storage": (
        "Lever-arch files, 10",
        "Storage boxes, 5",
        "Filing cabinet, 4 drawers",
        "Desk organiser",
        "Bookshelf",
        "Magazine holders, 6",
        "Expanding file",
        "Plastic drawers",
        "Office chair",
        "Folding table",
    ),
}


# ---------------------------------------------------------------------------
# Data cards: every table and column, in one place (the loader and the README use it)
# ---------------------------------------------------------------------------
class Column(NamedTuple):
    """One column of a data card."""

    name: str
    dtype: str  # int64 | float64 | bool | str | datetime64[us] | category
    unit: str
    meaning: str
    chinese: str = ""
    decimals: int | None = None  # fixed decimals written to CSV (floats)


#: Categorical columns, by column name: (levels, ordered). One table for all datasets.
CATEGORIES: dict[str, tuple[tuple[str, ...], bool]] = {
    "region": (REGIONS, False),
    "customer_type": (CUSTOMER_TYPES, False),
    "channel": (CHANNELS, False),
    "status": (STATUSES, False),
    "care_tier": (CARE_TIERS, True),
    "category": (PRODUCT_CATEGORIES, False),
    "favourite_category": (PRODUCT_CATEGORIES, False),
    "kind": (CONTACT_KINDS, False),
    "reason": (COMPLAINT_REASONS, False),
    "exit_reason": (EXIT_REASONS, False),
}

_C = Column
_CONSTRUCT_TEXT = {
    "satisfaction": ("satisfaction", "客户满意", "I am satisfied with Lanting"),
    "value": ("perceived value", "客户价值", "Lanting gives good value for money"),
    "trust": ("trust", "客户信任", "I can rely on what Lanting promises"),
    "care": ("care received", "客户关怀", "Lanting looks after me as a customer"),
    "purchase_cost": (
        "purchase cost",
        "购买成本",
        "buying from Lanting takes a lot of time, effort or money",
    ),
    "switching_cost": (
        "switching cost",
        "转移成本",
        "changing to another supplier would cost me a lot",
    ),
    "cognitive": ("cognitive loyalty", "认知忠诚", "Lanting is the best supplier for me"),
    "affective": ("affective loyalty", "情感忠诚", "I like doing business with Lanting"),
    "behavioural": (
        "behavioural loyalty",
        "行为忠诚",
        "I will keep buying from Lanting in the coming year",
    ),
}


def _survey_columns() -> list[Column]:
    cols = [
        _C("customer_id", "int64", "", "customer identifier (customers.customer_id)", "客户编号"),
        _C("survey_date", DATE_UNIT, "date", "date of the survey (2025-01-15 for all)"),
    ]
    for construct in CONSTRUCTS:
        english, chinese, wording = _CONSTRUCT_TEXT[construct]
        for k in (1, 2, 3):
            cols.append(
                _C(
                    f"{construct}_{k}",
                    "int64",
                    "1..7",
                    f"{english}, item {k} of 3 (e.g. '{wording}'; 1 = strongly disagree, "
                    f"7 = strongly agree)",
                    chinese,
                )
            )
    cols += [
        _C(
            "overall_satisfaction",
            "int64",
            "1..10",
            "overall satisfaction with Lanting",
            "总体满意度",
        ),
        _C(
            "recommend",
            "int64",
            "0..10",
            "willingness to recommend Lanting to a friend",
            "推荐意愿",
        ),
    ]
    return cols


#: The data card of every dataset: table name -> columns in order.
SCHEMA: dict[str, list[Column]] = {
    "customers": [
        _C("customer_id", "int64", "", "customer identifier, 1..n", "客户编号"),
        _C(
            "signup_date",
            DATE_UNIT,
            "date",
            "day the customer registered (and, for buyers, made the first purchase)",
        ),
        _C("region", "category", "", "region of China the customer is in", "地区"),
        _C("customer_type", "category", "", "consumer or business customer", "客户类型"),
        _C("channel", "category", "", "acquisition channel", "获客渠道"),
        _C(
            "status",
            "category",
            "",
            "direct (buys from the firm), indirect (buys through a "
            "dealer) or potential (registered lead, no orders)",
            "直接客户/间接客户/潜在客户",
        ),
        _C("acquisition_cost", "float64", "yuan", "cost of acquiring the customer", "获客成本", 2),
        _C(
            "care_tier",
            "category",
            "",
            "care tier assigned by the firm from size and "
            "spending level (ordinary < silver < gold)",
            "普通/银卡/金卡客户",
        ),
    ],
    "products": [
        _C("product_id", "int64", "", "product identifier", "产品编号"),
        _C("product_name", "str", "", "product name"),
        _C("category", "category", "", "product category", "产品类别"),
        _C("list_price", "float64", "yuan", "list price per unit", "标价", 2),
        _C("unit_cost", "float64", "yuan", "purchase cost per unit to the firm", "单位成本", 2),
        _C(
            "avg_inventory_units",
            "float64",
            "units",
            "average units on hand over the window "
            "(inventory at cost = units x unit_cost; at retail = units x list_price)",
            "平均库存",
            1,
        ),
    ],
    "orders": [
        _C("order_id", "int64", "", "order identifier, in date order", "订单编号"),
        _C("customer_id", "int64", "", "customer who placed the order", "客户编号"),
        _C("order_date", DATE_UNIT, "date", "day of the order", "订购日期"),
    ],
    "order_lines": [
        _C("order_id", "int64", "", "order the line belongs to", "订单编号"),
        _C("line_no", "int64", "", "line number within the order, 1.."),
        _C("product_id", "int64", "", "product ordered", "产品编号"),
        _C("quantity", "int64", "units", "units ordered", "数量"),
        _C(
            "unit_price",
            "float64",
            "yuan",
            "price actually paid per unit, after discount (<= list_price)",
            "成交单价",
            2,
        ),
        _C("unit_cost", "float64", "yuan", "cost per unit to the firm", "单位成本", 2),
        _C("returned_quantity", "int64", "units", "units returned (0..quantity)", "退货数量"),
    ],
    "transactions": [
        _C("order_id", "int64", "", "order identifier", "订单编号"),
        _C("customer_id", "int64", "", "customer who placed the order", "客户编号"),
        _C("order_date", DATE_UNIT, "date", "day of the order", "订购日期"),
        _C(
            "revenue",
            "float64",
            "yuan",
            "net revenue: sum of (quantity - returned_quantity) x unit_price",
            "销售额",
            2,
        ),
        _C(
            "gross_revenue",
            "float64",
            "yuan",
            "revenue before returns: sum of quantity x unit_price",
            "退货前销售额",
            2,
        ),
        _C(
            "cost",
            "float64",
            "yuan",
            "cost of the net units: sum of (quantity - returned_quantity) x unit_cost",
            "销售成本",
            2,
        ),
        _C("margin", "float64", "yuan", "gross margin: revenue - cost", "毛利", 2),
        _C("items", "int64", "units", "net units: sum of quantity - returned_quantity", "件数"),
    ],
    "survey": _survey_columns(),
    "contacts": [
        _C("contact_id", "int64", "", "contact identifier, in date order"),
        _C("customer_id", "int64", "", "customer who contacted the firm", "客户编号"),
        _C("contact_date", DATE_UNIT, "date", "day of the contact"),
        _C("kind", "category", "", "inquiry or complaint", "咨询/投诉"),
        _C("reason", "category", "", "reason for a complaint (missing for inquiries)", "投诉原因"),
        _C("resolved", "bool", "", "whether the contact was resolved"),
    ],
    "exits": [
        _C("customer_id", "int64", "", "customer who stopped buying", "客户编号"),
        _C(
            "exit_date",
            DATE_UNIT,
            "date",
            "day the customer stopped buying (their last "
            "purchase, after which they truly dropped out)",
        ),
        _C("exit_reason", "category", "", "main reason given in the exit interview", "流失原因"),
    ],
    "mailing": [
        _C("customer_id", "int64", "", "customer mailed", "客户编号"),
        _C("mail_date", DATE_UNIT, "date", "day of the mailing (2025-06-02 for all)"),
        _C("responded", "bool", "", "whether the customer bought in response", "是否响应"),
        _C(
            "response_revenue",
            "float64",
            "yuan",
            "revenue of the response (0 when none)",
            "响应收入",
            2,
        ),
    ],
    "branches": [
        _C("branch_id", "int64", "", "branch identifier", "分支机构编号"),
        _C("region", "category", "", "region of the branch", "地区"),
        _C("year", "int64", "year", "calendar year"),
        _C(
            "satisfaction_index", "float64", "0-100", "customer satisfaction index", "满意度指数", 2
        ),
        _C(
            "retention_rate",
            "float64",
            "0-1",
            "share of last year's customers kept",
            "客户保留率",
            4,
        ),
        _C("revenue", "float64", "yuan", "revenue of the year", "销售额", 2),
        _C("cost", "float64", "yuan", "total cost of the year", "成本", 2),
        _C("profit", "float64", "yuan", "profit: revenue - cost", "利润", 2),
    ],
    "wallet": [
        _C("customer_id", "int64", "", "customer asked (customers.customer_id)", "客户编号"),
        _C(
            "survey_date",
            DATE_UNIT,
            "date",
            f"date of the category-spending survey ({WALLET_SURVEY_DATE} for all)",
        ),
        _C("year", "int64", "year", "the year the question asks about", "年份"),
        _C(
            "category_spending",
            "float64",
            "yuan",
            "the customer's answer to 'How much did you spend on office and household "
            "supplies in this year, at all suppliers together, Lanting included?', "
            "rounded to 10 yuan (the customer's wallet for the category; customer share = "
            "Lanting's revenue from the customer in the year / this figure)",
            "品类总支出",
            0,
        ),
    ],
    "truth": [
        _C("customer_id", "int64", "", "customer identifier", "客户编号"),
        _C("perceived_value", "float64", "sd", "latent perceived value", "客户价值", 6),
        _C("trust", "float64", "sd", "latent trust", "客户信任", 6),
        _C(
            "care",
            "float64",
            "sd",
            "latent care received (depends on the care tier)",
            "客户关怀",
            6,
        ),
        _C(
            "purchase_cost",
            "float64",
            "sd",
            "latent purchase cost (higher = costlier)",
            "购买成本",
            6,
        ),
        _C("switching_cost", "float64", "sd", "latent switching cost", "转移成本", 6),
        _C("satisfaction", "float64", "sd", "latent satisfaction", "客户满意", 6),
        _C("loyalty_cognitive", "float64", "sd", "latent cognitive loyalty", "认知忠诚", 6),
        _C("loyalty_affective", "float64", "sd", "latent affective loyalty", "情感忠诚", 6),
        _C(
            "loyalty_behavioural",
            "float64",
            "sd",
            "latent behavioural loyalty (linear in "
            "the six factors, coefficients params['loyalty_effects'])",
            "行为忠诚",
            6,
        ),
        _C(
            "purchase_rate",
            "float64",
            "per year",
            "true repeat-purchase rate while alive (lambda)",
            "购买率",
            6,
        ),
        _C(
            "dropout_prob",
            "float64",
            "probability",
            "true probability of dropping out after each repeat purchase (p)",
            "流失概率",
            6,
        ),
        _C("mean_spend", "float64", "yuan", "true mean order value (Gamma-Gamma)", "", 6),
        _C("return_rate", "float64", "probability", "true probability a unit is returned", "", 6),
        _C("favourite_category", "category", "", "the customer's favourite product category"),
        _C(
            "dropout_date",
            DATE_UNIT,
            "date",
            "day the customer truly dropped out (their "
            "last purchase); missing if alive at the end or never bought",
        ),
        _C(
            "alive_at_end",
            "bool",
            "",
            "True unless the customer dropped out before "
            "2025-12-31 (potential customers count as alive)",
        ),
        _C(
            "share_of_wallet",
            "float64",
            "0-1",
            "true customer share: the part of the customer's category spending that goes "
            "to Lanting while they are a live customer (a logistic of behavioural "
            "loyalty; 0 for potential customers)",
            "客户占有率",
            6,
        ),
        _C(
            "wallet",
            "float64",
            "yuan per year",
            "true yearly spending on the category at all suppliers (for potential "
            "customers, what they spend elsewhere)",
            "钱包",
            2,
        ),
        _C(
            f"category_spending_{WALLET_YEAR}",
            "float64",
            "yuan",
            f"true spending on the category in {WALLET_YEAR} at all suppliers: Lanting's "
            f"net revenue from the customer in {WALLET_YEAR} plus spending elsewhere",
            "品类总支出",
            2,
        ),
    ],
}

#: Names of the observable tables, in order (``World.tables()``).
TABLES = (
    "customers",
    "products",
    "orders",
    "order_lines",
    "transactions",
    "survey",
    "contacts",
    "exits",
    "mailing",
    "branches",
    "wallet",
)


def pandas_dtype(col: Column):
    """Return the pandas dtype of a column after loading or generating it.

    Parameters
    ----------
    col : Column
        A column of :data:`SCHEMA`.

    Returns
    -------
    str or pandas.CategoricalDtype
        The column's dtype string, or for a category its levels (ordered where
        :data:`CATEGORIES` says so).
    """
    if col.dtype == "category":
        levels, ordered = CATEGORIES[col.name]
        return pd.CategoricalDtype(list(levels), ordered=ordered)
    return col.dtype


def build_table(table: str, data: dict) -> pd.DataFrame:
    """Build a table in data-card column order with data-card dtypes.

    Parameters
    ----------
    table : str
        A key of :data:`SCHEMA`.
    data : dict
        Column name -> values (arrays, lists or Categoricals); extra keys are ignored.
        Float columns with ``decimals`` are rounded to them.

    Returns
    -------
    pandas.DataFrame
        The columns of ``SCHEMA[table]`` in order, with a RangeIndex.
    """
    cols = SCHEMA[table]
    out = {}
    for col in cols:
        values = data[col.name]
        if col.dtype == "category":
            out[col.name] = (
                values
                if isinstance(values, pd.Categorical)
                else pd.Categorical(values, dtype=pandas_dtype(col))
            )
        elif col.dtype == "str":
            out[col.name] = pd.array(values, dtype="str")
        else:
            arr = np.asarray(values)
            if col.decimals is not None:
                arr = np.round(arr.astype(np.float64), col.decimals)
            out[col.name] = arr.astype(col.dtype, copy=False)
    return pd.DataFrame(out, copy=False)
