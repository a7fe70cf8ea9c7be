import XCTest
import Engine
import Lang
@testable import REPL

/// The adapter between `Session.complete` and readline's word (which ends at a dot).
final class TabCompletionTests: XCTestCase {
    private func makeSession() -> Session {
        let session = Session(stdout: { _ in }, stderr: { _ in })
        for name in ["map", "map_every", "max"] { session.registry.define("Enum", name, arity: 2) { _, _ in .nil } }
        session.registry.define("Enumerable", "count", arity: 1) { _, _ in .nil }
        session.registry.define(":math", "sin", arity: 1) { _, _ in .nil }
        return session
    }

    /// Completes at the end of `line`, with readline's word starting at `wordStart` (bytes).
    private func words(_ line: String, wordStart: Int, earlier: [String] = []) -> [String] {
        let bytes = Array(line.utf8)
        return TabCompletion.words(session: makeSession(), earlierLines: earlier, line: bytes,
                                   wordStart: wordStart, cursor: bytes.count)
    }

    func testFunctionMatchesReplaceTheWordAfterTheDot() {
        XCTAssertEqual(words("x = Enum.ma", wordStart: 9), ["map", "map_every", "max"])
    }

    func testLeadingColonBeforeTheSpanIsKeptInTheWord() {
        XCTAssertEqual(words(":ma", wordStart: 0), [":math."])
    }

    func testUniqueModuleGetsADot() {
        XCTAssertEqual(words("Enumera", wordStart: 0), ["Enumerable."])
        XCTAssertEqual(words("Enu", wordStart: 0), ["Enum", "Enumerable"])
    }

    func testUniqueFunctionGetsNothingAppended() {
        XCTAssertEqual(words("Enum.map_", wordStart: 5), ["map_every"])
    }

    func testEarlierLinesOfTheInputCountForTheCursor() {
        let session = makeSession()
        session.registry.define("Kernel", "length", arity: 1) { _, _ in .nil }
        let bytes = Array("  @val + len".utf8)
        XCTAssertEqual(TabCompletion.words(session: session, earlierLines: ["defmodule M do", "@value 1"],
                                           line: bytes, wordStart: 9, cursor: bytes.count), ["length"])
        let attribute = Array("  @va".utf8)
        XCTAssertEqual(TabCompletion.words(session: session, earlierLines: ["defmodule M do", "@value 1"],
                                           line: attribute, wordStart: 2, cursor: attribute.count), ["@value"])
    }

    func testNonASCIITextBeforeTheNameKeepsByteOffsetsRight() {
        XCTAssertEqual(words("\"é\" <> Enum.ma", wordStart: 13), ["map", "map_every", "max"])
    }

    func testBadOffsetsGiveNoMatches() {
        XCTAssertEqual(words("Enum.ma", wordStart: 9), [])
    }

    func testCommonPrefixIsWhatReadlineInserts() {
        XCTAssertEqual(TabCompletion.commonPrefix(["map", "map_every", "max"]), "ma")
        XCTAssertEqual(TabCompletion.commonPrefix(["sum"]), "sum")
    }
}
