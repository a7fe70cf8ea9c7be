/// `Nx.TemplateBackend`: tensors that carry only a template (`Nx.template`, `Nx.to_template`).
/// Inspect prints the backend name instead of values; every operation raises, as in Nx.
public final class TemplateBackend: Backend {
    public static let shared = TemplateBackend()
    public var name: String { "Nx.TemplateBackend" }

    final class Data: TensorData {
        var backend: Backend { TemplateBackend.shared }
    }

    /// A template tensor of `template`.
    public static func tensor(_ template: TensorTemplate) -> Tensor { Tensor(template, data: Data()) }

    private func refuse() -> NxError {
        NxError(module: "RuntimeError", message: "cannot perform operations on a Nx.TemplateBackend tensor")
    }

    public func constant(_ out: TensorTemplate, _ value: NxNumber) throws -> Tensor { throw refuse() }
    public func fromNumbers(_ out: TensorTemplate, _ values: [NxNumber]) throws -> Tensor { throw refuse() }
    public func fromBinary(_ out: TensorTemplate, _ bytes: [UInt8]) throws -> Tensor { throw refuse() }
    public func toBinary(_ t: Tensor, limit: Int?) throws -> [UInt8] { throw refuse() }
    public func toNumbers(_ t: Tensor, limit: Int?) throws -> [NxNumber] { throw refuse() }
    public func iota(_ out: TensorTemplate, axis: Int?) throws -> Tensor { throw refuse() }
    public func eye(_ out: TensorTemplate) throws -> Tensor { throw refuse() }
    public func asType(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor { throw refuse() }
    public func bitcast(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor { throw refuse() }
    public func reshape(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor { throw refuse() }
    public func broadcast(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor { throw refuse() }
    public func transpose(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor { throw refuse() }
    public func reverse(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor { throw refuse() }
    public func slice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], strides: [Int]) throws -> Tensor { throw refuse() }
    public func concatenate(_ out: TensorTemplate, _ ts: [Tensor], axis: Int) throws -> Tensor { throw refuse() }
    public func unary(_ op: UnaryOp, _ out: TensorTemplate, _ t: Tensor) throws -> Tensor { throw refuse() }
    public func binary(_ op: BinaryOp, _ out: TensorTemplate, _ a: Tensor, _ b: Tensor) throws -> Tensor { throw refuse() }
    public func select(_ out: TensorTemplate, _ pred: Tensor, _ onTrue: Tensor, _ onFalse: Tensor) throws -> Tensor { throw refuse() }
    public func reduce(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor { throw refuse() }
    public func argReduce(max: Bool, _ out: TensorTemplate, _ t: Tensor, axis: Int?, tieBreakHigh: Bool) throws -> Tensor { throw refuse() }
    public func pad(_ out: TensorTemplate, _ t: Tensor, value: Tensor, config: [(Int, Int, Int)]) throws -> Tensor { throw refuse() }
    public func gather(_ out: TensorTemplate, _ t: Tensor, indices: Tensor) throws -> Tensor { throw refuse() }
    public func indexedUpdate(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, updates: Tensor, add: Bool) throws -> Tensor { throw refuse() }
    public func take(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor { throw refuse() }
    public func takeAlongAxis(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor { throw refuse() }
    public func putSlice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], slice: Tensor) throws -> Tensor { throw refuse() }
    public func sort(_ out: TensorTemplate, _ t: Tensor, axis: Int, descending: Bool, indices: Bool) throws -> Tensor { throw refuse() }
    public func cumulative(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axis: Int, reverse: Bool) throws -> Tensor { throw refuse() }
    public func dot(_ out: TensorTemplate, _ a: Tensor, contract ca: [Int], batch ba: [Int],
                    _ b: Tensor, contract cb: [Int], batch bb: [Int]) throws -> Tensor { throw refuse() }
}

extension Nx {
    /// `Nx.template(shape, type, names:)`.
    public static func template(_ shape: [Int], _ type: DType, names: [String?]? = nil) throws -> Tensor {
        try Shape.validate(shape)
        return TemplateBackend.tensor(TensorTemplate(type: type, shape: shape, names: try Shape.names(names, rank: shape.count)))
    }

    /// `Nx.to_template(t)`.
    public static func toTemplate(_ x: Operand) throws -> Tensor {
        TemplateBackend.tensor(try toTensor(x).template)
    }

    /// `Nx.backend_copy` / `backend_transfer` to the native backend (a fresh buffer).
    public static func backendCopy(_ x: Operand) throws -> Tensor {
        let t = try toTensor(x)
        let bytes = try t.backend.toBinary(t, limit: nil)
        return try NativeBackend.shared.fromBinary(t.template, bytes)
    }
}
