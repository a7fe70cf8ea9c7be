/// The data of a tensor, owned by the backend that made it: native memory for the Native backend,
/// a graph node for the Expr backend. The front end never looks inside.
public protocol TensorData: AnyObject {
    var backend: Backend { get }
}

/// A contiguous, 64-byte aligned, immutable-after-fill buffer of one tensor's elements.
public final class NativeStorage: TensorData {
    public let bytes: UnsafeMutableRawPointer
    public let byteCount: Int
    public var backend: Backend { NativeBackend.shared }

    init(byteCount: Int) {
        self.byteCount = byteCount
        bytes = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
    }

    deinit { bytes.deallocate() }

    @inline(__always) func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        bytes.assumingMemoryBound(to: T.self)
    }
}
