import Foundation

/// What the running CPU offers beyond the AVX2 + FMA baseline that release builds require.
/// This target is compiled for the baseline CPU on purpose: it decides whether WideKernels'
/// AVX-512 code may run, so it must not contain such code itself.
public enum CPUFeatures {
    /// The AVX-512 subsets the wide kernels use.
    static let avx512Subsets = ["avx512f", "avx512bw", "avx512dq", "avx512vl"]

    /// Whether the CPU has those subsets, whatever the environment says (tests that compare
    /// both paths use it).
    public static let avx512Hardware = hasFlags(avx512Subsets)

    /// Whether the wide kernels run: the CPU has the subsets and `SWIFTNX_NO_AVX512` is unset
    /// (it forces the AVX2 paths, so both can be tested and measured on one machine).
    public static let avx512 = ProcessInfo.processInfo.environment["SWIFTNX_NO_AVX512"] == nil && avx512Hardware

    /// Whether /proc/cpuinfo lists every flag (false when it cannot be read).
    public static func hasFlags(_ wanted: [String]) -> Bool {
        guard let flags = listedFlags() else { return false }
        return wanted.allSatisfy(flags.contains)
    }

    /// The CPU flags /proc/cpuinfo lists, or nil where it cannot be read (or on other systems).
    public static func listedFlags() -> Set<String>? {
        #if os(Linux) && arch(x86_64)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        return Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        #else
        return nil
        #endif
    }
}
