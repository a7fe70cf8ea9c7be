import XCTest
@testable import Lang

final class TupleModuleTests: XCTestCase {
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
}
