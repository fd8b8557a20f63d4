/// The projections' tensors, once the layout has placed everything else.
extension NetworkLayout {
    /// Copy `spec`'s tensors into the blocks the layout reserved for them, and point
    /// the projections whose tensors are used in place at the caller's buffers. A
    /// reserved block is what tells the two apart: the layout reserves exactly the
    /// tensors the arena holds (`placeProjection`).
    mutating func bindTensors(_ spec: NetworkSpec) {
        guard let projections else { return }
        for j in 0..<projectionCount {
            let q = spec.projections[j]
            if let own = projections[j].weights {
                NetworkLayout.copy(q.weights, into: own)
            } else if let b = q.weights.baseAddress {
                projections[j].weights = UnsafeMutablePointer(mutating: b)
            }
            if let own = projections[j].rowPointers {
                NetworkLayout.copy(q.rowPointers, into: UnsafeMutablePointer(mutating: own))
            } else if spec.tensorsInPlace {
                projections[j].rowPointers = q.rowPointers.baseAddress
            }
            if let own = projections[j].columns {
                NetworkLayout.copy(q.columns, into: UnsafeMutablePointer(mutating: own))
            } else if spec.tensorsInPlace {
                projections[j].columns = q.columns.baseAddress
            }
        }
    }

    /// Inlined over `copyBytes`, so the three element types share one copy routine.
    @inline(__always)
    private static func copy<T>(_ source: UnsafeBufferPointer<T>, into destination: UnsafeMutablePointer<T>) {
        copyBytes(UnsafeRawPointer(source.baseAddress), to: UnsafeMutableRawPointer(destination),
                  byteCount: source.count &* MemoryLayout<T>.stride)
    }

    @inline(never)
    private static func copyBytes(_ from: UnsafeRawPointer?, to: UnsafeMutableRawPointer, byteCount: Int) {
        // A byte copy (memcpy), not an element loop: weights are megabytes.
        guard let from else { return }
        to.copyMemory(from: from, byteCount: byteCount)
    }
}
