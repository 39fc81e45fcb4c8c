"""crmkit: a Jupyter research and teaching kit for CRM analytics.

The package is cut by idea: one module per technique, so that the Gini coefficient is
in ``crmkit.concentration`` and the BG/NBD model in ``crmkit.btyd``. Each chapter also
has a facade that gathers its names (``crmkit.customers`` for chapter 2, ``crmkit.rfm``
for chapter 3, ``crmkit.loyalty``, ``crmkit.satisfaction``, ``crmkit.clv``,
``crmkit.database``). ``docs/architecture.md`` lists every module with its layer.

The most used entry points:

=========================  ============================================================
``crmkit.world``           the synthetic company with known ground truth (every chapter)
``crmkit.datasets``        list, load, describe and verify the shipped datasets
``crmkit.summaries``       per-customer R/F/M and buy-till-you-die summaries
``crmkit.rfm_scoring``     Hughes' RFM scores and cells
``crmkit.concentration``   the 80/20 rule: Pareto table, Lorenz curve, Gini
``crmkit.btyd``            BG/NBD and Gamma-Gamma with intervals; hold-out splits
``crmkit.log_import``      your own transaction log (CSV, Parquet) in DuckDB, validated
``crmkit.glossary``        the bilingual (English / Chinese) glossary
``crmkit.quiz``            self-checks used at the end of chapters
``crmkit.exercises``       per-student data and practice checks for the exercise sets
=========================  ============================================================

Submodules are imported on first use, so ``import crmkit`` stays fast and a
student who only needs the glossary does not pay for statsmodels.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "btyd",
    "cdnow",
    "churn",
    "cleaning",
    "clv",
    "cohorts",
    "complaints",
    "concentration",
    "customer_file",
    "customers",
    "database",
    "datasets",
    "exercises",
    "experiments",
    "factors",
    "glossary",
    "log_import",
    "log_summaries",
    "loyalty",
    "loyalty_models",
    "mailing",
    "mailing_inference",
    "mediation",
    "metrics",
    "notebook",
    "panel",
    "params",
    "products",
    "quiz",
    "rates",
    "raw_records",
    "repurchase",
    "rfm",
    "rfm_scoring",
    "rfm_sql",
    "rules",
    "satisfaction",
    "scales",
    "schema",
    "segments",
    "sem",
    "sql",
    "summaries",
    "survival",
    "tiers",
    "tracking",
    "validity",
    "value",
    "wallet",
    "widgets",
    "world",
    "zones",
}

# Short names re-exported at the top level, mapped to the module that defines them.
_EXPORTS = {
    "setup_notebook": "notebook",
    "make_world": "world",
    "list_datasets": "datasets",
    "load_dataset": "datasets",
    "describe_dataset": "datasets",
    "load_params": "datasets",
    "load_cdnow": "datasets",
    "lookup": "glossary",
}

__all__ = sorted(_SUBMODULES | set(_EXPORTS) | {"__version__"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"crmkit.{name}")
    if name in _EXPORTS:
        module = importlib.import_module(f"crmkit.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'crmkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
