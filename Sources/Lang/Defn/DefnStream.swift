import NxCore
import Defn

/// `Nx.Defn.stream/3` and `Nx.Stream`: each input sent runs the function on it and the
/// accumulator; `recv` returns outputs in order, `done` the final accumulator.
final class DefnStreamState: OpaqueValue {
    let step: DefnModule.Jitted
    var acc: Value
    var outputs: [Value] = []
    var finished = false

    init(step: DefnModule.Jitted, acc: Value) {
        self.step = step
        self.acc = acc
    }

    var inspectText: String { "%Nx.Defn.Stream{}" }
}

enum DefnStream {
    static func install(into r: Registry) {
        r.define("Nx.Defn", "stream", arities: [2, 3], doc: "Starts a stream running `fun(input, acc)` on each input sent; `fun` returns `{output, acc}`.") { a, ctx in
            guard let args = a[1].listElements, args.count == 2 else {
                throw ElixirError.argument("Nx.Defn.stream/3 expects a list with the input template and the initial accumulator")
            }
            let acc = try DefnHooks.eachTensor(args[1]) { $0 }
            let step = try DefnModule.Jitted(a[0], a.count > 2 ? a[2] : .emptyList, ctx)
            return .opaque(DefnStreamState(step: step, acc: acc))
        }
        r.document(module: "Nx.Stream", "Sending inputs to and receiving outputs from an `Nx.Defn.stream/3`.")
        r.define("Nx.Stream", "send", arity: 2, doc: "Runs the stream's function on `input`.") { a, ctx in
            let s = try state(a[0])
            guard !s.finished else { throw ElixirError.exception("RuntimeError", "cannot send to stream that has been marked as done") }
            let result = try s.step.apply([a[1], s.acc], ctx)
            guard case .tuple(let pair) = result, pair.count == 2 else {
                throw ElixirError.exception("RuntimeError", "Nx.Defn.stream/3 expects the function to return a tuple {output, acc}, got: \(Inspector.inspect(result))")
            }
            s.outputs.append(pair[0])
            s.acc = pair[1]
            return .atom("ok")
        }
        r.define("Nx.Stream", "recv", arity: 1, doc: "The next output, in the order inputs were sent.") { a, _ in
            let s = try state(a[0])
            guard !s.outputs.isEmpty else { throw ElixirError.exception("RuntimeError", "no output to receive: send an input to the stream first") }
            return s.outputs.removeFirst()
        }
        r.define("Nx.Stream", "done", arity: 1, doc: "Marks the stream as done and returns the accumulator.") { a, _ in
            let s = try state(a[0])
            guard !s.finished else { throw ElixirError.exception("RuntimeError", "stream has already been marked as done") }
            s.finished = true
            return s.acc
        }
    }

    static func state(_ v: Value) throws -> DefnStreamState {
        guard case .opaque(let o) = v, let s = o as? DefnStreamState else {
            throw ElixirError.argument("expected a stream from Nx.Defn.stream/3, got: \(Inspector.inspect(v))")
        }
        return s
    }
}
