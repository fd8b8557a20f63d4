import SpikeHost
import SpikeIO

/// A reference workload as tools/workloads.py writes it: a `NAME.workload` file in the
/// KEY=VALUE format of the board profiles (boards/README.md), read with SpikeIO's
/// `KeyValueFile`, that names
///
/// - `MODEL`, the model blob (docs/model.cddl), loaded by SpikeModel as `spikert run`
///   loads it;
/// - `LEARNING_MODEL`, the same network with pair STDP on every projection (`--stdp`);
/// - `INPUT`, the input spike file (`tick,channel`, channel = neuron of population 0);
///
/// and says what those files cannot: `TICKS`, how many ticks the input covers (the last
/// ticks may have no spike), and `FLOAT_ACTIVITY_PPM`, the float32 reference's fraction
/// of neurons spiking per tick, parts per million, for each population after the input.
/// File names are relative to the folder of the `.workload` file.
struct Workload {
    var name: String
    var model: String
    var learningModel: String
    var input: String
    var ticks: Int
    var floatActivityPPM: [Int]

    /// The largest TICKS accepted: the input frames of 2^24 ticks of a 65535-neuron
    /// input population would already take 128 GiB.
    static let maximumTicks = 1 << 24

    init(path: String) throws(BenchError) {
        let file: KeyValueFile
        do { file = try KeyValueFile(path: path) } catch {
            throw BenchError(error.message)
        }
        let folder = Workload.folder(of: path)
        name = try Workload.value(file, "NAME", path)
        model = folder + (try Workload.value(file, "MODEL", path))
        learningModel = folder + (try Workload.value(file, "LEARNING_MODEL", path))
        input = folder + (try Workload.value(file, "INPUT", path))
        let ticksText = try Workload.value(file, "TICKS", path)
        guard let ticks = Arguments.parseCount(ticksText, limit: Workload.maximumTicks), ticks > 0 else {
            throw BenchError("\(path): TICKS=\(ticksText) is not a number from 1 to \(Workload.maximumTicks)")
        }
        self.ticks = ticks
        floatActivityPPM = []
        for part in (try Workload.value(file, "FLOAT_ACTIVITY_PPM", path)).utf8.split(separator: 44) {  // ","
            let text = String(decoding: part, as: UTF8.self)
            guard let ppm = Arguments.parseCount(text, limit: 1_000_000) else {
                throw BenchError("\(path): FLOAT_ACTIVITY_PPM holds '\(text)', not parts per million")
            }
            floatActivityPPM.append(ppm)
        }
        guard name.utf8.allSatisfy({ $0 != 0x22 && $0 != 0x5C }) else {
            throw BenchError("\(path): NAME may not hold '\"' or '\\' (it goes into JSON as it is)")
        }
    }

    /// The float reference's activity of population `p` (0 for the input, or when the
    /// file gives none), as a fraction.
    func floatActivity(_ p: Int) -> Double {
        p >= 1 && p - 1 < floatActivityPPM.count ? Double(floatActivityPPM[p - 1]) / 1e6 : 0
    }

    private static func value(_ file: KeyValueFile, _ key: StaticString, _ path: String)
        throws(BenchError) -> String
    {
        guard let value = file.value(for: key), !value.isEmpty else {
            throw BenchError("\(path): no \(key)= line")
        }
        return value
    }

    /// `path` up to and including its last "/", or "" for a bare file name.
    private static func folder(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: 47) else { return "" }
        return String(decoding: bytes[...slash], as: UTF8.self)
    }
}
