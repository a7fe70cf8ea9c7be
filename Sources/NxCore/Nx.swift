/// The Nx front end: every function validates its arguments, computes the result's template
/// (shape, type, names) and asks a backend to produce it. Compositions (mean, outer, ...) call
/// other front-end functions, so backends only ever see primitives.
public enum Nx {
    /// The backend new tensors are created on (`Nx.default_backend`).
    public static var defaultBackend: Backend = NativeBackend.shared
}

/// An argument of an Nx function: a tensor or a host number (which Nx turns into a scalar tensor).
public enum Operand {
    case tensor(Tensor)
    case number(NxNumber)

    public var type: DType {
        switch self { case .tensor(let t): return t.type; case .number(let n): return n.defaultType }
    }
    public var shape: [Int] {
        switch self { case .tensor(let t): return t.shape; case .number: return [] }
    }

    public static func int(_ i: Int64) -> Operand { .number(.int(i)) }
    public static func float(_ d: Double) -> Operand { .number(.float(d)) }
}

/// A nested list of numbers, as given to `Nx.tensor`.
public indirect enum NestedNumbers {
    case number(NxNumber)
    case list([NestedNumbers])
}

extension Nx {
    /// The backend an operation on these operands runs on: a non-native backend (e.g. the
    /// defn tracer) wins, as Nx picks the backend of the inputs over the default one.
    static func backend(_ operands: [Operand]) -> Backend {
        var chosen: Backend?
        for case .tensor(let t) in operands {
            if !(t.backend is NativeBackend) { return t.backend }
            chosen = chosen ?? t.backend
        }
        return chosen ?? defaultBackend
    }

    /// `Nx.to_tensor`: numbers become scalars of their own type.
    public static func toTensor(_ x: Operand, backend: Backend? = nil) throws -> Tensor {
        switch x {
        case .tensor(let t): return t
        case .number(let n): return try scalar(n, type: n.defaultType, backend: backend)
        }
    }

    public static func scalar(_ n: NxNumber, type: DType, backend: Backend? = nil) throws -> Tensor {
        if n.isInteger == false, case .complex = n, !type.isComplex {
            throw NxError.argument("invalid type for complex number. Expected {:c, 64} or {:c, 128}, got: \(Shape.typeTuple(type))")
        }
        return try (backend ?? defaultBackend).constant(TensorTemplate(type: type, shape: []), n)
    }

    // MARK: creation

    /// `Nx.tensor(data, type:, names:)`; the type defaults to the widest of s64, f32, c64 found.
    public static func tensor(_ data: NestedNumbers, type: DType? = nil, names: [String?]? = nil,
                              backend: Backend? = nil) throws -> Tensor {
        var shape: [Int] = []
        var values: [NxNumber] = []
        try flatten(data, into: &values, shape: &shape, depth: 0)
        let inferred = values.reduce(DType.s64) { acc, n in
            switch n {
            case .complex: return .c64
            case .float: return acc == .c64 ? acc : .f32
            default: return acc
            }
        }
        let type = type ?? inferred
        if !type.isComplex, let c = values.first(where: { if case .complex = $0 { return true } else { return false } }) {
            _ = c
            throw NxError.argument("invalid type for complex number. Expected {:c, 64} or {:c, 128}, got: \(Shape.typeTuple(type))")
        }
        let template = TensorTemplate(type: type, shape: shape, names: try Shape.names(names, rank: shape.count))
        return try (backend ?? defaultBackend).fromNumbers(template, values)
    }

    private static func flatten(_ data: NestedNumbers, into values: inout [NxNumber], shape: inout [Int], depth: Int) throws {
        switch data {
        case .number(let n):
            if depth < shape.count { throw NxError.argument("cannot build tensor because lists have different shapes") }
            values.append(n)
        case .list(let items):
            guard !items.isEmpty else {
                if depth == 0 { throw NxError.argument("invalid value given to Nx.tensor/1, got: []") }
                throw NxError(module: "RuntimeError", message: "cannot build empty tensor")
            }
            if depth == shape.count {
                shape.append(items.count)
            } else if depth > shape.count || shape[depth] != items.count {
                throw NxError.argument("cannot build tensor because lists have different shapes, got \(Shape.string(Array(shape[depth...]))) at position 0 and {\(items.count)} at position 1")
            }
            for item in items { try flatten(item, into: &values, shape: &shape, depth: depth + 1) }
            if depth < shape.count - 1, case .number = items[0] {
                throw NxError.argument("cannot build tensor because lists have different shapes")
            }
        }
    }

    public static func fromBinary(_ bytes: [UInt8], type: DType, backend: Backend? = nil) throws -> Tensor {
        guard bytes.count % type.byteSize == 0 else {
            throw NxError.argument("binary does not match the given size")
        }
        let count = bytes.count / type.byteSize
        try Shape.validate([count])
        return try (backend ?? defaultBackend).fromBinary(TensorTemplate(type: type, shape: [count]), bytes)
    }

    public static func toBinary(_ t: Tensor, limit: Int? = nil) throws -> [UInt8] { try t.backend.toBinary(t, limit: limit) }

    public static func toFlatList(_ t: Tensor, limit: Int? = nil) throws -> [NxNumber] { try t.backend.toNumbers(t, limit: limit) }

    /// `Nx.to_number`: only for scalars.
    public static func toNumber(_ t: Tensor) throws -> NxNumber {
        guard t.rank == 0 else {
            throw NxError.argument("cannot convert tensor of shape \(Shape.string(t.shape)) to number")
        }
        return try t.backend.toNumbers(t, limit: 1)[0]
    }

    public static func iota(_ shape: [Int], axis: Axis? = nil, type: DType = .s64, names: [String?]? = nil,
                            backend: Backend? = nil) throws -> Tensor {
        try Shape.validate(shape)
        let names = try Shape.names(names, rank: shape.count)
        let resolved = try axis.map { try Shape.axis($0, rank: shape.count, names: names) }
        return try (backend ?? defaultBackend).iota(TensorTemplate(type: type, shape: shape, names: names), axis: resolved)
    }

    /// `Nx.eye`: ones on the diagonal of the last two axes.
    public static func eye(_ shape: [Int], type: DType = .s64, names: [String?]? = nil, backend: Backend? = nil) throws -> Tensor {
        try Shape.validate(shape)
        guard shape.count >= 2 else {
            throw NxError.argument("eye/2 expects a shape with at least 2 dimensions, got: \(Shape.string(shape))")
        }
        return try (backend ?? defaultBackend).eye(TensorTemplate(type: type, shape: shape, names: try Shape.names(names, rank: shape.count)))
    }

    /// `Nx.broadcast(x, shape, axes:)`; without axes the tensor aligns to the right.
    public static func broadcast(_ x: Operand, _ shape: [Int], axes: [Axis]? = nil, names: [String?]? = nil) throws -> Tensor {
        try Shape.validate(shape)
        let t = try toTensor(x, backend: backend([x]))
        let resolved: [Int]
        if let axes = axes {
            resolved = try axes.map { try Shape.axis($0, rank: shape.count, names: Array(repeating: nil, count: shape.count)) }
        } else {
            guard t.rank <= shape.count else {
                throw NxError.argument("cannot broadcast tensor of dimensions \(Shape.string(t.shape)) to \(Shape.string(shape))")
            }
            resolved = Array((shape.count - t.rank)..<shape.count)
        }
        try Shape.checkBroadcast(t.shape, to: shape, axes: resolved)
        let names = try Shape.names(names, rank: shape.count)
        let out = TensorTemplate(type: t.type, shape: shape, names: names)
        if t.shape == shape { return try t.backend.reshape(out, t) }
        return try t.backend.broadcast(out, t, axes: resolved)
    }

    /// `Nx.as_type`.
    public static func asType(_ x: Operand, _ type: DType) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        if t.type == type { return t }
        return try t.backend.asType(TensorTemplate(type: type, shape: t.shape, names: t.names), t)
    }

    /// `Nx.bitcast`: same bit width, reinterpreted.
    public static func bitcast(_ x: Operand, _ type: DType) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.type.bits == type.bits else {
            throw NxError.argument("input type width must match new type width, got input type \(Shape.typeTuple(t.type)) and output type \(Shape.typeTuple(type))")
        }
        guard !t.type.isComplex && !type.isComplex else {
            throw NxError.argument("Nx.bitcast/2 does not support complex inputs")
        }
        return try t.backend.bitcast(TensorTemplate(type: type, shape: t.shape, names: t.names), t)
    }

    // MARK: metadata

    public static func axisSize(_ t: Tensor, _ axis: Axis) throws -> Int {
        t.shape[try Shape.axis(axis, rank: t.rank, names: t.names)]
    }

    public static func axisIndex(_ t: Tensor, _ axis: Axis) throws -> Int {
        try Shape.axis(axis, rank: t.rank, names: t.names)
    }

    public static func rename(_ t: Tensor, _ names: [String?]) throws -> Tensor {
        let out = TensorTemplate(type: t.type, shape: t.shape, names: try Shape.names(names, rank: t.rank))
        return try t.backend.reshape(out, t)
    }
}
