"""The exporter's tools and the numpy reference stay apart: importing every module of one
side, in a fresh interpreter with only that side on the path, loads nothing of the
other. (A shared helper would let one mistake pass both sides unseen.)"""

import os
import subprocess
import sys

TOOLS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
REFERENCE = os.path.join(TOOLS, "reference")
PACKAGE = os.path.join(TOOLS, "python")

# Imports every module of a side, then prints the loaded modules of the other side.
PROBE = """
import importlib, os, sys
side, modules, other = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
sys.path.insert(0, side)
for m in modules:
    importlib.import_module(m)
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in other)))
"""


def loaded_from_other_side(side, modules, other):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = subprocess.run([sys.executable, "-c", PROBE, side, ",".join(modules), ",".join(other)],
                       env=env, cwd=TOOLS, capture_output=True, text=True, check=True)
    return p.stdout.strip()


def modules_in(folder, prefix=""):
    """The modules and packages of a folder, tests left out."""
    out = []
    for fn in os.listdir(folder):
        if fn.startswith(("test_", "conftest", "__")):
            continue
        if fn.endswith(".py"):
            out.append(prefix + fn[:-3])
        elif os.path.isfile(os.path.join(folder, fn, "__init__.py")):
            out.append(prefix + fn)
            out += modules_in(os.path.join(folder, fn), f"{prefix}{fn}.")
    return sorted(out)


def test_reference_loads_nothing_of_the_tools():
    ref = modules_in(REFERENCE)
    assert {"spikeref", "spikeref.network", "blobread"} <= set(ref)
    assert loaded_from_other_side(REFERENCE, ref, ["spikert_tools"]) == ""


def test_tools_load_nothing_of_the_reference():
    pkg = modules_in(PACKAGE)
    assert "spikert_tools.blob" in pkg and "spikert_tools.schema" in pkg
    reference = {m.split(".")[0] for m in modules_in(REFERENCE)}
    assert loaded_from_other_side(PACKAGE, pkg, sorted(reference)) == ""
