import Testing
import SpikeCore
@testable import GoldenSupport

/// The four classic Izhikevich (2003) cells, driven by I = 10 (2560 units per tick),
/// must show their characteristic firing patterns in fixed point.
@Suite("Izhikevich firing patterns")
struct IzhikevichPatternTests {
    static let millivolt: Int32 = 256

    func spikeTimes(a: Int32, b: Int32, c: Int32, d: Int32, ticks: Int = 400) throws -> [Int] {
        var p = PopulationSpec(size: 1, model: .izhikevich)
        p.izhA = a
        p.izhB = b
        p.izhC = c * Self.millivolt
        p.izhD = d * Self.millivolt
        p.vPeak = 30 * Self.millivolt
        p.vInit = -65 * Self.millivolt
        p.bias = 10 * Self.millivolt
        let t = try TestNetwork(populations: [p], projections: [], tensors: [])
        var times: [Int] = []
        for tick in 0..<ticks {
            t.net.step()
            if try t.spikes(0) == [0] { times.append(tick) }
        }
        return times
    }

    func intervals(_ s: [Int]) -> [Int] { zip(s.dropFirst(), s).map { $0 - $1 } }

    @Test("regular spiking adapts: intervals lengthen, no bursts")
    func regularSpiking() throws {
        let s = try spikeTimes(a: 1311, b: 13107, c: -65, d: 8)
        let isi = intervals(s)
        #expect(s.count >= 5)
        #expect(isi.last! > isi.first!)
        #expect(isi.min()! > 10, "RS should not burst: \(isi)")
    }

    @Test("intrinsically bursting: an initial burst, then single spikes")
    func intrinsicallyBursting() throws {
        let isi = intervals(try spikeTimes(a: 1311, b: 13107, c: -55, d: 4))
        #expect(isi.count >= 4)
        #expect(isi[0] <= 8, "burst at onset: \(isi)")
        #expect(isi.suffix(3).allSatisfy { $0 > 2 * isi[0] }, "then tonic: \(isi)")
    }

    @Test("chattering: repeated bursts of closely spaced spikes")
    func chattering() throws {
        let isi = intervals(try spikeTimes(a: 1311, b: 13107, c: -50, d: 2))
        let short = isi.filter { $0 <= 8 }.count
        let long = isi.filter { $0 > 15 }.count
        #expect(short >= 4 && long >= 3, "bursts separated by pauses: \(isi)")
    }

    @Test("fast spiking: high-frequency tonic firing without adaptation")
    func fastSpiking() throws {
        let fs = try spikeTimes(a: 6554, b: 13107, c: -65, d: 2)
        let rs = try spikeTimes(a: 1311, b: 13107, c: -65, d: 8)
        let isi = intervals(fs)
        #expect(fs.count >= 2 * rs.count)
        #expect(isi.suffix(5).max()! - isi.suffix(5).min()! <= 1, "regular: \(isi)")
    }
}
