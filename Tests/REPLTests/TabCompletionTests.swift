import XCTest
import Engine
import Lang
@testable import REPL

/// The adapter between `Session.complete` and readline's word (which ends at a dot).
final class TabCompletionTests: XCTestCase {
    private func makeSession() -> Session {
        let session = Session(stdout: { _ in }, stderr: { _ in })
        // Made-up modules, so the standard library the session installs does not interfere.
        for name in ["map", "map_every", "max"] { session.registry.define("Seq", name, arity: 2) { _, _ in .nil } }
        session.registry.define("Seqable", "count", arity: 1) { _, _ in .nil }
        session.registry.define(":geom", "sin", arity: 1) { _, _ in .nil }
        return session
    }

    /// Completes at the end of `line`, with readline's word starting at `wordStart` (bytes).
    private func words(_ line: String, wordStart: Int, earlier: [String] = []) -> [String] {
        let bytes = Array(line.utf8)
        return TabCompletion.words(session: makeSession(), earlierLines: earlier, line: bytes,
                                   wordStart: wordStart, cursor: bytes.count)
    }

    func testFunctionMatchesReplaceTheWordAfterTheDot() {
        XCTAssertEqual(words("x = Seq.ma", wordStart: 8), ["map", "map_every", "max"])
    }

    func testLeadingColonBeforeTheSpanIsKeptInTheWord() {
        XCTAssertEqual(words(":ge", wordStart: 0), [":geom."])
    }

    func testUniqueModuleGetsADot() {
        XCTAssertEqual(words("Seqa", wordStart: 0), ["Seqable."])
        XCTAssertEqual(words("Se", wordStart: 0), ["Seq", "Seqable"])
    }

    func testUniqueFunctionGetsNothingAppended() {
        XCTAssertEqual(words("Seq.map_", wordStart: 4), ["map_every"])
    }

    func testEarlierLinesOfTheInputCountForTheCursor() {
        let session = makeSession()
        session.registry.define("Kernel", "lenient", arity: 1) { _, _ in .nil }
        let bytes = Array("  @val + lenie".utf8)
        XCTAssertEqual(TabCompletion.words(session: session, earlierLines: ["defmodule M do", "@value 1"],
                                           line: bytes, wordStart: 9, cursor: bytes.count), ["lenient"])
        let attribute = Array("  @va".utf8)
        XCTAssertEqual(TabCompletion.words(session: session, earlierLines: ["defmodule M do", "@value 1"],
                                           line: attribute, wordStart: 2, cursor: attribute.count), ["@value"])
    }

    func testNonASCIITextBeforeTheNameKeepsByteOffsetsRight() {
        XCTAssertEqual(words("\"é\" <> Seq.ma", wordStart: 12), ["map", "map_every", "max"])
    }

    func testBadOffsetsGiveNoMatches() {
        XCTAssertEqual(words("Seq.ma", wordStart: 9), [])
    }

    func testCommonPrefixIsWhatReadlineInserts() {
        XCTAssertEqual(TabCompletion.commonPrefix(["map", "map_every", "max"]), "ma")
        XCTAssertEqual(TabCompletion.commonPrefix(["sum"]), "sum")
    }
}
