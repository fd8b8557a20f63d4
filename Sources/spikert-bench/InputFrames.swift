import SpikeHost
import SpikeIO

/// A workload's input spikes as one bit per input neuron and tick: neuron j of tick t
/// is bit (j & 7) of byte t·stride + (j >> 3), stride = ceil(inputs / 8).
///
/// Read once, before anything is timed, from the spike file `spikert run --input`
/// takes (SpikeIO's `SpikeFileReader`), always in full, so that the cost of reading it
/// does not depend on the ticks run and cancels in tools/bench/callgrind.sh's
/// differences. Bits rather than a list of events because the timed loop injects a
/// tick's spikes by scanning its bytes, as it always has (docs/BENCHMARKS.md compares
/// instruction counts across versions).
struct InputFrames: ~Copyable {
    let ticks: Int
    let stride: Int
    let bits: UnsafeMutablePointer<UInt8>

    /// The spikes of `path` for an input population of `inputs` neurons over `ticks`
    /// ticks; a spike outside them, an encoder value or a reward is refused.
    init(path: String, inputs: Int, ticks: Int) throws(BenchError) {
        let stride = (inputs + 7) / 8
        let bits = UnsafeMutablePointer<UInt8>.allocate(capacity: max(ticks * stride, 1))
        bits.initialize(repeating: 0, count: max(ticks * stride, 1))
        do {
            try InputFrames.read(path, into: bits, inputs: inputs, ticks: ticks, stride: stride)
        } catch {
            bits.deallocate()
            throw error
        }
        self.ticks = ticks
        self.stride = stride
        self.bits = bits
    }

    deinit { bits.deallocate() }

    private static func read(_ path: String, into bits: UnsafeMutablePointer<UInt8>, inputs: Int,
                             ticks: Int, stride: Int) throws(BenchError)
    {
        let cPath = CString(path)
        var reader: SpikeFileReader
        do { reader = try SpikeFileReader(path: cPath.pointer) } catch {
            throw BenchError("\(path): " + error.message)
        }
        while true {
            let next: SpikeEvent?
            do { next = try reader.next() } catch { throw BenchError("\(path): " + error.message) }
            guard let event = next else { return }
            guard event.value == nil else {
                throw BenchError("\(path): line \(event.line): a value or reward, not a spike")
            }
            guard event.tick < UInt64(ticks), event.channel >= 0, event.channel < inputs else {
                throw BenchError("\(path): line \(event.line): tick \(event.tick), channel "
                    + "\(event.channel) outside \(ticks) ticks of \(inputs) inputs")
            }
            let t = Int(event.tick), j = event.channel
            bits[t * stride + (j >> 3)] |= UInt8(1) << UInt8(j & 7)
        }
    }
}
