// swift-tools-version:6.0
// mapc: a compiler for mutual action plans kept as Markdown in git.
// The targets are the pipeline (ARCHITECTURE.md): source → parse → model → lower → check →
// emit | diff → history, then site, with build (workspaces, the site build) and the CLI on top.
import PackageDescription

let package = Package(
    name: "mapc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mapc", targets: ["mapc"]),
        // The pipeline as a library, for the fuzzer (Fuzz/) and other tools.
        .library(name: "MapcKit", targets: ["MapcSource", "MapcParse", "MapcModel", "MapcLower", "MapcCheck", "MapcEmit",
                                            "MapcSite", "MapcDiff", "MapcHistory", "MapcBuild"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // SHA-256 for the build cache's keys (docs/robustness.md#the-build-cache).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The sockets of `mapc serve`'s preview server (its FlyingSocks part: epoll, no other
        // dependency; docs/site.md#preview-while-you-write says why this one, and why not its HTTP layer).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // cmark-gfm and its extensions, from Debian's libcmark-gfm-dev packages.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The one system call Swift's Glibc module does not export (atomic directory swap).
        .target(name: "CMapcSystem"),
        // Files, positions, diagnostics, days, hashes: the vocabulary every later stage speaks.
        .target(name: "MapcSource", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Front matter splitting, the guard against slow Markdown, and the only wrapper around cmark-gfm.
        .target(name: "MapcParse", dependencies: ["CCmarkGFM", "MapcSource", "Yams"]),
        // The typed domain model: plain values with source ranges.
        .target(name: "MapcModel", dependencies: ["MapcSource"]),
        // Syntax to model, one file per section; prose rendered to safe HTML once.
        .target(name: "MapcLower", dependencies: ["MapcParse", "MapcModel", "MapcSource", "Yams"]),
        // The rules (docs/rules.md), one per file, plus suppressions and mapc.yml.
        .target(name: "MapcCheck", dependencies: ["MapcModel", "MapcSource", "Yams"]),
        // Diagnostics, status, summary and export: pure functions of models and diagnostics.
        .target(name: "MapcEmit", dependencies: ["MapcModel", "MapcSource", "MapcCheck"]),
        // The semantic diff: matching versions of plans, what changed, and its renderers.
        .target(name: "MapcDiff", dependencies: ["MapcModel", "MapcSource", "MapcCheck", "MapcEmit"]),
        // Plan history from git: the first-parent walk, what each blob gave (cached by blob
        // id), burn-up, slips, scope, milestone trend, and their renderers (docs/history.md).
        .target(name: "MapcHistory", dependencies: [
            "MapcSource", "MapcParse", "MapcModel", "MapcLower", "MapcCheck", "MapcEmit", "MapcDiff",
        ]),
        // The static site: view models, pages, templates, fragments and their assembly; it shows
        // the history it is handed, and never runs git.
        .target(name: "MapcSite", dependencies: [
            "MapcModel", "MapcSource", "MapcCheck", "MapcEmit", "MapcHistory",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // Workspaces and builds: discovery, compiling files, workspace-level findings, the
        // build plan and its executor, the cache, the output folder.
        .target(name: "MapcBuild", dependencies: [
            "CMapcSystem", "MapcSource", "MapcParse", "MapcModel", "MapcLower", "MapcCheck", "MapcEmit", "MapcSite",
            "MapcHistory",
        ]),
        // `mapc watch` and `mapc serve`: the file watcher (inotify), the rebuild loop on top of
        // the site build, and the loopback preview server with its reload endpoint.
        .target(name: "MapcServe", dependencies: [
            "MapcSource", "MapcCheck", "MapcBuild",
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        // The Language Server Protocol's base: framing, JSON-RPC 2.0, JSON, positions, text sync.
        // Knows nothing of plans.
        .target(name: "MapcLSP"),
        // The language server: open documents, diagnostics, completion, hover, navigation,
        // rename and code actions, all from the compiler's model (docs/editors.md).
        .target(name: "MapcEditor", dependencies: [
            "MapcLSP", "MapcBuild", "MapcCheck", "MapcEmit", "MapcLower", "MapcModel", "MapcSource",
        ]),
        // The commands, as a library so tests run them like a user does.
        .target(name: "MapcCLI", dependencies: [
            "MapcSource", "MapcModel", "MapcCheck", "MapcEmit", "MapcSite", "MapcDiff", "MapcHistory", "MapcBuild", "MapcServe", "MapcEditor",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "mapc", dependencies: ["MapcCLI"]),

        .testTarget(name: "MapcParseTests", dependencies: ["MapcParse", "MapcSource"]),
        // GFMSpec/ holds the GFM spec's examples, read by LocatorAgreementTests.
        .testTarget(name: "MapcLowerTests", dependencies: ["MapcLower", "MapcModel", "MapcSource"],
                    exclude: ["GFMSpec"]),
        .testTarget(name: "MapcCheckTests", dependencies: ["MapcCheck", "MapcLower", "MapcModel", "MapcSource"]),
        .testTarget(name: "MapcEmitTests", dependencies: [
            "MapcEmit", "MapcSite", "MapcDiff", "MapcBuild", "MapcCheck", "MapcLower", "MapcModel", "MapcSource", "MapcParse",
        ]),
        .testTarget(name: "MapcBuildTests", dependencies: ["MapcBuild", "MapcSite", "MapcSource"]),
        .testTarget(name: "MapcServeTests", dependencies: ["MapcServe"]),
        .testTarget(name: "MapcHistoryTests", dependencies: ["MapcHistory", "MapcModel", "MapcSource"]),
        .testTarget(name: "MapcLSPTests", dependencies: ["MapcLSP"]),
        .testTarget(name: "MapcEditorTests", dependencies: ["MapcEditor", "MapcLSP", "MapcCheck", "MapcModel", "MapcSource"]),
        // Depends on the executable too: tests that need a real process run the one just built.
        .testTarget(name: "MapcCLITests", dependencies: ["MapcCLI", "MapcBuild", "MapcParse", "MapcSource", "mapc"],
                    exclude: ["Fixtures", "Snapshots", "Schemas"]),
    ],
    swiftLanguageModes: [.v6]
)
