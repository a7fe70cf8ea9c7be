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

    func testIOInspectBreaksAtTheWidthEvenWithPrettyFalse() throws {
        let broken = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n"
            + " 23, 24, 25, 26, 27, 28, 29, 30]\n"
        XCTAssertEqual(try evaluate("IO.inspect(Enum.to_list(1..30), pretty: false)").output, broken)
        XCTAssertEqual(try evaluate("IO.inspect(Enum.to_list(1..30))").output, broken)
        XCTAssertEqual(try evaluate("IO.inspect([1, 2, 3], label: 'xs', limit: 2)").output, "xs: [1, 2, ...]\n")
    }

    func testKernelInspectBreaksOnlyWhenPretty() throws {
        XCTAssertEqual(try evaluate("inspect(Enum.to_list(1..30))").result.contains("\\n"), false)
        XCTAssertEqual(try evaluate("inspect([100, 200, 300], pretty: true, width: 10)").result,
                       "\"[100, 200,\\n 300]\"")
    }

    func testIodataAndChardataFlattenThroughOneWalker() throws {
        XCTAssertEqual(try evaluate(#"IO.iodata_to_binary([1, "x", [255 | "y"]])"#).result, "<<1, 120, 255, 121>>")
        XCTAssertEqual(try evaluate(#"IO.iodata_length(["ab", [1]])"#).result, "3")
        XCTAssertEqual(errorBanner("IO.iodata_to_binary([256])"), "** (ArgumentError) argument error")
        XCTAssertEqual(try evaluate(#"IO.puts(["a", 233, ["c" | "d"]])"#).output, "aécd\n")
        XCTAssertEqual(errorBanner("IO.puts([-1])"), "** (ArgumentError) argument error")
        XCTAssertEqual(errorBanner("List.to_string([-1])"), "** (UnicodeConversionError) invalid code point -1")
        XCTAssertEqual(try evaluate(#"to_string([?a, "b"])"#).result, #""ab""#)
    }

    func testPrefixBitwiseNotAfterImport() throws {
        XCTAssertEqual(try evaluate("import Bitwise\nx = 5\n[~~~x, 1 + ~~~x, ~~~(x + 1), ~~~ -1]").result, "[-6, -5, -7, 0]")
    }

    func testStringInterpolation() throws {
        XCTAssertEqual(try evaluate("n = 3\n\"n=#{n} #{:ok}\"").result, "\"n=3 ok\"")
    }

    func testDefnCallTracesAndEvaluates() throws {
        let code = "defmodule N do\n import Nx.Defn\n defn f(x), do: x + 1\nend\nNx.to_number(N.f(1))"
        XCTAssertEqual(try evaluate(code).result, "2")
    }
}

final class InterpreterMoreTests: XCTestCase {
    func testTailRecursionRunsInConstantStack() throws {
        let code = "defmodule L do\n def sum(0, acc), do: acc\n def sum(n, acc), do: sum(n - 1, acc + n)\nend\nL.sum(1_000_000, 0)"
        XCTAssertEqual(try evaluate(code).result, "500000500000")
    }

    func testRangePatternBindsBounds() throws {
        XCTAssertEqual(try evaluate("a..b//s = 1..10//3\n{a, b, s}").result, "{1, 10, 3}")
    }

    func testMatchQuestionMarkWithGuard() throws {
        XCTAssertEqual(try evaluate("{match?({:ok, x} when x > 1, {:ok, 2}), match?([], [1])}").result, "{true, false}")
    }

    func testRescuedArithmeticMessageHasNoOperands() throws {
        XCTAssertEqual(try evaluate("x = 0\ntry do\n 1 / x\nrescue\n e -> e.message\nend").result,
                       "\"bad argument in arithmetic expression\"")
    }

    func testBodilessHeadDeclaresDefaults() throws {
        let code = "defmodule D do\n def f(a, b \\\\ 1)\n def f(a, 1), do: {:one, a}\n def f(a, b), do: {a, b}\nend\n{D.f(5), D.f(5, 2)}"
        XCTAssertEqual(try evaluate(code).result, "{{:one, 5}, {5, 2}}")
    }

    func testNestedModuleIsAliasedInsideItsParent() throws {
        let code = "defmodule O do\n defmodule I do\n  def hi, do: :hi\n end\n def call, do: I.hi()\nend\n{O.call(), O.I.hi()}"
        XCTAssertEqual(try evaluate(code).result, "{:hi, :hi}")
    }

    func testImportOnlyMakesFunctionsCallableUnqualified() throws {
        let code = "defmodule U do\n def double(x), do: x * 2\n def triple(x), do: x * 3\nend\nimport U, only: [double: 1]\ndouble(4)"
        XCTAssertEqual(try evaluate(code).result, "8")
        XCTAssertNotNil(errorBanner("defmodule U do\n def t(x), do: x\nend\nimport U, only: []\nt(4)"))
    }

    func testUndefinedVariableIsACompileError() {
        XCTAssertEqual(errorBanner("y + 1"), "** (CompileError) test.exs:1: undefined function y/0 (there is no such import)")
    }

    func testRaiseWithExceptionStructAndCustomMessage() throws {
        let code = """
        defmodule Bad do
          defexception [:value]
          def message(e), do: "bad value #{e.value}"
        end
        try do
          raise Bad, value: 3
        rescue
          e in Bad -> Exception.message(e)
        end
        """
        XCTAssertEqual(try evaluate(code).result, "\"bad value 3\"")
    }

    func testComprehensionIntoBinaryAndBitstringGenerator() throws {
        XCTAssertEqual(try evaluate("for <<c <- \"abc\">>, into: \"\", do: <<c + 1>>").result, "\"bcd\"")
    }

    func testUnlessElseAndNestedCase() throws {
        XCTAssertEqual(try evaluate("unless true, do: 1, else: 2").result, "2")
    }

    func testWithoutElseReturnsTheNonMatchingValue() throws {
        XCTAssertEqual(try evaluate("with {:ok, x} <- :error, do: x").result, ":error")
    }

    func testCondClauseErrorWhenNothingIsTruthy() {
        XCTAssertEqual(errorBanner("cond do\n false -> 1\nend"), "** (CondClauseError) no cond clause evaluated to a truthy value")
    }

    func testBadArityMessage() {
        XCTAssertEqual(errorBanner("f = fn x -> x end\nf.(1, 2)")?.hasPrefix("** (BadArityError) #Function<"), true)
    }

    func testAndRequiresABooleanOnTheLeft() {
        XCTAssertEqual(errorBanner("x = 1\nx and true"), "** (BadBooleanError) expected a boolean on left-side of \"and\", got: 1")
    }
}

final class InterpreterImplicitTryTests: XCTestCase {
    func testDefBodyWithRescueIsAnImplicitTry() throws {
        let code = "defmodule S do\n def safe(x) do\n  10 / x\n rescue\n  ArithmeticError -> :inf\n end\nend\n{S.safe(0), S.safe(2)}"
        XCTAssertEqual(try evaluate(code).result, "{:inf, 5.0}")
    }
}

final class InterpreterInspectHookTests: XCTestCase {
    func testStructsPrintInDeclarationOrder() throws {
        XCTAssertEqual(try evaluate("defmodule U do\n defstruct [:name, :age]\nend\n%U{name: \"a\", age: 3}").result,
                       "%U{name: \"a\", age: 3}")
    }

    func testRegexPrintsAsSigilAndMatches() throws {
        XCTAssertEqual(try evaluate("{~r/a+b/i, \"xAAB\" =~ ~r/a+b/i}").result, "{~r/a+b/i, true}")
    }
}

final class InterpreterEmbeddingTests: XCTestCase {
    func testEvaluateNodeWithBindingsInModuleContext() throws {
        let result: Result<String, Error> = DeepStack.run {
            let interp = Interpreter(registry: Registry(), output: { _, _ in })
            return Result {
                _ = try interp.evaluate("defmodule H do\n defp inc(x), do: x + 1\nend")
                let node = try Parser.parse("inc(a) * b")
                return Inspector.inspect(try interp.evaluate(node, bindings: [("a", .int(2)), ("b", .int(10))], module: "H"))
            }
        }
        XCTAssertEqual(try result.get(), "30")
    }
}

final class StackGuardTests: XCTestCase {
    /// On a 64 MB stack, so the guard trips after a few tens of thousands of calls.
    func outcome(_ code: String) -> Result<String, Error> {
        DeepStack.run(stackSize: 64 << 20) {
            let interp = Interpreter(registry: Registry(), output: { _, _ in })
            return Result { Inspector.inspect(try interp.evaluate(code, file: "test.exs")) }
        }
    }

    func testUnboundedRecursionRaisesSystemLimitErrorInsteadOfCrashing() {
        let code = "defmodule Deep do\n def f(n), do: 1 + f(n + 1)\nend\nDeep.f(0)"
        guard case .failure(let error as ElixirError) = outcome(code) else { return XCTFail("expected an Elixir error") }
        XCTAssertEqual(ErrorFormatter.banner(error),
                       "** (SystemLimitError) a system limit has been reached: the call stack is too deep (unbounded recursion?)")
    }

    func testUnboundedRecursionOfAnonymousFunctionsIsRescuable() {
        let code = "f = fn f, n -> 1 + f.(f, n + 1) end\ntry do\n f.(f, 0)\nrescue\n e in SystemLimitError -> :rescued\nend"
        XCTAssertEqual(try outcome(code).get(), ":rescued")
    }

    func testDeepButBoundedRecursionStillRuns() {
        let code = "defmodule Bounded do\n def f(0), do: 0\n def f(n), do: 1 + f(n - 1)\nend\nBounded.f(10000)"
        XCTAssertEqual(try outcome(code).get(), "10000")
    }
}
