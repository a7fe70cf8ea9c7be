import XCTest
import Lang
@testable import Engine

final class CompletionTests: XCTestCase {
    /// A session whose registry holds a few modules, as the standard library would install them.
    private func makeSession() -> Session {
        let session = Session(stdout: { _ in }, stderr: { _ in })
        let r = session.registry
        // Made-up modules, so the standard library the session installs does not interfere.
        for (name, arity) in [("map", 2), ("map_every", 3), ("map_join", 3), ("map_reduce", 3),
                              ("max", 1), ("reduce", 3), ("__info__", 1)] {
            r.define("Seq", name, arity: arity) { _, _ in .nil }
        }
        r.define("Seqable", "count", arity: 1) { _, _ in .nil }
        for name in ["sum", "subtract", "sqrt", "tensor"] { r.define("Ten", name, arity: 1) { _, _ in .nil } }
        r.define("Ten.Defn", "jit", arity: 2) { _, _ in .nil }
        r.define("Ten.Defn.Kernel", "while", arity: 3) { _, _ in .nil }
        r.define(":geom", "sin", arity: 1) { _, _ in .nil }
        r.define(":geom", "sinh", arity: 1) { _, _ in .nil }
        r.define(":grain", "uniform", arity: 0) { _, _ in .nil }
        r.define("Kernel", "leaky", arity: 1) { _, _ in .nil }
        r.define("Kernel", "lean", arity: 1) { _, _ in .nil }
        session.variableNames = ["learning_rate", "x"]
        session.userModules = ["MyModel": ["predict": [2], "loss": [2, 3]]]
        return session
    }

    private func complete(_ code: String, cursor: Int? = nil) -> Session.Completion {
        makeSession().complete(code, cursor: cursor ?? code.unicodeScalars.count)
    }

    // MARK: the name before the cursor

    func testNameBeforeCursorSplitsQualifierAndLastPart() {
        let scalars = Array("x = Nx.Defn.gr".unicodeScalars)
        let name = NameAtCursor.ending(at: scalars.count, in: scalars)
        XCTAssertEqual(name?.qualifier, ["Nx", "Defn"])
        XCTAssertEqual(name?.last, "gr")
        XCTAssertEqual(name?.start, 12)
        XCTAssertEqual(name?.module, "Nx.Defn")
    }

    func testNameBeforeCursorStopsAtRangeOperator() {
        let scalars = Array("1..le".unicodeScalars)
        let name = NameAtCursor.ending(at: scalars.count, in: scalars)
        XCTAssertEqual(name?.qualifier, [])
        XCTAssertEqual(name?.last, "le")
        XCTAssertEqual(name?.start, 3)
    }

    func testNameBeforeCursorIsNilAfterCallResultOrNumber() {
        for code in ["foo().ba", "12", "1 + "] {
            let scalars = Array(code.unicodeScalars)
            XCTAssertNil(NameAtCursor.ending(at: scalars.count, in: scalars), code)
        }
    }

    func testNameBeforeCursorKeepsTrailingQuestionMark() {
        let scalars = Array("Seq.empty?".unicodeScalars)
        XCTAssertEqual(NameAtCursor.ending(at: scalars.count, in: scalars)?.last, "empty?")
    }

    func testColonAfterKeywordIsNotAnErlangModule() {
        let scalars = Array("[a: ma".unicodeScalars)
        XCTAssertEqual(NameAtCursor.ending(at: scalars.count, in: scalars)?.sigil, NameAtCursor.Sigil.none)
        let erlang = Array("[a: :ma".unicodeScalars)
        XCTAssertEqual(NameAtCursor.ending(at: erlang.count, in: erlang)?.sigil, .colon)
    }

    // MARK: completion

    func testFunctionsOfModuleCompleteAfterDot() {
        let c = complete("Seq.ma")
        XCTAssertEqual(c.matches, ["map", "map_every", "map_join", "map_reduce", "max"])
        XCTAssertEqual(c.cursorStart, 4)
        XCTAssertEqual(c.cursorEnd, 6)
    }

    func testPrefixAfterDotMatchesEveryFunctionStartingWithIt() {
        XCTAssertEqual(complete("Ten.su").matches, ["subtract", "sum"])
    }

    func testEmptyPartAfterDotListsFunctionsAndNestedModules() {
        let c = complete("Ten.")
        XCTAssertEqual(c.matches, ["Defn", "sqrt", "subtract", "sum", "tensor"])
        XCTAssertEqual(c.cursorStart, 4)
    }

    func testUppercaseAfterDotCompletesNestedModulesOnly() {
        XCTAssertEqual(complete("Ten.Defn.K").matches, ["Kernel"])
    }

    func testAliasPrefixCompletesTopLevelModules() {
        let c = complete("Se")
        XCTAssertEqual(c.matches, ["Seq", "Seqable"])
        XCTAssertEqual(c.cursorStart, 0)
    }

    func testAliasedModuleCompletesItsFunctionsAndNestedModules() {
        let session = makeSession()
        XCTAssertNil(session.evaluate("alias Ten.Defn").error)
        XCTAssertEqual(session.complete("Defn.j", cursor: 6).matches, ["jit"])
        XCTAssertEqual(session.complete("Defn.Kernel.wh", cursor: 14).matches, ["while"])
        XCTAssertEqual(session.complete("Def", cursor: 3).matches, ["Defn"])
    }

    func testUserModulesAndTheirFunctionsComplete() {
        XCTAssertEqual(complete("My").matches, ["MyModel"])
        XCTAssertEqual(complete("MyModel.").matches, ["loss", "predict"])
    }

    func testLowercasePrefixCompletesVariablesKernelFunctionsAndMacros() {
        XCTAssertEqual(complete("lea").matches, ["leaky", "lean", "learning_rate"])
        XCTAssertEqual(complete("y = x + lea").cursorStart, 8)
        XCTAssertTrue(complete("defm").matches.contains("defmodule"))
    }

    func testErlangModulesAndTheirFunctionsComplete() {
        let modules = complete(":ge")
        XCTAssertEqual(modules.matches, ["geom"])
        XCTAssertEqual(modules.cursorStart, 1)
        XCTAssertEqual(complete(":geom.si").matches, ["sin", "sinh"])
    }

    func testAttributesCompleteFromStandardOnesAndTheCode() {
        let code = "defmodule M do\n  @learning 0.1\n  def f, do: @lea"
        XCTAssertEqual(complete(code).matches, ["learning"])
        XCTAssertTrue(complete("@mod").matches.contains("moduledoc"))
    }

    func testUnderscoreFunctionsAreHiddenUnlessAskedFor() {
        XCTAssertFalse(complete("Seq.").matches.contains("__info__"))
        XCTAssertEqual(complete("Seq.__").matches, ["__info__"])
    }

    func testCompletionUsesTextBeforeCursorOnly() {
        let c = complete("Seq.ma(list)", cursor: 6)
        XCTAssertEqual(c.matches.first, "map")
        XCTAssertEqual(c.cursorEnd, 6)
    }

    func testCursorCountsUnicodeScalarsNotBytes() {
        let code = "s = \"héllo\" <> Seq.ma"
        let c = complete(code)
        XCTAssertEqual(c.cursorStart, code.unicodeScalars.count - 2)
        XCTAssertEqual(c.matches.count, 5)
    }

    func testMapFieldsOfBoundVariablesComplete() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        XCTAssertNil(s.evaluate("config = %{rate: 0.1, layers: %{dense: 2, dropout: 0.5}, \"k\" => 1}").error)
        XCTAssertEqual(s.complete("config.", cursor: 7).matches, ["layers", "rate"])
        XCTAssertEqual(s.complete("config.layers.d", cursor: 15).matches, ["dense", "dropout"])
        XCTAssertEqual(s.complete("config.rate.x", cursor: 13).matches, [])
        XCTAssertEqual(s.complete("nope.x", cursor: 6).matches, [])
    }

    func testInstalledStandardLibraryCompletesEnumMa() {
        let session = Session(stdout: { _ in }, stderr: { _ in })
        let matches = session.complete("Enum.ma", cursor: 7).matches
        XCTAssertTrue(Set(["map", "map_every", "map_join", "map_reduce", "max"]).isSubset(of: matches), "\(matches)")
        XCTAssertTrue(matches.allSatisfy { $0.hasPrefix("ma") })
    }

    func testUnknownModuleAndMapFieldGiveNoMatches() {
        XCTAssertEqual(complete("Nope.fu").matches, [])
        XCTAssertEqual(complete("x.fi").matches, [])
        XCTAssertEqual(complete("1 + ").matches, [])
    }

    func testCursorOutsideCodeIsClamped() {
        XCTAssertEqual(makeSession().complete("Ten.su", cursor: 99).matches, ["subtract", "sum"])
        XCTAssertEqual(makeSession().complete("Ten.su", cursor: -3).matches, [])
    }
}
