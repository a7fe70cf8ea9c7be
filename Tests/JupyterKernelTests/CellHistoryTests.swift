import Foundation
import XCTest
@testable import JupyterKernel

final class CellHistoryTests: XCTestCase {
    private var history: CellHistory {
        var history = CellHistory()
        history.record(line: 1, input: "x = 1", output: "1")
        history.record(line: 2, input: "x + 1", output: "2")
        history.record(line: 3, input: "IO.puts(x)", output: ":ok")
        history.record(line: 4, input: "x + 1", output: "2")
        return history
    }

    func testTailReturnsLastEntries() {
        XCTAssertEqual(history.tail(2).map(\.line), [3, 4])
        XCTAssertEqual(history.tail(10).count, 4)
    }

    func testRangeStopIsExclusive() {
        XCTAssertEqual(history.range(session: CellHistory.session, start: 2, stop: 3).map(\.line), [2])
        XCTAssertEqual(history.range(session: 0, start: 3, stop: nil).map(\.line), [3, 4])
    }

    func testRangeOfAnotherSessionIsEmpty() {
        XCTAssertTrue(history.range(session: 7, start: 1, stop: nil).isEmpty)
    }

    func testSearchMatchesGlobOverWholeInput() {
        XCTAssertEqual(history.search(pattern: "x*", n: nil, unique: false).map(\.line), [1, 2, 4])
        XCTAssertEqual(history.search(pattern: "x", n: nil, unique: false).map(\.line), [])
    }

    func testSearchUniqueKeepsLatestOfIdenticalInputs() {
        XCTAssertEqual(history.search(pattern: "x + ?", n: nil, unique: true).map(\.line), [4])
    }

    func testSearchNKeepsLastMatches() {
        XCTAssertEqual(history.search(pattern: "*", n: 2, unique: false).map(\.line), [3, 4])
    }

    func testReplyWithOutputPairsInputAndResult() throws {
        let reply = history.reply(to: ["hist_access_type": "tail", "n": 1, "output": true])
        let rows = try XCTUnwrap(reply["history"] as? [[Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0][0] as? Int, CellHistory.session)
        XCTAssertEqual(rows[0][1] as? Int, 4)
        XCTAssertEqual(rows[0][2] as? [String], ["x + 1", "2"])
    }

    func testReplyWithoutOutputGivesInputOnly() throws {
        let reply = history.reply(to: ["hist_access_type": "range", "session": 0, "start": 1, "stop": 2])
        let rows = try XCTUnwrap(reply["history"] as? [[Any]])
        XCTAssertEqual(rows.map { $0[2] as? String }, ["x = 1"])
    }
}
