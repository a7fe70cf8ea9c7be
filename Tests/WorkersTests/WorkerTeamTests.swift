import Foundation
import Synchronization
import XCTest
@testable import Workers

final class WorkerTeamTests: XCTestCase {
    /// Per-part run counts, safe to bump from any thread.
    final class Counts: @unchecked Sendable {
        let values: UnsafeMutablePointer<Atomic<Int>>
        let count: Int
        init(_ count: Int) {
            self.count = count
            values = .allocate(capacity: max(count, 1))
            for i in 0..<count { (values + i).initialize(to: Atomic(0)) }
        }
        deinit { values.deinitialize(count: count); values.deallocate() }
        func bump(_ i: Int) { values[i].add(1, ordering: .relaxed) }
        var all: [Int] { (0..<count).map { values[$0].load(ordering: .relaxed) } }
    }

    func testEveryPartRunsExactlyOnce() {
        for team in [WorkerTeam.shared, WorkerTeam(helpers: 3), WorkerTeam(helpers: 0)] {
            for parts in [0, 1, 2, 3, 7, 64, 1000] {
                for _ in 0..<20 {
                    let counts = Counts(parts)
                    team.parallelFor(parts) { counts.bump($0) }
                    XCTAssertEqual(counts.all, [Int](repeating: 1, count: parts), "\(parts) parts, \(team.size) members")
                }
            }
        }
    }

    func testZeroAndOnePartRunOnTheCaller() {
        var ran: [Int] = []
        WorkerTeam.shared.parallelFor(0) { ran.append($0) }
        XCTAssertEqual(ran, [])
        let caller = Thread.current
        WorkerTeam.shared.parallelFor(1) { XCTAssertTrue(Thread.current == caller); ran.append($0) }
        XCTAssertEqual(ran, [0])
    }

    func testNestedCallsRunInline() {
        let team = WorkerTeam(helpers: 2)
        let counts = Counts(16 * 16)
        team.parallelFor(16) { outer in
            team.parallelFor(16) { inner in counts.bump(outer * 16 + inner) }
            team.run(parallel: true) {}
        }
        XCTAssertEqual(counts.all, [Int](repeating: 1, count: 256))
    }

    func testManyThreadsCallingAtOnce() {
        let team = WorkerTeam(helpers: 2)
        let callers = 8, parts = 37, rounds = 200
        let counts = Counts(callers * parts)
        DispatchQueue.concurrentPerform(iterations: callers) { c in
            for _ in 0..<rounds { team.parallelFor(parts) { counts.bump(c * parts + $0) } }
        }
        XCTAssertEqual(counts.all, [Int](repeating: rounds, count: callers * parts))
    }

    func testHelpersJoinAfterSleeping() {
        // Longer than the helpers' poll: each call then wakes sleeping helpers.
        let team = WorkerTeam(helpers: 1)
        for _ in 0..<5 {
            usleep(2_000)
            let counts = Counts(100)
            team.parallelFor(100) { counts.bump($0) }
            XCTAssertEqual(counts.all, [Int](repeating: 1, count: 100))
        }
    }

    func testRunWithoutParallelStaysOnTheCaller() {
        let caller = Thread.current
        var runs = 0
        WorkerTeam.shared.run(parallel: false) { XCTAssertTrue(Thread.current == caller); runs += 1 }
        XCTAssertEqual(runs, 1)
    }
}
