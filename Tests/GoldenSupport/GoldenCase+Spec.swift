import SpikeCore

/// Translation of the JSON names of Golden/README.md into SpikeCore descriptions.
extension GoldenCase.Population {
    var spec: PopulationSpec {
        get throws {
            var p = PopulationSpec(size: size, model: try Self.model(model))
            p.threshold = threshold
            p.beta = beta
            p.alpha = alpha
            p.reset = try Self.reset(reset)
            p.resetTiming = resetTiming == "immediate" ? .immediate : .delayed
            p.vReset = vReset
            p.vInit = vInit
            p.refractory = refractory
            p.bias = bias
            p.adaptIncrement = adaptInc
            p.adaptDecay = adaptDecay
            p.izhA = izhA
            p.izhB = izhB
            p.izhC = izhC
            p.izhD = izhD
            p.vPeak = vPeak
            return p
        }
    }

    static func model(_ name: String) throws -> NeuronModel {
        switch name {
        case "input": return .input
        case "lif": return .lif
        case "cuba": return .cuba
        case "if": return .integrateAndFire
        case "li": return .leakyIntegrator
        case "alif": return .adaptiveLIF
        case "izh": return .izhikevich
        default: throw GoldenFormatError.unknown("model", name)
        }
    }

    static func reset(_ name: String) throws -> ResetMode {
        switch name {
        case "subtract": return .subtract
        case "zero": return .zero
        case "none": return .none
        default: throw GoldenFormatError.unknown("reset", name)
        }
    }
}

extension GoldenCase.Projection {
    var projectionKind: ProjectionKind {
        get throws {
            switch kind {
            case "dense": return .dense
            case "sparse": return .sparse
            case "one_to_one": return .oneToOne
            case "conv2d": return .conv2d
            default: throw GoldenFormatError.unknown("projection kind", kind)
            }
        }
    }

    var geometry: Conv2DGeometry {
        guard let c = conv else { return Conv2DGeometry() }
        return Conv2DGeometry(
            inHeight: c.inH, inWidth: c.inW, inChannels: c.inC, outChannels: c.outC,
            kernelHeight: c.kH, kernelWidth: c.kW, strideY: c.strideH, strideX: c.strideW,
            padY: c.padH, padX: c.padW)
    }
}

extension GoldenCase.Encoder {
    var spec: EncoderSpec {
        get throws {
            let k: EncoderKind
            switch kind {
            case "rate": k = .rate
            case "latency": k = .latency
            case "delta": k = .delta
            default: throw GoldenFormatError.unknown("encoder kind", kind)
            }
            return EncoderSpec(population: population, kind: k, parameter: param)
        }
    }
}

extension GoldenCase.Decoder {
    var spec: DecoderSpec {
        get throws {
            let k: DecoderKind
            switch kind {
            case "count": k = .count
            case "first_spike": k = .firstSpike
            case "membrane": k = .membrane
            default: throw GoldenFormatError.unknown("decoder kind", kind)
            }
            return DecoderSpec(population: population, kind: k)
        }
    }
}

enum GoldenFormatError: Error, CustomStringConvertible {
    case unknown(String, String)

    var description: String {
        switch self {
        case .unknown(let what, let value): return "unknown \(what) '\(value)'"
        }
    }
}

extension GoldenCase.Plasticity {
    var spec: PlasticitySpec {
        get throws {
            var r = PlasticitySpec(projection: projection, rule: try Self.rule(rule))
            r.aPlus = aPlus
            r.aMinus = aMinus
            r.decayPre = decayPre
            r.decayPost = decayPost
            r.wMin = wMin
            r.wMax = wMax
            r.bounds = try Self.bounds(bounds)
            r.learningRate = learningRate
            r.decayEligibility = decayElig
            r.normTarget = normTarget
            r.enabled = enabled
            return r
        }
    }

    static func rule(_ name: String) throws -> PlasticityRule {
        switch name {
        case "stdp_nearest": return .stdpNearest
        case "stdp_all": return .stdpAllToAll
        case "rstdp_nearest": return .rewardNearest
        case "rstdp_all": return .rewardAllToAll
        default: throw GoldenFormatError.unknown("plasticity rule", name)
        }
    }

    static func bounds(_ name: String) throws -> WeightBounds {
        switch name {
        case "hard": return .hard
        case "soft": return .soft
        default: throw GoldenFormatError.unknown("bounds", name)
        }
    }

    static func parameter(_ name: String) throws -> PlasticityParameter {
        switch name {
        case "a_plus": return .aPlus
        case "a_minus": return .aMinus
        case "decay_pre": return .decayPre
        case "decay_post": return .decayPost
        case "w_min": return .wMin
        case "w_max": return .wMax
        case "learning_rate": return .learningRate
        case "decay_elig": return .decayEligibility
        case "bounds": return .bounds
        case "norm_target": return .normTarget
        default: throw GoldenFormatError.unknown("learning parameter", name)
        }
    }
}

extension GoldenCase.Power {
    var settings: PowerSettings {
        get throws {
            PowerSettings(mode: try Self.mode(mode), fold: fold, thresholdScale: thresholdScale)
        }
    }

    static func mode(_ name: String) throws -> PowerMode {
        switch name {
        case "normal": return .normal
        case "low": return .low
        case "full": return .full
        default: throw GoldenFormatError.unknown("power mode", name)
        }
    }
}
