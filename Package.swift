// swift-tools-version:6.0
//
// SpikeRT package manifest (full-Swift build: `swift build`, `swift test`).
//
// The shipped artifacts are built in Embedded Swift by cross/embedded-build.sh from
// the same sources; this manifest only covers the host build and the tests. No
// external package dependencies, no unsafe flags: SpikeCore builds with the default
// settings here, and with -no-allocations in the Embedded build.

import PackageDescription

let package = Package(
    name: "SpikeRT",
    products: [
        .library(name: "SpikeCore", targets: ["SpikeCore"]),
        .library(name: "SpikeModel", targets: ["SpikeModel"]),
        .library(name: "SpikeRT", targets: ["SpikeRT"]),
        .executable(name: "spikert", targets: ["spikert"]),
        .executable(name: "spikert-bench", targets: ["spikert-bench"]),
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
        // Linux side: spike files, whole-file reads, atomic checkpoint writes (GPIO and
        // sensors come with the daemon).
        .target(
            name: "SpikeIO",
            dependencies: ["CSystem"],
            path: "Sources/SpikeIO"
        ),
        .executableTarget(
            name: "spikert",
            dependencies: ["SpikeCore", "SpikeModel", "SpikeRT", "SpikeIO", "CSystem"],
            path: "Sources/spikert"
        ),
        .executableTarget(
            name: "spikert-bench",
            dependencies: ["SpikeCore", "CSystem"],
            path: "Sources/spikert-bench"
        ),
        .testTarget(
            name: "SpikeCoreTests",
            dependencies: ["SpikeCore", "SpikeModel"],
            path: "Tests/SpikeCoreTests",
            // Blobs/ (the exporter's blobs of the golden cases) is read from the source
            // tree by the Model* tests, not bundled.
            exclude: ["Blobs"],
            resources: [.copy("Golden")]
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
    ]
)
