import XCTest
@testable import Lang

/// The rest of the Nx API inside defn: conv as one graph node, windows, Random, LinAlg, FFT,
/// cumulative ops, sort and top_k giving the eager results under jit, and Nx.Batch arguments.
final class DefnApiInsideDefnTests: XCTestCase {
    /// `inspect` of `expr` (with `x` bound to `setup`) eagerly and inside Nx.Defn.jit.
    func eagerAndJitted(_ setup: String, _ expr: String) throws -> (String, String) {
        let code = """
        x = \(setup)
        IO.puts inspect(\(expr))
        IO.puts "----"
        IO.puts inspect(Nx.Defn.jit(fn x -> \(expr) end).(x))
        """
        let parts = try evaluate(code).output.components(separatedBy: "----\n")
        XCTAssertEqual(parts.count, 2, "no output for \(expr)")
        return (parts.first ?? "", parts.last ?? "")
    }

    func assertSameInsideDefn(_ setup: String, _ expr: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (eager, jitted) = try eagerAndJitted(setup, expr)
        XCTAssertEqual(jitted, eager, expr, file: file, line: line)
        XCTAssertFalse(eager.contains("Expr"), expr, file: file, line: line)
    }

    func debugExprLines(_ code: String) throws -> [String] {
        try evaluate(code).output.split(separator: "\n").map { String($0) }
    }

    func testConvRecordsOneConvNodeWithNxOptions() throws {
        let lines = try debugExprLines("""
        IO.inspect Nx.Defn.debug_expr(fn x, k -> Nx.conv(x, k, strides: [2, 1], padding: :same) end).(Nx.iota({1, 2, 4, 4}, type: :f32), Nx.iota({3, 2, 3, 3}, type: :f32))
        """)
        XCTAssertTrue(lines.contains("  c = conv a, b, strides: [2, 1], padding: [{1, 1}, {1, 1}], input_dilation: [1, 1], kernel_dilation: [1, 1], feature_group_size: 1, batch_group_size: 1, input_permutation: [0, 1, 2, 3], kernel_permutation: [0, 1, 2, 3], output_permutation: [0, 1, 2, 3]   f32[1][3][2][4]"), lines.joined(separator: "\n"))
        XCTAssertFalse(lines.contains { $0.contains("= dot") || $0.contains("= slice") }, lines.joined(separator: "\n"))
    }

    func testConvOfIntegersRecordsItsFloatResultType() throws {
        let lines = try debugExprLines("""
        IO.inspect Nx.Defn.debug_expr(fn x, k -> Nx.conv(x, k) end).(Nx.iota({1, 1, 3}), Nx.iota({1, 1, 2}))
        """)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  c = conv a, b, strides: [1], padding: [{0, 0}]") && $0.hasSuffix("f32[1][1][2]") },
                      lines.joined(separator: "\n"))
    }

    func testConvInsideDefnMatchesEagerWithGroupsDilationsAndPermutations() throws {
        let x = "Nx.iota({2, 4, 5, 5}, type: :f32)"
        try assertSameInsideDefn(x, "Nx.conv(x, Nx.iota({4, 2, 2, 2}, type: :f32), feature_group_size: 2, padding: [{1, 0}, {0, 2}], input_dilation: [1, 2], kernel_dilation: [2, 1], strides: [1, 2])")
        try assertSameInsideDefn(x, "Nx.conv(x, Nx.iota({4, 4, 3, 1}, type: :f32), batch_group_size: 2)")
        try assertSameInsideDefn(x, "Nx.conv(x, Nx.iota({3, 5, 2, 1}), input_permutation: [0, 3, 1, 2], kernel_permutation: [0, 1, 2, 3], output_permutation: [0, 3, 1, 2])")
    }

    func testConvErrorsInsideDefnAreNxErrors() throws {
        XCTAssertEqual(errorBanner("Nx.Defn.jit(fn x -> Nx.conv(x, Nx.iota({1, 3, 2})) end).(Nx.iota({1, 2, 4}, type: :f32))"),
                       "** (ArgumentError) size of input channels divided by feature groups must match size of kernel channels, got 2 / 1 != 3 for shapes {1, 2, 4} and {1, 3, 2}")
    }

    func testWindowOpsRecordOneWindowNodeWithNxOptions() throws {
        let lines = try debugExprLines("""
        IO.inspect Nx.Defn.debug_expr(fn x -> Nx.window_mean(x, {1, 2}, padding: :same, strides: [1, 2]) end).(Nx.iota({2, 3}, type: :f32))
        """)
        XCTAssertTrue(lines.contains("  b = window_sum a, {1, 2}, padding: [{0, 0}, {0, 1}], strides: [1, 2], window_dilations: [1, 1]   f32[2][2]"),
                      lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("  c = divide b, 2") }, lines.joined(separator: "\n"))
    }

    func testWindowsInsideDefnMatchEager() throws {
        let x = "Nx.tensor([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])"
        for expr in ["Nx.window_sum(x, {1, 2}, strides: [1, 1], padding: :same)", "Nx.window_max(x, {2, 2}, padding: :same)",
                     "Nx.window_min(x, {1, 2}, window_dilations: [1, 2])", "Nx.window_mean(x, {2, 1})",
                     "Nx.window_product(x, {1, 3}, padding: [{0, 0}, {1, 1}])",
                     "Nx.window_reduce(x, 0.0, {1, 2}, &Nx.add/2)",
                     "Nx.window_scatter_max(x, Nx.tensor([[2.0, 3.0]]), 0.0, {2, 2}, strides: [1, 1])",
                     "Nx.window_scatter_min(x, Nx.tensor([[2.0, 3.0]]), 0.0, {2, 2}, strides: [1, 1])"] {
            try assertSameInsideDefn(x, expr)
        }
    }

    func testRandomInsideDefnMatchesEager() throws {
        let key = "Nx.Random.key(1701)"
        for expr in ["Nx.Random.split(x)", "Nx.Random.fold_in(x, 5)", "Nx.Random.uniform(x, shape: {3})",
                     "Nx.Random.normal(x, 0.0, 2.0, shape: {2, 2})", "Nx.Random.randint(x, 0, 100, shape: {4})",
                     "Nx.Random.shuffle(x, Nx.iota({5}))", "Nx.Random.gumbel(x, shape: {3})",
                     "Nx.Random.choice(x, Nx.iota({6}), samples: 3, replace: false)"] {
            try assertSameInsideDefn(key, expr)
        }
    }

    func testLinAlgInsideDefnMatchesEager() throws {
        let x = "Nx.tensor([[4.0, 1.0, 2.0], [1.0, 3.0, 0.0], [2.0, 0.0, 5.0]])"
        for expr in ["Nx.LinAlg.cholesky(x)", "Nx.LinAlg.qr(x)", "Nx.LinAlg.eigh(x)", "Nx.LinAlg.lu(x)",
                     "Nx.LinAlg.svd(x)", "Nx.LinAlg.determinant(x)", "Nx.LinAlg.invert(x)",
                     "Nx.LinAlg.solve(x, Nx.tensor([1.0, 2.0, 3.0]))", "Nx.LinAlg.norm(x, ord: :frobenius)",
                     "Nx.LinAlg.triangular_solve(Nx.LinAlg.cholesky(x), Nx.tensor([1.0, 2.0, 3.0]), lower: true)",
                     "Nx.LinAlg.matrix_power(x, 3)", "Nx.LinAlg.pinv(x)"] {
            try assertSameInsideDefn(x, expr)
        }
    }

    func testFftCumulativeSortAndTopKInsideDefnMatchEager() throws {
        let x = "Nx.tensor([[3.0, 1.0, 2.0, 5.0], [0.5, 4.0, 4.0, -1.0]])"
        for expr in ["Nx.fft(x)", "Nx.ifft(x, length: 6)", "Nx.cumulative_sum(x, axis: 1)",
                     "Nx.cumulative_product(x, reverse: true)", "Nx.cumulative_max(x, axis: 1)",
                     "Nx.cumulative_min(x, axis: 1)", "Nx.sort(x, axis: 1, direction: :desc)",
                     "Nx.argsort(x, axis: 1)", "Nx.top_k(x, k: 2)"] {
            try assertSameInsideDefn(x, expr)
        }
    }

    func testJitAcceptsBatchArgumentsConcatenatedAndPadded() throws {
        let out = try evaluate("""
        batch = Nx.Batch.stack([Nx.tensor([1, 2]), Nx.tensor([3, 4])]) |> Nx.Batch.pad(1)
        IO.inspect Nx.Defn.jit(fn t -> Nx.multiply(t, 10) end).(batch)
        IO.inspect Nx.Defn.jit_apply(fn t, y -> Nx.add(t, y) end, [Nx.Batch.concatenate([Nx.tensor([1.0]), Nx.tensor([2.0, 3.0])]), 1])
        """).output
        XCTAssertEqual(out, """
        #Nx.Tensor<
          s64[3][2]
          [
            [10, 20],
            [30, 40],
            [0, 0]
          ]
        >
        #Nx.Tensor<
          f32[3]
          [2.0, 3.0, 4.0]
        >

        """)
    }

    func testJitOfAnEmptyBatchRaises() throws {
        XCTAssertEqual(errorBanner("Nx.Defn.jit(fn t -> t end).(Nx.Batch.new())"),
                       "** (ArgumentError) cannot traverse/jit/compile Nx.Batch without entries")
    }

    func testRandomShuffleAndChoiceTakeTracedKeys() throws {
        let lines = try debugExprLines("IO.inspect Nx.Defn.debug_expr(fn k -> elem(Nx.Random.shuffle(k, Nx.iota({4})), 0) end).(Nx.Random.key(3))")
        XCTAssertTrue(lines.contains { $0.contains("= take ") }, lines.joined(separator: "\n"))
    }

    func testJitKeepsTheNamesOfItsOutputs() throws {
        XCTAssertEqual(try evaluate("IO.inspect Nx.Defn.jit(fn x -> Nx.rename(x, [:a]) end).(Nx.tensor([1, 2]))").output,
                       "#Nx.Tensor<\n  s64[a: 2]\n  [1, 2]\n>\n")
    }

    func testJitOfVectorizedArgumentsMapsOverTheirEntries() throws {
        let out = try evaluate("""
        v = Nx.vectorize(Nx.tensor([[1.0, 2.0], [3.0, 4.0]]), :rows)
        IO.inspect Nx.Defn.jit(fn t, y -> Nx.add(Nx.sum(t), y) end).(v, 10)
        """).output
        XCTAssertEqual(out, "#Nx.Tensor<\n  vectorized[rows: 2]\n  f32\n  [13.0, 17.0]\n>\n")
    }

    func testJitCachesVectorizedAndPlainArgumentsApart() throws {
        let out = try evaluate("""
        f = Nx.Defn.jit(fn t -> Nx.sum(t) end)
        IO.inspect f.(Nx.tensor([[1, 2], [3, 4]]))
        IO.inspect f.(Nx.vectorize(Nx.tensor([[1, 2], [3, 4]]), :rows))
        """).output
        XCTAssertEqual(out, "#Nx.Tensor<\n  s64\n  10\n>\n#Nx.Tensor<\n  vectorized[rows: 2]\n  s64\n  [3, 7]\n>\n")
    }

    func testDebugExprOfAVectorizedResultPrintsItsVectorizedAxes() throws {
        let lines = try debugExprLines("IO.inspect Nx.Defn.debug_expr(fn t -> Nx.sum(t) end).(Nx.vectorize(Nx.iota({2, 3}), :rows))")
        XCTAssertEqual(Array(lines.prefix(3)), ["#Nx.Tensor<", "  vectorized[rows: 2]", "  s64"])
    }

    func testReduceWithAFunctionInsideDefnMatchesEager() throws {
        let x = "Nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])"
        for opts in ["[]", "[axes: [1]]", "[axes: [0], keep_axes: true]"] {
            try assertSameInsideDefn(x, "Nx.reduce(x, 1.0, \(opts), fn a, b -> Nx.add(Nx.multiply(a, 2), b) end)")
        }
    }

    func testReduceInsideDefnOverTooManyElementsRaisesNamingTheLimit() {
        XCTAssertEqual(errorBanner("Nx.Defn.jit(fn x -> Nx.reduce(x, 0, &Nx.add/2) end).(Nx.iota({5000}))"),
                       "** (RuntimeError) Nx.reduce/4 inside defn is limited to 4096 elements in SwiftNx, which unrolls it (got 5000); use sum, reduce_max, reduce_min, product or while instead")
    }
}
