"""Sections 2.3 and 2.4: projections (dense, sparse, one-to-one, conv2d), their
tensors, accumulators and spike delivery.
"""

from __future__ import annotations

import numpy as np

from .primitives import U32_MASK, wrap32
from .fields import (
    CONV_FIELDS, DENSE, INPUT, KINDS, ONE_TO_ONE, SPARSE, _enum, _int, _int_list)


def conv2d_out_size(n_in, k, stride, pad):
    return (n_in + 2 * pad - k) // stride + 1


def conv2d_targets(g, i):
    """Section 2.4 for one source neuron i: list of (target index, weight index).

    Follows the text literally: source (y, x, c) adds w[ky][kx][c][o] to (oy, ox, o)
    for every o and every (ky, kx, oy, ox) with oy*stride_h - pad_h + ky = y,
    ox*stride_w - pad_w + kx = x inside the output.
    """
    in_w, in_c, out_c = g["in_w"], g["in_c"], g["out_c"]
    out_h, out_w = g["out_h"], g["out_w"]
    c = i % in_c
    x = (i // in_c) % in_w
    y = i // (in_c * in_w)
    pairs = []
    for ky in range(g["k_h"]):
        num_y = y + g["pad_h"] - ky
        if num_y < 0 or num_y % g["stride_h"] != 0:
            continue
        oy = num_y // g["stride_h"]
        if oy >= out_h:
            continue
        for kx in range(g["k_w"]):
            num_x = x + g["pad_w"] - kx
            if num_x < 0 or num_x % g["stride_w"] != 0:
                continue
            ox = num_x // g["stride_w"]
            if ox >= out_w:
                continue
            for o in range(out_c):
                tgt = (oy * out_w + ox) * out_c + o
                widx = ((ky * g["k_w"] + kx) * in_c + c) * out_c + o
                pairs.append((tgt, widx))
    return pairs


class Projection:
    """One projection: validated tensors, accumulator, delivery (phase 2.1)."""

    def __init__(self, d, index, pops):
        w = f"projections[{index}]"
        if not isinstance(d, dict):
            raise ValueError(f"{w}: expected an object")
        for f in ("source", "target", "kind", "delay", "shift", "weights"):
            if f not in d:
                raise ValueError(f"{w}.{f}: missing field")
        self.index = index
        self.source = _int(d["source"], 0, len(pops) - 1, f"{w}.source")
        self.target = _int(d["target"], 0, len(pops) - 1, f"{w}.target")
        if pops[self.target].model == INPUT:
            raise ValueError(f"{w}.target={self.target}: target population is INPUT")
        self.kind = _enum(d["kind"], KINDS, f"{w}.kind")
        self.delay = _int(d["delay"], 0, 255, f"{w}.delay")
        self.shift = _int(d["shift"], 0, 24, f"{w}.shift")
        n_src = pops[self.source].size
        n_tgt = pops[self.target].size
        self.n_src, self.n_tgt = n_src, n_tgt
        self.w = _int_list(d["weights"], -128, 127, f"{w}.weights")
        self.acc = np.zeros(n_tgt, dtype=np.int64)
        self.conv = None

        if self.kind == DENSE:
            if len(self.w) != n_src * n_tgt:
                raise ValueError(f"{w}.weights: length {len(self.w)} != n_src*n_tgt = "
                                 f"{n_src * n_tgt}")
            self.matrix = self.w.reshape(n_src, n_tgt)
        elif self.kind == SPARSE:
            rp = _int_list(d.get("row_ptr"), 0, U32_MASK, f"{w}.row_ptr")
            col = _int_list(d.get("col"), 0, 65535, f"{w}.col")
            if len(rp) != n_src + 1:
                raise ValueError(f"{w}.row_ptr: length {len(rp)} != n_src+1 = {n_src + 1}")
            if rp[0] != 0:
                raise ValueError(f"{w}.row_ptr[0]={rp[0]}: must be 0")
            if np.any(np.diff(rp) < 0):
                k = int(np.flatnonzero(np.diff(rp) < 0)[0]) + 1
                raise ValueError(f"{w}.row_ptr[{k}]={rp[k]}: row_ptr must be non-decreasing")
            nnz = int(rp[-1])
            if len(col) != nnz or len(self.w) != nnz:
                raise ValueError(f"{w}: row_ptr[n_src]={nnz} but len(col)={len(col)}, "
                                 f"len(weights)={len(self.w)}")
            if nnz and int(col.max()) >= n_tgt:
                k = int(np.flatnonzero(col >= n_tgt)[0])
                raise ValueError(f"{w}.col[{k}]={col[k]}: must be < n_tgt = {n_tgt}")
            for i in range(n_src):
                row = col[rp[i]:rp[i + 1]]
                if len(row) > 1 and np.any(np.diff(row) <= 0):
                    raise ValueError(f"{w}.col: row {i} is not strictly increasing")
            self.row_ptr, self.col = rp, col
            self.tgt_index, self.w_index = col, np.arange(nnz, dtype=np.int64)
        elif self.kind == ONE_TO_ONE:
            if n_src != n_tgt:
                raise ValueError(f"{w}.kind=one_to_one: n_src={n_src} != n_tgt={n_tgt}")
            if len(self.w) != n_src:
                raise ValueError(f"{w}.weights: length {len(self.w)} != n = {n_src}")
        else:  # CONV2D
            cd = d.get("conv")
            if not isinstance(cd, dict):
                raise ValueError(f"{w}.conv={cd!r}: conv2d needs its geometry object")
            g = {}
            for f in CONV_FIELDS:
                if f not in cd:
                    raise ValueError(f"{w}.conv.{f}: missing field")
                g[f] = _int(cd[f], 0, 65535, f"{w}.conv.{f}")
            for f in ("in_h", "in_w", "in_c", "out_c", "k_h", "k_w", "stride_h", "stride_w"):
                if g[f] < 1:
                    raise ValueError(f"{w}.conv.{f}={g[f]}: must be >= 1")
            if g["pad_h"] >= g["k_h"]:
                raise ValueError(f"{w}.conv.pad_h={g['pad_h']}: must be < k_h={g['k_h']}")
            if g["pad_w"] >= g["k_w"]:
                raise ValueError(f"{w}.conv.pad_w={g['pad_w']}: must be < k_w={g['k_w']}")
            g["out_h"] = conv2d_out_size(g["in_h"], g["k_h"], g["stride_h"], g["pad_h"])
            g["out_w"] = conv2d_out_size(g["in_w"], g["k_w"], g["stride_w"], g["pad_w"])
            if g["out_h"] < 1 or g["out_w"] < 1:
                raise ValueError(f"{w}.conv: output size {g['out_h']}x{g['out_w']} < 1")
            if g["in_h"] * g["in_w"] * g["in_c"] != n_src:
                raise ValueError(f"{w}.conv: in_h*in_w*in_c = "
                                 f"{g['in_h'] * g['in_w'] * g['in_c']} != n_src = {n_src}")
            if g["out_h"] * g["out_w"] * g["out_c"] != n_tgt:
                raise ValueError(f"{w}.conv: out_h*out_w*out_c = "
                                 f"{g['out_h'] * g['out_w'] * g['out_c']} != n_tgt = {n_tgt}")
            nw = g["k_h"] * g["k_w"] * g["in_c"] * g["out_c"]
            if len(self.w) != nw:
                raise ValueError(f"{w}.weights: length {len(self.w)} != k_h*k_w*in_c*out_c "
                                 f"= {nw}")
            self.conv = g
            # Scatter table in CSR form: row i lists the (target, weight index) pairs.
            rp = [0]
            tg, wi = [], []
            for i in range(n_src):
                pairs = conv2d_targets(g, i)
                tg.extend(p[0] for p in pairs)
                wi.extend(p[1] for p in pairs)
                rp.append(len(tg))
            self.row_ptr = np.array(rp, dtype=np.int64)
            self.tgt_index = np.array(tg, dtype=np.int64)
            self.w_index = np.array(wi, dtype=np.int64)

    def deliver(self, spike_idx):
        """Phase 2.1: add the rows of the spiking source neurons into acc (wrap32).

        Returns the number of (spike, weight) additions (section 8 counter).
        """
        if len(spike_idx) == 0:
            return 0
        if self.kind == DENSE:
            self.acc = wrap32(self.acc + self.matrix[spike_idx].sum(axis=0))
            return len(spike_idx) * self.n_tgt
        if self.kind == ONE_TO_ONE:
            add = np.zeros(self.n_tgt, dtype=np.int64)
            add[spike_idx] = self.w[spike_idx]
            self.acc = wrap32(self.acc + add)
            return len(spike_idx)
        # SPARSE and CONV2D: CSR rows of (target, weight index)
        starts = self.row_ptr[spike_idx]
        lengths = self.row_ptr[spike_idx + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return 0
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        ks = offsets + np.arange(total, dtype=np.int64)
        add = np.zeros(self.n_tgt, dtype=np.int64)
        np.add.at(add, self.tgt_index[ks], self.w[self.w_index[ks]])
        self.acc = wrap32(self.acc + add)
        return total
