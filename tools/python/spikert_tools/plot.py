"""spikert-plot SPIKES.csv [--membrane TRACE.csv] -o out.png

Raster plot of a spike file (``tick,channel`` lines, docs/EXPORT.md), optionally with
membrane traces below it. A trace file has one line per tick: ``tick,v0,v1,...`` (a
header line starting with a letter is skipped). Matplotlib with the Agg backend, so it
runs without a display.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from . import spikefile
from .closedpipe import survives_closed_stdout


read_spikes = spikefile.read_pairs  # (ticks, channels) of a spike file


def read_trace(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line[0].isalpha():
                continue
            rows.append([float(x) for x in line.split(",")])
    a = np.array(rows, dtype=np.float64)
    return a[:, 0], a[:, 1:]


def plot(spikes, out, membrane=None, title=None, max_traces=8):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t, ch = read_spikes(spikes)
    n_rows = 2 if membrane else 1
    fig, axes = plt.subplots(n_rows, 1, figsize=(10, 4 * n_rows), squeeze=False,
                             sharex=bool(membrane))
    ax = axes[0, 0]
    ax.scatter(t, ch, s=4, marker="|", linewidths=0.8, color="black")
    ax.set_ylabel("channel")
    ax.set_title(title or f"{spikes}: {len(t)} spikes"
                 + (f", {len(np.unique(ch))} channels active" if len(t) else ""))
    if len(ch):
        ax.set_ylim(-0.5, ch.max() + 0.5)
    ax.grid(alpha=0.3)
    if membrane:
        tt, v = read_trace(membrane)
        ax2 = axes[1, 0]
        for j in range(min(v.shape[1], max_traces)):
            ax2.plot(tt, v[:, j], lw=0.8, label=f"v{j}")
        ax2.set_ylabel("membrane (units)")
        ax2.legend(loc="upper right", fontsize=7, ncol=4)
        ax2.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("tick")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


@survives_closed_stdout
def main(argv=None):
    ap = argparse.ArgumentParser(prog="spikert-plot", description="Raster plot of a spike file.")
    ap.add_argument("spikes", help="spike CSV: tick,channel")
    ap.add_argument("--membrane", help="membrane trace CSV: tick,v0,v1,...")
    ap.add_argument("-o", "--output", required=True, help="PNG to write")
    ap.add_argument("--title")
    a = ap.parse_args(argv)
    try:
        plot(a.spikes, a.output, membrane=a.membrane, title=a.title)
    except (OSError, ValueError) as err:
        print(f"spikert-plot: {err}", file=sys.stderr)
        return 2
    print(f"wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
