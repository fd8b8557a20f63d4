// swift-tools-version:6.0
//
// SpikeRT package manifest (full-Swift build: `swift build`, `swift test`).
//
// The shipped artifacts are built in Embedded Swift by cross/embedded-build.sh from
// the same sources; this manifest only covers the host build and the tests. No
// external package dependencies, no unsafe flags: SpikeCore builds with the default
// settings here, and with -no-allocations in the Embedded build.

import Foundation
import PackageDescription

// Which libgpiod API SpikeGPIO's backend is compiled for: 1 (libgpiod 1.6,
// Libgpiod1Backend) or 2 (libgpiod 2.x, Libgpiod2Backend, under SPIKERT_LIBGPIOD2).
// The two APIs are incompatible and Swift cannot test a C header's version, so the
// choice is made here, from the library the build will find: the environment variable
// SPIKERT_LIBGPIOD=1|2 when set, else the major version `pkg-config --modversion
// libgpiod` prints (PKG_CONFIG_PATH honoured, as SwiftPM's own lookup of CGPIOD below
// honours it), else 1. SwiftPM evaluates the manifest again when the environment
// changes, so PKG_CONFIG_PATH=out/libgpiod2/amd64/lib/pkgconfig switches both the
// headers and the backend (cross/libgpiod2-swift.sh does that). Only GPIO targets get
// the condition. docs/DAEMON.md, "libgpiod 1.6 and 2.x".
func libgpiodAPI() -> Int {
    if let forced = Context.environment["SPIKERT_LIBGPIOD"] {
        guard let api = Int(forced), api == 1 || api == 2 else {
            fatalError("SPIKERT_LIBGPIOD must be 1 (libgpiod 1.6) or 2 (libgpiod 2.x), not '\(forced)'")
        }
        return api
    }
    let pkgConfig = Process()
    pkgConfig.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    pkgConfig.arguments = ["pkg-config", "--modversion", "libgpiod"]
    let output = Pipe()
    pkgConfig.standardOutput = output
    pkgConfig.standardError = FileHandle.nullDevice
    do { try pkgConfig.run() } catch { return 1 }
    let version = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    pkgConfig.waitUntilExit()
    return pkgConfig.terminationStatus == 0 && version.hasPrefix("2.") ? 2 : 1
}
let gpiodSettings: [SwiftSetting] = libgpiodAPI() == 2 ? [.define("SPIKERT_LIBGPIOD2")] : []

let package = Package(
    name: "SpikeRT",
    products: [
        .library(name: "SpikeCore", targets: ["SpikeCore"]),
        .library(name: "SpikeModel", targets: ["SpikeModel"]),
        .library(name: "SpikeRT", targets: ["SpikeRT"]),
        .executable(name: "spikert", targets: ["spikert"]),
        .executable(name: "spikert-bench", targets: ["spikert-bench"]),
        .executable(name: "spikertd", targets: ["spikertd"]),
    ],
    targets: [
        // Pure Swift, imports nothing: fixed-point math, neurons, network step.
        .target(
            name: "SpikeCore",
            path: "Sources/SpikeCore"
        ),
        // libcbor (streaming decoder and buffer encoders only) for SpikeModel.
        .systemLibrary(
            name: "CCBOR",
            path: "Sources/CCBOR",
            pkgConfig: "libcbor",
            providers: [.apt(["libcbor-dev"])]
        ),
        // CBOR blob -> network in the caller's arena; network -> checkpoint blob.
        .target(
            name: "SpikeModel",
            dependencies: ["SpikeCore", "CCBOR"],
            path: "Sources/SpikeModel"
        ),
        // The C ABI (include/spikert.h): every @_cdecl export. The shipped
        // libspikert.a is this, SpikeModel and SpikeCore built in Embedded Swift.
        .target(
            name: "SpikeRT",
            dependencies: ["SpikeCore", "SpikeModel"],
            path: "Sources/SpikeRT"
        ),
        // include/spikert.h as a Clang module, for the Swift tests of the C ABI.
        .systemLibrary(
            name: "CSpikeRT",
            path: "Sources/CSpikeRT"
        ),
        // libc through our own [system] modulemap; works from SwiftPM and from
        // swiftc in Embedded mode via `-I Sources/CSystem`.
        .systemLibrary(
            name: "CSystem",
            path: "Sources/CSystem"
        ),
        // Linux side, libc only: system calls in one place (errno, EINTR), files, atomic
        // files, poll, timerfd, signals, Unix sockets, KEY=VALUE files, IIO sysfs.
        .target(
            name: "SpikeIO",
            dependencies: ["CSystem"],
            path: "Sources/SpikeIO"
        ),
        // libgpiod (1.6 or 2.x, above) through one [system] module; only SpikeGPIO
        // (and so only the daemon) links it.
        .systemLibrary(
            name: "CGPIOD",
            path: "Sources/CGPIOD",
            pkgConfig: "libgpiod",
            providers: [.apt(["libgpiod-dev"])]
        ),
        // GPIO lines: name resolution from the board profile, the libgpiod backend (the
        // one gpiodSettings selects) and a fake one for tests, debounce, output pulses.
        .target(
            name: "SpikeGPIO",
            dependencies: ["SpikeIO", "CGPIOD", "CSystem"],
            path: "Sources/SpikeGPIO",
            swiftSettings: gpiodSettings
        ),
        // The control protocol: JSON lines with request ids (codec and messages),
        // shared by the daemon and its client; SpikeCore only for the learning
        // parameters' names.
        .target(
            name: "SpikeControl",
            dependencies: ["SpikeCore"],
            path: "Sources/SpikeControl"
        ),
        // The host-side run loop shared by `spikert run` and `spikertd`: model files,
        // channel maps, sources and sinks, the tick driver, the checkpointer.
        .target(
            name: "SpikeHost",
            dependencies: ["SpikeCore", "SpikeModel", "SpikeIO", "CSystem"],
            path: "Sources/SpikeHost"
        ),
        .executableTarget(
            name: "spikert",
            dependencies: ["SpikeCore", "SpikeModel", "SpikeRT", "SpikeIO", "SpikeHost",
                           "SpikeControl", "CSystem"],
            path: "Sources/spikert"
        ),
        .executableTarget(
            name: "spikertd",
            dependencies: ["SpikeCore", "SpikeModel", "SpikeIO", "SpikeHost", "SpikeGPIO",
                           "SpikeControl", "CSystem"],
            path: "Sources/spikertd",
            // picks the backend type by the same condition
            swiftSettings: gpiodSettings
        ),
        .executableTarget(
            name: "spikert-bench",
            dependencies: ["SpikeCore", "SpikeModel", "SpikeIO", "SpikeHost", "CSystem"],
            path: "Sources/spikert-bench"
        ),
        // What several test targets share (a seeded generator, recording sinks and array
        // sources for the tick driver); tests only.
        .target(
            name: "TestSupport",
            dependencies: ["SpikeHost", "SpikeIO"],
            path: "Tests/TestSupport"
        ),
        // The golden scenarios of the numpy reference (Tests/SpikeCoreTests/Golden, read
        // from the source tree) as networks, their comparison, random cases in the same
        // format; tests only.
        .target(
            name: "GoldenSupport",
            dependencies: ["TestSupport", "SpikeCore"],
            path: "Tests/GoldenSupport"
        ),
        .testTarget(
            name: "SpikeCoreTests",
            dependencies: ["TestSupport", "GoldenSupport", "SpikeCore"],
            path: "Tests/SpikeCoreTests",
            // Golden/ (the reference's vectors, read through GoldenSupport) and Blobs/
            // (the exporter's blobs of the golden cases, read by SpikeModelTests) are
            // read from the source tree, not bundled.
            exclude: ["Blobs", "Golden"]
        ),
        .testTarget(
            name: "SpikeModelTests",
            dependencies: ["TestSupport", "GoldenSupport", "SpikeCore", "SpikeModel"],
            path: "Tests/SpikeModelTests"
        ),
        .testTarget(
            name: "SpikeRTTests",
            dependencies: ["SpikeRT", "CSpikeRT", "SpikeCore"],
            path: "Tests/SpikeRTTests"
        ),
        .testTarget(
            name: "SpikeIOTests",
            dependencies: ["SpikeIO"],
            path: "Tests/SpikeIOTests"
        ),
        .testTarget(
            name: "SpikeGPIOTests",
            dependencies: ["TestSupport", "SpikeGPIO", "SpikeIO", "CGPIOD"],
            path: "Tests/SpikeGPIOTests",
            swiftSettings: gpiodSettings
        ),
        .testTarget(
            name: "SpikeControlTests",
            dependencies: ["TestSupport", "SpikeControl", "SpikeCore"],
            path: "Tests/SpikeControlTests"
        ),
        .testTarget(
            name: "SpikertdTests",
            dependencies: ["TestSupport", "spikertd", "SpikeHost", "SpikeGPIO", "SpikeControl", "SpikeIO", "SpikeCore", "SpikeModel"],
            path: "Tests/SpikertdTests"
        ),
        .testTarget(
            name: "SpikeHostTests",
            dependencies: ["TestSupport", "SpikeHost", "SpikeCore", "SpikeModel", "SpikeIO"],
            path: "Tests/SpikeHostTests"
        ),
    ]
)
