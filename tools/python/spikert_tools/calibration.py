"""Calibration samples: the ``--calibrate`` file and the ``samples`` of ``export()``.

Samples are input spike trains: a numeric array of shape ``(T, inputs)`` or
``(T, *input shape)``, T >= 1, every value 0 or 1 (the blob's inputs are spikes; a NaN,
an Inf or a graded value would calibrate the potential ranges on inputs the network
never sees). :func:`load` reads a ``.npy`` file (no pickles); :func:`check` checks an
array against the graph's number of inputs. Both raise
:class:`~.exporterrors.UsageError` with one line naming the file (or ``samples``).
"""

from __future__ import annotations

import numpy as np

from .exporterrors import InputError, UsageError
from .nirfile import check_path
from .nircheck import fmt


def load(path: str) -> np.ndarray:
    label = f"--calibrate '{path}'"
    try:
        check_path(path, label)
    except InputError as err:
        raise UsageError(str(err)) from None
    try:
        with open(path, "rb") as f:
            magic = f.read(6)
    except OSError as err:
        raise UsageError(f"{label}: cannot read it: {err.strerror or err}") from None
    if magic[:4] == b"PK\x03\x04":
        raise UsageError(f"{label}: a .npz archive; save one array with numpy.save")
    if magic != b"\x93NUMPY":
        raise UsageError(f"{label}: not a .npy file (no NumPy header); save the samples "
                         f"with numpy.save")
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as err:
        # numpy's errors for a file that is not a .npy array (bad magic, bad header,
        # pickled objects, truncated data)
        reason = str(err).split("\n")[0] or type(err).__name__
        raise UsageError(f"{label}: damaged .npy file ({reason})") from None
    return check_values(arr, label)


def check_values(arr, label: str = "samples") -> np.ndarray:
    """``arr`` as a float array of shape (T, ...) with T >= 1, values 0 or 1."""
    a = np.asarray(arr)
    if a.dtype.kind not in "buif":
        raise UsageError(f"{label}: values of type {a.dtype} (expected 0/1 numbers)")
    if a.ndim < 2:
        raise UsageError(f"{label}: shape {a.shape}; expected (T, inputs) or "
                         f"(T, *input shape)")
    if a.shape[0] < 1:
        raise UsageError(f"{label}: no ticks (shape {a.shape})")
    a = a.astype(np.float64, copy=False)
    bad = ~np.isin(a, (0.0, 1.0))
    if np.any(bad):
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        count = int(np.count_nonzero(bad))
        what = "not a finite number" if not np.isfinite(a[idx]) else "not a spike"
        raise UsageError(f"{label}: value {fmt(float(a[idx]))} at [{', '.join(map(str, idx))}] "
                         f"is {what} ({count} of {a.size} values); samples are input spike "
                         f"trains, 0 or 1")
    return a


def check(arr, total_inputs: int, label: str = "samples") -> np.ndarray:
    """``arr`` checked and reshaped to (T, total_inputs)."""
    a = check_values(arr, label)
    per_tick = int(np.prod(a.shape[1:]))
    if per_tick != total_inputs:
        raise UsageError(f"{label}: shape {a.shape} gives {per_tick} inputs per tick; the "
                         f"graph has {total_inputs} (expected (T, {total_inputs}) or "
                         f"(T, *input shape))")
    return a.reshape(a.shape[0], -1)
