import XCTest
@testable import Lang

final class TimerModuleTests: XCTestCase {
    let ctx = TestContext()

    func testTimerTcReturnsElapsedMicrosecondsAndResult() throws {
        let result = try ctx.run(":timer", "tc", fn(0) { _ in atom("done") })
        guard case .tuple(let t) = result, t.count == 2, case .int(let micros) = t[0] else { return XCTFail("bad shape") }
        XCTAssertGreaterThanOrEqual(micros, 0)
        XCTAssertEqual(render(t[1]), ":done")
        let slept = try ctx.run(":timer", "tc", fn(0) { _ in try self.ctx.run(":timer", "sleep", .int(15)) })
        guard case .tuple(let s) = slept, case .int(let us) = s[0] else { return XCTFail("bad shape") }
        XCTAssertGreaterThanOrEqual(us, 15_000)
    }
}
