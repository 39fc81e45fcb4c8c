"""crmkit: a Jupyter research and teaching kit for CRM analytics.

The package is small on purpose. Each chapter of the course has one module:

========================  ===========================================================
``crmkit.world``          the synthetic company with known ground truth (every chapter)
``crmkit.datasets``       list, load and describe the shipped datasets; CDNOW loader
``crmkit.customers``      chapter 2: customer file, composition, products, Pareto/ABC
``crmkit.rfm``            chapter 3: recency-frequency-monetary analysis, test mailings
``crmkit.loyalty``        chapter 4: survey scales, reliability, factor analysis, loyalty models
``crmkit.satisfaction``   chapter 5: quoted satisfaction-profit figures tested as hypotheses
``crmkit.clv``            chapter 6: cohorts, BG/NBD and Gamma-Gamma, lifetime value, churn
``crmkit.database``       chapter 7: cleaning raw customer records, DuckDB, RFM in SQL
``crmkit.glossary``       the bilingual (English / Chinese) glossary
``crmkit.quiz``           self-check widgets used at the end of chapters
``crmkit.exercises``      per-student data and the otter-grader release/grade commands
``crmkit.notebook``       the one-call preamble every chapter notebook starts with
========================  ===========================================================

Submodules are imported on first use, so ``import crmkit`` stays fast and a
student who only needs the glossary does not pay for statsmodels.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "world",
    "datasets",
    "customers",
    "rfm",
    "loyalty",
    "satisfaction",
    "clv",
    "database",
    "glossary",
    "quiz",
    "exercises",
    "notebook",
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
