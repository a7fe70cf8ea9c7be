import XCTest
@testable import Lang

/// defn as a mode of the interpreter: debug_expr snapshots, control flow, containers,
/// transforms, the compile cache, streams and errors.
final class DefnLanguageTests: XCTestCase {
    /// The expression lines `debug_expr` prints for `body` (a defn `f` in module D) applied to `args`.
    func expr(_ defs: String, _ call: String) throws -> [String] {
        let code = "defmodule D do\nimport Nx.Defn\n\(defs)\nend\nIO.inspect Nx.Defn.debug_expr_apply(&D.f/\(call.split(separator: ";").count), [\(call.replacingOccurrences(of: ";", with: ","))])"
        let out = try evaluate(code).output
        return out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("  Nx.Defn.Expr") }.dropFirst().map { String($0.dropFirst(2)) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    func output(_ code: String) throws -> String { try evaluate(code).output }

    func testDebugExprOfSoftmax() throws {
        XCTAssertEqual(try expr("defn f(t), do: Nx.exp(t) / Nx.sum(Nx.exp(t))", "Nx.tensor([1, 2, 3])"), [
            "parameter a:0                            s64[3]", "b = exp a                                f32[3]",
            "c = exp a                                f32[3]", "d = sum c, axes: nil, keep_axes: false   f32",
            "e = divide b, d                          f32[3]",
        ])
    }

    func testDebugExprOfIfBuildsCond() throws {
        XCTAssertEqual(try expr("defn f(x), do: if(x > 0, do: x * 2, else: x - 1)", "Nx.tensor(1.0)").last,
                       "e = cond b -> c, true -> d   f32")
    }

    func testDebugExprOfWhileShowsInitialState() throws {
        let lines = try expr("defn f(x) do\n{x, _} = while {x, i = 0}, i < 3 do\n{x * 2, i + 1}\nend\nx\nend", "Nx.tensor(1)")
        XCTAssertEqual(lines, ["parameter a:0      s64", "b = while {a, 0}   tuple2", "c = elem b, 0      s64"])
    }

    func testDebugExprOfConstantsFoldsAndInlinesTensors() throws {
        XCTAssertEqual(try expr("defn f(x), do: x * 2.5 + Nx.tensor([1, 2, 3]) - Nx.Constants.pi()", "Nx.tensor([1.0, 1.0, 1.0])"), [
            "parameter a:0                        f32[3]", "tensor c                             s64[3]",
            "b = multiply 2.5, a                  f32[3]", "d = add b, c                         f32[3]",
            "e = subtract d, 3.1415927410125732   f32[3]",
        ])
    }

    func testDebugExprOfHook() throws {
        XCTAssertEqual(try expr("defn f(x), do: hook(Nx.exp(x), :seen) + 1", "Nx.tensor(0.0)").suffix(3), [
            "c = token seen: b       tuple1", "d = attach_token c, b   f32", "e = add 1, d            f32",
        ])
    }

    func testDebugExprOfStopGrad() throws {
        XCTAssertEqual(try expr("defn f(x), do: stop_grad(x * x) + x", "Nx.tensor(2.0)").suffix(2), [
            "c = metadata b, :stop_grad   f32", "d = add c, a                 f32",
        ])
    }

    func testDebugExprOfKeywordOptions() throws {
        let lines = try expr("defn f(x, opts \\\\ []) do\nopts = keyword!(opts, axis: 0, eps: 1.0e-6)\nx / (Nx.sum(x, axes: [opts[:axis]], keep_axes: true) + opts[:eps])\nend",
                             "Nx.iota({2, 2}, type: :f32); [axis: 1]")
        XCTAssertEqual(lines, [
            "parameter a:0                           f32[2][2]", "b = sum a, axes: [1], keep_axes: true   f32[2][1]",
            "c = add 1.0e-6, b                       f32[2][1]", "d = divide a, c                         f32[2][2]",
        ])
    }

    func testDebugExprOfInlinedDefnp() throws {
        XCTAssertEqual(try expr("defn f(x), do: inner(x) * 2\ndefnp inner(x), do: x + 1", "Nx.tensor([1, 2])"), [
            "parameter a:0       s64[2]", "b = add 1, a        s64[2]", "c = multiply 2, b   s64[2]",
        ])
    }

    func testDebugExprOfTransform() throws {
        XCTAssertEqual(try expr("defn f(x), do: x |> Nx.add(1) |> double()\ndeftransformp double(t), do: Nx.multiply(t, 2)", "Nx.tensor([1, 2])").last,
                       "c = multiply 2, b   s64[2]")
    }

    func testDebugExprOfCondWithTupleBranches() throws {
        let lines = try expr("defn f(x) do\n{a, b} = if x > 0, do: {x, x * 2}, else: {x - 1, 0}\na + b\nend", "Nx.tensor(3)")
        XCTAssertTrue(lines.contains("e = cond b -> {a, c}, true -> {d, 0}   tuple2"))
        XCTAssertEqual(lines.last, "h = add f, g                           s64")
    }

    func testDebugExprOfMultiClauseCond() throws {
        let lines = try expr("defn f(x) do\ncond do\nx < 0 -> -1\nx == 0 -> 0\ntrue -> 1\nend\nend", "Nx.tensor(2)")
        XCTAssertEqual(lines.last, "d = cond b -> -1, c -> 0, true -> 1   s64")
    }

    func testDebugExprOfMapArgumentsNumbersParametersByKey() throws {
        let lines = try expr("defn f(%{w: w, b: b}, x), do: Nx.dot(x, w) + b", "%{w: Nx.tensor([[1.0], [2.0]]), b: Nx.tensor([0.5])}; Nx.tensor([[3.0, 4.0]])")
        XCTAssertEqual(lines, [
            "parameter a:2                    f32[1][2]", "parameter b:1                    f32[2][1]",
            "parameter d:0                    f32[1]", "c = dot a, [1], [], b, [0], []   f32[1][1]", "e = add c, d                     f32[1][1]",
        ])
    }

    func testDebugExprOfReductionsWithAxes() throws {
        XCTAssertEqual(try expr("defn f(x), do: Nx.reduce_max(x, axes: [1])", "Nx.iota({2, 3})").last,
                       "b = reduce_max a, axes: [1], keep_axes: false   s64[2]")
    }

    func testDebugExprOfUnaryMinusAndComparisons() throws {
        XCTAssertEqual(try expr("defn f(a, b), do: -a >= b", "Nx.tensor(1); Nx.tensor(2)"), [
            "parameter a:0            s64", "parameter c:1            s64", "b = negate a             s64", "d = greater_equal b, c   u8",
        ])
    }

    func testDebugExprOfLogicalOps() throws {
        XCTAssertEqual(try expr("defn f(a, b), do: a and not b", "Nx.tensor(1); Nx.tensor(0)").suffix(2), [
            "c = logical_not b      u8", "d = logical_and a, c   u8",
        ])
    }

    func testDebugExprOfBitwiseOps() throws {
        XCTAssertEqual(try expr("defn f(a, b), do: (a &&& b) <<< 1", "Nx.tensor(6); Nx.tensor(3)").suffix(2), [
            "c = bitwise_and a, b   s64", "d = left_shift c, 1    s64",
        ])
    }

    func testDebugExprOfWhileRange() throws {
        let lines = try expr("defn f(x) do\nwhile x, i <- 1..4 do\nx + i\nend\nend", "Nx.tensor([0, 10])")
        XCTAssertEqual(lines, ["parameter a:0      s64[2]", "b = while {a, 1}   tuple2", "c = elem b, 0      s64[2]"])
    }

    func testDebugExprOfAccessSlices() throws {
        XCTAssertEqual(try expr("defn f(t), do: Nx.sum(t[[.., 0]])", "Nx.iota({3, 2})").last,
                       "d = sum c, axes: nil, keep_axes: false   s64")
    }

    func testDebugExprOfPowAndTanh() throws {
        XCTAssertEqual(try expr("defn f(a, b), do: Nx.tanh(a) + Nx.pow(b, 2)", "Nx.tensor([1.0, 2.0]); Nx.tensor(3)"), [
            "parameter a:0   f32[2]", "parameter c:1   s64", "b = tanh a      f32[2]", "d = pow c, 2    s64", "e = add b, d    f32[2]",
        ])
    }

    func testDebugExprOfMultiplyByOneAndAddZeroIsIdentity() throws {
        XCTAssertEqual(try expr("defn f(x), do: x * 1 + 0", "Nx.tensor([1, 2])"), ["parameter a:0   s64[2]"])
    }

    func testDebugExprOfUnrolledWhileInlinesTheBody() throws {
        XCTAssertEqual(try expr("defn f(x) do\nwhile x, i <- 1..2, unroll: true do\nx * i\nend\nend", "Nx.tensor(3)"),
                       ["parameter a:0       s64", "b = multiply 2, a   s64"])
    }

    // MARK: - Running

    func testNumbersBecomeTensorsOfTheirOwnType() throws {
        XCTAssertEqual(try output("defmodule N do\nimport Nx.Defn\ndefn add(a, b), do: a + b\nend\nIO.inspect N.add(Nx.tensor([1, 2], type: :u8), 3)"),
                       "#Nx.Tensor<\n  s64[2]\n  [4, 5]\n>\n")
    }

    func testWhileLoopComputesFactorial() throws {
        let code = "defmodule W do\nimport Nx.Defn\ndefn fact(n) do\n{acc, _} = while {acc = 1, n}, n > 1 do\n{acc * n, n - 1}\nend\nacc\nend\nend\nIO.inspect W.fact(5)"
        XCTAssertEqual(try output(code), "#Nx.Tensor<\n  s64\n  120\n>\n")
    }

    func testTracingHappensOncePerTemplate() throws {
        let code = """
        defmodule C do
          import Nx.Defn
          defn f(x), do: x |> traced() |> Nx.add(1)
          deftransformp traced(x) do
            IO.puts("trace")
            x
          end
        end
        C.f(Nx.tensor([1, 2]))
        C.f(Nx.tensor([3, 4]))
        C.f(Nx.tensor([1.0, 2.0]))
        IO.inspect C.f(Nx.tensor([5, 6]))
        """
        XCTAssertEqual(try output(code), "trace\ntrace\n#Nx.Tensor<\n  s64[2]\n  [6, 7]\n>\n")
    }

    func testStaticKeywordArgumentsArePartOfTheCacheKey() throws {
        let code = """
        defmodule K do
          import Nx.Defn
          defn scale(x, opts \\\\ []) do
            opts = keyword!(opts, by: 1)
            x * opts[:by]
          end
        end
        IO.inspect K.scale(Nx.tensor(2), by: 3)
        IO.inspect K.scale(Nx.tensor(2), by: 5)
        """
        XCTAssertEqual(try output(code), "#Nx.Tensor<\n  s64\n  6\n>\n#Nx.Tensor<\n  s64\n  10\n>\n")
    }

    func testStreamSendsInputsInOrderAndDoneReturnsAccumulator() throws {
        let code = """
        defmodule S do
          import Nx.Defn
          defn sum(x, acc), do: {acc, x + acc}
        end
        s = Nx.Defn.stream(&S.sum/2, [Nx.template({}, {:s, 64}), 0])
        Nx.Stream.send(s, 1)
        Nx.Stream.send(s, 2)
        IO.inspect {Nx.to_number(Nx.Stream.recv(s)), Nx.to_number(Nx.Stream.recv(s)), Nx.to_number(Nx.Stream.done(s))}
        """
        XCTAssertEqual(try output(code), "{0, 1, 3}\n")
    }

    func testSendingAfterDoneRaises() {
        let code = "defmodule S do\nimport Nx.Defn\ndefn sum(x, acc), do: {acc, x + acc}\nend\ns = Nx.Defn.stream(&S.sum/2, [Nx.template({}, {:s, 64}), 0])\nNx.Stream.done(s)\nNx.Stream.send(s, 1)"
        XCTAssertEqual(errorBanner(code), "** (RuntimeError) cannot send to stream that has been marked as done")
    }

    func testHooksOptionOverridesHookCallback() throws {
        let code = "defmodule H do\nimport Nx.Defn\ndefn f(x), do: hook(x * 2, :double) + 1\nend\nIO.inspect Nx.Defn.jit(&H.f/1, hooks: %{double: fn t -> IO.inspect(Nx.to_number(t), label: \"hooked\") end}).(3)"
        XCTAssertEqual(try output(code), "hooked: 6\n#Nx.Tensor<\n  s64\n  7\n>\n")
    }

    func testDefaultOptionsAreKeptPerProcess() throws {
        XCTAssertEqual(try output("IO.inspect Nx.Defn.default_options(compiler: Nx.Defn.Evaluator)\nIO.inspect Nx.Defn.default_options()"),
                       "[]\n[compiler: Nx.Defn.Evaluator]\n")
    }

    func testCompiledFunctionRejectsMismatchedTemplate() {
        let code = "defmodule S do\nimport Nx.Defn\ndefn f(t), do: t + 1\nend\nfun = Nx.Defn.compile(&S.f/1, [Nx.template({3}, {:s, 64})])\nfun.(Nx.tensor([1, 2]))"
        XCTAssertEqual(errorBanner(code)?.components(separatedBy: "\n").first,
                       "** (ArgumentError) argument at position 1 is not compatible with compiled function template.")
    }

    func testRecursiveDefnRaisesWhenTraced() {
        let code = "defmodule R do\nimport Nx.Defn\ndefn f(x), do: f(x - 1)\nend\nR.f(1)"
        XCTAssertEqual(errorBanner(code), "** (RuntimeError) recursive defn is not supported: R.f/1 calls itself while it is being traced (Nx would loop forever)")
    }

    func testCallingPlainElixirFunctionInsideDefnRaises() {
        let code = "defmodule P do\nimport Nx.Defn\ndef plain(x), do: x\ndefn f(x), do: P.plain(x)\nend\nP.f(1)"
        XCTAssertEqual(errorBanner(code), "** (RuntimeError) cannot invoke P.plain/1 inside defn because it was not defined with defn")
    }

    func testUnknownKeywordOptionRaises() {
        let code = "defmodule Z do\nimport Nx.Defn\ndefn z(opts \\\\ []) do\nopts = keyword!(opts, type: {:f, 32})\nNx.tensor(0, type: opts[:type])\nend\nend\nZ.z(tpye: 1)"
        XCTAssertEqual(errorBanner(code), "** (ArgumentError) unknown key :tpye in [tpye: 1], expected one of [:type]")
    }

    func testNonScalarConditionRaises() {
        let code = "defmodule Q do\nimport Nx.Defn\ndefn f(x), do: if(x > 0, do: 1, else: 0)\nend\nQ.f(Nx.tensor([1, 2]))"
        XCTAssertTrue(errorBanner(code)?.hasPrefix("** (CompileError) condition must be a scalar tensor, got: ") ?? false)
    }

    func testWhileBodyMustKeepTheStateTemplates() {
        let code = "defmodule Q do\nimport Nx.Defn\ndefn f(x) do\nwhile x, x < 10 do\nx * 1.5\nend\nend\nend\nQ.f(1)"
        XCTAssertEqual(errorBanner(code), "** (CompileError) the do-block in while must return tensors with the same shape, type, and names as the initial arguments. Got body f32 and initial s64")
    }

    func testNestedJitRaisesUnlessForcedOrReused() throws {
        let defs = "defmodule NJ do\nimport Nx.Defn\ndefn f(x), do: nested(x)\ndeftransformp nested(x) do\nIO.inspect Nx.to_number(Nx.Defn.jit(&Nx.multiply/2, on_conflict: :force).(11, 11))\nNx.Defn.jit(&Nx.add/2, on_conflict: :reuse).(x, 1)\nend\ndefn g(x), do: bad(x)\ndeftransformp bad(x), do: Nx.Defn.jit(&Nx.add/2).(x, 1)\nend\n"
        XCTAssertEqual(try output(defs + "IO.inspect Nx.to_number(NJ.f(1))"), "121\n2\n")
        XCTAssertEqual(errorBanner(defs + "NJ.g(1)"), "** (RuntimeError) cannot invoke JITed function when there is a JIT compilation happening")
    }

    func testCustomGradIsInvisibleInDebugExprAndKeepsItsValue() throws {
        let defs = "defn f(x), do: custom_grad(Nx.exp(x), [x], fn g -> [g * 0.5] end)"
        XCTAssertEqual(try expr(defs, "Nx.tensor(0.0)"), ["parameter a:0   f32", "b = exp a       f32"])
        XCTAssertEqual(try output("defmodule D do\nimport Nx.Defn\n\(defs)\nend\nIO.inspect Nx.to_number(D.f(0.0))"), "1.0\n")
    }

    func testUnknownCompilerIsRejected() {
        XCTAssertTrue(errorBanner("Nx.Defn.jit(&Nx.add/2, compiler: Foo).(1, 2)")?.hasPrefix("** (ArgumentError) unknown defn compiler Foo") ?? false)
    }

    func testResultsThatAreNotContainersRaiseLikeNxContainer() {
        XCTAssertEqual(errorBanner("Nx.Defn.jit(fn x -> {x, :ok} end).(1)"),
                       "** (Protocol.UndefinedError) protocol Nx.Container not implemented for :ok of type Atom")
        XCTAssertEqual(errorBanner("Nx.Defn.jit(fn x -> %{a: x, b: [1]} end, compiler: SwiftNx.JIT).(1)"),
                       "** (Protocol.UndefinedError) protocol Nx.Container not implemented for [1] of type List")
        XCTAssertEqual(errorBanner("defmodule L do\nimport Nx.Defn\ndefn f(x), do: [x]\nend\nL.f(1)")?
                        .hasPrefix("** (Protocol.UndefinedError) protocol Nx.Container not implemented for [#Nx.Tensor<"), true)
    }

    func testExlaAndSwiftNxJitCompilerNamesRunOnTheEvaluator() throws {
        XCTAssertEqual(try output("IO.inspect Nx.to_number(Nx.Defn.jit(&Nx.add/2, compiler: EXLA).(1, 2))\nIO.inspect Nx.to_number(Nx.Defn.jit_apply(&Nx.add/2, [1, 2], compiler: SwiftNx.JIT))"), "3\n3\n")
    }

    func testCallingLocalPlainFunctionIsACompileError() {
        let code = "defmodule X do\nimport Nx.Defn\ndef helper(x), do: x\ndefn f(x), do: helper(x) + 1\nend"
        XCTAssertEqual(errorBanner(code), "** (CompileError) test.exs:4: cannot use function helper/1 inside defn because it was not defined with defn")
    }

    func testDefnWithSeveralClausesIsACompileError() {
        let code = "defmodule X do\nimport Nx.Defn\ndefn f(x), do: x\ndefn f(y), do: y\nend"
        XCTAssertEqual(errorBanner(code), "** (CompileError) test.exs:4: cannot compile defn f/1 with multiple clauses")
    }

    func testMultiClauseFnInsideDefnIsACompileError() {
        let code = "defmodule X do\nimport Nx.Defn\ndefn f(x) do\ng = fn\n0 -> 1\ny -> y\nend\ng.(x)\nend\nend"
        XCTAssertEqual(errorBanner(code), "** (CompileError) test.exs:4: only a single clause is allowed inside fn")
    }

    func testJitWithHooksTracesOnceForRepeatedCalls() throws {
        let code = """
        defmodule JH do
          import Nx.Defn
          defn f(x), do: x |> traced() |> hook(:h) |> Nx.add(1)
          deftransformp traced(x) do
            IO.puts("trace")
            x
          end
        end
        f = Nx.Defn.jit(&JH.f/1, hooks: %{h: fn t -> IO.puts("hook #{Nx.to_number(t)}") end})
        f.(1)
        f.(2)
        """
        XCTAssertEqual(try output(code), "trace\nhook 1\nhook 2\n")
    }

    func testRedefinedModuleIsTracedAgain() throws {
        var code = ""
        for n in 1...3 {
            code += "defmodule R do\nimport Nx.Defn\ndefn f(x), do: x + \(n)\nend\nIO.inspect Nx.to_number(R.f(1))\n"
        }
        XCTAssertEqual(try output(code), "2\n3\n4\n")
    }
}
