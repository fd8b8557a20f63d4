/// The limits of docs/SEMANTICS.md section 9. They keep every 64-bit intermediate of the
/// integer semantics far from overflow and every index within 16 bits, so the hot loops
/// need no checks.
public enum NetworkLimits {
    public static let maxPopulations = 4096
    public static let maxProjections = 4096
    public static let maxEncoders = 4096
    public static let maxDecoders = 4096
    public static let maxFanIn = 64
    public static let maxPopulationSize = 65535
    public static let maxDelay = 255
    public static let maxShift = 24
    public static let unitMultiplier: Int32 = 65536
    public static let maxRefractory: Int32 = 65535
    public static let izhikevichABLimit: Int32 = 1 << 20
    public static let maxLatencyWindow: Int32 = 65535
    /// Learning amplitudes and the R-STDP learning rate: 2^24 (256 weight steps).
    public static let maxAmplitude: Int32 = 1 << 24
    public static let maxNormTarget: Int32 = 1 << 23
    public static let maxFold = 256
    public static let maxThresholdScale: Int32 = 1 << 20
}
