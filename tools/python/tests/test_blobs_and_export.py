"""spikert-tools tests: golden blobs, NIR sample files, refusals, inspect, plot. What the
blobs do when run is checked apart from these tools: by the reference
(tools/reference/test_blobread.py) and against the float simulation
(tools/crosscheck/test_nir_export.py). Run: python3 -m pytest tools/python -q"""

import json
import os

import numpy as np
import pytest

from spikert_tools import blob, export, goldens, inspect_blob, nirsamples, nirsim, plot, spikefile

BLOBS = goldens.BLOBS


@pytest.mark.parametrize("name,case", list(goldens.golden_cases()), ids=lambda x: x if isinstance(x, str) else "")
def test_golden_roundtrip_bit_exact(name, case):
    data = goldens.golden_blob(case)
    blob.validate(data)
    assert data == goldens.golden_blob(case)  # deterministic
    with open(os.path.join(BLOBS, name + ".spkb"), "rb") as f:
        assert f.read() == data, "stale: run python3 -m spikert_tools.goldens"


def test_extras_validate_and_name_their_base():
    cases = dict(goldens.golden_cases())
    for name, data in goldens.extras().items():
        blob.validate(data)
        assert blob.read(data)["name"] in cases, name


def test_reader_rejects_bad_crc_and_unknown_keys():
    data = bytearray(goldens.golden_blob(dict(goldens.golden_cases())["bias_driven"]))
    data[20] ^= 1
    with pytest.raises(blob.BlobError):
        blob.decode(bytes(data))
    body = blob.case_to_body(dict(goldens.golden_cases())["bias_driven"])
    body[0][9] = "x"
    with pytest.raises(blob.BlobError, match="meta.9"):
        blob.read(blob.encode(body))


@pytest.fixture(scope="module")
def nir_results():
    return {name: nirsamples.exported(g, name) for name, g in nirsamples.graphs().items()}


def test_nir_sample_files_up_to_date(nir_results):
    for name, r in nir_results.items():
        blob.validate(r["blob"])
        with open(os.path.join(BLOBS, "nir", name + ".spkb"), "rb") as f:
            assert f.read() == r["blob"], f"stale nir/{name}.spkb"
        with open(os.path.join(BLOBS, "nir", name + ".float.csv"), "rb") as f:
            assert f.read() == spikefile.encode_pairs(r["float_spikes"]), \
                f"stale nir/{name}.float.csv"


def test_conv_and_delay_kinds(nir_results):
    kinds = [q["kind"] for q in nir_results["conv"]["exporter"].network["projections"]]
    assert kinds.count("conv2d") == 2
    delays = [q["delay"] for q in nir_results["delay"]["exporter"].network["projections"]]
    assert 5 in delays


def test_report_prints(capsys):
    g = nirsamples.graphs()["lif_two_layer"]
    x = nirsamples.inputs(g, 200)
    export.export(g, name="t", samples=x)
    out, err = capsys.readouterr()
    assert "shift=" in out and "clip=" in out and "err=" in out and "rel=" in out
    assert "calibrating" in err and "100%" in err


def _graph_with(node_name, node, n=4):
    import nir

    return nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([n])}),
               "fc": nir.Linear(weight=np.ones((n, n))), node_name: node,
               "output": nir.Output(output_type={"output": np.array([n])})},
        edges=[("input", "fc"), ("fc", node_name), (node_name, "output")])


def test_refusals_name_the_node():
    import nir

    n = 4
    bad_tau = nir.LIF(tau=np.array([1e-3, 2e-3, 1e-3, 1e-3]), r=np.ones(n), v_leak=np.zeros(n),
                      v_threshold=np.ones(n))
    with pytest.raises(nirsim.NIRError, match="'odd_lif'.*tau varies"):
        export.export(_graph_with("odd_lif", bad_tau), quiet=True)
    cuba = nir.CubaLIF(tau_syn=np.full(n, 1e-3), tau_mem=np.full(n, 1e-3), r=np.ones(n),
                       v_leak=np.full(n, 0.5), v_threshold=np.ones(n))
    with pytest.raises(nirsim.NIRError, match="'leaky_cuba'.*v_leak"):
        export.export(_graph_with("leaky_cuba", cuba), quiet=True)
    unsupported = nir.CubaLI(tau_syn=np.ones(n), tau_mem=np.ones(n), r=np.ones(n),
                             v_leak=np.full(n, 0.5))
    with pytest.raises(nirsim.NIRError, match="'weird': CubaLI v_leak"):
        export.export(_graph_with("weird", unsupported), quiet=True)
    delays = nir.Delay(delay=np.array([1e-4, 2e-4, 1e-4, 1e-4]))
    with pytest.raises(nirsim.NIRError, match="'dly'"):
        export.export(_graph_with("dly", delays), quiet=True)


def test_cli_export_inspect_plot(tmp_path):
    import nir

    g = nirsamples.graphs()["delay"]
    path = tmp_path / "g.nir"
    nir.write(str(path), g)
    out = tmp_path / "g.spkb"
    np.save(tmp_path / "x.npy", nirsamples.inputs(g, 100))
    assert export.main([str(path), "-o", str(out), "--calibrate", str(tmp_path / "x.npy")]) == 0
    blob.validate(out.read_bytes())
    d = inspect_blob.describe(str(out))
    assert d["memory"]["arena_bytes_64bit"] > 0
    assert inspect_blob.main([str(out), "--json"]) == 0
    png = tmp_path / "r.png"
    plot.plot(os.path.join(BLOBS, "nir", "delay.ref.csv"), str(png))
    assert png.stat().st_size > 1000


def test_arena_mirror_small_case():
    # one LIF population of 4 fed by 2 inputs, dense: hand-computed from NetworkLayout
    net = {"populations": [{"size": 2, "model": "input"}, {"size": 4, "model": "lif"}],
           "projections": [{"source": 0, "target": 1, "kind": "dense", "delay": 0,
                            "weights": [0] * 8, "row_ptr": [], "col": []}],
           "encoders": [], "decoders": [{"population": 1, "kind": "count"}]}
    # records 2*256->512, 200->208, 24->32, incoming 16, order 16, placed 16,
    # input: spiked 16 pending 16 lists 16 counts 16; lif: v 16 ref 16 spiked 16
    # current 16 lists 16 counts 16; DENSE partial sums 4*2 -> 16; weights 16; decoder 16
    assert inspect_blob.arena_size(net) == 512 + 208 + 32 + 48 + 64 + 96 + 16 + 16 + 16


def test_spike_file_round_trip(tmp_path):
    x = (np.random.default_rng(3).random((40, 7)) < 0.2).astype(np.int64)
    spikefile.write(tmp_path / "s.csv", x)
    assert (spikefile.read(tmp_path / "s.csv", channels=7, ticks=40) == x).all()
    assert spikefile.encode(np.array([[0, 1], [1, 0]])) == b"tick,channel\n0,1\n1,0\n"
    with pytest.raises(ValueError, match="expected 'tick,channel'"):
        (tmp_path / "v.csv").write_text("tick,channel\n3,0,65536\n")
        spikefile.read(tmp_path / "v.csv")
    with pytest.raises(ValueError, match="outside 40 ticks x 3 channels"):
        spikefile.read(tmp_path / "s.csv", channels=3, ticks=40)
