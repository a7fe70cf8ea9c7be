import Foundation

/// Runs work on a thread with a very large stack, so deep non-tail recursion in user code
/// (each Elixir call is several Swift frames) does not overflow.
public enum DeepStack {
    /// 4 GB of address space; pages are only committed as the stack grows.
    public static let size = 4 << 30

    public static func run<T>(_ body: @escaping () -> T) -> T {
        var result: T?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result = body()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return result!
    }
}
