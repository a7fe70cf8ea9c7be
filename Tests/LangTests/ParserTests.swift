import XCTest
@testable import Lang

final class ParserTests: XCTestCase {
    func testMultiplicationBindsTighterThanAddition() throws {
        XCTAssertEqual(try evaluate("1 + 2 * 3").result, "7")
    }

    func testPowerIsRightAssociative() throws {
        XCTAssertEqual(try evaluate("2 ** 3 ** 2").result, "512")
    }

    func testComparisonBindsLooserThanArithmeticAndTighterThanAnd() throws {
        XCTAssertEqual(try evaluate("1 + 1 == 2 and 3 > 2").result, "true")
    }

    func testPipeInsertsTheFirstArgument() throws {
        XCTAssertEqual(try evaluate("defmodule M do\ndef sub(a, b), do: a - b\nend\n10 |> M.sub(3)").result, "7")
    }

    func testNoParensCallTakesKeywordArguments() throws {
        XCTAssertEqual(try evaluate("if 1 > 2, do: :a, else: :b").result, ":b")
    }

    func testDoBlockAttachesToOuterNoParensCall() throws {
        XCTAssertEqual(try evaluate("x = 3\nif x > 2 do\n  :big\nelse\n  :small\nend").result, ":big")
    }

    func testRangeWithStep() throws {
        XCTAssertEqual(try evaluate("1..10//3").result, "1..10//3")
    }

    func testUnterminatedDoIsIncomplete() {
        XCTAssertThrowsError(try Parser.parse("if true do\n  1")) { e in
            XCTAssertTrue((e as? SyntaxIssue)?.incomplete ?? false)
        }
    }

    func testStrayClosingBracketIsASyntaxError() {
        XCTAssertThrowsError(try Parser.parse("1 + )")) { e in
            XCTAssertFalse((e as? SyntaxIssue)?.incomplete ?? true)
        }
    }

    func testInOperatorAndNotIn() throws {
        XCTAssertEqual(try evaluate("{2 in [1, 2], 5 not in 1..3}").result, "{true, true}")
    }
}

final class ParserSyntaxTests: XCTestCase {
    func testParenthesizedFnHeads() throws {
        XCTAssertEqual(try evaluate("g = fn(a, b) -> a * b end\ng.(2, 3)").result, "6")
    }

    func testClausesSeparatedBySemicolons() throws {
        XCTAssertEqual(try evaluate("case {:ok, 2} do {:ok, v} -> v; :error -> nil end").result, "2")
    }

    func testMultilineKeywordArgumentsInParens() throws {
        let r = try evaluate("IO.inspect(2,\n  label: \"two\",\n  limit: 3)")
        XCTAssertEqual(r.output, "two: 2\n")
    }

    func testFullSliceRangeAlone() throws {
        XCTAssertEqual(try evaluate("a..b//s = (..)\n{a, b, s}").result, "{0, -1, 1}")
    }

    func testTypespecAttributesAreIgnored() throws {
        XCTAssertEqual(try evaluate("defmodule T do\n @type t :: atom\n @spec f(t) :: t\n def f(x), do: x\nend\nT.f(:a)").result, ":a")
    }

    func testSigils() throws {
        XCTAssertEqual(try evaluate("{~w(a b)a, ~s(x \"y\"), ~c(ab)}").result, "{[:a, :b], \"x \\\"y\\\"\", 'ab'}")
    }

    func testMissingTerminatorNamesTheOpener() {
        XCTAssertThrowsError(try Parser.parse("[1, 2")) { e in
            XCTAssertEqual((e as? SyntaxIssue)?.message, "missing terminator: ] (for \"[\" starting at line 1)")
        }
    }
}
