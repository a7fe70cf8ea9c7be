import XCTest
@testable import Lang

final class RangeModuleTests: XCTestCase {
    let ctx = TestContext()

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
}
