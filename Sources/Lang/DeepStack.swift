import Foundation

/// Runs work on a thread with a very large stack, so deep non-tail recursion in user code
/// (each Elixir call is several Swift frames) does not overflow.
public enum DeepStack {
    /// 4 GB of address space; pages are only committed as the stack grows.
    public static let size = 4 << 30

    /// Where the worker thread leaves its result; read only after it signals.
    private final class Box<T>: @unchecked Sendable { var value: T? }

    public static func run<T>(_ body: @escaping () -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        guard let value = box.value else { fatalError("DeepStack worker ended without a result") }
        return value
    }
}
