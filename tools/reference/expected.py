#!/usr/bin/env python3
"""The expected outputs of the committed sample blobs, computed by the reference.

usage: python3 tools/reference/expected.py [--check]

For each committed blob that comes with an input spike file, the reference reads the
blob's bytes (blobread), runs it on that file as `spikert run` does, and writes the
output spike file `spikert run` must print bit for bit:

  docs/demo/<name>.spkb + <name>-events.csv         -> <name>-expected.csv
  Tests/SpikeCoreTests/Blobs/nir/<name>.spkb + .input.csv  -> <name>.ref.csv

The blobs and input files are written by the exporter's tools (python3 -m
spikert_tools.demo, python3 -m spikert_tools.goldens); after regenerating them, run this
to refresh the expected outputs. With --check nothing is written and the exit status is
1 if a committed expected file differs (tools/test.sh runs it).

Spike files are those of docs/EXPORT.md: input `tick,channel`, the channel counted
across the INPUT populations in population order; output `tick,channel`, the channel
counted across the decoded populations in decoder order, each population once (a
MEMBRANE decoder's population takes channels but never spikes). The run goes through
the last input tick.
"""

from __future__ import annotations

import argparse
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import blobread  # noqa: E402
import spikeref as sr  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEMO = os.path.join(ROOT, "docs", "demo")
NIR = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Blobs", "nir")


def samples() -> list:
    """(blob, input spike file, expected output file) paths of every committed sample."""
    out = []
    for name in sorted(fn[:-5] for fn in os.listdir(DEMO) if fn.endswith(".spkb")):
        base = os.path.join(DEMO, name)
        out.append((base + ".spkb", base + "-events.csv", base + "-expected.csv"))
    for name in sorted(fn[:-5] for fn in os.listdir(NIR) if fn.endswith(".spkb")):
        base = os.path.join(NIR, name)
        out.append((base + ".spkb", base + ".input.csv", base + ".ref.csv"))
    return out


def read_spikes(text: str) -> list:
    """(tick, channel) pairs of an input spike file; a header, blank lines and comments
    are skipped. Encoder values (`tick,channel,value`) are not used by the samples."""
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#") or (n == 1 and line[0].isalpha()):
            continue
        fields = line.split(",")
        if len(fields) != 2:
            raise ValueError(f"line {n}: expected tick,channel")
        pairs.append((int(fields[0]), int(fields[1])))
    return pairs


def run(spec: dict, spikes: list) -> list:
    """The output (tick, channel) pairs of a network run on input spikes."""
    net = sr.Network(spec)
    inputs = [(p.index, k) for p in net.pops if p.model == sr.INPUT for k in range(p.size)]
    decoded, offset = [], 0
    for d in net.decs:
        if d.population not in (k for k, _, _ in decoded):
            spiking = d.kind != sr.MEMBRANE
            decoded.append((d.population, offset, spiking))
            offset += net.pops[d.population].size
    by_tick = {}
    for t, ch in spikes:
        by_tick.setdefault(t, []).append(inputs[ch])
    out = []
    for t in range(max(by_tick, default=-1) + 1):
        for pop, neuron in by_tick.get(t, []):
            net.inject(pop, neuron)
        net.step()
        out += [(t, base + int(j)) for pop, base, spiking in decoded if spiking
                for j in net.spikes(pop)]
    return sorted(out)


def spike_file(pairs) -> bytes:
    buf = io.StringIO()
    buf.write("tick,channel\n")
    for t, ch in pairs:
        buf.write(f"{t},{ch}\n")
    return buf.getvalue().encode()


def expected(blob_path: str, input_path: str) -> bytes:
    with open(input_path, encoding="utf-8") as f:
        spikes = read_spikes(f.read())
    return spike_file(run(blobread.read(blob_path), spikes))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    a = ap.parse_args(argv)
    stale = []
    for blob_path, input_path, out_path in samples():
        data = expected(blob_path, input_path)
        rel = os.path.relpath(out_path, ROOT)
        if a.check:
            if not os.path.exists(out_path) or open(out_path, "rb").read() != data:
                stale.append(rel)
            continue
        with open(out_path, "wb") as f:
            f.write(data)
        print(f"wrote {rel} ({len(data)} bytes)")
    if stale:
        print("expected outputs out of date (python3 tools/reference/expected.py): "
              + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
