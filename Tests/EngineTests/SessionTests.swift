import XCTest
@testable import Engine

final class SessionTests: XCTestCase {
    private func session() -> (Session, () -> String) {
        var out = ""
        let s = Session(stdout: { out += $0 }, stderr: { out += $0 })
        return (s, { out })
    }

    func testBindingsPersistAcrossEvaluations() {
        let (s, _) = session()
        _ = s.evaluate("x = 40")
        XCTAssertEqual(s.evaluate("x + 2").result?["text/plain"], "42")
        XCTAssertEqual(s.variableNames, ["x"])
    }

    func testModulesPersistAndAreListed() {
        let (s, _) = session()
        _ = s.evaluate("defmodule Greeter do\n def hi(n), do: n\n defp secret, do: 1\nend")
        XCTAssertEqual(s.evaluate("Greeter.hi(7)").result?["text/plain"], "7")
        XCTAssertEqual(s.userModules["Greeter"], ["hi": [1]])
    }

    func testOutputStreamsToTheSessionClosure() {
        let (s, output) = session()
        _ = s.evaluate("IO.puts \"hello\"")
        XCTAssertEqual(output(), "hello\n")
    }

    func testErrorReportCarriesNameMessageAndBanner() {
        let (s, _) = session()
        let e = s.evaluate("raise ArgumentError, \"nope\"").error
        XCTAssertEqual(e?.name, "ArgumentError")
        XCTAssertEqual(e?.message, "nope")
        XCTAssertEqual(e?.traceback.first, "** (ArgumentError) nope")
    }

    func testFailedEvaluationKeepsEarlierBindings() {
        let (s, _) = session()
        _ = s.evaluate("a = 1")
        _ = s.evaluate("b = 2\nraise \"x\"")
        XCTAssertEqual(s.evaluate("a").result?["text/plain"], "1")
    }

    func testIsCompleteDistinguishesIncompleteFromInvalid() {
        let (s, _) = session()
        XCTAssertEqual(s.isComplete("1 + 2"), .complete)
        XCTAssertEqual(s.isComplete("defmodule A do"), .incomplete(indent: "  "))
        XCTAssertEqual(s.isComplete("[1, 2"), .incomplete(indent: "  "))
        XCTAssertEqual(s.isComplete("\"abc"), .incomplete(indent: "  "))
        XCTAssertEqual(s.isComplete("1 + )"), .invalid)
    }

    func testInterruptStopsAnInfiniteLoopAndKeepsTheSession() {
        let (s, _) = session()
        _ = s.evaluate("defmodule Spin do\n def loop(n), do: loop(n + 1)\nend")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { s.interrupt() }
        let e = s.evaluate("Spin.loop(0)").error
        XCTAssertEqual(e?.name, "SwiftNx.Interrupted")
        XCTAssertEqual(s.evaluate("1 + 1").result?["text/plain"], "2")
    }

    func testInterruptStopsAnEndlessDefnWhileLoop() {
        let (s, _) = session()
        _ = s.evaluate("defmodule Forever do\n import Nx.Defn\n defn loop(x), do: while(x, x > 0, do: x + 1)\nend")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { s.interrupt() }
        XCTAssertEqual(s.evaluate("Forever.loop(1)").error?.name, "SwiftNx.Interrupted")
        XCTAssertEqual(s.evaluate("Nx.to_number(Forever.loop(0))").result?["text/plain"], "0")
    }

    func testInterruptStopsAnEndlessLoopProgramOfTheJIT() {
        // The JIT runs this loop as a loop program (scalar ops on buffers): it still checks for interrupts.
        let (s, _) = session()
        _ = s.evaluate("defmodule ForeverJIT do\n import Nx.Defn\n defn loop(x), do: while(x, x > 0, do: x + 1)\nend")
        _ = s.evaluate("f = Nx.Defn.jit(&ForeverJIT.loop/1, compiler: SwiftNx.JIT)")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { s.interrupt() }
        XCTAssertEqual(s.evaluate("f.(1)").error?.name, "SwiftNx.Interrupted")
        XCTAssertEqual(s.evaluate("Nx.to_number(f.(0))").result?["text/plain"], "0")
    }
}
