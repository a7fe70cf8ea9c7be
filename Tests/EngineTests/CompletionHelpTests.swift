import XCTest
import Lang
@testable import Engine

/// `h` and the other IEx helpers (`v`, `clear`), and the docs Jupyter's inspect asks for.
final class CompletionHelpTests: XCTestCase {
    private final class Output {
        var stdout = ""
        var stderr = ""
    }

    private func makeSession(_ output: Output = Output()) -> Session {
        let session = Session(stdout: { output.stdout += $0 }, stderr: { output.stderr += $0 })
        let r = session.registry
        r.document(module: "Nx", "Numerical Elixir.")
        r.define("Nx", "sum", arities: [1, 2], doc: "Returns the sum of all elements.") { _, _ in .nil }
        // Made-up modules, so the standard library the session installs does not interfere.
        r.define("Seq", "reduce", arity: 2, doc: "Reduces with the first element as accumulator.") { _, _ in .nil }
        r.define("Seq", "reduce", arity: 3, doc: "Reduces from an initial accumulator.") { _, _ in .nil }
        r.define("Seq", "count", arity: 1) { _, _ in .nil }
        r.define("Kernel", "length", arity: 1, doc: "Returns the length of a list.") { _, _ in .nil }
        r.define("Kernel", "+", arity: 2, doc: "Arithmetic addition.") { _, _ in .nil }
        session.userModules = ["MyModel": ["predict": [2]]]
        return session
    }

    // MARK: parsing the argument of h

    func testHelpTargetParsesModuleFunctionAndArity() {
        XCTAssertEqual(HelpTarget.parse("Nx"), .module("Nx"))
        XCTAssertEqual(HelpTarget.parse("Nx.Defn"), .module("Nx.Defn"))
        XCTAssertEqual(HelpTarget.parse("Nx.sum"), .function(module: "Nx", name: "sum", arity: nil))
        XCTAssertEqual(HelpTarget.parse("Nx.sum/2"), .function(module: "Nx", name: "sum", arity: 2))
        XCTAssertEqual(HelpTarget.parse(" Enum.empty? / 1 "), .function(module: "Enum", name: "empty?", arity: 1))
        XCTAssertEqual(HelpTarget.parse(":math.sin/1"), .function(module: ":math", name: "sin", arity: 1))
        XCTAssertEqual(HelpTarget.parse("length/1"), .function(module: "Kernel", name: "length", arity: 1))
        XCTAssertEqual(HelpTarget.parse("Kernel.+/2"), .function(module: "Kernel", name: "+", arity: 2))
        XCTAssertNil(HelpTarget.parse("1 + 2"))
        XCTAssertNil(HelpTarget.parse("foo()"))
    }

    // MARK: help text

    func testFunctionHelpHasHeadingPerArityAndSharedDoc() {
        let help = makeSession().helpText(for: .function(module: "Nx", name: "sum", arity: nil))
        XCTAssertTrue(help.found)
        XCTAssertEqual(help.text, "* def Nx.sum/1\n* def Nx.sum/2\n\nReturns the sum of all elements.\n")
    }

    func testFunctionHelpWithDifferentDocsHasOneSectionEach() {
        let help = makeSession().helpText(for: .function(module: "Seq", name: "reduce", arity: nil))
        XCTAssertEqual(help.text, """
            * def Seq.reduce/2

            Reduces with the first element as accumulator.

            * def Seq.reduce/3

            Reduces from an initial accumulator.

            """)
    }

    func testFunctionHelpWithArityShowsThatArityOnly() {
        let help = makeSession().helpText(for: .function(module: "Seq", name: "reduce", arity: 3))
        XCTAssertEqual(help.text, "* def Seq.reduce/3\n\nReduces from an initial accumulator.\n")
    }

    func testUndocumentedFunctionShowsHeadingOnly() {
        let help = makeSession().helpText(for: .function(module: "Seq", name: "count", arity: nil))
        XCTAssertEqual(help.text, "* def Seq.count/1\n")
        XCTAssertTrue(help.found)
    }

    func testModuleHelpShowsModuleDoc() {
        XCTAssertEqual(makeSession().helpText(for: .module("Nx")).text, "* Nx\n\nNumerical Elixir.\n")
    }

    func testMissingDocsUseIExMessages() {
        let s = makeSession()
        let missing = s.helpText(for: .function(module: "Seq", name: "nope", arity: nil))
        XCTAssertEqual(missing.text, "No documentation for Seq.nope was found\n")
        XCTAssertFalse(missing.found)
        XCTAssertEqual(s.helpText(for: .function(module: "Seq", name: "reduce", arity: 7)).text,
                       "No documentation for Seq.reduce/7 was found\n")
        XCTAssertEqual(s.helpText(for: .module("Seq")).text, "No documentation for Seq was found\n")
        XCTAssertEqual(s.helpText(for: .module("Nope")).text, "Could not load module Nope, got: nofile\n")
        XCTAssertEqual(s.helpText(for: .function(module: "Nope", name: "f", arity: nil)).text,
                       "Could not load module Nope, got: nofile\n")
    }

    func testSessionModulesShowTheirDocAttributes() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        let defined = s.evaluate("""
            defmodule Shapes do
              @moduledoc "Shape helpers."
              @doc "The area of a square."
              def area(side), do: side * side
              def perimeter(side), do: 4 * side
            end
            """)
        XCTAssertNil(defined.error)
        XCTAssertEqual(s.helpText(for: .module("Shapes")).text, "* Shapes\n\nShape helpers.\n")
        XCTAssertEqual(s.helpText(for: .function(module: "Shapes", name: "area", arity: 1)).text,
                       "* def Shapes.area/1\n\nThe area of a square.\n")
        XCTAssertEqual(s.helpText(for: .function(module: "Shapes", name: "perimeter", arity: nil)).text,
                       "* def Shapes.perimeter/1\n")
        XCTAssertEqual(s.helpText(for: .function(module: "Shapes", name: "volume", arity: nil)).text,
                       "No documentation for Shapes.volume was found\n")
    }

    func testSessionModuleWithoutModuledocHasNoDocumentation() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        XCTAssertNil(s.evaluate("defmodule Bare do\n  def f, do: 1\nend").error)
        XCTAssertEqual(s.helpText(for: .module("Bare")).text, "No documentation for Bare was found\n")
    }

    func testAnsiHelpCentersHeadingsInAReverseYellowBarAndColorsCode() {
        let help = HelpText(sections: [.init(headings: ["def Nx.sum/2"], doc: "Sums `t`.\n\nFast.")])
        let title = "def Nx.sum/2"  // 12 characters: 34 spaces before, 34 after, 80 in all
        let bar = "\u{1B}[7m\u{1B}[33m" + String(repeating: " ", count: 34) + title
            + String(repeating: " ", count: 34) + "\u{1B}[0m"
        XCTAssertEqual(help.ansiText, "\u{1B}[0m\n" + bar + "\n\n  Sums \u{1B}[36mt\u{1B}[0m.\n\n  Fast.\n\n")
    }

    func testAnsiDocsWrapAtEightyColumnsKeepingCodeColoredAcrossTheBreak() {
        let words = Array(repeating: "word", count: 20).joined(separator: " ")  // 99 characters
        let help = HelpText(sections: [.init(headings: ["M"], doc: words + " `a b`")])
        let lines = help.ansiText.split(separator: "\n").map(String.init)
        let body = lines.filter { $0.hasPrefix("  ") }
        XCTAssertEqual(body.count, 2)
        XCTAssertEqual(body[0], "  " + Array(repeating: "word", count: 15).joined(separator: " "))
        XCTAssertEqual(body[1], "  " + Array(repeating: "word", count: 5).joined(separator: " ")
            + " \u{1B}[36ma b\u{1B}[0m")
        XCTAssertEqual(HelpText.wrap("  x yy zzz", width: 6), ["  x yy", "  zzz"])
        XCTAssertEqual(HelpText.wrap("", width: 6), [""])
    }

    func testAnsiMissIsRed() {
        XCTAssertEqual(HelpText(missing: "No documentation for X was found").ansiText,
                       "\u{1B}[31mNo documentation for X was found\u{1B}[0m\n")
    }

    func testUnpairedBacktickIsLeftAsWritten() {
        let help = HelpText(sections: [.init(headings: ["M"], doc: "a ` b")])
        XCTAssertTrue(help.ansiText.hasSuffix("  a ` b\n\n"))
    }

    // MARK: Session.help (Jupyter inspect)

    func testHelpAtCursorFindsWholeNameAroundCursor() {
        let s = makeSession()
        let code = "x = Nx.sum(t)"
        XCTAssertEqual(s.help(code, cursor: 8), s.helpText(for: .function(module: "Nx", name: "sum", arity: nil)).text)
        XCTAssertEqual(s.help("x = Nx.sum(", cursor: 11), s.help(code, cursor: 8), "just after the paren")
        XCTAssertEqual(s.help("Nx", cursor: 1), "* Nx\n\nNumerical Elixir.\n")
        XCTAssertEqual(s.help("length(l)", cursor: 3),
                       "* def Kernel.length/1\n\nReturns the length of a list.\n")
    }

    func testHelpAtCursorIsNilForUnknownNamesAndPunctuation() {
        let s = makeSession()
        XCTAssertNil(s.help("Seq.nope(1)", cursor: 6))
        XCTAssertNil(s.help("1 + 2", cursor: 2))
        XCTAssertNil(s.help("", cursor: 0))
    }

    // MARK: helper lines

    func testHelperLinesAreRecognized() {
        XCTAssertEqual(IExHelper.parse("h", boundNames: []), .help(nil))
        XCTAssertEqual(IExHelper.parse("h()\n", boundNames: []), .help(nil))
        XCTAssertEqual(IExHelper.parse("h Nx.sum", boundNames: []),
                       .help(.function(module: "Nx", name: "sum", arity: nil)))
        XCTAssertEqual(IExHelper.parse("h(Enum.map/2)", boundNames: []),
                       .help(.function(module: "Enum", name: "map", arity: 2)))
        XCTAssertEqual(IExHelper.parse("clear()", boundNames: []), .clear)
    }

    func testOrdinaryCodeIsNotAHelper() {
        for code in ["h = 1", "v + 1", "h.(2)", "v(x)", "hd([1])", "clear_all()", "h 1 + 2", "h Enum.map(1)"] {
            XCTAssertNil(IExHelper.parse(code, boundNames: []), code)
        }
        XCTAssertNil(IExHelper.parse("v", boundNames: ["v"]), "a bound variable wins")
    }

    func testHelpHelperPrintsDocsToStdoutAndMissesToStderr() {
        let output = Output()
        let s = makeSession(output)
        let history = ResultHistory()
        let found = s.runHelper("h Nx.sum/2", history: history, ansi: false)
        XCTAssertEqual(output.stdout, "* def Nx.sum/2\n\nReturns the sum of all elements.\n")
        XCTAssertNil(found?.result)
        XCTAssertNil(found?.error)
        _ = s.runHelper("h Seq.nope", history: history, ansi: false)
        XCTAssertEqual(output.stderr, "No documentation for Seq.nope was found\n")
        XCTAssertNil(s.runHelper("1 + 1", history: history, ansi: false))
    }

    func testClearWritesEscapesOnlyOnAnsiTerminals() {
        let output = Output()
        let s = makeSession(output)
        _ = s.runHelper("clear", history: ResultHistory(), ansi: true)
        XCTAssertEqual(output.stdout, "\u{1B}[H\u{1B}[2J")
        output.stdout = ""
        _ = s.runHelper("clear", history: ResultHistory(), ansi: false)
        XCTAssertEqual(output.stdout, "Cannot clear the screen because ANSI escape codes are not enabled on this shell\n")
    }

    // MARK: v and the result history

    private func text(_ result: Result<Value, ResultHistory.OutOfBounds>) -> String? {
        (try? result.get()).map { Inspector.inspect($0) }
    }

    func testValueReturnsEarlierResultsByNumberOrFromTheEnd() {
        let s = makeSession()
        let history = ResultHistory()
        _ = s.evaluateInteractively("1", history: history, ansi: false)
        _ = s.evaluateInteractively("2", history: history, ansi: false)
        XCTAssertEqual(s.evaluateInteractively("v(1)", history: history, ansi: false).result, ["text/plain": "1"])
        XCTAssertEqual(s.evaluateInteractively("v()", history: history, ansi: false).result, ["text/plain": "1"])
        XCTAssertEqual(s.evaluateInteractively("v(-3)", history: history, ansi: false).result, ["text/plain": "2"])
        XCTAssertEqual(s.evaluateInteractively("v", history: history, ansi: false).result, ["text/plain": "2"])
    }

    func testValueIsAFunctionUsableInsideExpressions() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        let history = ResultHistory()
        _ = s.evaluateInteractively("Nx.tensor([1, 2])", history: history, ansi: false)
        _ = s.evaluateInteractively("40", history: history, ansi: false)
        XCTAssertEqual(s.evaluateInteractively("v(2) + 2", history: history, ansi: false).result?["text/plain"], "42")
        XCTAssertEqual(s.evaluateInteractively("Nx.to_list(v(1))", history: history, ansi: false).result?["text/plain"], "[1, 2]")
        XCTAssertEqual(s.evaluateInteractively("Enum.map([1, 2], fn n -> v(n) end) |> length()",
                                               history: history, ansi: false).result?["text/plain"], "2")
    }

    func testValueWithoutAHistoryIsUndefined() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        XCTAssertEqual(s.evaluate("v(1)").error?.name, "CompileError")
    }

    func testValueWorksInCellsThatDoNotStoreHistory() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        let history = ResultHistory()
        history.append(.int(41))
        let evaluation = s.runHelper("v(1) + 1", history: history, ansi: false) ?? s.evaluate("v(1) + 1")
        XCTAssertEqual(evaluation.result?["text/plain"], "42")
    }

    func testValueOfANonIntegerIsAFunctionClauseError() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        let error = s.evaluateInteractively("v(:a)", history: ResultHistory(), ansi: false).error
        XCTAssertEqual(error?.name, "FunctionClauseError")
        XCTAssertEqual(error?.traceback.first, "** (FunctionClauseError) no function clause matching in IEx.Helpers.v/1")
    }

    func testValueOutOfBoundsIsARuntimeErrorWithIExMessage() {
        let s = makeSession()
        let history = ResultHistory()
        XCTAssertEqual(s.evaluateInteractively("v", history: history, ansi: false).error?.message,
                       "v(-1) is out of bounds, no entries were stored in history so far")
        _ = s.evaluateInteractively("1", history: history, ansi: false)
        let error = s.evaluateInteractively("v(5)", history: history, ansi: false).error
        XCTAssertEqual(error?.name, "RuntimeError")
        XCTAssertEqual(error?.traceback.first, "** (RuntimeError) v(5) is out of bounds, the currently preserved "
            + "history ranges from 1 to 1 (or use negative numbers to look from the end)")
    }

    func testHistoryKeepsTheLastResultsAndNumbersOnward() {
        let history = ResultHistory(limit: 2)
        for n in 1...5 { history.append(.int(n)) }
        XCTAssertEqual(history.nextNumber, 6)
        XCTAssertEqual(history.start, 4)
        XCTAssertEqual(text(history.result(4)), "4")
        XCTAssertThrowsError(try history.result(3).get())
    }

    func testSuccessfulHelperAdvancesNumberingAndErrorsDoNot() {
        let s = makeSession()
        let history = ResultHistory()
        _ = s.evaluateInteractively("h Nx", history: history, ansi: false)
        XCTAssertEqual(history.nextNumber, 2)
        XCTAssertEqual(text(history.result(1)), Inspector.inspect(Session.noResultValue))
        _ = s.evaluateInteractively("v(9)", history: history, ansi: false)
        XCTAssertEqual(history.nextNumber, 2)
    }

    func testEvaluatedResultsJoinTheHistoryForV() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        let history = ResultHistory()
        _ = s.evaluateInteractively("20 + 22", history: history, ansi: false)
        _ = s.evaluateInteractively("raise \"no\"", history: history, ansi: false)
        XCTAssertEqual(history.nextNumber, 2)
        XCTAssertEqual(s.evaluateInteractively("v(1)", history: history, ansi: false).result?["text/plain"], "42")
        XCTAssertEqual(history.nextNumber, 3)
    }

    func testBoundVariableNamedLikeAHelperIsEvaluatedAsCode() {
        let s = Session(stdout: { _ in }, stderr: { _ in })
        let history = ResultHistory()
        _ = s.evaluateInteractively("v = 7", history: history, ansi: false)
        XCTAssertEqual(s.evaluateInteractively("v", history: history, ansi: false).result?["text/plain"], "7")
    }
}
