import SpikeHost

/// A text spike raster: one column per `ticksPerColumn` ticks, one row per neuron or
/// channel, spikes counted per cell. The one renderer of the CLI: `spikert run` shows
/// counts (a digit, 9 meaning nine or more), the demo shows presence (`|`).
///
/// Bins rather than one column per tick so that a whole run fits a terminal line: the
/// bin is the run length over the widest plot, rounded up, and there are just enough
/// columns for the run (no empty ones at the end).
struct SpikeRaster {
    enum Marks {
        /// A digit: the number of spikes in the cell (9 = nine or more), `.` none.
        case count
        /// `|` when the cell has a spike, `.` none.
        case presence
    }

    let rows: Int
    let ticksPerColumn: UInt64
    let columns: Int

    private var cells: [UInt8]

    init(rows: Int, ticks: UInt64, maxColumns: Int) {
        let widest = UInt64(max(1, maxColumns))
        // Divide first: rounding up as ticks + widest - 1 could wrap near UInt64.max.
        let bin = ticks / widest + (ticks % widest == 0 ? 0 : 1)
        ticksPerColumn = max(1, bin)
        let used = ticks / ticksPerColumn + (ticks % ticksPerColumn == 0 ? 0 : 1)
        columns = Int(truncatingIfNeeded: max(1, used))
        self.rows = rows
        cells = [UInt8](repeating: 0, count: rows * columns)
    }

    /// The column of `tick` (ticks counted from the start of the plot), nil past it.
    func column(of tick: UInt64) -> Int? {
        let c = tick / ticksPerColumn
        return c < UInt64(columns) ? Int(truncatingIfNeeded: c) : nil
    }

    /// One spike of `row` in `tick`; ignored outside the plot.
    mutating func add(row: Int, tick: UInt64) {
        guard row >= 0, row < rows, let c = column(of: tick) else { return }
        let i = row * columns + c
        if cells[i] < 9 { cells[i] += 1 }
    }

    /// The cells of `row` as text.
    func line(row: Int, marks: Marks) -> String {
        var text = [UInt8]()
        text.reserveCapacity(columns)
        for n in cells[(row * columns)..<((row + 1) * columns)] {
            switch (n, marks) {
            case (0, _): text.append(UInt8(ascii: "."))
            case (_, .presence): text.append(UInt8(ascii: "|"))
            case (_, .count): text.append(UInt8(ascii: "0") + n)
            }
        }
        return TextFormat.ascii(text)
    }

    /// Tick numbers every ten columns, to stand above the rows.
    func axis() -> String {
        var text = [UInt8](repeating: UInt8(ascii: " "), count: columns + 24)
        var column = 0
        while column < columns {
            for (k, byte) in "\(UInt64(column) * ticksPerColumn)".utf8.enumerated() {
                text[column + k] = byte
            }
            column += 10
        }
        while text.last == UInt8(ascii: " ") { text.removeLast() }
        return TextFormat.ascii(text)
    }
}
