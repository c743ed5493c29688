// swift-tools-version:6.0
// A libFuzzer target over one plan file: front matter + parse + lower + check + render.
// Kept out of the main package because a fuzzer binary has no main of its own.
// Run with script/fuzz.
import PackageDescription

let package = Package(
    name: "mapc-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "mapc", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzPlan",
            dependencies: [.product(name: "MapcKit", package: "mapc")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
