"""The four NIR sample graphs of the exporter tests (built with the `nir` package, no
torch), and the files written for them under Tests/SpikeCoreTests/Blobs/nir/:

* ``<name>.spkb``       the exported blob
* ``<name>.input.csv``  the input spikes, ``tick,channel`` (SpikeRT channel order)
* ``<name>.float.csv``  the output spikes of the float NIR simulation (nirsim)

and, next to them, ``<name>.ref.csv``: the output spikes of the exported blob run by
the numpy integer reference, what ``spikert run`` must print bit for bit. The reference
writes that file from the blob's bytes (tools/reference/expected.py); tools/crosscheck
compares its runs with the float simulation.

Output channels: every decoder's population, concatenated in decoder order (spike file
format of docs/EXPORT.md).
"""

from __future__ import annotations

import os

import numpy as np

from . import blob, export as ex, spikefile
from . import nirsim as ns

TICKS = 1000


def graphs() -> dict:
    import nir

    rng = np.random.default_rng(7)
    dt = 1e-4

    def lif(n, tau=2e-3, thr=1.0):
        return nir.LIF(tau=np.full(n, tau), r=np.full(n, tau / dt), v_leak=np.zeros(n),
                       v_threshold=np.full(n, thr))

    g = {}
    g["lif_two_layer"] = nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([20])}),
               "fc1": nir.Affine(weight=rng.normal(0, 0.35, (16, 20)), bias=np.full(16, 0.02)),
               "lif1": lif(16),
               "fc2": nir.Linear(weight=rng.normal(0.1, 0.4, (5, 16))),
               "lif2": lif(5, tau=4e-3),
               "output": nir.Output(output_type={"output": np.array([5])})},
        edges=[("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "lif2"),
               ("lif2", "output")])
    n = 12
    g["cuba"] = nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([10])}),
               "fc": nir.Linear(weight=rng.normal(0.05, 0.3, (n, 10))),
               "cuba": nir.CubaLIF(tau_syn=np.full(n, 5e-4), tau_mem=np.full(n, 2e-3),
                                   r=np.full(n, 2e-3 / dt), v_leak=np.zeros(n),
                                   v_threshold=np.full(n, 1.0), w_in=np.full(n, 5e-4 / dt)),
               "fc_out": nir.Linear(weight=rng.normal(0, 0.5, (3, n))),
               "li": nir.LI(tau=np.full(3, 2e-3), r=np.full(3, 2e-3 / dt), v_leak=np.zeros(3)),
               "output": nir.Output(output_type={"output": np.array([3])}),
               "output_spikes": nir.Output(output_type={"output": np.array([n])})},
        edges=[("input", "fc"), ("fc", "cuba"), ("cuba", "fc_out"), ("fc_out", "li"),
               ("li", "output"), ("cuba", "output_spikes")])
    conv_w = rng.normal(0.15, 0.35, (3, 2, 3, 3))
    g["conv"] = nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([2, 8, 8])}),
               "conv": nir.Conv2d(input_shape=(8, 8), weight=conv_w, stride=1, padding=1,
                                  dilation=1, groups=1, bias=np.array([0.0, 0.05, -0.05])),
               "lif1": nir.LIF(
                   tau=np.full((3, 8, 8), 2e-3), r=np.full((3, 8, 8), 20.0),
                   v_leak=np.zeros((3, 8, 8)), v_threshold=np.ones((3, 8, 8))),
               "pool": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]),
                                     padding=np.array([0, 0])),
               "lif2": nir.LIF(tau=np.full((3, 4, 4), 2e-3), r=np.full((3, 4, 4), 20.0),
                               v_leak=np.zeros((3, 4, 4)), v_threshold=np.full((3, 4, 4), 1.5)),
               "flat": nir.Flatten(input_type={"input": np.array([3, 4, 4])}, start_dim=0),
               "fc": nir.Affine(weight=rng.normal(0.05, 0.3, (6, 48)), bias=np.zeros(6)),
               "lif3": lif(6),
               "output": nir.Output(output_type={"output": np.array([6])})},
        edges=[("input", "conv"), ("conv", "lif1"), ("lif1", "pool"), ("pool", "lif2"),
               ("lif2", "flat"), ("flat", "fc"), ("fc", "lif3"), ("lif3", "output")])
    g["delay"] = nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([12])}),
               "fc1": nir.Linear(weight=rng.normal(0.05, 0.4, (10, 12))),
               "lif1": lif(10),
               "delay": nir.Delay(delay=np.full(10, 5 * dt)),
               "fc2": nir.Linear(weight=rng.normal(0.1, 0.45, (4, 10))),
               "skip": nir.Linear(weight=rng.normal(0.0, 0.3, (4, 12))),
               "lif2": lif(4),
               "output": nir.Output(output_type={"output": np.array([4])})},
        edges=[("input", "fc1"), ("fc1", "lif1"), ("lif1", "delay"), ("delay", "fc2"),
               ("fc2", "lif2"), ("input", "skip"), ("skip", "lif2"), ("lif2", "output")])
    return g


def inputs(graph, ticks=TICKS, p=0.15, seed=1):
    sim = ns.FloatSim(graph)
    n = sum(sim.input_sizes())
    return (np.random.default_rng(seed).random((ticks, n)) < p).astype(np.int64)


def exported(graph, name, ticks=TICKS, **kw):
    """Export a graph and simulate it in float on the same random inputs. Returns the
    blob, the exporter, the inputs in SpikeRT channel order, the float record (per NIR
    node, (T, n) spikes in NIR order) and the float output spikes as spike-file pairs."""
    data, e = ex.export(graph, name=name, quiet=True, **kw)
    graph = e.st.graph  # flattened: nested graphs, ports and Identity resolved
    x = inputs(graph, ticks)
    sim = ns.FloatSim(graph, dt=e.dt, reset_mode=kw.get("reset_mode", "zero"),
                      reset_timing=kw.get("reset_timing", "immediate"))
    rec = sim.run(x)
    out_float, off = [], 0
    for d in e.network["decoders"]:
        k = d["population"]
        nname = e.names["populations"][k]
        if d["kind"] != "membrane":
            fl = rec[nname][:, e.perms[nname]]
            out_float += [(int(t), off + int(j)) for t, j in zip(*np.nonzero(fl))]
        off += e.network["populations"][k]["size"]
    return {"blob": data, "exporter": e, "inputs": e.input_to_spikert(x), "float": rec,
            "float_spikes": sorted(out_float),
            "float_total": int(sum(rec[n].sum() for n in e.index
                                   if ns.kind(e.st.nodes[n]) in ns.SPIKING_TYPES)),
            "report": e.report}


# The NIR paper's graphs (tools/crosscheck/nir-graphs, BSD licence there), exported with
# the flags docs/EXPORT.md gives for their framework. cnn_sinabs is exported and checked
# in tools/crosscheck only: its blob (870 KB) is too large to commit as a sample.
REAL_GRAPHS = {
    "lif_norse": {},
    "lif_rockpool": {},
    "two_lif_neurons": {},
    "braille_noDelay_noBias_subtract": {"reset_mode": "subtract", "reset_timing": "delayed"},
    "braille_noDelay_noBias_subtract_subgraph": {"reset_mode": "subtract",
                                                 "reset_timing": "delayed"},
    "cnn_sinabs": {"reset_mode": "subtract"},
}
REAL_SAMPLES = [n for n in REAL_GRAPHS if n != "cnn_sinabs"]


def real_graph(name):
    """One of the NIR paper's graphs, read from the checkout's fixtures."""
    from . import nirfile

    here = os.path.dirname(os.path.abspath(__file__))
    return nirfile.read(os.path.join(here, "..", "..", "crosscheck", "nir-graphs",
                                     f"{name}.nir"))


def files() -> dict:
    out = {}
    samples = [(name, g, {}) for name, g in graphs().items()]
    samples += [(name, real_graph(name), REAL_GRAPHS[name]) for name in REAL_SAMPLES]
    for name, g, kw in samples:
        r = exported(g, name, **kw)
        out[f"{name}.spkb"] = r["blob"]
        out[f"{name}.input.csv"] = spikefile.encode(r["inputs"])
        out[f"{name}.float.csv"] = spikefile.encode_pairs(r["float_spikes"])
    return out


if __name__ == "__main__":
    for name, g in graphs().items():
        r = exported(g, name)
        print(f"{name:14s} float spikes {r['float_total']}  output spikes "
              f"{len(r['float_spikes'])}")
        for line in r["report"]:
            print("   ", line)
