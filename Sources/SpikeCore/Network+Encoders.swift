/// Encoders (docs/SEMANTICS.md section 5): analog channel values in, spikes of an INPUT
/// population out, OR-ed with the spikes the caller injected.
extension Network {
    /// Set the held value of `channel` of encoder `encoder`. For LATENCY this starts a
    /// new presentation of that channel; for DELTA `channel` is the analog channel
    /// (neurons `2·channel` ON and `2·channel + 1` OFF).
    public mutating func setEncoderValue(encoder: Int, channel: Int, value: Int32)
        throws(SpikeError)
    {
        guard let encoders = layout.encoders, encoder >= 0, encoder < layout.encoderCount
        else { throw SpikeError(.outOfRange, index: encoder, field: "encoder") }
        let e = encoders[encoder]
        guard channel >= 0, channel < e.channels, let values = e.values else {
            throw SpikeError(.outOfRange, index: channel, field: "channel")
        }
        values[channel] = value
        if e.spec.kind == .latency, let countdown = e.state {
            countdown[channel] = Network.latencyDelay(value, window: e.spec.parameter)
        }
    }

    /// Analog channels of encoder `encoder`: what `setEncoderValue`'s `channel` indexes.
    public func encoderChannels(_ encoder: Int) throws(SpikeError) -> Int {
        guard let encoders = layout.encoders, encoder >= 0, encoder < layout.encoderCount
        else { throw SpikeError(.outOfRange, index: encoder, field: "encoder") }
        return encoders[encoder].channels
    }

    /// Ticks from a presentation to the spike: `(65536 − min(x, 65536))·(T − 1) / 2^16`,
    /// or −1 (no spike) for `x ≤ 0`.
    static func latencyDelay(_ x: Int32, window: Int32) -> Int32 {
        guard x > 0 else { return -1 }
        let strength = Int64(x > 65536 ? 65536 : x)
        return Int32(truncatingIfNeeded: ((65536 &- strength) &* Int64(window &- 1)) &>> 16)
    }

    /// Phase 1, encoder part: every encoder in list order adds its spikes of this step
    /// to its population's pending flags.
    mutating func runEncoders() {
        guard let encoders = layout.encoders, let populations = layout.populations else {
            return
        }
        for e in 0..<layout.encoderCount {
            let enc = encoders[e]
            guard let pending = populations[enc.spec.population].pending,
                  let values = enc.values else { continue }
            switch enc.spec.kind {
            case .rate:
                // A rate encoder with nothing to send does not draw (SEMANTICS.md 5), so a
                // silent network leaves its PRNG alone and can be quiescent.
                var anyPositive = false
                for k in 0..<enc.channels where values[k] > 0 { anyPositive = true; break }
                guard anyPositive else { continue }
                for k in 0..<enc.channels {
                    let r = Int32(truncatingIfNeeded: prng.next() >> 16)
                    let x = values[k]
                    let p = x < 0 ? 0 : (x > 65536 ? 65536 : x)
                    pending[k] |= r < p ? 1 : 0
                }
            case .latency:
                guard let countdown = enc.state else { continue }
                // Counts down by the ticks of a step (the fold in the low-power mode).
                let stepTicks = Int32(truncatingIfNeeded: power.ticksPerStep)
                for k in 0..<enc.channels {
                    let c = countdown[k]
                    if c >= 0 && c < stepTicks {
                        pending[k] = 1
                        countdown[k] = -1
                    } else if c >= stepTicks {
                        countdown[k] = c &- stepTicks
                    }
                }
            case .delta:
                guard let reference = enc.state else { continue }
                let threshold = Int64(enc.spec.parameter)
                for k in 0..<enc.channels {
                    let x = values[k]
                    let d = Int64(x) &- Int64(reference[k])
                    if d >= threshold {
                        pending[2 &* k] = 1
                        reference[k] = x
                    } else if d <= 0 &- threshold {
                        pending[2 &* k &+ 1] = 1
                        reference[k] = x
                    }
                }
            }
        }
    }
}
