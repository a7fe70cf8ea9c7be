import Foundation

/// Release builds compile the numeric targets for AVX2 + FMA (Package.swift): on a CPU without
/// them the first kernel would die with an illegal instruction, so say so up front instead.
enum CPUCheck {
    static let required = ["avx2", "fma"]

    /// The missing CPU features, or nil when they are all present (or cannot be read).
    static func missingFeatures() -> [String]? {
        #if os(Linux) && arch(x86_64)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        let missing = required.filter { !flags.contains($0) }
        return missing.isEmpty ? nil : missing
        #else
        return nil
        #endif
    }
}
