import XCTest
@testable import Lang

/// grad and value_and_grad from Elixir: Nx.Defn's function forms, Nx.Defn.Kernel's forms
/// inside defn, containers of variables, grads of grads and Nx's errors.
final class DefnGradTests: XCTestCase {
    /// The flat numbers of the tensors printed by `code` (each `IO.inspect` of a tensor).
    func numbers(_ code: String) throws -> String {
        let out = try evaluate(code).output
        return out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("[") || Double($0) != nil }.joined(separator: " ")
    }

    func testGradOfAnonymousFunctionOutsideDefn() throws {
        XCTAssertEqual(try numbers("IO.inspect Nx.Defn.grad(fn x -> Nx.sum(Nx.multiply(x, x)) end).(Nx.tensor([1.0, -2.0]))"),
                       "[2.0, -4.0]")
    }

    func testValueAndGradOfMapOfVariablesInsideDefn() throws {
        let code = """
        defmodule M do
          import Nx.Defn
          defn f(a, b), do: value_and_grad(%{a: a, b: b}, fn %{a: a, b: b} -> Nx.sum(a * b) end)
        end
        {v, %{a: ga, b: gb}} = M.f(Nx.tensor([1.0, 2.0]), Nx.tensor([3.0, 5.0]))
        IO.inspect v
        IO.inspect ga
        IO.inspect gb
        """
        XCTAssertEqual(try numbers(code), "13.0 [3.0, 5.0] [1.0, 2.0]")
    }

    func testGradOfVectorizedResultRaisesInsteadOfCrashing() throws {
        let code = "Nx.Defn.grad(Nx.tensor([1.0, 2.0]), fn x -> Nx.sum(Nx.vectorize(Nx.multiply(x, x), :rows)) end)"
        XCTAssertTrue(errorBanner(code)?.hasPrefix("** (ArgumentError) grad of a vectorized result is not supported") ?? false,
                      "\(String(describing: errorBanner(code)))")
    }

    func testGradThroughWhileRunsUnderTheJIT() throws {
        let code = """
        defmodule JW do
          import Nx.Defn
          defn power(x) do
            {y, _, _} = while {y = x, x, i = 0}, i < 3 do
              {y * x, x, i + 1}
            end
            y
          end
          defn g(x), do: grad(x, &power/1)
        end
        IO.inspect Nx.Defn.jit(&JW.g/1, compiler: SwiftNx.JIT).(Nx.tensor(2.0))
        """
        XCTAssertEqual(try numbers(code), "32.0")
    }

    func testGradOfGradGivesSecondDerivative() throws {
        let code = """
        defmodule M do
          import Nx.Defn
          defn f(x), do: grad(x, fn y -> grad(y, fn z -> z * z * z end) end)
        end
        IO.inspect M.f(Nx.tensor(2.0))
        """
        XCTAssertEqual(try numbers(code), "12.0")
    }

    func testGradThroughADefnCalledInsideADefn() throws {
        let code = """
        defmodule M do
          import Nx.Defn
          defn sq(x), do: x * x
          defn f(x), do: grad(x, &sq/1)
        end
        IO.inspect M.f(Nx.tensor(3.0))
        """
        XCTAssertEqual(try numbers(code), "6.0")
    }

    func testCapturedOriginalVariableIsAConstant() throws {
        // As in Nx: the function gets a fresh variable; the captured x is not differentiated.
        let code = """
        defmodule M do
          import Nx.Defn
          defn f(x), do: grad(x, fn y -> y * x end)
        end
        IO.inspect M.f(Nx.tensor(3.0))
        """
        XCTAssertEqual(try numbers(code), "3.0")
    }

    func testGradThroughWhileWithVariableInState() throws {
        let code = """
        defmodule M do
          import Nx.Defn
          defn f(x) do
            grad(x, fn x ->
              {y, _, _} = while {y = 1.0, x, i = 0}, i < 4, do: {y * x, x, i + 1}
              y
            end)
          end
        end
        IO.inspect M.f(Nx.tensor(1.5))
        """
        // d/dx x^4 = 4 x^3
        XCTAssertEqual(try numbers(code), "13.5")
    }

    func testValueAndGradWithTransformDifferentiatesTheTransformedValue() throws {
        let code = """
        {{a, b}, g} = Nx.Defn.value_and_grad(Nx.tensor(2.0), fn x -> {Nx.multiply(x, 3), Nx.exp(x)} end, &elem(&1, 0))
        IO.inspect g
        """
        XCTAssertEqual(try numbers(code), "3.0")
    }

    func testGradOfConcreteResultRaisesNxError() {
        XCTAssertEqual(errorBanner("Nx.Defn.grad(fn _ -> Nx.tensor(1.0) end).(Nx.tensor(1.0))")?.hasPrefix(
            "** (ArgumentError) can only compute gradients of tensor expressions, got: #Nx.Tensor<"), true)
    }

    func testCustomGradMustReturnAListOfTensors() {
        let code = """
        defmodule M do
          import Nx.Defn
          defn f(x), do: custom_grad(Nx.exp(x), [x], fn g -> g end)
        end
        Nx.Defn.grad(&M.f/1).(Nx.tensor(1.0))
        """
        XCTAssertEqual(errorBanner(code), "** (RuntimeError) custom_grad/3 must return a list of tensors that map directly to the inputs")
    }
}
