import XCTest
@testable import Lang

final class ProcessModuleTests: XCTestCase {
    let ctx = TestContext()

    func testProcessDictionaryPutGetDelete() throws {
        XCTAssertEqual(try ctx.show("Process", "put", atom("k"), .int(1)), "nil")
        XCTAssertEqual(try ctx.show("Process", "put", atom("k"), .int(2)), "1")
        XCTAssertEqual(try ctx.show("Process", "get", atom("k")), "2")
        XCTAssertEqual(try ctx.show("Process", "get", atom("missing"), .int(0)), "0")
        XCTAssertEqual(try ctx.show("Process", "delete", atom("k")), "2")
        XCTAssertEqual(try ctx.show("Process", "get", atom("k")), "nil")
    }

    func testEachContextHasItsOwnProcessDictionary() throws {
        _ = try ctx.run("Process", "put", atom("only_here"), .int(1))
        XCTAssertEqual(try TestContext().show("Process", "get", atom("only_here")), "nil")
    }
}
