import TestSupport
import Testing
@testable import SpikeCore

/// The integer primitives of docs/SEMANTICS.md sections 1, 7 and 8, against hand-worked
/// values and published known answers.
@Suite("Integer primitives")
struct PrimitiveTests {
    @Test("decay rounds toward zero, so every value reaches exactly 0")
    func decayTowardZero() {
        #expect(FixedPoint.decay(3, 32768) == 1)
        #expect(FixedPoint.decay(-3, 32768) == -1)  // floor would give -2
        #expect(FixedPoint.decay(-1, 65535) == 0)   // floor would give -1 forever
        #expect(FixedPoint.decay(Int32.min, 65536) == Int32.min)
        #expect(FixedPoint.decay(Int32.max, 0) == 0)
        var rng = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let x = Int32.random(in: Int32.min...Int32.max, using: &rng)
            let m = Int32.random(in: 0...65535, using: &rng)
            let d = FixedPoint.decay(x, m)
            let exact = Double(x) * Double(m) / 65536
            #expect(Double(d) == exact.rounded(.towardZero))
            if x != 0 { #expect(d.magnitude < x.magnitude) }
        }
        var v: Int32 = -1_000_000
        var ticks = 0
        while v != 0 && ticks < 10_000 { v = FixedPoint.decay(v, 62259); ticks += 1 }
        #expect(v == 0)
    }

    @Test("sat32 clamps to the Int32 range")
    func saturation() {
        #expect(FixedPoint.sat32(Int64(Int32.max) + 1) == Int32.max)
        #expect(FixedPoint.sat32(Int64(Int32.min) - 1) == Int32.min)
        #expect(FixedPoint.sat32(Int64.max) == Int32.max)
        #expect(FixedPoint.sat32(Int64.min) == Int32.min)
        #expect(FixedPoint.sat32(-5) == -5)
        #expect(FixedPoint.floorShr(-3, 1) == -2)
        #expect(FixedPoint.floorShr(3, 1) == 1)
    }

    @Test("widening conversions sign- and zero-extend")
    func widening() {
        #expect(Int64(Int32.min) == -2_147_483_648)
        #expect(Int64(Int32(-1)) == -1)
        #expect(Int64(Int32.max) == 2_147_483_647)
        #expect(Int64(UInt8(255)) == 255)
        #expect(Int64(UInt32.max) == 4_294_967_295)
        #expect(UInt64(UInt32.max) == 4_294_967_295)
        #expect(UInt64(truncatingIfNeeded: -1) == UInt64.max)
    }

    @Test("xoshiro128** matches published test data")
    func xoshiro() {
        var g = Xoshiro128StarStar(s0: 0x964D_4A0C, s1: 0xD40A_B895, s2: 0xAD7F_DECB, s3: 0x3006_F0F0)
        #expect(g.next() == 0xF139_1922)
        #expect(g == Xoshiro128StarStar(s0: 0x7241_0269, s1: 0xEF38_2C52, s2: 0x2E43_BEC7, s3: 0x6243_2F20))
        #expect(g.next() == 0x6FE5_3806)
        #expect(g.next() == 0xA5BE_2840)
        #expect(g.next() == 0xF510_EE70)
    }

    @Test("SplitMix64 seeding matches the published first output for seed 0")
    func seeding() {
        var x: UInt64 = 0
        #expect(Xoshiro128StarStar.splitMix64(&x) == 0xE220_A839_7B1D_CDAF)
        let g = Xoshiro128StarStar(seed: 0)
        #expect(g.s0 == 0x7B1D_CDAF && g.s1 == 0xE220_A839)
    }

    @Test("FNV-1a 64 matches the published vectors")
    func fnv() {
        #expect(Fnv1a64().value == 0xCBF2_9CE4_8422_2325)
        var h = Fnv1a64()
        h.add(byte: UInt8(ascii: "a"))
        #expect(h.value == 0xAF63_DC4C_8601_EC8C)
        var foobar = Fnv1a64()
        for b in "foobar".utf8 { foobar.add(byte: b) }
        #expect(foobar.value == 0x8594_4171_F739_67E8)
    }
}

@Suite("Status codes")
struct StatusTests {
    @Test("every status has its own text; unknown codes say so")
    func texts() {
        let all = (0...26).map { SpikeStatus(rawValue: $0).text.description }
        #expect(Set(all).count == all.count)
        #expect(!all.contains("unknown status"))
        #expect(SpikeStatus(rawValue: 99).text.description == "unknown status")
    }
}
