"""Golden vectors as plain text for the C tests (Tests/CABI).

usage: python3 -m spikert_tools.cvectors --out DIR [--list] [NAME ...]

Writes DIR/<NAME>.vec for every golden vector Tests/SpikeCoreTests/Golden/<NAME>.json
(and for the loader extras in Tests/SpikeCoreTests/Blobs/extras/, which are golden
networks with names or extension keys added: same inputs, same expected results). With
NAMEs only those are written; an unknown NAME is an error. DIR/INDEX then lists the
written file names, one a line, in the order given (C99 cannot list a directory, so the
C tests read INDEX). Without NAMEs, DIR/bad/<NAME>.spkb are golden blobs with a learning
rule the loader must refuse, and DIR/BAD lists them as `NAME STATUS FIELD` (the
spk_status and spk_error field misuse_test expects). Deterministic: the same JSON
gives the same bytes. Nothing here runs the Swift code under test: every number is copied
from the golden JSON, which the numpy reference produced; only `tick_ns` and `name`
records are read from the blob file itself (with spikert_tools.blob, a Python CBOR reader),
because the JSON does not carry them.

Format (version 2). One record per line, fields separated by single spaces, integers in
decimal (signed where the quantity is signed), the seed and the hash as 0x + 16 lowercase
hex digits. A C99 program reads it with fgets/strtok/strtol. No line is empty; `#` lines
are comments. The record order is fixed: header records, then the step table, actions and
inputs, then expected results, then `end`.

A STEP is an explicit step s = 0 ... steps-1 of the golden file (one spk_step(net, 1)); a
TICK is the tick counter (spk_tick). They differ once an `idle` action has run or the
low-power mode folds several ticks into one step.

    spikert-vectors 2                   first line, the format version
    case NAME                           the .vec file stem
    source Golden/NAME.json             the JSON it was derived from
    blob REL                            blob file, relative to Tests/SpikeCoreTests/Blobs
    steps S                             explicit steps to run
    seed 0xHEX                          the blob's PRNG seed (informational)
    tick_ns N                           dt of the blob (from the blob's meta map)
    power MODE FOLD SCALE               the power settings the blob starts with (MODE 0
                                        normal 1 low 2 full as SPK_POWER_*; FOLD the fold
                                        of the low-power mode; SCALE its threshold scale)
    populations NP                      then NP lines:
    population I SIZE MODEL             MODEL 0 input 1 lif 2 cuba 3 if 4 li 5 alif 6 izh
    projections NQ                      then NQ lines:
    projection I SOURCE TARGET DELAY KIND
                                        KIND 0 dense 1 sparse 2 one_to_one 3 conv2d
    encoders NE                         then NE lines:
    encoder I POPULATION KIND CHANNELS  KIND 0 rate 1 latency 2 delta; CHANNELS = what
                                        spk_encoder_channels must say (size, or size/2
                                        for delta)
    decoders ND                         then ND lines:
    decoder I POPULATION KIND           KIND 0 count 1 first_spike 2 membrane
    rules NR                            then NR lines (the learning rules of the blob):
    rule R PROJECTION KIND ENABLED P0 ... P9
                                        KIND 0 stdp_nearest 1 stdp_all 2 rstdp_nearest
                                        3 rstdp_all; ENABLED 0/1; Pk = the value of
                                        parameter SPK_PARAM_* k (bounds 0 hard 1 soft)
    name KIND INDEX TEXT                names the blob carries (KIND 0 population,
                                        1 projection, 2 encoder, 3 decoder, as
                                        SPK_POPULATION...); TEXT is the rest of the
                                        line (no spaces in any stored name)
    step S TICK0 TICK1                  every explicit step: the tick counter when it
                                        starts (after its actions) and after it
    action S reward R                   spk_reward(net, R)
    action S idle N                     spk_idle(net, N)
    action S power MODE FOLD            spk_power_mode(net, MODE, FOLD) (FOLD 1 unless
                                        MODE is SPK_POWER_LOW)
    action S threshold_scale Q          spk_power_threshold_scale(net, Q)
    action S learning PROJ E            spk_learning_enable(net, PROJ, E)
    action S param PROJ ID VALUE        spk_learning_set_param(net, PROJ, ID, VALUE)
    action S reset_decoders             spk_decoder_reset(net)
    input_spike S POP NEURON            inject before step S
    input_value S ENC CHANNEL VALUE     spk_encoder_set before step S
    spike TICK POP NEURON               every spike of every population (inputs too) in an
                                        explicit step; TICK = that step's TICK0
    membrane S POP N V0 ... V(N-1)      v of every neuron after step S (non-input
                                        populations of size <= 64, every step)
    quiescent QQQ...                    one character per explicit step: 1 if
                                        spk_quiescent says 1 right after it, else 0
    decoder_values I N X0 ... X(N-1)    decoder I after the last step (count; first spike
                                        with 4294967295 = none; membrane v)
    counter ticks N                     the seven counters, SPK_COUNTER_* order (ticks =
    counter synaptic_events N           the tick counter after the last step)
    counter neuron_updates N
    counter spikes N
    counter input_spikes N
    counter skipped_ticks N
    counter plasticity_updates N
    hash 0xHEX                          state hash after the last step
    end

Before step S the C program applies, in this order, S's actions (in file order), its
input spikes, its input values, then steps once. Actions name projections: the JSON's
rule index r is turned into the projection of plasticity rule r, its parameter names into
SPK_PARAM_* ids, power mode names into SPK_POWER_* ids. The step table is computed here
from the actions (idle n adds n steps of the current fold; a step adds the fold: 1 in the
normal and full modes) and checked against the spike records' ticks.

Inputs and actions are sorted by step with a stable sort, so within one step they keep
the JSON's order (the order they must be applied in); spikes are sorted by (tick,
population, neuron) as in the JSON; membrane records by (step, population). The expected
weights of the learning goldens are not written: the C API has no weight getter, and the
state hash covers them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import blob
from . import schema

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
GOLDEN = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Golden")
BLOBS = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Blobs")

FORMAT_VERSION = 2

# Loader extras (spikert_tools.goldens.extras): blob under Blobs/extras -> the golden
# vector whose network it carries. tests/test_cvectors.py checks the networks are equal.
EXTRAS = {
    "names_only": "proj_dense_two_layer",
    "extensions_everywhere": "proj_dense_two_layer",
    "extensions_conv_sparse": "conv2d_geometries",
    "extensions_sparse": "proj_sparse_csr",
    "extensions_decoders": "decoders_all",
}

# The seven counters in SPK_COUNTER_* order; "ticks" is not in the JSON (it is the tick
# counter after the last step, which the step table gives).
COUNTERS = ("ticks", "synaptic_events", "neuron_updates", "spikes", "input_spikes",
            "skipped_ticks", "plasticity_updates")
NAME_KINDS = ("populations", "projections", "encoders", "decoders")  # SPK_POPULATION...
# SPK_PARAM_A_PLUS ... SPK_PARAM_NORM_TARGET: the JSON's parameter names by C id.
PARAM_IDS = ("a_plus", "a_minus", "decay_pre", "decay_post", "w_min", "w_max",
             "learning_rate", "decay_elig", "bounds", "norm_target")
POWER_DEFAULT = schema.POWER_DEFAULT
RULE_DEFAULTS = schema.PLASTICITY_DEFAULTS  # for rules that leave a field out


class VectorError(Exception):
    pass


def _enum(value, names, what):
    if isinstance(value, int):
        return value
    try:
        return names.index(value)
    except ValueError:
        raise VectorError(f"unknown {what} {value!r}") from None


def _hex64(s) -> str:
    v = int(s, 16) if isinstance(s, str) else int(s)
    if not 0 <= v < 2**64:
        raise VectorError(f"not a u64: {s!r}")
    return f"0x{v:016x}"


def _ints(xs) -> str:
    return " ".join(str(int(x)) for x in xs)


def golden_names() -> list:
    return sorted(fn[:-5] for fn in os.listdir(GOLDEN) if fn.endswith(".json"))


def all_names() -> list:
    return golden_names() + sorted(EXTRAS)


def source_of(name: str) -> tuple:
    """name -> (golden JSON stem, blob path relative to BLOBS)."""
    if name in EXTRAS:
        return EXTRAS[name], f"extras/{name}.spkb"
    return name, f"{name}.spkb"


def load_case(stem: str) -> dict:
    with open(os.path.join(GOLDEN, stem + ".json"), encoding="utf-8") as f:
        return json.load(f)


def rule_params(rule: dict) -> list:
    """A JSON (or blob) plasticity rule -> its parameters by SPK_PARAM_* id."""
    out = []
    for key in PARAM_IDS:
        v = rule.get(key, RULE_DEFAULTS[key])
        out.append(_enum(v, schema.BOUNDS, "bounds") if key == "bounds" else int(v))
    return out


def power_of(case: dict) -> tuple:
    """The case's initial power settings as (mode id, fold, threshold scale)."""
    p = dict(POWER_DEFAULT)
    p.update(case.get("power") or {})
    return (_enum(p["mode"], schema.POWER_MODES, "power mode"), int(p["fold"]),
            int(p["threshold_scale"]))


def c_actions(name: str, case: dict) -> list:
    """The JSON actions as (step, C record fields...) in apply order (stable by step)."""
    rules = case.get("plasticity") or []
    steps = int(case["ticks"])
    out = []
    for item in sorted(case["inputs"].get("actions") or [], key=lambda a: int(a[0])):
        s, kind, args = int(item[0]), item[1], list(item[2:])
        if not 0 <= s < steps:
            raise VectorError(f"{name}: action {item!r} outside steps 0..{steps - 1}")

        def proj(r):
            if not 0 <= int(r) < len(rules):
                raise VectorError(f"{name}: action {item!r} names rule {r} of {len(rules)}")
            return int(rules[int(r)]["projection"])

        if kind == "reward" and len(args) == 1:
            out.append((s, "reward", int(args[0])))
        elif kind == "idle" and len(args) == 1:
            out.append((s, "idle", int(args[0])))
        elif kind == "power" and len(args) == 2:
            mode = _enum(args[0], schema.POWER_MODES, "power mode")
            fold = int(args[1]) if mode == schema.POWER_MODES.index("low") else 1
            out.append((s, "power", mode, fold))
        elif kind == "threshold_scale" and len(args) == 1:
            out.append((s, "threshold_scale", int(args[0])))
        elif kind == "learning" and len(args) == 2:
            out.append((s, "learning", proj(args[0]), 1 if args[1] else 0))
        elif kind == "param" and len(args) == 3:
            if args[1] not in PARAM_IDS:
                raise VectorError(f"{name}: action {item!r}: unknown parameter")
            value = args[2]
            if args[1] == "bounds":
                value = _enum(value, schema.BOUNDS, "bounds")
            out.append((s, "param", proj(args[0]), PARAM_IDS.index(args[1]), int(value)))
        elif kind == "reset_decoders" and not args:
            out.append((s, "reset_decoders"))
        else:
            raise VectorError(f"{name}: cannot write action {item!r}")
    return out


def step_ticks(case: dict, actions: list) -> list:
    """[(tick at the start of step s, tick after it)] from the initial power settings
    and the actions: a step advances the fold (1 unless the mode is low), idle n steps."""
    mode, fold, _ = power_of(case)
    low = schema.POWER_MODES.index("low")
    by_step = {}
    for a in actions:
        by_step.setdefault(a[0], []).append(a)
    t, out = 0, []
    for s in range(int(case["ticks"])):
        for a in by_step.get(s, []):
            if a[1] == "power":
                mode = a[2]
                if mode == low:
                    fold = a[3]
            elif a[1] == "idle":
                t += a[2] * (fold if mode == low else 1)
        k = fold if mode == low else 1
        out.append((t, t + k))
        t += k
    return out


def render(name: str, case: dict, blob_rel: str, blob_net: dict) -> str:
    """The .vec text for golden `case` run on the blob `blob_rel` (decoded: blob_net)."""
    pops, projs = case["populations"], case["projections"]
    encs, decs = case["encoders"], case["decoders"]
    rules = case.get("plasticity") or []
    steps = int(case["ticks"])
    if steps < 1:
        raise VectorError(f"{name}: no steps")
    mode, fold, scale = power_of(case)
    out = [f"spikert-vectors {FORMAT_VERSION}",
           f"case {name}",
           f"source Golden/{case['name']}.json",
           f"blob {blob_rel}",
           f"steps {steps}",
           f"seed {_hex64(case['seed'])}",
           f"tick_ns {int(blob_net['dt_ns'])}",
           f"power {mode} {fold} {scale}"]
    out.append(f"populations {len(pops)}")
    for i, p in enumerate(pops):
        model = _enum(p["model"], schema.MODELS, "model")
        out.append(f"population {i} {int(p['size'])} {model}")
    out.append(f"projections {len(projs)}")
    for i, q in enumerate(projs):
        out.append(f"projection {i} {int(q['source'])} {int(q['target'])} {int(q['delay'])} "
                   f"{_enum(q['kind'], schema.KINDS, 'projection kind')}")
    out.append(f"encoders {len(encs)}")
    for i, e in enumerate(encs):
        kind = _enum(e["kind"], schema.ENCODERS, "encoder kind")
        size = int(pops[int(e["population"])]["size"])
        channels = size // 2 if kind == schema.ENCODERS.index("delta") else size
        out.append(f"encoder {i} {int(e['population'])} {kind} {channels}")
    out.append(f"decoders {len(decs)}")
    for i, d in enumerate(decs):
        out.append(f"decoder {i} {int(d['population'])} "
                   f"{_enum(d['kind'], schema.DECODERS, 'decoder kind')}")
    out.append(f"rules {len(rules)}")
    for r, rule in enumerate(rules):
        kind = _enum(rule["rule"], schema.RULES, "rule")
        out.append(f"rule {r} {int(rule['projection'])} {kind} "
                   f"{1 if rule.get('enabled', True) else 0} {_ints(rule_params(rule))}")
    names = blob_net.get("names") or {}
    for kind, key in enumerate(NAME_KINDS):
        for idx, text in enumerate(names.get(key) or []):
            if text is None:
                continue
            if not text or any(c.isspace() for c in text) or "\0" in text:
                raise VectorError(f"{name}: name {text!r} cannot go on a vec line")
            out.append(f"name {kind} {idx} {text}")

    def in_range(s):
        if not 0 <= int(s) < steps:
            raise VectorError(f"{name}: step {s} outside 0..{steps - 1}")
        return int(s)

    actions = c_actions(name, case)
    table = step_ticks(case, actions)
    for s, (t0, t1) in enumerate(table):
        out.append(f"step {s} {t0} {t1}")
    for a in actions:
        out.append("action " + " ".join(str(x) for x in a))
    inputs = case["inputs"]
    for s, p, j in sorted(inputs["spikes"], key=lambda r: int(r[0])):
        out.append(f"input_spike {in_range(s)} {int(p)} {int(j)}")
    for s, e, c, v in sorted(inputs["values"], key=lambda r: int(r[0])):
        out.append(f"input_value {in_range(s)} {int(e)} {int(c)} {int(v)}")

    exp = case["expected"]
    starts = {t0 for t0, _ in table}
    for t, p, j in sorted(tuple(int(x) for x in r) for r in exp["spikes"]):
        if t not in starts:
            raise VectorError(f"{name}: spike at tick {t}, which no explicit step starts at")
        out.append(f"spike {t} {p} {j}")
    membrane = {int(p): rows for p, rows in exp["membrane"].items()}
    for p, rows in membrane.items():
        if len(rows) != steps:
            raise VectorError(f"{name}: membrane of population {p} has {len(rows)} rows")
        for row in rows:
            if len(row) != int(pops[p]["size"]):
                raise VectorError(f"{name}: membrane row of population {p} has {len(row)} values")
    for s in range(steps):
        for p in sorted(membrane):
            row = membrane[p][s]
            out.append(f"membrane {s} {p} {len(row)} {_ints(row)}")
    quiescent = exp["quiescent"]
    if len(quiescent) != steps or set(quiescent) - {"0", "1"}:
        raise VectorError(f"{name}: quiescent {quiescent!r} is not {steps} characters 0/1")
    out.append(f"quiescent {quiescent}")
    if len(exp["decoders"]) != len(decs):
        raise VectorError(f"{name}: {len(exp['decoders'])} decoder results for {len(decs)} decoders")
    for i, vals in enumerate(exp["decoders"]):
        out.append(f"decoder_values {i} {len(vals)} {_ints(vals)}")
    counters = dict(exp["counters"], ticks=table[-1][1])
    for c in COUNTERS:
        out.append(f"counter {c} {int(counters[c])}")
    out.append(f"hash {_hex64(exp['final_hash'])}")
    out.append("end")
    return "\n".join(out) + "\n"


# Statuses of include/spikert.h the refused blobs below expect.
SPK_E_VALUE = 19
SPK_E_PLASTICITY = 30
_RULE_KEY = {f: key for f, key, *_ in blob.PLASTICITY_KEYS}
_RULE_KEY.update(projection=0, rule=1)


def _rule_blob(stem: str, mutate) -> bytes:
    """Golden `stem`'s blob with its body's rule list (key 6) changed by mutate(rules),
    a list of {key: value} maps; encoded as is, without validation."""
    body = blob.case_to_body(load_case(stem))
    body[6] = [dict(r) for r in body.get(6, [])]
    mutate(body[6])
    return blob.encode(body)


def _set(index: int, **fields):
    def mutate(rules):
        for f, v in fields.items():
            rules[index][_RULE_KEY[f]] = v
    return mutate


def _add(rule: dict):
    def mutate(rules):
        rules.append({_RULE_KEY[f]: v for f, v in rule.items()})
    return mutate


def bad_blobs() -> list:
    """[(name, blob bytes, status, field)]: golden blobs with a learning rule spk_load must
    refuse, the status (SPK_E_PLASTICITY for a rule that does not fit its network,
    SPK_E_VALUE for a field outside its CDDL range) and spk_error's field."""
    ltp = "learning_toggle_params"  # rule 0: STDP on DENSE projection 0; rule 1: R-STDP
    return [
        ("rule_second_on_projection", _rule_blob(ltp, _add({"projection": 0, "rule": 0})),
         SPK_E_PLASTICITY, "projection"),
        ("rule_projection_out_of_range", _rule_blob(ltp, _set(0, projection=2)),
         SPK_E_PLASTICITY, "projection"),
        ("rule_on_conv2d", _rule_blob("conv2d_geometries", _add({"projection": 0, "rule": 0})),
         SPK_E_PLASTICITY, "projection"),
        ("rule_rstdp_norm_target", _rule_blob(ltp, _set(1, norm_target=5)),
         SPK_E_PLASTICITY, "norm_target"),
        # stdp_sparse_one_to_one: rule 1 is on the SPARSE projection 0
        ("rule_sparse_norm_target", _rule_blob("stdp_sparse_one_to_one", _set(1, norm_target=5)),
         SPK_E_PLASTICITY, "norm_target"),
        ("rule_w_min_above_w_max", _rule_blob(ltp, _set(0, w_min=50, w_max=10)),
         SPK_E_PLASTICITY, "w_max"),
        ("rule_a_plus_range", _rule_blob(ltp, _set(0, a_plus=2**24 + 1)), SPK_E_VALUE, "a_plus"),
        ("rule_decay_pre_range", _rule_blob(ltp, _set(1, decay_pre=65537)), SPK_E_VALUE,
         "decay_pre"),
        ("rule_bounds_range", _rule_blob(ltp, _set(0, bounds=2)), SPK_E_VALUE, "bounds"),
        ("rule_kind_range", _rule_blob(ltp, _set(0, rule=4)), SPK_E_VALUE, "rule"),
    ]


def vector(name: str) -> str:
    """The .vec text of golden vector or extra `name`."""
    stem, rel = source_of(name)
    case = load_case(stem)
    return render(name, case, rel, blob.read(os.path.join(BLOBS, rel)))


def _write(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m spikert_tools.cvectors",
                                 description="Golden vectors -> DIR/<name>.vec for the C tests "
                                             "(format: this module's docstring, Tests/CABI/README.md).")
    ap.add_argument("--out", help="output directory (created if missing)")
    ap.add_argument("--list", action="store_true", help="print the available names and exit")
    ap.add_argument("names", nargs="*", help="golden vector or extras names (default: all)")
    args = ap.parse_args(argv)
    known = all_names()
    if args.list:
        print("\n".join(known))
        return 0
    if not args.out:
        ap.error("--out DIR is required")
    unknown = [n for n in args.names if n not in known]
    if unknown:
        print(f"cvectors: unknown name(s): {' '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    written = []
    for name in args.names or known:
        try:
            text = vector(name)
        except (VectorError, blob.BlobError, OSError, KeyError) as err:
            print(f"cvectors: {name}: {err}", file=sys.stderr)
            return 1
        _write(os.path.join(args.out, name + ".vec"), text)
        written.append(name + ".vec")
    _write(os.path.join(args.out, "INDEX"), "".join(w + "\n" for w in written))
    if not args.names:  # the full set: also the blobs with rules spk_load must refuse
        os.makedirs(os.path.join(args.out, "bad"), exist_ok=True)
        lines = []
        for name, data, status, field in bad_blobs():
            with open(os.path.join(args.out, "bad", name + ".spkb"), "wb") as f:
                f.write(data)
            lines.append(f"{name} {status} {field}\n")
        _write(os.path.join(args.out, "BAD"), "".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
