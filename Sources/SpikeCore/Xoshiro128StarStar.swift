/// xoshiro128** (Blackman & Vigna): 128 bits of state, 32-bit operations only, so it is
/// as cheap on a Cortex-M0 as on a desktop. Seeded through SplitMix64 exactly as
/// docs/SEMANTICS.md section 7 prescribes. Its state lives in the network and is part of
/// the hashed (and checkpointed) state.
public struct Xoshiro128StarStar: Equatable {
    public var s0: UInt32, s1: UInt32, s2: UInt32, s3: UInt32

    public init(seed: UInt64) {
        var x = seed
        let z0 = Xoshiro128StarStar.splitMix64(&x)
        let z1 = Xoshiro128StarStar.splitMix64(&x)
        s0 = UInt32(truncatingIfNeeded: z0)
        s1 = UInt32(truncatingIfNeeded: z0 &>> 32)
        s2 = UInt32(truncatingIfNeeded: z1)
        s3 = UInt32(truncatingIfNeeded: z1 &>> 32)
        if s0 == 0 && s1 == 0 && s2 == 0 && s3 == 0 { s0 = 1 }
    }

    public init(s0: UInt32, s1: UInt32, s2: UInt32, s3: UInt32) {
        self.s0 = s0; self.s1 = s1; self.s2 = s2; self.s3 = s3
    }

    /// Out of line: seeding runs it twice, and on 32-bit targets each copy of its
    /// 64-bit multiplies is about 70 bytes. Only `init` (load, reset) seeds.
    @inline(never)
    static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x = x &+ 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    @inline(__always)
    static func rotl(_ x: UInt32, _ k: UInt32) -> UInt32 {
        (x &<< k) | (x &>> (32 &- k))
    }

    @inline(__always)
    public mutating func next() -> UInt32 {
        let result = Xoshiro128StarStar.rotl(s1 &* 5, 7) &* 9
        let t = s1 &<< 9
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Xoshiro128StarStar.rotl(s3, 11)
        return result
    }
}
