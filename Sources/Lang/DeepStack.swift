import Foundation

/// Runs work on a thread with a very large stack, so deep non-tail recursion in user code
/// (each Elixir call is several Swift frames) does not overflow.
public enum DeepStack {
    /// 8 GB of address space; pages are only committed as the stack grows.
    public static let size = 8 << 30

    /// The work the worker thread runs; it keeps the result so no captured variable is
    /// written from the other thread. `pthread_join` orders that write before the read.
    private class Job {
        var stackSize = 0
        func run() {}
    }

    private final class TypedJob<T>: Job {
        let body: () -> T
        var result: T?
        init(_ body: @escaping () -> T) { self.body = body }
        override func run() { result = body() }
    }

    /// Runs `body` on a new thread with a `stackSize`-byte stack and waits for its result.
    public static func run<T>(stackSize: Int = size, _ body: @escaping () -> T) -> T {
        let job = TypedJob(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        // Fall back to running here if the system refuses a stack this large.
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return body() }
        var thread = pthread_t()
        job.stackSize = stackSize
        let context = Unmanaged<Job>.passRetained(job).toOpaque()
        let started = pthread_create(&thread, &attributes, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            StackGuard.enter(stackSize: job.stackSize)
            job.run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return body()
        }
        pthread_join(thread, nil)
        guard let value = job.result else { fatalError("DeepStack worker ended without a result") }
        return value
    }
}
