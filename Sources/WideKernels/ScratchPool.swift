import Foundation

/// Reusable 64-byte-aligned float buffers for packed panels. Taking a fresh multi-megabyte
/// allocation per product would pay page faults on every call; the pool keeps the few buffers
/// that concurrent products need and hands them out again.
final class ScratchPool {
    static let shared = ScratchPool()

    private let lock = NSLock()
    private var idle: [ScratchBuffer] = []

    /// A buffer of at least `count` floats; give it back with `give` when done.
    func take(_ count: Int) -> ScratchBuffer {
        lock.lock()
        let buffer = idle.popLast()
        lock.unlock()
        if let buffer, buffer.capacity >= count { return buffer }
        return ScratchBuffer(capacity: max(count, buffer?.capacity ?? 0))
    }

    func give(_ buffer: ScratchBuffer) {
        lock.lock()
        if idle.count < 16 { idle.append(buffer) }
        lock.unlock()
    }
}

final class ScratchBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1) * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(capacity, 1))
    }

    deinit { pointer.deallocate() }
}
