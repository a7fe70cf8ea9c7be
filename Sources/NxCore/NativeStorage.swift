import Foundation

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
        bytes = BufferPool.shared.take(byteCount) ?? NativeStorage.allocate(byteCount)
    }

    deinit {
        if !BufferPool.shared.give(bytes, byteCount) { free(bytes) }
    }

    /// Buffers this large are 2 MB aligned and advised to use huge pages: kernels that stride
    /// across rows (transpose, column reductions) otherwise miss the TLB on nearly every access.
    static let hugePageBytes = 4 << 20

    static func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let huge = byteCount >= hugePageBytes
        let alignment = huge ? 2 << 20 : 64
        var p: UnsafeMutableRawPointer?
        guard posix_memalign(&p, alignment, max(byteCount, 1)) == 0, let memory = p else {
            fatalError("SwiftNx: out of memory allocating \(byteCount) bytes")
        }
        if huge { _ = madvise(memory, byteCount, MADV_HUGEPAGE) }
        return memory
    }

    @inline(__always) func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        bytes.assumingMemoryBound(to: T.self)
    }
}


/// Recently freed large buffers, reused for tensors of the same byte size: a fresh multi-megabyte
/// allocation is mapped page by page on first touch, which costs more than the kernels writing it.
final class BufferPool {
    static let shared = BufferPool()
    /// Only buffers at least this large are pooled; small ones come cheaply from malloc.
    static let minimumBytes = 1 << 20
    static let capacityBytes = 256 << 20

    private let lock = NSLock()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var total = 0

    func take(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        guard byteCount >= Self.minimumBytes else { return nil }
        lock.lock(); defer { lock.unlock() }
        guard let p = free[byteCount]?.popLast() else { return nil }
        total -= byteCount
        return p
    }

    /// Keeps `p` for reuse when there is room; false means the caller frees it.
    func give(_ p: UnsafeMutableRawPointer, _ byteCount: Int) -> Bool {
        guard byteCount >= Self.minimumBytes else { return false }
        lock.lock(); defer { lock.unlock() }
        guard total + byteCount <= Self.capacityBytes else { return false }
        free[byteCount, default: []].append(p)
        total += byteCount
        return true
    }
}
