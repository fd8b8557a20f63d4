import SpikeCore

/// Random access to the i-th element of a list in the blob without memory to index it:
/// the cursor walks forward from where it is, or restarts from the list's first
/// element when asked for an earlier one. Walking a list in order is linear; looking
/// up arbitrary elements costs at most one pass each.
struct ListCursor {
    private var reader: CBORReader
    private let first: Int
    let count: Int
    private(set) var index = 0

    init(_ blob: UnsafeRawBufferPointer, first: Int, count: Int) {
        reader = CBORReader(blob, offset: first)
        self.first = first
        self.count = count
    }

    /// Position on element `i` (< count) and return its offset.
    mutating func seek(_ i: Int) throws(ModelError) -> Int {
        if i < index {
            reader.offset = first
            index = 0
        }
        while index < i {
            try reader.skipNext(depth: 4)
            index &+= 1
        }
        return reader.offset
    }

    mutating func population(_ i: Int) throws(ModelError) -> PopulationSpec {
        _ = try seek(i)
        index &+= 1
        return try ModelElements.population(&reader, depth: 4).spec
    }

    mutating func projection(_ i: Int) throws(ModelError) -> ProjectionRecord {
        _ = try seek(i)
        index &+= 1
        return try ModelElements.projection(&reader, depth: 4)
    }

    mutating func encoder(_ i: Int) throws(ModelError) -> EncoderSpec {
        _ = try seek(i)
        index &+= 1
        return try ModelElements.encoder(&reader, depth: 4).spec
    }

    mutating func decoder(_ i: Int) throws(ModelError) -> DecoderSpec {
        _ = try seek(i)
        index &+= 1
        return try ModelElements.decoder(&reader, depth: 4).spec
    }

    mutating func plasticity(_ i: Int) throws(ModelError) -> PlasticitySpec {
        _ = try seek(i)
        index &+= 1
        return try ModelElements.plasticity(&reader, depth: 4)
    }
}
