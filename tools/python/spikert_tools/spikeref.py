"""Transitional: the numpy reference is tools/reference/spikeref.py again, apart from this
package. This alias keeps `from spikert_tools import spikeref` working for the callers
not yet moved to tools/crosscheck; it goes once they are."""

import os
import sys

_REF = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                     "reference"))
if _REF not in sys.path:
    sys.path.insert(0, _REF)

import spikeref as _impl  # noqa: E402

sys.modules[__name__] = _impl
