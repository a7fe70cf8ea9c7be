import XCTest
@testable import Lang

final class MathModuleTests: XCTestCase {
    let ctx = TestContext()

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
}
