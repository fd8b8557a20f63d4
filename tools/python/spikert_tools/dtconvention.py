"""The time step a graph was exported at, where the graph shows it.

NIR is continuous-time, but frameworks that train in discrete time write their
per-tick constants as time constants for one assumed step, and the exporter has to
discretize at that same step (docs/EXPORT.md, Time steps):

* snnTorch writes ``tau = dt / (1 - beta)`` and ``r = tau / dt`` at dt = 1e-4 (CubaLIF
  also ``w_in = tau_syn / dt``): every neuron's input gain ``r dt / tau`` is exactly 1 at
  that dt;
* Sinabs writes IF neurons with ``r = 1`` for a step of 1: the gain ``r dt`` is 1 at
  dt = 1;
* Norse and Rockpool write time constants in seconds with ``r`` (usually 1 for Norse)
  that do not pin a step: any dt well below the time constants is right (the graphs of
  the NIR paper use 1e-4).

The step a script sets is a round number. :func:`implied_dt` finds the step at which
every neuron node has unit input gain, when there is one, it is round and it is below
every time constant (a gain of 1 at dt = tau would only
mean ``r = 1``, NIR's plain volts, not a discretization).
"""

from __future__ import annotations

import math

import numpy as np

from .nirsim import kind

REL = 1e-3  # float32 parameters: equal to this relative precision


def _one(x) -> float | None:
    a = np.asarray(x, dtype=np.float64).reshape(-1)
    if a.size == 0 or not np.all(np.isfinite(a)) or np.any(a <= 0):
        return None
    if np.max(a) - np.min(a) > REL * np.max(a):
        return None
    return float(a[0])


def _candidates(node):
    """(dt at unit gain, time constants) of one neuron node; (None, ...) when it has
    no such step."""
    k = kind(node)
    if k in ("LIF", "LI"):
        tau, r = _one(node.tau), _one(node.r)
        return ([tau / r] if tau and r else [None]), [tau]
    if k in ("CubaLIF", "CubaLI"):
        ts, tm = _one(node.tau_syn), _one(node.tau_mem)
        r, w = _one(node.r), _one(node.w_in)
        if None in (ts, tm, r, w):
            return [None], []
        return [tm / r, ts / w], [ts, tm]
    if k in ("IF", "I", "Integrator"):
        r = _one(node.r)
        return [1.0 / r if r else None], []
    return [], []


def implied_dt(graph) -> float | None:
    """The step at which every neuron node of ``graph`` has unit input gain, or None."""
    dts, taus = [], []
    for node in graph.nodes.values():
        d, t = _candidates(node)
        dts += d
        taus += [x for x in t if x]
    if not dts or None in dts:
        return None
    dt = dts[0]
    if any(abs(x - dt) > REL * dt for x in dts):
        return None
    if taus and dt >= (1 - REL) * min(taus):
        return None
    return _round(dt)


def _round(dt: float) -> float | None:
    """``dt`` when it is a round step (1, 2, 2.5 or 5 times a power of ten, as a training
    script sets it), else None: a gain that is merely close to 1 (Rockpool writes
    ``r = tau/dt (1 - exp(-dt/tau))``, unit gain at 1.04e-4 for dt = 1e-4) pins nothing."""
    e = math.floor(math.log10(dt))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = m * 10.0 ** e
        if abs(dt - step) <= REL * step:
            return float(f"{step:.6g}")
    return None
