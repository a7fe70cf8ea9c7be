/// Vectorization (`Nx.vectorize` and friends). A vectorized tensor stores its full data with
/// the vectorized axes leading its template (named after them); `vectorizedAxes` says how many
/// lead and what they are called. Functions see only the inner shape: the language bindings
/// map a function over every entry of the vectorized axes (see VectorizedCalls in Lang).
public struct VectorizedAxis: Equatable {
    public let name: String
    public let size: Int
    public init(name: String, size: Int) {
        self.name = name
        self.size = size
    }
}

extension Tensor {
    public var isVectorized: Bool { !vectorizedAxes.isEmpty }

    /// The shape, type and names the functions see.
    public var innerTemplate: TensorTemplate {
        let k = vectorizedAxes.count
        return TensorTemplate(type: type, shape: Array(shape.dropFirst(k)), names: Array(names.dropFirst(k)))
    }
}

extension Nx {
    /// `Nx.vectorize(t, name)`: the first inner axis becomes vectorized axis `name`.
    public static func vectorize(_ x: Operand, name: String) throws -> Tensor {
        let t = try toTensor(x)
        guard t.innerTemplate.rank >= 1 else { throw NxError.argument("cannot vectorize tensor of rank 0") }
        return try vectorize(.tensor(t), axes: [VectorizedAxis(name: name, size: t.innerTemplate.shape[0])])
    }

    /// `Nx.vectorize(t, [name: size, ...])`: the leading inner axes become vectorized.
    public static func vectorize(_ x: Operand, axes: [VectorizedAxis]) throws -> Tensor {
        let t = try toTensor(x)
        let inner = t.innerTemplate
        guard axes.count <= inner.rank else {
            throw NxError.argument("number of vectorized axes must not be greater than the shape size")
        }
        for (i, axis) in axes.enumerated() where inner.shape[i] != axis.size {
            throw NxError.argument("expected vectorized axis :\(axis.name) to have size \(inner.shape[i]), got: \(axis.size)")
        }
        let all = t.vectorizedAxes + axes
        let names = Set(all.map(\.name))
        guard names.count == all.count else {
            throw NxError.argument("expected vectorized axes to be unique, got: \(all.map { ":\($0.name)" })")
        }
        var template = t.template
        for (i, axis) in all.enumerated() { template.names[i] = axis.name }
        return Tensor(template, data: t.data, vectorizedAxes: all)
    }

    /// `Nx.devectorize(t, keep_names:)`: the vectorized axes become ordinary leading axes.
    public static func devectorize(_ x: Operand, keepNames: Bool = true) throws -> Tensor {
        let t = try toTensor(x)
        var template = t.template
        if !keepNames { for i in 0..<t.vectorizedAxes.count { template.names[i] = nil } }
        return Tensor(template, data: t.data)
    }

    /// `Nx.revectorize(t, axes, target_shape:, target_names:)`: the same data regrouped into
    /// new vectorized axes over a new inner shape of the same total size.
    public static func revectorize(_ x: Operand, axes: [VectorizedAxis], targetShape: [Int], targetNames: [String?]? = nil) throws -> Tensor {
        let t = try devectorize(x, keepNames: false)
        for axis in axes where axis.size < 1 {
            throw NxError.argument("expected vectorized axis :\(axis.name) to have a positive size, got: \(axis.size)")
        }
        let shape = axes.map(\.size) + targetShape
        guard Shape.size(shape) == t.size else {
            throw NxError.argument("vectorized axes and target shape must have the same number of elements as the tensor, got \(Shape.size(shape)) and \(t.size)")
        }
        let inner = try Shape.names(targetNames, rank: targetShape.count)
        let flat = try reshape(.tensor(t), shape, names: axes.map { Optional($0.name) } + inner)
        return Tensor(flat.template, data: flat.data, vectorizedAxes: axes)
    }

    /// The vectorized axes of several tensors merged in order of appearance; a shared name
    /// must have one size.
    public static func mergedVectorizedAxes(_ ts: [Tensor]) throws -> [VectorizedAxis] {
        var merged: [VectorizedAxis] = []
        for t in ts {
            for axis in t.vectorizedAxes {
                if let seen = merged.first(where: { $0.name == axis.name }) {
                    guard seen.size == axis.size else {
                        throw NxError.argument("expected vectorized axis :\(axis.name) to have the same size in all tensors, got \(seen.size) and \(axis.size)")
                    }
                } else {
                    merged.append(axis)
                }
            }
        }
        return merged
    }

    /// The entry of a vectorized tensor at `index` (one position per axis of `axes`, which
    /// includes all of the tensor's own): an ordinary tensor of its inner shape.
    public static func vectorEntry(_ t: Tensor, axes: [VectorizedAxis], index: [Int]) throws -> Tensor {
        guard t.isVectorized else { return t }
        let own = t.vectorizedAxes.map { axis in index[axes.firstIndex(of: axis) ?? 0] }
        let inner = t.innerTemplate
        let flat = Tensor(TensorTemplate(type: t.type, shape: [t.vectorizedAxes.reduce(1) { $0 * $1.size }] + inner.shape),
                          data: t.data)
        let position = zip(own, t.vectorizedAxes).reduce(0) { $0 * $1.1.size + $1.0 }
        let entry = try sliceAlongAxis(.tensor(flat), position, 1, axis: 0)
        return try reshape(.tensor(entry), inner.shape, names: inner.names)
    }

    /// Per-entry results stacked back into a tensor vectorized over `axes`.
    public static func stackVectorized(_ entries: [Tensor], axes: [VectorizedAxis]) throws -> Tensor {
        guard let first = entries.first else { throw NxError.argument("cannot vectorize an empty result") }
        let stacked = entries.count == 1 ? try newAxis(.tensor(first), 0) : try stack(entries.map { .tensor($0) })
        let shape = axes.map(\.size) + first.shape
        let full = try reshape(.tensor(stacked), shape, names: axes.map { Optional($0.name) } + first.names)
        return Tensor(full.template, data: full.data, vectorizedAxes: axes)
    }

    /// Every index of `axes`, in row-major order.
    public static func vectorIndices(_ axes: [VectorizedAxis]) -> [[Int]] { indices(axes.map(\.size)) }
}
