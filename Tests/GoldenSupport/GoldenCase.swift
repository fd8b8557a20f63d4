import Foundation
import SpikeCore

/// One scenario in the golden-vector format of Golden/README.md: a network, its inputs
/// and (when produced by the numpy reference) the expected outputs.
struct GoldenCase: Codable {
    struct Population: Codable {
        var size: Int
        var model: String
        var threshold: Int32 = 0
        var beta: Int32 = 0
        var alpha: Int32 = 0
        var reset: String = "subtract"
        var resetTiming: String = "delayed"
        var vReset: Int32 = 0
        var vInit: Int32 = 0
        var refractory: Int32 = 0
        var bias: Int32 = 0
        var adaptInc: Int32 = 0
        var adaptDecay: Int32 = 0
        var izhA: Int32 = 0
        var izhB: Int32 = 0
        var izhC: Int32 = 0
        var izhD: Int32 = 0
        var vPeak: Int32 = 0
    }

    struct Conv: Codable {
        var inH: Int, inW: Int, inC: Int, outC: Int, kH: Int, kW: Int
        var strideH: Int, strideW: Int, padH: Int, padW: Int
    }

    struct Projection: Codable {
        var source: Int
        var target: Int
        var kind: String
        var delay: Int
        var shift: Int
        var weights: [Int8]
        var rowPtr: [UInt32] = []
        var col: [UInt16] = []
        var conv: Conv?
    }

    struct Encoder: Codable {
        var population: Int
        var kind: String
        var param: Int32
    }

    struct Decoder: Codable {
        var population: Int
        var kind: String
    }

    struct Plasticity: Codable {
        var projection: Int
        var rule: String
        var aPlus: Int32
        var aMinus: Int32
        var decayPre: Int32
        var decayPost: Int32
        var wMin: Int32
        var wMax: Int32
        var bounds: String
        var learningRate: Int32
        var decayElig: Int32
        var normTarget: Int32
        var enabled: Bool
    }

    struct Power: Codable {
        var mode: String
        var fold: Int
        var thresholdScale: Int32
    }

    struct Inputs: Codable {
        /// [step, population, neuron]
        var spikes: [[Int]] = []
        /// [step, encoder, channel, value]
        var values: [[Int64]] = []
        /// [step, name, arguments…], applied before that step's spikes and values.
        var actions: [[GoldenScalar]]? = nil
    }

    struct Counters: Codable, Equatable {
        var synapticEvents: UInt64
        var neuronUpdates: UInt64
        var spikes: UInt64
        var inputSpikes: UInt64
        var skippedTicks: UInt64
        var plasticityUpdates: UInt64
    }

    struct Expected: Codable {
        var spikes: [[Int]]
        var membrane: [String: [[Int32]]]
        var decoders: [[Int64]]
        var counters: Counters
        var finalHash: String
        /// Final weights of every projection that has a learning rule.
        var weights: [String: [Int8]]? = nil
        /// One '0'/'1' per step: quiescent right after it.
        var quiescent: String? = nil
    }

    var name: String
    var description: String? = nil
    var ticks: Int
    var seed: String
    var populations: [Population]
    var projections: [Projection]
    var encoders: [Encoder] = []
    var decoders: [Decoder] = []
    var plasticity: [Plasticity]? = nil
    var power: Power? = nil
    var inputs = Inputs()
    var expected: Expected? = nil

    var seedValue: UInt64 {
        UInt64(seed.hasPrefix("0x") ? String(seed.dropFirst(2)) : seed, radix: 16) ?? 0
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        return e
    }

    static func load(_ url: URL) throws -> GoldenCase {
        try decoder().decode(GoldenCase.self, from: Data(contentsOf: url))
    }
}
