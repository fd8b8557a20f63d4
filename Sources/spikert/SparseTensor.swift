/// A SPARSE projection's CSR arrays (docs/SEMANTICS.md 2.3), built row by row.
///
/// Columns must rise strictly within a row; `append(row:)` takes them already sorted.
struct SparseTensor {
    private(set) var rowPointers: HeapBuffer<UInt32>
    private(set) var columns: HeapBuffer<UInt16>
    private(set) var weights: HeapBuffer<Int8>

    /// `rows[i]` lists (target, weight) pairs of source neuron `i`, targets ascending.
    init(rows: [[(target: Int, weight: Int8)]]) {
        var pointers: [UInt32] = [0]
        var cols: [UInt16] = []
        var w: [Int8] = []
        for row in rows {
            for entry in row {
                cols.append(UInt16(truncatingIfNeeded: entry.target))
                w.append(entry.weight)
            }
            pointers.append(UInt32(truncatingIfNeeded: cols.count))
        }
        rowPointers = HeapBuffer(pointers)
        columns = HeapBuffer(cols)
        weights = HeapBuffer(w)
    }
}
