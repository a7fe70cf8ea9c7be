import XCTest
@testable import NxCore

/// `Nx.conv` with each of its options.
final class ConvTests: XCTestCase {
    func input4x4() throws -> Tensor { try Nx.iota([1, 1, 4, 4], type: .f32) }
    func diagonalKernel() throws -> Tensor {
        try Nx.tensor(.list([.list([.list([floats([1, 0]), floats([0, -1])])])]))
    }

    func testConvIsCrossCorrelationAsAFloat() throws {
        XCTAssertEqual(try summary(try Nx.conv(.tensor(try input4x4()), .tensor(try diagonalKernel()))),
                       "f32[1][1][3][3] [-5.0, -5.0, -5.0, -5.0, -5.0, -5.0, -5.0, -5.0, -5.0]")
    }

    /// A batch large enough to split across the worker team, each sample's gemm large enough to
    /// want the team too: the nested gemm runs on its part's thread, and every sample matches
    /// the same sample convolved alone (whose gemm does use the team).
    func testParallelBatchWithNestedGemmMatchesOneSampleAlone() throws {
        let one = try Nx.divide(.tensor(try Nx.iota([1, 8, 64, 64], type: .f32)), .float(1e4))
        let batch = try Nx.broadcast(.tensor(one), [4, 8, 64, 64])
        let kernel = try Nx.divide(.tensor(try Nx.iota([16, 8, 3, 3], type: .f32)), .float(100))
        let alone = try flat(try Nx.conv(.tensor(one), .tensor(kernel))).map(\.doubleValue)
        let all = try flat(try Nx.conv(.tensor(batch), .tensor(kernel))).map(\.doubleValue)
        XCTAssertEqual(all.count, 4 * alone.count)
        for (i, value) in all.enumerated() {
            let expected = alone[i % alone.count]
            if abs(value - expected) > 1e-5 * max(1, abs(expected)) { XCTFail("element \(i): \(value) vs \(expected)"); break }
        }
    }

    func testConvOfIntegersIsF32() throws {
        let x = try Nx.iota([1, 1, 3]), k = try Nx.broadcast(.number(.int(1)), [1, 1, 2])
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k))), "f32[1][1][2] [1.0, 3.0]")
    }

    func testConvStrides() throws {
        var o = Nx.ConvOptions()
        o.strides = [2, 2]
        XCTAssertEqual(try summary(try Nx.conv(.tensor(try input4x4()), .tensor(try diagonalKernel()), o)),
                       "f32[1][1][2][2] [-5.0, -5.0, -5.0, -5.0]")
    }

    func testConvSamePaddingAndExplicitPadding() throws {
        let x = try Nx.iota([1, 1, 3, 3], type: .f32), k = try Nx.broadcast(.float(1), [1, 1, 2, 2])
        var o = Nx.ConvOptions()
        o.padding = .same
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)),
                       "f32[1][1][3][3] [8.0, 12.0, 7.0, 20.0, 24.0, 13.0, 13.0, 15.0, 8.0]")
        o.padding = .explicit([(1, 0), (0, 1)])
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)),
                       "f32[1][1][3][3] [1.0, 3.0, 2.0, 8.0, 12.0, 7.0, 20.0, 24.0, 13.0]")
    }

    func testConvKernelAndInputDilation() throws {
        let x = try Nx.iota([1, 1, 3, 3], type: .f32), k = try Nx.broadcast(.float(1), [1, 1, 2, 2])
        var o = Nx.ConvOptions()
        o.kernelDilation = [2, 2]
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)), "f32[1][1][1][1] [16.0]")
        o = Nx.ConvOptions()
        o.inputDilation = [2, 1]
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)),
                       "f32[1][1][4][2] [1.0, 3.0, 7.0, 9.0, 7.0, 9.0, 13.0, 15.0]")
    }

    func testConvFeatureGroupsConvolveChannelsSeparately() throws {
        let x = try Nx.iota([1, 2, 5], type: .f32)
        let k = try Nx.tensor(.list([.list([floats([1, 1])]), .list([floats([1, -1])])]))
        var o = Nx.ConvOptions()
        o.featureGroupSize = 2
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)),
                       "f32[1][2][4] [1.0, 3.0, 5.0, 7.0, -1.0, -1.0, -1.0, -1.0]")
    }

    func testConvBatchGroupsSumBatchSlicesIntoChannels() throws {
        // Batch group g of the input meets output channel group g of the kernel.
        let x = try Nx.iota([2, 1, 3], type: .f32)
        let k = try Nx.broadcast(.float(1), [2, 1, 1])
        var o = Nx.ConvOptions()
        o.batchGroupSize = 2
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)), "f32[1][2][3] [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]")
    }

    func testConvPermutationsReadChannelsLast() throws {
        // Input {batch, spatial, channels}; the output permuted back to channels last.
        let x = try Nx.transpose(.tensor(try Nx.iota([1, 2, 5], type: .f32)), axes: [0, 2, 1])
        let k = try Nx.tensor(.list([.list([floats([1, 1])]), .list([floats([1, -1])])]))
        var o = Nx.ConvOptions()
        o.featureGroupSize = 2
        o.inputPermutation = [0, 2, 1]
        o.outputPermutation = [0, 2, 1]
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(k), o)),
                       "f32[1][4][2] [1.0, -1.0, 3.0, -1.0, 5.0, -1.0, 7.0, -1.0]")
    }

    func testConvChannelMismatchRaisesNxMessage() throws {
        let x = try Nx.iota([1, 2, 4], type: .f32), k = try Nx.iota([1, 3, 2], type: .f32)
        assertThrows(.argument("size of input channels divided by feature groups must match size of kernel channels, got 2 / 1 != 3 for shapes {1, 2, 4} and {1, 3, 2}")) {
            try Nx.conv(.tensor(x), .tensor(k))
        }
    }

    func testConvRankMismatchRaises() throws {
        let x = try Nx.iota([1, 2, 4], type: .f32), k = try Nx.iota([1, 2, 2, 2], type: .f32)
        XCTAssertThrowsError(try Nx.conv(.tensor(x), .tensor(k)))
    }

    func testNativeConvMatchesTheComposedConvWithStridesAndDilation() throws {
        for type in [DType.f32, .f64] {
            let x = try Nx.asType(.tensor(try Nx.binary(.remainder, .tensor(try Nx.iota([2, 3, 7, 6, 5])), .number(.int(11)))), type)
            let k = try Nx.asType(.tensor(try Nx.subtract(.tensor(try Nx.iota([4, 3, 2, 3, 2])), .number(.int(20)))), type)
            let out = TensorTemplate(type: type, shape: [2, 4, 3, 2, 4])
            let native = try NativeBackend.shared.conv(out, x, k, strides: [2, 1, 1], kernelDilation: [1, 2, 1])
            let composed = try Nx.composedConv(x, k, strides: [2, 1, 1], kernelDilation: [1, 2, 1], outSpatial: [3, 2, 4])
            XCTAssertEqual(native.shape, composed.shape)
            XCTAssertEqual(try flat(native).map(\.doubleValue), try flat(composed).map(\.doubleValue))
        }
    }

    func testHalfPrecisionConvUsesTheComposedPath() throws {
        let x = try Nx.iota([1, 1, 4], type: .f16), k = try Nx.broadcast(.float(1), [1, 1, 2])
        XCTAssertEqual(try summary(try Nx.conv(.tensor(x), .tensor(try Nx.asType(.tensor(k), .f16)))), "f16[1][1][3] [1.0, 3.0, 5.0]")
    }

    func testChannelsLastPermutationsMatchTheStandardLayout() throws {
        let x = try Nx.divide(.tensor(try Nx.iota([2, 3, 5, 4], type: .f32)), .float(7))
        let k = try Nx.subtract(.tensor(try Nx.iota([4, 3, 2, 3], type: .f32)), .float(30))
        let standard = try Nx.conv(.tensor(x), .tensor(k))
        var o = Nx.ConvOptions()
        o.inputPermutation = [0, 3, 1, 2]
        o.outputPermutation = [0, 3, 1, 2]
        let nhwc = try Nx.conv(.tensor(try Nx.transpose(.tensor(x), axes: [0, 2, 3, 1])), .tensor(k), o)
        XCTAssertEqual(nhwc.shape, [2, 4, 2, 4])
        XCTAssertEqual(try flat(nhwc).map(\.doubleValue), try flat(try Nx.transpose(.tensor(standard), axes: [0, 2, 3, 1])).map(\.doubleValue))
    }

    func testConvKeepsTheInputAxisNames() throws {
        let x = try Nx.rename(try Nx.iota([1, 1, 3], type: .f32), ["batch", "channels", "time"])
        XCTAssertEqual(try Nx.conv(.tensor(x), .tensor(try Nx.broadcast(.float(1), [1, 1, 2]))).names, ["batch", "channels", "time"])
    }

    func testConvErrorsUseNxWording() throws {
        let x = try Nx.iota([3, 2, 2], type: .f32)
        var o = Nx.ConvOptions()
        o.featureGroupSize = 2
        o.batchGroupSize = 2
        assertThrows(.argument("either batch groups or feature groups must be 1, got batch_groups = 2 and feature_groups = 2")) {
            try Nx.conv(.tensor(x), .tensor(try Nx.broadcast(.float(1), [1, 1, 1])), o)
        }
        o.batchGroupSize = 1
        assertThrows(.argument("size of kernel output channels must be evenly divisible by feature groups got rem(3, 2) != 0 for kernel with shape {3, 1, 1}")) {
            try Nx.conv(.tensor(x), .tensor(try Nx.broadcast(.float(1), [3, 1, 1])), o)
        }
        o = Nx.ConvOptions()
        o.strides = [1, 1]
        assertThrows(.argument("rank of strides much match rank of spatial dimensions got strides [1, 1] with rank 2 and got input shape {3, 2, 2} of rank 1")) {
            try Nx.conv(.tensor(x), .tensor(try Nx.broadcast(.float(1), [1, 2, 1])), o)
        }
    }
}
