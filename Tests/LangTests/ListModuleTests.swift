import XCTest
@testable import Lang

final class ListModuleTests: XCTestCase {
    let ctx = TestContext()

    func testFlattenDuplicateLastAndWrap() throws {
        XCTAssertEqual(try ctx.show("List", "flatten", .list([.int(1), ints(2, 3), .list([ints(4), .emptyList])])), "[1, 2, 3, 4]")
        XCTAssertEqual(try ctx.show("List", "flatten", .list([ints(1)]), ints(9)), "[1, 9]")
        XCTAssertEqual(try ctx.show("List", "duplicate", atom("x"), .int(3)), "[:x, :x, :x]")
        XCTAssertEqual(try ctx.show("List", "last", ints(1, 2, 3)), "3")
        XCTAssertEqual(try ctx.show("List", "first", ints(), .int(0)), "0")
        XCTAssertEqual(try ctx.show("List", "wrap", .nil), "[]")
        XCTAssertEqual(try ctx.show("List", "wrap", .int(1)), "[1]")
    }

    func testFirstOfNonListNamesTheFullArity() {
        XCTAssertRaises("FunctionClauseError", "no function clause matching in List.first/2") {
            try ctx.run("List", "first", .int(5))
        }
    }

    func testPositionalEditsFollowElixirIndexRules() throws {
        XCTAssertEqual(try ctx.show("List", "insert_at", ints(1, 2, 3), .int(-1), .int(0)), "[1, 2, 3, 0]")
        XCTAssertEqual(try ctx.show("List", "insert_at", ints(1, 2, 3), .int(10), .int(0)), "[1, 2, 3, 0]")
        XCTAssertEqual(try ctx.show("List", "insert_at", ints(1, 2, 3), .int(-10), .int(0)), "[0, 1, 2, 3]")
        XCTAssertEqual(try ctx.show("List", "delete_at", ints(1, 2, 3), .int(-1)), "[1, 2]")
        XCTAssertEqual(try ctx.show("List", "replace_at", ints(1, 2, 3), .int(5), .int(0)), "[1, 2, 3]")
        XCTAssertEqual(try ctx.show("List", "update_at", ints(1, 2, 3), .int(1), double), "[1, 4, 3]")
        XCTAssertEqual(try ctx.show("List", "pop_at", ints(1, 2, 3), .int(0)), "{1, [2, 3]}")
        XCTAssertEqual(try ctx.show("List", "delete", .list([.float(1.0), .int(1)]), .int(1)), "[1.0]")
    }

    func testFoldsAndKeyFunctions() throws {
        let cons = fn(2) { .list([$0[0], $0[1]]) }
        XCTAssertEqual(try ctx.show("List", "foldl", ints(1, 2), .int(0), cons), "[2, [1, 0]]")
        XCTAssertEqual(try ctx.show("List", "foldr", ints(1, 2), .int(0), cons), "[1, [2, 0]]")
        let pairs = Value.list([Value.tuple([atom("a"), .int(1)]), .tuple([atom("b"), .int(2)])])
        XCTAssertEqual(try ctx.show("List", "keyfind", pairs, atom("b"), .int(0)), "{:b, 2}")
        XCTAssertEqual(try ctx.show("List", "keyfind", pairs, .float(2.0), .int(1)), "{:b, 2}")
        XCTAssertEqual(try ctx.show("List", "keyfind", pairs, atom("z"), .int(0)), "nil")
        XCTAssertEqual(try ctx.show("List", "keymember?", pairs, atom("a"), .int(0)), "true")
        XCTAssertEqual(try ctx.show("List", "keydelete", pairs, atom("a"), .int(0)), "[{:b, 2}]")
        XCTAssertEqual(try ctx.show("List", "keystore", pairs, atom("c"), .int(0), .tuple([atom("c"), .int(3)])),
                       "[{:a, 1}, {:b, 2}, {:c, 3}]")
    }

    func testConversions() throws {
        XCTAssertEqual(try ctx.show("List", "to_string", .list([.int(120), str("yz"), ints(33)])), "\"xyz!\"")
        XCTAssertEqual(try ctx.show("List", "to_tuple", ints(1, 2)), "{1, 2}")
        XCTAssertEqual(try ctx.show("List", "to_integer", ints(52, 50)), "42")
        XCTAssertEqual(try ctx.show("List", "to_integer", ints(102, 102), .int(16)), "255")
        XCTAssertEqual(try ctx.show("List", "to_atom", ints(111, 107)), ":ok")
        XCTAssertRaises("ArgumentError",
                        "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n") {
            try ctx.run("List", "to_integer", ints(97))
        }
        XCTAssertEqual(try ctx.show("List", "starts_with?", ints(1, 2, 3), ints(1, 2)), "true")
        XCTAssertEqual(try ctx.show("List", "zip", .list([ints(1, 2), ints(3)])), "[{1, 3}]")
    }
}
