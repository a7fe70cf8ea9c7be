import XCTest
@testable import Lang

final class KeywordModuleTests: XCTestCase {
    let ctx = TestContext()

    func testGetMergeAndKeys() throws {
        let opts = kw(("type", atom("f32")), ("shape", .tuple([.int(2)])))
        XCTAssertEqual(try ctx.show("Keyword", "get", opts, atom("type")), ":f32")
        XCTAssertEqual(try ctx.show("Keyword", "get", opts, atom("missing"), .int(0)), "0")
        XCTAssertEqual(try ctx.show("Keyword", "merge", kw(("a", .int(1)), ("b", .int(2))), kw(("b", .int(3)))),
                       "[{:a, 1}, {:b, 3}]")
        XCTAssertEqual(try ctx.show("Keyword", "keys", kw(("a", .int(1)), ("b", .int(2)))), "[:a, :b]")
    }

    func testPutRemovesDuplicatesAndPutsFirst() throws {
        XCTAssertEqual(try ctx.show("Keyword", "put", kw(("a", .int(1)), ("b", .int(2)), ("a", .int(3))), atom("a"), .int(9)),
                       "[{:a, 9}, {:b, 2}]")
        XCTAssertEqual(try ctx.show("Keyword", "delete", kw(("a", .int(1)), ("b", .int(2)), ("a", .int(3))), atom("a")),
                       "[{:b, 2}]")
    }

    func testUpdateAppendsMissingKeyAndDropsLaterDuplicates() throws {
        let dbl = double
        XCTAssertEqual(try ctx.show("Keyword", "update", kw(("a", .int(1))), atom("b"), .int(11), dbl), "[{:a, 1}, {:b, 11}]")
        XCTAssertEqual(try ctx.show("Keyword", "update", kw(("a", .int(1)), ("b", .int(2)), ("a", .int(3))), atom("a"), .int(13), dbl),
                       "[{:a, 2}, {:b, 2}]")
    }

    func testNewKeepsLastValueOfRepeatedKeys() throws {
        XCTAssertEqual(try ctx.show("Keyword", "new", kw(("b", .int(1)), ("a", .int(2)))), "[{:b, 1}, {:a, 2}]")
        XCTAssertEqual(try ctx.show("Keyword", "new", kw(("a", .int(1)), ("a", .int(2)), ("a", .int(3)))), "[{:a, 3}]")
    }

    func testFetchBangAndNonAtomKey() {
        XCTAssertRaises("KeyError") { try ctx.run("Keyword", "fetch!", kw(("a", .int(1))), atom("b")) }
        XCTAssertRaises("FunctionClauseError", "no function clause matching in Keyword.get/3") {
            try ctx.run("Keyword", "get", kw(("a", .int(1))), str("a"))
        }
    }

    func testValidateAppliesDefaultsAndRejectsUnknownOrDuplicateKeys() throws {
        XCTAssertEqual(try ctx.show("Keyword", "validate!", kw(("two", .int(3))), kw(("one", .int(1)), ("two", .int(2)))),
                       "[{:one, 1}, {:two, 3}]")
        XCTAssertEqual(try ctx.show("Keyword", "validate!", .emptyList, .list([atom("one"), .tuple([atom("two"), .int(2)])])),
                       "[{:two, 2}]")
        XCTAssertEqual(try ctx.show("Keyword", "validate", kw(("three", .int(3)), ("four", .int(4))), kw(("one", .int(1)))),
                       "{:error, [:four, :three]}")
        let three = kw(("three", .int(3)))
        XCTAssertRaises("ArgumentError",
                        "unknown keys [:three] in \(Inspector.inspect(three)), the allowed keys are: [:one, :two]") {
            try ctx.run("Keyword", "validate!", three, kw(("one", .int(1)), ("two", .int(2))))
        }
        let dup = kw(("one", .int(1)), ("one", .int(1)))
        XCTAssertRaises("ArgumentError", "duplicate keys [:one] in \(Inspector.inspect(dup))") {
            try ctx.run("Keyword", "validate!", dup, .list([atom("one")]))
        }
    }

    func testPopSplitTakeDrop() throws {
        let k = kw(("a", .int(1)), ("b", .int(2)), ("a", .int(3)))
        XCTAssertEqual(try ctx.show("Keyword", "pop", k, atom("a")), "{1, [{:b, 2}]}")
        XCTAssertEqual(try ctx.show("Keyword", "split", k, .list([atom("a")])), "{[{:a, 1}, {:a, 3}], [{:b, 2}]}")
        XCTAssertEqual(try ctx.show("Keyword", "take", k, .list([atom("b")])), "[{:b, 2}]")
        XCTAssertEqual(try ctx.show("Keyword", "keyword?", k), "true")
        XCTAssertEqual(try ctx.show("Keyword", "keyword?", ints(1)), "false")
    }

    func testLookupsAcceptAnyPairsLikeKeyfind() throws {
        let mixed = Value.list([Value.tuple([str("a"), .int(1)]), .tuple([atom("a"), .int(2)])])
        XCTAssertEqual(try ctx.show("Keyword", "get", mixed, atom("a")), "2")
        XCTAssertEqual(try ctx.show("Keyword", "keys", mixed), "[\"a\", :a]")
        XCTAssertRaises("ArgumentError") { try ctx.run("Keyword", "merge", kw(("a", .int(1))), mixed) }
        XCTAssertRaises("FunctionClauseError") { try ctx.run("Keyword", "get", ints(1), atom("a")) }
    }
}
