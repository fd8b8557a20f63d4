"""The reference's tests import spikeref and their helpers (netspec, looprules) from this
folder, whatever directory pytest runs from."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
