"""SpikeRT workstation tools: the numpy integer reference (spikeref), the CBOR blob
writer/reader (blob), the NIR exporter (export), a float NIR simulator (nirsim),
spikert-inspect and spikert-plot.

Importing the package itself is cheap and needs only numpy (the reference shim in
tools/reference imports it); cbor2, nir and matplotlib are imported by the modules
that use them.
"""

__version__ = "0.1.0"
