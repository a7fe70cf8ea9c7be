import Foundation

/// The data of a tensor, owned by the backend that made it: native memory for the Native backend,
/// a graph node for the Expr backend. The front end never looks inside.
public protocol TensorData: AnyObject {
    var backend: Backend { get }
}

/// A contiguous, 64-byte aligned, immutable-after-fill buffer of one tensor's elements.
/// Below `BufferPool.minimumBytes` the elements live inside the object itself (one allocation
/// instead of an object plus an aligned block: `posix_memalign` and its `free` were the largest
/// part of a small tensor's creation); larger buffers come from the pool or their own mapping.
public final class NativeStorage: ManagedBuffer<NativeStorage.Location, UInt8>, TensorData {
    public struct Location {
        let bytes: UnsafeMutableRawPointer
        let byteCount: Int
        /// Whether `bytes` points into the object (freed with it) rather than to its own block.
        let inline: Bool
    }

    public var bytes: UnsafeMutableRawPointer { header.bytes }
    public var byteCount: Int { header.byteCount }
    public var backend: Backend { NativeBackend.shared }

    static func make(byteCount: Int) throws -> NativeStorage {
        guard byteCount < BufferPool.minimumBytes else {
            let bytes = try BufferPool.shared.take(byteCount) ?? NativeStorage.allocate(byteCount)
            return unsafeDowncast(create(minimumCapacity: 0) { _ in Location(bytes: bytes, byteCount: byteCount, inline: false) },
                                  to: NativeStorage.self)
        }
        return unsafeDowncast(create(minimumCapacity: byteCount + alignment - 1) { buffer in
            // The elements' address is fixed for the object's life: the first 64-byte boundary in them.
            let tail = buffer.withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0) }
            return Location(bytes: tail.alignedUp(toMultipleOf: alignment), byteCount: byteCount, inline: true)
        }, to: NativeStorage.self)
    }

    static var alignment: Int { 64 }

    deinit {
        let location = header
        if !location.inline, !BufferPool.shared.give(location.bytes, location.byteCount) { free(location.bytes) }
    }

    /// Buffers this large are 2 MB aligned and advised to use huge pages: kernels that stride
    /// across rows (transpose, column reductions) otherwise miss the TLB on nearly every access.
    static let hugePageBytes = 4 << 20

    static func allocate(_ byteCount: Int) throws -> UnsafeMutableRawPointer {
        let huge = byteCount >= hugePageBytes
        let alignment = huge ? 2 << 20 : NativeStorage.alignment
        var p: UnsafeMutableRawPointer?
        guard posix_memalign(&p, alignment, max(byteCount, 1)) == 0, let memory = p else {
            throw NxError.outOfMemory(bytes: byteCount)
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
