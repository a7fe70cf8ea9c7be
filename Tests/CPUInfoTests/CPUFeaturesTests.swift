import XCTest
@testable import CPUInfo

final class CPUFeaturesTests: XCTestCase {
    func testAVX512AgreesWithCPUInfoFlags() {
        let listed = CPUFeatures.hasFlags(["avx512f", "avx512bw", "avx512dq", "avx512vl"])
        XCTAssertEqual(CPUFeatures.avx512Hardware, listed)
        let forcedOff = ProcessInfo.processInfo.environment["SWIFTNX_NO_AVX512"] != nil
        XCTAssertEqual(CPUFeatures.avx512, listed && !forcedOff)
    }

    func testAnUnknownFlagIsAbsent() {
        XCTAssertFalse(CPUFeatures.hasFlags(["no_such_cpu_flag"]))
    }
}
