import Foundation
import XCTest
@testable import JupyterKernel

final class StreamBatcherTests: XCTestCase {
    private final class Recorder {
        private let lock = NSLock()
        private var published: [(String, String)] = []
        func add(_ name: String, _ text: String) { lock.lock(); published.append((name, text)); lock.unlock() }
        var all: [(String, String)] { lock.lock(); defer { lock.unlock() }; return published }
    }

    func testWritesAreBatchedUntilFlush() {
        let recorder = Recorder()
        let batcher = StreamBatcher(publish: recorder.add)
        batcher.write("a\n", to: "stdout")
        batcher.write("b\n", to: "stdout")
        batcher.flush()
        XCTAssertEqual(recorder.all.map(\.0), ["stdout"])
        XCTAssertEqual(recorder.all.map(\.1), ["a\nb\n"])
    }

    func testSwitchingStreamKeepsOrder() {
        let recorder = Recorder()
        let batcher = StreamBatcher(publish: recorder.add)
        batcher.write("out1", to: "stdout")
        batcher.write("err", to: "stderr")
        batcher.write("out2", to: "stdout")
        batcher.flush()
        XCTAssertEqual(recorder.all.map { "\($0.0):\($0.1)" }, ["stdout:out1", "stderr:err", "stdout:out2"])
    }

    func testPendingTextIsPublishedWithoutFlushAfterDelay() {
        let recorder = Recorder()
        let batcher = StreamBatcher(publish: recorder.add)
        batcher.write("progress", to: "stdout")
        let deadline = Date().addingTimeInterval(2)
        while recorder.all.isEmpty && Date() < deadline { usleep(1000) }
        XCTAssertEqual(recorder.all.map(\.1), ["progress"])
    }

    func testLargeOutputIsPublishedAtOnce() {
        let recorder = Recorder()
        let batcher = StreamBatcher(publish: recorder.add)
        batcher.write(String(repeating: "x", count: StreamBatcher.maxPending), to: "stdout")
        XCTAssertEqual(recorder.all.count, 1)
        XCTAssertEqual(recorder.all.first?.1.count, StreamBatcher.maxPending)
    }
}
