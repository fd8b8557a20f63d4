"""Import of graphs as frameworks write them (docs/EXPORT.md, "Import" and "Time
steps"): edge ends with '.', ports and nested graphs (nirflat), Identity nodes, the
time step a graph shows (dtconvention), and the warnings for a network that cannot fire
or saturates (firing). The real graphs themselves are exported and run in
tools/crosscheck/test_nir_graphs.py."""

import os

import numpy as np
import pytest

from spikert_tools import dtconvention, export, firing, nirfile, nirflat, nirsamples
from spikert_tools.exporterrors import InputError


def test_edge_end_whole_name_first_then_port():
    nodes = {"lif1.lif": 0, "lif1.w_rec": 0, "fc": 0}
    assert nirflat.resolve("lif1.lif", nodes, "", ("a", "b")) == ("lif1.lif", None)
    assert nirflat.resolve("fc.out", nodes, "", ("a", "b")) == ("fc", "out")
    assert nirflat.resolve("lif1.lif.v", nodes, "", ("a", "b")) == ("lif1.lif", "v")
    with pytest.raises(InputError, match=r"edge \(lif1, fc\): no node 'lif1'"):
        nirflat.resolve("lif1", nodes, "", ("lif1", "fc"))


def _dotted():
    """lif_two_layer with its nodes renamed as snnTorch names them ('layer.lif')."""
    import nir

    g = nirsamples.graphs()["lif_two_layer"]
    ren = {"lif1": "l1.lif", "fc2": "l1.fc"}
    return nir.NIRGraph(nodes={ren.get(k, k): v for k, v in g.nodes.items()},
                        edges=[(ren.get(a, a), ren.get(b, b)) for a, b in g.edges],
                        type_check=False)


def test_dotted_names_export_like_plain_ones():
    _, plain = export.export(nirsamples.graphs()["lif_two_layer"], name="m", quiet=True)
    _, e = export.export(_dotted(), name="m", quiet=True)
    assert e.names["projections"][0] == "input->l1.lif"
    assert e.network == plain.network  # the same network under other names


def test_identity_is_folded(tmp_path):
    import h5py
    import nir

    g = nirsamples.graphs()["lif_two_layer"]
    nir.write(tmp_path / "g.nir", g)
    with h5py.File(tmp_path / "g.nir", "r+") as f:
        f["node/nodes/id/type"] = b"Identity"
        f["node/nodes/id/shape"] = np.array([16])
        e = [[x.decode() for x in row] for row in f["node/edges"][()]]
        e = [row for row in e if row != ["fc1", "lif1"]] + [["fc1", "id"], ["id", "lif1"]]
        del f["node/edges"]
        f["node/edges"] = np.array(e, dtype="S")
    with_id, ex = export.export(str(tmp_path / "g.nir"), name="m", quiet=True)
    without, _ = export.export(g, name="m", quiet=True)
    assert "id" not in ex.st.nodes
    assert with_id == without


def test_nested_graph_flattened_with_repair_warning():
    import nir

    g = nirsamples.graphs()["lif_two_layer"]
    sub = nir.NIRGraph(nodes={"input": nir.Input(input_type={"input": np.array([16])}),
                              "lif1": g.nodes.pop("lif1"),
                              "output": nir.Output(output_type={"output": np.array([16])})},
                       edges=[("input", "lif"), ("lif", "output")], type_check=False)
    g.nodes["blk"] = sub
    g.edges = [("fc1", "blk") if e == ("fc1", "lif1") else
               ("blk", "fc2") if e == ("lif1", "fc2") else e for e in g.edges]
    warned = []
    flat = nirflat.flatten(g, warned.append)
    assert sorted(flat.nodes) == ["blk.lif1", "fc1", "fc2", "input", "lif2", "output"]
    assert ("fc1", "blk.lif1") in flat.edges and ("blk.lif1", "fc2") in flat.edges
    assert warned == ["edge end 'lif' in subgraph 'blk' names no node; taken as 'lif1', "
                      "the only node whose name begins with it"]


def _if_graph(r):
    import nir

    return nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([4])}),
               "fc": nir.Linear(weight=np.full((3, 4), 0.5)),
               "if": nir.IF(r=np.full(3, r), v_threshold=np.ones(3)),
               "output": nir.Output(output_type={"output": np.array([3])})},
        edges=[("input", "fc"), ("fc", "if"), ("if", "output")], type_check=False)


def test_nir_type_check_failure_is_a_warning():
    rockpool = os.path.join(os.path.dirname(__file__), "..", "..", "crosscheck",
                            "nir-graphs", "lif_rockpool.nir")
    _, e = export.export(rockpool, name="m", quiet=True)
    assert e.warnings == [
        "nir's own type check rejects the graph (Type inference error: type mismatch: "
        "1_LIFNeuronTorch.output: [[1]] -> output.input: [[1 1 1]]); its shapes are checked "
        "by the exporter's shape inference instead"]


def test_time_step_the_graph_shows():
    assert dtconvention.implied_dt(_if_graph(1.0)) == 1.0                  # Sinabs
    assert dtconvention.implied_dt(nirsamples.graphs()["cuba"]) == 1e-4    # snnTorch
    assert dtconvention.implied_dt(_dotted()) == 1e-4
    rockpool = nirfile.read(os.path.join(os.path.dirname(__file__), "..", "..", "crosscheck",
                                         "nir-graphs", "lif_rockpool.nir"))
    assert dtconvention.implied_dt(rockpool) is None  # unit gain at 1.04e-4: not a step


def test_time_step_taken_from_graph_or_warned():
    _, e = export.export(_if_graph(1.0), name="m", quiet=True)
    assert e.dt == 1.0 and e.warnings == []
    _, e = export.export(_if_graph(1.0), dt=1e-4, name="m", quiet=True)
    assert e.dt == 1e-4
    assert e.warnings[0].startswith("dt=0.0001 s, but every neuron of the graph has unit "
                                    "input gain at dt=1 s")
    assert e.warnings[1].startswith("node 'if' cannot fire in 1000 ticks")


def test_firing_warnings():
    # a leaky neuron whose steady state stays below threshold, at any dt
    assert "settles at 0.5, below its threshold 1, at any time step" in firing.check(
        "n", "lif", 0.9, 0.0, 1.0, 0.05, 0.0, 1e-4)
    # an integrator that fires, if slowly
    assert firing.check("n", "if", 1.0, 0.0, 1.0, 0.01, 0.0, 1e-4) is None
    # fires on every tick whatever the inputs
    assert "saturates" in firing.check("n", "lif", 0.5, 0.0, 1.0, 3.0, 1.5, 1e-4)
    # readouts never spike: not checked
    assert firing.check("n", "li", 0.9, 0.0, 0.0, 0.0, 0.0, 1e-4) is None


def test_conv1d_is_a_conv2d_of_height_one():
    """The lowered node computes the 1-D cross-correlation (PyTorch's conv1d), checked
    here against numpy's own correlate, channel by channel."""
    import nir

    from spikert_tools import nirlower, nirsim

    rng = np.random.default_rng(4)
    w, b = rng.normal(size=(3, 2, 3)), rng.normal(size=3)
    x = rng.normal(size=(2, 11))
    g = nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([2, 11])}),
               "conv": nir.Conv1d(input_shape=11, weight=w, stride=2, padding=1, dilation=1,
                                  groups=1, bias=b),
               "output": nir.Output(output_type={"output": np.array([3, 6])})},
        edges=[("input", "conv"), ("conv", "output")], type_check=False)
    low = nirlower.lower(g)
    st = nirsim.Structure(low)
    assert st.shapes["input"] == (2, 1, 11) and st.shapes["conv"] == (3, 1, 6)
    geom = nirsim.conv_geometry("conv", low.nodes["conv"], st.shapes["input"])
    y = nirsim.conv_forward(x.reshape(2, 1, 11), geom).reshape(3, 6) + b[:, None]
    xp = np.pad(x, ((0, 0), (1, 1)))
    want = np.array([[sum(np.correlate(xp[c], w[o, c], "valid")[::2] for c in range(2))
                      for o in range(3)]]).reshape(3, 6) + b[:, None]
    assert np.allclose(y, want)
