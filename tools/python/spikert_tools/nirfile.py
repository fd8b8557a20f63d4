"""Read a NIR graph file (HDF5, as ``nir.write`` writes it) without trusting it.

:func:`read` checks, in order, and stops at the first problem with one
:class:`~.exporterrors.InputError` naming the file (or the node):

1. the path: it exists, is a regular file (not a directory), is not empty;
2. HDF5: the file carries the HDF5 signature and HDF5 can open it (a truncated or
   damaged file is named as such); no dataset declares more than 1 GiB (a few bytes of
   header can declare gigabytes);
3. NIR: a ``node`` group of type ``NIRGraph`` with ``nodes`` (one group per node, each
   with a ``type``) and ``edges`` (pairs of node names); nested subgraphs are read the
   same way and Identity nodes kept as placeholders (:mod:`.nirflat` flattens and folds
   them); a node type the exporter does not support is refused here, before ``nir``
   builds anything;
4. each node's values (:func:`.nircheck.check_values`: finite, time constants > 0,
   strides > 0, ...), then the node is built by ``nir`` on its own, so that a node
   ``nir`` rejects (a missing or unexpected field, parameters whose shapes differ) is
   named with its fields.

The graph is built without ``nir``'s type check: the exporter checks shapes itself
(:mod:`.nircheck`), with messages that name the node, and accepts graphs whose Output
declares the same number of values in another shape (Rockpool writes ``[1]`` as
``[1 1 1]``). Values (NaN, Inf, time constants, shapes against edges) are checked by
:func:`.nircheck.check_graph` on the graph this returns.
"""

from __future__ import annotations

import os
import stat

import numpy as np

from .exporterrors import InputError
from .nircheck import MAX_ENTRIES, check_values, unsupported
from .nirflat import Identity
from .nirsim import LINEAR_TYPES, NEURON_TYPES, NIRError

SUPPORTED = NEURON_TYPES + LINEAR_TYPES + ("Input", "Output", "Conv1d")
WRITTEN_BY = "a NIR graph is an HDF5 file written by nir.write"


def _h5_reason(err: Exception) -> str:
    """The useful part of an h5py error ('Unable to ... (truncated file: ...)')."""
    msg = str(err).strip() or type(err).__name__
    if msg.endswith(")") and "(" in msg:
        inner = msg[msg.index("(") + 1:-1]
        if inner:
            return inner
    return msg


def check_path(path: str, label: str) -> os.stat_result:
    """stat() of an input file that must exist, be a regular file and not be empty."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as err:
        raise InputError(f"{label}: cannot read it: {err.strerror or err}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{label}: is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{label}: is not a regular file")
    if st.st_size == 0:
        raise InputError(f"{label}: is empty (0 bytes)")
    return st


def _text(value, where: str, label: str) -> str:
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{label}: {where} is not UTF-8 text") from None
    if isinstance(value, str):
        return value
    raise InputError(f"{label}: {where} should be a string, is {_describe(value)}")


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    if isinstance(value, dict):
        return "a group"
    return f"{type(value).__name__} {value!r}"[:80]


# h5py's errors for data it cannot read: a truncated or damaged file, a dangling link,
# a type HDF5 cannot convert
H5_ERRORS = (OSError, KeyError, ValueError, TypeError, RuntimeError)


def _load_group(group, label: str) -> dict:
    """An HDF5 group as nested dicts of numpy values (bytes as str), as nir.read does."""
    import h5py

    out = {}
    try:
        keys = list(group.keys())
    except H5_ERRORS as err:
        raise InputError(f"{label}: damaged HDF5 file: cannot list '{group.name}' "
                         f"({_h5_reason(err)})") from None
    for key in keys:
        where = f"{group.name.rstrip('/')}/{key}"
        try:
            item = group[key]
            if isinstance(item, h5py.Group):
                out[key] = _load_group(item, label)
            elif isinstance(item, h5py.Dataset):
                nbytes = (item.size or 0) * item.dtype.itemsize
                if nbytes > MAX_ENTRIES * 8:
                    raise NIRError(f"{label}: dataset '{where}' of shape {item.shape} "
                                   f"({item.dtype}) holds {nbytes / 2**30:.1f} GiB; the "
                                   f"exporter reads at most 1 GiB per dataset (a damaged "
                                   f"header, or a graph too large to export)")
                value = item[()]
                out[key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            else:
                raise InputError(f"{label}: HDF5 object '{where}' is neither a group nor a "
                                 f"dataset")
        except (InputError, NIRError):
            raise
        except H5_ERRORS as err:
            raise InputError(f"{label}: damaged HDF5 file: cannot read '{where}' "
                             f"({_h5_reason(err)})") from None
    return out


def _edges(raw, label: str) -> list:
    if raw is None:
        raise InputError(f"{label}: not a NIR graph: no 'node/edges' dataset")
    arr = np.asarray(raw, dtype=object) if not isinstance(raw, dict) else None
    if arr is None:
        raise InputError(f"{label}: 'node/edges' should be pairs of node names, is a group")
    if arr.size == 0:
        return []
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise InputError(f"{label}: 'node/edges' should be pairs of node names, has shape "
                         f"{arr.shape}")
    return [(_text(a, f"edge {k} source", label), _text(b, f"edge {k} target", label))
            for k, (a, b) in enumerate(arr)]


def _fields_summary(d: dict) -> str:
    parts = []
    for key, value in d.items():
        if key == "type":
            continue
        if isinstance(value, np.ndarray):
            parts.append(f"{key} {value.shape}")
        elif isinstance(value, dict):
            parts.append(f"{key} (group)")
        else:
            parts.append(f"{key}={value!r}"[:40])
    return ", ".join(parts) or "no fields"


def _build_node(name: str, d: dict, label: str):
    import nir

    check_values(name, d, d["type"])  # before nir computes with them (a stride of 0)
    try:
        with np.errstate(all="ignore"):
            return nir.dict2NIRNode(dict(d))
    except (AssertionError, TypeError, ValueError, KeyError, AttributeError, IndexError,
            ZeroDivisionError) as err:
        # nir's constructors assert shapes and reject missing or unknown fields
        reason = str(err).strip().replace("\n", " ") or type(err).__name__
        raise InputError(f"{label}: node '{name}' ({d['type']}): nir cannot build it: "
                         f"{reason} (fields: {_fields_summary(d)})") from None


def read(path, label: str | None = None):
    """The nir.NIRGraph stored in ``path``; :class:`InputError` (or, for a node type the
    exporter does not support, ``NIRError``) with one line otherwise."""
    import h5py
    import nir

    path = os.fspath(path)
    label = label or f"graph file '{path}'"
    check_path(path, label)
    try:
        with open(path, "rb"):
            pass
    except OSError as err:
        raise InputError(f"{label}: cannot read it: {err.strerror or err}") from None
    if not h5py.is_hdf5(path):
        raise InputError(f"{label}: not an HDF5 file (no HDF5 signature); {WRITTEN_BY}")
    try:
        f = h5py.File(path, "r")
    except OSError as err:
        raise InputError(f"{label}: damaged or truncated HDF5 file ({_h5_reason(err)})") \
            from None
    with f:
        try:
            node = f.get("node")
            top = ", ".join(sorted(f.keys())[:5]) or "nothing"
        except H5_ERRORS as err:
            raise InputError(f"{label}: damaged HDF5 file ({_h5_reason(err)})") from None
        if not isinstance(node, h5py.Group):
            raise InputError(f"{label}: an HDF5 file but not a NIR graph: no 'node' group "
                             f"(it holds {top}); {WRITTEN_BY}")
        raw = _load_group(node, label)
    kind = raw.get("type")
    kind = _text(kind, "'node/type'", label) if kind is not None else None
    if kind != "NIRGraph":
        raise InputError(f"{label}: not a NIR graph: 'node/type' is {kind!r}, not 'NIRGraph'")
    return _graph(raw, label, "node", "")


def _graph(raw: dict, label: str, where: str, prefix: str):
    """The nir.NIRGraph of one (sub)graph group; nested graphs are built the same way
    (:mod:`.nirflat` flattens them later), Identity nodes as :class:`.nirflat.Identity`."""
    import nir

    nodes_raw = raw.get("nodes")
    if not isinstance(nodes_raw, dict):
        raise InputError(f"{label}: not a NIR graph: '{where}/nodes' is missing or not a "
                         f"group")
    edges = _edges(raw.get("edges"), label)
    known = set(nir.ir.__dict__)
    nodes = {}
    for name, d in nodes_raw.items():
        full = prefix + name
        if not isinstance(d, dict):
            raise InputError(f"{label}: node '{full}' is {_describe(d)}, not a group")
        if "type" not in d:
            raise InputError(f"{label}: node '{full}' has no 'type'")
        t = _text(d["type"], f"node '{full}' type", label)
        d = dict(d, type=t)
        if t == "NIRGraph":
            nodes[name] = _graph(d, label, f"{where}/nodes/{name}", f"{full}.")
            continue
        if t == "Identity":
            nodes[name] = Identity(d.get("shape"))
            continue
        if t not in known or not isinstance(nir.ir.__dict__[t], type) \
                or not issubclass(nir.ir.__dict__[t], nir.NIRNode):
            raise InputError(f"{label}: node '{full}' has an unknown node type {t!r}")
        if t not in SUPPORTED:
            raise NIRError(unsupported(full, t))
        nodes[name] = _build_node(full, d, label)
    meta = raw.get("metadata")
    return nir.NIRGraph(nodes=nodes, edges=edges, type_check=False,
                        metadata=meta if isinstance(meta, dict) else {})
