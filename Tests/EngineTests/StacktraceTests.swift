import XCTest
import Lang
@testable import Engine

/// The frames an uncaught error prints after its banner: module functions innermost first,
/// then the top-level `(file)` line.
final class StacktraceTests: XCTestCase {
    private func traceback(_ code: String) -> [String]? {
        Session(stdout: { _ in }, stderr: { _ in }).evaluate(code, file: "t.exs").error?.traceback
    }

    func testModuleFunctionFramesComeInnermostFirstBeforeTheFileLine() {
        let code = """
        defmodule M do
          def f(x) do
            y = x + 1
            g(y) + 1
          end

          def g(y) do
            raise "boom #{y}"
          end
        end
        M.f(1)
        """
        XCTAssertEqual(traceback(code), [
            "** (RuntimeError) boom 2",
            "    t.exs:8: M.g/1",
            "    t.exs:4: M.f/1",
            "    t.exs:11: (file)",
        ])
    }

    func testATailCallLeavesNoFrameForItsCaller() {
        let code = """
        defmodule M do
          def f(x), do: g(x)
          defp g(x), do: raise ArgumentError, "no #{x}"
        end
        M.f(3)
        """
        XCTAssertEqual(traceback(code), ["** (ArgumentError) no 3", "    t.exs:3: M.g/1", "    t.exs:5: (file)"])
    }

    func testNoMatchingClauseFramesTheFunctionDefinition() {
        let code = """
        defmodule N do
          def k(:a), do: 1
        end
        N.k(:b)
        """
        XCTAssertEqual(traceback(code)?.suffix(2), ["    t.exs:2: N.k/1", "    t.exs:4: (file)"])
    }

    func testARescuedErrorDoesNotLeaveFramesOnTheNextOne() {
        let code = """
        defmodule M do
          def f, do: raise "first"
        end
        try do
          M.f()
        rescue
          _ -> :ok
        end
        raise "second"
        """
        XCTAssertEqual(traceback(code), ["** (RuntimeError) second", "    t.exs:9: (file)"])
    }

    func testDeepRecursionKeepsOnlyTheInnermostFrames() {
        let code = """
        defmodule R do
          def down(0), do: raise "bottom"
          def down(n), do: 1 + down(n - 1)
        end
        R.down(100)
        """
        let frames = traceback(code)?.filter { $0.contains("R.down/1") }
        XCTAssertEqual(frames?.count, 8)
        XCTAssertEqual(frames?.first, "    t.exs:2: R.down/1")
    }
}
