import NxCore
import Defn

/// `tensor[index]` (Nx's Access implementation) and `tensor.field`.
///
/// An integer picks one entry of an axis and drops the axis; a range keeps a slice of it;
/// `..` keeps it whole; a list indexes the leading axes in order; a keyword list indexes
/// axes by name; an integer tensor of rank ≥ 1 takes those entries of the first axis.
enum TensorAccess {
    static func install(_ r: Registry) {
        r.nx("__access__", [2], doc: "Access syntax on tensors: `t[0]`, `t[1..2]`, `t[[.., 1]]`, `t[name: 0]`.") { c in
            try fetch(try c.tensor(0), c[1])
        }
        r.nx("__field__", [2], doc: "The fields of the %Nx.Tensor{} struct: shape, type, names, vectorized_axes.") { c in
            try field(try c.tensor(0), c[1])
        }
    }

    static func field(_ t: Tensor, _ key: Value) throws -> Value {
        guard case .atom(let name) = key, let value = TensorStruct.field(t, name) else {
            throw ElixirError.exception("KeyError", "key \(Inspector.inspect(key)) not found in: \(Inspector.inspect(.tensor(t)))",
                                        fields: [("key", key), ("term", .tensor(t))])
        }
        return value
    }

    /// What one axis is indexed by.
    enum Index {
        case at(Int)
        case range(first: Int, last: Int, step: Int)
        case tensor(Tensor)
    }

    static func fetch(_ t: Tensor, _ key: Value) throws -> Value {
        if t.rank == 0 {
            throw ElixirError.argument("cannot use the tensor[index] syntax on scalar tensor \(Inspector.inspect(.tensor(t)))")
        }
        if case .list(nil) = key { return .t(t) }
        // A traced scalar index (a defn argument) cannot be read at trace time: it takes the entry.
        if case .tensor(let idx) = key, idx.rank > 0 || idx.expr != nil {
            guard idx.type.isInteger else {
                throw ElixirError.argument("only integer tensors can be used as indices, got: \(Inspector.inspect(key))")
            }
            return .t(try NxBridge.run { try Nx.take(.tensor(t), idx) })
        }
        var byAxis: [Int: Index] = [:]
        if let items = key.listElements {
            if let first = items.first, first.pair.map({ $0.0.isAtom }) == true {
                for item in items {
                    guard let (k, v) = item.pair, case .atom(let name) = k else { throw badKey(key) }
                    let axis = try NxBridge.run { try Shape.axis(.name(name), rank: t.rank, names: t.names) }
                    byAxis[axis] = try index(v, inList: true)
                }
            } else {
                guard items.count <= t.rank else {
                    throw ElixirError.argument("unknown or duplicate axis \(t.rank) found when slicing shape \(Shape.string(t.shape))")
                }
                for (axis, item) in items.enumerated() { byAxis[axis] = try index(item, inList: true) }
            }
        } else {
            byAxis[0] = try index(key, inList: false)
        }
        return .t(try NxBridge.run { try apply(t, byAxis) })
    }

    static func index(_ v: Value, inList: Bool) throws -> Index {
        switch v {
        case .int(let i): return .at(i)
        case let .range(first, last, step): return .range(first: first, last: last, step: step)
        case .tensor(let t) where t.rank == 0 && t.type.isInteger: return .tensor(t)
        default:
            if inList {
                throw ElixirError.argument("slicing a tensor on an axis requires an integer or a range, got: \(Inspector.inspect(v))")
            }
            throw badKey(v)
        }
    }

    /// Nx raises a plain RuntimeError listing what may go between the brackets.
    static func badKey(_ v: Value) -> ElixirError {
        ElixirError.exception("RuntimeError", """
            tensor[slice] expects slice to be one of:

              * an integer or a scalar tensor representing a zero-based index
              * a first..last range representing inclusive start-stop indexes
              * a list of integers and ranges
              * a keyword list of integers and ranges

            Got \(Inspector.inspect(v))

            """)
    }

    /// Slices every indexed axis, then drops the axes indexed by a single position.
    static func apply(_ t: Tensor, _ byAxis: [Int: Index]) throws -> Tensor {
        var starts = [Int](repeating: 0, count: t.rank), lengths = t.shape
        var strides = [Int](repeating: 1, count: t.rank)
        var dropped: [Axis] = []
        for (axis, index) in byAxis.sorted(by: { $0.key < $1.key }) {
            let dim = t.shape[axis]
            switch index {
            case .at(let i):
                let n = i < 0 ? dim + i : i
                guard n >= 0 && n < dim else {
                    throw NxError.argument("index \(i) is out of bounds for axis \(axis) in shape \(Shape.string(t.shape))")
                }
                starts[axis] = n
                lengths[axis] = 1
                dropped.append(.index(axis))
            case .tensor(let s):
                guard case .int(let i) = try Nx.toNumber(s) else { throw NxError.argument("invalid tensor index") }
                starts[axis] = Int(i)  // clamped by slice, as Nx does for dynamic indices
                lengths[axis] = 1
                dropped.append(.index(axis))
            case let .range(first, last, step):
                let f = first < 0 ? dim + first : first, l = last < 0 ? dim + last : last
                for (end, n) in [(first, f), (last, l)] where n < 0 || n >= dim {
                    throw NxError.argument("index \(end) is out of bounds for axis \(axis) in shape \(Shape.string(t.shape))")
                }
                guard step > 0, f <= l else {
                    let text = f <= l ? "\(f)..\(l)//\(step)" : "\(f)..\(l)//-1"
                    throw NxError.argument("slicing a tensor requires an increasing range, got: \(text)")
                }
                starts[axis] = f
                lengths[axis] = l - f + 1
                strides[axis] = step
            }
        }
        let sliced = try Nx.slice(.tensor(t), starts, lengths, strides: strides)
        return dropped.isEmpty ? sliced : try Nx.squeeze(.tensor(sliced), axes: dropped)
    }

    static func getAndUpdate(_ t: Tensor, _ key: Value, _ update: (Value) throws -> Value) throws -> Value {
        throw ElixirError.exception("RuntimeError", "Access.get_and_update/3 is not yet supported by Nx.Tensor")
    }
}
