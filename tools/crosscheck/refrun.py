"""Runs of exporter-written blobs on the numpy reference, from the blob's bytes."""

import numpy as np

import blobread
import spikeref as sr


def network(data: bytes) -> sr.Network:
    """The reference network of a blob, read by the reference's own reader."""
    return sr.Network(blobread.network(data))


def run_blob(data: bytes, spikes_spikert: np.ndarray):
    """Run a blob with (T, channels) input spikes in SpikeRT channel order (the INPUT
    populations concatenated). Returns {population index: (T, n) spikes} and
    {population index: (T, n) membrane} for the populations that have one."""
    net = network(data)
    in_pops = [k for k, p in enumerate(net.pops) if p.model == sr.INPUT]
    offs = np.cumsum([0] + [net.pops[k].size for k in in_pops])
    T = spikes_spikert.shape[0]
    spikes = {k: np.zeros((T, p.size), dtype=np.int64) for k, p in enumerate(net.pops)}
    vs = {k: np.zeros((T, p.size), dtype=np.int64) for k, p in enumerate(net.pops)
          if p.model != sr.INPUT}
    for t in range(T):
        for j, k in enumerate(in_pops):
            for ch in np.flatnonzero(spikes_spikert[t, offs[j]:offs[j + 1]]):
                net.inject(k, int(ch))
        net.step()
        for k, p in enumerate(net.pops):
            spikes[k][t] = p.s
            if k in vs:
                vs[k][t] = p.v
    return spikes, vs
