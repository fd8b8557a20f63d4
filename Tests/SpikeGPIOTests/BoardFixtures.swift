import Foundation
import SpikeGPIO

/// The profiles in the repository's boards/, read by the tests both through
/// `BoardProfile` and, independently, as plain text (so that expected values come from
/// the files, not from the code under test).
enum BoardFixtures {
    static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("boards").path

    /// Every profile id (the files without an extension).
    static var ids: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.contains(".") }.sorted()
    }

    /// `KEY`'s raw value in the profile file, quotes dropped.
    static func rawValue(_ key: String, board: String) -> String {
        let text = (try? String(contentsOfFile: directory + "/" + board, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix(key + "=") {
            var value = line.dropFirst(key.count + 1)
            if value.hasPrefix("\"") { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return ""
    }

    /// `GPIO_HEADER` split by the test itself: (pin, line) pairs.
    static func headerPairs(board: String) -> [(pin: UInt32, line: UInt32)] {
        rawValue("GPIO_HEADER", board: board).split(separator: " ").map { pair in
            let parts = pair.split(separator: ":")
            return (UInt32(parts[0])!, UInt32(parts[1])!)
        }
    }

    /// A fake with the board's header chip (lines named GPIO0..., as on a Pi 4) and
    /// a second chip whose lines are named PIN0...
    static func backend(for profile: BoardProfile, headerLines: UInt32? = nil) -> FakeGPIOBackend {
        var chips = [FakeGPIOChip(label: "gpio-sim.0", lines: 8, namePrefix: "PIN")]
        if profile.hasGPIOHeader {
            chips.insert(FakeGPIOChip(label: profile.gpioChipLabel,
                                      lines: Int(headerLines ?? profile.gpioChipLines),
                                      namePrefix: "GPIO"), at: 0)
        }
        return FakeGPIOBackend(chips: chips)
    }
}

/// The message of the `GPIOError` `body` throws, or nil when it does not throw.
func gpioErrorMessage<T>(_ body: () throws(GPIOError) -> T) -> String? {
    do throws(GPIOError) {
        _ = try body()
        return nil
    } catch {
        return error.message
    }
}
