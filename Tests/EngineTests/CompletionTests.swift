import XCTest
import Lang
@testable import Engine

final class CompletionTests: XCTestCase {
    /// A session whose registry holds a few modules, as the standard library would install them.
    private func makeSession() -> Session {
        let session = Session(stdout: { _ in }, stderr: { _ in })
        let r = session.registry
        for (name, arity) in [("map", 2), ("map_every", 3), ("map_join", 3), ("map_reduce", 3),
                              ("max", 1), ("reduce", 3), ("__info__", 1)] {
            r.define("Enum", name, arity: arity) { _, _ in .nil }
        }
        r.define("Enumerable", "count", arity: 1) { _, _ in .nil }
        for name in ["sum", "subtract", "sqrt", "tensor"] { r.define("Nx", name, arity: 1) { _, _ in .nil } }
        r.define("Nx.Defn", "jit", arity: 2) { _, _ in .nil }
        r.define("Nx.Defn.Kernel", "while", arity: 3) { _, _ in .nil }
        r.define(":math", "sin", arity: 1) { _, _ in .nil }
        r.define(":math", "sinh", arity: 1) { _, _ in .nil }
        r.define(":rand", "uniform", arity: 0) { _, _ in .nil }
        r.define("Kernel", "length", arity: 1) { _, _ in .nil }
        r.define("Kernel", "left", arity: 1) { _, _ in .nil }
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
        let scalars = Array("Enum.empty?".unicodeScalars)
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
        let c = complete("Enum.ma")
        XCTAssertEqual(c.matches, ["map", "map_every", "map_join", "map_reduce", "max"])
        XCTAssertEqual(c.cursorStart, 5)
        XCTAssertEqual(c.cursorEnd, 7)
    }

    func testNxSuCompletesToSumAndSubtract() {
        XCTAssertEqual(complete("Nx.su").matches, ["subtract", "sum"])
    }

    func testEmptyPartAfterDotListsFunctionsAndNestedModules() {
        let c = complete("Nx.")
        XCTAssertEqual(c.matches, ["Defn", "sqrt", "subtract", "sum", "tensor"])
        XCTAssertEqual(c.cursorStart, 3)
    }

    func testUppercaseAfterDotCompletesNestedModulesOnly() {
        XCTAssertEqual(complete("Nx.Defn.K").matches, ["Kernel"])
    }

    func testAliasPrefixCompletesTopLevelModules() {
        let c = complete("En")
        XCTAssertEqual(c.matches, ["Enum", "Enumerable"])
        XCTAssertEqual(c.cursorStart, 0)
    }

    func testUserModulesAndTheirFunctionsComplete() {
        XCTAssertEqual(complete("My").matches, ["MyModel"])
        XCTAssertEqual(complete("MyModel.").matches, ["loss", "predict"])
    }

    func testLowercasePrefixCompletesVariablesKernelFunctionsAndMacros() {
        XCTAssertEqual(complete("le").matches, ["learning_rate", "left", "length"])
        XCTAssertEqual(complete("y = x + le").cursorStart, 8)
        XCTAssertTrue(complete("defm").matches.contains("defmodule"))
    }

    func testErlangModulesAndTheirFunctionsComplete() {
        let modules = complete(":ma")
        XCTAssertEqual(modules.matches, ["math"])
        XCTAssertEqual(modules.cursorStart, 1)
        XCTAssertEqual(complete(":math.si").matches, ["sin", "sinh"])
    }

    func testAttributesCompleteFromStandardOnesAndTheCode() {
        let code = "defmodule M do\n  @learning 0.1\n  def f, do: @lea"
        XCTAssertEqual(complete(code).matches, ["learning"])
        XCTAssertTrue(complete("@mod").matches.contains("moduledoc"))
    }

    func testUnderscoreFunctionsAreHiddenUnlessAskedFor() {
        XCTAssertFalse(complete("Enum.").matches.contains("__info__"))
        XCTAssertEqual(complete("Enum.__").matches, ["__info__"])
    }

    func testCompletionUsesTextBeforeCursorOnly() {
        let c = complete("Enum.ma(list)", cursor: 7)
        XCTAssertEqual(c.matches.first, "map")
        XCTAssertEqual(c.cursorEnd, 7)
    }

    func testCursorCountsUnicodeScalarsNotBytes() {
        let code = "s = \"héllo\" <> Enum.ma"
        let c = complete(code)
        XCTAssertEqual(c.cursorStart, code.unicodeScalars.count - 2)
        XCTAssertEqual(c.matches.count, 5)
    }

    func testUnknownModuleAndMapFieldGiveNoMatches() {
        XCTAssertEqual(complete("Nope.fu").matches, [])
        XCTAssertEqual(complete("x.fi").matches, [])
        XCTAssertEqual(complete("1 + ").matches, [])
    }

    func testCursorOutsideCodeIsClamped() {
        XCTAssertEqual(makeSession().complete("Nx.su", cursor: 99).matches, ["subtract", "sum"])
        XCTAssertEqual(makeSession().complete("Nx.su", cursor: -3).matches, [])
    }
}
