"""Learning rules and the power configuration of an exported blob (docs/EXPORT.md,
"Learning rules and power"; docs/SEMANTICS.md 11, 12).

NIR carries neither, so they come as options: :func:`learning_rule` / ``--plasticity
SPEC`` (:func:`parse_plasticity`), :func:`power_config` / ``--power SPEC``
(:func:`parse_power`), both range-checked by :mod:`.blob`; :func:`attach` adds them to
any blob, :func:`learning_report` prints them. ``spikert_tools.export`` re-exports all
of these, its documented home.
"""

from __future__ import annotations

import math

from . import blob

Q16 = 65536

BlobError = blob.BlobError


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def tau_to_decay(tau: float, what: str = "tau") -> int:
    """Q16 per-tick decay of a time constant of ``tau`` ticks: round(exp(-1/tau) * 65536),
    clamped to 0..65536 (``tau = inf`` gives 65536, no decay)."""
    try:
        t = float(tau)
    except (TypeError, ValueError):
        raise BlobError(f"{what}={tau!r}: expected a number of ticks") from None
    if math.isnan(t) or t <= 0:
        raise BlobError(f"{what}={tau!r}: a time constant must be > 0 ticks")
    return min(max(_round_half_up(math.exp(-1.0 / t) * Q16), 0), Q16)


def decay_to_tau(decay: int) -> float:
    """The time constant (ticks) a Q16 decay stands for: -1/ln(decay/65536); 0 for
    decay 0 (a trace lasts no tick), inf for 65536 (no decay)."""
    d = int(decay)
    if d <= 0:
        return 0.0
    if d >= Q16:
        return math.inf
    return -1.0 / math.log(d / Q16)


def _steps_to_q16(x, what: str) -> int:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise BlobError(f"{what}={x!r}: expected a number") from None
    if math.isnan(v) or math.isinf(v):
        raise BlobError(f"{what}={x!r}: expected a finite number")
    return _round_half_up(v * Q16)


def _one_of(what: str, raw, raw_name: str, alt, alt_name: str, convert, default,
            origin: dict):
    """A field given raw or in another unit (not both); ``origin`` records the latter."""
    if raw is not None and alt is not None:
        raise BlobError(f"{what}: both {raw_name}={raw!r} and {alt_name}={alt!r} given; "
                        f"use one")
    if alt is not None:
        origin[raw_name] = f"{alt_name}={alt!r}"
        return convert(alt, f"{what}: {alt_name}")
    return default if raw is None else raw


def _checked(fn, what: str, prefix: str, origin: dict):
    """Run a blob.normalize_* check; its error restated for ``what`` (and, for a
    converted field, the value the caller gave)."""
    try:
        return fn()
    except BlobError as err:
        msg = str(err)
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
        field = msg.split("=", 1)[0]
        hint = f" (from {origin[field]})" if field in origin else ""
        raise BlobError(f"{what}: {msg}{hint}") from None


def learning_rule(projection, rule, *, a_plus=None, a_plus_steps=None, a_minus=None,
                  a_minus_steps=None, decay_pre=None, tau_pre=None, decay_post=None,
                  tau_post=None, w_min=-128, w_max=127, bounds="hard", learning_rate=None,
                  learning_rate_factor=None, decay_elig=None, tau_elig=None, norm_target=0,
                  enabled=True) -> dict:
    """One learning rule (SEMANTICS.md 11) as the dict blobs and golden cases use.

    ``projection``: index, or a projection name (resolved when the blob is written).
    ``rule``: stdp_nearest | stdp_all | rstdp_nearest | rstdp_all. Amplitudes raw in
    2^-16 weight steps (``a_plus=32768``) or in weight steps (``a_plus_steps=0.5``);
    decays raw Q16 (``decay_pre=62340``) or as time constants in ticks (``tau_pre=20``
    -> round(exp(-1/20) * 65536)); ``learning_rate`` raw Q16 or
    ``learning_rate_factor`` (a float, x 65536). Ranges are checked here; the checks
    that need the network (projection kind, one rule per projection) when it is written.
    """
    what = f"rule on projection {projection!r}"
    origin: dict = {}
    r = {"projection": projection, "rule": rule}
    r["a_plus"] = _one_of(what, a_plus, "a_plus", a_plus_steps, "a_plus_steps",
                          _steps_to_q16, 0, origin)
    r["a_minus"] = _one_of(what, a_minus, "a_minus", a_minus_steps, "a_minus_steps",
                           _steps_to_q16, 0, origin)
    r["decay_pre"] = _one_of(what, decay_pre, "decay_pre", tau_pre, "tau_pre",
                             tau_to_decay, 0, origin)
    r["decay_post"] = _one_of(what, decay_post, "decay_post", tau_post, "tau_post",
                              tau_to_decay, 0, origin)
    r["w_min"], r["w_max"], r["bounds"] = w_min, w_max, bounds
    r["learning_rate"] = _one_of(what, learning_rate, "learning_rate", learning_rate_factor,
                                 "learning_rate_factor", _steps_to_q16, 0, origin)
    r["decay_elig"] = _one_of(what, decay_elig, "decay_elig", tau_elig, "tau_elig",
                              tau_to_decay, 0, origin)
    r["norm_target"], r["enabled"] = norm_target, enabled
    # every check of blob.normalize_plasticity that does not need the network
    probe = dict(r, projection=0)
    _checked(lambda: blob.normalize_plasticity([probe], [{"kind": "dense"}]), what,
             "plasticity[0].", origin)
    return r


def power_config(mode="normal", fold=2, threshold_scale=None, threshold_scale_q16=None) -> dict:
    """The power configuration (SEMANTICS.md 12): ``mode`` normal | low | full, the
    low-power ``fold`` (2..256) and threshold scale, as a float factor
    (``threshold_scale=1.5`` -> 98304) or raw Q16 (``threshold_scale_q16=98304``)."""
    origin: dict = {}
    q16 = _one_of("power", threshold_scale_q16, "threshold_scale_q16", threshold_scale,
                  "threshold_scale", _steps_to_q16, Q16, origin)
    origin = ({"threshold_scale": origin["threshold_scale_q16"]} if origin else
              {"threshold_scale": f"threshold_scale_q16={threshold_scale_q16!r}"}
              if threshold_scale_q16 is not None else {})
    return _checked(lambda: blob.normalize_power({"mode": mode, "fold": fold,
                                                  "threshold_scale": q16}),
                    "power", "power.", origin)


_RULE_INT = ("a_plus", "a_minus", "decay_pre", "decay_post", "w_min", "w_max",
             "learning_rate", "decay_elig", "norm_target")
_RULE_FLOAT = ("a_plus_steps", "a_minus_steps", "tau_pre", "tau_post", "tau_elig",
               "learning_rate_factor")
_RULE_KEYS = ("projection", "rule", "bounds", "enabled") + _RULE_INT + _RULE_FLOAT


def _spec_items(spec: str, option: str, known) -> dict:
    if not isinstance(spec, str) or not spec.strip():
        raise BlobError(f"{option} {spec!r}: expected key=value,key=value,...")
    out = {}
    for item in spec.split(","):
        key, eq, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key:
            raise BlobError(f"{option} {spec!r}: item {item!r} is not key=value")
        if key not in known:
            raise BlobError(f"{option} {spec!r}: unknown key {key!r} (known: "
                            f"{', '.join(known)})")
        if key in out:
            raise BlobError(f"{option} {spec!r}: {key} given twice")
        out[key] = value
    return out


def _parse_int(value: str, key: str) -> int:
    try:
        return int(value, 10)
    except ValueError:
        raise BlobError(f"{key}={value!r}: expected an integer") from None


def _parse_float(value: str, key: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise BlobError(f"{key}={value!r}: expected a number") from None


def _parse_bool(value: str, key: str) -> bool:
    v = value.lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise BlobError(f"{key}={value!r}: expected true or false")


def parse_plasticity(spec: str) -> dict:
    """``--plasticity`` SPEC -> :func:`learning_rule` dict, e.g.
    ``projection=0,rule=stdp_nearest,a_plus=32768,a_minus=16384,tau_pre=20,tau_post=20,
    w_min=0,w_max=127,bounds=soft,norm_target=0``. ``projection`` is an index (digits)
    or a projection name (everything after the first ``=``, so a name may contain
    ``=`` but not ``,``)."""
    items = _spec_items(spec, "--plasticity", _RULE_KEYS)
    try:
        for req in ("projection", "rule"):
            if req not in items:
                raise BlobError(f"{req}: missing (required)")
        kw = {}
        for key, value in items.items():
            if key in ("projection", "rule", "bounds"):
                kw[key] = int(value, 10) if _is_int(value) else value
            elif key == "enabled":
                kw[key] = _parse_bool(value, key)
            elif key in _RULE_INT:
                if key in ("a_plus", "a_minus", "learning_rate") and not _is_int(value):
                    raise BlobError(f"{key}={value!r}: expected an integer (raw Q16, 2^-16 "
                                    f"steps); use {_ALT[key]}= for a fraction")
                if key.startswith("decay_") and not _is_int(value):
                    raise BlobError(f"{key}={value!r}: expected an integer (raw Q16); use "
                                    f"tau_{key[6:]}= for a time constant in ticks")
                kw[key] = _parse_int(value, key)
            else:
                kw[key] = _parse_float(value, key)
        projection, rule = kw.pop("projection"), kw.pop("rule")
        return learning_rule(projection, rule, **kw)
    except BlobError as err:
        raise BlobError(f"--plasticity {spec!r}: {err}") from None


_ALT = {"a_plus": "a_plus_steps", "a_minus": "a_minus_steps",
        "learning_rate": "learning_rate_factor"}


def _is_int(value: str) -> bool:
    try:
        int(value, 10)
        return True
    except ValueError:
        return False


def parse_power(spec: str) -> dict:
    """``--power`` SPEC -> :func:`power_config` dict, e.g. ``mode=low,fold=2,
    threshold_scale=1.5`` (or ``threshold_scale_q16=98304``)."""
    items = _spec_items(spec, "--power", ("mode", "fold", "threshold_scale",
                                          "threshold_scale_q16"))
    try:
        kw = {}
        for key, value in items.items():
            if key == "mode":
                kw[key] = int(value, 10) if _is_int(value) else value
            elif key in ("fold", "threshold_scale_q16"):
                kw[key] = _parse_int(value, key)
            else:
                kw[key] = _parse_float(value, key)
        return power_config(**kw)
    except BlobError as err:
        raise BlobError(f"--power {spec!r}: {err}") from None


def _as_rule(r):
    return parse_plasticity(r) if isinstance(r, str) else r


def _as_power(p):
    if p is None or isinstance(p, dict):
        return p
    return parse_power(p)


def _set_key(m: dict, key: int, value) -> dict:
    """``m`` with non-negative ``key`` set (None: removed), keys in blob order."""
    fields = {k: v for k, v in m.items() if isinstance(k, int) and k >= 0 and k != key}
    if value is not None:
        fields[key] = value
    return blob._map(fields, {k: v for k, v in m.items() if not (isinstance(k, int) and k >= 0)})


def attach(data, plasticity=None, power=None) -> bytes:
    """Blob bytes (or a path) -> the same blob with learning rules and/or a power
    configuration: ``plasticity`` (a list of :func:`learning_rule` dicts or
    ``--plasticity`` SPEC strings; replaces any rules the blob has, [] removes them;
    None keeps them) and ``power`` (a :func:`power_config` dict or ``--power`` SPEC;
    None keeps the blob's). Rules may name their projection by index or by name.
    Every other field, name and extension key is kept; the result is validated against
    docs/model.cddl."""
    if not isinstance(data, (bytes, bytearray)):
        with open(data, "rb") as f:
            data = f.read()
    body = blob.decode(bytes(data))
    net = blob.body_to_network(body)
    if plasticity is not None:
        rules = blob.normalize_plasticity([_as_rule(r) for r in plasticity],
                                          net["projections"],
                                          projection_names=net["names"]["projections"])
        projs = list(body.get(3, []))
        for r in rules:
            projs[r["projection"]] = _set_key(projs[r["projection"]], 9, True)
        if projs:
            body = _set_key(body, 3, projs)
        body = _set_key(body, 6, [blob.plasticity_map(r) for r in rules] or None)
    if power is not None:
        pw = blob.normalize_power(_as_power(power), net["populations"])
        body = _set_key(body, 8, blob.power_map(pw) or None)
    out = blob.encode(body)
    blob.validate(out)
    blob.read(out)  # the semantic checks of learning rules, power and state
    return out


def learning_report(net: dict, names: dict | None = None) -> list:
    """Report lines for the learning rules and the power configuration of ``net``."""
    lines = []
    pnames = (names or {}).get("projections") or []
    for k, r in enumerate(net.get("plasticity") or []):
        j = r["projection"]
        label = pnames[j] if j < len(pnames) and pnames[j] else ""
        q = net["projections"][j]
        taus = " ".join(f"{f}={r[f]} (tau {decay_to_tau(r[f]):.4g} ticks)"
                        for f in ("decay_pre", "decay_post", "decay_elig")
                        if r[f] or f != "decay_elig")
        lines.append(
            f"plasticity [{k}] projection {j} {label} ({q['kind']}): {r['rule']} "
            f"a_plus={r['a_plus']} ({r['a_plus'] / Q16:.4g} steps) "
            f"a_minus={r['a_minus']} ({r['a_minus'] / Q16:.4g} steps) {taus} "
            f"w={r['w_min']}..{r['w_max']} {r['bounds']}"
            + (f" learning_rate={r['learning_rate']}" if r["rule"].startswith("r") else "")
            + (f" norm_target={r['norm_target']}" if r["norm_target"] else "")
            + ("" if r["enabled"] else " (disabled)"))
    p = net.get("power")
    if p is not None:
        p = blob.normalize_power(p)
        lines.append(f"power: {p['mode']}, low-power fold {p['fold']}, threshold scale "
                     f"{p['threshold_scale']} (x{p['threshold_scale'] / Q16:.4g})")
    return lines
