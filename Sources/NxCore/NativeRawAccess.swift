/// Raw access to native tensor memory for code generators outside NxCore (the JIT): a new
/// uninitialized output tensor, and the address of a native tensor's elements.
extension NativeBackend {
    /// A new tensor for `out` whose elements the caller must write before anyone reads them.
    public func uninitialized(_ out: TensorTemplate) -> (tensor: Tensor, bytes: UnsafeMutableRawPointer) {
        let (t, s) = allocate(out)
        return (t, s.bytes)
    }

    /// The address of `t`'s elements (row-major, contiguous); refuses tensors of other backends.
    public func rawBytes(_ t: Tensor) throws -> UnsafeMutableRawPointer {
        try storage(t).bytes
    }
}
