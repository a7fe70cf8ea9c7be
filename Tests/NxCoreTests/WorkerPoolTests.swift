import XCTest
import Foundation
import Synchronization
@testable import NxCore

/// The worker pool runs every task exactly once, from any caller, also when calls overlap or nest.
final class WorkerPoolTests: XCTestCase {
    func testEveryTaskRunsOnce() {
        let pool = WorkerPool(extraThreads: 2)
        for count in [0, 1, 2, 3, 7, 64, 1000] {
            var hits = [Int](repeating: 0, count: count)
            hits.withUnsafeMutableBufferPointer { h in
                let p = h.baseAddress
                pool.run(count) { i in p![i] += 1 }
            }
            XCTAssertEqual(hits, [Int](repeating: 1, count: count), "count \(count)")
        }
    }

    func testManyCallsInARowIncludingAfterWorkersSleep() {
        let pool = WorkerPool(extraThreads: 1)
        let total = Atomic<Int>(0)
        for round in 0..<2000 {
            pool.run(4) { _ in total.wrappingAdd(1, ordering: .relaxed) }
            if round % 500 == 0 { usleep(20_000) }  // let the worker fall asleep
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 8000)
    }

    func testNestedAndConcurrentCallsRunInline() {
        let pool = WorkerPool(extraThreads: 1)
        let total = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 {
                pool.run(3) { _ in
                    pool.run(2) { _ in total.wrappingAdd(1, ordering: .relaxed) }
                }
            }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 4 * 50 * 3 * 2)
    }
}
