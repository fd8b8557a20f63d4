#!/usr/bin/env python3
"""snnTorch -> NIR -> SpikeRT, end to end, on scikit-learn's 8x8 digits.

Not run in CI (it needs torch). docs/SNNTORCH.md is the recipe and has the measured
numbers. Steps:

1. train a 64 -> H -> 10 network of `snn.Leaky` neurons (subtract reset, surrogate
   gradients, rate-coded Bernoulli inputs, spike-count cross-entropy) on
   `sklearn.datasets.load_digits` (bundled, no download);
2. draw one fixed Bernoulli spike train per test image (T ticks, 64 channels) and
   score snnTorch on exactly those spikes (class = most output spikes);
3. `snntorch.export_nir.export_to_nir` -> `digits.nir`;
   `spikert-export digits.nir --snntorch --calibrate calib.npy` -> `digits.spkb`;
4. the same test spike trains as SpikeRT spike files, `spikert run`, class = most
   output spikes per presentation; accuracy and per-sample agreement with snnTorch.

Presentation. A spike file cannot reset the network between samples, and snnTorch
starts every sample from zero state. By default (`--mode per-sample`) every test
sample is its own spike file and its own `spikert run` (fresh state, exactly
snnTorch's protocol). `--mode concat` writes one file, each sample for T ticks
followed by `--gap` silent ticks, and runs once: faster, but the leftover membrane
potential (decaying by beta per silent tick) leaks into the next sample.

The NIR graph is also run in float64 by `spikert_tools.nirsim.FloatSim` (snnTorch's
delayed subtract reset) on the same spikes: it separates what the conversion changes
(should be nothing) from what the integer quantization changes.

Usage (from the repository root, in an environment with torch, snntorch, nir,
nirtorch, scikit-learn and `pip install -e tools/python`):

    python3 tools/python/examples/snntorch_digits.py --out /tmp/digits
    python3 tools/python/examples/snntorch_digits.py --spikert .build/release/spikert
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="snntorch_digits_out", help="output directory")
    ap.add_argument("--steps", type=int, default=32, help="ticks per presentation (T)")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--beta", type=float, default=0.9, help="membrane decay of both layers")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--calib-samples", type=int, default=200,
                    help="training images whose spike trains (concatenated) calibrate "
                         "the exporter; 0 = no calibration")
    ap.add_argument("--spikert", default=None,
                    help="spikert command: a binary path or a command line (default: "
                         "build with 'swift build -c release --product spikert' in the "
                         "repository root and use the built binary)")
    ap.add_argument("--mode", choices=["per-sample", "concat"], default="per-sample")
    ap.add_argument("--gap", type=int, default=30, help="silent ticks after each sample "
                    "(--mode concat)")
    return ap.parse_args(argv)


# --------------------------------------------------------------------------- data

def load_data(seed):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)  # pixel intensity 0..1 = firing probability
    y = d.target.astype(np.int64)
    return train_test_split(x, y, test_size=0.2, random_state=seed, stratify=y)


def bernoulli(rng, x, steps):
    """(N, 64) intensities -> (N, T, 64) 0/1 spike trains."""
    return (rng.random((x.shape[0], steps, x.shape[1])) < x[:, None, :]).astype(np.float32)


# --------------------------------------------------------------------------- snnTorch

def build_net(hidden, beta):
    import snntorch as snn
    import torch
    from snntorch import surrogate

    grad = surrogate.atan()
    # beta and threshold as per-neuron tensors (fixed, not learned): with scalars,
    # export_to_nir writes 0-d LIF parameters and nir's type inference rejects the graph
    # ("type mismatch: 0.output: [[128]] -> 1.input: []"). Equal per-neuron values are
    # collapsed by spikert-export.
    def leaky(n, **kw):
        return snn.Leaky(beta=torch.full((n,), beta), threshold=torch.ones(n),
                         spike_grad=grad, init_hidden=True, **kw)

    return torch.nn.Sequential(
        torch.nn.Linear(64, hidden), leaky(hidden),
        torch.nn.Linear(hidden, 10), leaky(10, output=True),
    )


def forward(net, spikes):
    """spikes (T, B, 64) -> output spikes (T, B, 10)."""
    import torch
    from snntorch import utils

    utils.reset(net)
    out = []
    for t in range(spikes.shape[0]):
        spk, _ = net(spikes[t])
        out.append(spk)
    return torch.stack(out)


def train(net, x, y, a, rng):
    import torch
    import snntorch.functional as SF

    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999))
    loss_fn = SF.ce_rate_loss()
    n = x.shape[0]
    for ep in range(a.epochs):
        perm = rng.permutation(n)
        tot, correct = 0.0, 0
        for b in range(0, n, a.batch):
            idx = perm[b:b + a.batch]
            s = torch.from_numpy(bernoulli(rng, x[idx], a.steps)).transpose(0, 1)
            out = forward(net, s)
            loss = loss_fn(out, torch.from_numpy(y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += float(loss.detach()) * len(idx)
            correct += int((out.sum(0).argmax(1).numpy() == y[idx]).sum())
        print(f"  epoch {ep + 1:2d}/{a.epochs}  loss {tot / n:.4f}  train acc "
              f"{100 * correct / n:.2f}%", flush=True)


def snntorch_counts(net, spikes):
    import torch

    with torch.no_grad():
        out = forward(net, torch.from_numpy(spikes).transpose(0, 1))
    return out.sum(0).numpy().astype(np.int64)  # (N, 10)


# --------------------------------------------------------------------------- SpikeRT

def spikert_command(a):
    if a.spikert:
        cmd = shlex.split(a.spikert)
        return cmd
    print("building spikert (swift build -c release --product spikert) ...", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "spikert"], cwd=REPO,
                   check=True)
    binpath = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"],
                             cwd=REPO, check=True, capture_output=True, text=True)
    return [os.path.join(binpath.stdout.strip(), "spikert")]


def write_spikes(path, trains, steps, gap):
    """trains (N, T, 64) -> 'tick,channel' file, sample k from tick k*(T+gap)."""
    with open(path, "w") as f:
        f.write("tick,channel\n")
        for k, tr in enumerate(trains):
            t, c = np.nonzero(tr)
            base = k * (steps + gap)
            f.writelines(f"{base + int(ti)},{int(ci)}\n" for ti, ci in zip(t, c))


def read_counts(path, n_samples, steps, gap, n_out=10):
    counts = np.zeros((n_samples, n_out), dtype=np.int64)
    with open(path) as f:
        for line in f:
            if not line.strip() or line[0].isalpha() or line[0] == "#":
                continue
            tick, ch = (int(v) for v in line.split(",")[:2])
            k, off = divmod(tick, steps + gap)
            if off < steps and k < n_samples:
                counts[k, ch] += 1
    return counts


def run_spikert(cmd, blob_path, trains, a, work):
    n = trains.shape[0]
    if a.mode == "concat":
        inp, outp = os.path.join(work, "test.csv"), os.path.join(work, "test.out.csv")
        write_spikes(inp, trains, a.steps, a.gap)
        ticks = n * (a.steps + a.gap)
        r = subprocess.run(cmd + ["run", blob_path, "--input", inp, "--output", outp,
                                  "--ticks", str(ticks), "--stats"],
                           check=True, capture_output=True, text=True)
        print(r.stdout.strip())
        return read_counts(outp, n, a.steps, a.gap)
    counts = np.zeros((n, 10), dtype=np.int64)
    tmp = tempfile.mkdtemp(prefix="spikert-digits-", dir=work)
    for k in range(n):
        inp, outp = os.path.join(tmp, f"s{k}.csv"), os.path.join(tmp, f"s{k}.out.csv")
        write_spikes(inp, trains[k:k + 1], a.steps, 0)
        subprocess.run(cmd + ["run", blob_path, "--input", inp, "--output", outp,
                              "--ticks", str(a.steps)],
                       check=True, capture_output=True, text=True)
        counts[k] = read_counts(outp, 1, a.steps, 0)[0]
    shutil.rmtree(tmp)
    return counts


def floatsim_counts(graph, trains):
    from spikert_tools.nirsim import FloatSim

    sim = FloatSim(graph, dt=1e-4, reset_mode="subtract", reset_timing="delayed")
    out_node = [p for o in sim.st.outputs for p in sim.st.preds[o]][0]
    counts = np.zeros((trains.shape[0], sim.size(out_node)), dtype=np.int64)
    for k, tr in enumerate(trains):
        sim.reset()
        rec = sim.run(tr)
        counts[k] = rec[out_node].sum(axis=0).astype(np.int64)
    return counts


# --------------------------------------------------------------------------- main

def main(argv=None):
    a = parse_args(argv)
    import nir
    import torch
    from snntorch.export_nir import export_to_nir

    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(a.seed)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    rng = np.random.default_rng(a.seed)
    xtr, xte, ytr, yte = load_data(a.seed)
    print(f"digits: {len(ytr)} train, {len(yte)} test, T={a.steps}, 64-{a.hidden}-10 Leaky "
          f"beta={a.beta}", flush=True)

    times = {}
    t0 = time.time()
    net = build_net(a.hidden, a.beta)
    train(net, xtr, ytr, a, rng)
    times["train"] = time.time() - t0

    test_trains = bernoulli(np.random.default_rng(a.seed + 1), xte, a.steps)  # (N, T, 64)
    t0 = time.time()
    c_torch = snntorch_counts(net, test_trains)
    times["snntorch test"] = time.time() - t0
    p_torch = c_torch.argmax(1)

    # export: snnTorch -> NIR -> blob
    t0 = time.time()
    # sample data without a batch dimension: with (1, 64) the Input node gets type
    # [1, 64] and nir's type inference rejects the edge into the first Linear ([64])
    graph = export_to_nir(net.eval(), torch.zeros(64))
    nir_path = os.path.join(a.out, "digits.nir")
    nir.write(nir_path, graph)
    times["export_to_nir"] = time.time() - t0
    print(f"NIR: nodes {sorted(graph.nodes)}; edges {graph.edges}")

    blob_path = os.path.join(a.out, "digits.spkb")
    cmd = [shutil.which("spikert-export") or sys.executable, nir_path, "-o", blob_path,
           "--snntorch", "--name", "digits"]
    if cmd[0] == sys.executable:
        cmd[1:1] = ["-m", "spikert_tools.export"]
    if a.calib_samples:
        calib = bernoulli(np.random.default_rng(a.seed + 2), xtr[:a.calib_samples], a.steps)
        calib_path = os.path.join(a.out, "calib.npy")
        np.save(calib_path, calib.reshape(-1, 64))
        cmd += ["--calibrate", calib_path]
    print("$ " + " ".join(cmd), flush=True)
    t0 = time.time()
    subprocess.run(cmd, check=True)
    times["spikert-export"] = time.time() - t0

    t0 = time.time()
    c_float = floatsim_counts(nir.read(nir_path), test_trains)
    times["float NIR sim"] = time.time() - t0
    p_float = c_float.argmax(1)

    sp = spikert_command(a)
    t0 = time.time()
    c_rt = run_spikert(sp, blob_path, test_trains, a, a.out)
    times[f"spikert run ({a.mode})"] = time.time() - t0
    p_rt = c_rt.argmax(1)
    write_spikes(os.path.join(a.out, "test_spikes.csv"), test_trains, a.steps, a.gap)

    n = len(yte)
    acc = lambda p: 100.0 * float(np.mean(p == yte))  # noqa: E731
    agree = lambda p, q: 100.0 * float(np.mean(p == q))  # noqa: E731
    print("\nresults on the test set (%d images, the same input spikes everywhere):" % n)
    print(f"  snnTorch (float32)          accuracy {acc(p_torch):6.2f}%")
    print(f"  NIR float64 simulation      accuracy {acc(p_float):6.2f}%   "
          f"agreement with snnTorch {agree(p_float, p_torch):6.2f}%   identical counts "
          f"{100 * np.mean(np.all(c_float == c_torch, axis=1)):6.2f}%")
    print(f"  SpikeRT (spikert run, int)  accuracy {acc(p_rt):6.2f}%   "
          f"agreement with snnTorch {agree(p_rt, p_torch):6.2f}%   identical counts "
          f"{100 * np.mean(np.all(c_rt == c_torch, axis=1)):6.2f}%")
    print(f"  output spikes per sample: snnTorch {c_torch.sum(1).mean():.2f}, "
          f"SpikeRT {c_rt.sum(1).mean():.2f}; mean |count difference| per output "
          f"{np.abs(c_rt - c_torch).mean():.3f}")
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in times.items()))
    np.savez(os.path.join(a.out, "results.npz"), y=yte, c_torch=c_torch, c_float=c_float,
             c_spikert=c_rt)
    return 0


if __name__ == "__main__":
    sys.exit(main())
