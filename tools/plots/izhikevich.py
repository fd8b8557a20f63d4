#!/usr/bin/env python3
"""Plot the four classic Izhikevich (2003) firing patterns as run by the integer
reference (tools/reference/spikeref/) and write docs/izhikevich.png.

usage: python3 tools/plots/izhikevich.py [OUT.png]
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import spikeref as sr  # noqa: E402

MV = 256
TICKS = 300
PATTERNS = [  # name, a, b, c (mV), d (mV)
    ("regular spiking (RS)", 0.02, 0.2, -65, 8),
    ("intrinsically bursting (IB)", 0.02, 0.2, -55, 4),
    ("chattering (CH)", 0.02, 0.2, -50, 2),
    ("fast spiking (FS)", 0.1, 0.2, -65, 2),
]


def run(a, b, c, d, bias_mv=10, ticks=TICKS):
    pop = dict(size=1, model="izh", threshold=0, beta=0, alpha=0, reset="subtract",
               reset_timing="delayed", v_reset=0, v_init=-65 * MV, refractory=0,
               bias=bias_mv * MV, adapt_inc=0, adapt_decay=0,
               izh_a=round(a * 65536), izh_b=round(b * 65536), izh_c=c * MV,
               izh_d=d * MV, v_peak=30 * MV)
    net = sr.Network(dict(seed=0, populations=[pop]))
    v, spikes = [], []
    for t in range(ticks):
        net.step()
        v.append(net.membrane(0)[0])
        if net.spikes(0):
            spikes.append(t)
    return np.array(v) / MV, spikes


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(ROOT, "docs", "izhikevich.png")
    fig, axes = plt.subplots(len(PATTERNS), 1, figsize=(9, 9), sharex=True)
    for ax, (name, a, b, c, d) in zip(axes, PATTERNS):
        v, spikes = run(a, b, c, d)
        shown = v.copy()
        shown[spikes] = 30.0  # the tick of a spike is drawn at v_peak (v is already reset)
        ax.plot(np.arange(TICKS), shown, lw=0.9, color="k")
        ax.set_title(f"{name}: a={a}, b={b}, c={c} mV, d={d}  -  {len(spikes)} spikes",
                     fontsize=10)
        ax.set_ylabel("v (mV)")
        ax.set_ylim(-90, 40)
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel("tick (= 1 ms)")
    fig.suptitle("SpikeRT integer Izhikevich neuron (numpy reference), constant I = 10 mV",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
