"""Network dicts for the reference's own tests: a population with every field, a
projection, a learning rule, the network built from them, and the golden cases."""

import json
import os

import spikeref as sr

HERE = os.path.dirname(os.path.abspath(__file__))


def pop(size, model, **kw):
    d = dict(size=size, model=model, threshold=0, beta=0, alpha=0, reset="subtract",
             reset_timing="delayed", v_reset=0, v_init=0, refractory=0, bias=0,
             adapt_inc=0, adapt_decay=0, izh_a=0, izh_b=0, izh_c=0, izh_d=0, v_peak=0)
    d.update(kw)
    return d


def proj(source, target, kind, weights, delay=0, shift=0, row_ptr=(), col=(), conv=None):
    return dict(source=source, target=target, kind=kind, delay=delay, shift=shift,
                weights=list(weights), row_ptr=list(row_ptr), col=list(col), conv=conv)


def net(pops, projs=(), encs=(), decs=(), seed=0):
    return sr.Network(dict(seed=seed, populations=list(pops), projections=list(projs),
                           encoders=list(encs), decoders=list(decs)))


def golden_cases():
    gdir = os.path.join(HERE, "..", "..", "Tests", "SpikeCoreTests", "Golden")
    for f in sorted(os.listdir(gdir)):
        if f.endswith(".json"):
            with open(os.path.join(gdir, f)) as fh:
                yield f[:-5], json.load(fh)


def rule(projection, kind="stdp_nearest", **kw):
    d = dict(projection=projection, rule=kind, a_plus=0, a_minus=0, decay_pre=0,
             decay_post=0, w_min=-128, w_max=127, bounds="hard", learning_rate=0,
             decay_elig=0, norm_target=0, enabled=True)
    d.update(kw)
    return d


def pnet(pops, projs=(), rules=(), encs=(), decs=(), seed=0, power=None):
    spec = dict(seed=seed, populations=list(pops), projections=list(projs),
                encoders=list(encs), decoders=list(decs), plasticity=list(rules))
    if power is not None:
        spec["power"] = power
    return sr.Network(spec)
