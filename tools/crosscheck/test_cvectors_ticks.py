"""The step table of spikert_tools.cvectors (tick counter per explicit step, derived from
a golden vector's actions) against the numpy reference's own tick counter. Both read
the same golden JSON file; neither sees the other's objects."""

import pytest

import spikeref as sr
from spikert_tools import cvectors


def _moves_ticks(case):
    acts = case["inputs"].get("actions") or []
    return (any(a[1] in ("idle", "power") for a in acts)
            or (case.get("power") or {}).get("mode", "normal") == "low")


@pytest.mark.parametrize("name", [n for n in cvectors.golden_names()
                                  if _moves_ticks(cvectors.load_case(n))])
def test_step_table_is_the_reference_tick_counter(name):
    """Where idle or the low-power mode make ticks and steps differ, the derived table
    equals the numpy reference's tick counter before and after every explicit step."""
    case = cvectors.load_case(name)
    seen = []
    net = sr.Network(case)
    prev = {"t": None}

    def observer(n, s):
        seen.append((prev["t"], n.t))

    # the tick counter at the start of a step is net.t after its actions; the reference
    # records it as the spikes' tick, and after the step net.t is the end tick
    table = cvectors.step_ticks(case, cvectors.c_actions(name, case))
    orig_step = net.step

    def step():
        prev["t"] = net.t
        orig_step()

    net.step = step
    exp = sr.run_network(net, case, observer)
    assert seen == table
    assert exp["final_hash"] == case["expected"]["final_hash"]
