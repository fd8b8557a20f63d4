import Foundation
import Testing
import SpikeIO

/// The KEY=VALUE format of boards/ and of the daemon's configuration files.
@Suite("KEY=VALUE files")
struct KeyValueFileTests {
    func parse(_ text: String) throws(KeyValueError) -> KeyValueFile {
        let bytes = Array(text.utf8)
        var result: Result<KeyValueFile, KeyValueError>!
        bytes.withUnsafeBytes { raw in
            do throws(KeyValueError) { result = .success(try KeyValueFile(parsing: raw)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    static let boardsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("boards")

    @Test("bare and quoted values, empty values, comments, blank lines, '=' in values, line numbers")
    func grammar() throws {
        let file = try parse("""
            # a comment with $ and 'quotes' is ignored
            MODEL=/var/lib/spikertd/model.spkb

            GPIO_IN="GPIO17=0:edge=rising"
            NAME="Pi 4 (64-bit), 400"
            EMPTY=
            QUOTED_EMPTY=""
              \t
            X_1=a.b_c,d:e/f=g+h@i%j-k
            """)
        #expect(file.entries.map(\.key) == ["MODEL", "GPIO_IN", "NAME", "EMPTY", "QUOTED_EMPTY", "X_1"])
        #expect(file.entries.map(\.line) == [2, 4, 5, 6, 7, 9])
        #expect(file.value(for: "MODEL") == "/var/lib/spikertd/model.spkb")
        #expect(file.value(for: "GPIO_IN") == "GPIO17=0:edge=rising")
        #expect(file.value(for: "NAME") == "Pi 4 (64-bit), 400")
        #expect(file.valueBytes(for: "EMPTY") == [])
        #expect(file.value(for: "QUOTED_EMPTY") == "")
        #expect(file.value(for: "X_1") == "a.b_c,d:e/f=g+h@i%j-k")
        #expect(file.value(for: "MISSING") == nil)
        #expect(file.entry(for: "NAME")?.line == 5)
        #expect(file.entries[1] == KeyValueEntry(key: "GPIO_IN", value: "GPIO17=0:edge=rising", line: 4))
        #expect(file.entries[1].valueBytes == Array("GPIO17=0:edge=rising".utf8))
    }

    @Test("refusals name the kind, the line and the line's text", arguments: [
        ("A=1\nno equals here", KeyValueError.Kind.expectedAssignment, 2, "no equals here"),
        ("a=1", .invalidKey, 1, "a=1"),
        ("=1", .invalidKey, 1, "=1"),
        ("1A=1", .invalidKey, 1, "1A=1"),
        (" A=1", .invalidKey, 1, " A=1"),
        ("A=$HOME", .invalidCharacter, 1, "A=$HOME"),
        ("A=two words", .invalidCharacter, 1, "A=two words"),
        ("A=it's", .invalidCharacter, 1, "A=it's"),
        ("A=x\\y", .invalidCharacter, 1, "A=x\\y"),
        ("A=`id`", .invalidCharacter, 1, "A=`id`"),
        ("A=1\r", .invalidCharacter, 1, "A=1\r"),
        ("A=\"a$b\"", .invalidCharacter, 1, "A=\"a$b\""),
        ("A=\"tab\there\"", .invalidCharacter, 1, "A=\"tab\there\""),
        ("A=(x)", .invalidCharacter, 1, "A=(x)"),
        ("A=1 # comment", .invalidCharacter, 1, "A=1 # comment"),
        ("A=\"open", .unterminatedQuote, 1, "A=\"open"),
        ("A=\"x\"y", .textAfterQuote, 1, "A=\"x\"y"),
        ("A=\"x\" ", .textAfterQuote, 1, "A=\"x\" "),
        ("A=1\nB=2\nA=3", .duplicateKey, 3, "A=3"),
    ])
    func refusals(_ text: String, _ kind: KeyValueError.Kind, _ line: Int, _ shown: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error == KeyValueError(kind, line: line, text: shown), "\(error.message)")
            #expect(error.message.hasPrefix("line \(line): "))
        }
    }

    @Test("long offending lines are cut in the error")
    func longLine() {
        do {
            _ = try parse("A=" + String(repeating: "é", count: 100) + "$")
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .invalidCharacter)
            #expect(error.text.utf8.count <= KeyValueError.maxTextLength)
            #expect(error.text.hasPrefix("A=éé"))
        }
    }

    @Test("every board profile parses, with the keys of boards/README.md")
    func boardProfiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.boardsDirectory.path)
            .filter { $0 != "README.md" }.sorted()
        #expect(names.count >= 9)
        for name in names {
            let file = try KeyValueFile(path: Self.boardsDirectory.appendingPathComponent(name).path)
            #expect(file.value(for: "ID") == name)
            #expect(file.value(for: "KIND") == "linux" || file.value(for: "KIND") == "bare-metal")
            #expect(file.value(for: "SWIFT_TARGET") != nil, "\(name)")
        }
        let pi4 = try KeyValueFile(path: Self.boardsDirectory.appendingPathComponent("rpi4").path)
        #expect(pi4.value(for: "NAME") == "Raspberry Pi 4 Model B, 400, CM4 (64-bit, arm64)")
        #expect(pi4.value(for: "GPIO_CHIP_LABEL") == "pinctrl-bcm2711")
        #expect(pi4.value(for: "GPIO_CHIP_LINES") == "58")
        #expect(pi4.value(for: "GPIO_HEADER")?.hasPrefix("3:2 5:3 7:4 ") == true)
        #expect(pi4.value(for: "QEMU_SYSTEM") == "")
        let mps2 = try KeyValueFile(path: Self.boardsDirectory.appendingPathComponent("qemu-mps2-an386").path)
        #expect(mps2.value(for: "KIND") == "bare-metal")
        #expect(mps2.value(for: "GPIO_HEADER") == "")
    }

    @Test("file errors name the path and errno")
    func fileErrors() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/spikertd.conf"
        #expect(throws: KeyValueError(.cannotOpen, text: missing, systemError: ENOENT)) { try KeyValueFile(path: missing) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A directory opens but cannot be read.
        #expect(throws: KeyValueError(.cannotRead, text: dir.path, systemError: EISDIR)) { try KeyValueFile(path: dir.path) }
        let big = dir.appendingPathComponent("big")
        try Data(repeating: 0x41, count: KeyValueFile.maxFileSize + 1).write(to: big)
        #expect(throws: KeyValueError(.fileTooLarge, text: big.path)) { try KeyValueFile(path: big.path) }
        let ok = dir.appendingPathComponent("ok.conf")
        try Data("MODEL=/m.spkb\n".utf8).write(to: ok)
        #expect(try KeyValueFile(path: ok.path).value(for: "MODEL") == "/m.spkb")
    }
}
