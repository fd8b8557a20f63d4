"""Refuse quantizations that would lose the network (docs/EXPORT.md, "Hostile input").

Two losses are checked, both with a message that names the node or projection, the
ratio that causes it and what to look at:

* a population's threshold: the potential scale S is set by the largest potential
  expected (about 2^28 units); a threshold far below it rounds to a few units or to 0
  (a LIF with threshold 0 fires on any positive potential). Refused when rounding
  changes the threshold by more than :data:`MAX_ROUNDING` (1 %), i.e. when the largest
  expected potential is more than about 5 million times the threshold.
* a projection's weights: int8 weights with one shift per projection resolve a ratio of
  about 255 between the largest weight and the smallest that does not round to 0. The
  share of non-zero weights that round to 0 (weighted by the firing rate of their source
  neuron, as the error is) is printed in the report (``zero=``); more than
  :data:`MAX_ZEROED` (50 %) is refused.
"""

from __future__ import annotations

import numpy as np

from .nirsim import NIRError

MAX_ROUNDING = 0.01
MAX_ZEROED = 0.5
TARGET_RANGE = 2.0 ** 28


def largest(parts) -> tuple:
    """(value, description) of the largest of ``parts`` [(value, description), ...]."""
    return max(parts, key=lambda p: p[0]) if parts else (0.0, "nothing")


def check_range(node: str, rng: float, source: str) -> None:
    if not np.isfinite(rng):
        raise NIRError(f"node '{node}': the largest expected potential overflows ({rng:g}, "
                       f"from {source}); the weights or gains into it are too large")


def check_threshold(node: str, theta: float, S: float, k: int, rng: float,
                    source: str) -> None:
    """Refuse a threshold that rounding at scale ``S`` = 2^``k`` would lose."""
    if theta == 0:
        return
    exact = theta * S
    q = int(round(exact))
    err = abs(q - exact) / abs(exact)
    if err <= MAX_ROUNDING:
        return
    limit = TARGET_RANGE * MAX_ROUNDING / 0.5
    raise NIRError(f"node '{node}': threshold {theta:g} would become {q} units "
                   f"({100 * err:.0f} % off) at the potential scale S=2^{k}, set by the "
                   f"largest expected potential {rng:.3g} ({source}), {rng / abs(theta):.3g} "
                   f"times the threshold; int32 potentials resolve a ratio of about "
                   f"{limit:.2g} at most (an outsized weight or bias?)")


def zeroed_share(wr: np.ndarray, qd: np.ndarray, weight: np.ndarray) -> tuple:
    """(rate-weighted share, count, non-zero count) of non-zero weights ``wr`` whose
    quantized values ``qd`` are 0."""
    nz = wr != 0
    lost = nz & (qd == 0)
    total = float(np.sum(nz * weight))
    share = float(np.sum(lost * weight)) / total if total > 0 else 0.0
    return share, int(np.count_nonzero(lost)), int(np.count_nonzero(nz))


def check_zeroed(label: str, wr: np.ndarray, qd: np.ndarray, weight: np.ndarray,
                 shift: int) -> float:
    """The zeroed share of a projection; refused above MAX_ZEROED."""
    share, lost, nnz = zeroed_share(wr, qd, weight)
    if share <= MAX_ZEROED:
        return share
    mag = np.abs(wr)
    top = np.unravel_index(int(np.argmax(mag)), mag.shape)
    where = (f"source neuron {top[0]} -> target neuron {top[1]}" if mag.ndim == 2
             else f"neuron {top[0]}")
    median = float(np.median(mag[mag > 0]))
    ratio = float(mag[top]) / median if median > 0 else float("inf")
    raise NIRError(f"projection {label}: {lost} of {nnz} non-zero weights "
                   f"({100 * share:.1f} %, rate-weighted) round to 0 at shift {shift}: the "
                   f"largest |weight| ({where}) is {ratio:.3g} times the median, and int8 "
                   f"weights with one shift per projection resolve a ratio of about 255; "
                   f"check that weight")
