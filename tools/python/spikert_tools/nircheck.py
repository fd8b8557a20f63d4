"""Validate a NIR graph before it is simulated or quantized.

:func:`check_graph` looks at every node, parameter and edge of a ``nir.NIRGraph`` and
stops at the first problem with one line that names it:

* edges: both ends name an existing node (an end is a node name, or a node name plus a
  ``.port`` suffix when the whole string is not a node: :func:`.nirflat.resolve`), no
  edge twice, none into an Input or out of an
  Output;
* node types: the exporter's (nested subgraphs are flattened before, by
  :mod:`.nirflat`; other types are refused);
* values: every parameter numeric and finite; time constants (``tau``, ``tau_syn``,
  ``tau_mem``) > 0; the input resistance ``r`` and CubaLIF's ``w_in`` > 0 (0 would cut
  the neuron off from its inputs); delays >= 0 and at most 255 ticks at ``dt``;
  convolution and pooling sizes positive integers (padding >= 0);
* shapes: Input shapes positive integers; per-neuron parameters one value or one per
  neuron; every input of a node the same size; Affine / Conv2d biases one per output;
  an Output's declared size equal to what feeds it; populations at most 65535 neurons.

Problems of the input are :class:`~.exporterrors.InputError`; graphs that are valid
but cannot be represented raise ``NIRError`` ("refused"). :func:`check_dt` checks the
time step.
"""

from __future__ import annotations

import math

import numpy as np

from . import nirsim as ns
from .exporterrors import InputError, UsageError
from . import nirflat
from .nirsim import NIRError, kind

DT_MIN, DT_MAX = 1e-9, 3600.0  # seconds: one nanosecond (the blob's unit) .. one hour
MAX_POPULATION = 65535  # docs/model.cddl: a population's size is 1..65535
MAX_DELAY_TICKS = 255
MAX_ENTRIES = 2 ** 27  # values in one dataset, entries of one dense matrix (1 GiB float64)

# per field: (rule, required)
TAU, R, POS, FIN, NONNEG, INT1, INT0, PAD = ("tau", "r", "pos", "fin", "nonneg", "int1",
                                             "int0", "pad")
FIELDS = {
    "LIF": {"tau": TAU, "r": R, "v_leak": FIN, "v_threshold": FIN, "v_reset": FIN},
    "CubaLIF": {"tau_syn": TAU, "tau_mem": TAU, "r": R, "v_leak": FIN, "v_threshold": FIN,
                "v_reset": FIN, "w_in": POS},
    "IF": {"r": R, "v_threshold": FIN, "v_reset": FIN},
    "CubaLI": {"tau_syn": TAU, "tau_mem": TAU, "r": R, "v_leak": FIN, "w_in": POS},
    "LI": {"tau": TAU, "r": R, "v_leak": FIN},
    "I": {"r": R},
    "Integrator": {"r": R},
    "Threshold": {"threshold": FIN},
    "Affine": {"weight": FIN, "bias": FIN},
    "Linear": {"weight": FIN},
    "Scale": {"scale": FIN},
    "Conv2d": {"weight": FIN, "bias": FIN, "stride": INT1, "padding": PAD, "dilation": INT1,
               "groups": INT1},
    "Conv1d": {"weight": FIN, "bias": FIN, "stride": INT1, "padding": PAD, "dilation": INT1,
               "groups": INT1},
    "SumPool2d": {"kernel_size": INT1, "stride": INT1, "padding": INT0},
    "AvgPool2d": {"kernel_size": INT1, "stride": INT1, "padding": INT0},
    "Delay": {"delay": NONNEG},
}
OPTIONAL = {"v_reset", "bias"}  # may be None (Conv2d bias, LIF/IF/CubaLIF v_reset)
# parameters with one value per neuron (or one for all)
ELEMENTWISE = ns.NEURON_TYPES + ("Scale", "Delay")
WHY = {
    TAU: "is not a positive time constant",
    R: "is not a positive input resistance",
    POS: "is not a positive input weight",
    FIN: "is not a finite number",
    NONNEG: "is not a delay (a delay is >= 0 seconds)",
    INT1: "is not a positive integer",
    INT0: "is not an integer >= 0",
    PAD: "is not an integer >= 0 (or 'same' / 'valid')",
}


def fmt(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    return f"{x:g}"


def check_dt(dt, label: str = "--dt") -> float:
    """``dt`` as a float in DT_MIN..DT_MAX seconds, or :class:`UsageError`."""
    try:
        v = float(dt)
    except (TypeError, ValueError):
        raise UsageError(f"{label} {dt!r}: not a number of seconds") from None
    if not math.isfinite(v):
        raise UsageError(f"{label} {fmt(v)}: not a finite number of seconds")
    if not DT_MIN <= v <= DT_MAX:
        raise UsageError(f"{label} {fmt(v)}: outside {DT_MIN:g} .. {DT_MAX:g} seconds (one "
                         f"tick is stored in whole nanoseconds; snnTorch's step is 1e-4)")
    return v


def _values(name: str, field: str, value) -> np.ndarray:
    if isinstance(value, str):
        raise InputError(f"node '{name}' parameter {field}: {value!r} is not a number")
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"node '{name}' parameter {field}: not numeric "
                         f"({type(value).__name__})") from None
    if np.iscomplexobj(value):
        raise InputError(f"node '{name}' parameter {field}: complex values")
    return a


def _bad(a: np.ndarray, rule: str) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(a)
        if rule in (TAU, R, POS):
            return ~(finite & (a > 0))
        if rule == NONNEG:
            return ~(finite & (a >= 0))
        if rule in (INT1, INT0, PAD):
            lo = 1 if rule == INT1 else 0
            return ~(finite & (a == np.round(a)) & (a >= lo))
        return ~finite


def check_values(name: str, node, node_kind: str | None = None) -> None:
    """Every parameter of one node numeric, finite and in its range. ``node``: a nir node,
    or the dict of its fields as read from the file (``node_kind`` its type)."""
    get = node.get if isinstance(node, dict) else lambda f: getattr(node, f, None)
    for field, rule in FIELDS.get(node_kind or kind(node), {}).items():
        value = get(field)
        if value is None:
            if field in OPTIONAL:
                continue
            raise InputError(f"node '{name}' parameter {field}: missing")
        if rule == PAD and isinstance(value, str):
            if value not in ("same", "valid"):
                raise InputError(f"node '{name}' parameter {field}: {value!r} {WHY[PAD]}")
            continue
        a = _values(name, field, value)
        if rule in (INT1, INT0, PAD) and a.size not in (1, 2):
            raise InputError(f"node '{name}' parameter {field}: {a.size} values; expected one "
                             f"or two (height, width)")
        bad = _bad(a, rule)
        if np.any(bad):
            idx = tuple(int(i) for i in np.argwhere(bad)[0]) if a.ndim else ()
            value = float(a[idx] if a.ndim else a)
            count = int(np.count_nonzero(bad))
            same = count == a.size and np.array_equal(a, np.full(a.shape, value),
                                                      equal_nan=True)
            where = f"[{', '.join(map(str, idx))}]" if a.size > 1 and not same else ""
            many = (f" (all {a.size} values)" if same and a.size > 1 else
                    f" ({count} of {a.size} values)" if count > 1 else "")
            why = WHY[FIN] if not math.isfinite(value) else WHY[rule]
            hint = ("; 0 would cut the neuron off from its inputs"
                    if rule in (R, POS) and value == 0 else "")
            raise InputError(f"node '{name}' parameter {field}{where}: {fmt(value)} {why}"
                             f"{many}{hint}")


def _input_shape(name: str, node) -> tuple:
    t = getattr(node, "input_type", None)
    shp = t.get("input", next(iter(t.values()), None)) if isinstance(t, dict) and t else t
    if shp is None:
        raise InputError(f"node '{name}': Input has no shape")
    a = _values(name, "shape", shp).reshape(-1)
    if a.size == 0 or np.any(_bad(a, INT1)):
        raise InputError(f"node '{name}': Input shape {a.tolist()} is not a list of positive "
                         f"integers")
    if float(np.prod(a)) > MAX_POPULATION:
        raise NIRError(f"node '{name}': Input of {int(np.prod(a))} neurons; a population has "
                       f"at most {MAX_POPULATION}")
    return tuple(int(x) for x in a)


def unsupported(name: str, node_kind: str) -> str:
    """The one-line refusal of a node type the exporter does not take, with the ones it
    does."""
    accepted = ns.NEURON_TYPES + ns.LINEAR_TYPES + ("Input", "Output", "Identity",
                                                    "NIRGraph", "Conv1d")
    return (f"node '{name}' type: {node_kind} is not supported; accepted: "
            f"{', '.join(accepted)}")


def nir_type_check(graph) -> str | None:
    """What nir's own type check says against ``graph`` (on a copy: it rewrites the
    nodes' types), or None when it passes. The exporter does not depend on it (its shape
    inference, :func:`check_graph`, decides); its complaint is passed on as a warning,
    since it is about the graph file (Rockpool writes an Output of ``[1]`` as ``[1 1 1]``)."""
    import copy

    try:
        g = copy.deepcopy(graph)
        with np.errstate(all="ignore"):
            g.infer_types()
            g.check_types()
    except Exception as err:  # noqa: BLE001 (any failure of nir's check is only reported)
        reason = " ".join(str(err).split()) or type(err).__name__
        return (f"nir's own type check rejects the graph ({reason[:200]}); its shapes are "
                f"checked by the exporter's shape inference instead")
    return None


def check_edges(graph) -> None:
    nodes = graph.nodes
    seen = set()
    for edge in graph.edges:
        if not (isinstance(edge, (tuple, list)) and len(edge) == 2
                and all(isinstance(x, str) for x in edge)):
            raise InputError(f"edge {edge!r}: not a pair of node names")
        src, dst = edge
        key = tuple(nirflat.resolve(end, nodes, "", edge)[0] for end in edge)
        if key in seen:
            raise InputError(f"edge ({src}, {dst}): listed twice")
        seen.add(key)
        if kind(nodes[key[1]]) == "Input":
            raise InputError(f"edge ({src}, {dst}): an Input node takes no incoming edge")
        if kind(nodes[key[0]]) == "Output":
            raise InputError(f"edge ({src}, {dst}): an Output node has no outgoing edge")


def _check_sizes(st) -> None:
    for n in st.order:
        node = st.nodes[n]
        k = kind(node)
        size = int(np.prod(st.shapes[n]))
        if size < 1:
            raise InputError(f"node '{n}': no values (shape {st.shapes[n]})")
        if k == "Input":
            continue
        n_in = int(np.prod(st.in_shape(n)))
        for p in st.preds[n]:
            sp = int(np.prod(st.shapes[p]))
            if sp != n_in:
                first = [q for q in st.preds[n] if (q, n) not in st.back][0]
                raise InputError(f"node '{n}': its inputs differ in size: '{first}' gives "
                                 f"{n_in} values, '{p}' gives {sp}")
        if k in ELEMENTWISE:
            for field in FIELDS.get(k, {}):
                value = getattr(node, field, None)
                if value is None:
                    continue
                m = np.asarray(value).size
                if m not in (1, size):
                    raise InputError(f"node '{n}' parameter {field}: {m} values for {size} "
                                     f"neurons (the size its input gives)")
        if k in ns.NEURON_TYPES and size > MAX_POPULATION:
            raise NIRError(f"node '{n}': {size} neurons; a population has at most "
                           f"{MAX_POPULATION}")
        if k == "Affine":
            m = np.asarray(node.bias).size
            if m != size:
                raise InputError(f"node '{n}' parameter bias: {m} values for {size} outputs")
        if k == "Conv2d" and getattr(node, "bias", None) is not None:
            m, oc = np.asarray(node.bias).size, st.shapes[n][0]
            if m not in (0, oc):
                raise InputError(f"node '{n}' parameter bias: {m} values for {oc} output "
                                 f"channels")
        if k == "Output":
            t = getattr(node, "output_type", None)
            shp = t.get("output") if isinstance(t, dict) else None
            try:
                declared = int(np.prod(np.asarray(shp, dtype=np.int64))) \
                    if shp is not None else None
            except (TypeError, ValueError, OverflowError):
                declared = None
            if declared is not None and declared != size:
                raise InputError(f"node '{n}': Output declares {declared} values, its input "
                                 f"gives {size}")


class _CheckedStructure(ns.Structure):
    """nirsim.Structure whose shape inference names a mismatch as an input error."""

    def _shape(self, name):
        node = self.nodes[name]
        k = kind(node)
        if k in ("Affine", "Linear", "Conv2d", "SumPool2d", "AvgPool2d"):
            ins = self.in_shape(name)
            src = [p for p in self.preds[name] if (p, name) not in self.back][0]
            if k in ("Affine", "Linear"):
                w = np.asarray(node.weight)
                if w.ndim != 2:
                    raise InputError(f"node '{name}' parameter weight: shape {w.shape}; {k} "
                                     f"needs a 2-D (out, in) weight")
                if w.shape[1] != int(np.prod(ins)):
                    raise InputError(f"node '{name}': {k} weight is {w.shape[0]} x "
                                     f"{w.shape[1]} (out x in), but its input '{src}' gives "
                                     f"{int(np.prod(ins))} values")
            elif len(ins) != 3:
                raise InputError(f"node '{name}': {k} needs a (C, H, W) input, '{src}' gives "
                                 f"shape {ins}")
            elif k == "Conv2d":
                w = np.asarray(node.weight)
                if w.ndim != 4:
                    raise InputError(f"node '{name}' parameter weight: shape {w.shape}; "
                                     f"Conv2d needs (C_out, C_in, kH, kW)")
                if w.shape[1] != ins[0]:
                    raise InputError(f"node '{name}': Conv2d weight has {w.shape[1]} input "
                                     f"channels, its input '{src}' has {ins[0]}")
        return super()._shape(name)


def check_graph(graph, dt: float):
    """Check ``graph`` (see the module docstring); returns its ``nirsim.Structure``."""
    import nir

    if not isinstance(graph, nir.NIRGraph):
        raise InputError(f"not a NIR graph: {type(graph).__name__}")
    if not isinstance(graph.nodes, dict) or not graph.nodes:
        raise InputError("graph: no nodes")
    for name, node in graph.nodes.items():
        if isinstance(node, nir.NIRGraph):
            raise NIRError(f"node '{name}': nested NIR subgraphs are not supported; "
                           f"flatten the graph first")
        k = kind(node)
        if k not in ns.NEURON_TYPES + ns.LINEAR_TYPES + ("Input", "Output"):
            raise NIRError(unsupported(name, k))
        if k == "Input":
            _input_shape(name, node)
        check_values(name, node)
        if k == "Delay":
            ticks = float(np.max(np.asarray(node.delay, dtype=np.float64), initial=0)) / dt
            if ticks > MAX_DELAY_TICKS + 0.5:
                raise NIRError(f"node '{name}': delay {fmt(ticks * dt)} s is {ticks:.4g} "
                               f"ticks at dt={dt:g}; a projection delay is at most "
                               f"{MAX_DELAY_TICKS} ticks")
    check_edges(graph)
    st = _CheckedStructure(graph)
    _check_sizes(st)
    return st
