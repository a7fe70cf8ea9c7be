import XCTest
@testable import Lang

final class LexerTests: XCTestCase {
    private func kinds(_ s: String) throws -> [String] {
        try Lexer.tokenize(s).map { t in
            switch t.kind {
            case .integer(let v): return "int:\(Inspector.inspect(v))"
            case .float(let f): return "float:\(f)"
            case .atom(let a): return "atom:\(a)"
            case .keyword(let k): return "kw:\(k)"
            case .identifier(let n): return "id:\(n)"
            case .alias(let n): return "alias:\(n)"
            case .op(let o): return "op:\(o)"
            case .punct(let p): return "p:\(p)"
            case .captureArg(let n): return "&\(n)"
            case .newline: return "nl"
            case .eof: return "eof"
            case .string: return "string"
            case .charlist: return "charlist"
            case .heredoc: return "heredoc"
            case .sigil(let l, _, _): return "sigil:\(l)"
            }
        }
    }

    func testIntegerLiteralsInEveryBase() throws {
        XCTAssertEqual(try kinds("1_000 0x1F 0b101 0o7 ?a"), ["int:1000", "int:31", "int:5", "int:7", "int:97", "eof"])
    }

    func testHugeIntegerLiteralBecomesBigInt() throws {
        XCTAssertEqual(try kinds("123456789012345678901234567890"), ["int:123456789012345678901234567890", "eof"])
    }

    func testFloatNeedsDigitAfterDotSoRangesStayRanges() throws {
        XCTAssertEqual(try kinds("1.5e3 1..2"), ["float:1500.0", "int:1", "op:..", "int:2", "eof"])
    }

    func testKeywordKeysAtomsAndOperators() throws {
        XCTAssertEqual(try kinds("do: :ok, :\"a b\" x::y"), ["kw:do", "atom:ok", "p:,", "atom:a b", "id:x", "op:::", "id:y", "eof"])
    }

    func testNewlineAfterOperatorContinuesTheExpression() throws {
        XCTAssertEqual(try kinds("a +\nb"), ["id:a", "op:+", "id:b", "eof"])
    }

    func testLeadingPipeContinuesThePreviousLine() throws {
        XCTAssertEqual(try kinds("a\n|> f()"), ["id:a", "op:|>", "id:f", "p:(", "p:)", "eof"])
    }

    func testCaptureArgumentsAndComments() throws {
        XCTAssertEqual(try kinds("&1 # note\n&2"), ["&1", "nl", "&2", "eof"])
    }

    func testUnterminatedStringIsIncomplete() {
        XCTAssertThrowsError(try Lexer.tokenize("\"abc")) { e in
            XCTAssertTrue((e as? SyntaxIssue)?.incomplete ?? false)
        }
    }
}
