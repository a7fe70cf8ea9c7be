import CPUInfo

/// Release builds compile the numeric targets for AVX2 + FMA (Package.swift): on a CPU without
/// them the first kernel would die with an illegal instruction, so say so up front instead.
enum CPUCheck {
    static let required = ["avx2", "fma"]

    /// The missing CPU features, or nil when they are all present (or cannot be read).
    static func missingFeatures() -> [String]? {
        guard let flags = CPUFeatures.listedFlags() else { return nil }
        let missing = required.filter { !flags.contains($0) }
        return missing.isEmpty ? nil : missing
    }
}
