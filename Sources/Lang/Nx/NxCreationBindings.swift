import NxCore

/// Creating tensors and reading their data back: tensor, from_binary/to_binary, to_list,
/// to_flat_list, to_number, iota, eye, broadcast, template, linspace, diagonals, tri, to_batched.
enum NxCreationBindings {
    static func install(_ r: Registry) {
        r.nx("tensor", [1, 2], doc: "Builds a tensor from a number, a complex number, or nested lists of them (all rows the same length). The type is inferred as s64, f32 or c64 unless `type:` is given; `names:` names the axes.") { c in
            let o = try c.options(1, ["type", "names", "backend"])
            try o.checkBackend()
            if case .tensor(let t) = c[0] {
                return .t(try o.type().map { try Nx.asType(.tensor(t), $0) } ?? t)
            }
            let (data, tensorType) = try NxValues.nested(c[0])
            let t = try Nx.tensor(data, type: try o.type(), names: try o.names())
            // Tensors inside the list widen the type the numbers alone would give.
            guard try o.type() == nil, let inner = tensorType, DType.merge(inner, t.type) != t.type else { return .t(t) }
            return .t(try Nx.asType(.tensor(t), DType.merge(inner, t.type)))
        }
        // `Nx.u8(x)` ... `Nx.f64(x)`: Nx.tensor(x, type: t), one per type Nx 0.7 names.
        for type: DType in [.u8, .u16, .u32, .u64, .s8, .s16, .s32, .s64, .bf16, .f16, .f32, .f64] {
            r.nx(type.description, [1], doc: "Short for `Nx.tensor(x, type: :\(type.description))`.") { c in
                if case .tensor(let t) = c[0] { return .t(try Nx.asType(.tensor(t), type)) }
                return .t(try Nx.tensor(try NxValues.nested(c[0]).0, type: type, names: nil))
            }
        }
        r.nx("from_binary", [2, 3], doc: "Reads a binary of native-endian elements of the given type into a one-dimensional tensor.") { c in
            guard case .binary(let bytes) = c[0] else {
                throw ElixirError.argument("expected a binary, got: \(Inspector.inspect(c[0]))")
            }
            let o = try c.options(2, ["backend"])
            try o.checkBackend()
            return .t(try Nx.fromBinary(bytes, type: try NxTypes.parse(c[1])))
        }
        r.nx("to_binary", [1, 2], doc: "The tensor's elements as a binary in native-endian layout; `limit:` keeps only the first elements.") { c in
            let o = try c.options(1, ["limit"])
            return .binary(try Nx.toBinary(try c.tensor(0), limit: try o.int("limit")))
        }
        r.nx("to_flat_list", [1, 2], doc: "The tensor's elements as one flat list; non-finite floats come back as :nan, :infinity or :neg_infinity.") { c in
            let o = try c.options(1, ["limit"])
            return .list(try Nx.toFlatList(try c.tensor(0), limit: try o.int("limit")).map(NxValues.value))
        }
        r.nx("to_list", [1], doc: "The tensor's elements as nested lists following its shape.") { c in
            let t = try c.tensor(0)
            guard t.rank > 0 else {
                throw ElixirError.argument("cannot convert a scalar tensor to a list, got: \(Inspector.inspect(c[0]))")
            }
            return try NxValues.list(t)
        }
        r.nx("to_number", [1], doc: "The single value of a scalar tensor as a number (or :nan, :infinity, :neg_infinity).") { c in
            NxValues.value(try Nx.toNumber(try c.tensor(0)))
        }
        r.nx("iota", [1, 2], doc: "A tensor of the given shape counting up from zero: over all elements, or along `axis:` only. Defaults to s64; `type:` and `names:` are accepted.") { c in
            let o = try c.options(1, ["type", "axis", "names", "backend"])
            try o.checkBackend()
            return .t(try Nx.iota(try NxShapes.shape(c[0]), axis: try o.axis(), type: try o.type() ?? .s64, names: try o.names()))
        }
        r.nx("eye", [1, 2], doc: "An identity matrix: an integer n gives n×n; a shape puts ones on the diagonal of its last two axes.") { c in
            let o = try c.options(1, ["type", "names", "backend"])
            try o.checkBackend()
            let shape: [Int]
            if case .int(let n) = c[0] { shape = [n, n] } else { shape = try NxShapes.shape(c[0]) }
            return .t(try Nx.eye(shape, type: try o.type() ?? .s64, names: try o.names()))
        }
        r.nx("fill", [2, 3], doc: "A tensor with the shape and names of the first argument, every element the scalar value, in the tensor's type unless `type:` is given.") { c in
            let o = try c.options(2, ["type"])
            return .t(try Nx.fill(try c.operand(0), try c.operand(1), type: try o.type()))
        }
        r.nx("broadcast", [2, 3], doc: "Expands a tensor or number to a shape. Dimensions align from the right unless `axes:` says where each axis of the input goes; axes of size 1 stretch.") { c in
            let o = try c.options(2, ["axes", "names"])
            return .t(try Nx.broadcast(try c.operand(0), try NxShapes.shape(c[1]), axes: try o.axes(), names: try o.names()))
        }
        r.nx("template", [2, 3], doc: "A tensor that has a shape, type and names but no data; operations on it raise. Used to describe inputs.") { c in
            let o = try c.options(2, ["names", "backend"])
            return .t(try Nx.template(try NxShapes.shape(c[0]), try NxTypes.parse(c[1]), names: try o.names()))
        }
        r.nx("to_template", [1], doc: "The template (shape, type, names, no data) of a tensor.") { c in
            .t(try Nx.toTemplate(try c.operand(0)))
        }
        r.nx("linspace", [3], doc: "`n:` evenly spaced values from start to stop (stop included unless `endpoint: false`), f32 unless `type:` is given.") { c in
            let o = try c.options(2, ["n", "type", "endpoint", "name"])
            guard let start = NxValues.number(c[0]), let stop = NxValues.number(c[1]) else {
                throw ElixirError.argument("expected start and stop to be numbers, got: \(Inspector.inspect(c[0])) and \(Inspector.inspect(c[1]))")
            }
            guard let n = try o.int("n") else { throw ElixirError.argument("expected option :n to be given") }
            let names: [String?]? = try o["name"].map { try NxShapes.names(.list([$0])) }
            return .t(try Nx.linspace(start, stop, n: n, endpoint: try o.bool("endpoint", default: true),
                                      type: try o.type() ?? .f32, names: names))
        }
        r.nx("make_diagonal", [1, 2], doc: "A square matrix with the vector on its diagonal (`offset:` shifts it above or below) and zeros elsewhere.") { c in
            let o = try c.options(1, ["offset"])
            return .t(try Nx.makeDiagonal(try c.operand(0), offset: try o.int("offset", default: 0)))
        }
        r.nx("take_diagonal", [1, 2], doc: "The diagonal of the last two axes (shifted by `offset:`), one vector per batch entry.") { c in
            let o = try c.options(1, ["offset"])
            return .t(try Nx.takeDiagonal(try c.operand(0), offset: try o.int("offset", default: 0)))
        }
        r.nx("put_diagonal", [2, 3], doc: "A copy of the matrix with its diagonal (shifted by `offset:`) replaced by the given vector.") { c in
            let o = try c.options(2, ["offset"])
            return .t(try Nx.putDiagonal(try c.operand(0), try c.operand(1), offset: try o.int("offset", default: 0)))
        }
        r.nx("tri", [2, 3], doc: "An n×m u8 matrix of ones on and below the diagonal `k:` (0 is the main one) and zeros above.") { c in
            let o = try c.options(2, ["k", "type", "backend"])
            var t = try Nx.tri(try c.int(0, what: "n"), try c.int(1, what: "m"), k: try o.int("k", default: 0))
            if let type = try o.type() { t = try Nx.asType(.tensor(t), type) }
            return .t(t)
        }
        r.nx("triu", [1, 2], doc: "The tensor with the elements below the diagonal `k:` of its last two axes set to zero.") { c in
            .t(try Nx.triangle(try c.operand(0), upper: true, k: try c.options(1, ["k"]).int("k", default: 0)))
        }
        r.nx("tril", [1, 2], doc: "The tensor with the elements above the diagonal `k:` of its last two axes set to zero.") { c in
            .t(try Nx.triangle(try c.operand(0), upper: false, k: try c.options(1, ["k"]).int("k", default: 0)))
        }
        r.nx("to_batched", [2, 3], doc: "A stream of batches of the given size along the first axis. A short last batch wraps around to the start (`leftover: :repeat`, the default) or is dropped (`leftover: :discard`).") { c in
            let o = try c.options(2, ["leftover"])
            let leftover = try o.choice("leftover", ["repeat", "discard"], default: "repeat")
            let batches = try Nx.toBatched(try c.operand(0), try c.int(1, what: "batch size"), discardLeftover: leftover == "discard")
            return .opaque(TensorBatches(batches))
        }
    }
}

/// What `Nx.to_batched` returns: a stream over batches (sliced when the call is made, so a
/// bad batch size raises at once, as in Nx).
final class TensorBatches: LazyEnumerable {
    let batches: [Tensor]
    var inspectText: String { "#Stream<[enum: 0..\(batches.count - 1), funs: [Nx.to_batched/3]]>" }

    init(_ batches: [Tensor]) { self.batches = batches }

    func forEach(_ context: Context, _ body: (Value) throws -> Bool) throws {
        for b in batches {
            guard try body(.tensor(b)) else { return }
        }
    }
}
