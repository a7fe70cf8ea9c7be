import NxCore

/// `inspect` of a traced tensor, as Nx 0.7.2 prints an `Nx.Defn.Expr`: parameters and
/// tensors first, then one line per node in post-order, each named `a`, `b`, ... in the
/// order they are first met, with the type column aligned.
public enum ExprPrinter {
    /// The whole `#Nx.Tensor<...>` text.
    public static func inspect(_ t: Tensor) -> String {
        (["#Nx.Tensor<"] + TensorInspect.headerLines(t) + ["  ", "  Nx.Defn.Expr"]
            + lines(t).map { "  " + $0 } + [">"]).joined(separator: "\n")
    }

    /// The node lines (without indentation).
    public static func lines(_ root: Tensor) -> [String] {
        var state = State()
        state.visit(root)
        let all = state.params + state.exprs
        let width = all.map { $0.0.count }.max() ?? 0
        var seen = Set<String>()
        var out: [String] = []
        for (text, t) in all {
            let line = text.padding(toLength: width, withPad: " ", startingAt: 0) + "   " + typeShape(t)
            if seen.insert(line).inserted { out.append(line) }
        }
        return out
    }

    static func typeShape(_ t: Tensor) -> String {
        if let n = t.expr?.tupleSize { return "tuple\(n)" }
        return t.type.description + t.shape.map { "[\($0)]" }.joined()
    }

    /// A printed argument: a node (by its letter), a literal text, or a list/tuple of them.
    indirect enum Arg {
        case node(Tensor)
        case text(String)
        case list([Arg])
        case tuple([Arg])
        /// Pieces joined by a separator (`pred -> out`, `name: expr`).
        case seq([Arg], String)
    }

    struct State {
        var params: [(String, Tensor)] = []
        var exprs: [(String, Tensor)] = []
        var names: [Int: String] = [:]
        var visited = Set<Int>()

        mutating func name(_ id: Int) -> String {
            if let n = names[id] { return n }
            let n = letters(names.count)
            names[id] = n
            return n
        }

        func letters(_ counter: Int) -> String {
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
            if counter >= 26 { return letters(counter / 26) + String(alphabet[counter % 26]) }
            return String(alphabet[counter])
        }

        mutating func visit(_ t: Tensor) {
            guard let node = t.expr else { return }
            switch node.op {
            case .constant: return
            case .metadata(_, nil), .customGrad: visit(node.args[0]); return
            default: break
            }
            guard visited.insert(node.id).inserted else { return }
            switch node.op {
            case .parameter(let i):
                params.append(("parameter \(name(node.id)):\(i)", t))
            case .tensor:
                params.append(("tensor \(name(node.id))", t))
            default:
                let (opName, args) = ExprPrinter.describe(node, shape: t.shape)
                visitArgs(args)
                let v = name(node.id)
                exprs.append((v + " = " + opName + " " + args.map(render).joined(separator: ", "), t))
            }
        }

        mutating func visitArgs(_ args: [Arg]) {
            for a in args {
                switch a {
                case .node(let t): visit(t)
                case .list(let xs), .tuple(let xs), .seq(let xs, _): visitArgs(xs)
                case .text: break
                }
            }
        }

        func render(_ a: Arg) -> String {
            switch a {
            case .node(let t):
                guard let node = t.expr else { return "?" }
                if let n = node.constantValue { return ExprPrinter.number(n) }
                switch node.op {
                case .metadata(_, nil), .customGrad: return render(.node(node.args[0]))
                default: break
                }
                return names[node.id] ?? "?"
            case .text(let s): return s
            case .list(let xs): return "[" + xs.map(render).joined(separator: ", ") + "]"
            case .tuple(let xs): return "{" + xs.map(render).joined(separator: ", ") + "}"
            case .seq(let xs, let sep): return xs.map(render).joined(separator: sep)
            }
        }
    }

    /// A number as Elixir's `to_string/1` prints it.
    public static func number(_ n: NxNumber) -> String {
        switch n {
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let d): return FloatFormat.elixir(d)
        case .complex(let re, let im): return FloatFormat.elixir(re) + (im < 0 ? "-" : "+") + FloatFormat.elixir(Swift.abs(im)) + "i"
        }
    }

    static func pairs(_ xs: [(Int, Int)]) -> String { "[" + xs.map { "{\($0.0), \($0.1)}" }.joined(separator: ", ") + "]" }
    static func list(_ xs: [Int]) -> String { "[" + xs.map(String.init).joined(separator: ", ") + "]" }
    static func ints(_ xs: [Int]) -> Arg { .text(list(xs)) }
    static func outputs(_ ts: [Tensor]) -> Arg { ts.count == 1 ? .node(ts[0]) : .tuple(ts.map { .node($0) }) }

    /// The op name Nx prints and its printed arguments (the printer's per-op table).
    static func describe(_ node: ExprNode, shape: [Int]) -> (String, [Arg]) {
        let a = node.args.map { Arg.node($0) }
        switch node.op {
        case .parameter, .constant, .tensor: return ("", [])
        case .metadata(_, let inspect): return ("metadata", [a[0], .text(inspect ?? "")])
        case .customGrad: return ("custom_grad", [a[0]])
        case .elem(let i): return ("elem", [a[0], .text(String(i))])
        case .cond(let c): return ("cond", condArgs(c))
        case .whileLoop(let w): return ("while", [outputs(w.initial)])
        case .token(let hooks): return ("token", hooks.map { .seq([.text($0.name), .node($0.expr)], ": ") })
        case .attachToken: return ("attach_token", a)
        case .iota(let axis): return ("iota", [.text(axis.map(String.init) ?? "nil")])
        case .eye: return ("eye", [])
        case .asType: return ("as_type", a)
        case .bitcast: return ("bitcast", a)
        case .reshape: return ("reshape", a)
        case .broadcast(let axes):
            return ("broadcast", [a[0], .text("{" + shape.map(String.init).joined(separator: ", ") + "}"), ints(axes)])
        case .transpose(let axes): return ("transpose", [a[0], ints(axes)])
        case .reverse(let axes): return ("reverse", [a[0], ints(axes)])
        case .slice(let starts, let strides): return ("slice", [a[0], ints(starts), ints(shape), ints(strides)])
        case .concatenate(let axis): return ("concatenate", [.list(a), .text(String(axis))])
        case .unary(let op): return (op.name, a)
        case .binary(let op): return (op.name, a)
        case .select: return ("select", a)
        case .reduce(let op, let axes, let all, let keep):
            return (op.rawValue, [a[0], .text("axes: " + (all ? "nil" : "[" + axes.map(String.init).joined(separator: ", ") + "]")
                                            + ", keep_axes: \(keep)")])
        case .argReduce(let max, let axis, let high):
            return (max ? "argmax" : "argmin", [a[0], .text("axis: \(axis.map(String.init) ?? "nil"), keep_axis: false, tie_break: :\(high ? "high" : "low")")])
        case .pad(let config):
            return ("pad", [a[0], a[1], .list(config.map { .text("{\($0.0), \($0.1), \($0.2)}") })])
        case .gather: return ("gather", a)
        case .indexedUpdate(let add): return (add ? "indexed_add" : "indexed_put", a)
        case .take(let axis): return ("take", a + [.text(String(axis))])
        case .takeAlongAxis(let axis): return ("take_along_axis", a + [.text(String(axis))])
        case .putSlice(let starts): return ("put_slice", [a[0], ints(starts), a[1]])
        case .sort(let axis, let desc, let indices):
            return (indices ? "argsort" : "sort", [a[0], .text("axis: \(axis), direction: :\(desc ? "desc" : "asc")")])
        case .cumulative(let op, let axis, let reverse):
            let name = ["sum": "cumulative_sum", "product": "cumulative_product", "reduce_max": "cumulative_max", "reduce_min": "cumulative_min"][op.rawValue] ?? op.rawValue
            return (name, [a[0], .text("axis: \(axis), reverse: \(reverse)")])
        case .dot(let ca, let ba, let cb, let bb): return ("dot", [a[0], ints(ca), ints(ba), a[1], ints(cb), ints(bb)])
        case .window(let op, let g):
            let name = ["sum": "window_sum", "product": "window_product", "reduce_max": "window_max", "reduce_min": "window_min"][op.rawValue] ?? op.rawValue
            return (name, [a[0], .text("{" + g.window.map(String.init).joined(separator: ", ") + "}"),
                           .text("padding: " + pairs(g.padding)), .text("strides: " + list(g.strides)),
                           .text("window_dilations: " + list(g.dilations))])
        case .conv(let p):
            let options: [(String, String)] = [
                ("strides", list(p.strides)), ("padding", pairs(p.padding)), ("input_dilation", list(p.inputDilation)),
                ("kernel_dilation", list(p.kernelDilation)), ("feature_group_size", String(p.featureGroupSize)),
                ("batch_group_size", String(p.batchGroupSize)), ("input_permutation", list(p.inputPermutation)),
                ("kernel_permutation", list(p.kernelPermutation)), ("output_permutation", list(p.outputPermutation)),
            ]
            return ("conv", a + options.map { .text("\($0.0): \($0.1)") })
        case .linalg(let op, _): return (op.name, a)
        }
    }

    static func condArgs(_ c: CondBranches) -> [Arg] {
        var parts: [Arg] = []
        for (pred, outs) in c.clauses { parts.append(.seq([.node(pred), outputs(outs)], " -> ")) }
        parts.append(.seq([.text("true"), outputs(c.last)], " -> "))
        return parts
    }
}
