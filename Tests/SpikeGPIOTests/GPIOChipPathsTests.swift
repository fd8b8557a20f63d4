import Foundation
import Testing
import SpikeGPIO

/// The order in which the 2.x backend visits chips (by number, not by bytes), and what
/// counts as a chip name.
@Suite("GPIO chip paths")
struct GPIOChipPathsTests {
    func bytes(_ names: [String]) -> [[UInt8]] { names.map { Array($0.utf8) } }

    @Test("gpiochip names in number order; other names left out")
    func ordering() {
        let names = bytes(["gpiochip10", "tty0", "gpiochip2", "gpiochip", "gpiochip0", "gpiochipX", "gpiochip1a", "gpiochip1"])
        let ordered = GPIOChipPaths.ordered(names).map { String(decoding: $0, as: UTF8.self) }
        #expect(ordered == ["gpiochip0", "gpiochip1", "gpiochip2", "gpiochip10", "gpiochip1a", "gpiochipX"])
    }

    @Test("a directory's chips as paths; an unreadable directory has none")
    func listing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spikert-chips-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["gpiochip11", "gpiochip3", "null"] {
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data())
        }
        #expect(GPIOChipPaths.list(in: directory) == [directory + "/gpiochip3", directory + "/gpiochip11"])
        #expect(GPIOChipPaths.list(in: directory + "/missing").isEmpty)
    }
}
