/// The primitives a backend implements (Nx's Backend callbacks). The front end has already
/// validated the arguments and computed `out`, the result's template; a backend only produces it.
/// Axes arrive resolved (non-negative integers).
public protocol Backend: AnyObject {
    /// The module name Nx prints for the backend.
    var name: String { get }

    // Creation and conversion
    func constant(_ out: TensorTemplate, _ value: NxNumber) throws -> Tensor
    func fromNumbers(_ out: TensorTemplate, _ values: [NxNumber]) throws -> Tensor
    func fromBinary(_ out: TensorTemplate, _ bytes: [UInt8]) throws -> Tensor
    /// The first `limit` elements (all when nil) as native-endian bytes.
    func toBinary(_ t: Tensor, limit: Int?) throws -> [UInt8]
    /// The first `limit` elements (all when nil) as host numbers.
    func toNumbers(_ t: Tensor, limit: Int?) throws -> [NxNumber]
    func iota(_ out: TensorTemplate, axis: Int?) throws -> Tensor
    func eye(_ out: TensorTemplate) throws -> Tensor
    func asType(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor
    func bitcast(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor

    // Shape
    func reshape(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor
    /// `axes[i]` is the output axis that input axis i maps to.
    func broadcast(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor
    func transpose(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor
    func reverse(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor
    func slice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], strides: [Int]) throws -> Tensor
    func concatenate(_ out: TensorTemplate, _ ts: [Tensor], axis: Int) throws -> Tensor

    // Elementwise
    func unary(_ op: UnaryOp, _ out: TensorTemplate, _ t: Tensor) throws -> Tensor
    /// `a` and `b` have broadcast-compatible shapes (aligned from the right) of `out.shape`.
    func binary(_ op: BinaryOp, _ out: TensorTemplate, _ a: Tensor, _ b: Tensor) throws -> Tensor
    func select(_ out: TensorTemplate, _ pred: Tensor, _ onTrue: Tensor, _ onFalse: Tensor) throws -> Tensor

    // Reductions
    func reduce(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor
    func argReduce(max: Bool, _ out: TensorTemplate, _ t: Tensor, axis: Int?, tieBreakHigh: Bool) throws -> Tensor

    /// `config[i]` = (low, high, interior) padding of axis i; negative low/high crop.
    func pad(_ out: TensorTemplate, _ t: Tensor, value: Tensor, config: [(Int, Int, Int)]) throws -> Tensor
    /// Elements at `indices` (s64, last axis = coordinates of the leading axes of `t`).
    func gather(_ out: TensorTemplate, _ t: Tensor, indices: Tensor) throws -> Tensor
    /// `t` with `updates` written (or added, when `add`) at `indices` (as in gather).
    func indexedUpdate(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, updates: Tensor, add: Bool) throws -> Tensor
    func take(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor
    func takeAlongAxis(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor
    /// `t` with `slice` written at `starts` (already clamped to fit).
    func putSlice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], slice: Tensor) throws -> Tensor
    /// A stable sort along `axis`; with `indices`, the s64 positions (argsort) instead of the values.
    func sort(_ out: TensorTemplate, _ t: Tensor, axis: Int, descending: Bool, indices: Bool) throws -> Tensor
    func cumulative(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axis: Int, reverse: Bool) throws -> Tensor

    /// A convolution with the padding, dilation of the input and groups already applied by the
    /// front end: input [N, C, spatial...] and kernel [O, C, kernel spatial...], both of
    /// `out.type`. A default composes it from slices and a dot (NxConv.swift).
    func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, strides: [Int], kernelDilation: [Int]) throws -> Tensor
    /// `Nx.window_sum/product/max/min` (`op` is sum, product, reduce_max or reduce_min) over a
    /// checked geometry; the default composes it from slices (NxWindow.swift).
    func window(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, _ geometry: Nx.WindowGeometry) throws -> Tensor
    /// A whole `Nx.conv` with its checked options; the default expands it into primitives and
    /// the plain `conv` above (NxConv.swift).
    func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, _ plan: Nx.ConvPlan) throws -> Tensor

    // Linear algebra
    func dot(_ out: TensorTemplate, _ a: Tensor, contract ca: [Int], batch ba: [Int],
             _ b: Tensor, contract cb: [Int], batch bb: [Int]) throws -> Tensor

    /// A decomposition or transform (see `LinAlgOp`): one result per template in `outs`.
    func linalg(_ op: LinAlgOp, _ outs: [TensorTemplate], _ inputs: [Tensor]) throws -> [Tensor]
}
