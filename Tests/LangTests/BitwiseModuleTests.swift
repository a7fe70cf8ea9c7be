import XCTest
@testable import Lang

final class BitwiseModuleTests: XCTestCase {
    let ctx = TestContext()

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
}
