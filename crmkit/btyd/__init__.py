"""Buy-till-you-die (BTYD) models of customer purchases and spend.

One shared base fitter (:mod:`crmkit.btyd.base`: validation of the frequency/recency/T
summary, compression to unique histories, a gradient-based fit on the log-parameters
with a convergence check, standard errors and intervals, AIC and BIC) and one module
per model:

=========================================  ============================================
:class:`~crmkit.btyd.bgnbd.BGNBD`          purchases and drop-out (Fader, Hardie & Lee
                                           2005a)
:class:`~crmkit.btyd.mbgnbd.MBGNBD`        BG/NBD with drop-out at the first purchase too
                                           (Batislam, Denizel & Filiztekin 2007)
:class:`~crmkit.btyd.pareto_nbd.ParetoNBD`  purchases and drop-out at any time
                                           (Schmittlein, Morrison & Colombo 1987)
:class:`~crmkit.btyd.bgbb.BGBB`            purchases at discrete opportunities (Fader,
                                           Hardie & Shang 2010)
:class:`~crmkit.btyd.gamma_gamma.GammaGamma`  spend per order (Fader, Hardie & Lee 2005b)
:func:`~crmkit.btyd.holdout.calibration_holdout`  a purchase log split into a
                                           calibration summary and hold-out purchases
:func:`~crmkit.btyd.holdout.plot_holdout`  hold-out purchases: model against actual
=========================================  ============================================
"""

from __future__ import annotations

from crmkit.btyd.base import BTYDFitter, ConvergenceError
from crmkit.btyd.bgbb import BGBB
from crmkit.btyd.bgnbd import BGNBD
from crmkit.btyd.gamma_gamma import GammaGamma
from crmkit.btyd.holdout import calibration_holdout, plot_holdout
from crmkit.btyd.mbgnbd import MBGNBD
from crmkit.btyd.pareto_nbd import ParetoNBD

__all__ = [
    "BGBB",
    "BGNBD",
    "MBGNBD",
    "BTYDFitter",
    "ConvergenceError",
    "GammaGamma",
    "ParetoNBD",
    "calibration_holdout",
    "plot_holdout",
]
