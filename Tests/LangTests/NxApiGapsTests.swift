import XCTest
@testable import Lang

/// Nx 0.7.2 functions added for the API coverage follow-up: covariance, fill, fft2/ifft2.
final class NxApiGapsTests: XCTestCase {
    func testCovarianceOfSamplesMatchesNxDocs() throws {
        XCTAssertEqual(render(try nxEval("Nx.covariance(Nx.tensor([[1, 2], [3, 4], [5, 6]])) |> Nx.to_list()")),
                       "[[2.6666667461395264, 2.6666667461395264], [2.6666667461395264, 2.6666667461395264]]")
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.covariance(Nx.tensor([[1, 2], [3, 4], [5, 6]])))")), "{:f, 32}")
    }

    func testCovarianceDdofDividesByNMinusDdof() throws {
        XCTAssertEqual(render(try nxEval("Nx.covariance(Nx.tensor([[1, 2], [3, 4], [5, 6]]), ddof: 1) |> Nx.to_list()")),
                       "[[4.0, 4.0], [4.0, 4.0]]")
    }

    func testCovarianceWithGivenMean() throws {
        XCTAssertEqual(render(try nxEval("Nx.covariance(Nx.tensor([[1, 2], [3, 4], [5, 6]]), Nx.tensor([4, 3])) |> Nx.to_list()")),
                       "[[3.6666667461395264, 1.6666666269302368], [1.6666666269302368, 3.6666667461395264]]")
    }

    func testCovarianceBatchesLeadingAxes() throws {
        XCTAssertEqual(render(try nxEval("Nx.covariance(Nx.tensor([[[1, 2], [3, 4], [5, 6]], [[7, 6], [5, 4], [3, 2]]])) |> Nx.shape()")),
                       "{2, 2, 2}")
        XCTAssertEqual(render(try nxEval("Nx.covariance(Nx.tensor([[[1, 2], [3, 4], [5, 6]], [[7, 2], [5, 4], [3, 6]]]))[1] |> Nx.to_list()")),
                       "[[2.6666667461395264, -2.6666667461395264], [-2.6666667461395264, 2.6666667461395264]]")
    }

    func testCovarianceOfVectorRaises() {
        XCTAssertNxRaises("Nx.covariance(Nx.tensor([1, 2]))", "ArgumentError", "expected input tensor of rank 2 or more, got rank: 1")
    }

    func testFillKeepsShapeNamesAndType() throws {
        XCTAssertEqual(render(try nxEval("Nx.fill(Nx.tensor([[1, 2], [3, 4]], names: [:x, :y]), 5) |> Nx.to_list()")), "[[5, 5], [5, 5]]")
        XCTAssertEqual(render(try nxEval("Nx.fill(Nx.tensor([[1, 2], [3, 4]], names: [:x, :y]), 5) |> Nx.names()")), "[:x, :y]")
        XCTAssertEqual(render(try nxEval("Nx.fill(Nx.tensor([1, 2], type: :u8), 7.9) |> Nx.type()")), "{:u, 8}")
    }

    func testFillWithTypeOption() throws {
        XCTAssertEqual(render(try nxEval("Nx.fill(Nx.tensor([1, 2]), 5, type: :f32) |> Nx.to_list()")), "[5.0, 5.0]")
    }

    func testFft2OfTwoByTwo() throws {
        XCTAssertEqual(render(try nxEval("Nx.fft2(Nx.tensor([[1, 2], [3, 4]])) |> Nx.real() |> Nx.to_list()")), "[[10.0, -2.0], [-4.0, 0.0]]")
        XCTAssertEqual(render(try nxEval("Nx.fft2(Nx.tensor([[1, 2], [3, 4]])) |> Nx.type()")), "{:c, 64}")
    }

    func testIfft2InvertsFft2() throws {
        XCTAssertEqual(render(try nxEval("Nx.tensor([[1, 2], [3, 4]]) |> Nx.fft2() |> Nx.ifft2() |> Nx.real() |> Nx.to_list()")),
                       "[[1.0, 2.0], [3.0, 4.0]]")
    }

    func testFft2LengthsPadTheLastTwoAxes() throws {
        XCTAssertEqual(render(try nxEval("Nx.fft2(Nx.tensor([[1, 2], [3, 4]]), lengths: [3, 4]) |> Nx.shape()")), "{3, 4}")
        XCTAssertEqual(render(try nxEval("Nx.fft2(Nx.iota({2, 3}), lengths: [2, :power_of_two]) |> Nx.shape()")), "{2, 4}")
    }

    func testFft2OfVectorRaises() {
        XCTAssertNxRaises("Nx.fft2(Nx.tensor([1, 2]))", "ArgumentError", "expected a tensor with rank > 1, got tensor with rank 1")
    }
}

/// `Nx.reflect` and `Nx.split`.
final class NxReflectSplitTests: XCTestCase {
    func testReflectMirrorsWithoutRepeatingTheEdge() throws {
        XCTAssertEqual(render(try nxEval("Nx.reflect(Nx.tensor([0, 1, 2]), padding_config: [{3, 1}]) |> Nx.to_list()")),
                       "[1, 2, 1, 0, 1, 2, 1]")
    }

    func testReflectPadsEveryAxis() throws {
        XCTAssertEqual(render(try nxEval("Nx.reflect(Nx.tensor([[0, 1], [2, 3]]), padding_config: [{1, 0}, {0, 1}]) |> Nx.to_list()")),
                       "[[2, 3, 2], [0, 1, 0], [2, 3, 2]]")
    }

    func testReflectOfSingleElementRepeatsIt() throws {
        XCTAssertEqual(render(try nxEval("Nx.reflect(Nx.tensor([5]), padding_config: [{2, 2}]) |> Nx.to_list()")), "[5, 5, 5, 5, 5]")
    }

    func testReflectNeedsOnePairPerAxis() {
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.reflect(Nx.tensor([1, 2]), padding_config: [{1, 1}, {1, 1}])") }
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.reflect(Nx.tensor([1, 2]), [])") }
    }

    func testSplitByCount() throws {
        XCTAssertEqual(render(try nxEval("{a, b} = Nx.split(Nx.iota({3, 2}), 2); {Nx.to_list(a), Nx.to_list(b)}")),
                       "{[[0, 1], [2, 3]], [[4, 5]]}")
    }

    func testSplitByFractionAlongAxis() throws {
        XCTAssertEqual(render(try nxEval("{a, b} = Nx.split(Nx.iota({4}), 0.5); {Nx.to_list(a), Nx.to_list(b)}")), "{[0, 1], [2, 3]}")
        XCTAssertEqual(render(try nxEval("{a, b} = Nx.split(Nx.iota({2, 3}), 1, axis: 1); {Nx.to_list(a), Nx.to_list(b)}")),
                       "{[[0], [3]], [[1, 2], [4, 5]]}")
    }

    func testSplitOutsideTheAxisRaises() {
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.split(Nx.iota({4}), 4)") }
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.split(Nx.iota({4}), 1.5)") }
    }
}

/// `Nx.Random.multivariate_normal` and `Nx.Random.threefry2x32`.
final class NxRandomMultivariateTests: XCTestCase {
    func testMultivariateNormalOfUnitVarianceMatchesNxDocs() throws {
        // Nx 0.7's documented example: key 12, mean [0], covariance [[1]].
        XCTAssertEqual(render(try nxEval("{s, _} = Nx.Random.multivariate_normal(Nx.Random.key(12), Nx.tensor([0]), Nx.tensor([[1]])); Nx.to_list(s)")),
                       "[0.735927939414978]")
    }

    func testMultivariateNormalIsMeanPlusCholeskyTimesNormals() throws {
        let code = """
        key = Nx.Random.key(3)
        cov = Nx.tensor([[4.0, 2.0], [2.0, 3.0]])
        {s, k} = Nx.Random.multivariate_normal(key, Nx.tensor([1.0, -1.0]), cov, shape: {2})
        {z, k2} = Nx.Random.normal(key, shape: {2, 2})
        expected = Nx.add(Nx.tensor([1.0, -1.0]), Nx.dot(z, Nx.transpose(Nx.LinAlg.cholesky(cov))))
        {Nx.to_number(Nx.all_close(s, expected)), Nx.shape(s), k == k2}
        """
        XCTAssertEqual(render(try nxEval(code)), "{1, {2, 2}, true}")
    }

    func testMultivariateNormalChecksShapes() {
        XCTAssertNxRaises("Nx.Random.multivariate_normal(Nx.Random.key(1), Nx.tensor([0.0, 0.0]), Nx.tensor([[1.0]]))",
                          "ArgumentError", "expected mean and covariance to have the same dimensions, got: 2 and 1")
        XCTAssertRaises("RuntimeError") {
            try nxEval("Nx.Random.multivariate_normal(Nx.Random.key(1), Nx.tensor([0.0]), Nx.tensor([[1.0]]), method: :svd)")
        }
    }

    func testThreefryOfIotaIsTheKeySplit() throws {
        // split/2 hashes the counters 0..3; hashing them directly must give the same words.
        XCTAssertEqual(render(try nxEval("Nx.to_list(Nx.Random.threefry2x32(Nx.Random.key(42), Nx.iota({2, 2}, type: :u32))) == Nx.to_list(Nx.Random.split(Nx.Random.key(42)))")),
                       "true")
        XCTAssertEqual(render(try nxEval("Nx.Random.threefry2x32(Nx.Random.key(42), Nx.tensor([[1, 2], [3, 4]], type: :u32)) |> Nx.to_list()")),
                       "[[3679230171, 2909313573], [267815257, 2140922894]]")
    }

    func testThreefryNeedsU32Counts() {
        XCTAssertNxRaises("Nx.Random.threefry2x32(Nx.Random.key(42), Nx.tensor([1, 2]))", "ArgumentError",
                          "expected count to be a tensor of type {:u, 32}, got: {:s, 64}")
    }
}
