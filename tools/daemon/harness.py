"""What the system-level checks of spikertd share: the command line every check takes,
a daemon process that is always cleaned up, readings from /proc, the reward-learning
model they run, and the report that ends each check with PASS or FAIL and its exit
status (0 pass, 1 a check failed, 2 the check could not run).

The checks are scripts for CI: bounded in time, only local Unix sockets and FIFOs, and
every process, temporary directory and mount they make is undone on any exit — also
when CI stops them with SIGTERM (turned into SystemExit here, so `finally` runs)."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, os.path.join(ROOT, "tools", "python", "examples"))

import numpy as np  # noqa: E402

from spikert_tools import blob  # noqa: E402
import reward_two_patterns as task  # noqa: E402

RESUMED = re.compile(r"resuming from a checkpoint in .* at tick (\d+)")


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every check takes; a check adds its own."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--spikertd", required=True, help="the daemon binary")
    ap.add_argument("--spikert", required=True, help="the CLI (spikert validate)")
    ap.add_argument("--runner", default="", help="prefix for both binaries (qemu-user)")
    ap.add_argument("--keep", help="work in DIR and leave it there")
    return ap


def stop_on_sigterm() -> None:
    """CI stops a check that overruns with SIGTERM: unwind through `finally` so the
    daemons, mounts and temporary directories go too."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


class Workspace:
    """A temporary directory (or --keep DIR) removed at the end unless kept."""

    def __init__(self, prefix: str, keep: str | None):
        self.keep = keep
        self.path = keep or tempfile.mkdtemp(prefix=prefix)
        os.makedirs(self.path, exist_ok=True)

    def join(self, *parts: str) -> str:
        return os.path.join(self.path, *parts)

    def close(self) -> None:
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)


class Daemon:
    """One spikertd process; its stderr (the log) goes to a file so that a chatty
    daemon can never block on a full pipe. Several processes may append to one log
    file in turn: `log()` is this one's part."""

    def __init__(self, binary: str, args: list[str], log_path: str, runner: str = "",
                 stdout=subprocess.DEVNULL):
        self.log_path = log_path
        self.command = shlex.split(runner) + [binary] + args
        self.log_offset = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL,
                                            stdout=stdout, stderr=log)
        self.pid = self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        with open(self.log_path, "rb") as f:
            f.seek(self.log_offset)
            return f.read().decode("utf-8", "replace")

    def wait_for_log(self, pattern: str, timeout: float = 10.0, start: int = 0) -> re.Match | None:
        """The first match of `pattern` in the log after offset `start`, waiting up to
        `timeout` seconds (None if it never came or the daemon exited first)."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.log(), start)
            if match or time.monotonic() > deadline:
                return match
            if not self.alive():
                return regex.search(self.log(), start)
            time.sleep(0.01)

    def signal(self, number: int) -> None:
        if self.alive():
            self.process.send_signal(number)

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, then the exit status (None if it had to be killed)."""
        self.signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()


def proc_status(pid: int) -> dict[str, int]:
    """The numeric fields of /proc/PID/status (kB fields in kB), with the context
    switches summed over all of the process's threads."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            words = value.split()
            if words and words[0].isdigit():
                fields[key] = int(words[0])
    voluntary = nonvoluntary = 0
    for task_id in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task_id}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        voluntary += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches:"):
                        nonvoluntary += int(line.split()[1])
        except FileNotFoundError:
            continue  # a thread that ended meanwhile
    fields["voluntary_ctxt_switches"] = voluntary
    fields["nonvoluntary_ctxt_switches"] = nonvoluntary
    return fields


def context_switches(pid: int) -> int:
    status = proc_status(pid)
    return status["voluntary_ctxt_switches"] + status["nonvoluntary_ctxt_switches"]


CHECKPOINT_TICK = re.compile(r"checkpoint at tick (\d+)")


def validate(spikert: str, paths: list[str], runner: str = "") -> dict[str, tuple[bool, str, int | None]]:
    """`spikert validate PATH...` in one run: for each path whether it is valid, the
    line spikert printed about it, and the tick it holds when it is a checkpoint."""
    run = subprocess.run(shlex.split(runner) + [spikert, "validate"] + paths,
                         capture_output=True, text=True, timeout=60)
    verdicts = {}
    for path in paths:
        line = next((l for l in run.stdout.splitlines() if l.startswith(path + ": ")),
                    f"{path}: no verdict (exit {run.returncode}): {run.stderr.strip()}")
        tick = CHECKPOINT_TICK.search(line)
        verdicts[path] = (line.startswith(path + ": ok"), line, int(tick.group(1)) if tick else None)
    return verdicts


# The model: the reward-modulated two-pattern task (R-STDP; dt 1 ms, the exporter's
# default), whose weights change only when a reward arrives.

def write_reward_model(path: str, seed: int = 7) -> bytes:
    return blob.write(path, blob.case_to_body(task.build_case(np.random.default_rng(seed))))


def reward_model_dt_ns() -> int:
    return blob.DT_DEFAULT_NS


def reward_trials(rng: np.random.Generator, trials: int, first_tick: int = 0):
    """Spike-file lines (`tick,channel` and `tick,reward,VALUE`, ticks not decreasing)
    for `trials` presentations of the task, each rewarded at its first silent tick;
    and the tick after the last trial."""
    lines, tick = [], first_tick
    for k in range(trials):
        pattern = int(rng.integers(0, 2))
        for t in range(task.T):
            for c in range(10 * pattern, 10 * pattern + 10):
                if rng.random() < task.P_ACTIVE:
                    lines.append(f"{tick + t},{c}\n")
        tick += task.T
        lines.append(f"{tick},reward,{task.REWARD if (k + pattern) % 3 else -task.REWARD}\n")
        tick += task.R
    return lines, tick


class Report:
    """Measured numbers as they come, the verdict at the end."""

    def __init__(self, name: str):
        self.name = name
        self.failures: list[str] = []
        self.started = time.monotonic()

    def note(self, text: str) -> None:
        print(f"{self.name}: {text}", flush=True)

    def measure(self, label: str, value, unit: str = "") -> None:
        print(f"{self.name}: {label}: {value}{' ' + unit if unit else ''}", flush=True)

    def expect(self, condition: bool, failure: str) -> bool:
        """Record `failure` (input, expected, actual) unless `condition` holds."""
        if not condition:
            self.failures.append(failure)
            print(f"{self.name}: FAILED: {failure}", flush=True)
        return condition

    def finish(self) -> int:
        elapsed = time.monotonic() - self.started
        if self.failures:
            print(f"{self.name}: FAIL ({len(self.failures)} failed, {elapsed:.1f} s)", flush=True)
            for failure in self.failures:
                print(f"  - {failure}", flush=True)
            return 1
        print(f"{self.name}: PASS ({elapsed:.1f} s)", flush=True)
        return 0

    def cannot_run(self, why: str) -> int:
        print(f"{self.name}: ERROR (could not run): {why}", flush=True)
        return 2
