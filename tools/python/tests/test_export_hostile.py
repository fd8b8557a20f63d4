"""spikert-export on hostile input: one row per case (docs/EXPORT.md, "Hostile input").

Each row builds its input in a directory of its own (from a good graph, with h5py),
runs ``python -m spikert_tools.export`` on it as a subprocess (the checkout's package,
the command users run), and checks: the exit status, exactly one line on stderr
containing the expected text, no traceback, every file in the directory unchanged, and
on failure no output and no temporary file left behind. The rows run in parallel.
"""

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from spikert_tools import blob, export, nirsamples, outfile

PKG = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
TIMEOUT = 120
GOOD_WEIGHT_SHAPE = (16, 20)  # lif_two_layer: input 20 -> fc1 -> lif1 16 -> fc2 -> lif2 5


# ------------------------------------------------------------------------------ inputs

def _good(d):
    import nir

    nir.write(os.path.join(d, "g.nir"), nirsamples.graphs()["lif_two_layer"])


def _edit(d, fn, name="g.nir"):
    import h5py

    _good(d)
    with h5py.File(os.path.join(d, name), "r+") as f:
        fn(f)


def _set(path, value):
    def fn(f):
        del f[path]
        f[path] = value
    return fn


def _put(path, index, value):
    def fn(f):
        f[path][index] = value
    return fn


def _edges(extra):
    def fn(f):
        e = [[x.decode() for x in row] for row in f["node/edges"][()]] + [extra]
        del f["node/edges"]
        f["node/edges"] = np.array(e, dtype="S")
    return fn


def _write(name, data):
    def fn(d):
        _good(d)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    return fn


def _truncated(d):
    _good(d)
    with open(os.path.join(d, "g.nir"), "rb") as f:
        data = f.read()
    with open(os.path.join(d, "t.nir"), "wb") as f:
        f.write(data[:len(data) // 2])


def _hdf5(groups):
    def fn(d):
        import h5py

        with h5py.File(os.path.join(d, "h.nir"), "w") as f:
            for k, v in groups.items():
                f[k] = v
    return fn


def _declared_huge(f):  # a few bytes of header declaring 11 GiB (no data written)
    del f["node/nodes/fc2/weight"]
    f.create_dataset("node/nodes/fc2/weight", shape=(5, 300_000_000), dtype="f8",
                     chunks=(1, 1024))


def _nir_file(make):
    """A graph file written by nir.write from ``make()``: node types and nesting that
    h5py edits of the good graph cannot give."""
    def fn(d):
        import nir

        _good(d)
        nir.write(os.path.join(d, "n.nir"), make())
    return fn


def _with_node(node, shape=(16,)):
    """lif_two_layer with lif1 replaced by ``node`` (shape: what feeds it)."""
    def make():
        g = nirsamples.graphs()["lif_two_layer"]
        g.nodes["lif1"] = node()
        return g
    return make


def _cubali():
    import nir

    n = 16
    return nir.CubaLI(tau_syn=np.full(n, 5e-4), tau_mem=np.full(n, 2e-3), r=np.ones(n),
                      v_leak=np.zeros(n), w_in=np.ones(n))


def _conv1d_graph():
    import nir

    return nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([2, 10])}),
               "conv": nir.Conv1d(input_shape=10, weight=np.ones((3, 2, 3)), stride=1,
                                  padding=1, dilation=1, groups=1, bias=np.zeros(3)),
               "lif": nir.LIF(tau=np.full((3, 10), 2e-3), r=np.full((3, 10), 20.0),
                              v_leak=np.zeros((3, 10)), v_threshold=np.ones((3, 10))),
               "output": nir.Output(output_type={"output": np.array([3, 10])})},
        edges=[("input", "conv"), ("conv", "lif"), ("lif", "output")], type_check=False)


def _conv1d_nan():
    g = _conv1d_graph()
    g.nodes["conv"].weight[0, 1, 2] = np.nan
    return g


def _nested(inner_edges, outer_in="sub"):
    """lif_two_layer with lif1 inside a subgraph 'sub' (inner nodes in, lif, out)."""
    def make():
        import nir

        g = nirsamples.graphs()["lif_two_layer"]
        sub = nir.NIRGraph(nodes={"in": nir.Input(input_type={"input": np.array([16])}),
                                  "lif": g.nodes.pop("lif1"),
                                  "out": nir.Output(output_type={"output": np.array([16])})},
                           edges=inner_edges, type_check=False)
        g.nodes["sub"] = sub
        g.edges = [("fc1", outer_in) if e == ("fc1", "lif1") else
                   ("sub", "fc2") if e == ("lif1", "fc2") else e for e in g.edges]
        return g
    return make


def _empty_graph(d):
    import h5py

    with h5py.File(os.path.join(d, "h.nir"), "w") as f:
        f["node/type"] = b"NIRGraph"
        f.create_group("node/nodes")
        f["node/edges"] = np.zeros((0, 2), dtype="S1")


def _npy(array):
    def fn(d):
        _good(d)
        np.save(os.path.join(d, "x.npy"), array)
    return fn


def _mkdir(name, then=_good):
    def fn(d):
        then(d)
        os.mkdir(os.path.join(d, name))
    return fn


def _links(d):
    _good(d)
    os.symlink("g.nir", os.path.join(d, "sym.spkb"))
    os.link(os.path.join(d, "g.nir"), os.path.join(d, "hard.spkb"))


def _existing_output(build):
    def fn(d):
        build(d)
        with open(os.path.join(d, "out.spkb"), "wb") as f:
            f.write(b"previous blob")
    return fn


def _w(value):
    return lambda d: _edit(d, _put("node/nodes/fc1/weight", (0, 0), value))


def _lif1(field, value):
    return lambda d: _edit(d, _set(f"node/nodes/lif1/{field}", np.full(16, value)))


SPIKES = (np.random.default_rng(0).random((50, 20)) < 0.2).astype(np.int64)

# id, build(dir), argv (run in dir; -o out.spkb unless given), exit status, stderr text
CASES = [
    # -- issue item 11: tracebacks
    ("not_hdf5", _write("t.nir", b"hello, not a graph\n"), ["t.nir"], 2,
     "graph file 't.nir': not an HDF5 file"),
    ("empty_file", _write("t.nir", b""), ["t.nir"], 2, "graph file 't.nir': is empty"),
    ("truncated_hdf5", _truncated, ["t.nir"], 2,
     "graph file 't.nir': damaged or truncated HDF5 file"),
    ("hdf5_no_objects", _hdf5({}), ["h.nir"], 2,
     "an HDF5 file but not a NIR graph: no 'node' group"),
    ("hdf5_not_nir", _hdf5({"x": np.arange(3)}), ["h.nir"], 2,
     "an HDF5 file but not a NIR graph: no 'node' group (it holds x)"),
    ("hdf5_node_not_graph", _hdf5({"node/type": b"LIF"}), ["h.nir"], 2,
     "'node/type' is 'LIF', not 'NIRGraph'"),
    ("nan_weight", _w(np.nan), ["g.nir"], 2,
     "node 'fc1' parameter weight[0, 0]: NaN is not a finite number"),
    ("inf_weight", _w(np.inf), ["g.nir"], 2,
     "node 'fc1' parameter weight[0, 0]: inf is not a finite number"),
    ("nan_r", lambda d: _edit(d, _put("node/nodes/lif1/r", 3, np.nan)), ["g.nir"], 2,
     "node 'lif1' parameter r[3]: NaN is not a finite number"),
    ("tau_zero", _lif1("tau", 0.0), ["g.nir"], 2,
     "node 'lif1' parameter tau: 0 is not a positive time constant"),
    ("weight_shape", lambda d: _edit(d, _set("node/nodes/fc2/weight", np.ones((5, 15)))),
     ["g.nir"], 2, "node 'fc2': Linear weight is 5 x 15 (out x in), but its input 'lif1' "
                   "gives 16 values"),
    ("param_shape", lambda d: _edit(d, _set("node/nodes/lif2/tau", np.full(7, 4e-3))),
     ["g.nir"], 2, "node 'lif2' (LIF): nir cannot build it: All parameters must have the "
                   "same shape"),
    ("bias_shape", lambda d: _edit(d, _set("node/nodes/fc1/bias", np.zeros(3))), ["g.nir"],
     2, "node 'fc1' parameter bias: 3 values for 16 outputs"),
    ("huge_declared_dataset", lambda d: _edit(d, _declared_huge), ["g.nir"], 2,
     "dataset '/node/nodes/fc2/weight' of shape (5, 300000000) (float64) holds 11.2 GiB; "
     "the exporter reads at most 1 GiB per dataset"),
    ("dangling_edge", lambda d: _edit(d, _edges(["lif2", "nowhere"])), ["g.nir"], 2,
     "edge (lif2, nowhere): no node 'nowhere'"),
    ("missing_graph", lambda d: None, ["nope.nir"], 2, "graph file 'nope.nir': no such file"),
    ("graph_is_directory", _mkdir("dir.nir", then=lambda d: None), ["dir.nir"], 2,
     "graph file 'dir.nir': is a directory"),
    ("output_missing_directory", _good, ["g.nir", "-o", "nodir/out.spkb"], 2,
     "-o 'nodir/out.spkb': directory 'nodir' does not exist"),
    ("output_is_directory", _mkdir("outdir"), ["g.nir", "-o", "outdir"], 2,
     "-o 'outdir': is a directory"),
    ("output_proc_version", _good, ["g.nir", "-o", "/proc/version"], 1,
     "cannot write '/proc/version'"),
    ("output_device", _good, ["g.nir", "-o", "/dev/null"], 2,
     "-o '/dev/null': is a character device"),
    ("calibrate_missing", _good, ["g.nir", "--calibrate", "nope.npy"], 2,
     "--calibrate 'nope.npy': no such file"),
    ("calibrate_malformed", _write("x.npy", b"junk"), ["g.nir", "--calibrate", "x.npy"], 2,
     "--calibrate 'x.npy': not a .npy file"),
    ("calibrate_truncated", _write("x.npy", b"\x93NUMPY\x01\x00v\x00{'descr'"),
     ["g.nir", "--calibrate", "x.npy"], 2, "--calibrate 'x.npy': damaged .npy file"),
    ("calibrate_wrong_shape", _npy(SPIKES[:, :7]), ["g.nir", "--calibrate", "x.npy"], 2,
     "--calibrate 'x.npy': shape (50, 7) gives 7 inputs per tick; the graph has 20"),
    # -- issue item 12: silently accepted
    ("weight_1e30", _w(1e30), ["g.nir"], 2,
     "refused: node 'lif1': threshold 1 would become 0 units"),
    ("weight_1e6", _w(1e6), ["g.nir"], 2,
     "refused: projection input->lif1: 319 of 320 non-zero weights (99.7 %, rate-weighted) "
     "round to 0"),
    ("v_leak_1e30", _lif1("v_leak", 1e30), ["g.nir"], 2,
     "set by the largest expected potential 5e+28 (the bias of 'lif1'"),
    ("dt_zero", _good, ["g.nir", "--dt", "0"], 2,
     "--dt 0: outside 1e-09 .. 3600 seconds"),
    ("dt_1e-300", _good, ["g.nir", "--dt", "1e-300"], 2,
     "--dt 1e-300: outside 1e-09 .. 3600 seconds"),
    ("dt_nan", _good, ["g.nir", "--dt", "nan"], 2, "--dt NaN: not a finite number"),
    ("dt_text", _good, ["g.nir", "--dt", "abc"], 2, "argument --dt: invalid float value"),
    ("r_zero", _lif1("r", 0.0), ["g.nir"], 2,
     "node 'lif1' parameter r: 0 is not a positive input resistance (all 16 values)"),
    ("calibrate_nan", _npy(np.where(SPIKES == 1, np.nan, 0.0)),
     ["g.nir", "--calibrate", "x.npy"], 2, "value NaN at [0, "),
    ("calibrate_graded", _npy(SPIKES * 0.5), ["g.nir", "--calibrate", "x.npy"], 2,
     "value 0.5 at [0, 2] is not a spike ("),
    ("output_is_input", _good, ["g.nir", "-o", "g.nir"], 2,
     "-o 'g.nir': is the input graph 'g.nir' (the same file)"),
    ("output_symlink_to_input", _links, ["g.nir", "-o", "sym.spkb"], 2,
     "-o 'sym.spkb': is the input graph 'g.nir'"),
    ("output_hard_link_to_input", _links, ["g.nir", "-o", "hard.spkb"], 2,
     "-o 'hard.spkb': is the input graph 'g.nir'"),
    ("output_is_calibration", _npy(SPIKES), ["g.nir", "--calibrate", "x.npy", "-o", "x.npy"],
     2, "-o 'x.npy': is the --calibrate file 'x.npy'"),
    # -- issue item 13: misleading
    ("tau_nan", _lif1("tau", np.nan), ["g.nir"], 2,
     "node 'lif1' parameter tau: NaN is not a finite number (all 16 values)"),
    ("tau_negative", _lif1("tau", -2e-3), ["g.nir"], 2,
     "node 'lif1' parameter tau: -0.002 is not a positive time constant"),
    # -- import (issue 17): node types without a SpikeRT model, nesting, names
    ("cubali_feeding_a_layer", _nir_file(_with_node(_cubali)), ["n.nir"], 2,
     "refused: node 'lif1': CubaLI does not spike; it can only feed an Output, not node "
     "'lif2'"),
    ("conv1d_exports", _nir_file(_conv1d_graph), ["n.nir"], 0, None),
    ("conv1d_nan_weight", _nir_file(_conv1d_nan), ["n.nir"], 2,
     "node 'conv' parameter weight[0, 1, 2]: NaN is not a finite number"),
    ("subgraph_bad_port", _nir_file(_nested([("in", "lif"), ("lif", "out")], "sub.nope")),
     ["n.nir"], 2, "node 'sub': an edge into the subgraph names port 'nope', which is not "
                   "one of its Input nodes (in)"),
    ("subgraph_dangling_inner_edge",
     _nir_file(_nested([("in", "lif"), ("lif", "out"), ("lif", "x")])), ["n.nir"], 2,
     "edge (lif, x) in subgraph 'sub': no node 'x'"),
    ("empty_graph", _empty_graph, ["h.nir"], 2, "graph: no nodes"),
    ("nested_good", _nir_file(_nested([("in", "lif"), ("lif", "out")])), ["n.nir"], 0, None),
    # a refusal leaves an existing output as it was
    ("refused_keeps_output", _existing_output(_w(1e30)), ["g.nir"], 2,
     "threshold 1 would become 0"),
    # and the good graph still exports, also over an existing output
    ("good", _good, ["g.nir"], 0, None),
    ("good_calibrated_over_existing", _existing_output(_npy(SPIKES)),
     ["g.nir", "--calibrate", "x.npy"], 0, None),
]


def _snapshot(d):
    out = {}
    for root, dirs, files in os.walk(d):
        for name in dirs + files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, d)
            if os.path.islink(p):
                out[rel] = "link:" + os.readlink(p)
            elif os.path.isdir(p):
                out[rel] = "dir"
            else:
                with open(p, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def _build(case, base):
    d = os.path.join(base, case[0])
    os.mkdir(d)
    case[1](d)
    return d


def _run(case, d):
    argv = case[2]
    if "-o" not in argv:
        argv = argv + ["-o", "out.spkb"]
    before = _snapshot(d)
    env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-m", "spikert_tools.export", *argv, "-q"], cwd=d,
                       env=env, capture_output=True, text=True, timeout=TIMEOUT)
    return {"dir": d, "before": before, "after": _snapshot(d), "rc": p.returncode,
            "stderr": p.stderr, "stdout": p.stdout}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    base = str(tmp_path_factory.mktemp("hostile"))
    cases = [c for c in CASES if c[0] != "output_proc_version" or os.path.exists("/proc/version")]
    dirs = [_build(c, base) for c in cases]  # h5py in one thread; the runs in parallel
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        runs = list(pool.map(_run, cases, dirs))
    return {c[0]: r for c, r in zip(cases, runs)}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hostile_case(results, case):
    cid, _, argv, status, text = case
    if cid not in results:
        pytest.skip("no /proc/version here")
    r = results[cid]
    err = r["stderr"]
    assert "Traceback" not in err, err
    assert r["rc"] == status, (r["rc"], err)
    if status == 0:
        assert err == "", err
        changed = {k for k in set(r["after"]) | set(r["before"])
                   if r["after"].get(k) != r["before"].get(k)}
        assert changed == {"out.spkb"}, changed
        with open(os.path.join(r["dir"], "out.spkb"), "rb") as f:
            data = f.read()
        blob.validate(data)
        assert blob.read(data)["populations"]
        return
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("spikert-export: "), err
    assert text in lines[0], err
    assert r["after"] == r["before"], "files changed or left behind: " + str(
        set(r["after"]) ^ set(r["before"]))


# ------------------------------------------------------------------------------ in process

def test_write_failure_leaves_target_and_no_temporary(tmp_path, monkeypatch, capsys):
    """Disk full while writing: exit 1, one line, the old output intact, no temp file."""
    import nir

    nir.write(str(tmp_path / "g.nir"), nirsamples.graphs()["lif_two_layer"])
    target = tmp_path / "out.spkb"
    target.write_bytes(b"previous blob")

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outfile.os, "write", full)
    rc = export.main([str(tmp_path / "g.nir"), "-o", str(target), "-q"])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.count("\n") == 1 and "No space left on device" in err, err
    assert target.read_bytes() == b"previous blob"
    assert sorted(os.listdir(tmp_path)) == ["g.nir", "out.spkb"]


def test_sigterm_during_export_removes_the_temporary_file(tmp_path):
    """The temporary output exists from the start; SIGTERM while calibrating: exit 143,
    one line, no output, no temporary file."""
    import signal
    import time

    import nir

    nir.write(str(tmp_path / "g.nir"), nirsamples.graphs()["lif_two_layer"])
    np.save(tmp_path / "x.npy", np.zeros((400000, 20), dtype=np.int8))
    env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.Popen([sys.executable, "-m", "spikert_tools.export", "g.nir", "-o",
                          "out.spkb", "-q", "--calibrate", "x.npy"], cwd=tmp_path, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any(n.endswith(".tmp") for n in os.listdir(tmp_path)):
            assert p.poll() is None and time.monotonic() < deadline, p.stderr.read()
            time.sleep(0.02)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 143, err
    assert err == "spikert-export: terminated\n", err
    assert sorted(os.listdir(tmp_path)) == ["g.nir", "x.npy"]


def test_missing_schema_is_a_setup_failure(tmp_path, monkeypatch, capsys):
    """An installed copy without docs/model.cddl: exit 1 with the SPIKERT_CDDL hint (after
    the input checks, before the export's work), nothing written."""
    import nir

    nir.write(str(tmp_path / "g.nir"), nirsamples.graphs()["lif_two_layer"])
    monkeypatch.setenv("SPIKERT_CDDL", str(tmp_path / "no" / "model.cddl"))
    assert export.main([str(tmp_path / "g.nir"), "-o", str(tmp_path / "o.spkb"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "set SPIKERT_CDDL" in err, err
    assert sorted(os.listdir(tmp_path)) == ["g.nir"]
    (tmp_path / "e.nir").write_bytes(b"")
    assert export.main([str(tmp_path / "e.nir"), "-o", str(tmp_path / "o.spkb")]) == 2


def test_new_output_gets_umask_mode(tmp_path):
    import nir

    nir.write(str(tmp_path / "g.nir"), nirsamples.graphs()["lif_two_layer"])
    mask = os.umask(0o022)
    try:
        assert export.main([str(tmp_path / "g.nir"), "-o", str(tmp_path / "o.spkb"),
                            "-q"]) == 0
    finally:
        os.umask(mask)
    assert (tmp_path / "o.spkb").stat().st_mode & 0o777 == 0o644


def test_output_through_symlink_replaces_its_target(tmp_path):
    import nir

    nir.write(str(tmp_path / "g.nir"), nirsamples.graphs()["lif_two_layer"])
    (tmp_path / "real.spkb").write_bytes(b"old")
    os.symlink("real.spkb", tmp_path / "link.spkb")
    assert export.main([str(tmp_path / "g.nir"), "-o", str(tmp_path / "link.spkb"),
                        "-q"]) == 0
    assert os.path.islink(tmp_path / "link.spkb")
    blob.validate((tmp_path / "real.spkb").read_bytes())


def test_api_raises_the_same_checks():
    """export() on a graph object runs the same validation as the command."""
    import nir

    from spikert_tools.exporterrors import InputError, UsageError

    g = nirsamples.graphs()["lif_two_layer"]
    with pytest.raises(UsageError, match="dt 0: outside"):
        export.export(g, dt=0, quiet=True)
    g.nodes["lif1"].tau = np.full(16, -1.0)
    with pytest.raises(InputError, match="parameter tau: -1 is not a positive time constant"):
        export.export(g, quiet=True)
    g = nirsamples.graphs()["lif_two_layer"]
    with pytest.raises(UsageError, match="samples: value 2 at"):
        export.export(g, quiet=True, samples=np.full((4, 20), 2))
    g = nir.NIRGraph(nodes=dict(g.nodes), edges=list(g.edges) + [("fc2", "ghost")],
                     type_check=False)
    with pytest.raises(InputError, match="edge \\(fc2, ghost\\): no node 'ghost'"):
        export.export(g, quiet=True)


def test_shared_real_graphs_give_a_blob_or_one_line(tmp_path):
    """The NIR paper's graphs (../shared/nir-graphs beside the checkout, when present):
    each one exports, or is refused with one line (the snnTorch braille graphs: a nested
    subgraph, '.' in node names)."""
    shared = os.path.join(PKG, "..", "..", "..", "shared", "nir-graphs")
    if not os.path.isdir(shared):
        pytest.skip("no ../shared/nir-graphs")
    import contextlib
    import io

    for name in sorted(os.listdir(shared)):
        if not name.endswith(".nir") or name == "cnn_sinabs.nir":
            continue  # cnn_sinabs exports too, but takes ~15 s (dense conv composition)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = export.main([os.path.join(shared, name), "-o", str(tmp_path / "o.spkb"),
                              "-q"])
        assert rc in (0, 2), (name, err.getvalue())
        if rc == 2:
            assert err.getvalue().count("\n") == 1, (name, err.getvalue())
        else:
            blob.validate((tmp_path / "o.spkb").read_bytes())
        shutil.rmtree(tmp_path)
        tmp_path.mkdir()
