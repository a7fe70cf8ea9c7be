import XCTest
@testable import Lang

/// Runs code in a fresh interpreter on a large stack; returns the inspected result and output.
func evaluate(_ code: String) throws -> (result: String, output: String) {
    var out = ""
    // Inspect while the interpreter is alive: struct printing asks it for field order.
    let outcome: Result<String, Error> = DeepStack.run {
        let interp = Interpreter(registry: Registry(), output: { text, _ in out += text })
        return Result { Inspector.inspect(try interp.evaluate(code, file: "test.exs")) }
    }
    return (try outcome.get(), out)
}

/// The `** (Module) message` banner of the error `code` raises, or nil.
func errorBanner(_ code: String) -> String? {
    do {
        _ = try evaluate(code)
        return nil
    } catch let e as ElixirError {
        return ErrorFormatter.banner(e)
    } catch {
        return "\(error)"
    }
}
