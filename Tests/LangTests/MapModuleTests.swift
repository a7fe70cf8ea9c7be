import XCTest
@testable import Lang

final class MapModuleTests: XCTestCase {
    let ctx = TestContext()
    func map(_ pairs: (Value, Value)...) -> Value { .map(MapValue(pairs)) }

    func testFetchBangOfMissingKeyRaisesKeyErrorWithKeyAndTerm() {
        let m = map((atom("alpha"), .int(1)))
        XCTAssertRaises("KeyError") { try ctx.run("Map", "fetch!", m, atom("beta")) }
        do {
            _ = try ctx.run("Map", "fetch!", m, atom("beta"))
        } catch let e as ElixirError {
            guard case .map(let fields) = e.value else { return XCTFail("not an exception struct") }
            XCTAssertEqual(fields[.atom("key")].map(render), ":beta")
            XCTAssertEqual(fields[.atom("term")].map(render), "%{:alpha => 1}")
            XCTAssertEqual(fields[.atom("message")]?.stringValue,
                           "key :beta not found in: \(Inspector.inspect(m))")
        } catch { XCTFail("\(error)") }
    }

    func testNonMapRaisesBadMapError() {
        XCTAssertRaises("BadMapError", "expected a map, got: 5") { try ctx.run("Map", "get", .int(5), atom("a")) }
        XCTAssertRaises("BadMapError") { try ctx.run("Map", "merge", map(), .emptyList) }
    }

    func testPutMergeUpdateAndToList() throws {
        let m = map((atom("b"), .int(1)), (atom("a"), .int(2)))
        XCTAssertEqual(try ctx.show("Map", "to_list", m), "[{:a, 2}, {:b, 1}]")
        XCTAssertEqual(try ctx.show("Map", "put", m, atom("c"), .int(3)), "%{:a => 2, :b => 1, :c => 3}")
        XCTAssertEqual(try ctx.show("Map", "merge", map((atom("a"), .int(1))), map((atom("a"), .int(2)), (atom("c"), .int(3)))),
                       "%{:a => 2, :c => 3}")
        let sum3 = fn(3) { try Value.add($0[1], $0[2]) }
        XCTAssertEqual(try ctx.show("Map", "merge", map((atom("a"), .int(1))), map((atom("a"), .int(2))), sum3), "%{:a => 3}")
        let inc = fn(1) { try Value.add($0[0], .int(1)) }
        XCTAssertEqual(try ctx.show("Map", "update", map((atom("n"), .int(1))), atom("n"), .int(0), inc), "%{:n => 2}")
        XCTAssertEqual(try ctx.show("Map", "update", map(), atom("n"), .int(0), inc), "%{:n => 0}")
        XCTAssertRaises("KeyError") { try ctx.run("Map", "update!", map(), atom("n"), inc) }
    }

    func testTakeDropSplitPopAndGetAndUpdate() throws {
        let m = map((atom("a"), .int(1)), (atom("b"), .int(2)), (atom("c"), .int(3)))
        XCTAssertEqual(try ctx.show("Map", "take", m, .list([atom("a"), atom("z")])), "%{:a => 1}")
        XCTAssertEqual(try ctx.show("Map", "drop", m, .list([atom("a")])), "%{:b => 2, :c => 3}")
        XCTAssertEqual(try ctx.show("Map", "split", m, .list([atom("c")])), "{%{:c => 3}, %{:a => 1, :b => 2}}")
        XCTAssertEqual(try ctx.show("Map", "pop", m, atom("z"), .int(0)), "{0, %{:a => 1, :b => 2, :c => 3}}")
        let swap = fn(1) { .tuple([$0[0], atom("new")]) }
        XCTAssertEqual(try ctx.show("Map", "get_and_update", map((atom("a"), .int(1))), atom("a"), swap), "{1, %{:a => :new}}")
        let pop = fn(1) { _ in atom("pop") }
        XCTAssertEqual(try ctx.show("Map", "get_and_update", map((atom("a"), .int(1))), atom("a"), pop), "{1, %{}}")
    }

    func testNewFilterAndFromStruct() throws {
        XCTAssertEqual(try ctx.show("Map", "new", kw(("a", .int(1)), ("a", .int(2)))), "%{:a => 2}")
        let valueIsOdd = fn(1) { a in
            guard case .tuple(let t) = a[0], case .int(let v) = t[1] else { return .false }
            return .bool(v % 2 == 1)
        }
        XCTAssertEqual(try ctx.show("Map", "filter", map((atom("a"), .int(1)), (atom("b"), .int(2))), valueIsOdd), "%{:a => 1}")
        XCTAssertEqual(try ctx.show("Map", "from_struct", range(1, 3)), "%{:first => 1, :last => 3, :step => 1}")
    }
}
