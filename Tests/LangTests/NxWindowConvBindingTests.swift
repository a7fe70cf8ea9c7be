import XCTest
import NxCore
@testable import Lang

/// Option parsing of the window functions and conv.
final class NxWindowConvBindingTests: XCTestCase {
    func testWindowSumTakesIntegerStridesAndPaddingList() throws {
        let r = try evaluate("Nx.window_sum(Nx.tensor([1, 2, 3, 4, 5]), {2}, padding: [{1, 1}], strides: 2) |> Nx.to_flat_list()").result
        XCTAssertEqual(r, "[1, 5, 9]")
    }

    func testWindowReduceCallsTheFunction() throws {
        let r = try evaluate("Nx.window_reduce(Nx.tensor([1, 2, 3, 4]), 0, {2}, fn x, acc -> Nx.max(x, acc) end) |> Nx.to_flat_list()").result
        XCTAssertEqual(r, "[2, 3, 4]")
    }

    func testWindowScatterMaxBinding() throws {
        let code = "Nx.window_scatter_max(Nx.tensor([1, 5, 2, 3]), Nx.tensor([10, 20]), 0, {2}, strides: [2]) |> Nx.to_flat_list()"
        XCTAssertEqual(try evaluate(code).result, "[0, 10, 0, 20]")
    }

    func testUnknownPaddingRaises() throws {
        let banner = errorBanner("Nx.window_sum(Nx.iota({4}), {2}, padding: :full)")
        XCTAssertEqual(banner, "** (ArgumentError) invalid padding mode specified, padding must be one of :valid, :same, or a padding configuration, got: :full")
    }

    func testConvFeatureGroupOption() throws {
        let code = "Nx.conv(Nx.iota({1, 2, 5}, type: :f32), Nx.tensor([[[1.0, 1.0]], [[1.0, -1.0]]]), feature_group_size: 2) |> Nx.to_flat_list()"
        XCTAssertEqual(try evaluate(code).result, "[1.0, 3.0, 5.0, 7.0, -1.0, -1.0, -1.0, -1.0]")
    }

    func testConvUnknownOptionRaises() throws {
        let banner = errorBanner("Nx.conv(Nx.iota({1, 1, 3}), Nx.iota({1, 1, 1}), stride: 2)")
        XCTAssertNotNil(banner)
        XCTAssertTrue(banner?.hasPrefix("** (ArgumentError) unknown key :stride") ?? false)
    }

    func testConvChannelMismatchRaises() throws {
        let banner = errorBanner("Nx.conv(Nx.iota({1, 2, 4}, type: :f32), Nx.iota({1, 3, 2}, type: :f32))")
        XCTAssertEqual(banner, "** (ArgumentError) size of input channels divided by feature groups must match size of kernel channels, got 2 / 1 != 3 for shapes {1, 2, 4} and {1, 3, 2}")
    }
}

/// `Nx.Batch`, checked against Nx's documented examples through `materialize`.
final class NxBatchTests: XCTestCase {
    /// What consuming the batch built by `code` gives.
    func materializedValue(_ code: String) throws -> Value {
        let outcome: Result<Value, Error> = DeepStack.run {
            let interp = Interpreter(registry: Registry(), output: { _, _ in })
            return Result { try NxBatchModule.materialize(try interp.evaluate(code, file: "test.exs")) }
        }
        return try outcome.get()
    }

    func materialized(_ code: String) throws -> String { Inspector.inspect(try materializedValue(code)) }

    func testStackCountsEachEntryOnce() throws {
        XCTAssertEqual(try evaluate("Nx.Batch.stack([Nx.tensor(1), Nx.tensor(2), Nx.tensor(3)]).size").result, "3")
        XCTAssertEqual(try materialized("Nx.Batch.stack([Nx.tensor(1), Nx.tensor(2), Nx.tensor(3)])"),
                       "#Nx.Tensor<\n  s64[3]\n  [1, 2, 3]\n>")
    }

    func testConcatenateCountsFirstAxisEntries() throws {
        XCTAssertEqual(try evaluate("Nx.Batch.concatenate([Nx.tensor([1, 2]), Nx.tensor([3, 4, 5])]).size").result, "5")
    }

    func testMergeThenPadMaterializesInOrderWithZeros() throws {
        let code = """
        b1 = Nx.Batch.stack([Nx.tensor(1), Nx.tensor(2), Nx.tensor(3)])
        b2 = Nx.Batch.concatenate([Nx.tensor([4, 5]), Nx.tensor([6, 7, 8])])
        Nx.Batch.merge(b1, b2) |> Nx.Batch.pad(2)
        """
        XCTAssertEqual(try materialized(code), "#Nx.Tensor<\n  s64[10]\n  [1, 2, 3, 4, 5, 6, 7, 8, 0, 0]\n>")
    }

    func testSplitCutsAnEntryInTwo() throws {
        let code = """
        {left, right} = Nx.Batch.split(Nx.Batch.concatenate([Nx.tensor([1, 2]), Nx.tensor([3, 4, 5])]), 3)
        {left.size, right.size}
        """
        XCTAssertEqual(try evaluate(code).result, "{3, 2}")
        XCTAssertEqual(try materialized("elem(Nx.Batch.split(Nx.Batch.concatenate([Nx.tensor([1, 2]), Nx.tensor([3, 4, 5])]), 3), 1)"),
                       "#Nx.Tensor<\n  s64[2]\n  [4, 5]\n>")
    }

    func testContainersBatchPositionByPosition() throws {
        let code = "Nx.Batch.stack([{Nx.tensor(11), Nx.tensor(21)}, {Nx.tensor(12), Nx.tensor(22)}])"
        guard case .tuple(let items) = try materializedValue(code), items.count == 2,
              case .tensor(let first) = items[0], case .tensor(let second) = items[1] else {
            return XCTFail("expected a tuple of two tensors")
        }
        XCTAssertEqual(try Nx.toFlatList(first).map(\.doubleValue), [11, 12])
        XCTAssertEqual(try Nx.toFlatList(second).map(\.doubleValue), [21, 22])
    }

    func testInspectShowsSizeAndPad() throws {
        XCTAssertEqual(try evaluate("Nx.Batch.stack([Nx.tensor(1)])").result, "#Nx.Batch<size: 1, pad: 0, ...>")
    }

    func testIncompatibleEntriesRaise() throws {
        XCTAssertNotNil(errorBanner("Nx.Batch.stack([Nx.tensor(1), Nx.tensor([1, 2])])"))
    }
}
