/// Raw access to native tensor memory for code generators outside NxCore (the JIT): a new
/// uninitialized output tensor, and the address of a native tensor's elements.
extension NativeBackend {
    /// A new tensor for `out` whose elements the caller must write before anyone reads them.
    public func uninitialized(_ out: TensorTemplate) throws -> (tensor: Tensor, bytes: UnsafeMutableRawPointer) {
        // The address is read before the tensor takes the storage: no second reference to release.
        let storage = try NativeStorage.make(byteCount: out.size * out.type.byteSize)
        let bytes = storage.bytes
        return (Tensor(out, data: storage), bytes)
    }

    /// The address of `t`'s elements (row-major, contiguous); refuses tensors of other backends.
    public func rawBytes(_ t: Tensor) throws -> UnsafeMutableRawPointer {
        try storage(t).bytes
    }
}
