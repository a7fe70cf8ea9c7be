import XCTest
import Engine
@testable import REPL

final class ResultColorsTests: XCTestCase {
    private let y = "\u{1B}[33m", r = "\u{1B}[0m"

    /// A piece in `color`, then back to the result's yellow, as IEx's reset does.
    private func piece(_ color: String, _ text: String) -> String { color + text + r + y }

    func testNumbersStayInTheResultYellow() {
        XCTAssertEqual(ResultColors.result("42"), y + "42" + r)
        XCTAssertEqual(ResultColors.result("1.0e-7"), y + "1.0e-7" + r)
    }

    func testAtomsAliasesAndKeywordKeysAreCyan() {
        XCTAssertEqual(ResultColors.result(":ok"), y + piece(Ansi.cyan, ":ok") + r)
        XCTAssertEqual(ResultColors.result("Nx.Tensor"), y + piece(Ansi.cyan, "Nx.Tensor") + r)
        XCTAssertEqual(ResultColors.result(":\"a b\""), y + piece(Ansi.cyan, ":\"a b\"") + r)
        XCTAssertTrue(ResultColors.result("[a: 1]").contains(piece(Ansi.cyan, "a:")))
    }

    func testStringsAreGreenAndKeepEscapedQuotes() {
        XCTAssertEqual(ResultColors.result("\"say \\\"hi\\\"\""),
                       y + piece(Ansi.green, "\"say \\\"hi\\\"\"") + r)
    }

    func testBooleansAndNilAreMagenta() {
        XCTAssertEqual(ResultColors.result("true"), y + piece(Ansi.magenta, "true") + r)
        XCTAssertEqual(ResultColors.result("nil"), y + piece(Ansi.magenta, "nil") + r)
    }

    func testPunctuationOfCollectionsUsesTheDefaultColor() {
        let d = Ansi.defaultColor
        XCTAssertEqual(ResultColors.result("{1, 2}"), y + piece(d, "{") + "1" + piece(d, ",") + " 2" + piece(d, "}") + r)
        XCTAssertTrue(ResultColors.result("%{\"k\" => 1}").hasPrefix(y + piece(d, "%{")))
        XCTAssertTrue(ResultColors.result("%{\"k\" => 1}").contains(piece(d, "=>")))
    }

    func testInspectTagsAndTypeNamesAreNotAtoms() {
        let text = ResultColors.result("#Nx.Tensor<\n  s64[2]\n  [1, 2]\n>")
        XCTAssertFalse(text.contains(Ansi.cyan))
        XCTAssertTrue(text.contains("s64"))
    }

    func testErrorsAreRed() {
        XCTAssertEqual(ResultColors.error("** (ArgumentError) x"), "\u{1B}[31m** (ArgumentError) x" + r)
    }
}
