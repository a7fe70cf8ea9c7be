import XCTest
@testable import NxCore

final class TypePromotionTests: XCTestCase {
    func testMergeTableFollowsNxTypeMerge() {
        XCTAssertEqual(DType.merge(.u8, .s8), .s16)
        XCTAssertEqual(DType.merge(.s8, .u16), .s32)
        XCTAssertEqual(DType.merge(.s8, .u32), .s64)
        XCTAssertEqual(DType.merge(.s8, .u64), .s64)
        XCTAssertEqual(DType.merge(.s32, .u8), .s32)
        XCTAssertEqual(DType.merge(.s32, .f16), .f16)
        XCTAssertEqual(DType.merge(.bf16, .f16), .f16)
        XCTAssertEqual(DType.merge(.s64, .bf16), .bf16)
        XCTAssertEqual(DType.merge(.f64, .bf16), .f64)
        XCTAssertEqual(DType.merge(.c64, .f64), .c64)
        XCTAssertEqual(DType.merge(.c128, .c64), .c128)
        for a in DType.allCases { for b in DType.allCases { XCTAssertEqual(DType.merge(a, b), DType.merge(b, a)) } }
    }

    func testMergeNumberKeepsTensorTypeWhenItFits() {
        XCTAssertEqual(DType.merge(.u8, number: .int(255)), .u8)
        XCTAssertEqual(DType.merge(.u8, number: .int(256)), .u16)
        XCTAssertEqual(DType.merge(.u8, number: .int(-1)), .s16)
        XCTAssertEqual(DType.merge(.u8, number: .int(-32769)), .s32)
        XCTAssertEqual(DType.merge(.s8, number: .int(-129)), .s16)
        XCTAssertEqual(DType.merge(.s8, number: .float(1.0)), .f32)
        XCTAssertEqual(DType.merge(.u64, number: .int(-1337)), .s64)
        XCTAssertEqual(DType.merge(.f64, number: .float(1.0)), .f64)
        XCTAssertEqual(DType.merge(.f32, number: .complex(1, 1)), .c64)
    }

    func testTensorArithmeticPromotes() throws {
        let u8 = try Nx.tensor(ints([1]), type: .u8)
        XCTAssertEqual(try summary(try Nx.add(.tensor(u8), .tensor(try Nx.tensor(ints([1]), type: .s8)))), "s16[1] [2]")
        XCTAssertEqual(try summary(try Nx.add(.tensor(try Nx.tensor(ints([1]), type: .s32)), .tensor(try Nx.tensor(floats([1]), type: .f16)))), "f16[1] [2.0]")
        XCTAssertEqual(try summary(try Nx.add(.tensor(u8), .int(1000))), "u16[1] [1001]")
        XCTAssertEqual(try summary(try Nx.add(.tensor(try Nx.tensor(ints([1, 2, 3]))), .float(1.5))), "f32[3] [2.5, 3.5, 4.5]")
        XCTAssertEqual(try summary(try Nx.divide(.tensor(try Nx.tensor(ints([1, 2, 3]))), .int(2))), "f32[3] [0.5, 1.0, 1.5]")
    }

    func testIntegerArithmeticWraps() throws {
        let t = try Nx.tensor(ints([127, -128]), type: .s8)
        XCTAssertEqual(try summary(try Nx.add(.tensor(t), .int(1))), "s8[2] [-128, -127]")
        XCTAssertEqual(try summary(try Nx.unary(.negate, .tensor(t))), "s8[2] [-127, -128]")
    }

    func testInvalidTypeNameMessage() {
        XCTAssertNil(DType(name: "f7"))
        XCTAssertEqual(DType.invalidTypeError(":f7").message, "invalid numerical type: :f7 (see Nx.Type docs for all supported types)")
    }

    func testAsTypeTruncatesAndWraps() throws {
        let t = try Nx.asType(.tensor(try Nx.tensor(floats([1.7, -1.7, 300.0]))), .s8)
        XCTAssertEqual(try summary(t), "s8[3] [1, -1, 44]")
        let n = try Nx.asType(.tensor(try Nx.tensor(floats([.nan, .infinity, -.infinity]))), .s32)
        XCTAssertEqual(try summary(n), "s32[3] [0, 2147483647, -2147483648]")
    }
}
