"""Chapter 2: customer analysis and screening (客户分析与筛选), the chapter's names.

This module holds no logic: it re-exports, under the names chapter 2 and its exercise set
use, the technique modules where each idea lives.

=====================================  =====================================================
:mod:`crmkit.customer_file`            :func:`customer_file` (客户档案),
                                       :func:`composition` (构成分析),
                                       :func:`trading_performance` (交易业绩),
                                       ``CUSTOMER_FILE_COLUMNS``
:mod:`crmkit.complaints`               :func:`retention_view`: complaints and exit
                                       reasons (保持客户管理)
:mod:`crmkit.products`                 :func:`product_table`: sales composition (销售构成),
                                       gross-margin rate (毛利率), turnover (周转率), cross
                                       (交叉比率) and contribution ratios (贡献比率)
:mod:`crmkit.concentration`            the 80/20 rule (二八法则): :func:`pareto_table`,
                                       :func:`lorenz_curve` (洛伦兹曲线), :func:`gini`
                                       (基尼系数), :func:`top_share`,
                                       :func:`top_share_interval`, :func:`plot_pareto`,
                                       :func:`plot_lorenz`
:mod:`crmkit.tiers`                    :func:`abc_tiers` (ABC分类法), :func:`tier_migration`
                                       (迁移矩阵), :func:`plot_migration`
:mod:`crmkit.rules`                    :func:`classify_customers` (直接 / 间接 / 潜在客户),
                                       :func:`classify_targets` (目标客户: 重要 / 核心 /
                                       问题客户), :func:`apply_rules`,
                                       :func:`default_customer_rules`,
                                       :func:`default_target_rules`
=====================================  =====================================================

Conventions of all of them: money in yuan and net of returns; pandas in, pandas out;
inputs never modified; bad input raises ``ValueError`` or ``TypeError`` naming the
parameter, the column and the fix; a missing key or date is an error, never a dropped row.
"""

from __future__ import annotations

from crmkit.complaints import retention_view
from crmkit.concentration import (
    gini,
    lorenz_curve,
    pareto_table,
    plot_lorenz,
    plot_pareto,
    top_share,
    top_share_interval,
)
from crmkit.customer_file import (
    CUSTOMER_FILE_COLUMNS,
    composition,
    customer_file,
    trading_performance,
)
from crmkit.products import product_table
from crmkit.rules import (
    apply_rules,
    classify_customers,
    classify_targets,
    default_customer_rules,
    default_target_rules,
)
from crmkit.tiers import abc_tiers, plot_migration, tier_migration

__all__ = [
    "CUSTOMER_FILE_COLUMNS",
    "abc_tiers",
    "apply_rules",
    "classify_customers",
    "classify_targets",
    "composition",
    "customer_file",
    "default_customer_rules",
    "default_target_rules",
    "gini",
    "lorenz_curve",
    "pareto_table",
    "plot_lorenz",
    "plot_migration",
    "plot_pareto",
    "product_table",
    "retention_view",
    "tier_migration",
    "top_share",
    "top_share_interval",
    "trading_performance",
]
