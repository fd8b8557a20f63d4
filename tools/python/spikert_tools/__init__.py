"""SpikeRT workstation tools: the blob schema (schema), the CBOR blob writer/reader
(blob), the NIR exporter (export), a float NIR simulator (nirsim), spikert-inspect and
spikert-plot. The numpy integer reference is apart from them, in tools/reference.

Importing the package itself is cheap and needs nothing; numpy, cbor2, nir and
matplotlib are imported by the modules that use them.
"""

__version__ = "0.1.0"
