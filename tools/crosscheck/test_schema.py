"""The exporter's schema tables (spikert_tools.schema) and the reference's (spikeref, and
blobread's key tables) against docs/model.cddl, the one text both are written from:
enum names and numbers, the conv geometry's order, and map keys with their defaults."""

import os
import re

import pytest

import blobread
import spikeref as sr
from spikert_tools import schema

CDDL = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                     "docs", "model.cddl"))


def cddl() -> str:
    with open(CDDL, encoding="utf-8") as f:
        return f.read()


def cddl_enums() -> dict:
    """`name = 0..N   ; first second ...` lines: type name -> the names in order."""
    out = {}
    for name, hi, names in re.findall(r"^([a-z-]+) = 0\.\.(\d+)\s*;\s*(.+)$", cddl(), re.M):
        out[name] = names.split()
        assert len(out[name]) == int(hi) + 1, f"model.cddl {name}: range and names differ"
    return out


def cddl_map(rule: str) -> dict:
    """Optional keys of a map rule: key -> (first word of the comment, default or None)."""
    block = re.search(rf"^{rule} = {{\n(.*?)^}}", cddl(), re.M | re.S).group(1)
    out = {}
    for key, comment in re.findall(r"^\s*\? (\d+) => [^;]*;\s*(.*)$", block, re.M):
        default = re.search(r"default (-?\d+|true)", comment)
        out[int(key)] = (re.match(r"[a-z_]*", comment).group(0),
                         None if default is None else default.group(1))
    return out


REFERENCE_ENUMS = {"neuron-model": sr.MODELS, "reset-mode": sr.RESETS,
                   "reset-timing": sr.TIMINGS, "projection-kind": sr.KINDS,
                   "encoder-kind": sr.ENCODERS, "decoder-kind": sr.DECODERS,
                   "plasticity-rule": sr.RULES, "bounds": sr.BOUNDS,
                   "power-mode": sr.POWER_MODES}


@pytest.mark.parametrize("name", sorted(REFERENCE_ENUMS))
def test_enums_are_the_schemas(name):
    want = cddl_enums()[name]
    assert schema.ENUMS[name] == want, "spikert_tools.schema"
    assert REFERENCE_ENUMS[name] == want, "spikeref"


def test_conv_geometry_order():
    block = re.search(r"^conv-geometry = \[(.*?)\]", cddl(), re.M | re.S).group(1)
    want = re.findall(r"([a-z_]+):", block)
    assert schema.CONV_FIELDS == want
    assert sr.CONV_FIELDS == want


def _same(field, name):
    """A comment's first word names the field, or (an enum-typed key) says nothing."""
    return name in ("", "default") or field.startswith(name)


def test_population_keys_and_defaults():
    keys = cddl_map("population")
    exporter = {key: (field, default) for field, key, default in schema.POP_KEYS}
    assert set(exporter) | {schema.POP_NAME_KEY} == set(keys)
    assert set(blobread.POPULATION) == set(exporter)
    for key, (field, default) in exporter.items():
        name, text = keys[key]
        assert _same(field, name) and text == str(default), (key, field)
        assert blobread.POPULATION[key] == (field, default), key


def test_plasticity_keys_and_defaults():
    keys = cddl_map("plasticity")
    exporter = {key: (field, default) for field, key, default, _lo, _hi in
                schema.PLASTICITY_KEYS}
    assert set(exporter) | {schema.PLASTICITY_ENABLED_KEY} == set(keys)
    assert blobread.PLASTICITY == {key: field for key, (field, _d) in exporter.items()}
    for key, (field, default) in exporter.items():
        name, text = keys[key]
        assert _same(field, name) and text == str(default), (key, field)
        reference_default = sr.RULE_DEFAULTS[field]
        if field == "bounds":
            reference_default = sr.BOUNDS.index(reference_default)
        assert reference_default == default, field


def test_power_keys_and_defaults():
    keys = cddl_map("power")
    assert {key: f for f, key, *_ in schema.POWER_KEYS} == blobread.POWER
    assert set(keys) == set(blobread.POWER)
    for field, key, default, _lo, _hi in schema.POWER_KEYS:
        assert keys[key][1] == str(default), field
