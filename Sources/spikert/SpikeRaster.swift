import SpikeCore
import SpikeHost

/// An ASCII spike raster: one text column per `ticksPerColumn` ticks, `|` if the row's
/// neuron spiked in any of them, `.` if not, plus a stimulus row on top.
///
/// Bins rather than one column per tick so that a whole run fits a terminal line; the
/// bin width is chosen from the run length.
struct SpikeRaster {
    let rows: [RasterRow]
    let ticksPerColumn: Int
    let columns: Int
    static let labelWidth = 17

    private var marks: [UInt8]
    private var stimulus: [UInt8]

    init(rows: [RasterRow], ticks: Int, maxColumns: Int) {
        self.rows = rows
        ticksPerColumn = max(1, (ticks + maxColumns - 1) / maxColumns)
        columns = max(1, (ticks + ticksPerColumn - 1) / ticksPerColumn)
        marks = [UInt8](repeating: UInt8(ascii: "."), count: rows.count * columns)
        stimulus = [UInt8](repeating: UInt8(ascii: " "), count: columns)
    }

    /// Note the spikes of the tick just stepped (`tick`, shown under `phase`).
    mutating func record(tick: Int, phase: ScenePhase, network: borrowing Network)
        throws(SpikeError)
    {
        let column = tick / ticksPerColumn
        guard column < columns else { return }
        if tick % ticksPerColumn == 0 { stimulus[column] = phase.symbol }
        for (r, row) in rows.enumerated() {
            let spikes = try network.spikes(population: row.population)
            if row.fired(in: spikes) { marks[r * columns + column] = UInt8(ascii: "|") }
        }
    }

    /// The plot as lines: tick axis, stimulus, then one line per row.
    func render() -> [String] {
        var lines: [String] = []
        lines.append(TextFormat.left("tick", SpikeRaster.labelWidth) + axis())
        lines.append(TextFormat.left("stimulus", SpikeRaster.labelWidth)
                     + TextFormat.ascii(stimulus))
        for (r, row) in rows.enumerated() {
            let line = Array(marks[(r * columns)..<((r + 1) * columns)])
            lines.append(TextFormat.left(row.label, SpikeRaster.labelWidth)
                         + TextFormat.ascii(line))
        }
        return lines
    }

    /// Tick numbers every ten columns.
    private func axis() -> String {
        var text = [UInt8](repeating: UInt8(ascii: " "), count: columns + 8)
        var column = 0
        while column < columns {
            for (k, byte) in "\(column * ticksPerColumn)".utf8.enumerated() {
                text[column + k] = byte
            }
            column += 10
        }
        while text.last == UInt8(ascii: " ") { text.removeLast() }
        return TextFormat.ascii(text)
    }
}
