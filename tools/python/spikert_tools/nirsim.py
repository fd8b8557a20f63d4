"""A float simulator of NIR graphs in numpy, in discrete time.

It is the yardstick for the exporter: it runs the NIR graph itself, node by node, in
float64, with the same time step ``dt`` and the same reset options the exporter is given,
and never looks at the quantized network. Discretization (forward Euler, one step per
tick, inputs of a tick reach every node of the tick's feed-forward pass):

=============  ======================================================================
node           per tick (``x`` = sum of the node's inputs this tick)
=============  ======================================================================
Input          the input spikes of the tick
Affine/Linear  ``W x + b`` / ``W x`` (NIR weight shape ``(out, in)``)
Scale          ``scale * x``
Conv2d         PyTorch conv2d of ``x`` (CHW), plus bias
SumPool2d      sum over each window; AvgPool2d: the mean
Flatten        reshape to 1-D (C order)
Delay          ``x`` of ``round(delay / dt)`` ticks ago (zeros before tick 0)
LIF            ``v <- (1 - dt/tau) v + dt/tau (v_leak + r x)``; spike ``v > v_threshold``
CubaLIF        ``i <- (1 - dt/tau_syn) i + dt/tau_syn w_in x``; then LIF on ``i`` with tau_mem
IF             ``v <- v + dt r x``; spike ``v > v_threshold``
LI             LIF without spikes; Integrator (``nir.I``): ``v <- v + dt r x``
CubaLI         CubaLIF without spikes
Threshold      spike ``x > threshold`` (stateless)
Output         ``x``
=============  ======================================================================

Reset (spiking neurons): ``reset_mode`` "zero" (NIR: ``v <- v_reset``) or "subtract"
(``v <- v - v_threshold``); ``reset_timing`` "immediate" (NIR: in the tick of the spike)
or "delayed" (snnTorch: the spike of tick t resets at tick t+1; with "zero" the tick after
a spike starts from ``v_reset`` with no leak), exactly the rows of docs/SEMANTICS.md 4.1.

Cycles (recurrent NIR graphs): nodes are visited in a depth-first reverse post-order
from the inputs; an edge that points back in that order reads its source's output of
the previous tick (snnTorch's RLeaky convention). The exporter uses the same order.
"""

from __future__ import annotations

import sys

import numpy as np

NEURON_TYPES = ("LIF", "CubaLIF", "IF", "LI", "CubaLI", "I", "Integrator", "Threshold")
SPIKING_TYPES = ("LIF", "CubaLIF", "IF", "Threshold")
LINEAR_TYPES = ("Affine", "Linear", "Scale", "Conv2d", "SumPool2d", "AvgPool2d",
                "Flatten", "Delay")


class NIRError(ValueError):
    """A graph that cannot be simulated or exported; the message names the node."""


def kind(node) -> str:
    return type(node).__name__


def _arr(x):
    return np.asarray(x, dtype=np.float64)


def _pair(x):
    a = np.asarray(x).reshape(-1)
    if a.size == 1:
        return int(a[0]), int(a[0])
    return int(a[0]), int(a[1])


def load(graph_or_path):
    """A nir.NIRGraph, or a path to a .nir file (nir.read)."""
    import nir

    if isinstance(graph_or_path, nir.NIRGraph):
        return graph_or_path
    return nir.read(str(graph_or_path))


# ------------------------------------------------------------------------------ structure

class Structure:
    """Order, back edges, predecessors and output shapes of a NIR graph."""

    def __init__(self, graph):
        import nir

        from .nirflat import resolve  # (nirflat's errors import this module)

        self.graph = graph
        self.nodes = dict(graph.nodes)
        for name, node in self.nodes.items():
            if isinstance(node, nir.NIRGraph):
                raise NIRError(f"node '{name}': nested NIR subgraphs are not supported; "
                               f"flatten the graph first")
            k = kind(node)
            if k not in NEURON_TYPES + LINEAR_TYPES + ("Input", "Output"):
                raise NIRError(f"node '{name}': node type {k} is not supported")
        self.preds = {n: [] for n in self.nodes}
        self.succs = {n: [] for n in self.nodes}
        for src, dst in graph.edges:
            src, dst = (resolve(e, self.nodes, "", (src, dst))[0] for e in (src, dst))
            self.preds[dst].append(src)
            self.succs[src].append(dst)
        self.inputs = [n for n in self.nodes if kind(self.nodes[n]) == "Input"]
        self.outputs = [n for n in self.nodes if kind(self.nodes[n]) == "Output"]
        if not self.inputs:
            raise NIRError("graph: no Input node")
        # depth-first reverse post-order from the inputs
        seen, post = set(), []
        for root in self.inputs:
            if root in seen:
                continue
            stack = [(root, iter(self.succs[root]))]
            seen.add(root)
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    post.append(node)
                    stack.pop()
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, iter(self.succs[nxt])))
        unreached = [n for n in self.nodes if n not in seen]
        if unreached:
            raise NIRError(f"node '{unreached[0]}': not reachable from any Input node")
        self.order = post[::-1]
        pos = {n: k for k, n in enumerate(self.order)}
        self.back = {(s, d) for d in self.nodes for s in self.preds[d] if pos[s] >= pos[d]}
        self.shapes = {}
        for n in self.order:
            self.shapes[n] = self._shape(n)

    def in_shape(self, name):
        fwd = [p for p in self.preds[name] if (p, name) not in self.back]
        if not fwd:
            raise NIRError(f"node '{name}': has no feed-forward input")
        return self.shapes[fwd[0]]

    def _shape(self, name):
        node = self.nodes[name]
        k = kind(node)
        if k == "Input":
            t = node.input_type
            shp = t.get("input", next(iter(t.values()))) if isinstance(t, dict) else t
            return tuple(int(x) for x in np.asarray(shp).reshape(-1))
        ins = self.in_shape(name)
        if k in ("Affine", "Linear"):
            w = np.asarray(node.weight)
            if w.ndim != 2:
                raise NIRError(f"node '{name}': {k} weight must be 2-D (out, in)")
            if w.shape[1] != int(np.prod(ins)):
                raise NIRError(f"node '{name}': {k} expects {w.shape[1]} inputs, gets "
                               f"shape {ins}")
            return (w.shape[0],)
        if k == "Flatten":
            return (int(np.prod(ins)),)
        if k in ("Conv2d", "SumPool2d", "AvgPool2d"):
            if len(ins) != 3:
                raise NIRError(f"node '{name}': {k} needs a (C, H, W) input, gets {ins}")
            g = conv_geometry(name, node, ins)
            return (g["out_c"], g["out_h"], g["out_w"])
        return ins  # Scale, Delay, neurons, Output: elementwise


def conv_geometry(name, node, in_shape):
    """SEMANTICS.md 2.4 geometry (and the NIR weight) of a Conv2d or pooling node."""
    c, h, w = in_shape
    k = kind(node)
    if k == "Conv2d":
        wt = np.asarray(node.weight, dtype=np.float64)
        if wt.ndim != 4:
            raise NIRError(f"node '{name}': Conv2d weight must be (C_out, C_in, kH, kW)")
        if int(node.groups) != 1:
            raise NIRError(f"node '{name}': Conv2d groups={node.groups} is not supported")
        if _pair(node.dilation) != (1, 1):
            raise NIRError(f"node '{name}': Conv2d dilation={node.dilation} is not supported")
        out_c, in_c, kh, kw = wt.shape
        if in_c != c:
            raise NIRError(f"node '{name}': Conv2d has {in_c} input channels, input has {c}")
        sh, sw = _pair(node.stride)
        if isinstance(node.padding, str):
            if node.padding == "valid":
                ph, pw = 0, 0
            else:
                if (kh % 2 == 0 or kw % 2 == 0) or (sh, sw) != (1, 1):
                    raise NIRError(f"node '{name}': padding='same' needs an odd kernel and "
                                   f"stride 1")
                ph, pw = kh // 2, kw // 2
        else:
            ph, pw = _pair(node.padding)
    else:
        kh, kw = _pair(node.kernel_size)
        sh, sw = _pair(node.stride)
        ph, pw = _pair(node.padding)
        out_c = in_c = c
        wt = np.zeros((c, c, kh, kw))
        for ch in range(c):
            wt[ch, ch] = 1.0 if k == "SumPool2d" else 1.0 / (kh * kw)
    if ph >= kh or pw >= kw:
        raise NIRError(f"node '{name}': padding ({ph}, {pw}) must be smaller than the kernel")
    oh = (h + 2 * ph - kh) // sh + 1
    ow = (w + 2 * pw - kw) // sw + 1
    if oh < 1 or ow < 1:
        raise NIRError(f"node '{name}': output size {oh}x{ow} < 1")
    return {"in_h": h, "in_w": w, "in_c": in_c, "out_c": out_c, "k_h": kh, "k_w": kw,
            "stride_h": sh, "stride_w": sw, "pad_h": ph, "pad_w": pw, "out_h": oh,
            "out_w": ow, "weight": wt}


def conv_forward(x, g):
    """PyTorch conv2d (cross-correlation, zero padding) of x (C, H, W) with g's weight."""
    wt = g["weight"]
    xp = np.pad(x, ((0, 0), (g["pad_h"], g["pad_h"]), (g["pad_w"], g["pad_w"])))
    out = np.zeros((g["out_c"], g["out_h"], g["out_w"]))
    for ky in range(g["k_h"]):
        for kx in range(g["k_w"]):
            patch = xp[:, ky:ky + g["stride_h"] * g["out_h"]:g["stride_h"],
                       kx:kx + g["stride_w"] * g["out_w"]:g["stride_w"]]
            out += np.einsum("oc,chw->ohw", wt[:, :, ky, kx], patch)
    return out


def delay_ticks(name, node, dt):
    d = np.asarray(node.delay, dtype=np.float64).reshape(-1)
    ticks = np.rint(d / dt).astype(np.int64)
    if ticks.size and not np.all(ticks == ticks[0]):
        raise NIRError(f"node '{name}': Delay varies per element ({sorted(set(ticks.tolist()))} "
                       f"ticks); only one delay per Delay node is representable")
    t = int(ticks[0]) if ticks.size else 0
    if t < 0:
        raise NIRError(f"node '{name}': negative delay")
    return t


def _param(node, field, shape):
    a = _arr(getattr(node, field))
    n = int(np.prod(shape))
    if a.size == n:
        return a.reshape(-1).copy()
    if a.size == 1:
        return np.full(n, float(a.reshape(-1)[0]))
    raise NIRError(f"parameter {field}: {a.size} values for {n} neurons")


# ------------------------------------------------------------------------------ simulator

class FloatSim:
    """Step a NIR graph in float64 (see the module docstring)."""

    def __init__(self, graph, dt=1e-4, reset_mode="zero", reset_timing="immediate"):
        if reset_mode not in ("zero", "subtract"):
            raise ValueError(f"reset_mode={reset_mode!r}")
        if reset_timing not in ("immediate", "delayed"):
            raise ValueError(f"reset_timing={reset_timing!r}")
        self.st = Structure(load(graph))
        self.dt = float(dt)
        self.reset_mode, self.reset_timing = reset_mode, reset_timing
        self.geom = {}
        self.delays = {}
        for n in self.st.order:
            node = self.st.nodes[n]
            if kind(node) in ("Conv2d", "SumPool2d", "AvgPool2d"):
                self.geom[n] = conv_geometry(n, node, self.st.in_shape(n))
            if kind(node) == "Delay":
                self.delays[n] = delay_ticks(n, node, self.dt)
        self.reset()

    def size(self, name):
        return int(np.prod(self.st.shapes[name]))

    def reset(self):
        self.t = 0
        self.out = {n: np.zeros(self.size(n)) for n in self.st.nodes}
        self.v = {n: np.zeros(self.size(n)) for n in self.st.nodes
                  if kind(self.st.nodes[n]) in NEURON_TYPES}
        self.i = {n: np.zeros(self.size(n)) for n in self.st.nodes
                  if kind(self.st.nodes[n]) in ("CubaLIF", "CubaLI")}
        self.buf = {n: [np.zeros(self.size(n)) for _ in range(d)]
                    for n, d in self.delays.items()}

    def input_sizes(self):
        return [self.size(n) for n in self.st.inputs]

    def step(self, spikes_by_input):
        """One tick. ``spikes_by_input``: one flat 0/1 vector per Input node (NIR C
        order), in the order of ``Structure.inputs``. Returns the dict of node outputs."""
        prev = self.out
        cur = {}
        for k, n in enumerate(self.st.inputs):
            cur[n] = np.asarray(spikes_by_input[k], dtype=np.float64).reshape(-1)
        for n in self.st.order:
            if n in cur:
                continue
            x = np.zeros(int(np.prod(self.st.in_shape(n))))
            for p in self.st.preds[n]:
                x = x + (prev[p] if (p, n) in self.st.back else cur[p])
            cur[n] = self._node(n, x)
        self.out = cur
        self.t += 1
        return cur

    def _node(self, n, x):
        node = self.st.nodes[n]
        k = kind(node)
        dt = self.dt
        shape = self.st.shapes[n]
        size = int(np.prod(shape))
        if k in ("Output", "Flatten"):
            return x
        if k == "Affine":
            return np.asarray(node.weight, dtype=np.float64) @ x + _arr(node.bias).reshape(-1)
        if k == "Linear":
            return np.asarray(node.weight, dtype=np.float64) @ x
        if k == "Scale":
            return _param(node, "scale", (size,)) * x
        if k in ("Conv2d", "SumPool2d", "AvgPool2d"):
            g = self.geom[n]
            y = conv_forward(x.reshape(self.st.in_shape(n)), g)
            if k == "Conv2d" and getattr(node, "bias", None) is not None:
                y = y + _arr(node.bias).reshape(-1, 1, 1)
            return y.reshape(-1)
        if k == "Delay":
            d = self.delays[n]
            if d == 0:
                return x
            buf = self.buf[n]
            y = buf.pop(0)
            buf.append(x)
            return y
        if k == "Threshold":
            return (x > _param(node, "threshold", (size,))).astype(np.float64)
        v = self.v[n]
        if k in ("I", "Integrator"):
            self.v[n] = v + dt * _param(node, "r", (size,)) * x
            return self.v[n]
        if k == "LI":
            tau = _param(node, "tau", (size,))
            self.v[n] = (1 - dt / tau) * v + dt / tau * (
                _param(node, "v_leak", (size,)) + _param(node, "r", (size,)) * x)
            return self.v[n]
        if k == "CubaLI":
            ts, tm = _param(node, "tau_syn", (size,)), _param(node, "tau_mem", (size,))
            self.i[n] = (1 - dt / ts) * self.i[n] + dt / ts * _param(node, "w_in", (size,)) * x
            self.v[n] = (1 - dt / tm) * v + dt / tm * (
                _param(node, "v_leak", (size,)) + _param(node, "r", (size,)) * self.i[n])
            return self.v[n]
        theta = _param(node, "v_threshold", (size,))
        v_reset = _param(node, "v_reset", (size,)) if getattr(node, "v_reset", None) is not None \
            else np.zeros(size)
        if k == "LIF":
            tau = _param(node, "tau", (size,))
            beta = 1 - dt / tau
            drive = dt / tau * (_param(node, "v_leak", (size,)) + _param(node, "r", (size,)) * x)
        elif k == "CubaLIF":
            ts, tm = _param(node, "tau_syn", (size,)), _param(node, "tau_mem", (size,))
            self.i[n] = (1 - dt / ts) * self.i[n] + dt / ts * _param(node, "w_in", (size,)) * x
            beta = 1 - dt / tm
            drive = dt / tm * (_param(node, "v_leak", (size,))
                               + _param(node, "r", (size,)) * self.i[n])
        else:  # IF
            beta = np.ones(size)
            drive = dt * _param(node, "r", (size,)) * x
        s_prev = self.out[n]
        leak = beta * v
        if self.reset_timing == "delayed":
            if self.reset_mode == "subtract":
                v = leak + drive - s_prev * theta
            else:
                v = np.where(s_prev > 0, v_reset + drive, leak + drive)
        else:
            v = leak + drive
        s = (v > theta).astype(np.float64)
        if self.reset_timing == "immediate":
            v = np.where(s > 0, v - theta if self.reset_mode == "subtract" else v_reset, v)
        self.v[n] = v
        return s

    def run(self, inputs, progress=None):
        """Run ``inputs`` (T x sum of input sizes, flat NIR order, inputs concatenated in
        ``Structure.inputs`` order). Returns ``{node: (T, n) array}`` of every node's
        output (spikes for spiking nodes, v for LI/Integrator), and records the largest
        |v| and |i_syn| of every neuron node in ``self.vmax`` / ``self.imax`` and the
        spike rate of every node output in ``self.rate``."""
        inputs = np.asarray(inputs)
        sizes = self.input_sizes()
        split = np.cumsum(sizes)[:-1]
        T = inputs.shape[0]
        rec = {n: np.zeros((T, self.size(n))) for n in self.st.nodes}
        self.vmax = {n: 0.0 for n in self.v}
        self.imax = {n: 0.0 for n in self.i}
        self.vtrace = {n: np.zeros((T, self.size(n))) for n in self.v}
        for t in range(T):
            out = self.step(np.split(inputs[t].reshape(-1), split))
            for n in self.st.nodes:
                rec[n][t] = out[n]
            for n in self.v:
                self.vmax[n] = max(self.vmax[n], float(np.max(np.abs(self.v[n]), initial=0)))
                self.vtrace[n][t] = self.v[n]
            for n in self.i:
                self.imax[n] = max(self.imax[n], float(np.max(np.abs(self.i[n]), initial=0)))
            if progress:
                progress(t + 1, T)
        self.rate = {n: rec[n].mean(axis=0) if T else np.zeros(self.size(n)) for n in rec}
        return rec


def progress_bar(label, stream=None, width=30):
    """A small text progress bar on stderr: returns a callback(done, total)."""
    stream = stream or sys.stderr
    state = {"last": -1}

    def cb(done, total):
        pct = int(100 * done / max(total, 1))
        if pct == state["last"] and done != total:
            return
        state["last"] = pct
        fill = int(width * done / max(total, 1))
        stream.write(f"\r{label} [{'#' * fill}{'.' * (width - fill)}] {pct:3d}% "
                     f"{done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return cb
