import XCTest
@testable import Lang

final class AccessModuleTests: XCTestCase {
    let ctx = TestContext()
    func map(_ pairs: (Value, Value)...) -> Value { .map(MapValue(pairs)) }

    func testBracketAccessOnMapsKeywordsAndNil() throws {
        XCTAssertEqual(render(try AccessModule.get(map((atom("b"), .int(2))), atom("b"))), "2")
        XCTAssertEqual(render(try AccessModule.get(map(), atom("b"))), "nil")
        XCTAssertEqual(render(try AccessModule.get(kw(("type", atom("f32"))), atom("type"))), ":f32")
        XCTAssertEqual(render(try AccessModule.get(.nil, atom("x"))), "nil")
    }

    func testBracketAccessOnListWithNonAtomKeyRaises() {
        XCTAssertRaises("ArgumentError", "the Access calls for keywords expect the key to be an atom, got: 0") {
            try AccessModule.get(ints(1, 2), .int(0))
        }
    }

    func testStructsWithoutAccessRaiseUndefinedFunction() {
        XCTAssertRaises("UndefinedFunctionError",
                        "function Range.fetch/2 is undefined (Range does not implement the Access behaviour)") {
            try AccessModule.get(range(1, 2), atom("first"))
        }
    }

    func testGetInPutInUpdateInPopIn() throws {
        let data = map((atom("user"), map((atom("name"), str("john")), (atom("age"), .int(27)))))
        XCTAssertEqual(try ctx.show("Kernel", "get_in", data, .list([atom("user"), atom("name")])), "\"john\"")
        XCTAssertEqual(try ctx.show("Kernel", "get_in", data, .list([atom("nope"), atom("name")])), "nil")
        XCTAssertEqual(try ctx.show("Kernel", "put_in", data, .list([atom("user"), atom("age")]), .int(28)),
                       "%{:user => %{:age => 28, :name => \"john\"}}")
        let inc = fn(1) { try Value.add($0[0], .int(1)) }
        XCTAssertEqual(try ctx.show("Kernel", "update_in", data, .list([atom("user"), atom("age")]), inc),
                       "%{:user => %{:age => 28, :name => \"john\"}}")
        XCTAssertEqual(try ctx.show("Kernel", "pop_in", data, .list([atom("user"), atom("name")])),
                       "{\"john\", %{:user => %{:age => 27}}}")
        XCTAssertRaises("ArgumentError", "could not put/update key :a on a nil value") {
            try ctx.run("Kernel", "put_in", map(), .list([atom("x"), atom("a")]), .int(1))
        }
    }

    func testAccessorsAtElemAllKeyFilter() throws {
        let users = Value.list([map((atom("name"), str("john"))), map((atom("name"), str("mary")))])
        let all = try ctx.run("Access", "all")
        let at1 = try ctx.run("Access", "at", .int(1))
        XCTAssertEqual(try ctx.show("Kernel", "get_in", users, .list([all, atom("name")])), "[\"john\", \"mary\"]")
        XCTAssertEqual(try ctx.show("Kernel", "get_in", users, .list([at1, atom("name")])), "\"mary\"")
        XCTAssertEqual(try ctx.show("Kernel", "get_in", users, .list([try ctx.run("Access", "at", .int(9)), atom("name")])), "nil")
        XCTAssertEqual(try ctx.show("Kernel", "pop_in", users, .list([try ctx.run("Access", "at", .int(0))])),
                       "{%{:name => \"john\"}, [%{:name => \"mary\"}]}")
        let pair = map((atom("user"), .tuple([str("john"), .int(27)])))
        XCTAssertEqual(try ctx.show("Kernel", "get_in", pair, .list([atom("user"), try ctx.run("Access", "elem", .int(0))])), "\"john\"")
        XCTAssertEqual(try ctx.show("Kernel", "put_in", pair, .list([atom("user"), try ctx.run("Access", "elem", .int(1))]), .int(30)),
                       "%{:user => {\"john\", 30}}")
        let key = try ctx.run("Access", "key", atom("missing"), .int(5))
        XCTAssertEqual(try ctx.show("Kernel", "get_in", map(), .list([key])), "5")
        XCTAssertRaises("KeyError") { try ctx.run("Kernel", "get_in", map(), .list([try ctx.run("Access", "key!", atom("k"))])) }
        let evens = try ctx.run("Access", "filter", isEven)
        XCTAssertEqual(try ctx.show("Kernel", "update_in", ints(1, 2, 3, 4), .list([evens]), double), "[1, 4, 3, 8]")
        XCTAssertRaises("RuntimeError", "Access.elem/1 expected a tuple, got: 1") {
            try ctx.run("Kernel", "get_in", .int(1), .list([try ctx.run("Access", "elem", .int(0))]))
        }
    }

    func testKeywordGetAndUpdateThroughPutIn() throws {
        XCTAssertEqual(try ctx.show("Kernel", "put_in", kw(("a", .int(1))), .list([atom("b")]), .int(2)), "[{:b, 2}, {:a, 1}]")
        XCTAssertEqual(try ctx.show("Kernel", "put_in", kw(("a", .int(1))), .list([atom("a")]), .int(2)), "[{:a, 2}]")
    }
}
