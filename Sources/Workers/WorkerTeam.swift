import Foundation
import Synchronization

/// The threads every parallel kernel runs on: the calling thread plus one helper per other
/// core, started once. After a job a helper polls for the next one for a few microseconds
/// (yielding the core at each poll), so back-to-back kernels start without a wake-up, then
/// sleeps on a semaphore. A job's body claims its own work items, so it is correct with any
/// number of members: a helper that wakes after the caller has claimed everything does not join.
///
/// One job at a time: a caller that finds the team busy (a nested call from inside a job, or a
/// second thread) runs its body alone on its own thread.
public final class WorkerTeam: @unchecked Sendable {
    /// One member per core; its `size` is the parallelism every kernel plans for. (Read once:
    /// on Linux, Foundation's processor count reads the cgroup's CPU quota files on every call.)
    public static let shared = WorkerTeam(helpers: ProcessInfo.processInfo.activeProcessorCount - 1)
    /// How long an idle helper polls for the next job before it sleeps: 50 µs covers the
    /// serial stretches between the MLP step's parallel ops (20 µs: 0.218 → 0.184 ms; 100: same).
    static let pollNanoseconds: UInt64 = 50_000
    /// `entry` after the caller closed the job: joining helpers see a negative count.
    private static let closed = Int.min / 2

    /// Members: the caller and the helpers.
    public let size: Int
    private let helpers: [Helper]
    private let busy = Atomic<Bool>(false)
    private let jobs = Atomic<Int>(0)
    /// Helpers that joined the current job, or negative once it is closed.
    private let entry = Atomic<Int>(closed)
    private let finished = Atomic<Int>(0)
    /// The next unclaimed part of the current `parallelFor`.
    private let nextPart = Atomic<Int>(0)
    /// The current job; written before `jobs` is bumped, read by helpers that joined it.
    private var body: (() -> Void)?

    private final class Helper: @unchecked Sendable {
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    public init(helpers count: Int) {
        size = max(count, 0) + 1
        helpers = (0..<max(count, 0)).map { _ in Helper() }
        for (index, helper) in helpers.enumerated() {
            // Strong: a team is never freed (its helpers run for the life of the process).
            let thread = Thread { self.serve(helper) }
            thread.name = "swiftnx-worker-\(index + 1)"
            thread.start()
        }
    }

    /// Runs `body(part)` once for each part in `0..<parts`, each claimed by whichever member is
    /// free (the caller always takes part); returns when all are done.
    public func parallelFor(_ parts: Int, _ body: (Int) -> Void) {
        guard parts > 1, size > 1, take() else {
            for part in 0..<max(parts, 0) { body(part) }
            return
        }
        nextPart.store(0, ordering: .relaxed)
        runTaken {
            while true {
                let part = nextPart.add(1, ordering: .relaxed).oldValue
                if part >= parts { break }
                body(part)
            }
        }
    }

    /// Runs `body` on the calling thread and on the helpers that join in time (none when
    /// `parallel` is false or the team is busy); returns when all are done.
    public func run(parallel: Bool, _ body: () -> Void) {
        guard parallel, size > 1, take() else {
            body()
            return
        }
        runTaken(body)
    }

    private func take() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// Publishes `body` as the next job, runs it, waits for the helpers that joined, and
    /// releases the team (taken by `take`).
    private func runTaken(_ body: () -> Void) {
        withoutActuallyEscaping(body) { body in
            self.body = body
            finished.store(0, ordering: .relaxed)
            entry.store(0, ordering: .releasing)
            jobs.add(1, ordering: .sequentiallyConsistent)
            for helper in helpers where helper.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                helper.wake.signal()
            }
            body()
            let joined = entry.exchange(Self.closed, ordering: .acquiringAndReleasing)
            Self.wait { finished.load(ordering: .acquiring) == joined }
            self.body = nil
        }
        busy.store(false, ordering: .releasing)
    }

    private func serve(_ helper: Helper) {
        var seen = 0
        while true {
            seen = next(after: seen, helper)
            if entry.add(1, ordering: .acquiringAndReleasing).oldValue >= 0 {
                body?()
                finished.add(1, ordering: .releasing)
            }
        }
    }

    /// Polls for a job number other than `seen` until the caller has been out of jobs for
    /// `pollNanoseconds`, then sleeps until the caller signals one.
    private func next(after seen: Int, _ helper: Helper) -> Int {
        var start = DispatchTime.now().uptimeNanoseconds, now = start
        repeat {
            let job = jobs.load(ordering: .acquiring)
            if job != seen { return job }
            sched_yield()
            now = DispatchTime.now().uptimeNanoseconds
            // The caller may still be finishing the last job's final item.
            if busy.load(ordering: .relaxed) { start = now }
        } while now - start < Self.pollNanoseconds
        helper.sleeping.store(true, ordering: .sequentiallyConsistent)
        // Either the caller sees `sleeping` and signals, or this load sees its new job number;
        // when both happen, the signal is consumed here.
        if jobs.load(ordering: .sequentiallyConsistent) == seen
            || !helper.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            helper.wake.wait()
        }
        return jobs.load(ordering: .acquiring)
    }

    /// Spins on `done`, yielding the core once the wait gets long (the thread it waits for
    /// may have been descheduled on a busy machine).
    @inlinable
    public static func wait(_ done: () -> Bool) {
        var spins = 0
        while !done() {
            spins += 1
            if spins > 1024 { sched_yield() }
        }
    }
}
