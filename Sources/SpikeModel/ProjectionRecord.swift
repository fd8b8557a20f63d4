import SpikeCore

/// One projection as the blob gives it (docs/model.cddl `projection`), before the
/// network is built: tensors are still references into the blob.
struct ProjectionRecord {
    var source = 0, target = 0
    var kind = ProjectionKind.dense
    var delay = 0, shift = 0
    var weights = TensorRef(start: 0, bytes: 0, offset: 0)
    var rowPointers: TensorRef? = nil
    var columns: TensorRef? = nil
    var conv = Conv2DGeometry()
    var plastic = false
    var name: TextRef? = nil
    var offset = 0
}
