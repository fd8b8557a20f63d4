"""Spike files to and from numpy arrays: the format ``spikert run`` reads and writes.

A spike file (docs/EXPORT.md, "Spike files") is text: an optional header line
``tick,channel``, then one ``tick,channel`` line per spike, in tick order. Channels
number the input populations' neurons in population order (for inputs) or the decoded
populations' neurons (for outputs), in SpikeRT's channel order (``Exporter.
input_to_spikert`` maps a NIR-ordered array). Lines starting with ``#`` are comments.

In numpy a spike train is a ``(ticks, channels)`` array of 0/1::

    from spikert_tools import spikefile
    spikefile.write("in.csv", x)                  # x: (T, C) 0/1 array
    y = spikefile.read("out.csv", channels=10, ticks=T)   # -> (T, 10) uint8

:func:`encode` / :func:`encode_pairs` give the bytes, :func:`read_pairs` the raw
``(ticks, channels)`` index arrays. Encoder values and rewards (three-field lines) are
not spikes and are refused by the readers.
"""

from __future__ import annotations

import os

import numpy as np

HEADER = "tick,channel\n"


def encode_pairs(pairs) -> bytes:
    """``(tick, channel)`` pairs (in the order given) as a spike file with its header."""
    return (HEADER + "".join(f"{int(t)},{int(c)}\n" for t, c in pairs)).encode()


def encode(spikes) -> bytes:
    """A ``(ticks, channels)`` 0/1 array as a spike file: every non-zero entry one line,
    in tick order, channels ascending within a tick."""
    a = np.asarray(spikes)
    if a.ndim != 2:
        raise ValueError(f"spikes should be a (ticks, channels) array, has shape {a.shape}")
    ticks, channels = np.nonzero(a)
    return encode_pairs(zip(ticks.tolist(), channels.tolist()))


def write(path, spikes) -> None:
    """Write :func:`encode` of ``spikes`` to ``path``."""
    with open(os.fspath(path), "wb") as f:
        f.write(encode(spikes))


def read_pairs(path):
    """(ticks, channels) int64 arrays of the spikes in a spike file, in file order."""
    ticks, chans = [], []
    with open(os.fspath(path), encoding="utf-8") as f:
        for k, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#") or line[0].isalpha():
                continue
            parts = line.split(",")
            try:
                if len(parts) != 2:
                    raise ValueError
                ticks.append(int(parts[0]))
                chans.append(int(parts[1]))
            except ValueError:
                raise ValueError(f"{path}:{k}: expected 'tick,channel', got {line!r}") \
                    from None
    return np.array(ticks, dtype=np.int64), np.array(chans, dtype=np.int64)


def read(path, channels: int | None = None, ticks: int | None = None) -> np.ndarray:
    """A spike file as a ``(ticks, channels)`` uint8 array of 0/1. Without ``ticks`` /
    ``channels`` the array ends at the last spike's tick / the highest channel; a spike
    beyond a given size is an error."""
    t, c = read_pairs(path)
    n_t = int(t.max(initial=-1)) + 1 if ticks is None else int(ticks)
    n_c = int(c.max(initial=-1)) + 1 if channels is None else int(channels)
    if t.size and (t.min() < 0 or c.min() < 0):
        raise ValueError(f"{path}: negative tick or channel")
    if t.size and (t.max() >= n_t or c.max() >= n_c):
        raise ValueError(f"{path}: a spike at tick {int(t.max())} / channel {int(c.max())} "
                         f"is outside {n_t} ticks x {n_c} channels")
    out = np.zeros((n_t, n_c), dtype=np.uint8)
    out[t, c] = 1
    return out
