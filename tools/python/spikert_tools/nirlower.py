"""NIR nodes the runtime expresses through others, rewritten before the export.

* **Conv1d** becomes a Conv2d of height 1: kernel ``(C_out, C_in, k)`` ->
  ``(C_out, C_in, 1, k)``, stride, padding and dilation ``(1 or 0, value)``. Its input
  ``(C, L)`` is then ``(C, 1, L)``: every Input node of shape ``(C, L)`` is declared as
  ``(C, 1, L)``, and the populations after the convolution get ``(C_out, 1, L_out)``
  from it (their parameters are per neuron, the count is the same). Spike channels
  follow SpikeRT's channel-last order, ``l * C + c`` (docs/EXPORT.md, Layout).

The float simulation runs the rewritten graph too: a convolution of height 1 is the
one-dimensional convolution, so the two are compared on the same arithmetic.
"""

from __future__ import annotations

import numpy as np

from .nirsim import kind


def _conv2d(node):
    import nir

    w = np.asarray(node.weight)
    pad = node.padding if isinstance(node.padding, str) else (0, int(np.asarray(node.padding)))
    length = None if node.input_shape is None else (1, int(np.asarray(node.input_shape)))
    return nir.Conv2d(input_shape=length, weight=w[:, :, None, :],
                      stride=(1, int(np.asarray(node.stride))), padding=pad,
                      dilation=(1, int(np.asarray(node.dilation))), groups=node.groups,
                      bias=node.bias)


def _input_3d(node):
    import nir

    t = node.input_type
    shape = np.asarray(t.get("input", next(iter(t.values()))) if isinstance(t, dict) else t)
    shape = shape.reshape(-1)
    if shape.size != 2:
        return node
    return nir.Input(input_type={"input": np.array([shape[0], 1, shape[1]])})


def lower(graph):
    """``graph`` with its Conv1d nodes as Conv2d of height 1 (and 2-D Inputs as
    ``(C, 1, L)``); the graph itself when it has none."""
    import nir

    if not any(kind(n) == "Conv1d" for n in graph.nodes.values()):
        return graph
    nodes = {}
    for name, node in graph.nodes.items():
        k = kind(node)
        nodes[name] = _conv2d(node) if k == "Conv1d" else \
            _input_3d(node) if k == "Input" else node
    return nir.NIRGraph(nodes=nodes, edges=list(graph.edges), type_check=False,
                        metadata=getattr(graph, "metadata", {}) or {})
