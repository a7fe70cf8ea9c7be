import XCTest
@testable import Lang

final class MapSetModuleTests: XCTestCase {
    let ctx = TestContext()

    func testNewDeduplicatesAndEnumeratesInTermOrder() throws {
        let s = try ctx.run("MapSet", "new", ints(3, 1, 3, 2))
        XCTAssertEqual(try ctx.show("MapSet", "size", s), "3")
        XCTAssertEqual(try ctx.show("Enum", "to_list", s), "[1, 2, 3]")
        XCTAssertEqual(try ctx.show("Enum", "map", s, double), "[2, 4, 6]")
        XCTAssertEqual(try ctx.show("MapSet", "member?", s, .int(2)), "true")
        XCTAssertEqual(try ctx.show("MapSet", "member?", s, .float(2.0)), "false")
    }

    func testSetAlgebra() throws {
        let a = try ctx.run("MapSet", "new", ints(1, 2, 3)), b = try ctx.run("MapSet", "new", ints(2, 3, 4))
        XCTAssertEqual(try ctx.show("MapSet", "to_list", try ctx.run("MapSet", "union", a, b)), "[1, 2, 3, 4]")
        XCTAssertEqual(try ctx.show("MapSet", "to_list", try ctx.run("MapSet", "intersection", a, b)), "[2, 3]")
        XCTAssertEqual(try ctx.show("MapSet", "to_list", try ctx.run("MapSet", "difference", a, b)), "[1]")
        XCTAssertEqual(try ctx.show("MapSet", "subset?", try ctx.run("MapSet", "new", ints(2)), a), "true")
        XCTAssertEqual(try ctx.show("MapSet", "disjoint?", a, b), "false")
    }

    func testIntoMapSetCollects() throws {
        let s = try ctx.run("Enum", "into", ints(5, 5, 6), try ctx.run("MapSet", "new"))
        XCTAssertEqual(try ctx.show("MapSet", "to_list", s), "[5, 6]")
        XCTAssertEqual(render(s), "%{:__struct__ => MapSet, :map => %{5 => [], 6 => []}}")
    }
}
