import Foundation

/// Keeps unbounded recursion in user code from overflowing the thread's stack: function calls
/// check that the stack still has room and raise an error instead of crashing the process.
/// (The BEAM grows a process's stack on the heap until memory runs out; an error that names
/// the cause serves a session better.)
enum StackGuard {
    /// At most this much of a stack is kept free for what runs after the last user call
    /// (native functions, inspection, unwinding).
    static let reserve = 256 << 20

    static let overflow = ElixirError.exception(
        "SystemLimitError", "a system limit has been reached: the call stack is too deep (unbounded recursion?)")

    /// Throws when the current thread's stack is nearly used up.
    @inline(__always) static func check() throws {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        if here < floor() { throw overflow }
    }

    /// Each thread's lowest allowed stack address; threads that did not `enter` have none.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    @inline(__always) private static func floor() -> UInt {
        UInt(bitPattern: pthread_getspecific(key))
    }

    /// Called first thing on a new thread whose stack is `size` bytes: the guard leaves a
    /// reserve below the calls (a quarter of a small stack).
    static func enter(stackSize size: Int) {
        var marker: UInt8 = 0
        let top = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        let floor = top - UInt(size) + UInt(min(reserve, size / 4))
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: floor))
    }
}
