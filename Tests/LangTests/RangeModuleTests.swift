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

    func testDisjointMatchesBruteForce() throws {
        let cases: [(Int, Int, Int)] = [(1, 10, 1), (5, 20, 3), (10, 1, -2), (2, 30, 4), (3, 3, 1), (0, -10, -5), (7, 100, 6), (1, 0, 1)]
        for a in cases {
            for b in cases {
                let setA = Set(stride(from: a.0, through: a.1, by: a.2).filter { a.2 > 0 ? $0 <= a.1 : $0 >= a.1 })
                let shared = stride(from: b.0, through: b.1, by: b.2).contains { setA.contains($0) }
                XCTAssertEqual(try ctx.show("Range", "disjoint?", range(a.0, a.1, a.2), range(b.0, b.1, b.2)),
                               shared ? "false" : "true", "\(a) \(b)")
            }
        }
    }
}
