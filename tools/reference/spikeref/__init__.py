"""Plain-numpy reference implementation of docs/SEMANTICS.md.

Every function here follows one section of SEMANTICS.md.  All neuron state is kept
in numpy int64 arrays holding values of the stated width; every operation that the
page rounds or saturates is done explicitly (sat32, wrap32, decay, floor_shr).
The PRNG and the hash use python ints masked to 32 / 64 bits.

The reference is written for clarity first; it is vectorized across neurons so that a
784-1000-10 dense network runs a few hundred ticks in seconds. Plasticity (section 11) is
vectorized across the synapses of the rows an event touches; the PRNG draws are taken one
by one in the order the page gives (test_plasticity.py checks it against a
synapse-by-synapse loop). Power modes (section 12): the quiescent step and the skip rule
are implemented literally, and idle(n) is n plain steps.

One module per part of the page (primitives, fields, population, projection, codec,
plasticity, network, run); `import spikeref` gives all their public names, which is how
every caller uses the reference. It imports nothing of the exporter's tools
(tools/python): the two are independent implementations that meet only at
docs/model.cddl and the bytes of a blob.
"""

# The package's face: every public name of its modules, so `spikeref.X` is the same
# for every caller whichever module defines X.
from .primitives import *  # noqa: F401,F403
from .fields import *  # noqa: F401,F403
from .population import *  # noqa: F401,F403
from .projection import *  # noqa: F401,F403
from .codec import *  # noqa: F401,F403
from .plasticity import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .run import *  # noqa: F401,F403
