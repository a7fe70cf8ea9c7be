import XCTest
@testable import Lang

final class EnumPerformanceTests: XCTestCase {
    /// Enum.reduce(1..10_000_000, 0, &+/2) must stay well under 2 s in a release build; the
    /// range is walked without allocating and each step is one call of the function.
    func testReduceOverTenMillionRangeIsFastInRelease() throws {
        #if DEBUG
        throw XCTSkip("timing is only meaningful in a release build")
        #else
        let ctx = TestContext()
        let start = Date()
        let sum = try ctx.run("Enum", "reduce", range(1, 10_000_000), .int(0), plus)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(render(sum), "50000005000000")
        XCTAssertLessThan(elapsed, 2.0, "took \(elapsed) s")
        #endif
    }
}
