"""tools/crosscheck: the tests that the exporter's tools (tools/python, spikert_tools) and
the numpy reference (tools/reference) agree.

The two sides are independent implementations of docs/SEMANTICS.md and import nothing
from each other; this is the one place that puts both on the path. They meet only at
docs/model.cddl and at the bytes of a blob: a test here hands the reference the bytes
the exporter wrote (the reference's own reader, blobread), never an exporter dict.

Run with: python3 -m pytest tools/crosscheck -q
"""

import os
import sys

TOOLS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
for _side in (os.path.join(TOOLS, "reference"), os.path.join(TOOLS, "python")):
    if _side not in sys.path:
        sys.path.insert(0, _side)
