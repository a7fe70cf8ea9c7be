import XCTest
@testable import Lang

final class InspectAlgebraTests: XCTestCase {
    private func words(_ ws: [String]) -> Doc {
        var parts: [Doc] = []
        for (n, w) in ws.enumerated() {
            if n > 0 { parts.append(.space) }
            parts.append(.text(w))
        }
        return .concat(parts)
    }

    func testGroupThatFitsStaysOnOneLine() {
        let doc = Doc.group(.glue(.text("hello"), .text("world")))
        XCTAssertEqual(DocFormatter.format(doc, width: 30), "hello world")
    }

    func testGroupThatDoesNotFitBreaksEveryStrictBreak() {
        let doc = Doc.group(words(["aaaa", "bbbb", "cccc"]))
        XCTAssertEqual(DocFormatter.format(doc, width: 10), "aaaa\nbbbb\ncccc")
    }

    func testFlexBreaksPackAsManyEntriesPerLineAsFit() {
        let doc = Doc.group(.concat([
            .text("aaaa"), .breakable(" ", flex: true), .text("bbbb"),
            .breakable(" ", flex: true), .text("cccc"),
        ]))
        XCTAssertEqual(DocFormatter.format(doc, width: 10), "aaaa bbbb\ncccc")
    }

    func testNestIndentsLinesAfterABreak() {
        let doc = Doc.group(.nest(.glue(.text("hello"), .text("world")), 5))
        XCTAssertEqual(DocFormatter.format(doc, width: 5), "hello\n     world")
    }

    func testInfiniteWidthNeverBreaks() {
        let doc = Doc.group(words(Array(repeating: "word", count: 40)))
        XCTAssertFalse(DocFormatter.format(doc, width: nil).contains("\n"))
    }

    func testNestedGroupFitsWhileOuterBreaks() {
        // Elixir's own example: group(concat(group("Hello," break "A"), break "B")).
        let inner = Doc.group(.glue(.text("Hello,"), .text("A")))
        let doc = Doc.group(.glue(inner, .text("B")))
        XCTAssertEqual(DocFormatter.format(doc, width: 80), "Hello, A B")
        XCTAssertEqual(DocFormatter.format(doc, width: 6), "Hello,\nA\nB")
    }

    func testLongTextWithoutBreaksOverflowsInsteadOfBreakingEarlier() {
        let doc = Doc.group(.glue(.text(String(repeating: "a", count: 20)), .text("b")))
        XCTAssertEqual(DocFormatter.format(doc, width: 10), String(repeating: "a", count: 20) + "\nb")
    }

    func testForceUnfitBreaksAGroupThatWouldFit() {
        let doc = Doc.group(.glue(.text("a"), .forceUnfit(.text("b"))))
        XCTAssertEqual(DocFormatter.format(doc, width: 80), "a\nb")
    }

    func testMultilineTextTakesTheIndentationOfItsPlace() {
        let doc = Doc.nest(.concat([.text("x"), .line, .multiline("#T<\n  1\n>")]), 2)
        XCTAssertEqual(DocFormatter.format(doc, width: 80), "x\n  #T<\n    1\n  >")
    }

    func testStringDocsAreMeasuredInGraphemesAndTextInBytes() {
        XCTAssertEqual(DocFormatter.format(.group(.glue(.text("olá"), .text("mundo"))), width: 9), "olá\nmundo")
        XCTAssertEqual(DocFormatter.format(.group(.glue(.string("olá"), .text("mundo"))), width: 9), "olá mundo")
    }
}
