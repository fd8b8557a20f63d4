"""One flat NIR graph with plain node names, whatever nesting and naming the file used.

The exporter, the checks and the float simulation work on a graph whose edges name
nodes exactly. Frameworks write three things that are not that:

* **Names with '.' and ports.** NIR lets an edge end be ``node.port``; snnTorch also
  puts '.' into node names themselves (``lif1.lif``, ``lif1.w_rec``). An edge end is
  therefore read as a node name when the whole string is one, and only otherwise as a
  node name plus a port suffix (the longest prefix before a '.' that is a node).
* **Nested graphs** (a node that is itself a ``NIRGraph``): flattened, the inner node
  ``x`` of subgraph ``s`` becoming ``s.x``. An edge into ``s`` goes to the subgraph's
  Input, an edge out of ``s`` leaves from its Output; ``s.port`` names an inner Input or
  Output by its name. The inner Input and Output nodes are then pass-throughs.
* **Identity** nodes: pass-throughs as well.

Pass-throughs are folded away: every predecessor is joined to every successor.

An inner edge end that names no node of its subgraph is repaired only when exactly one
inner node's name starts with it (snnTorch's recurrent subgraphs have edges of ``lif``
for the node ``lif1``); the repair is reported through ``warn``. Anything else that does
not resolve is an :class:`~.exporterrors.InputError` naming the edge.
"""

from __future__ import annotations

from .exporterrors import InputError

PASS_THROUGH = ("Identity",)


class Identity:
    """A NIR Identity node (nir 1.0 has no class for it): its output is its input."""

    def __init__(self, shape=None):
        self.shape = shape


def _kind(node) -> str:
    return type(node).__name__


def _is_graph(node) -> bool:
    import nir

    return isinstance(node, nir.NIRGraph)


def resolve(end: str, nodes, where: str, edge) -> tuple:
    """(node name, port or None) of an edge end among ``nodes``."""
    if end in nodes:
        return end, None
    cut = end.rfind(".")
    while cut > 0:
        if end[:cut] in nodes:
            return end[:cut], end[cut + 1:]
        cut = end.rfind(".", 0, cut)
    port = f" (nor a node named by a part before a '.')" if "." in end else ""
    raise InputError(f"edge ({edge[0]}, {edge[1]}){where}: no node '{end}'{port}; the "
                     f"graph has {_some(nodes)}")


def _some(nodes) -> str:
    names = sorted(nodes)
    return ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")


def _repair(end: str, nodes, where: str, edge, warn) -> str:
    """An inner edge end that names no node: the one node whose name starts with it."""
    try:
        return resolve(end, nodes, where, edge)[0]
    except InputError:
        match = [n for n in nodes if n.startswith(end)]
        if len(match) != 1:
            raise
        warn(f"edge end '{end}'{where} names no node; taken as '{match[0]}', the only "
             f"node whose name begins with it")
        return match[0]


def _boundary(sub, name: str, role: str, port) -> str:
    """The inner Input (role 'Input') or Output node that an edge to/from subgraph
    ``name`` (optionally with ``port``) reaches."""
    ends = [n for n, node in sub.nodes.items() if _kind(node) == role]
    if port is not None and port in ends:
        return port
    if port is None and len(ends) == 1:
        return ends[0]
    side = "into" if role == "Input" else "out of"
    raise InputError(f"node '{name}': an edge {side} the subgraph"
                     f"{f' names port {port!r}, which is not one of its' if port else ' must name one of its'}"
                     f" {role} nodes ({', '.join(sorted(ends)) or 'none'})")


def _flatten(graph, prefix: str, warn):
    """(nodes, edges, pass-through names) of ``graph`` with names prefixed."""
    nodes, edges, passing = {}, [], set()
    where = f" in subgraph '{prefix[:-1]}'" if prefix else ""
    inner = {}
    for name, node in graph.nodes.items():
        if _is_graph(node):
            inner[name] = _flatten(node, f"{prefix}{name}.", warn)
            sub_nodes, sub_edges, sub_pass = inner[name]
            nodes.update(sub_nodes)
            edges.extend(sub_edges)
            passing |= sub_pass
            for n, node2 in node.nodes.items():
                if _kind(node2) in ("Input", "Output"):
                    passing.add(f"{prefix}{name}.{n}")
        else:
            nodes[prefix + name] = node
            if _kind(node) in PASS_THROUGH:
                passing.add(prefix + name)
    local = dict(graph.nodes)
    for edge in graph.edges:
        src, dst = edge
        if prefix:
            src, dst = (_repair(e, local, where, edge, warn) if e not in local and
                        "." not in e else e for e in (src, dst))
        (s, sp), (d, dp) = (resolve(e, local, where, edge) for e in (src, dst))
        if _is_graph(local[s]):
            s = f"{s}.{_boundary(local[s], prefix + s, 'Output', sp)}"
        if _is_graph(local[d]):
            d = f"{d}.{_boundary(local[d], prefix + d, 'Input', dp)}"
        edges.append((prefix + s, prefix + d))
    return nodes, edges, passing


def _fold(nodes: dict, edges: list, passing: set):
    """Remove the pass-through nodes, joining each one's predecessors to its successors."""
    for p in sorted(passing):
        preds = [s for s, d in edges if d == p and s != p]
        succs = [d for s, d in edges if s == p and d != p]
        edges = [(s, d) for s, d in edges if p not in (s, d)]
        edges += [(s, d) for s in preds for d in succs if (s, d) not in edges]
        del nodes[p]
    return nodes, edges


def flatten(graph, warn=lambda message: None):
    """``graph`` (a nir.NIRGraph) as one flat nir.NIRGraph whose edges name nodes exactly;
    the graph itself when there was nothing to change."""
    import nir

    plain = all(not _is_graph(n) and _kind(n) not in PASS_THROUGH
                for n in graph.nodes.values()) and \
        all(s in graph.nodes and d in graph.nodes for s, d in graph.edges)
    if plain:
        return graph
    said = set()

    def once(message):  # one repair, many edges: say it once
        if message not in said:
            said.add(message)
            warn(message)

    nodes, edges, passing = _flatten(graph, "", once)
    nodes, edges = _fold(nodes, edges, passing)
    return nir.NIRGraph(nodes=nodes, edges=edges, type_check=False,
                        metadata=getattr(graph, "metadata", {}) or {})
