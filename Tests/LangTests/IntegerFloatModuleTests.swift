import XCTest
import BigInt
@testable import Lang

final class IntegerFloatModuleTests: XCTestCase {
    private let s = Value.string

    func testConformanceCaseIntegerFuncs() throws {
        XCTAssertEqual(try inspectCall("Integer", "digits", .int(1234)), "[1, 2, 3, 4]")
        XCTAssertEqual(try inspectCall("Integer", "parse", s("12abc")), #"{12, "abc"}"#)
        XCTAssertEqual(try inspectCall("Integer", "to_string", .int(255), .int(2)), #""11111111""#)
        XCTAssertEqual(try inspectCall("Integer", "pow", .int(3), .int(5)), "243")
        XCTAssertEqual(try inspectCall("Integer", "gcd", .int(12), .int(18)), "6")
        XCTAssertEqual(try inspectCall("Integer", "to_string", .integer(BigInt(2).power(64)), .int(16)), #""10000000000000000""#)
    }

    func testParseRejectsTextWithoutDigitsAndReadsSigns() throws {
        XCTAssertEqual(try inspectCall("Integer", "parse", s("abc")), ":error")
        XCTAssertEqual(try inspectCall("Integer", "parse", s("-7 rest")), #"{-7, " rest"}"#)
        XCTAssertEqual(try inspectCall("Integer", "parse", s("ff"), .int(16)), #"{255, ""}"#)
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "parse", .string("1"), .int(40)) }.message, "invalid base 40")
    }

    func testDigitsUndigitsAndFlooredDivision() throws {
        XCTAssertEqual(try inspectCall("Integer", "digits", .int(-123)), "[-1, -2, -3]")
        XCTAssertEqual(try inspectCall("Integer", "digits", .int(10), .int(2)), "[1, 0, 1, 0]")
        XCTAssertEqual(try inspectCall("Integer", "undigits", .list([.int(1), .int(2), .int(3)])), "123")
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "undigits", .list([.int(1), .int(10)])) }.message,
                       "invalid digit 10 in base 10")
        XCTAssertEqual(try inspectCall("Integer", "mod", .int(-5), .int(3)), "1")
        XCTAssertEqual(try inspectCall("Integer", "mod", .int(5), .int(-3)), "-1")
        XCTAssertEqual(try inspectCall("Integer", "floor_div", .int(-5), .int(3)), "-2")
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "mod", .int(1), .int(0)) }.module, "ArithmeticError")
        XCTAssertEqual(try inspectCall("Integer", "is_odd", .int(3)), "true")
        XCTAssertEqual(try inspectCall("Integer", "is_even", .float(2.0)), "false")
    }

    func testPowIsExactAndRejectsNegativeExponents() throws {
        XCTAssertEqual(try inspectCall("Integer", "pow", .int(2), .int(100)), "1267650600228229401496703205376")
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "pow", .int(2), .int(-1)) }.module, "ArithmeticError")
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "pow", .float(2), .int(1)) }.module, "FunctionClauseError")
    }

    func testNegativeIntegersInOtherBasesAndCharlists() throws {
        XCTAssertEqual(try inspectCall("Integer", "to_string", .int(-255), .int(16)), #""-FF""#)
        XCTAssertEqual(try inspectCall("Integer", "to_charlist", .int(42)), "'42'")
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "to_string", .int(1), .int(37)) }.message,
                       "errors were found at the given arguments:\n\n  * 2nd argument: not an integer in the range 2 through 36\n")
    }

    func testFloatRoundOfHugeAndTinyValues() throws {
        XCTAssertEqual(try inspectCall("Float", "round", .float(1.0e300), .int(2)), "1.0e300")
        XCTAssertEqual(try inspectCall("Float", "round", .float(5.0e-324), .int(15)), "0.0")
        XCTAssertEqual(try inspectCall("Float", "round", .float(0.125), .int(2)), "0.13")
        XCTAssertEqual(try inspectCall("Float", "round", .float(1.5), .int(15)), "1.5")
    }

    func testIntegerToStringOfAFloatRaisesErlangError() {
        XCTAssertEqual(errorMessage { try callBuiltin("Integer", "to_string", .float(1.5)) }.message,
                       "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n")
    }

    func testFloatRoundWorksOnTheExactStoredValue() throws {
        XCTAssertEqual(try inspectCall("Float", "round", .float(2.675), .int(2)), "2.67")
        XCTAssertEqual(try inspectCall("Float", "round", .float(2.5)), "3.0")
        XCTAssertEqual(try inspectCall("Float", "round", .float(-2.5)), "-3.0")
        XCTAssertEqual(try inspectCall("Float", "round", .float(5.5675), .int(3)), "5.567")
        XCTAssertEqual(try inspectCall("Float", "round", .float(-0.01), .int(1)), "-0.0")
        XCTAssertEqual(try inspectCall("Float", "round", .float(1.0e-20), .int(2)), "0.0")
        XCTAssertEqual(errorMessage { try callBuiltin("Float", "round", .float(1), .int(16)) }.message,
                       "precision 16 is out of valid range of 0..15")
    }

    func testFloatFloorAndCeilWithPrecision() throws {
        XCTAssertEqual(try inspectCall("Float", "floor", .float(34.25875), .int(2)), "34.25")
        XCTAssertEqual(try inspectCall("Float", "floor", .float(-56.5)), "-57.0")
        XCTAssertEqual(try inspectCall("Float", "ceil", .float(34.25875), .int(2)), "34.26")
        XCTAssertEqual(try inspectCall("Float", "ceil", .float(-56.5)), "-56.0")
    }

    func testFloatParseToStringAndRatio() throws {
        XCTAssertEqual(try inspectCall("Float", "parse", s("1.5e3abc")), #"{1500.0, "abc"}"#)
        XCTAssertEqual(try inspectCall("Float", "parse", s("12")), #"{12.0, ""}"#)
        XCTAssertEqual(try inspectCall("Float", "parse", s("1.x")), #"{1.0, ".x"}"#)
        XCTAssertEqual(try inspectCall("Float", "parse", s(".5")), ":error")
        XCTAssertEqual(try inspectCall("Float", "to_string", .float(0.001)), #""0.001""#)
        XCTAssertEqual(try inspectCall("Float", "ratio", .float(0.75)), "{3, 4}")
        XCTAssertEqual(try inspectCall("Float", "ratio", .float(-3.0)), "{-3, 1}")
        XCTAssertEqual(try inspectCall("Float", "max_finite"), "1.7976931348623157e308")
        XCTAssertEqual(try inspectCall("Float", "min_finite"), "-1.7976931348623157e308")
    }
}
