import SpikeCore
import SpikeModel

/// The run-time settings `spikert run` and `spikertd` share (`--learn`/`--freeze`,
/// `--param NAME=VALUE`, `--power MODE`), applied to a loaded model in one place so
/// that both tools refuse the same things with the same words.
public struct RunSettings {
    /// Switch every learning rule on (`true`) or off (`false`); nil keeps the model's.
    public var learn: Bool? = nil
    /// Learning parameters set on every rule.
    public var parameters: [(PlasticityParameter, Int32)] = []
    /// The power mode; nil keeps the model's. A threshold scale of 0 means the model's.
    public var power: PowerSettings? = nil

    public init() {}

    /// Apply the settings; on failure, the message to print (naming the option and
    /// `modelName`).
    public func apply(to net: inout Network, modelName: String) -> String? {
        if let learn {
            let rules = net.plasticityCount
            guard rules > 0 else {
                return "\(learn ? "--learn" : "--freeze"): \(modelName) has no learning rules"
            }
            for r in 0..<rules {
                do { try net.setLearning(rule: r, enabled: learn) } catch {
                    return "\(modelName): \(error.message)"
                }
            }
        }
        if !parameters.isEmpty {
            let rules = net.plasticityCount
            guard rules > 0 else { return "--param: \(modelName) has no learning rules" }
            for (parameter, value) in parameters {
                for r in 0..<rules {
                    do { try net.setPlasticityParameter(rule: r, parameter, to: value) } catch {
                        return "--param: rule \(r): \(error.message)"
                    }
                }
            }
        }
        if let power {
            var settings = power
            if settings.thresholdScale == 0 { settings.thresholdScale = net.power.thresholdScale }
            do { try net.setPower(settings) } catch { return "--power: \(error.message)" }
        }
        return nil
    }
}
