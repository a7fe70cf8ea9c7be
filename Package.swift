// swift-tools-version:5.9
import PackageDescription

// Layers (see DESIGN.md): each target imports only the ones above it in this list.
// Workers (the persistent thread team every parallel kernel shares) is compiled for the
// baseline CPU, so paths without AVX-512 use it too; WideKernels, NxCore and Defn import it.
let package = Package(
    name: "SwiftNx",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "swiftnx", targets: ["swiftnx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CZMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),

        .target(name: "CPUInfo"),
        .target(name: "Workers"),
        .target(name: "WideKernels", dependencies: ["Workers"], swiftSettings: wide),
        .target(name: "NxCore", dependencies: [
            "COpenBLAS", "CPUInfo", "Workers", "WideKernels",
            .product(name: "ComplexModule", package: "swift-numerics"),
            .product(name: "RealModule", package: "swift-numerics"),
        ], swiftSettings: release),
        .target(name: "Defn", dependencies: ["NxCore", "CPUInfo", "Workers", "WideKernels"], swiftSettings: release),
        .target(name: "Lang", dependencies: [
            "NxCore", "Defn",
            .product(name: "BigInt", package: "BigInt"),
        ], swiftSettings: release),
        .target(name: "Engine", dependencies: ["Lang"]),
        .target(name: "REPL", dependencies: ["Engine", "CReadline"]),
        .target(name: "JupyterKernel", dependencies: [
            "Engine", "CZMQ",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "swiftnx", dependencies: [
            "REPL", "JupyterKernel", "Engine", "Lang", "CPUInfo",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "CPUInfoTests", dependencies: ["CPUInfo"]),
        .testTarget(name: "WorkersTests", dependencies: ["Workers"]),
        .testTarget(name: "WideKernelsTests", dependencies: ["WideKernels", "Workers", "CPUInfo"]),
        .testTarget(name: "NxCoreTests", dependencies: ["NxCore", "CPUInfo", "WideKernels"]),
        .testTarget(name: "DefnTests", dependencies: ["Defn", "NxCore", "CPUInfo", "WideKernels"]),
        .testTarget(name: "LangTests", dependencies: ["Lang"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "REPLTests", dependencies: ["REPL", "Engine", "Lang"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "Engine"]),
    ]
)

/// Numeric targets are compiled with unchecked arithmetic in release builds: their inner
/// loops check bounds once per call, not per element. On x86-64 they also target AVX2 + FMA
/// (Haswell, 2013 on): the SIMD kernels and the JIT's fused loops run 8 float lanes wide with
/// it (docs/jit.md); `swiftnx` checks the CPU at start-up.
var release: [SwiftSetting] {
    #if arch(x86_64)
    let cpu = ["-target-cpu", "haswell"]
    #else
    let cpu: [String] = []
    #endif
    return [.unsafeFlags(["-Ounchecked"] + cpu, .when(configuration: .release))]
}

/// WideKernels holds float loops written for 16-lane AVX-512 registers. Its code may only run
/// after `CPUFeatures.avx512` (CPUInfo, compiled for the baseline CPU) said yes; callers keep
/// an AVX2 path for other CPUs.
var wide: [SwiftSetting] {
    #if arch(x86_64)
    let cpu = ["-target-cpu", "skylake-avx512"]
    #else
    let cpu: [String] = []
    #endif
    return [.unsafeFlags(["-Ounchecked"] + cpu, .when(configuration: .release))]
}
