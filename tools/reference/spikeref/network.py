"""Sections 2, 3, 8, 9 and 12: the network, its step (delivery order, updates,
plasticity), reset, quiescence, power modes and state hash.
"""

from __future__ import annotations

import numpy as np

from .primitives import (
    I32_MAX, I32_MIN, Q16_ONE, U64_MASK, Xoshiro128ss, ceil_div, fnv1a64, row_draw,
    sat32)
from .fields import (
    COUNT, FIRST_SPIKE, FULL, INPUT, IZH, LOW, MAX_FAN_IN, MAX_FOLD, MAX_LIST,
    MAX_POPULATIONS, MAX_SCALE, MIN_FOLD, MIN_SCALE, NORMAL, POWER_MODES, RATE, _bool,
    _enum, _int, parse_seed)
from .population import Population, update_population
from .projection import Projection
from .codec import Decoder, Encoder
from .plasticity import PlasticityRule


def topological_order(n_pops, projections, pops):
    """Order of the non-input populations along the D = 0 projection graph (Kahn,
    smallest index first). Raises ValueError on a cycle."""
    succ = {p: set() for p in range(n_pops)}
    indeg = [0] * n_pops
    for q in projections:
        if q.delay == 0 and q.target not in succ[q.source]:
            if q.source == q.target:
                raise ValueError(f"projections[{q.index}].delay=0: self-projection of "
                                 f"population {q.source} with D = 0 is a cycle")
            succ[q.source].add(q.target)
            indeg[q.target] += 1
    ready = sorted(p for p in range(n_pops) if indeg[p] == 0)
    order = []
    while ready:
        p = ready.pop(0)
        order.append(p)
        for t in sorted(succ[p]):
            indeg[t] -= 1
            if indeg[t] == 0:
                ready.append(t)
                ready.sort()
    if len(order) != n_pops:
        cyc = sorted(set(range(n_pops)) - set(order))
        bad = [q.index for q in projections
               if q.delay == 0 and q.source in cyc and q.target in cyc]
        raise ValueError(f"projections{bad}.delay=0: the D = 0 projection graph has a "
                         f"cycle through populations {cyc}")
    return [p for p in order if pops[p].model != INPUT]


class Network:
    """A network built from a golden-format dict (see Tests/SpikeCoreTests/Golden)."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("network: expected an object")
        pops_d = spec.get("populations")
        if not isinstance(pops_d, list) or not 1 <= len(pops_d) <= MAX_POPULATIONS:
            raise ValueError(f"populations: need 1 .. {MAX_POPULATIONS} populations")
        for key in ("projections", "encoders", "decoders", "plasticity"):
            lst = spec.get(key, [])
            if lst is None:
                lst = []
            if not isinstance(lst, list) or len(lst) > MAX_LIST:
                raise ValueError(f"{key}: need a list of 0 .. {MAX_LIST} entries")
        self.seed = parse_seed(spec.get("seed", 0))
        self.pops = [Population(d, k) for k, d in enumerate(pops_d)]
        self.projs = [Projection(d, k, self.pops)
                      for k, d in enumerate(spec.get("projections", []))]
        fan_in = [0] * len(self.pops)
        for q in self.projs:
            fan_in[q.target] += 1
            if fan_in[q.target] > MAX_FAN_IN:
                raise ValueError(f"projections[{q.index}].target={q.target}: more than "
                                 f"{MAX_FAN_IN} projections into one population")
        self.encs = [Encoder(d, k, self.pops)
                     for k, d in enumerate(spec.get("encoders", []))]
        seen = {}
        for e in self.encs:
            if e.population in seen:
                raise ValueError(f"encoders[{e.index}].population={e.population}: population "
                                 f"already has encoder {seen[e.population]}")
            seen[e.population] = e.index
        self.decs = [Decoder(d, k, self.pops)
                     for k, d in enumerate(spec.get("decoders", []))]
        # section 11: at most one rule per projection, none on CONV2D
        self.rules = [PlasticityRule(d, k, self.projs)
                      for k, d in enumerate(spec.get("plasticity") or [])]
        owner = {}
        for r in self.rules:
            if r.projection in owner:
                raise ValueError(f"plasticity[{r.index}].projection={r.projection}: projection "
                                 f"already has rule {owner[r.projection]}")
            owner[r.projection] = r.index
        # phase 3 runs the rules in projection order; rewards and the hash in rule order
        self.rules_by_projection = sorted(self.rules, key=lambda r: r.projection)
        self.order = topological_order(len(self.pops), self.projs, self.pops)
        self.incoming = [[q for q in self.projs if q.target == p]
                         for p in range(len(self.pops))]
        for pop in self.pops:
            pop.history_depth = max([q.delay for q in self.projs if q.source == pop.index],
                                    default=0)
        # section 12: power mode (configuration: kept by reset)
        power = spec.get("power")
        if power is None:
            power = {}
        if not isinstance(power, dict):
            raise ValueError("power: expected an object")
        for f in power:
            if f not in ("mode", "fold", "threshold_scale"):
                raise ValueError(f"power.{f}: unknown field")
        self.mode = NORMAL
        self.fold = _int(power.get("fold", 2), MIN_FOLD, MAX_FOLD, "power.fold")
        self.threshold_scale = _int(power.get("threshold_scale", Q16_ONE), MIN_SCALE,
                                    MAX_SCALE, "power.threshold_scale")
        self.set_power(_enum(power.get("mode", "normal"), POWER_MODES, "power.mode"),
                       self.fold, where="power.mode")
        # Testing aid, not a mode of the page: True computes every step and population
        # like FULL while keeping the mode's fold and thresholds (the skip rules must not
        # change a bit, so only neuron_updates and skipped_ticks may differ).
        self.never_skip = False
        self.prng = Xoshiro128ss(self.seed)
        self.reset()

    # ---- section 8: reset -----------------------------------------------------------
    def reset(self):
        self.t = 0
        self.h = 0
        for pop in self.pops:
            pop.reset()
            # history[slot] with slot = step % H holds the spikes of that step
            pop.history = np.zeros((max(pop.history_depth, 1), pop.size), dtype=np.int64)
        for q in self.projs:
            q.acc[:] = 0
        self.pending = [set() for _ in self.pops]
        for e in self.encs:
            e.reset()
        for d in self.decs:
            d.reset(0)
        for r in self.rules:
            r.reset()  # traces, eligibility, stamps; parameters and switches kept
        self.prng.seed(self.seed)
        self.synaptic_events = 0
        self.neuron_updates = 0
        self.spike_count = 0
        self.input_spikes = 0
        self.skipped_ticks = 0
        self.plasticity_updates = 0
        # Not part of the semantics: what happened, for gen_golden's sanity checks.
        self.stats = {"quiescent_steps": 0, "skipped_populations": 0, "rate_draws": 0,
                      "plasticity_draws": 0, "low_steps": 0, "clamp_out_of_bounds": 0,
                      "rewards": 0}

    def reset_decoders(self):
        for d in self.decs:
            d.reset(self.t)

    # ---- caller inputs ----------------------------------------------------------------
    def inject(self, pop, neuron):
        pop = _int(pop, 0, len(self.pops) - 1, "inject.population")
        if self.pops[pop].model != INPUT:
            raise ValueError(f"inject.population={pop}: only INPUT populations take "
                             f"injected spikes")
        neuron = _int(neuron, 0, self.pops[pop].size - 1, "inject.neuron")
        self.pending[pop].add(neuron)

    def set_value(self, encoder, channel, value):
        encoder = _int(encoder, 0, len(self.encs) - 1, "set_value.encoder")
        e = self.encs[encoder]
        channel = _int(channel, 0, e.channels - 1, "set_value.channel")
        value = _int(value, I32_MIN, I32_MAX, "set_value.value")
        e.set_value(channel, value)

    # ---- section 11.3 / 11.4: reward, switches, parameters ----------------------------
    def reward(self, r):
        """reward(r) between steps, t = the tick counter; R-STDP rules in rule order."""
        r = _int(r, I32_MIN, I32_MAX, "reward")
        self.stats["rewards"] += 1
        for rule in self.rules:
            if rule.reward_modulated and rule.enabled:
                rule.reward(self, r, self.t)

    def _rule(self, index, where):
        return self.rules[_int(index, 0, len(self.rules) - 1, where)]

    def set_learning(self, rule, enabled):
        self._rule(rule, "learning.rule").enabled = _bool(enabled, "learning.enabled")

    def set_param(self, rule, name, value):
        self._rule(rule, "param.rule").set_param(name, value)

    def weights(self, proj):
        return [int(w) for w in self.projs[_int(proj, 0, len(self.projs) - 1, "proj")].w]

    # ---- section 12: power ------------------------------------------------------------
    def set_power(self, mode, fold=None, where="power"):
        """NORMAL / LOW (with fold k, 2 .. 256) / FULL, between steps. A network with an
        IZH population refuses LOW."""
        mode = _enum(mode, POWER_MODES, where)
        if mode == LOW:
            fold = _int(self.fold if fold is None else fold, MIN_FOLD, MAX_FOLD,
                        f"{where}.fold")
            izh = [p.index for p in self.pops if p.model == IZH]
            if izh:
                raise ValueError(f"{where}=low: population {izh[0]} is IZH; a network with "
                                 f"an IZH population refuses the low-power mode")
            self.fold = fold
        self.mode = mode

    def set_threshold_scale(self, scale):
        self.threshold_scale = _int(scale, MIN_SCALE, MAX_SCALE, "threshold_scale")

    @property
    def k(self):
        """Ticks per step: the fold in LOW, 1 in NORMAL and FULL."""
        return self.fold if self.mode == LOW else 1

    def effective_delay(self, q):
        """D' = ceil(D / k) in LOW, D otherwise (section 12.2)."""
        return ceil_div(q.delay, self.k) if self.mode == LOW else q.delay

    def row_draws(self, key, slots):
        """row_draw(key, s) for every slot s (section 11.1), counted."""
        self.stats["plasticity_draws"] += len(slots)
        return row_draw(key, slots)

    # ---- spikes of step h - d ---------------------------------------------------------
    def _past_spikes(self, pop, d):
        """Spike vector of population pop at step h - d (1 <= d <= H)."""
        if self.h - d < 0:
            return np.zeros(pop.size, dtype=np.int64)
        return pop.history[(self.h - d) % pop.history_depth]

    # ---- section 12.1: rest and quiescence --------------------------------------------
    def _input_at_rest(self, p):
        return not self.pops[p].s.any() and not self.pending[p]

    def quiescent(self):
        """The quiescence predicate of 12.1 on the current state and pending inputs."""
        for p, pop in enumerate(self.pops):
            if pop.model == INPUT:
                if not self._input_at_rest(p):
                    return False
            elif not pop.at_rest():
                return False
            for d in range(1, pop.history_depth + 1):
                if self._past_spikes(pop, d).any():
                    return False
        for e in self.encs:
            if not e.idle():
                return False
        for r in self.rules:
            if r.enabled and (r.x.any() or r.y.any()):
                return False
        return True

    # ---- section 3: the step ----------------------------------------------------------
    def step(self):
        k = self.k
        if self.mode == LOW:
            self.stats["low_steps"] += 1
        skipping = self.mode != FULL and not self.never_skip
        if skipping and self.quiescent():
            # quiescent step (12.1): none of the phases
            self.t += k
            self.h += 1
            self.skipped_ticks += k
            self.stats["quiescent_steps"] += 1
            return
        t = self.t
        # Phase 1: inputs
        for p, pop in enumerate(self.pops):
            if pop.model == INPUT:
                s = np.zeros(pop.size, dtype=np.int64)
                if self.pending[p]:
                    s[sorted(self.pending[p])] = 1
                pop.s = s
                self.pending[p] = set()
        for e in self.encs:
            pop = self.pops[e.population]
            before = self.prng.s
            pop.s = pop.s | e.emit(self.prng, k)
            if e.kind == RATE and self.prng.s != before:
                self.stats["rate_draws"] += e.n
        for pop in self.pops:
            if pop.model == INPUT:
                self.input_spikes += int(pop.s.sum())
        # Phase 2: populations in topological order of the D = 0 graph
        delivered = {}
        for p in self.order:
            pop = self.pops[p]
            for q in self.incoming[p]:
                src = self.pops[q.source]
                D = self.effective_delay(q)
                spikes = src.s if D == 0 else self._past_spikes(src, D)
                delivered[q.index] = np.flatnonzero(spikes)
            if (skipping and pop.at_rest()
                    and all(len(delivered[q.index]) == 0 for q in self.incoming[p])):
                self.stats["skipped_populations"] += 1  # skip rule (12.1)
                continue
            I_exact = np.zeros(pop.size, dtype=np.int64)
            for q in self.incoming[p]:
                self.synaptic_events += q.deliver(delivered[q.index])
                I_exact += q.acc << q.shift  # |acc * 2^s| <= 2^55, sum <= 2^61
            I = sat32(I_exact)
            update_population(pop, I, pop.effective(self.mode, k, self.threshold_scale))
            for q in self.incoming[p]:
                q.acc[:] = 0
            self.neuron_updates += pop.size
            self.spike_count += int(pop.s.sum())
        # Phase 3: plasticity, in projection order
        for r in self.rules_by_projection:
            if r.enabled:
                q = r.proj
                r.phase3(self, delivered[q.index], self.pops[q.target].s, t, k)
        # Phase 4: decoders
        for d in self.decs:
            d.observe(t, self.pops[d.population].s)
        # record this step's spikes for delayed projections and the hash
        for pop in self.pops:
            if pop.history_depth >= 1:
                pop.history[self.h % pop.history_depth] = pop.s
        # Phase 5
        self.t = t + k
        self.h += 1

    def idle(self, n):
        """idle(n): n steps without input, literally (12.1)."""
        n = _int(n, 0, 2**40, "idle")
        for _ in range(n):
            self.step()

    # ---- observation ------------------------------------------------------------------
    def spikes(self, pop):
        """Sorted indices of the neurons of population pop that spiked in the last step."""
        return [int(j) for j in np.flatnonzero(self.pops[pop].s)]

    def membrane(self, pop):
        p = self.pops[pop]
        if p.model == INPUT:
            raise ValueError(f"membrane: population {pop} is INPUT and has no v")
        return [int(v) for v in p.v]

    def decoder_values(self, i):
        d = self.decs[i]
        if d.kind == COUNT:
            return [int(c) for c in d.count]
        if d.kind == FIRST_SPIKE:
            return [int(f) for f in d.first]
        return self.membrane(d.population)

    @property
    def counters(self):
        return {"synaptic_events": self.synaptic_events,
                "neuron_updates": self.neuron_updates,
                "spikes": self.spike_count,
                "input_spikes": self.input_spikes,
                "skipped_ticks": self.skipped_ticks,
                "plasticity_updates": self.plasticity_updates}

    def state_bytes(self):
        """The byte sequence of the section 8 state hash."""
        parts = [int(self.t & U64_MASK).to_bytes(8, "little")]
        parts += [int(w).to_bytes(4, "little") for w in self.prng.s]
        for pop in self.pops:
            fields = pop.state_fields()
            parts.append(np.stack(fields, axis=1).astype("<i4").tobytes())
            for k in range(1, pop.history_depth + 1):
                parts.append(self._past_spikes(pop, k).astype(np.uint8).tobytes())
        for e in self.encs:
            parts.append(e.state_bytes())
        for q in self.projs:
            parts.append(q.w.astype(np.int8).tobytes())
        for r in self.rules:
            parts.append(r.state_bytes())
        return b"".join(parts)

    def state_hash(self):
        return fnv1a64(self.state_bytes())
