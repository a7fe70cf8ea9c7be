import NxCore
import CPUInfo

/// An SGD-style update `w - c * dot(a, b)` (also `w + c * dot`, `c * dot + w`, with `dot * c`)
/// whose product nothing else reads, run as one product that writes the update in its last
/// depth step (`NativeBackend.dotUpdate`, WideKernels' GemmUpdate): no pass over a stored
/// product. The bits equal the separate ops': each sum is rounded, scaled and rounded, then
/// added to w. Only on the AVX-512 kernel; with OpenBLAS the ops stay separate.
struct DotUpdate {
    enum Scale {
        case constant(Float)
        /// A rank-0 float32 value read when the step runs (a learning-rate argument).
        case value(Tensor)
    }

    let dot: Tensor
    let addend: Tensor
    let scale: Scale
    let subtract: Bool

    /// The tensors the step reads: the dot's operands, the addend, then a scale value.
    var inputs: [Tensor] {
        var list = dot.expr!.args + [addend]
        if case .value(let s) = scale { list.append(s) }
        return list
    }

    /// The updated tensor from `inputs`' values, in order.
    func run(_ values: [Tensor]) throws -> Tensor {
        guard case .dot(let ca, _, let cb, _)? = dot.expr?.op else { preconditionFailure("a dot update without a dot") }
        let native = NativeBackend.shared
        let c: Float
        switch scale {
        case .constant(let x): c = x
        case .value: c = try native.rawBytes(values[3]).load(as: Float.self)
        }
        return try native.dotUpdate(dot.template, values[0], contract: ca, values[1], contract: cb,
                                    addend: values[2], scale: c, subtract: subtract)
    }
}

extension JITPlanner {
    /// `t` as a dot update, when it is one whose dot and product have no other reader and whose
    /// addend and scale are values the step can read (not expressions a kernel would compute).
    func dotUpdate(_ t: Tensor) -> DotUpdate? {
        guard CPUFeatures.avx512, t.type == .f32, kind(t) == .elementwise, materialized(t), let node = t.expr,
              case .binary(let op) = node.op, op == .add || op == .subtract else { return nil }
        let (x, y) = (node.args[0], node.args[1])
        for (addend, product) in op == .add ? [(x, y), (y, x)] : [(x, y)] {
            guard let p = product.expr, case .binary(.multiply) = p.op, soleReader(of: product, is: t),
                  kind(product) == .elementwise, !materialized(product) else { continue }
            for (scale, dot) in [(p.args[0], p.args[1]), (p.args[1], p.args[0])] {
                guard let d = dot.expr, case .dot(_, let batchA, _, let batchB) = d.op, batchA.isEmpty, batchB.isEmpty,
                      dot.type == .f32, d.args.allSatisfy({ $0.type == .f32 }), dot.shape == t.shape,
                      soleReader(of: dot, is: product), isValue(addend), addend.type == .f32, addend.shape == t.shape,
                      let s = scaleOf(scale) else { continue }
                return DotUpdate(dot: dot, addend: addend, scale: s, subtract: op == .subtract)
            }
        }
        return nil
    }

    /// Whether `reader` is the only consumer of `t`, which is computed in this program and not an output.
    private func soleReader(of t: Tensor, is reader: Tensor) -> Bool {
        guard let id = t.expr?.id, !boundary.contains(id), !outputIds.contains(id), !pinned.contains(id),
              let readers = consumers[id], readers.count == 1 else { return false }
        return readers[0].expr?.id == reader.expr?.id
    }

    /// Whether `t` is a tensor of its own at run time (not an expression folded into kernels).
    private func isValue(_ t: Tensor) -> Bool {
        guard t.expr != nil else { return true }
        switch kind(t) {
        case .elementwise, .constant, .broadcastView, .predicate: return materialized(t)
        default: return true
        }
    }

    /// A constant (as the kernels' splat would be) or a rank-0 float32 value.
    private func scaleOf(_ t: Tensor) -> DotUpdate.Scale? {
        var source = t
        if kind(t) == .broadcastView, let s = t.expr?.args.first, s.expr?.constantValue != nil { source = s }
        if let node = source.expr, kind(source) == .constant || node.constantValue != nil {
            guard let n = node.constantValue else { return nil }
            guard let x = source.type == .f32 ? Float(n.doubleValue) : JITPlanner.exactFloat(n, source.type) else { return nil }
            return .constant(x)
        }
        return t.rank == 0 && t.type == .f32 && isValue(t) ? .value(t) : nil
    }
}
