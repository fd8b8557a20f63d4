"""Compatibility shim: the numpy reference now lives in the spikert-tools package
(tools/python/spikert_tools/spikeref.py). `import spikeref` from tools/reference (as
gen_golden.py, run_case.py, fuzz.py and the tests do) gets that very module object, so
private helpers and module state are shared, not copied."""

import os
import sys

_PKG = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
if _PKG not in sys.path:
    sys.path.insert(0, _PKG)

from spikert_tools import spikeref as _impl  # noqa: E402

sys.modules[__name__] = _impl
