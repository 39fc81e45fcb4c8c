"""Constants shared across crmkit, defined once."""

from __future__ import annotations

#: Days in a year, on average over the Gregorian leap-year cycle. Every annual rate in
#: the kit (purchase rates, turnover, years between dates) converts with this number.
DAYS_PER_YEAR = 365.25

#: Days in a week (buy-till-you-die models count time in weeks, as the CDNOW papers do).
DAYS_PER_WEEK = 7
