"""spikert-export: NIR graph -> SpikeRT blob (docs/EXPORT.md is the guide).

Populations: one INPUT population per NIR Input node, one population per neuron node
(LIF -> LIF, CubaLIF -> CUBA, CubaLI -> CUBA with a threshold no potential exceeds, IF
-> IF, LI / Integrator -> LI, Threshold -> LIF with beta 0 and immediate zero reset, which
is exactly a stateless threshold). Everything
between two neuron nodes (Affine, Linear, Scale, Conv2d, SumPool2d, AvgPool2d, Flatten,
Delay, and sums of several of them) is one projection per (source, target) path: a
single Conv2d / pooling node becomes CONV2D, a single Scale ONE_TO_ONE, anything else the
composed matrix, DENSE (or SPARSE when at most a quarter of it is non-zero). Delay nodes
add up to the projection delay in ticks; an edge closing a cycle adds one tick.

Units. A population's potential scale S (units per 1.0 of NIR potential) is a power of
two chosen so that the largest potential expected (threshold, reset value, calibrated
|v| and |i_syn|, the largest one-tick drive) is about 2^28: 8x headroom below int32 and
~28 bits of resolution for the leak. The input gain of the target neuron (r*dt/tau for
LIF/LI, r*dt*w_in*dt/tau_syn/tau_mem... see `_neuron`) is folded into the weights,
v_leak*dt/tau into the bias. A projection's shift s is then picked among the no-clip
shift and up to four smaller ones, minimizing the expected absolute weight error
(each weight weighted by its source's calibrated firing rate): int8 weight q counts
q * 2^s units. Per-neuron biases that differ become a 1-neuron "bias" population that
fires every tick, with a DENSE projection carrying the biases.

Learning rules and the power mode (SEMANTICS.md 11, 12; :mod:`.exportrules`, re-exported
here) can be attached to the exported blob (``--plasticity SPEC``, ``--power SPEC``;
:func:`learning_rule`, :func:`power_config`, ``export(..., plasticity=, power=)``), or to
any existing blob (:func:`attach`).
"""

from __future__ import annotations

import math
import os
import sys

import numpy as np

from . import __version__, blob, calibration, dtconvention, firing, nircheck, nirfile, nirflat
from . import nirlower, quantcheck
from . import nirsim as ns
from .exporterrors import SetupError
from .nirsim import NIRError, kind
from .exportrules import (  # noqa: F401 (documented here: docs/EXPORT.md)
    BlobError, _as_power, _as_rule, attach, decay_to_tau, learning_report, learning_rule,
    parse_plasticity, parse_power, power_config, tau_to_decay)

Q16 = 65536
DEFAULT_DT = 1e-4  # snnTorch's export step, and the NIR paper's graphs'
TARGET_RANGE = 2.0 ** 28
NEVER = 2 ** 31 - 1  # a threshold no int32 potential exceeds (CubaLI, SEMANTICS.md 4.1)


def hwc_perm(shape):
    """perm[k] = NIR (C-order) flat index of SpikeRT neuron k (channel-last for CHW)."""
    n = int(np.prod(shape))
    if len(shape) != 3:
        return np.arange(n)
    c, h, w = shape
    idx = np.arange(n).reshape(c, h, w)  # NIR flat index at (c, y, x)
    return idx.transpose(1, 2, 0).reshape(-1)  # SpikeRT order (y, x, c)


def _uniform(name, what, values):
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    if v.size and not np.allclose(v, v[0], rtol=1e-6, atol=1e-12):
        raise NIRError(f"node '{name}': {what} varies per neuron ({v.min():g} .. {v.max():g}); "
                       f"SpikeRT has one {what} per population")
    return float(v[0]) if v.size else 0.0


class Exporter:
    def __init__(self, graph, *, dt=None, reset_mode="zero", reset_timing="immediate",
                 name="model", samples=None, quiet=False, out=None, samples_label="samples"):
        """``graph``: a nir.NIRGraph or a path (read by :func:`nirfile.read`); both are
        checked by :func:`nircheck.check_graph` before anything is computed."""
        self.out = out or sys.stdout
        self.quiet = quiet
        if dt is not None:
            dt = nircheck.check_dt(dt, "dt")
        self.reset_mode, self.reset_timing = reset_mode, reset_timing
        if not _is_graph(graph):
            graph = nirfile.read(graph)
        self.warnings = []
        graph = nirflat.flatten(graph, self.warn)
        complaint = nircheck.nir_type_check(graph)
        if complaint:
            self.warn(complaint)
        graph = nirlower.lower(graph)
        self.dt, self.dt_origin = self._time_step(graph, dt)
        nircheck.check_graph(graph, self.dt)
        self.sim = ns.FloatSim(graph, dt=self.dt, reset_mode=reset_mode,
                               reset_timing=reset_timing)
        self.st = self.sim.st
        self.name = name
        if samples is not None:
            samples = calibration.check(samples, sum(self.sim.input_sizes()), samples_label)
        self.samples = samples

    def _time_step(self, graph, dt):
        """(dt, where it came from): the one given, else the one the graph shows
        (:mod:`.dtconvention`), else DEFAULT_DT; a given one that differs from what the
        graph shows is warned about."""
        shown = dtconvention.implied_dt(graph)
        if dt is None:
            if shown is None:
                return DEFAULT_DT, "default"
            return shown, "from the graph: every neuron has unit input gain at this step"
        if shown is not None and abs(dt - shown) > dtconvention.REL * shown:
            self.warn(f"dt={dt:g} s, but every neuron of the graph has unit input gain at "
                      f"dt={shown:g} s, the step it was most likely exported at (snnTorch "
                      f"1e-4, Sinabs 1); leave --dt out to use it")
        return dt, "given"

    def warn(self, message: str) -> None:
        """One line on stderr (unless quiet), kept in ``self.warnings``: the export goes
        on, but the user should look."""
        if message in self.warnings:
            return
        self.warnings.append(message)
        if not self.quiet:
            print(f"spikert-export: warning: {message}", file=sys.stderr)

    # ---------------------------------------------------------------------- neurons
    def _neuron(self, n):
        """model, beta, alpha, theta, v_reset, per-neuron input gain, per-neuron bias (all
        in NIR potential units)."""
        node = self.st.nodes[n]
        k = kind(node)
        size = self.sim.size(n)
        dt = self.dt
        P = lambda f: ns._param(node, f, (size,))  # noqa: E731
        d = {"alpha": 0.0, "theta": 0.0, "v_reset": 0.0, "bias": np.zeros(size)}
        if k == "LIF":
            tau = _uniform(n, "tau", P("tau"))
            d.update(model="lif", beta=1 - dt / tau, gain=P("r") * dt / tau,
                     bias=P("v_leak") * dt / tau)
        elif k in ("CubaLIF", "CubaLI"):
            ts = _uniform(n, "tau_syn", P("tau_syn"))
            tm = _uniform(n, "tau_mem", P("tau_mem"))
            if np.any(P("v_leak") != 0):
                raise NIRError(f"node '{n}': {k} v_leak != 0 cannot be folded into a bias "
                               f"(SpikeRT's bias drives i_syn, not v); accepted: v_leak = 0")
            d.update(model="cuba", beta=1 - dt / tm, alpha=1 - dt / ts,
                     gain=P("r") * dt / tm * P("w_in") * dt / ts)
        elif k == "IF":
            d.update(model="if", beta=1.0, gain=P("r") * dt)
        elif k == "LI":
            tau = _uniform(n, "tau", P("tau"))
            d.update(model="li", beta=1 - dt / tau, gain=P("r") * dt / tau,
                     bias=P("v_leak") * dt / tau)
        elif k in ("I", "Integrator"):
            d.update(model="li", beta=1.0, gain=P("r") * dt)
        elif k == "Threshold":
            d.update(model="lif", beta=0.0, gain=np.ones(size),
                     theta=_uniform(n, "threshold", P("threshold")))
        if k in ("LIF", "CubaLIF", "IF"):
            d["theta"] = _uniform(n, "v_threshold", P("v_threshold"))
            if getattr(node, "v_reset", None) is not None:
                d["v_reset"] = _uniform(n, "v_reset", P("v_reset"))
        for f in ("beta", "alpha"):
            if not 0.0 <= d[f] <= 1.0:  # time constants are > 0 (nircheck): dt > tau
                raise NIRError(f"node '{n}': {f} = {d[f]:g} outside 0..1 (dt={dt:g} larger "
                               f"than the time constant)")
        for f, what in (("gain", "input gain"), ("bias", "bias (v_leak dt/tau)")):
            v = np.asarray(d[f], dtype=np.float64)
            if not np.all(np.isfinite(v)):
                raise NIRError(f"node '{n}': its {what} overflows ({_first_bad(v):g}); "
                               f"the parameters are too large")
        return d

    # ---------------------------------------------------------------------- paths
    def _paths(self, n):
        """Projections into neuron node n: list of dicts (source, matrix in NIR order
        (n_tgt, n_src), delay, ops), and the bias vector contributed by Affine/Conv."""
        paths, bias = [], np.zeros(self.sim.size(n))

        def visit(node_name, down, delay, ops, stack):
            for p in self.st.preds[node_name]:
                d = delay + (1 if (p, node_name) in self.st.back else 0)
                pk = kind(self.st.nodes[p])
                if pk == "Input" or pk in ns.SPIKING_TYPES:
                    paths.append({"source": p, "matrix": down, "delay": d, "ops": ops})
                    continue
                if pk in ("LI", "CubaLI", "I", "Integrator"):
                    raise NIRError(f"node '{p}': {pk} does not spike; it can only feed an "
                                   f"Output, not node '{n}'")
                if pk == "Output":
                    raise NIRError(f"node '{p}': an Output node cannot feed node '{n}'")
                if p in stack:
                    raise NIRError(f"node '{p}': recurrent loop without a neuron node")
                M, b, extra = self._linear(p)
                _check_matrix(n, p, down.shape[0], M.shape[1])
                nonlocal bias
                if b is not None:
                    bias = bias + down @ b
                M = down @ M
                if not np.all(np.isfinite(M)):
                    raise NIRError(f"node '{n}': the weights composed through '{p}' overflow "
                                   f"({_first_bad(M):g})")
                visit(p, M, d + extra, [p] + ops, stack | {p})

        _check_matrix(n, n, self.sim.size(n), self.sim.size(n))
        visit(n, np.eye(self.sim.size(n)), 0, [], {n})
        return paths, bias

    def _linear(self, p):
        """(matrix NIR out x in, bias or None, delay ticks) of a linear node."""
        node = self.st.nodes[p]
        k = kind(node)
        n_in = int(np.prod(self.st.in_shape(p)))
        n_out = self.sim.size(p)
        _check_matrix(p, p, n_out, n_in)
        if k == "Affine":
            return np.asarray(node.weight, float), ns._arr(node.bias).reshape(-1), 0
        if k == "Linear":
            return np.asarray(node.weight, float), None, 0
        if k == "Flatten":
            return np.eye(n_in), None, 0
        if k == "Scale":
            return np.diag(ns._param(node, "scale", (n_in,))), None, 0
        if k == "Delay":
            return np.eye(n_in), None, self.sim.delays[p]
        g = self.sim.geom[p]
        M = np.zeros((n_out, n_in))
        for i in range(n_in):
            e = np.zeros(n_in)
            e[i] = 1
            M[:, i] = ns.conv_forward(e.reshape(self.st.in_shape(p)), g).reshape(-1)
        b = None
        if k == "Conv2d" and getattr(node, "bias", None) is not None:
            b = np.repeat(ns._arr(node.bias).reshape(-1), g["out_h"] * g["out_w"])
        return M, b, 0

    # ---------------------------------------------------------------------- calibrate
    def calibrate(self):
        self.rates = {}
        if self.samples is None:
            return
        bar = None if self.quiet else ns.progress_bar("calibrating")
        self.sim.reset()
        self.sim.run(self.samples, progress=bar)
        self.rates = self.sim.rate
        self.sim.reset()

    # ---------------------------------------------------------------------- export
    def build(self):
        """The golden-format network dict (plus names) and the report lines."""
        # overflows are not warned about: every result that matters is checked to be
        # finite (_neuron, _paths, quantcheck.check_range) and refused with a message
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._build()

    def _build(self):
        self.calibrate()
        st = self.st
        neurons = [n for n in st.order if kind(st.nodes[n]) in ns.NEURON_TYPES]
        pops, names, perms, index = [], [], {}, {}
        self.scales = {}  # neuron node -> potential units per 1.0 of NIR potential
        for n in st.inputs + neurons:
            index[n] = len(pops)
            perms[n] = hwc_perm(st.shapes[n])
            names.append(n)
            pops.append(None)
        projs, pnames, report = [], [], []
        bias_pop = None
        for n in st.inputs:
            pops[index[n]] = _pop(self.sim.size(n), "input")
        for n in neurons:
            d = self._neuron(n)
            paths, pbias = self._paths(n)
            gain = d["gain"]
            bias_f = gain * pbias + d["bias"]
            # potential range -> scale S = 2^k; what sets it is named when it is refused
            rng, source = self._potential_range(n, d, paths, bias_f)
            k = math.floor(math.log2(TARGET_RANGE / rng))
            S = 2.0 ** k
            quantcheck.check_threshold(n, d["theta"], S, k, rng, source)
            self._check_firing(n, d, paths, bias_f)
            threshold_pop = kind(st.nodes[n]) == "Threshold"
            pop = _pop(self.sim.size(n), d["model"],
                       threshold=_i32(d["theta"] * S, n, "threshold"),
                       beta=int(round(d["beta"] * Q16)), alpha=int(round(d["alpha"] * Q16)),
                       v_reset=_i32(d["v_reset"] * S, n, "v_reset"),
                       reset="zero" if threshold_pop else
                       ("zero" if self.reset_mode == "zero" else "subtract"),
                       reset_timing="immediate" if threshold_pop else self.reset_timing)
            if kind(st.nodes[n]) == "CubaLI":
                # CUBA that never spikes: v is int32 and a spike needs v > threshold
                pop["threshold"] = NEVER
            self.scales[n] = S
            report.append(f"population {n:14s} {d['model']:5s} n={self.sim.size(n):<6d} "
                          f"S=2^{k} units/1.0  threshold={pop['threshold']}  "
                          f"beta={pop['beta']}  alpha={pop['alpha']}")
            perm_t = perms[n]
            if bias_f.size and np.allclose(bias_f, bias_f[0], rtol=1e-9, atol=0):
                pop["bias"] = _i32(bias_f[0] * S, n, "bias")
            elif bias_f.size:
                if bias_pop is None:
                    bias_pop = len(pops)
                    pops.append(_pop(1, "lif", beta=0, bias=1, threshold=0))
                    names.append("bias")
                W = (bias_f * S)[perm_t][None, :]
                q = self._quantize(W, np.ones(1), f"bias->{n}", "dense", report)
                projs.append(_proj(bias_pop, index[n], "dense", q["w"], 0, q["shift"]))
                pnames.append(f"bias->{n}")
            pops[index[n]] = pop
            for p in paths:
                src = p["source"]
                if p["delay"] > 255:
                    raise NIRError(f"node '{n}': delay {p['delay']} ticks from '{src}' > 255")
                perm_s = perms[src]
                W = (gain[:, None] * p["matrix"] * S)[perm_t][:, perm_s].T  # (n_src, n_tgt)
                rate = self.rates.get(src)
                rate = rate[perm_s] if rate is not None else np.ones(W.shape[0])
                ops = [o for o in p["ops"] if kind(st.nodes[o]) not in ("Flatten", "Delay")]
                label = f"{src}->{n}" + (f" D={p['delay']}" if p["delay"] else "")
                kinds = [kind(st.nodes[o]) for o in ops]
                conv_ok = (len(ops) == 1 and kinds[0] in ("Conv2d", "SumPool2d", "AvgPool2d")
                           and np.allclose(gain, gain[0]))
                if conv_ok:
                    g = self.sim.geom[ops[0]]
                    K = g["weight"].transpose(2, 3, 1, 0) * gain[0] * S  # kh kw c o
                    q = self._quantize(K, rate, label, "conv2d", report, dense=W)
                    conv = {f: g[f] for f in ("in_h", "in_w", "in_c", "out_c", "k_h", "k_w",
                                              "stride_h", "stride_w", "pad_h", "pad_w")}
                    projs.append(_proj(index[src], index[n], "conv2d", q["w"], p["delay"],
                                       q["shift"], conv=conv))
                elif kinds == ["Scale"] and W.shape[0] == W.shape[1]:
                    q = self._quantize(np.diag(W), rate, label, "one_to_one", report)
                    projs.append(_proj(index[src], index[n], "one_to_one", q["w"],
                                       p["delay"], q["shift"]))
                else:
                    q = self._quantize(W, rate, label, "dense", report)
                    w8 = q["w"].reshape(W.shape)
                    nz = w8 != 0
                    if nz.mean() <= 0.25 and W.shape[1] <= 65535:
                        row_ptr = np.concatenate([[0], np.cumsum(nz.sum(axis=1))])
                        cols = np.concatenate([np.flatnonzero(r) for r in nz] + [[]])
                        projs.append(_proj(index[src], index[n], "sparse", w8[nz],
                                           p["delay"], q["shift"], row_ptr=row_ptr,
                                           col=cols.astype(np.int64)))
                        report[-1] = report[-1].replace(" dense ", " sparse")
                    else:
                        projs.append(_proj(index[src], index[n], "dense", w8, p["delay"],
                                           q["shift"]))
                pnames.append(label)
        decs, dnames = [], []
        for o in st.outputs:
            for p in st.preds[o]:
                pk = kind(st.nodes[p])
                if pk in ns.SPIKING_TYPES:
                    decs.append({"population": index[p], "kind": "count"})
                elif pk in ("LI", "CubaLI", "I", "Integrator"):
                    decs.append({"population": index[p], "kind": "membrane"})
                elif pk == "Input":
                    decs.append({"population": index[p], "kind": "count"})
                else:
                    raise NIRError(f"node '{o}': Output fed by {pk} node '{p}'; SpikeRT "
                                   f"decodes populations only (end the graph with a neuron)")
                dnames.append(o)
        net = {"name": self.name, "seed": "0x0000000000000000", "populations": pops,
               "projections": projs, "encoders": [], "decoders": decs}
        self.names = {"populations": names, "projections": pnames, "encoders": [],
                      "decoders": dnames}
        self.perms = perms
        self.index = index
        self.report = report
        return net

    def _check_firing(self, n, d, paths, bias_f):
        """Warn when neuron node n cannot fire or fires whatever its inputs
        (:mod:`.firing`), from its largest and smallest drive of one tick."""
        hi = np.array(bias_f, dtype=np.float64).reshape(-1) * np.ones(self.sim.size(n))
        lo = hi.copy()
        for p in paths:
            m = d["gain"][:, None] * p["matrix"]
            hi += np.sum(np.clip(m, 0, None), axis=1)
            lo += np.sum(np.clip(m, None, 0), axis=1)
        message = firing.check(n, d["model"], d["beta"], d["alpha"], d["theta"],
                               float(np.max(hi, initial=0)), float(np.min(lo, initial=0)),
                               self.dt)
        if message:
            self.warn(message)

    def _potential_range(self, n, d, paths, bias_f):
        """(largest expected |potential| of neuron node n, what sets it)."""
        drives = [(float(np.max(np.sum(np.abs(d["gain"][:, None] * p["matrix"]), axis=1),
                                initial=0)), p["source"]) for p in paths]
        top, src = max(drives, key=lambda x: x[0]) if drives else (0.0, None)
        bias_max = float(np.max(np.abs(bias_f), initial=0))
        drive = top + bias_max
        what = (f"the one-tick drive through {src}->{n}" if top >= bias_max else
                f"the bias of '{n}': v_leak, Affine / Conv biases")
        parts = [(abs(d["theta"]), "its threshold"), (abs(d["v_reset"]), "its v_reset"),
                 (drive, what)]
        if d["model"] == "cuba":
            parts.append((drive / max(1 - d["alpha"], 1e-9) * (1 - d["beta"]),
                          what + ", integrated by the synaptic current"))
        if d["model"] == "li":
            parts.append((drive / max(1 - d["beta"], 1e-3), what + ", integrated"))
        if kind(self.st.nodes[n]) == "CubaLI":  # no threshold bounds v: its steady state
            parts.append((drive / max(1 - d["alpha"], 1e-3) / max(1 - d["beta"], 1e-3),
                          what + ", integrated by the current and the membrane"))
        if self.rates:
            v = self.sim.vmax.get(n, 0.0) * 1.25
            parts.append((v if math.isfinite(v) else math.inf, "the calibrated potential"))
        parts = [(v if not math.isnan(v) else math.inf, s) for v, s in parts]
        rng, source = quantcheck.largest(parts)
        quantcheck.check_range(n, rng, source)
        return max(rng, 1e-9), source

    def _quantize(self, W, rate, label, kindname, report, dense=None):
        """Pick the shift of one projection; int8 weights and a report line."""
        W = np.asarray(W, float)
        wr = dense if dense is not None else W
        r = np.asarray(rate if rate is not None else np.ones(wr.shape[0]), float).reshape(-1)
        if wr.ndim == 1:
            weight = r * 1.0
        else:
            weight = np.repeat(r[:, None], wr.shape[1], axis=1)
        amax = float(np.max(np.abs(W), initial=0))
        s0 = 0 if amax <= 127 else min(24, math.ceil(math.log2(amax / 127.0)))
        best = None
        for s in range(s0, max(-1, s0 - 5), -1):
            qs = lambda M: np.clip(np.rint(M / 2.0 ** s), -128, 127)  # noqa: E731
            err_w = np.abs(wr - qs(wr) * 2.0 ** s)
            e = float(np.sum(err_w * weight))
            if best is None or e < best[0] * 0.999:
                best = (e, s)
        s = best[1]
        q = np.clip(np.rint(W / 2.0 ** s), -128, 127).astype(np.int64)
        qd = np.clip(np.rint(wr / 2.0 ** s), -128, 127)
        clipped = np.abs(wr / 2.0 ** s) > 127.5
        wsum = float(np.sum(weight)) or 1.0
        clip_pct = 100.0 * float(np.sum(clipped * weight)) / wsum
        err = np.abs(wr - qd * 2.0 ** s)
        err_lsb = float(np.sum(err * weight)) / wsum / 2.0 ** s
        mag = float(np.sum(np.abs(wr) * weight)) or 1.0
        rel = float(np.sum(err * weight)) / mag
        zero = quantcheck.zeroed_share(wr, qd, weight)[0]
        report.append(f"  projection {label:22s} {kindname:10s} shape={'x'.join(map(str, W.shape)):12s} "
                      f"shift={s:2d} 1 LSB={2.0 ** s:.4g} units  clip={clip_pct:5.2f}%  "
                      f"zero={100 * zero:5.2f}%  err={err_lsb:.3f} LSB  rel={100 * rel:.3f}%")
        if s > 24:
            raise NIRError(f"projection {label}: needs shift {s} > 24")
        quantcheck.check_zeroed(label, wr, qd, weight, s)
        return {"w": q.reshape(-1), "shift": int(max(s, 0))}

    def blob_bytes(self, net):
        body = blob.case_to_body(net, dt_ns=int(round(self.dt * 1e9)),
                                 producer=f"spikert-export {__version__} (nir)",
                                 names=self.names)
        data = blob.encode(body)
        blob.validate(data)
        return data

    def input_to_spikert(self, spikes_flat_nir):
        """(T, total inputs) in NIR order -> same in SpikeRT channel order."""
        out, off = [], 0
        for n in self.st.inputs:
            size = self.sim.size(n)
            out.append(spikes_flat_nir[:, off:off + size][:, self.perms[n]])
            off += size
        return np.concatenate(out, axis=1)


def _is_graph(graph) -> bool:
    import nir

    return isinstance(graph, nir.NIRGraph)


def _check_matrix(node, via, rows, cols):
    """Refuse a dense matrix too large to compose in memory."""
    if rows * cols > nircheck.MAX_ENTRIES:
        where = f"node '{node}'" + (f" through '{via}'" if via != node else "")
        raise NIRError(f"{where}: composing the projection needs a dense {rows} x {cols} "
                       f"matrix ({rows * cols * 8 / 2**30:.1f} GiB); the exporter's limit is "
                       f"2^27 entries")


def _first_bad(a):
    a = np.asarray(a, dtype=np.float64).reshape(-1)
    bad = a[~np.isfinite(a)]
    return float(bad[0]) if bad.size else 0.0


def _i32(x, node, what):
    v = int(round(float(x)))
    if not -(2**31) <= v < 2**31:
        raise NIRError(f"node '{node}': {what} does not fit int32")
    return v


def _pop(size, model, **kw):
    d = {"size": int(size), "model": model, "threshold": 0, "beta": 0, "alpha": 0,
         "reset": "subtract", "reset_timing": "delayed", "v_reset": 0, "v_init": 0,
         "refractory": 0, "bias": 0, "adapt_inc": 0, "adapt_decay": 0, "izh_a": 0,
         "izh_b": 0, "izh_c": 0, "izh_d": 0, "v_peak": 0}
    d.update(kw)
    return d


def _proj(src, tgt, kindname, w, delay, shift, row_ptr=(), col=(), conv=None):
    return {"source": src, "target": tgt, "kind": kindname, "delay": int(delay),
            "shift": int(shift), "weights": [int(x) for x in np.asarray(w).reshape(-1)],
            "row_ptr": [int(x) for x in row_ptr], "col": [int(x) for x in col], "conv": conv}


def export(graph, *, dt=None, reset_mode="zero", reset_timing="immediate", name="model",
           samples=None, quiet=False, out=None, plasticity=None, power=None,
           samples_label="samples"):
    """NIR graph (object or path) -> (blob bytes, Exporter). Prints the report.

    The graph, ``dt`` and ``samples`` are checked first (:mod:`.nircheck`,
    :mod:`.calibration`): errors are ``exporterrors.InputError`` (a ``NIRError``) for a
    malformed graph, ``exporterrors.UsageError`` for a bad ``dt`` or ``samples``,
    ``NIRError`` / ``BlobError`` for what the blob cannot represent.

    ``plasticity``: learning rules to attach (:func:`learning_rule` dicts or
    ``--plasticity`` SPEC strings; a rule names its projection by index or by the
    label the report prints, e.g. ``"input->lif1"``); ``power``: :func:`power_config`
    dict or ``--power`` SPEC."""
    ex = Exporter(graph, dt=dt, reset_mode=reset_mode, reset_timing=reset_timing, name=name,
                  samples=samples, quiet=quiet, out=out, samples_label=samples_label)
    schema = blob.schema_path()
    if not os.path.isfile(schema):  # every blob is validated; say so before the work
        raise SetupError(f"setup: cannot check blobs: the schema {schema} is missing (this "
                         f"copy of spikert-tools was installed without its model.cddl: "
                         f"reinstall it with pip from the repository, or set SPIKERT_CDDL to "
                         f"a docs/model.cddl)")
    net = ex.build()
    if plasticity:
        net["plasticity"] = blob.normalize_plasticity(
            [_as_rule(r) for r in plasticity], net["projections"],
            projection_names=ex.names["projections"])
    if power is not None:
        net["power"] = blob.normalize_power(_as_power(power), net["populations"])
    if plasticity or power is not None:
        ex.report += learning_report(net, ex.names)
    data = ex.blob_bytes(net)
    ex.network = net
    if not quiet:
        stream = out or sys.stdout
        print(f"spikert-export: {name}: dt={ex.dt:g} s ({ex.dt_origin}), reset {reset_mode}/{reset_timing}, "
              f"calibration: {'samples' if samples is not None else 'weights only'}",
              file=stream)
        for line in ex.report:
            print(line, file=stream)
    return data, ex


def main(argv=None):
    """The spikert-export command (:mod:`.export_cli`); returns the exit status."""
    from .export_cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
