// libcbor, as SpikeModel uses it: cbor_stream_decode and the cbor_encode_* buffer
// encoders only (no item trees, no allocation). Nothing else belongs here.
#include <cbor.h>
