import XCTest
@testable import NxCore

/// Nx.Random: values pinned against Nx's documented examples and the api_random_* cases.
final class RandomTests: XCTestCase {
    func testKeyHoldsHighAndLowWordsOfSeed() throws {
        XCTAssertEqual(try summary(try NxRandom.key(.int(12))), "u32[2] [0, 12]")
        XCTAssertEqual(try summary(try NxRandom.key(.int(999_999_999_999))), "u32[2] [232, 3567587327]")
    }

    func testSplitMatchesThreefryOfNx() throws {
        let key = try NxRandom.key(.int(1701))
        XCTAssertEqual(try summary(try NxRandom.split(key)), "u32[2][2] [56197195, 1801093307, 961309823, 1704866707]")
        XCTAssertEqual(try summary(try NxRandom.split(key, parts: 4)),
                       "u32[4][2] [4000152724, 2030591747, 2287976877, 2598630646, 2426625787, 580268518, 3136765380, 433355682]")
    }

    func testSplitIntoOddNumberOfWords() throws {
        XCTAssertEqual(try summary(try NxRandom.split(try NxRandom.key(.int(42)), parts: 3)),
                       "u32[3][2] [3134548294, 3733159049, 3746501087, 894150801, 801545058, 2363201431]")
    }

    func testFoldInGivesOneKeyPerDatum() throws {
        let key = try NxRandom.key(.int(42))
        XCTAssertEqual(try summary(try NxRandom.foldIn(key, .int(99))), "u32[2] [2015327502, 1351855566]")
        let many = try NxRandom.foldIn(key, .tensor(try Nx.tensor(matrix([[1, 99], [1234, 13]]))))
        XCTAssertEqual(try summary(many), "u32[2][2][2] [64467757, 2916123636, 2015327502, 1351855566, 1356445167, 2917756949, 3514951389, 229662949]")
    }

    func testUniformReturnsSampleAndNextKey() throws {
        let (u, next) = try NxRandom.uniform(try NxRandom.key(.int(1)), shape: [2, 3])
        XCTAssertEqual(try summary(u), "f32[2][3] [0.585451602935791, 0.2885606288909912, 0.6287524700164795, 0.6316643953323364, 0.9833923578262329, 0.47775065898895264]")
        XCTAssertEqual(try summary(next), "u32[2] [2441914641, 1384938218]")
        let (wide, _) = try NxRandom.uniform(next, .float(-1), .float(1), shape: [4], type: .f64)
        XCTAssertEqual(try summary(wide), "f64[4] [0.9488162626410981, -0.23229119800092857, 0.9581371923542807, 0.999620914844257]")
    }

    func testRandintWithinBoundsAndTyped() throws {
        let key = try NxRandom.key(.int(123))
        XCTAssertEqual(try summary(try NxRandom.randint(key, .int(0), .int(10), shape: [8]).0), "s64[8] [9, 2, 9, 5, 1, 2, 7, 7]")
        XCTAssertEqual(try summary(try NxRandom.randint(key, .int(-5), .int(5), shape: [2, 3], type: .s8).0), "s8[2][3] [-1, 4, 0, -1, -4, 0]")
    }

    func testNormalScalesAndShifts() throws {
        let key = try NxRandom.key(.int(7))
        let (n, _) = try NxRandom.normal(key, .float(10), .float(0.5), shape: [2, 2])
        let values = try flat(n).map(\.doubleValue)
        for (v, expected) in zip(values, [9.289800643920898, 9.780278205871582, 10.482337951660156, 9.76844310760498]) {
            XCTAssertEqual(v, expected, accuracy: 1e-5)
        }
    }

    func testNormalMatchesNxToTheLastBit() throws {
        XCTAssertEqual(try summary(try NxRandom.normal(try NxRandom.key(.int(42))).0), "f32 [1.3694695234298706]")
        let (h, _) = try NxRandom.normal(try NxRandom.key(.int(42)), .int(0), .int(1), shape: [3, 2], type: .f16)
        XCTAssertEqual(try summary(h), "f16[3][2] [-0.32568359375, -0.77197265625, 0.39208984375, 0.5341796875, 0.270751953125, -2.080078125]")
    }

    func testShuffleIsAPermutation() throws {
        let (s, _) = try NxRandom.shuffle(try NxRandom.key(.int(3)), .tensor(try Nx.iota([10])))
        XCTAssertEqual(try flat(s).map(\.doubleValue).sorted(), (0..<10).map(Double.init))
    }

    func testChoiceWithoutReplacementTakesDistinctEntries() throws {
        let (c, _) = try NxRandom.choice(try NxRandom.key(.int(2)), .tensor(try Nx.iota([3, 2])), samples: 6, replace: false)
        XCTAssertEqual(try flat(c).map(\.doubleValue).sorted(), (0..<6).map(Double.init))
    }

    func testBadKeysAndTypesRaise() throws {
        assertThrows(.argument("expected key to have shape {2}, got tensor with shape {3}")) {
            try NxRandom.split(try Nx.iota([3], type: .u32))
        }
        assertThrows(.argument("expected key with 32-bit unsigned integer type, got key with type {:s, 64}")) {
            try NxRandom.split(try Nx.iota([2]))
        }
        assertThrows(.argument("expected integer type, got type {:f, 32}")) {
            try NxRandom.randint(try NxRandom.key(.int(1)), .int(0), .int(3), type: .f32)
        }
        assertThrows(.argument("output type must be floating-point, got: {:s, 64}")) {
            try NxRandom.gumbel(try NxRandom.key(.int(1)), type: .s64)
        }
    }
}
