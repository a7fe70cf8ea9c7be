/// `Nx.reflect`: pads each axis by mirroring its elements around the edges (the edge element
/// itself is not repeated), as a `take` of computed indices per axis, so defn and grad follow.
extension Nx {
    /// `padding` holds one (before, after) pair of non-negative counts per axis.
    public static func reflect(_ x: Operand, padding: [(Int, Int)]) throws -> Tensor {
        var t = try toTensor(x, backend: backend([x]))
        guard padding.count == t.rank else {
            throw NxError.argument("expected to have one padding per axis of the tensor (rank \(t.rank)), got: \(padding.count)")
        }
        for (axis, (before, after)) in padding.enumerated() where before > 0 || after > 0 {
            guard before >= 0 && after >= 0 else {
                throw NxError.argument("expected non-negative padding amounts, got: {\(before), \(after)}")
            }
            let n = t.shape[axis]
            guard n > 0 else { throw NxError.argument("cannot reflect an empty axis \(axis)") }
            let indices = (-before..<(n + after)).map { Int64(mirrored($0, size: n)) }
            let list = NestedNumbers.list(indices.map { .number(.int($0)) })
            let index = try tensor(list, type: .s64, names: [t.names[axis]], backend: t.backend)
            t = try take(.tensor(t), index, axis: .index(axis))
        }
        return t
    }

    /// Position `i` of an axis of `size` extended by reflection: the pattern repeats every
    /// 2·(size - 1) positions, going up to the last element and back down to the first.
    static func mirrored(_ i: Int, size: Int) -> Int {
        guard size > 1 else { return 0 }
        let period = 2 * (size - 1)
        let m = ((i % period) + period) % period
        return m < size ? m : period - m
    }
}
