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
