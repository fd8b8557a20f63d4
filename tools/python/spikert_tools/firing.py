"""Can a converted population fire at all, and does it carry information?

A graph exported at a time step that does not fit it converts without error and then
says nothing: at Sinabs' dt = 1 convention read as 1e-4 s every IF neuron gets 1/10000
of its drive per tick. The exporter knows, per neuron node, the largest and the
smallest drive one tick can bring (every excitatory input spiking, every inhibitory one
silent, plus the bias; and the reverse), and the neuron's decays and threshold, all in
NIR potential units. From those :func:`check` says, in one line, when

* the population **cannot fire**: with the largest drive every tick its potential never
  reaches the threshold (a leaky neuron settles below it), or only after more than
  ``SLOW_TICKS`` ticks (an integrator: at most one spike every that many ticks);
* the population **saturates**: even the smallest drive reaches the threshold every
  tick, so it fires on every tick whatever its inputs (no information passes).

Both are warnings, not refusals: the graph may mean it (a debug graph, a silent
inhibitory pool), but usually the time step is wrong (docs/EXPORT.md, Time steps).
"""

from __future__ import annotations

import math

SLOW_TICKS = 1000  # slower than one spike per this many ticks of full drive: "cannot fire"


def _ticks_to_threshold(drive: float, beta: float, alpha: float, theta: float) -> int | None:
    """Ticks of constant ``drive`` from rest until v > theta (LIF family, SEMANTICS.md 4.1:
    CUBA integrates the drive into i_syn first); None when it stays below."""
    v = i = 0.0
    for t in range(1, SLOW_TICKS + 1):
        if alpha > 0:
            i = alpha * i + drive
            v = beta * v + i
        else:
            v = beta * v + drive
        if v > theta:
            return t
    if beta < 1.0 and alpha < 1.0:
        peak = drive / (1.0 - beta) / (1.0 - alpha if alpha > 0 else 1.0)
        if peak <= theta:
            return None
    return SLOW_TICKS + 1


def check(name: str, model: str, beta: float, alpha: float, theta: float,
          drive_max: float, drive_min: float, dt: float) -> str | None:
    """The warning for one neuron node, or None. Drives and threshold in NIR units per
    tick; ``model`` the SpikeRT model (only spiking ones are checked)."""
    if model not in ("lif", "cuba", "if") or theta <= 0 or not math.isfinite(drive_max):
        return None
    hint = f"at dt={dt:g} s; is that the time step the graph was trained with (--dt)?"
    if drive_max <= 0:
        return (f"node '{name}' cannot fire: no input or bias ever raises its potential "
                f"(largest drive per tick {drive_max:.3g})")
    ticks = _ticks_to_threshold(drive_max, beta, alpha, theta)
    if ticks is None:
        # a leaky neuron's steady state (r times the summed weights) does not depend on
        # dt: no time step makes it fire, so no hint about --dt
        peak = drive_max / (1.0 - beta) / (1.0 - alpha if alpha > 0 else 1.0)
        return (f"node '{name}' cannot fire: with every excitatory input spiking on every "
                f"tick its potential settles at {peak:.3g}, below its threshold {theta:g}, "
                f"at any time step")
    if ticks > SLOW_TICKS:
        return (f"node '{name}' cannot fire in {SLOW_TICKS} ticks: with every excitatory "
                f"input spiking on every tick it needs more (largest drive per tick "
                f"{drive_max:.3g}, threshold {theta:g}) {hint}")
    if drive_min > theta:
        return (f"node '{name}' saturates: it fires on every tick whatever its inputs "
                f"(smallest drive per tick {drive_min:.3g} > threshold {theta:g}) {hint}")
    return None
