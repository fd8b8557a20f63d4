"""Running a case of the golden format (Tests/SpikeCoreTests/Golden/README.md): its
input actions step by step, and the expected record the golden vectors hold.
"""

from __future__ import annotations

from .fields import INPUT, LOW, MAX_FOLD, MIN_FOLD, POWER_MODES, RULE_PARAMS, _enum, _int
from .network import Network


PARAM_NAMES = list(RULE_PARAMS)


def apply_action(net, item, where):
    """One inputs.actions entry [step, name, args...] (Tests/SpikeCoreTests/Golden)."""
    name, args = item[1], list(item[2:])

    def nargs(n):
        if len(args) != n:
            raise ValueError(f"{where}={item!r}: {name} takes {n} argument(s)")

    if name == "reward":
        nargs(1)
        net.reward(args[0])
    elif name == "idle":
        nargs(1)
        net.idle(args[0])
    elif name == "power":
        nargs(2)
        if not isinstance(args[0], str):
            raise ValueError(f"{where}={item!r}: power mode must be a name {POWER_MODES}")
        mode = _enum(args[0], POWER_MODES, f"{where}.mode")
        if mode == LOW:
            net.set_power(mode, _int(args[1], MIN_FOLD, MAX_FOLD, f"{where}.fold"), where)
        else:
            _int(args[1], 0, 2**31, f"{where}.fold")  # ignored unless low
            net.set_power(mode, None, where)
    elif name == "threshold_scale":
        nargs(1)
        net.set_threshold_scale(args[0])
    elif name == "learning":
        nargs(2)
        net.set_learning(args[0], args[1])
    elif name == "param":
        nargs(3)
        if args[1] not in PARAM_NAMES:
            raise ValueError(f"{where}={item!r}: parameter must be one of {PARAM_NAMES}")
        net.set_param(args[0], args[1], args[2])
    elif name == "reset_decoders":
        nargs(0)
        net.reset_decoders()
    else:
        raise ValueError(f"{where}={item!r}: unknown action {name!r}")


def run_case(case):
    """Run a golden-format case and return its "expected" dict."""
    return run_network(Network(case), case)


def run_network(net, case, observer=None):
    """Run case's steps, actions and inputs on an already built (or reset) network.

    observer(net, s), if given, is called after every explicit step s (for tests)."""
    ticks = _int(case.get("ticks", 0), 0, 2**31, "ticks")
    inputs = case.get("inputs") or {}
    by_step = {}
    for k, item in enumerate(inputs.get("actions", []) or []):
        if not isinstance(item, (list, tuple)) or len(item) < 2 or not isinstance(item[1], str):
            raise ValueError(f"inputs.actions[{k}]={item!r}: expected [step, name, args...]")
        step = _int(item[0], 0, max(ticks - 1, 0), f"inputs.actions[{k}].step")
        by_step.setdefault(step, []).append(("action", k, item))
    for k, item in enumerate(inputs.get("spikes", []) or []):
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            raise ValueError(f"inputs.spikes[{k}]={item!r}: expected [step, population, neuron]")
        step = _int(item[0], 0, max(ticks - 1, 0), f"inputs.spikes[{k}].step")
        by_step.setdefault(step, []).append(("spike", k, item))
    for k, item in enumerate(inputs.get("values", []) or []):
        if not isinstance(item, (list, tuple)) or len(item) != 4:
            raise ValueError(f"inputs.values[{k}]={item!r}: expected "
                             f"[step, encoder, channel, value]")
        step = _int(item[0], 0, max(ticks - 1, 0), f"inputs.values[{k}].step")
        by_step.setdefault(step, []).append(("value", k, item))
    # actions first, then spikes, then values, each in file order (stable sort)
    rank = {"action": 0, "spike": 1, "value": 2}
    for step in by_step:
        by_step[step].sort(key=lambda e: rank[e[0]])
    membrane_pops = [p for p, pop in enumerate(net.pops)
                     if pop.model != INPUT and pop.size <= 64]
    spikes = []
    membrane = {str(p): [] for p in membrane_pops}
    quiescent = []
    for s in range(ticks):
        for what, k, item in by_step.get(s, []):
            if what == "action":
                apply_action(net, item, f"inputs.actions[{k}]")
            elif what == "spike":
                net.inject(item[1], item[2])
            else:
                net.set_value(item[1], item[2], item[3])
        t = net.t
        net.step()
        for p in range(len(net.pops)):
            for j in net.spikes(p):
                spikes.append([t, p, j])
        for p in membrane_pops:
            membrane[str(p)].append(net.membrane(p))
        quiescent.append("1" if net.quiescent() else "0")
        if observer is not None:
            observer(net, s)
    exp = {
        "spikes": spikes,
        "membrane": membrane,
        "decoders": [net.decoder_values(i) for i in range(len(net.decs))],
        "counters": net.counters,
    }
    if net.rules:
        exp["weights"] = {str(r.projection): net.weights(r.projection)
                          for r in sorted(net.rules, key=lambda r: r.projection)}
    exp["quiescent"] = "".join(quiescent)
    exp["final_hash"] = f"0x{net.state_hash():016x}"
    return exp
