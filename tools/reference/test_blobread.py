"""The reference reads the committed blobs itself (blobread) and runs them: every golden
blob gives its golden vector's expected output, every extension-key blob its base
network's. The blobs are written by the exporter's code (tools/python); the two sides
meet here only through the bytes of those files.

Run with: python3 -m pytest tools/reference -q
"""

import json
import os
import zlib

import cbor2
import pytest

import blobread
import spikeref as sr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
GOLDEN = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Golden")
BLOBS = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Blobs")


def golden(name):
    with open(os.path.join(GOLDEN, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def names(folder):
    return sorted(fn[:-5] for fn in os.listdir(folder) if fn.endswith(".spkb"))


def run_like(net, case):
    net = dict(net, ticks=case["ticks"], inputs=case["inputs"])
    return sr.run_case(net)


@pytest.mark.parametrize("name", names(BLOBS))
def test_golden_blob_runs_to_its_golden_vector(name):
    case = golden(name)
    assert run_like(blobread.read(os.path.join(BLOBS, name + ".spkb")), case) == \
        case["expected"]


@pytest.mark.parametrize("name", names(os.path.join(BLOBS, "extras")))
def test_extension_key_blob_runs_like_its_base(name):
    net = blobread.read(os.path.join(BLOBS, "extras", name + ".spkb"))
    base = golden(net["name"])
    assert run_like(net, base) == base["expected"]


def _golden_bytes(name="bias_driven"):
    with open(os.path.join(BLOBS, name + ".spkb"), "rb") as f:
        return f.read()


def _reframe(body):
    head = b"\x84" + cbor2.dumps("SpikeRT") + cbor2.dumps(1) + cbor2.dumps(body)
    return head + cbor2.dumps(zlib.crc32(head))


def test_refuses_a_wrong_crc_an_unknown_key_and_a_checkpoint():
    data = bytearray(_golden_bytes())
    data[20] ^= 1
    with pytest.raises(blobread.BlobError, match="CRC|CBOR"):
        blobread.network(bytes(data))
    body = blobread.body(_golden_bytes())
    assert blobread.network(_reframe(body)) == blobread.network(_golden_bytes())
    with pytest.raises(blobread.BlobError, match="meta.9"):
        blobread.network(_reframe({**body, 0: {**body[0], 9: "x"}}))
    with pytest.raises(blobread.BlobError, match="checkpoint"):
        blobread.network(_reframe({**body, 7: {}}))
    ext = dict(body)
    ext[-5] = {"vendor": [1, 2]}
    assert blobread.network(_reframe(ext)) == blobread.network(_golden_bytes())
