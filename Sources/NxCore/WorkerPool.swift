import Foundation
import Synchronization

/// Persistent threads for data-parallel kernels: one parked thread per extra core. A call
/// publishes its tasks, wakes the workers, and the calling thread takes tasks too; workers spin
/// briefly for the next call before sleeping on a condition. Not used by the kernels yet: on
/// the shared 2-core machine it measured no faster than `DispatchQueue.concurrentPerform`
/// (docs/jit.md); kept, tested, for kernels (GEMM, fused) to try on a quieter machine.
public final class WorkerPool: @unchecked Sendable {
    public static let shared = WorkerPool(extraThreads: ProcessInfo.processInfo.activeProcessorCount - 1)

    /// Threads that can work on one call: the workers and the caller.
    public let width: Int

    /// One call's tasks; workers claim indices from `next` until `count`.
    private final class Job: @unchecked Sendable {
        /// Cleared when the call returns (the closure must not outlive it).
        var body: ((Int) -> Void)?
        let count: Int
        let next = Atomic<Int>(0)
        let unfinished: Atomic<Int>
        init(_ body: @escaping (Int) -> Void, _ count: Int) {
            self.body = body
            self.count = count
            unfinished = Atomic(count)
        }

        /// Runs tasks until none is left to claim.
        func drain() {
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= count { return }
                perform(i)
                unfinished.subtract(1, ordering: .releasing)
            }
        }

        /// Not inlined: this worker's reference to the closure is released before the task
        /// counts as finished (the caller then checks that the closure did not escape).
        @inline(never) private func perform(_ i: Int) {
            body.unsafelyUnwrapped(i)
        }
    }

    private let current = Mutex<Job?>(nil)
    private let generation = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let wake = NSCondition()
    /// One call at a time; a call made while another runs (or from inside a task) runs inline.
    private let busy = NSLock()
    /// Polls of `generation` before a worker sleeps (~tens of µs: kernels often come in a row).
    private static let spinPolls = 20_000

    public init(extraThreads: Int) {
        width = max(1, extraThreads + 1)
        for _ in 0..<(width - 1) {
            // The threads keep the pool alive: a pool lives as long as the process.
            let thread = Thread { self.workerLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Calls `body(i)` for every i in 0..<count, spread over the pool, and returns when all are done.
    public func run(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 || width == 1 || !busy.try() {
            for i in 0..<count { body(i) }
            return
        }
        defer { busy.unlock() }
        withoutActuallyEscaping(body) { body in
            let job = Job(body, count)
            current.withLock { $0 = job }
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            job.drain()
            var polls = 0
            while job.unfinished.load(ordering: .acquiring) > 0 {
                polls += 1
                if polls > 1000 { sched_yield() }
            }
            // Workers that wake late find no job (or a finished one) and claim nothing.
            current.withLock { $0 = nil }
            job.body = nil
        }
    }

    private func workerLoop() {
        var seen = generation.load(ordering: .sequentiallyConsistent)
        while true {
            var polls = 0
            while generation.load(ordering: .acquiring) == seen {
                polls += 1
                if polls < WorkerPool.spinPolls { continue }
                wake.lock()
                sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                wake.unlock()
            }
            seen = generation.load(ordering: .acquiring)
            if let job = current.withLock({ $0 }) { job.drain() }
        }
    }
}
