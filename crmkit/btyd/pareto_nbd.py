"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchases and drop-out.

While alive, a customer buys as a Poisson process with rate lambda, gamma(``r``,
``alpha``) over customers; the customer's lifetime is exponential with rate mu,
gamma(``s``, ``beta``) over customers, so drop-out can happen at any time (not only
at a purchase, as in BG/NBD). Data: repeat purchases x (``frequency``), the time of the
last one t_x (``recency``), the time since the first purchase T (``T``).

Formulas
--------
Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
Who are they and what will they do next? *Management Science*, 33(1), 1-24, and
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). A note on deriving the Pareto/NBD
model and related expressions (the "note"):

- the likelihood of one customer (note, equations 10 to 18). Given lambda and mu it
  is ``lambda^x e^-(lambda + mu) T + mu lambda^x int_tx^T e^-(lambda + mu) y dy``
  (alive at T, or dead at some y in (t_x, T]); integrating over the gammas::

      L = G(r + x) alpha^r beta^s / G(r)
          [ term(T) + s int_tx^T (alpha + y)^-(r + x) (beta + y)^-(s + 1) dy ],
      term(y) = (alpha + y)^-(r + x) (beta + y)^-s.

  The note writes the integral as s / (r + s + x) A0, A0 a *difference* of two
  Gaussian hypergeometric terms, one at t_x and one at T. Evaluated as written it
  loses digits when t_x is close to T (the two terms cancel) and overflows for heavy
  buyers (2F1(r + s + x, s + 1; r + s + x + 1; z) grows like (1 - z)^-s with a power of
  x in front). crmkit instead writes ``F(y) = int_y^inf (alpha + u)^-(r + x) (beta +
  u)^-(s + 1) du = term(y) G(y) / (r + s + x)`` and evaluates G through Euler's
  transformation of the note's 2F1 (derivation in :func:`_log_g`)::

      alpha >= beta:  G(y) = 2F1(1, r + x; r + s + x + 1; (alpha - beta) / (alpha + y))
      alpha <  beta:  G(y) = (alpha + y) / (beta + y)
                             2F1(1, s + 1; r + s + x + 1; (beta - alpha) / (beta + y)),

  series of positive terms whose ratio is below z < 1: G lies between 1 and
  1 / (1 - z), with no overflow for any x. The bracket is then
  ``term(T) [1 - s G(T) / (r + s + x)] + s / (r + s + x) G(t_x) term(t_x)``: a sum of
  two terms that are 0 or more (s G(T) / (r + s + x) = s F(T) / term(T) <= 1 since
  ``(alpha + u)^-(r + x) <= (alpha + T)^-(r + x)`` for u >= T), so the subtraction
  in the first costs at most one rounding error relative to the whole likelihood.
  It is evaluated in log space (``log1p``, ``logaddexp``). Range checked in the tests
  against the note's formula in 40-digit arithmetic (mpmath): x up to 10,000, T from
  0.1 to 10,000 time units, t_x anywhere in [0, T], r and s from 0.03 to 10, alpha and
  beta from 0.1 to 1,000: relative error below 1e-13 (lifetimes, with scipy's hyp2f1
  on the note's form, gives NaN for some of these heavy buyers), and on the ridge
  below with s up to 1e7. The 2F1 comes from scipy where B is at most 10 or z at most
  0.99, from a rescaled trapezoid rule elsewhere (:func:`_hyp_one`): scipy is silently
  wrong there by up to 2e-7.
- P(alive | x, t_x, T) = G(r + x) alpha^r beta^s / G(r) term(T) / L (note, equation
  36): the share of the likelihood that comes from "alive at T";
- E[X(t)] for a new customer (note, equation 27)::

      r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)];

- E[Y(t) | x, t_x, T] (note, equation 41)::

      (r + x) (beta + T) / ((alpha + T) (s - 1))
      [1 - ((beta + T) / (beta + T + t))^(s - 1)] P(alive),

  the bracket over (s - 1) written as ``-expm1(-(s - 1) u) / (s - 1)`` with
  ``u = log1p(t / (beta + T))`` (its limit u at s = 1), finite for every horizon.

The gradient is the base class's central differences of the log-likelihood (the
derivative of 2F1 in its parameters has no closed form); the fit is still fast since
the likelihood is evaluated once per distinct history.

No finite maximum
-----------------
When customers differ less in how fast they leave than any gamma distribution of
drop-out rates allows, the likelihood rises without end along the ridge s, beta -> inf
with s / beta fixed (the gamma collapses to one rate mu = s / beta, the limit being an
NBD purchase process with the same exponential lifetime for everybody): on the kit's
world, where customers leave only right after a purchase, the log-likelihood rises
from -35,581 at s = 0.3 to -35,558.19 as s grows. There are then no estimates, and the
fit raises :class:`~crmkit.btyd.base.ConvergenceError` naming the limit, with its
r, alpha, mu and log-likelihood in the error's ``limit`` attribute, rather than
returning wherever the optimiser stopped (the gradient on the ridge is of order 1 / s;
*lifetimes* returns s = 96, beta = 16,710 on the same data after 160 s). See
:meth:`ParetoNBD._maximise`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit.btyd.base import LOG_BOUND, ConvergenceError, PurchaseFitter
from crmkit.btyd.histories import check_horizon

__all__ = ["ParetoNBD"]

#: Past this s (drop-out rates that vary by 3 per cent between customers) the fit checks
#: whether it is following the ridge s, beta -> inf of a likelihood with no finite maximum.
RIDGE_S = 1e3


#: An estimate with s above this is compared with the ridge before it is returned. On
#: the ridge the log-likelihood is about L - c / s, and c / (s n) was about 6e-4 / s per
#: customer on the kit's world: the gradient test (1e-5) stops it from about s = 60.
#: Below, the check is skipped, as it costs a likelihood evaluation at s = 1e5, slow for
#: a million customers (2F1 from the integral): a quarter of a fit at s = 0.6.
RIDGE_CHECK_S = 10.0


class _OnRidge(Exception):
    """Raised inside the optimiser to stop it at the ridge (carries the best point)."""

    def __init__(self, z: np.ndarray, value: float) -> None:
        super().__init__()
        self.z, self.value = z, value


class ParetoNBD(PurchaseFitter):
    """The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987), by maximum likelihood.

    Same interface as :class:`~crmkit.btyd.bgnbd.BGNBD` (so chapter code can swap
    them); see the module docstring for the model and its formulas, and
    :mod:`crmkit.btyd.base` for fitting, convergence checks and uncertainty.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha``, ``s``, ``beta``.
    log_likelihood_ : float
        Maximised log-likelihood (sum over customers); also ``aic`` and ``bic``.
    n_customers_ : int
        Customers the model was fitted on.
    covariance_ : pandas.DataFrame
        Estimated covariance of (r, alpha, s, beta) from the observed information.

    References
    ----------
    Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
    Who are they and what will they do next? *Management Science*, 33(1), 1-24.
    Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). A note on deriving the
    Pareto/NBD model and related expressions. http://brucehardie.com/notes/009/
    """

    _NAMES = ("r", "alpha", "s", "beta")
    _MEANINGS = (
        "gamma shape of purchase rates",
        "gamma rate (scale in time units) of purchase rates",
        "gamma shape of drop-out rates",
        "gamma rate (scale in time units) of drop-out rates",
    )

    # ---- the likelihood ----------------------------------------------------------------
    def _start(self, data: Mapping[str, np.ndarray]) -> np.ndarray:
        mean_t = float(np.mean(data["T"])) or 1.0
        return np.array([1.0, mean_t, 1.0, mean_t])

    def _loglik(self, params: np.ndarray, data: Mapping[str, np.ndarray]) -> np.ndarray:
        from scipy.special import gammaln

        r, alpha, s, beta = params
        x = data["frequency"]
        head = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        return head + _log_bracket(params, x, data["recency"], data["T"])[0]

    def _weighted_loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray], weights: np.ndarray
    ) -> tuple[float, np.ndarray]:
        self._cached("customers", lambda: float(weights.sum()))  # for the ridge message
        return super()._weighted_loglik_grad(params, data, weights)

    def _maximise(
        self, objective: Callable[[np.ndarray], tuple[float, np.ndarray]], z0: np.ndarray, func: str
    ) -> tuple[np.ndarray, int, np.ndarray | None]:
        """The base class's maximisation, stopped where s passes :data:`RIDGE_S`.

        The Pareto/NBD likelihood can have its supremum at the edge s, beta -> inf with
        s / beta (the mean drop-out rate mu) fixed: the gamma distribution of drop-out
        rates shrinks to a point mass at mu, and the likelihood tends to that of an NBD
        purchase process with the same exponential lifetime for everybody. It does when
        customers differ less in how fast they leave than a gamma with any finite s
        allows, as in the kit's world, where customers leave only right after a
        purchase. The optimiser then walks up the ridge for minutes until the log-scale
        bounds stop it. Instead, once s passes :data:`RIDGE_S`, the best point so far
        is compared with the same r, alpha and mu far along the ridge
        (:meth:`_check_ridge`): if the likelihood is still rising there is no finite
        estimate, and the fit raises :class:`~crmkit.btyd.base.ConvergenceError` saying
        so (with the limit's numbers in its ``limit`` attribute); otherwise the
        maximisation goes on unguarded. A final estimate with s above
        :data:`RIDGE_CHECK_S` gets the same comparison: on the ridge the gradient is of
        order 1 / s, so an optimiser can stop at, say, s = 3,000 and pass every
        convergence test (the 2,000-customer world of the tests).
        """
        best = {"value": np.inf, "z": np.asarray(z0, dtype=float)}

        def guarded(z: np.ndarray) -> tuple[float, np.ndarray]:
            if z[2] > np.log(RIDGE_S):
                raise _OnRidge(best["z"], best["value"])
            value, grad = objective(z)
            if value < best["value"]:
                best["value"], best["z"] = value, np.array(z, dtype=float)
            return value, grad

        try:
            result = super()._maximise(guarded, z0, func)
        except _OnRidge as stop:
            z = _maximise_below_ridge(objective, stop.z)
            self._check_ridge(objective, z, objective(z)[0], func)
            result = super()._maximise(objective, z, func)  # a finite maximum: polish it
        if result[0][2] > np.log(RIDGE_CHECK_S):  # below it the gradient test suffices
            self._check_ridge(objective, result[0], objective(result[0])[0], func)
        return result

    def _check_ridge(
        self,
        objective: Callable[[np.ndarray], tuple[float, np.ndarray]],
        z: np.ndarray,
        value: float,
        func: str,
    ) -> None:
        """Raise if the likelihood at ``z`` is beaten far along the ridge s, beta -> inf.

        The same r, alpha and mean drop-out rate s / beta, with s at 100 times its value
        and at least 1e5 (where the likelihood is within about 1e-5 of its limit): a
        higher likelihood there means ``z`` is not the maximum, whatever the gradient
        says (on the ridge it is of order 1 / s and passes any convergence test).
        """
        shift = max(np.log(100.0), np.log(1e5) - z[2])
        far = z + np.array([0.0, 0.0, shift, shift])
        far_value = objective(far)[0]
        if np.isfinite(far_value) and far_value <= value:
            raise self._ridge_error(z, value, far, far_value, func)

    def _ridge_error(
        self, z: np.ndarray, value: float, far: np.ndarray, far_value: float, func: str
    ) -> ConvergenceError:
        """The error for a likelihood that rises without end along s, beta -> inf."""
        n = self._cached("customers", lambda: 1.0)
        r, alpha, s, beta = np.exp(z)
        mu = s / beta
        ll, far_ll = -value * n, -far_value * n
        ratio = float(np.exp(far[2] - z[2]))
        error = ConvergenceError(
            f"{func} did not converge: the drop-out rates do not vary between customers. "
            f"The likelihood keeps rising as s and beta grow together with s / beta, the "
            f"mean drop-out rate, fixed at {mu:.4g} per time unit (the log-likelihood "
            f"rises by {far_ll - ll:.2g} from s = {s:.3g} to s = {s * ratio:.3g}): the gamma "
            "distribution of drop-out rates collapses to a single rate, and the Pareto/NBD "
            f"reduces to an NBD purchase process (r = {r:.4g}, alpha = {alpha:.4g}) with "
            f"the same exponential lifetime, mean {1 / mu:.4g} time units, for every "
            "customer. No finite s and beta maximise the likelihood, so there are no "
            "estimates to report. Fit BG/NBD or MBG/NBD (btyd.BGNBD, btyd.MBGNBD), whose "
            f"drop-out varies between customers, and compare their log-likelihood with "
            f"this limit's {far_ll:.1f}; the limit's numbers are in this error's 'limit' "
            "attribute."
        )
        error.limit = pd.Series(
            {"r": r, "alpha": alpha, "mean_dropout_rate": mu, "log_likelihood": far_ll},
            name="limit s, beta -> inf",
        )
        return error

    def _derived(self) -> dict[str, tuple[Callable[[np.ndarray], float], str, str]]:
        e = np.exp
        return {
            "mean_rate": (
                lambda z: e(z[0] - z[1]),
                "log",
                "mean purchase rate per time unit while alive",
            ),
            "mean_dropout_rate": (
                lambda z: e(z[2] - z[3]),
                "log",
                "mean drop-out rate per time unit",
            ),
        }

    # ---- public interface ---------------------------------------------------------------
    def probability_alive(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> pd.Series:
        """P(alive) (存活概率) at T: the share of the likelihood from "still alive at T".

        Returns
        -------
        pandas.Series
            Named ``prob_alive``, index of ``summary``, values in [0, 1].
        """
        func = "ParetoNBD.probability_alive"
        params = np.array(self._fitted(func))
        x, tx, big_t = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        return pd.Series(_prob_alive(params, x, tx, big_t), index=summary.index, name="prob_alive")

    def expected_purchases(
        self,
        t: float,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> pd.Series:
        """Expected purchases of each customer in the next ``t`` time units.

        E[Y(t) | x, t_x, T], equation 41 of the note (module docstring).

        Returns
        -------
        pandas.Series
            Named ``expected_purchases``, index of ``summary``; finite and 0 or more.
        """
        func = "ParetoNBD.expected_purchases"
        params = np.array(self._fitted(func))
        r, alpha, s, beta = params
        t = check_horizon(t, "t", func)
        x, tx, big_t = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        alive = _prob_alive(params, x, tx, big_t)
        rate = (r + x) / (alpha + big_t) * (beta + big_t)
        value = rate * _power_bracket(s - 1, np.log1p(t / (beta + big_t))) * alive
        return pd.Series(value, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t: float) -> float:
        """Expected repeat purchases of a new customer in their first ``t`` units.

        ``r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)]`` (note, equation
        27), with its limit ``r beta / alpha ln(1 + t / beta)`` at s = 1.
        """
        func = "ParetoNBD.expected_purchases_new"
        r, alpha, s, beta = self._fitted(func)
        t = check_horizon(t, "t", func)
        return float(r * beta / alpha * _power_bracket(s - 1, np.log1p(t / beta)))


def _maximise_below_ridge(
    objective: Callable[[np.ndarray], tuple[float, np.ndarray]], z: np.ndarray
) -> np.ndarray:
    """The maximum with s at most :data:`RIDGE_S`, from ``z`` (L-BFGS-B, log scale).

    So that the ridge check compares the likelihood far along the ridge with the best
    point below it, not with wherever the optimiser happened to be when a line search
    first stepped past RIDGE_S.
    """
    from scipy.optimize import minimize

    bounds = [(-LOG_BOUND, LOG_BOUND)] * 4
    bounds[2] = (-LOG_BOUND, float(np.log(RIDGE_S)))
    start = np.clip(z, [b[0] for b in bounds], [b[1] for b in bounds])
    res = minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={
            "maxiter": 200,
            "ftol": 1e-10,
            "gtol": 1e-6,
        },  # a point to compare, not an estimate
    )
    return np.asarray(res.x, dtype=float)


# --------------------------------------------------------------------------------------
# the stable pieces
# --------------------------------------------------------------------------------------
def _log_g(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``ln G(y)``, where ``int_y^inf (alpha + u)^-(r + x) (beta + u)^-(s + 1) du``
    ``= (alpha + y)^-(r + x) (beta + y)^-s G(y) / (r + s + x)``.

    Derivation: with c = r + s + x, the note's form of the integral is
    ``(m + y)^-c / c 2F1(c, b; c + 1; z)``, m = max(alpha, beta), z = |alpha - beta| /
    (m + y) in [0, 1), b = s + 1 if alpha >= beta and r + x otherwise. Euler's
    transformation 2F1(c, b; c + 1; z) = (1 - z)^(1 - b) 2F1(1, c + 1 - b; c + 1; z)
    and ``1 - z = (min + y) / (m + y)`` give the two forms of the module docstring. Both
    2F1(1, B; C; z) have B < C and z in [0, 1): the series has positive terms with
    ratios (B + k) z / (C + k) < z, so 1 <= 2F1 <= 1 / (1 - z); see :func:`_hyp_one`
    for how it is evaluated.
    """
    r, alpha, s, beta = params
    if alpha >= beta:
        z = (alpha - beta) / (alpha + y)
        return np.log(_hyp_one(r + x, s + 1, z))
    z = (beta - alpha) / (beta + y)
    return np.log1p(-z) + np.log(_hyp_one(s + 1, r + x, z))


#: ``2F1(1, B; B + d; z)`` comes from scipy where B is at most SCIPY_MAX_B or z at most
#: SCIPY_MAX_Z, from the integral elsewhere.
SCIPY_MAX_B, SCIPY_MAX_Z = 10.0, 0.99


def _hyp_one(big_b: Any, d: Any, z: Any) -> np.ndarray:
    """``2F1(1, B; B + d; z)`` for B, d > 0 and z in [0, 1): a value in [1, 1 / (1 - z)].

    scipy's ``hyp2f1`` is fast and accurate to a few 1e-14 here for B up to
    :data:`SCIPY_MAX_B` (any z up to 1 - 1e-8), and for z up to :data:`SCIPY_MAX_Z`
    (any B up to 1e6); checked against the integral on 20,000 random points. For larger
    B with z near 1 it is not: it returns finite values that are wrong by up to 2e-7
    relative at B = 100 (z = 0.9999), gives up (inf or NaN) above B of about 200, and
    takes 20 times longer before doing so; that is where the likelihood goes on the
    ridge s, beta -> inf and for heavy buyers. There, and wherever scipy returns a
    value outside the bounds, crmkit uses :func:`_hyp_one_integral` (a few hundred
    nodes, accurate to about 1e-13 for any B, d and z).
    """
    from scipy.special import hyp2f1

    big_b, d, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (big_b, d, z)))
    shape = big_b.shape
    big_b, d, z = (v.reshape(-1) for v in (big_b, d, z))
    value = np.empty(len(big_b))
    small = (big_b <= SCIPY_MAX_B) | (z <= SCIPY_MAX_Z)
    with np.errstate(all="ignore"):
        value[small] = hyp2f1(1.0, big_b[small], big_b[small] + d[small], z[small])
        bad = ~small | ~np.isfinite(value) | (value < 1 - 1e-12) | (value * (1 - z) > 1 + 1e-12)
    if bad.any():
        value[bad] = _hyp_one_integral(big_b[bad], d[bad], z[bad])
    return value.reshape(shape)


def _hyp_one_integral(big_b: np.ndarray, d: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``2F1(1, B; B + d; z) = (B + d - 1) int_0^inf (1 + (1 - z) v)^-B (1 + v)^-d dv``.

    (The integral of the module docstring, u = y + (beta + y) v.) The integrand falls
    from 1 at v = 0 at the rate kappa = B (1 - z) + d, so crmkit rescales v = w / kappa:
    the integral is ``(B + d - 1) / kappa int_0^inf f(w) dw`` with ``f(w) = (1 + p
    w)^-B (1 + q w)^-d``, p = (1 - z) / kappa, q = 1 / kappa, and B p + d q = 1 (f
    falls like e^-w near 0 whatever the parameters). With w = e^t the integrand e^t f(e^t)
    has a single peak of width 1 or more in t (the second derivative of its log lies
    between -1 and 0 at the peak), rises like e^t on the left and falls like
    e^-(B + d - 1) t on the right, and is analytic in the strip |Im t| < pi, so the
    trapezoid rule with a fixed step of 1/4 converges exponentially (Trefethen &
    Weideman 2014, "The exponentially convergent trapezoidal rule"), with a few hundred
    nodes for any B, d and z; the nodes run from t = -40 to 45 / (B + d - 1) e-folds
    past the knee at ln max(1 / p, 1 / q). Summed in log space, in chunks of customers;
    accurate to about 1e-12 relative (checked against mpmath in the tests).

    The step used to shrink like 1 / sqrt(B + d) (the peak of the unscaled integrand
    narrows), which took tens of thousands of nodes per customer when s or x is in the
    thousands, as on the ridge of the likelihood where s and beta grow together.
    """
    from scipy.special import logsumexp

    out = np.empty(len(big_b))
    c = big_b + d - 1
    rho = 1.0 - z
    kappa = big_b * rho + d
    log_p, log_q = np.log(rho / kappa), -np.log(kappa)
    upper = np.maximum(-np.minimum(log_p, log_q), 0.0) + 45.0 / c + 3.0
    step = 0.25
    for lo in range(0, len(big_b), 1000):
        sl = slice(lo, lo + 1000)
        t = np.arange(-40.0, float(upper[sl].max()) + step, step)[None, :]
        log_f = (
            t
            - big_b[sl, None] * np.logaddexp(0.0, log_p[sl, None] + t)
            - d[sl, None] * np.logaddexp(0.0, log_q[sl, None] + t)
        )
        out[sl] = np.exp(np.log(c[sl] / kappa[sl]) + np.log(step) + logsumexp(log_f, axis=1))
    return np.clip(out, 1.0, 1.0 / (1.0 - z))


def _log_bracket(params: np.ndarray, x: np.ndarray, tx: np.ndarray, big_t: np.ndarray):
    """``ln[term(T) + s int_tx^T ...]`` and ``ln term(T)`` (see the module docstring)."""
    r, alpha, s, beta = params
    c = r + s + x
    log_term_t = -(r + x) * np.log(alpha + big_t) - s * np.log(beta + big_t)
    log_term_x = -(r + x) * np.log(alpha + tx) - s * np.log(beta + tx)
    share_t = np.minimum(s / c * np.exp(_log_g(params, x, big_t)), 1.0)  # s F(T) / term(T)
    with np.errstate(divide="ignore"):  # log1p(-1) = -inf: all of it in the second term
        alive = log_term_t + np.log1p(-share_t)
    dead = np.log(s / c) + _log_g(params, x, tx) + log_term_x
    return np.logaddexp(alive, dead), log_term_t


def _prob_alive(params: np.ndarray, x: np.ndarray, tx: np.ndarray, big_t: np.ndarray):
    log_bracket, log_term_t = _log_bracket(params, x, tx, big_t)
    return np.minimum(np.exp(log_term_t - log_bracket), 1.0)


def _power_bracket(c: float, u: np.ndarray) -> np.ndarray:
    """``(1 - e^(-c u)) / c``, i.e. ``[1 - ((beta + T) / (beta + T + t))^c] / c`` for
    ``u = ln(1 + t / (beta + T))``; its limit u at c = 0, without cancellation near it."""
    u = np.asarray(u, dtype=float)
    if abs(c) < 1e-12:
        return u
    with np.errstate(over="ignore"):
        return -np.expm1(-c * u) / c
