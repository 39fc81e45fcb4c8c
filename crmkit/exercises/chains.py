"""Questions that build on earlier answers: a failure points back to the earlier question."""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterator
from typing import Any

import pandas as pd

from crmkit.exercises.messages import RTOL, _is_close, _plain


def _same(got: Any, want: Any) -> bool:
    """Whether an earlier answer equals its right value (for :func:`builds_on`)."""
    try:
        got = _plain(got)
        if isinstance(want, pd.Series):
            if not isinstance(got, pd.Series):
                return False
            # labels compared as text (a groupby on a category gives a CategoricalIndex)
            got = got.set_axis(got.index.astype(str))
            want = want.set_axis(want.index.astype(str))
            if got.index.has_duplicates or not set(want.index) <= set(got.index):
                return False
            mine = got.reindex(want.index)
            if pd.api.types.is_numeric_dtype(want.dtype) and not pd.api.types.is_bool_dtype(
                want.dtype
            ):
                return all(_is_close(a, b, RTOL, 1e-9) for a, b in zip(mine, want, strict=True))
            return bool((mine.astype(str) == want.astype(str)).all())
        if isinstance(want, numbers.Real) and not isinstance(want, bool):
            return _is_close(got, want, RTOL, 1e-9)
        return bool(got == want)
    except Exception:
        return False


@contextlib.contextmanager
def builds_on(**earlier: tuple[Any, Any, str]) -> Iterator[None]:
    """Point a failed check to the earlier answers it builds on that are not right yet.

    A hidden test grades against the right inputs, so a slip in an earlier question
    also fails a later one that uses its answer. Wrap the later question's checks::

        with builds_on(m_year=(m_year, m, "question 3")):
            check_close(clv_simple, expected, "clv_simple")

    and when a check inside fails, each earlier answer ``name=(student's value, right
    value, question)`` is compared with its right value (numbers up to :data:`RTOL`; a
    Series label by label on the right value's labels; anything else with ``==``). The
    message of the failure then ends with "Note: this answer uses your `m_year`
    (question 3), which is not right yet; fix question 3 first (see its check)."

    Raises
    ------
    AssertionError
        The failure from inside the block, with the note when it applies.
    """
    try:
        yield
    except AssertionError as error:
        wrong = [(n, q) for n, (got, want, q) in earlier.items() if not _same(got, want)]
        if not wrong:
            raise
        names = " and ".join(f"`{n}`" for n, _ in wrong)
        where = " and ".join(dict.fromkeys(q for _, q in wrong))
        verb, see = ("is", "its check") if len(wrong) == 1 else ("are", "their checks")
        raise AssertionError(
            f"{error} Note: this answer uses your {names} ({where}), which {verb} not "
            f"right yet; fix {where} first (see {see})."
        ) from None
