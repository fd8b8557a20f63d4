import Foundation
import Testing
import SpikeGPIO

/// Every profile in boards/ loads, and every way of naming a line resolves on it as
/// the profile file says.
@Suite("Board profiles and line resolution")
struct BoardProfileTests {
    @Test("boards/ has the profiles")
    func profilesFound() {
        #expect(BoardFixtures.ids.contains("rpi4"))
        #expect(BoardFixtures.ids.contains("host"))
        #expect(BoardFixtures.ids.count >= 9)
    }

    @Test("every profile loads with the file's GPIO keys", arguments: BoardFixtures.ids)
    func loads(_ id: String) throws {
        let profile = try BoardProfile(boardID: id, directory: BoardFixtures.directory)
        #expect(profile.id == id)
        #expect(profile.gpioChipLabel == BoardFixtures.rawValue("GPIO_CHIP_LABEL", board: id))
        #expect(profile.gpioChipLines == UInt32(BoardFixtures.rawValue("GPIO_CHIP_LINES", board: id)) ?? 0)
        let pairs = BoardFixtures.headerPairs(board: id)
        #expect(profile.header == pairs.map { HeaderPin(pin: $0.pin, line: $0.line) })
        #expect(profile.hasGPIOHeader == !pairs.isEmpty)
    }

    @Test("every header pin resolves to its line as BOARDn and J8:n", arguments: BoardFixtures.ids)
    func headerPins(_ id: String) throws {
        let profile = try BoardProfile(boardID: id, directory: BoardFixtures.directory)
        let resolver = LineResolver(profile: profile)
        let fake = BoardFixtures.backend(for: profile)
        for (pin, line) in BoardFixtures.headerPairs(board: id) {
            let expected = LineAddress(chipLabel: profile.gpioChipLabel, offset: line)
            #expect(try resolver.resolve("BOARD\(pin)", in: fake) == expected)
            #expect(try resolver.resolve("J8:\(pin)", in: fake) == expected)
            #expect(try resolver.resolve("board\(pin)", in: fake) == expected)
        }
    }

    @Test("GPIO17, BCM17 and 17 are offset 17 on the header chip; the last line is the chip's",
          arguments: BoardFixtures.ids)
    func bcmNumbers(_ id: String) throws {
        let profile = try BoardProfile(boardID: id, directory: BoardFixtures.directory)
        guard profile.hasGPIOHeader else { return }
        let resolver = LineResolver(profile: profile)
        let fake = BoardFixtures.backend(for: profile)
        let label = BoardFixtures.rawValue("GPIO_CHIP_LABEL", board: id)
        for text in ["17", "GPIO17", "BCM17", "gpio17", "bcm17"] {
            #expect(try resolver.resolve(text, in: fake) == LineAddress(chipLabel: label, offset: 17))
        }
        let lines = UInt32(BoardFixtures.rawValue("GPIO_CHIP_LINES", board: id))!
        #expect(try resolver.resolve("GPIO\(lines - 1)", in: fake).offset == lines - 1)
        let message = gpioErrorMessage { () throws(GPIOError) in try resolver.resolve("GPIO\(lines)", in: fake) }
        #expect(message == "GPIO\(lines): the chip \(label) has \(lines) lines (0-\(lines - 1))")
        #expect(gpioErrorMessage { () throws(GPIOError) in try resolver.checkHeaderChip(in: fake) } == nil)
    }

    @Test("header pins that are not GPIOs are refused with what they are", arguments: BoardFixtures.ids)
    func nonGPIOPins(_ id: String) throws {
        let profile = try BoardProfile(boardID: id, directory: BoardFixtures.directory)
        guard profile.hasGPIOHeader else { return }
        let resolver = LineResolver(profile: profile)
        let fake = BoardFixtures.backend(for: profile)
        func refusal(_ text: String) -> String? {
            gpioErrorMessage { () throws(GPIOError) in try resolver.resolve(text, in: fake) }
        }
        #expect(refusal("BOARD2") == "BOARD2 is a 5V power pin, not a GPIO")
        #expect(refusal("J8:1") == "J8:1 is a 3.3V power pin, not a GPIO")
        #expect(refusal("BOARD39") == "BOARD39 is a ground pin, not a GPIO")
        #expect(refusal("BOARD41") == "BOARD41: the header has pins 1-40")
        #expect(refusal("BOARD0") == "BOARD0: the header has pins 1-40")
        let listed = Set(BoardFixtures.headerPairs(board: id).map(\.pin))
        let powerAndGround: Set<UInt32> = [1, 2, 4, 6, 9, 14, 17, 20, 25, 30, 34, 39]
        for pin in UInt32(1)...40 where !listed.contains(pin) {
            #expect(refusal("BOARD\(pin)")?.hasPrefix("BOARD\(pin)") == true)
            #expect(powerAndGround.contains(pin) == (refusal("BOARD\(pin)")?.hasSuffix("not a GPIO") == true))
        }
    }

    @Test("a board without a header refuses header and BCM names but resolves other chips",
          arguments: BoardFixtures.ids)
    func boardsWithoutHeader(_ id: String) throws {
        let profile = try BoardProfile(boardID: id, directory: BoardFixtures.directory)
        guard !profile.hasGPIOHeader else { return }
        let resolver = LineResolver(profile: profile)
        let fake = BoardFixtures.backend(for: profile)
        for text in ["BOARD11", "J8:11", "GPIO17", "17"] {
            let message = gpioErrorMessage { () throws(GPIOError) in try resolver.resolve(text, in: fake) }
            #expect(message?.hasPrefix("\(text): board \(id) has no GPIO header") == true)
        }
        #expect(try resolver.resolve("gpio-sim.0:3", in: fake) == LineAddress(chipLabel: "gpio-sim.0", offset: 3))
        #expect(try resolver.resolve("PIN5", in: fake) == LineAddress(chipLabel: "gpio-sim.0", offset: 5))
        #expect(gpioErrorMessage { () throws(GPIOError) in try resolver.checkHeaderChip(in: fake) } == nil)
    }

    @Test("chip:offset and kernel names are checked against the chips present")
    func otherChipsAndKernelNames() throws {
        let profile = try BoardProfile(boardID: "rpi4", directory: BoardFixtures.directory)
        let resolver = LineResolver(profile: profile)
        let fake = BoardFixtures.backend(for: profile)
        #expect(try resolver.resolve("pinctrl-bcm2711:57", in: fake).offset == 57)
        #expect(try resolver.resolve("PIN7", in: fake) == LineAddress(chipLabel: "gpio-sim.0", offset: 7))
        func refusal(_ text: String) -> String? {
            gpioErrorMessage { () throws(GPIOError) in try resolver.resolve(text, in: fake) }
        }
        #expect(refusal("gpio-sim.0:8") == "gpio-sim.0:8: the chip gpio-sim.0 has 8 lines (0-7)")
        #expect(refusal("nosuchchip:1") == "nosuchchip:1: no GPIO chip is labelled nosuchchip (gpiodetect lists the labels)")
        #expect(refusal("PIN8")?.hasPrefix("PIN8: no GPIO line has that kernel name") == true)
        #expect(refusal("")?.hasPrefix("an empty line name") == true)
        #expect(refusal("GPIO99999999999") == "GPIO99999999999: the number is too large for a GPIO line or pin")
    }

    @Test("a wrong profile for the chips present is caught before any line is used")
    func headerChipCheck() throws {
        let profile = try BoardProfile(boardID: "rpi4", directory: BoardFixtures.directory)
        let resolver = LineResolver(profile: profile)
        let pi3Chip = BoardFixtures.backend(for: profile, headerLines: 54)
        let wrongCount = gpioErrorMessage { () throws(GPIOError) in try resolver.checkHeaderChip(in: pi3Chip) }
        #expect(wrongCount?.contains("has 54 lines, the profile says 58") == true)
        let none = FakeGPIOBackend(chips: [])
        let missing = gpioErrorMessage { () throws(GPIOError) in try resolver.checkHeaderChip(in: none) }
        #expect(missing?.hasPrefix("board rpi4: no GPIO chip is labelled pinctrl-bcm2711") == true)
    }

    @Test("board ids are file names; bad ids, missing files and a mismatched ID are refused")
    func boardIDs() throws {
        let directory = BoardFixtures.directory
        let traversal = gpioErrorMessage { () throws(GPIOError) in try BoardProfile(boardID: "../boards/rpi4", directory: directory) }
        #expect(traversal?.hasPrefix("\"../boards/rpi4\" is not a board id") == true)
        let upper = gpioErrorMessage { () throws(GPIOError) in try BoardProfile(boardID: "RPI4", directory: directory) }
        #expect(upper?.hasPrefix("\"RPI4\" is not a board id") == true)
        let missing = gpioErrorMessage { () throws(GPIOError) in try BoardProfile(boardID: "rpi9", directory: directory) }
        #expect(missing?.hasPrefix("board profile \(directory)/rpi9: ") == true)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spikegpio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "ID=rpi4\n".write(to: scratch.appendingPathComponent("copy"), atomically: true, encoding: .utf8)
        let mismatch = gpioErrorMessage { () throws(GPIOError) in try BoardProfile(boardID: "copy", directory: scratch.path) }
        #expect(mismatch == "board profile \(scratch.path)/copy has ID=rpi4; the ID must equal the file name")
    }

    @Test("inconsistent GPIO keys are refused, quoting the offending value", arguments: [
        ("GPIO_CHIP_LABEL=chip\nGPIO_CHIP_LINES=8\nGPIO_HEADER=\"3:2 5:x\"", "GPIO_HEADER pair \"5:x\" is not PIN:LINE"),
        ("GPIO_CHIP_LABEL=chip\nGPIO_CHIP_LINES=8\nGPIO_HEADER=\"3:2 41:3\"", "GPIO_HEADER pair \"41:3\": the header has pins 1-40"),
        ("GPIO_CHIP_LABEL=chip\nGPIO_CHIP_LINES=8\nGPIO_HEADER=\"3:8\"", "GPIO_HEADER pair \"3:8\": the chip has 8 lines"),
        ("GPIO_CHIP_LABEL=chip\nGPIO_CHIP_LINES=8\nGPIO_HEADER=\"5:2 3:1\"", "GPIO_HEADER pair \"3:1\" is not after pin 5"),
        ("GPIO_CHIP_LABEL=chip\nGPIO_CHIP_LINES=many", "GPIO_CHIP_LINES=\"many\" is not a positive line count"),
        ("GPIO_CHIP_LABEL=\nGPIO_HEADER=\"3:2\"", "GPIO_CHIP_LINES and GPIO_HEADER need a GPIO_CHIP_LABEL"),
    ])
    func inconsistentKeys(_ keys: String, _ expected: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spikegpio-\(UUID().uuidString)")
        try "ID=bad\nNAME=\"a bad board\"\n\(keys)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let message = gpioErrorMessage { () throws(GPIOError) in try BoardProfile(path: file.path) }
        #expect(message?.hasPrefix("board bad: \(expected)") == true, "\(message ?? "nil")")
    }
}

@Suite("Header pins off the map")
struct HeaderMapTests {
    @Test("a signal pin missing from GPIO_HEADER is refused with the pins that are GPIOs")
    func unmappedSignalPin() {
        let profile = BoardProfile(id: "half", name: "half a header", gpioChipLabel: "chip", gpioChipLines: 8,
                                   header: [HeaderPin(pin: 5, line: 3), HeaderPin(pin: 7, line: 4)])
        let fake = FakeGPIOBackend(chips: [FakeGPIOChip(label: "chip", lines: 8, namePrefix: "")])
        let resolver = LineResolver(profile: profile)
        let message = gpioErrorMessage { () throws(GPIOError) in try resolver.resolve("BOARD3", in: fake) }
        #expect(message == "BOARD3: header pin 3 is not a GPIO on board half; the GPIO pins are 5, 7")
        #expect((try? resolver.resolve("J8:7", in: fake)) == LineAddress(chipLabel: "chip", offset: 4))
    }

    @Test("chips without lines refuse every offset without arithmetic on the count")
    func emptyChips() {
        let profile = BoardProfile(id: "odd", name: "odd", gpioChipLabel: "empty", gpioChipLines: 0, header: [])
        let fake = FakeGPIOBackend(chips: [FakeGPIOChip(label: "empty", lineNames: [])])
        let resolver = LineResolver(profile: profile)
        #expect(gpioErrorMessage { () throws(GPIOError) in try resolver.resolve("GPIO0", in: fake) }
                == "GPIO0: the chip empty has no lines")
        #expect(gpioErrorMessage { () throws(GPIOError) in try resolver.resolve("empty:0", in: fake) }
                == "empty:0: the chip empty has no lines")
    }
}
