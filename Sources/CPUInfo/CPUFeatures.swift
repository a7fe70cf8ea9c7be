import Foundation

/// What the running CPU offers beyond the AVX2 + FMA baseline that release builds require.
/// WideKernels' functions are compiled for AVX-512 and must only be called when `avx512` is true.
public enum CPUFeatures {
    /// The AVX-512 subsets the wide kernels use (F, BW, DQ, VL), unless `SWIFTNX_NO_AVX512` is set
    /// (it forces the AVX2 paths, so both can be tested and measured on one machine).
    public static let avx512: Bool = {
        if ProcessInfo.processInfo.environment["SWIFTNX_NO_AVX512"] != nil { return false }
        return hasFlags(["avx512f", "avx512bw", "avx512dq", "avx512vl"])
    }()

    /// Whether /proc/cpuinfo lists every flag (false when it cannot be read).
    static func hasFlags(_ wanted: [String]) -> Bool {
        #if os(Linux) && arch(x86_64)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        return wanted.allSatisfy(flags.contains)
        #else
        return false
        #endif
    }
}
