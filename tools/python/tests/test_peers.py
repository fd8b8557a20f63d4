"""tools/bench/peers.py: the comparison with snnTorch and Brian2.

Without the peers: the command line, the statistics and ratio arithmetic, the check
that a workload file holds the peers' inputs and weights, and the spikert-bench call
(against a stand-in binary that echoes its arguments). With a peer installed (and
importable), its spike counts on W-B for 50 ticks must equal the float reference's."""

import json
import os
import stat
import sys

import pytest

BENCH = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "bench"))
sys.path.insert(0, BENCH)
import peers  # noqa: E402  (tools/bench/peers.py)
import peers_spikert  # noqa: E402
import peers_stats as ps  # noqa: E402
import peers_workloads as pw  # noqa: E402


@pytest.fixture
def fake_bench(tmp_path):
    """An executable that answers like `spikert-bench --json` with one line, the
    arguments it was given in it."""
    path = tmp_path / "spikert-bench"
    path.write_text(
        "#!/usr/bin/env python3\n"
        "import json, sys\n"
        "a = sys.argv[1:]\n"
        "print(json.dumps({'workload': 'W-B', 'ticks': int(a[a.index('--ticks') + 1]),\n"
        "                  'median_us': 1.5, 'p99_us': 2.5, 'mean_us': 1.75,\n"
        "                  'hidden_activity': 0.25, 'output_activity': 0.5,\n"
        "                  'checksum': '00000000000000aa', 'args': a}))\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


# ---- command line --------------------------------------------------------------------


def test_defaults_and_lists(fake_bench):
    a = peers.parse_args(["--bench", fake_bench])
    assert a.workloads == ["W-A", "W-S", "W-B", "motion"]
    assert (a.ticks, a.rounds, a.repeat, a.json, a.required) == (2000, 5, 5, False, [])
    a = peers.parse_args(["--bench", fake_bench, "--bench", fake_bench, "--workloads",
                          "W-B,motion", "--ticks", "50", "--rounds", "2", "--peers",
                          "brian2", "--json"])
    assert a.workloads == ["W-B", "motion"] and a.bench == [fake_bench, fake_bench]
    assert (a.ticks, a.rounds, a.required, a.json) == (50, 2, ["brian2"], True)


@pytest.mark.parametrize("argv", [
    ["--workloads", "W-A,W-X"],
    ["--workloads", "reservoir-LIF"],  # no peer version of the reservoirs
    ["--workloads", ""],
    ["--peers", "nest"],
    ["--ticks", "0"],
    ["--rounds", "0"],
    ["--repeat", "0"],
])
def test_bad_arguments_exit_2(argv, fake_bench, capsys):
    with pytest.raises(SystemExit) as e:
        peers.parse_args(["--bench", fake_bench, *argv])
    assert e.value.code == 2
    assert "error" in capsys.readouterr().err


def test_bench_must_be_executable(tmp_path):
    plain = tmp_path / "not-a-binary"
    plain.write_text("")
    with pytest.raises(SystemExit) as e:
        peers.parse_args(["--bench", str(plain)])
    assert e.value.code == 2


def test_help_exits_0(capsys):
    with pytest.raises(SystemExit) as e:
        peers.parse_args(["--help"])
    assert e.value.code == 0
    assert "--rounds" in capsys.readouterr().out


# ---- arithmetic ----------------------------------------------------------------------


def test_nearest_rank_is_spikert_benchs():
    # TickStatistics.rank: index (p*n + 99)/100 - 1: for 2000 ticks 999 and 1979.
    samples = list(range(2000, 0, -1))  # unsorted on purpose: 2000 .. 1
    assert ps.nearest_rank(samples, 50) == 1000
    assert ps.nearest_rank(samples, 99) == 1980
    assert ps.nearest_rank([7, 3], 50) == 3  # lower median for even counts
    assert ps.nearest_rank([5], 99) == 5
    with pytest.raises(ValueError):
        ps.nearest_rank([], 50)


def test_tick_stats_in_microseconds():
    s = ps.tick_stats_us([1000, 2000, 3000, 10000])
    assert s == {"median_us": 2.0, "p99_us": 10.0, "mean_us": 4.0}


def test_ratio_is_median_of_per_round_ratios():
    # A slow round (the third) slows both sides alike: every per-round ratio is 10.
    peer = [100.0, 110.0, 400.0]
    base = [10.0, 11.0, 40.0]
    assert ps.per_round_ratios(peer, base) == [10.0, 10.0, 10.0]
    assert ps.median_ratio(peer, base) == 10.0
    # Slow spells that hit one side only: the per-round ratios differ from the ratio of
    # the medians over rounds, and the former is what is reported.
    peer, base = [100.0, 300.0, 200.0, 900.0], [10.0, 10.0, 40.0, 30.0]
    assert ps.per_round_ratios(peer, base) == [10.0, 30.0, 5.0, 30.0]
    assert ps.median_ratio(peer, base) == 20.0  # median of 5, 10, 30, 30
    assert ps.median_over_rounds(peer) / ps.median_over_rounds(base) == 12.5


def test_ratio_skips_missing_rounds_and_checks_lengths():
    assert ps.per_round_ratios([None, 20.0], [2.0, 4.0]) == [5.0]
    assert ps.median_over_rounds([None, None]) is None
    with pytest.raises(ValueError):
        ps.per_round_ratios([1.0], [1.0, 2.0])


# ---- same inputs and weights as spikert-bench's files --------------------------------


def write_file(tmp_path, name, ticks):
    pw.wl.write_workload(str(tmp_path), name, ticks)
    return str(tmp_path / f"{name}.workload")


def test_file_holds_the_peers_inputs_and_weights(tmp_path):
    path = write_file(tmp_path, "W-B", 40)
    w = pw.load("W-B", 30)  # a prefix of the file's ticks is the same work
    pw.check_file(path, w)
    f = pw.read_file(path)
    assert (f.name, f.sizes, f.ticks, f.shifts) == ("W-B", (64, 128, 10), 40, [5, 5])
    assert w.frames.shape == (30, 64) and [x.shape for x in w.weights] == [(64, 128), (128, 10)]


def test_check_file_refuses_other_work(tmp_path):
    path = write_file(tmp_path, "W-B", 40)
    with pytest.raises(ValueError, match="fewer"):
        pw.check_file(path, pw.load("W-B", 41))
    w = pw.load("W-B", 40)
    w.frames[3, 5] = not w.frames[3, 5]
    with pytest.raises(ValueError, match="input frames"):
        pw.check_file(path, w)
    w = pw.load("W-B", 40)
    w.weights[1] = w.weights[1] * 1.5
    with pytest.raises(ValueError, match="layer 2"):
        pw.check_file(path, w)
    with pytest.raises(ValueError, match="expected"):
        pw.check_file(path, pw.load("motion", 40))


def test_spike_counts_from_activity():
    w = pw.load("W-B", 50)
    assert pw.spike_counts([0.25, 0.5], w) == [1600, 250]  # 0.25*128*50, 0.5*10*50
    assert peers.activity_of([1600, 250], w) == [0.25, 0.5]


# ---- spikert-bench call ----------------------------------------------------------------


def test_spikert_run_passes_ticks_and_repeat(fake_bench):
    r = peers_spikert.run(fake_bench, "some/W-B.workload", 123, 4)
    assert r["args"] == ["--json", "--ticks", "123", "--repeat", "4", "some/W-B.workload"]
    assert r["median_us"] == 1.5


def test_spikert_label():
    root = pw.ROOT
    assert peers_spikert.label(os.path.join(root, "out/embedded/host-x86-64-v3/spikert-bench")) \
        == "host-x86-64-v3"
    assert peers_spikert.label(os.path.join(root, ".build-peers/release/spikert-bench")) \
        == ".build-peers/release"


# ---- a whole run without peers ---------------------------------------------------------


class Unusable:
    """Stands in for a peer module that is not installed."""

    @staticmethod
    def availability():
        return False, "ModuleNotFoundError: not installed here"


@pytest.fixture
def no_peers(monkeypatch):
    """Every peer unusable, whatever this machine has installed."""
    def init(self, key):
        self.key, self.module, self.runners = key, Unusable, {}
        self.ok, self.about = Unusable.availability()
    monkeypatch.setattr(peers.Peer, "__init__", init)


def test_missing_peers_are_skipped(tmp_path, fake_bench, no_peers, capsys):
    write_file(tmp_path, "W-B", 30)
    argv = ["--bench", fake_bench, "--workloads", "W-B", "--ticks", "20", "--rounds", "3",
            "--workload-dir", str(tmp_path)]
    assert peers.main(argv) == 0
    out, err = capsys.readouterr()
    assert "snnTorch: skipped, not usable here: ModuleNotFoundError" in err
    assert "skipped Brian2: ModuleNotFoundError" in out
    rows = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert rows == ["system", "SpikeRT"] and "ratios" not in out
    assert peers.main(argv + ["--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    w = doc["workloads"]["W-B"]
    assert list(w["systems"]) == ["spikert:" + peers_spikert.label(fake_bench)]
    spikert = w["systems"]["spikert:" + peers_spikert.label(fake_bench)]
    assert (spikert["median_us"], spikert["mean_us"], len(spikert["rounds"])) == (1.5, 1.75, 3)
    assert w["ratios"] == [] and doc["failures"] == [] and len(doc["loadavg"]) == 3
    assert w["float_counts"] == reference_counts(pw.load("W-B", 20))


def test_required_peer_missing_fails(tmp_path, fake_bench, no_peers, capsys):
    write_file(tmp_path, "W-B", 30)
    argv = ["--bench", fake_bench, "--workloads", "W-B", "--ticks", "20", "--rounds", "1",
            "--workload-dir", str(tmp_path), "--peers", "snntorch"]
    assert peers.main(argv) == 1
    out, err = capsys.readouterr()
    assert "snnTorch is required (--peers) but not usable" in err
    assert "round 1/1" not in err and out == ""  # stopped before measuring anything


# ---- the peers, when installed ----------------------------------------------------------


def usable(module):
    """Skip unless the peer imports: importorskip would not catch a peer that is
    installed but fails to import (Brian2 2.9.0 under numpy 2.4 raises AttributeError)."""
    ok, why = module.availability()
    if not ok:
        pytest.skip(why)


def reference_counts(w):
    return pw.spike_counts(pw.reference_activity(w), w)


def test_snntorch_spikes_equal_float_reference():
    import peers_snntorch
    usable(peers_snntorch)
    w = pw.load("W-B", 50)
    times, counts = peers_snntorch.SnnTorchRunner(w).run_pass()
    assert counts == reference_counts(w) and min(counts) > 0
    assert len(times) == 50 and min(times) > 0


def test_brian2_spikes_equal_float_reference(tmp_path):
    import peers_brian2
    usable(peers_brian2)
    w = pw.load("W-B", 50)
    runner = peers_brian2.Brian2Runner(w, str(tmp_path / "W-B"))
    assert runner.counts == reference_counts(w) and min(runner.counts) > 0
    # feed-forward in one step: layer 1 before its threshold before projection 2
    order = [s.split(" ")[0] for s in runner.first["schedule"]]
    assert order[0] == "peers_tick_start" and order[-1] == "peers_tick_end"
    assert order.index("proj1_pre") < order.index("update1") \
        < order.index("layer1_spike_thresholder") < order.index("proj2_pre") \
        < order.index("update2")
    ticks, loop_ns, cpu_s = runner.run_pass()
    assert len(ticks) == 50 and min(ticks) > 0 and loop_ns >= sum(ticks) and cpu_s >= 0
    assert json.loads(json.dumps(runner.first))["counts"] == runner.counts
