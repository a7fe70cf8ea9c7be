import XCTest
@testable import Lang

final class SystemModuleTests: XCTestCase {
    let ctx = TestContext()

    func testSystemClocksAndVersion() throws {
        guard case .int(let a) = try ctx.run("System", "monotonic_time"),
              case .int(let b) = try ctx.run("System", "monotonic_time") else { return XCTFail("not integers") }
        XCTAssertLessThanOrEqual(a, b)
        guard case .int(let secs) = try ctx.run("System", "system_time", atom("second")) else { return XCTFail() }
        XCTAssertGreaterThan(secs, 1_600_000_000)
        XCTAssertEqual(try ctx.show("System", "version"), "\"1.14.0\"")
        XCTAssertEqual(try ctx.show("System", "otp_release"), "\"25\"")
        XCTAssertEqual(try ctx.show("System", "convert_time_unit", .int(1500), atom("millisecond"), atom("second")), "1")
        XCTAssertEqual(try ctx.show("System", "get_env", str("SWIFTNX_SURELY_UNSET_VAR")), "nil")
    }

    func testErlangClockNamesShareTheSystemClocks() throws {
        guard case .int(let millis) = try ctx.run(":os", "system_time", atom("millisecond")),
              case .int(let secs) = try ctx.run("System", "system_time", atom("second")) else { return XCTFail("not integers") }
        XCTAssertLessThanOrEqual(abs(millis / 1000 - secs), 1)
        guard case .int = try ctx.run(":erlang", "monotonic_time") else { return XCTFail("not an integer") }
        XCTAssertRaises("ArgumentError") { try ctx.run(":erlang", "system_time", atom("fortnight")) }
    }
}
