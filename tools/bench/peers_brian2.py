"""Brian2 peer: the workload as a Brian2 C++ standalone program, timed without set-up.

Model (float64, ``prefs.core.default_float_dtype``; one thread: OpenMP off,
``prefs.devices.cpp_standalone.openmp_threads = 0``; Brian2's default g++ flags, which
include ``-O3 -ffast-math -march=native``). One Brian2 time step is one tick (dt = 1 ms;
the value does not enter the equations). Each layer is a ``NeuronGroup`` with three
plain variables and no differential equations; the neuron update is one
``run_regularly`` block that is exactly snnTorch ``Leaky`` with its delayed subtract
reset (threshold 1.0)::

    v = beta*v + I - spk      # spk: this neuron's spike of the previous tick (0 or 1)
    spk = int(v > 1.0)
    I = 0

with threshold ``v > 1.0`` (which is ``spk`` after the block) and no reset statement:
the subtraction is the ``- spk`` term of the next tick, as in snnTorch. The input is a
``SpikeGeneratorGroup`` holding every input spike of the frames (neuron j at step t for
every true ``frames[t, j]``); each projection is a ``Synapses`` object with
``on_pre: I_post += w``, one synapse per (pre, post) pair in row-major order with
``w`` = the float matrix. Feed-forward layers must see this tick's spikes (snnTorch
and SpikeRT do), while Brian2's default schedule would deliver a layer's spikes one step
late; so every object of the chain runs in the ``synapses`` slot with an explicit
``order``: projection 1's pathway (input spikes of this step -> ``I`` of layer 1),
layer 1's update, layer 1's threshold, projection 2's pathway, layer 2's update,
layer 2's threshold, ... (the spike generator runs earlier, in ``thresholds``). One
``SpikeMonitor(record=False)`` per layer counts the spikes for the activity check.

Timing: Brian2 compiles the program once (in a child Python process per workload, so
Brian2's global device state never carries from one workload to the next); a round then
runs the compiled ``main`` again. Compilation, process start, reading the weight and spike
arrays from disk, creating the synapses and initialising the spike queues all happen
before the network run, writing the results after it, so none of them is in the times
below. Two clocks are added to the program:

* per tick, like spikert-bench and the snnTorch loop: a one-neuron group ``peers_clock``
  runs ``tick_start()`` first in every step (slot ``start``, order -1000) and
  ``tick_end()`` last (slot ``end``, order 1000); both are C++ functions of the header
  ``peers_ticks.h`` written into the project (``PEERS_TICKS_H``), which read
  ``clock_gettime(CLOCK_MONOTONIC)`` and keep the difference of every step in a vector
  reserved before the run; the samples go to ``results/peers_ticks_ns.bin`` after it.
  Median and p99 per tick come from these, by nearest rank as for the other systems.
  What happens between two steps (Brian2's clock bookkeeping and its own per-step
  ``std::clock()`` call) is outside the brackets, as the Python loop is for snnTorch.
* per run: ``device.insert_code`` puts two ``clock_gettime(CLOCK_MONOTONIC)`` reads
  around the network run in ``main`` (slots ``before_network_run`` /
  ``after_network_run``); that interval divided by the ticks is reported as
  ``loop_mean_us``, the whole loop included. Brian2's own ``last_run_info.txt`` time of
  the same interval is ``std::clock()``, process CPU time (it leaves out time the
  process waits for the CPU on a shared machine), reported as ``cpu_mean_us``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

DT_MS = 1.0
RUN_NS_FILE = "peers_run_ns.txt"
TICKS_FILE = "peers_ticks_ns.bin"
BUILD_TIMEOUT_S = 1800


def availability() -> tuple[bool, str]:
    """(True, version) when Brian2 imports and g++ is there, else (False, why)."""
    if shutil.which("g++") is None:
        return False, "g++ not found (Brian2's C++ standalone mode needs it)"
    try:
        import brian2
    except ModuleNotFoundError as e:
        return False, f"not installed ({e}; see tools/bench/requirements-peers.txt)"
    except Exception as e:  # installed but broken, e.g. Brian2 2.9.0 under numpy >= 2.4
        import numpy
        why = f"{type(e).__name__}: {e}"
        if "ptp" in str(e):  # Brian2 2.9.0 wraps ndarray.ptp, which numpy 2.4 removed
            why += (f" (numpy {numpy.__version__}; Brian2 2.9.0 needs numpy < 2.4, see "
                    "tools/bench/requirements-peers.txt)")
        return False, why
    return True, f"Brian2 {brian2.__version__} C++ standalone"


def versions() -> dict[str, str]:
    import brian2
    gxx = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout
    first = gxx.splitlines()[0] if gxx else "?"
    return {"brian2": brian2.__version__, "g++": first.removeprefix("g++ ")}


# ---- the build (runs in a child process) ---------------------------------------------


# Included by every generated source (prefs.codegen.cpp.headers): inline functions with
# external linkage share one instance of their static locals across translation units,
# so tick_start() in one code object and tick_end() in another see the same clock.
PEERS_TICKS_H = """// Written by tools/bench/peers_brian2.py: one wall-clock sample per time step.
#pragma once
#include <time.h>
#include <fstream>
#include <string>
#include <vector>

inline timespec& peers_tick_t0() { static timespec t; return t; }
inline std::vector<long long>& peers_tick_samples() { static std::vector<long long> v; return v; }

inline double peers_tick_start() {
    clock_gettime(CLOCK_MONOTONIC, &peers_tick_t0());
    return 0.0;
}

inline double peers_tick_end() {
    timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const timespec& t0 = peers_tick_t0();
    peers_tick_samples().push_back((long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL
                                   + (long long)(t1.tv_nsec - t0.tv_nsec));
    return 0.0;
}

inline void peers_write_ticks(const std::string& path) {
    std::ofstream out(path.c_str(), std::ios::binary);
    const std::vector<long long>& v = peers_tick_samples();
    out.write((const char*)v.data(), (std::streamsize)(v.size() * sizeof(long long)));
}
"""

TIMER_START = """
struct timespec _peers_t0, _peers_t1;
clock_gettime(CLOCK_MONOTONIC, &_peers_t0);
"""
TIMER_END = """
clock_gettime(CLOCK_MONOTONIC, &_peers_t1);
{
    std::ofstream _peers_out((brian::results_dir + "%s").c_str());
    _peers_out << ((long long)(_peers_t1.tv_sec - _peers_t0.tv_sec) * 1000000000LL
                   + (long long)(_peers_t1.tv_nsec - _peers_t0.tv_nsec)) << std::endl;
}
""" % RUN_NS_FILE


def build(name: str, ticks: int, directory: str) -> dict:
    """Generate, compile and run once the Brian2 program of a workload. Returns the
    spike counts per layer, the timings of that first run, the build time and the
    order in which Brian2 schedules the objects."""
    import numpy as np
    import brian2 as b2

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import peers_workloads as pw

    w = pw.load(name, ticks)
    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.prefs.core.default_float_dtype = np.float64
    b2.defaultclock.dt = DT_MS * b2.ms
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "peers_ticks.h"), "w") as f:
        f.write(PEERS_TICKS_H)
    b2.prefs.codegen.cpp.headers = ['"peers_ticks.h"']  # found through make's -I.
    b2.device.insert_code("before_network_run",
                          f"peers_tick_samples().reserve({ticks});" + TIMER_START)
    b2.device.insert_code("after_network_run", TIMER_END
                          + f'peers_write_ticks(brian::results_dir + "{TICKS_FILE}");')

    steps, neurons = np.nonzero(w.frames)  # row-major: tick by tick
    source = b2.SpikeGeneratorGroup(w.sizes[0], neurons, steps * DT_MS * b2.ms, name="inputs")
    objects, monitors = [source], []
    order = 0
    for k, weights in enumerate(w.weights, start=1):
        n_in, n_out = weights.shape
        layer = b2.NeuronGroup(n_out, "v : 1\nI : 1\nspk : 1", threshold="v > 1.0",
                               reset="", namespace={"beta": w.beta}, name=f"layer{k}")
        update = layer.run_regularly("v = beta*v + I - spk\nspk = int(v > 1.0)\nI = 0",
                                     when="synapses", order=order + 1, name=f"update{k}")
        layer.thresholder["spike"].when = "synapses"
        layer.thresholder["spike"].order = order + 2
        syn = b2.Synapses(source, layer, "w : 1", on_pre="I_post += w", name=f"proj{k}")
        pre, post = np.divmod(np.arange(n_in * n_out), n_out)
        syn.connect(i=pre, j=post)
        syn.w = weights.ravel()  # row-major [pre][post]: synapse i*n_out + j
        syn.pre.when = "synapses"
        syn.pre.order = order
        monitors.append(b2.SpikeMonitor(layer, record=False, name=f"count{k}"))
        objects += [layer, update, syn, monitors[-1]]
        source = layer
        order += 3
    # The per-tick brackets: first and last object of every step.
    clock = b2.NeuronGroup(1, "peers_dummy : 1", name="peers_clock")
    functions = {}
    for name in ("tick_start", "tick_end"):
        f = b2.Function(lambda: 0.0, arg_units=[], return_unit=1, stateless=False)
        f.implementations.add_implementation("cpp", code="", name=f"peers_{name}")
        functions[name] = f
    clock.namespace.update(functions)
    objects += [clock,
                clock.run_regularly("peers_dummy = tick_start()", when="start",
                                    order=-1000, name="peers_tick_start"),
                clock.run_regularly("peers_dummy = tick_end()", when="end",
                                    order=1000, name="peers_tick_end")]
    net = b2.Network(*objects)
    schedule = [f"{o.name} ({o.when}, {o.order})" for o in net.sorted_objects
                if o.when in ("thresholds", "synapses") or o.name.startswith("peers_tick")]
    net.run(ticks * DT_MS * b2.ms)
    started = time.monotonic()
    b2.device.build(directory=directory, compile=True, run=True, with_output=False)
    build_s = time.monotonic() - started
    results = os.path.join(directory, "results")
    return {
        "counts": [int(np.sum(m.count[:])) for m in monitors],
        "ticks_recorded": len(read_ticks_ns(results)),
        "wall_ns": read_run_ns(results),
        "cpu_s": float(b2.device._last_run_time),
        "build_s": build_s,
        "schedule": schedule,
    }


def read_run_ns(results_dir: str) -> int:
    with open(os.path.join(results_dir, RUN_NS_FILE)) as f:
        return int(f.read().strip())


def read_ticks_ns(results_dir: str) -> list[int]:
    import numpy as np
    return np.fromfile(os.path.join(results_dir, TICKS_FILE), dtype="<i8").tolist()


def read_cpu_s(results_dir: str) -> float:
    with open(os.path.join(results_dir, "last_run_info.txt")) as f:
        return float(f.read().split()[0])


# ---- the parent side -----------------------------------------------------------------


class Brian2Runner:
    """A workload compiled once by Brian2; ``run_pass`` runs the compiled binary again."""

    def __init__(self, workload, directory: str):
        self.workload = workload
        self.directory = os.path.abspath(directory)
        os.makedirs(self.directory, exist_ok=True)
        cmd = [sys.executable, os.path.abspath(__file__), "--build", workload.name,
               "--ticks", str(workload.ticks), "--dir", self.directory]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
            raise RuntimeError(f"Brian2 build of {workload.name} failed:\n{tail}")
        self.first = json.loads(done.stdout.strip().splitlines()[-1])

    @property
    def counts(self) -> list[int]:
        return self.first["counts"]

    def run_pass(self) -> tuple[list[int], int, float]:
        """Run the compiled program once: (ns of every tick, wall ns of the whole network
        run, its CPU seconds)."""
        results = os.path.join(self.directory, "results")
        done = subprocess.run(["./main", "--results_dir", results + os.sep],
                              cwd=self.directory, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"Brian2 program of {self.workload.name} failed "
                               f"(exit {done.returncode}): {done.stderr.strip()[-500:]}")
        ticks = read_ticks_ns(results)
        if len(ticks) != self.workload.ticks:
            raise RuntimeError(f"Brian2 program of {self.workload.name} timed {len(ticks)} "
                               f"ticks, not {self.workload.ticks}")
        return ticks, read_run_ns(results), read_cpu_s(results)


def main(argv: list[str]) -> int:
    import argparse
    ap = argparse.ArgumentParser(description="Build one workload with Brian2 (child "
                                 "process of peers.py); prints one JSON line.")
    ap.add_argument("--build", required=True, metavar="NAME")
    ap.add_argument("--ticks", type=int, required=True)
    ap.add_argument("--dir", required=True)
    args = ap.parse_args(argv)
    print(json.dumps(build(args.build, args.ticks, args.dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
