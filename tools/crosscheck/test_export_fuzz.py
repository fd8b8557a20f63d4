"""Fuzz spikert-export's reading of NIR files with hypothesis (docs/EXPORT.md, "Hostile
input").

Inputs: NIR graphs written with h5py in nir's layout, from small chains (Input, linear
nodes, neuron nodes, Output; some with Conv2d / pooling) whose node types, parameters
(NaN, Inf, 0, negative, huge, tiny, wrong shapes, strings), fields and edges (dangling,
duplicated, into an Input, out of an Output, dropped) are mutated; random bytes; real
graphs truncated or with bytes overwritten; with random ``--dt`` and, sometimes, a
``--calibrate`` file. Each runs through the command's ``main`` in this process.

The property: exit 0, nothing on stderr but warnings (one line each), and a blob that
passes docs/model.cddl, reads back
(``blob.read``) and, read from its bytes by the numpy reference's own reader, runs
there; or exit 2 with exactly one line on
stderr, no "internal error", no output and no temporary file. A numpy RuntimeWarning
(an overflow nobody checked) fails the example.

In the suite the run is derandomized and small (SPIKERT_EXPORT_FUZZ_EXAMPLES, default
40); a longer, random run: ``SPIKERT_EXPORT_FUZZ_EXAMPLES=20000 python3 -m pytest
tools/crosscheck/test_export_fuzz.py -q``.
"""

import contextlib
import functools
import io
import os
import tempfile
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import refrun  # noqa: E402
import spikeref as sr  # noqa: E402
from spikert_tools import blob, export_cli, nirsamples  # noqa: E402

LONG = "SPIKERT_EXPORT_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("SPIKERT_EXPORT_FUZZ_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG,
                    database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = [float("nan"), float("inf"), -float("inf"), 0.0, -0.0, -1.0, 1e-300, 1e300, 1e30,
           -1e30, 1e-30, 5e-324, 1e6]
NEURONS = ["LIF", "CubaLIF", "IF", "LI", "I", "Threshold"]
LINEARS = ["Affine", "Linear", "Scale", "Delay"]
OTHER_TYPES = ["CubaLI", "Conv1d", "NIRGraph", "Bogus", "Input", "Output", "Flatten"]
FIELDS = {
    "LIF": ("tau", "r", "v_leak", "v_threshold", "v_reset"),
    "CubaLIF": ("tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset", "w_in"),
    "IF": ("r", "v_threshold", "v_reset"),
    "LI": ("tau", "r", "v_leak"),
    "I": ("r",),
    "Threshold": ("threshold",),
}
GOOD = {"tau": (2e-3, 2e-2), "tau_syn": (5e-4, 5e-3), "tau_mem": (2e-3, 2e-2),
        "r": (1.0, 100.0), "w_in": (1.0, 10.0), "v_leak": (-0.1, 0.1),
        "v_threshold": (0.5, 2.0), "v_reset": (-0.2, 0.2), "threshold": (0.1, 1.0),
        "delay": (0.0, 1e-3), "scale": (-1.0, 1.0), "weight": (-1.0, 1.0),
        "bias": (-0.1, 0.1)}


@st.composite
def values(draw, field, shape):
    """A good array for ``field``, or (sometimes) a hostile one."""
    lo, hi = GOOD.get(field, (-1.0, 1.0))
    uniform = field in ("tau", "tau_syn", "tau_mem", "v_threshold", "v_reset", "delay",
                        "threshold")
    n = int(np.prod(shape))
    if uniform:
        a = np.full(shape, draw(st.floats(lo, hi)))
    else:
        seed = draw(st.integers(0, 2**31 - 1))
        a = np.random.default_rng(seed).uniform(lo, hi, shape)
    mode = draw(st.sampled_from(["good"] * 40 + ["one", "all", "shape", "scalar", "text"]))
    if mode == "one" and n:
        a.reshape(-1)[draw(st.integers(0, n - 1))] = draw(st.sampled_from(HOSTILE))
    elif mode == "all":
        a = np.full(shape, draw(st.sampled_from(HOSTILE)))
    elif mode == "shape":
        a = np.resize(a, draw(st.sampled_from([(0,), (n + 1,), (max(n - 1, 1), 2), ()])))
    elif mode == "scalar":
        a = np.float64(draw(st.sampled_from(HOSTILE + [1.0])))
    elif mode == "text":
        return draw(st.sampled_from(["same", "x", ""])).encode()
    return a


def _neuron(draw, t, n):
    d = {"type": t, **{f: draw(values(f, (n,))) for f in FIELDS[t]}}
    if t == "CubaLIF" and draw(st.integers(0, 5)):
        d["v_leak"] = np.zeros(n)  # the exporter refuses CubaLIF v_leak != 0
    return d


def _linear(draw, t, n_in, n_out):
    if t == "Affine":
        return {"type": t, "weight": draw(values("weight", (n_out, n_in))),
                "bias": draw(values("bias", (n_out,)))}
    if t == "Linear":
        return {"type": t, "weight": draw(values("weight", (n_out, n_in)))}
    if t == "Scale":
        return {"type": t, "scale": draw(values("scale", (n_in,)))}
    return {"type": t, "delay": draw(values("delay", (n_in,)))}


def _ints(draw, good):
    return np.array(draw(st.sampled_from([good] * 12 + [[0, 0], [-1, 1], [2, 3], [1]])),
                    dtype=np.int64)


@st.composite
def raw_graphs(draw):
    """(nodes, edges) in nir's HDF5 layout, mostly well formed, then mutated."""
    nodes, edges = {}, []
    if draw(st.booleans()):  # a small conv front end: Input (C, H, W) -> conv -> neuron
        c, h = draw(st.integers(1, 2)), draw(st.integers(2, 5))
        nodes["input"] = {"type": "Input", "shape": np.array([c, h, h])}
        ct = draw(st.sampled_from(["Conv2d", "SumPool2d", "AvgPool2d"]))
        if ct == "Conv2d":
            oc = draw(st.integers(1, 3))
            nodes["conv"] = {"type": ct, "input_shape": np.array([h, h]),
                             "weight": draw(values("weight", (oc, c, 2, 2))),
                             "stride": _ints(draw, [1, 1]), "padding": _ints(draw, [0, 0]),
                             "dilation": _ints(draw, [1, 1]), "groups": np.int64(1),
                             "bias": draw(values("bias", (oc,)))}
            shape = (oc, h - 1, h - 1)
        else:
            nodes["conv"] = {"type": ct, "kernel_size": _ints(draw, [1, 1]),
                             "stride": _ints(draw, [1, 1]), "padding": _ints(draw, [0, 0])}
            shape = (c, h, h)
        n = int(np.prod(shape))
        nodes["n0"] = _neuron(draw, draw(st.sampled_from(["LIF", "IF"])), n)
        nodes["flat"] = {"type": "Flatten", "input_type": np.array(shape),
                         "start_dim": np.int64(0), "end_dim": np.int64(-1)}
        edges += [("input", "conv"), ("conv", "n0"), ("n0", "flat")]
        prev, size, first = "flat", n, 1
    else:
        size = draw(st.integers(1, 6))
        nodes["input"] = {"type": "Input", "shape": np.array([size])}
        prev, first = "input", 0
    for i in range(first, first + draw(st.integers(1, 3))):
        lt = draw(st.sampled_from(LINEARS))
        out = draw(st.integers(1, 6)) if lt in ("Affine", "Linear") else size
        nodes[f"w{i}"] = _linear(draw, lt, size, out)
        nt = draw(st.sampled_from(NEURONS))
        nodes[f"n{i}"] = _neuron(draw, nt, out)
        edges += [(prev, f"w{i}"), (f"w{i}", f"n{i}")]
        prev, size = f"n{i}", out
        if nt in ("LI", "I"):
            break
    nodes["output"] = {"type": "Output", "shape": np.array([size])}
    edges.append((prev, "output"))
    names = sorted(nodes)
    one_column = False
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3]))):  # mutations
        m = draw(st.sampled_from(["type", "drop_field", "add_field", "edge", "drop_edge",
                                  "output_shape", "edges_shape"]))
        name = draw(st.sampled_from(names))
        if m == "type":
            nodes[name]["type"] = draw(st.sampled_from(OTHER_TYPES + NEURONS + LINEARS))
        elif m == "drop_field":
            fields = [f for f in nodes[name] if f != "type"]
            if fields:
                del nodes[name][draw(st.sampled_from(fields))]
        elif m == "add_field":
            nodes[name][draw(st.sampled_from(["bogus", "tau", "weight"]))] = np.ones(2)
        elif m == "edge":
            edges.append((draw(st.sampled_from(names + ["ghost", "n0.port"])),
                          draw(st.sampled_from(names + ["ghost"]))))
        elif m == "drop_edge" and edges:
            edges.pop(draw(st.integers(0, len(edges) - 1)))
        elif m == "output_shape":
            nodes["output"]["shape"] = np.array(draw(st.sampled_from([[0], [size + 1],
                                                                      [1, size]])))
        else:
            one_column = True
    if one_column:  # 'node/edges' of shape (E, 1)
        edges = [(a,) for a, _ in edges]
    return nodes, edges


def write_graph(path, nodes, edges):
    import h5py

    with h5py.File(path, "w") as f:
        f["version"] = b"1.0.8"
        g = f.create_group("node")
        g["type"] = b"NIRGraph"
        g["edges"] = np.array(edges, dtype="S") if edges else np.zeros((0, 2), dtype="S1")
        ns = g.create_group("nodes")
        for name, fields in nodes.items():
            ng = ns.create_group(name)
            for k, v in fields.items():
                ng[k] = v.encode() if isinstance(v, str) else v


@functools.lru_cache(maxsize=None)
def real_files():
    import nir

    out = []
    with tempfile.TemporaryDirectory() as d:
        for name, g in nirsamples.graphs().items():
            p = os.path.join(d, name + ".nir")
            nir.write(p, g)
            with open(p, "rb") as f:
                out.append(f.read())
    return tuple(out)


@st.composite
def damaged_real(draw):
    """('real', sample graph index, cut at, [(offset, bytes written there), ...])."""
    k = draw(st.integers(0, 3))
    size = len(real_files()[k])
    if draw(st.booleans()):
        return ("real", k, draw(st.integers(0, size - 1)), [])
    edits = [(draw(st.integers(0, size - 1)), draw(st.binary(min_size=1, max_size=8)))
             for _ in range(draw(st.integers(1, 8)))]
    return ("real", k, size, edits)


def _real_bytes(k, cut, edits):
    data = bytearray(real_files()[k])
    for at, chunk in edits:
        data[at:at + len(chunk)] = chunk
    return bytes(data[:cut])


sources = st.one_of(raw_graphs().map(lambda g: ("graph", g)),
                    st.binary(max_size=600).map(lambda b: ("bytes", b)),
                    damaged_real())
dts = st.one_of(st.none(), st.none(), st.sampled_from(
    ["1e-4"] * 4 + ["1e-3"] * 4 + ["1e-5", "0", "-1e-4", "nan", "inf", "1e-300", "1e300",
                                   "5e-10", "3600", "1"]))
calibrations = st.one_of(st.none(), st.tuples(st.integers(0, 2**31 - 1),
                                              st.sampled_from(["spikes"] * 6 + [
                                                  "nan", "wide", "empty", "graded"])))


def _samples(spec, n_inputs):
    seed, kind = spec
    rng = np.random.default_rng(seed)
    x = (rng.random((20, n_inputs)) < 0.3).astype(np.float64)
    if kind == "nan":
        x[0, 0] = np.nan
    elif kind == "wide":
        x = np.ones((20, n_inputs + 1))
    elif kind == "empty":
        x = x[:0]
    elif kind == "graded":
        x = x * 0.5
    return x


def _n_inputs(source):
    if source[0] != "graph":
        return 4
    shp = source[1][0].get("input", {}).get("shape")
    try:
        return max(int(np.prod(np.asarray(shp, dtype=np.int64))), 1)
    except (TypeError, ValueError):
        return 4


def _check_blob(data):
    blob.validate(data)
    blob.read(data)
    ref = refrun.network(data)
    for t in range(3):
        for k, p in enumerate(ref.pops):
            if p.model == sr.INPUT and p.size:
                ref.inject(k, t % p.size)
        ref.step()


@SETTINGS
@given(source=sources, dt=dts, calib=calibrations)
def test_exporter_writes_a_valid_blob_or_says_why_in_one_line(source, dt, calib):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "g.nir")
        if source[0] == "graph":
            write_graph(path, *source[1])
        else:
            with open(path, "wb") as f:
                f.write(source[1] if source[0] == "bytes" else _real_bytes(*source[1:]))
        argv = [path, "-o", os.path.join(d, "out.spkb"), "-q"]
        if dt is not None:
            argv += ["--dt", dt]
        if calib is not None:
            np.save(os.path.join(d, "x.npy"), _samples(calib, _n_inputs(source)))
            argv += ["--calibrate", os.path.join(d, "x.npy")]
        before = sorted(os.listdir(d))
        out, err = io.StringIO(), io.StringIO()
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    rc = export_cli.main(argv)
                except SystemExit as exc:  # argparse: a usage error, as the command exits
                    rc = exc.code
        err = err.getvalue()
        event(f"{source[0]}: exit {rc}")
        assert "Traceback" not in err and "internal error" not in err, err
        assert rc in (0, 2), (rc, err)
        if rc == 0:  # on stderr only warnings (docs/EXPORT.md, Time steps), a line each
            assert all(line.startswith("spikert-export: warning: ")
                       for line in err.splitlines()), err
            assert sorted(os.listdir(d)) == sorted(before + ["out.spkb"])
            with open(os.path.join(d, "out.spkb"), "rb") as f:
                _check_blob(f.read())
        else:
            assert err.count("\n") == 1 and err.startswith("spikert-export: "), err
            assert sorted(os.listdir(d)) == before, "output or temporary file left behind"
