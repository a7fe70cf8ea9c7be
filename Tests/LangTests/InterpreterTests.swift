import XCTest
@testable import Lang

final class InterpreterTests: XCTestCase {
    func testTupleListAndMapPatternsBind() throws {
        let code = "{a, b} = {1, 2}\n[h | t] = [1, 2, 3]\n%{x: x} = %{x: 5, y: 6}\n{a, b, h, t, x}"
        XCTAssertEqual(try evaluate(code).result, "{1, 2, 1, [2, 3], 5}")
    }

    func testRepeatedVariableInPatternMustMatch() {
        XCTAssertEqual(errorBanner("{x, x} = {1, 2}"), "** (MatchError) no match of right hand side value: {1, 2}")
    }

    func testPinMatchesExistingValue() throws {
        XCTAssertEqual(try evaluate("x = 1\ncase 1 do\n ^x -> :pinned\n _ -> :other\nend").result, ":pinned")
    }

    func testStringPrefixPattern() throws {
        XCTAssertEqual(try evaluate("\"ab\" <> rest = \"abcd\"\nrest").result, "\"cd\"")
    }

    func testBitstringConstructAndMatch() throws {
        XCTAssertEqual(try evaluate("<<a, b::16, rest::binary>> = <<1, 2::16, \"xy\">>\n{a, b, rest}").result, "{1, 2, \"xy\"}")
    }

    func testClosuresCaptureByValue() throws {
        XCTAssertEqual(try evaluate("x = 1\nf = fn -> x end\nx = 2\n{f.(), x}").result, "{1, 2}")
    }

    func testCaseClauseBindingsDoNotLeak() throws {
        XCTAssertEqual(try evaluate("x = 1\ncase 2 do\n x -> x\nend\nx").result, "1")
    }

    func testCaptureShorthand() throws {
        XCTAssertEqual(try evaluate("f = &(&1 * &2)\ng = &+/2\n{f.(3, 4), g.(1, 2)}").result, "{12, 3}")
    }

    func testModuleFunctionsGuardsAndDefaults() throws {
        let code = """
        defmodule Math do
          def fact(0), do: 1
          def fact(n) when n > 0, do: n * fact(n - 1)
          defp helper(x), do: x + 1
          def twice(x, f \\\\ &helper/1), do: f.(f.(x))
        end
        {Math.fact(10), Math.twice(1), Math.twice(1, &(&1 * 3))}
        """
        XCTAssertEqual(try evaluate(code).result, "{3628800, 3, 9}")
    }

    func testModuleAttributesAreReadAtDefinitionTime() throws {
        let code = "defmodule C do\n@s 3\ndef a, do: @s\n@s 10\ndef b, do: @s\nend\n{C.a, C.b()}"
        XCTAssertEqual(try evaluate(code).result, "{3, 10}")
    }

    func testStructsDefaultsUpdateAndMatch() throws {
        let code = """
        defmodule P do
          defstruct x: 0, y: 0
          def n(%P{x: x, y: y}), do: x * x + y * y
        end
        p = %P{x: 3}
        {P.n(%{p | y: 4}), p.y}
        """
        XCTAssertEqual(try evaluate(code).result, "{25, 0}")
    }

    func testFunctionClauseErrorBannerListsArguments() {
        let code = "defmodule Parity do\n  def even?(n) when is_integer(n), do: rem(n, 2) == 0\nend\nParity.even?(1.5)"
        XCTAssertEqual(errorBanner(code), """
        ** (FunctionClauseError) no function clause matching in Parity.even?/1

            The following arguments were given to Parity.even?/1:

                # 1
                1.5

        """)
    }

    func testCaseClauseError() {
        XCTAssertEqual(errorBanner("case :maybe do\n :yes -> 1\nend"), "** (CaseClauseError) no case clause matching: :maybe")
    }

    func testUndefinedModuleFunction() {
        XCTAssertEqual(errorBanner("Foo.bar(1)"),
                       "** (UndefinedFunctionError) function Foo.bar/1 is undefined (module Foo is not available)")
    }

    func testKeyErrorOnDotAccess() {
        XCTAssertEqual(errorBanner("m = %{1 => 2}\nm.beta"), "** (KeyError) key :beta not found in: %{1 => 2}")
    }

    func testArithmeticErrorNamesTheOperation() {
        XCTAssertEqual(errorBanner("x = 0\n10 / x"), "** (ArithmeticError) bad argument in arithmetic expression: 10 / 0")
    }

    func testTryRescueCatchAfter() throws {
        let code = """
        a = try do
          raise ArgumentError, "bad"
        rescue
          e in ArgumentError -> e.message
        end
        b = try do
          throw({:found, 4})
        catch
          {:found, i} -> i
        end
        c = try do
          exit(:bye)
        catch
          :exit, reason -> reason
        end
        {a, b, c}
        """
        XCTAssertEqual(try evaluate(code).result, "{\"bad\", 4, :bye}")
    }

    func testWithElse() throws {
        let code = "with {:ok, a} <- {:ok, -1}, true <- a > 0 do\n a\nelse\n false -> :not_positive\nend"
        XCTAssertEqual(try evaluate(code).result, ":not_positive")
    }

    func testForWithGeneratorsFiltersAndReduce() throws {
        XCTAssertEqual(try evaluate("for x <- 1..3, y <- [10, 20], x != 2, do: x * y").result, "[10, 20, 30, 60]")
        XCTAssertEqual(try evaluate("for x <- 1..5, reduce: 0 do\n acc -> acc + x\nend").result, "15")
    }

    func testCondAndUnless() throws {
        XCTAssertEqual(try evaluate("cond do\n 1 > 2 -> :a\n true -> :b\nend").result, ":b")
        XCTAssertEqual(try evaluate("unless false, do: 1").result, "1")
    }

    func testDefexceptionRaiseAndMessage() throws {
        let code = """
        defmodule MyErr do
          defexception message: "default"
        end
        try do
          raise MyErr
        rescue
          e -> Exception.message(e)
        end
        """
        XCTAssertEqual(try evaluate(code).result, "\"default\"")
    }

    func testBigIntegerArithmeticPromotes() throws {
        XCTAssertEqual(try evaluate("2 ** 100").result, "1267650600228229401496703205376")
        XCTAssertEqual(try evaluate("9223372036854775807 + 1").result, "9223372036854775808")
    }

    func testDeepNonTailRecursionDoesNotOverflow() throws {
        let code = "defmodule Deep do\n def count(0), do: 0\n def count(n), do: 1 + count(n - 1)\nend\nDeep.count(100_000)"
        XCTAssertEqual(try evaluate(code).result, "100000")
    }

    func testIOInspectWithLabelReturnsTheValue() throws {
        let r = try evaluate("IO.inspect(5, label: \"n\") + 1")
        XCTAssertEqual(r.result, "6")
        XCTAssertEqual(r.output, "n: 5\n")
    }

    func testStringInterpolation() throws {
        XCTAssertEqual(try evaluate("n = 3\n\"n=#{n} #{:ok}\"").result, "\"n=3 ok\"")
    }

    func testDefnIsStoredAndCallingItRaisesClearly() {
        let code = "defmodule N do\n import Nx.Defn\n defn f(x), do: x + 1\nend\nN.f(1)"
        XCTAssertEqual(errorBanner(code), "** (RuntimeError) defn is not implemented yet: cannot call N.f/1")
    }
}
