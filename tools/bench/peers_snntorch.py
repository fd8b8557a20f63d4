"""snnTorch peer: the workload as snnTorch ``Leaky`` layers, timed one tick per call.

Model: per layer ``nn.Linear(n_in, n_out, bias=False)`` whose weight is the float
matrix transposed (torch stores [out, in]), then ``snn.Leaky(beta, threshold=1.0,
reset_mechanism="subtract")`` with its default delayed reset: exactly the float
reference of tools/workloads.py. float32, CPU, ``torch.set_num_threads(1)``,
``torch.no_grad()``, batch 1.

Each ``Leaky`` keeps its membrane itself (``lif(cur)``, state in the module, cleared
with ``reset_mem()``) instead of taking and returning it (``lif(cur, mem)``, the style
of snnTorch's tutorials): the results are identical, and the second form costs about
1.5x as much per tick here (snnTorch 1.0, torch 2.15: W-B about 550 against 370 µs),
much of it ``Leaky.forward`` testing ``mem == None`` on a tensor. The peer gets the
cheaper form.

Timing: the input frames are turned into one float32 tensor [ticks, 1, n_in] before
the clock starts (a device would hand the frame over as a tensor it already has). Each
tick is one call of the network's ``forward`` (all layers) in a Python loop, bracketed
by ``time.perf_counter_ns``; the spike counts used for the activity check are added up
after the second clock read, outside the timed region. Every pass starts from zero
membranes. A pass is preceded by an untimed warm-up of up to ``WARMUP_TICKS`` ticks
(first-call allocations and dispatch caches), then the state is reset.
"""

from __future__ import annotations

import os
import time

# One thread, set before torch loads its OpenMP runtime.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

WARMUP_TICKS = 200
_torch_configured = False


def availability() -> tuple[bool, str]:
    """(True, versions) when torch and snntorch import, else (False, why)."""
    try:
        import torch
        import snntorch
    except ModuleNotFoundError as e:
        return False, f"not installed ({e}; see tools/bench/requirements-peers.txt)"
    except Exception as e:  # a broken install is as unusable as a missing one
        return False, f"{type(e).__name__}: {e}"
    return True, f"snnTorch {snntorch.__version__} (torch {torch.__version__})"


def versions() -> dict[str, str]:
    import torch
    import snntorch
    return {"snntorch": snntorch.__version__, "torch": torch.__version__}


def _configure_torch():
    """One intra-op and one inter-op thread (docs/WORKLOADS.md: one thread). The inter-op
    count can only be set before torch's first parallel work, hence once per process."""
    global _torch_configured
    import torch
    torch.set_num_threads(1)
    if not _torch_configured:
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:  # already fixed by earlier torch work in this process
            pass
        _torch_configured = True
    return torch


class SnnTorchRunner:
    """A workload (peers_workloads.PeerWorkload) built once in snnTorch, run per round."""

    def __init__(self, workload):
        torch = _configure_torch()
        import snntorch as snn
        from torch import nn

        self.torch = torch
        self.workload = workload

        class Net(nn.Module):
            """The layered network; ``forward`` is one tick of all layers."""

            def __init__(self, weights, beta):
                super().__init__()
                self.fcs = nn.ModuleList()
                self.lifs = nn.ModuleList()
                for w in weights:
                    fc = nn.Linear(w.shape[0], w.shape[1], bias=False)
                    fc.weight.data = torch.tensor(w.T, dtype=torch.float32).contiguous()
                    self.fcs.append(fc)
                    self.lifs.append(snn.Leaky(beta=beta, threshold=1.0,
                                               reset_mechanism="subtract"))

            def forward(self, x):
                spikes = []
                for fc, lif in zip(self.fcs, self.lifs):
                    x, _ = lif(fc(x))
                    spikes.append(x)
                return spikes

            def reset(self):
                for lif in self.lifs:
                    lif.reset_mem()

        self.net = Net(workload.weights, workload.beta).eval()
        self.inputs = torch.tensor(workload.frames[:, None, :], dtype=torch.float32)

    def run_pass(self, ticks: int | None = None):
        """One timed pass from rest. Returns (tick times in ns, spikes per layer)."""
        torch = self.torch
        ticks = self.workload.ticks if ticks is None else ticks
        net, inputs = self.net, self.inputs
        times = [0] * ticks
        with torch.no_grad():
            net.reset()
            for t in range(min(WARMUP_TICKS, ticks)):
                net(inputs[t])
            net.reset()
            # float64: exact spike counts far beyond float32's 2^24
            counts = [torch.zeros(1, n, dtype=torch.float64) for n in self.workload.sizes[1:]]
            clock = time.perf_counter_ns
            for t in range(ticks):
                x = inputs[t]
                t0 = clock()
                spikes = net(x)
                t1 = clock()
                times[t] = t1 - t0
                for c, s in zip(counts, spikes):
                    c += s
        return times, [int(c.sum().item()) for c in counts]
