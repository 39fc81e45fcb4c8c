"""Small hand-made tables shared by the tests of chapter 2's technique modules.

Imported as ``from tests.unit.chapter2_tables import ...`` (pytest's ``pythonpath``
is the repository root). Each call returns fresh frames, so a test cannot change
another's data. The hand-computed answers in the tests refer to these numbers.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st


def small_customers() -> pd.DataFrame:
    """Four customers; customer 4 signed up in 2025 and never bought (potential)."""
    return pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4],
            "signup_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-06-01", "2025-02-01"]),
            "region": pd.Categorical(["East", "East", "West", "North"]),
            "customer_type": pd.Categorical(["business", "consumer", "consumer", "consumer"]),
            "status": pd.Categorical(["direct", "indirect", "direct", "potential"]),
        }
    )


def small_transactions() -> pd.DataFrame:
    """Five orders of customers 1-3; customer 3's single order has a negative margin."""
    return pd.DataFrame(
        {
            "order_id": [10, 11, 12, 13, 14],
            "customer_id": [1, 1, 2, 3, 1],
            "order_date": pd.to_datetime(
                ["2024-01-05", "2024-06-30", "2024-03-10", "2024-12-01", "2025-03-01"]
            ),
            "revenue": [100.0, 300.0, 50.0, 20.0, 80.0],
            "margin": [30.0, 90.0, 10.0, -5.0, 20.0],
        }
    )


#: Hypothesis strategy: 1-60 non-negative amounts with a positive total.
AMOUNTS = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=60,
).filter(lambda xs: sum(xs) > 1e-6)
