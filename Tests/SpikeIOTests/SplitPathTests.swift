import Foundation
import Testing
@testable import SpikeIO

/// Where the atomic writer puts its temporary files: beside the target, hidden, named
/// after the target, this process and the attempt.
@Suite("Split paths")
struct SplitPathTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func text(_ name: borrowing CString) -> String { String(cString: name.pointer) }

    @Test("directory and name for nested, rooted and bare paths; none for '' or a trailing '/'")
    func split() throws {
        let cases: [(String, String, String)] = [
            ("/var/lib/spikertd/model.ckpt", "/var/lib/spikertd", "model.ckpt"),
            ("/model.ckpt", "/", "model.ckpt"),
            ("model.ckpt", ".", "model.ckpt"),
            ("a/b", "a", "b"),
        ]
        for (path, directory, name) in cases {
            let split = try #require(path.withCString { SplitPath($0) })
            #expect(text(split.directory) == directory, "\(path)")
            #expect(text(split.name) == name, "\(path)")
            #expect(text(split.directoryPath()) == directory)
        }
        #expect("".withCString { SplitPath($0) } == nil)
        #expect("/var/lib/".withCString { SplitPath($0) } == nil)
    }

    @Test("temporary names are hidden siblings carrying the pid and the counter")
    func temporaryNames() throws {
        let split = try #require("/run/x/state".withCString { SplitPath($0) })
        #expect(text(split.temporarySibling(counter: 0)) == "/run/x/.state.tmp.\(getpid()).0")
        #expect(text(split.temporarySibling(counter: 17)) == "/run/x/.state.tmp.\(getpid()).17")
        let bare = try #require("state".withCString { SplitPath($0) })
        #expect(text(bare.temporarySibling(counter: 2)) == "./.state.tmp.\(getpid()).2")
    }
}
