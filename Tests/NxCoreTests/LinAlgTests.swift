import XCTest
import ComplexModule
@testable import NxCore

/// Nx.LinAlg and Nx.fft: values from Nx's documented examples and the api_linalg_* cases.
final class LinAlgTests: XCTestCase {
    func f(_ rows: [[Double]]) throws -> Tensor { try Nx.tensor(.list(rows.map(floats))) }

    func assertClose(_ t: Tensor, _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) throws {
        let values = try flat(t).map(\.doubleValue)
        XCTAssertEqual(values.count, expected.count, file: file, line: line)
        for (v, e) in zip(values, expected) { XCTAssertEqual(v, e, accuracy: 1e-5, file: file, line: line) }
    }

    func testCholeskyOfDocumentedMatrix() throws {
        let l = try NxLinAlg.cholesky(.tensor(try f([[20, 17.6], [17.6, 16]])))
        XCTAssertEqual(l.type, .f32)
        try assertClose(l, [4.4721360206604, 0, 3.9354796409606934, 0.7155418395996094])
    }

    func testQrReflectsOntoPositiveDiagonal() throws {
        let (q, r) = try NxLinAlg.qr(.tensor(try f([[3, 0], [4, 5]])))
        try assertClose(q, [0.6, 0.8, 0.8, -0.6])
        try assertClose(r, [5, 4, 0, -3])
    }

    func testQrModesShapes() throws {
        let a = try Nx.iota([3, 2], type: .f32)
        XCTAssertEqual(try NxLinAlg.qr(.tensor(a)).0.shape, [3, 2])
        XCTAssertEqual(try NxLinAlg.qr(.tensor(a), complete: true).0.shape, [3, 3])
        XCTAssertEqual(try NxLinAlg.qr(.tensor(a), complete: true).1.shape, [3, 2])
    }

    func testLuPivotsLikeNxDocs() throws {
        let (p, l, u) = try NxLinAlg.lu(.tensor(try Nx.tensor(matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))))
        XCTAssertEqual(try summary(p), "s64[3][3] [0, 0, 1, 0, 1, 0, 1, 0, 0]")
        XCTAssertEqual(try summary(l), "f32[3][3] [1.0, 0.0, 0.0, 0.5714285969734192, 1.0, 0.0, 0.1428571492433548, 2.0, 1.0]")
        XCTAssertEqual(try summary(u), "f32[3][3] [7.0, 8.0, 9.0, 0.0, 0.4285714328289032, 0.8571428656578064, 0.0, 0.0, 0.0]")
    }

    func testLuReconstructs() throws {
        let a = try Nx.tensor(matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]))
        let (p, l, u) = try NxLinAlg.lu(.tensor(a))
        XCTAssertEqual(p.type, .s64)
        try assertClose(p, [0, 0, 1, 0, 1, 0, 1, 0, 0])
        try assertClose(try Nx.dot(.tensor(try Nx.dot(.tensor(p), .tensor(l))), .tensor(u)), [1, 2, 3, 4, 5, 6, 7, 8, 10])
    }

    func testTriangularSolveOptions() throws {
        let a = try Nx.tensor(matrix([[3, 0, 0, 0], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]]))
        try assertClose(try NxLinAlg.triangularSolve(.tensor(a), .tensor(try Nx.tensor(ints([4, 2, 4, 2])))),
                        [1.3333333730697632, -0.6666666865348816, 2.6666667461395264, -1.3333333730697632])
        let upper = try Nx.tensor(matrix([[1, 1, 1], [0, 1, 1], [0, 0, 1]]), type: .f64)
        try assertClose(try NxLinAlg.triangularSolve(.tensor(upper), .tensor(try Nx.tensor(ints([1, 2, 1]))), lower: false, transposeA: true),
                        [1, 1, -1])
        let lower = try Nx.tensor(matrix([[1, 0, 0], [1, 1, 0], [1, 2, 1]]))
        try assertClose(try NxLinAlg.triangularSolve(.tensor(lower), .tensor(try Nx.tensor(matrix([[0, 1, 3], [2, 1, 3]]))), leftSide: false),
                        [2, -5, 3, 4, -5, 3])
    }

    func testTriangularSolveShapeErrors() throws {
        assertThrows(.argument("triangular_solve/3 expected a square matrix or a batch of square matrices, got tensor with shape: {2, 4}")) {
            try NxLinAlg.triangularSolve(.tensor(try Nx.iota([2, 4])), .tensor(try Nx.iota([4])))
        }
        assertThrows(.argument("incompatible dimensions for a and b on triangular solve")) {
            try NxLinAlg.triangularSolve(.tensor(try Nx.iota([4, 4])), .tensor(try Nx.iota([1])))
        }
    }

    func testSolveVectorAndMatrix() throws {
        let a = try f([[3, 1], [1, 2]])
        try assertClose(try NxLinAlg.solve(.tensor(a), .tensor(try Nx.tensor(floats([9, 8])))), [2, 3])
        try assertClose(try NxLinAlg.invert(.tensor(try f([[4, 7], [2, 6]]))), [0.6, -0.7, -0.2, 0.4])
        assertThrows(.argument("`a` tensor has incompatible dimensions, expected a square matrix or a batch of square matrices, got: {2, 3}")) {
            try NxLinAlg.solve(.tensor(try Nx.iota([2, 3], type: .f32)), .tensor(try Nx.tensor(floats([1, 2]))))
        }
        assertThrows(.argument("`b` tensor has incompatible dimensions, expected {2, 2} or {2}, got: {3}")) {
            try NxLinAlg.solve(.tensor(a), .tensor(try Nx.iota([3])))
        }
    }

    func testDeterminantClosedFormsAndLU() throws {
        try assertClose(try NxLinAlg.determinant(.tensor(try f([[4, 7], [2, 6]]))), [10])
        try assertClose(try NxLinAlg.determinant(.tensor(try Nx.tensor(matrix([[1, 2, 3], [0, 1, 4], [5, 6, 0]])))), [1])
        let four = try Nx.tensor(matrix([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 2, 0]]))
        let det = try NxLinAlg.determinant(.tensor(four))
        XCTAssertEqual(det.template, TensorTemplate(type: .f32, shape: []))
        try assertClose(det, [-2])
        let batch = try Nx.stack([.tensor(four), .tensor(try Nx.eye([4, 4]))])
        try assertClose(try NxLinAlg.determinant(.tensor(batch)), [-2, 1])
    }

    func testNormOrds() throws {
        let v = try Nx.tensor(ints([3, -4]))
        try assertClose(try NxLinAlg.norm(.tensor(v)), [5])
        try assertClose(try NxLinAlg.norm(.tensor(v), ord: .integer(1)), [7])
        try assertClose(try NxLinAlg.norm(.tensor(v), ord: .inf), [4])
        try assertClose(try NxLinAlg.norm(.tensor(v), ord: .negInf), [3])
        try assertClose(try NxLinAlg.norm(.tensor(try Nx.tensor(ints([3, -4, 0, 0]))), ord: .integer(0)), [2])
        let m = try Nx.tensor(matrix([[3, -2], [2, -4]]))
        try assertClose(try NxLinAlg.norm(.tensor(m), ord: .integer(1)), [6])
        try assertClose(try NxLinAlg.norm(.tensor(m), ord: .inf), [6])
        try assertClose(try NxLinAlg.norm(.tensor(m), ord: .negInf), [5])
        // Nx 0.7.2 divides by the per-row maxima broadcast along columns: [1.414..., 7.211...]
        try assertClose(try NxLinAlg.norm(.tensor(try f([[1, -2], [3, 4]])), axes: [1]), [1.4142135381698608, 7.211102485656738])
        assertThrows(.argument("expected a 2-D tensor for ord: :frobenius, got a 1-D tensor")) {
            try NxLinAlg.norm(.tensor(v), ord: .frobenius)
        }
    }

    func testMatrixPowerAndAdjoint() throws {
        let a = try Nx.tensor(matrix([[1, 2], [3, 4]]))
        XCTAssertEqual(try summary(try NxLinAlg.matrixPower(.tensor(a), 3)), "s64[2][2] [37, 54, 81, 118]")
        XCTAssertEqual(try summary(try NxLinAlg.matrixPower(.tensor(a), 0)), "s64[2][2] [1, 0, 0, 1]")
        try assertClose(try NxLinAlg.matrixPower(.tensor(a), -1), [-2, 1, 1.5, -0.5])
        XCTAssertEqual(try summary(try NxLinAlg.adjoint(.tensor(a))), "s64[2][2] [1, 3, 2, 4]")
    }

    func testFftAndInverse() throws {
        XCTAssertEqual(try summary(try Nx.fft(.tensor(try Nx.tensor(floats([1, 0, -1, 0]))))), "c64[4] [0.0+0.0i, 2.0+0.0i, 0.0+0.0i, 2.0+0.0i]")
        XCTAssertEqual(try summary(try Nx.fft(.tensor(try Nx.tensor(ints([1, 2, 3, 4]))))), "c64[4] [10.0+0.0i, -2.0+2.0i, -2.0+0.0i, -2.0-2.0i]")
        XCTAssertEqual(try summary(try Nx.fft(.tensor(try Nx.tensor(floats([1, 1, 1]))), length: 4)), "c64[4] [3.0+0.0i, 0.0-1.0i, 1.0+0.0i, 0.0+1.0i]")
        let back = try Nx.fft(.tensor(try Nx.fft(.tensor(try Nx.tensor(floats([1, 2, 3]))))), inverse: true)
        let re = try flat(try Nx.unary(.real, .tensor(back))).map(\.doubleValue)
        for (v, e) in zip(re, [1.0, 2, 3]) { XCTAssertEqual(v, e, accuracy: 1e-5) }
        assertThrows(.argument("expected a tensor with rank > 0, got tensor with rank 0")) { try Nx.fft(.int(1)) }
    }

    func testLuOfDocumentedSingularMatrix() throws {
        let (p, l, u) = try NxLinAlg.lu(.tensor(try Nx.tensor(matrix([[1, 0, 1], [-1, 0, -1], [1, 1, 1]]))))
        XCTAssertEqual(try summary(p), "s64[3][3] [1, 0, 0, 0, 0, 1, 0, 1, 0]")
        XCTAssertEqual(try summary(l), "f32[3][3] [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, -1.0, 0.0, 1.0]")
        XCTAssertEqual(try summary(u), "f32[3][3] [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]")
    }

    func testSvdSingularValuesDescendAndReconstruct() throws {
        let a = try Nx.tensor(matrix([[2, 0, 0], [0, 3, 0], [0, 0, -1], [0, 0, 0]]))
        let (u, s, vt) = try NxLinAlg.svd(.tensor(a))
        XCTAssertEqual(u.shape, [4, 4])
        XCTAssertEqual(vt.shape, [3, 3])
        try assertClose(s, [3, 2, 1])
        let (ur, sr, vtr) = try NxLinAlg.svd(.tensor(a), fullMatrices: false)
        XCTAssertEqual(ur.shape, [4, 3])
        let rebuilt = try Nx.dot(.tensor(try Nx.multiply(.tensor(ur), .tensor(sr))), .tensor(vtr))
        try assertClose(rebuilt, [2, 0, 0, 0, 3, 0, 0, 0, -1, 0, 0, 0])
    }

    func testEighSatisfiesEigenEquation() throws {
        let a = try Nx.tensor(matrix([[2, 5], [5, 6]]))
        let (values, vectors) = try NxLinAlg.eigh(.tensor(a))
        try assertClose(values, [4 - 29.0.squareRoot(), 4 + 29.0.squareRoot()])
        let av = try Nx.dot(.tensor(a), .tensor(vectors))
        let vl = try Nx.multiply(.tensor(vectors), .tensor(values))
        try assertClose(av, try flat(vl).map(\.doubleValue))
    }

    func testPinvRankAndLeastSquares() throws {
        try assertClose(try NxLinAlg.pinv(.int(2)), [0.5])
        XCTAssertEqual(try summary(try NxLinAlg.pinv(.tensor(try Nx.tensor(ints([0, 0, 0]))))), "f32[3] [0.0, 0.0, 0.0]")
        try assertClose(try NxLinAlg.pinv(.tensor(try Nx.tensor(ints([0, 1, 2])))), [0, 0.2, 0.4])
        try assertClose(try NxLinAlg.pinv(.tensor(try Nx.tensor(matrix([[1, 1], [3, 4]])))), [4, -1, -3, 1])
        XCTAssertEqual(try summary(try NxLinAlg.matrixRank(.tensor(try Nx.tensor(matrix([[1, 1, 1, 1], [1, 1, 1, 1], [1, 2, 3, 4]]))))), "u64 [2]")
        try assertClose(try NxLinAlg.leastSquares(.tensor(try Nx.tensor(matrix([[1, 2, 3], [4, 5, 6]]))), .tensor(try Nx.tensor(ints([1, 2])))),
                        [-1.0 / 18, 1.0 / 9, 5.0 / 18])
        assertThrows(.argument("tensor of 2nd argument must have rank 1, got rank 2 with shape {2, 2}")) {
            try NxLinAlg.leastSquares(.tensor(try Nx.iota([2, 2])), .tensor(try Nx.iota([2, 2])))
        }
    }

    func testNormsFromSingularValues() throws {
        let d = try Nx.tensor(matrix([[1, 0, 0], [0, -4, 0], [0, 0, 9]]))
        try assertClose(try NxLinAlg.norm(.tensor(d), ord: .nuclear), [14])
        try assertClose(try NxLinAlg.norm(.tensor(d), ord: .integer(-2)), [1])
    }

    func testDeterminantRefusesNonSquare() {
        assertThrows(.argument("determinant/1 expects a square tensor, got tensor with shape: [2, 3]")) {
            try NxLinAlg.determinant(.tensor(try Nx.iota([2, 3])))
        }
    }

    func testBluesteinAgreesWithDirectSum() {
        let x = (0..<100).map { Complex<Double>(Double($0 % 7) - 3, Double($0 % 5)) }
        let fast = FourierTransform.transform(x, inverse: false)
        let slow = FourierTransform.direct(x, inverse: false)
        for (a, b) in zip(fast, slow) {
            XCTAssertEqual(a.real, b.real, accuracy: 1e-9)
            XCTAssertEqual(a.imaginary, b.imaginary, accuracy: 1e-9)
        }
        let back = FourierTransform.transform(fast, inverse: true)
        for (a, b) in zip(back, x) { XCTAssertEqual(a.real, b.real, accuracy: 1e-9) }
    }

    func testTriangularSolveIgnoresTheOtherTriangle() throws {
        let a = try f([[2, 99], [1, 4]])
        try assertClose(try NxLinAlg.triangularSolve(.tensor(a), .tensor(try Nx.tensor(floats([4, 6])))), [2, 1])
    }

    func testCholeskyOfIndefiniteMatrixIsNaN() throws {
        let l = try NxLinAlg.cholesky(.tensor(try f([[1, 2], [2, 1]])))
        XCTAssertTrue(try flat(l).map(\.doubleValue).contains { $0.isNaN })
    }

    func testBatchedSolve() throws {
        let a = try Nx.stack([.tensor(try f([[3, 1], [1, 2]])), .tensor(try f([[2, 0], [0, 4]]))])
        let b = try Nx.tensor(.list([floats([9, 8]), floats([2, 8])]))
        try assertClose(try NxLinAlg.solve(.tensor(a), .tensor(b)), [2, 3, 1, 2])
    }

    func testLargeBatchRunsInParallelAndReconstructs() throws {
        let eye = try Nx.multiply(.tensor(try Nx.eye([30, 30], type: .f64)), .int(100))
        let a = try Nx.add(.tensor(try Nx.iota([40, 30, 30], type: .f64)), .tensor(eye))
        let (q, r) = try NxLinAlg.qr(.tensor(a))
        let rebuilt = try Nx.dot(.tensor(q), contract: [2], batch: [0], .tensor(r), contract: [1], batch: [0])
        let difference = try Nx.reduce(.reduce_max, .tensor(try Nx.unary(.abs, .tensor(try Nx.subtract(.tensor(rebuilt), .tensor(a))))))
        XCTAssertLessThan(try Nx.toNumber(difference).doubleValue, 1e-8)
    }

    func testComplexCholeskyAndTriangularSolve() throws {
        let h = try Nx.tensor(.list([.list([.number(.float(1)), .number(.complex(0, -2))]), .list([.number(.complex(0, 2)), .number(.float(5))])]))
        XCTAssertEqual(try summary(try NxLinAlg.cholesky(.tensor(h))), "c64[2][2] [1.0+0.0i, 0.0+0.0i, 0.0+2.0i, 1.0+0.0i]")
        let a = try Nx.tensor(.list([.list([.number(.int(1)), .number(.int(0)), .number(.int(0))]),
                                     .list([.number(.int(1)), .number(.complex(0, 1)), .number(.int(0))]),
                                     .list([.number(.complex(0, 1)), .number(.int(1)), .number(.int(1))])]))
        let b = try Nx.tensor(.list([.number(.int(1)), .number(.int(-1)), .number(.complex(3, 3))]))
        let x = try flat(try NxLinAlg.triangularSolve(.tensor(a), .tensor(b)))
        let expected: [(Double, Double)] = [(1, 0), (0, 2), (3, 0)]
        for (v, e) in zip(x, expected) {
            guard case .complex(let re, let im) = v else { return XCTFail("expected complex, got \(v)") }
            XCTAssertEqual(re, e.0, accuracy: 1e-6)
            XCTAssertEqual(im, e.1, accuracy: 1e-6)
        }
    }

    func testComplexDeterminantThroughLU() throws {
        func c(_ re: Double, _ im: Double) -> NestedNumbers { .number(.complex(re, im)) }
        let z = c(0, 0), one = c(1, 0)
        let t = try Nx.tensor(.list([.list([z, z, z, one]), .list([z, c(0, 2), z, z]), .list([z, z, c(3, 0), z]), .list([one, z, z, z])]))
        XCTAssertEqual(try summary(try NxLinAlg.determinant(.tensor(t))), "c64 [-0.0-6.0i]")
    }
}
