import XCTest
@testable import Lang

/// Tuple, :math, Bitwise, Range, Process, System and :timer.
final class SmallModulesTests: XCTestCase {
    let ctx = TestContext()

    func testTupleFunctions() throws {
        XCTAssertEqual(try ctx.show("Tuple", "to_list", .tuple([.int(1), .int(2)])), "[1, 2]")
        XCTAssertEqual(try ctx.show("Tuple", "append", .tuple([.int(1)]), .int(2)), "{1, 2}")
        XCTAssertEqual(try ctx.show("Tuple", "insert_at", .tuple([.int(1)]), .int(0), .int(0)), "{0, 1}")
        XCTAssertEqual(try ctx.show("Tuple", "delete_at", .tuple([.int(1), .int(2)]), .int(1)), "{1}")
        XCTAssertEqual(try ctx.show("Tuple", "duplicate", atom("a"), .int(2)), "{:a, :a}")
        XCTAssertEqual(try ctx.show("Tuple", "sum", .tuple([.int(1), .float(2.5)])), "3.5")
        XCTAssertEqual(try ctx.show("Tuple", "product", .tuple([.int(2), .int(3)])), "6")
        XCTAssertRaises("ArgumentError", "errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n") {
            try ctx.run("Tuple", "to_list", .int(1))
        }
        XCTAssertRaises("ArgumentError") { try ctx.run("Tuple", "insert_at", .tuple([]), .int(2), .int(0)) }
    }

    func testMathAcceptsIntegersAndReturnsFloats() throws {
        XCTAssertEqual(try ctx.show(":math", "pi"), "3.141592653589793")
        XCTAssertEqual(try ctx.show(":math", "sqrt", .int(2)), "1.4142135623730951")
        XCTAssertEqual(try ctx.show(":math", "pow", .int(2), .float(0.5)), "1.4142135623730951")
        XCTAssertEqual(try ctx.show(":math", "pow", .int(2), .int(10)), "1024.0")
        XCTAssertEqual(try ctx.show(":math", "floor", .float(-1.5)), "-2.0")
        XCTAssertEqual(try ctx.show(":math", "fmod", .float(-7), .int(3)), "-1.0")
        XCTAssertEqual(try ctx.show(":math", "atan2", .int(1), .int(1)), "0.7853981633974483")
        XCTAssertRaises("ArithmeticError", "bad argument in arithmetic expression") { try ctx.run(":math", "sqrt", .int(-1)) }
        XCTAssertRaises("ArithmeticError") { try ctx.run(":math", "log", .int(0)) }
        XCTAssertRaises("ArgumentError") { try ctx.run(":math", "sin", atom("a")) }
    }

    func testBitwiseFunctionsAndOperators() throws {
        XCTAssertEqual(try ctx.show("Bitwise", "&&&", .int(6), .int(3)), "2")
        XCTAssertEqual(try ctx.show("Bitwise", "<<<", .int(1), .int(4)), "16")
        XCTAssertEqual(try ctx.show("Bitwise", "bxor", .int(5), .int(1)), "4")
        XCTAssertEqual(try ctx.show("Bitwise", "bnot", .int(5)), "-6")
        XCTAssertEqual(try ctx.show("Bitwise", "bsr", .int(-5), .int(1)), "-3")
        XCTAssertEqual(try ctx.show("Bitwise", "bsl", .int(1), .int(70)), "1180591620717411303424")
        XCTAssertEqual(try ctx.show("Bitwise", "bsr", .int(-1), .int(200)), "-1")
        XCTAssertEqual(try ctx.show("Bitwise", "bsl", .int(16), .int(-2)), "4")
        XCTAssertRaises("ArithmeticError") { try ctx.run("Bitwise", "band", .float(1), .int(1)) }
    }

    func testRangeNewSizeAndInvalidStep() throws {
        XCTAssertEqual(try ctx.show("Range", "new", .int(3), .int(1)), "3..1//-1")
        XCTAssertEqual(try ctx.show("Range", "size", range(1, 10, 3)), "4")
        XCTAssertEqual(try ctx.show("Range", "size", range(1, 0, 1)), "0")
        XCTAssertRaises("ArgumentError",
                        "ranges (first..last//step) expect both sides to be integers and the step to be a non-zero integer, got: 1..2//0") {
            try ctx.run("Range", "new", .int(1), .int(2), .int(0))
        }
        XCTAssertEqual(try ctx.show("Enum", "to_list", range(1, 10, 3)), "[1, 4, 7, 10]")
        XCTAssertEqual(try ctx.show("Enum", "member?", range(1, 10, 3), .int(7)), "true")
        XCTAssertEqual(try ctx.show("Enum", "member?", range(1, 10, 3), .int(8)), "false")
        XCTAssertEqual(try ctx.show("Enum", "count", range(10, 1, -2)), "5")
    }

    func testProcessDictionaryPutGetDelete() throws {
        XCTAssertEqual(try ctx.show("Process", "put", atom("k"), .int(1)), "nil")
        XCTAssertEqual(try ctx.show("Process", "put", atom("k"), .int(2)), "1")
        XCTAssertEqual(try ctx.show("Process", "get", atom("k")), "2")
        XCTAssertEqual(try ctx.show("Process", "get", atom("missing"), .int(0)), "0")
        XCTAssertEqual(try ctx.show("Process", "delete", atom("k")), "2")
        XCTAssertEqual(try ctx.show("Process", "get", atom("k")), "nil")
        XCTAssertEqual(try ctx.show("Process", "get", atom("k")), "nil")
        XCTAssertEqual(try ctx.show("Process", "get", atom("k")), try TestContext().show("Process", "get", atom("k")))
    }

    func testEachContextHasItsOwnProcessDictionary() throws {
        _ = try ctx.run("Process", "put", atom("only_here"), .int(1))
        XCTAssertEqual(try TestContext().show("Process", "get", atom("only_here")), "nil")
    }

    func testTimerTcReturnsElapsedMicrosecondsAndResult() throws {
        let result = try ctx.run(":timer", "tc", fn(0) { _ in atom("done") })
        guard case .tuple(let t) = result, t.count == 2, case .int(let micros) = t[0] else { return XCTFail("bad shape") }
        XCTAssertGreaterThanOrEqual(micros, 0)
        XCTAssertEqual(render(t[1]), ":done")
        let slept = try ctx.run(":timer", "tc", fn(0) { _ in try self.ctx.run(":timer", "sleep", .int(15)) })
        guard case .tuple(let s) = slept, case .int(let us) = s[0] else { return XCTFail("bad shape") }
        XCTAssertGreaterThanOrEqual(us, 15_000)
    }

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
}
