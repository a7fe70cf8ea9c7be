import Foundation

/// Collects what a running cell prints and publishes it as `stream` messages a few
/// milliseconds later, so a loop of `IO.puts` becomes a handful of messages yet a long
/// cell still shows its progress. Order across stdout and stderr is kept: switching
/// streams flushes the other one first.
final class StreamBatcher {
    /// How long printed text may wait before it is published.
    static let delay: DispatchTimeInterval = .milliseconds(5)
    /// Text beyond this size is published at once instead of waiting.
    static let maxPending = 64 * 1024

    private let publish: (_ name: String, _ text: String) -> Void
    private let lock = NSLock()
    private let timerQueue = DispatchQueue(label: "swiftnx.kernel.streams")
    private var pendingName = "stdout"
    private var pending = ""
    private var flushScheduled = false

    init(publish: @escaping (_ name: String, _ text: String) -> Void) {
        self.publish = publish
    }

    func write(_ text: String, to name: String) {
        guard !text.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        if name != pendingName { flushLocked() }
        pendingName = name
        pending += text
        if pending.utf8.count >= Self.maxPending {
            flushLocked()
        } else if !flushScheduled {
            flushScheduled = true
            timerQueue.asyncAfter(deadline: .now() + Self.delay) { [weak self] in self?.flush() }
        }
    }

    /// Publishes everything written so far (before a result, an error or an input prompt).
    func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        flushScheduled = false
        guard !pending.isEmpty else { return }
        let text = pending
        pending = ""
        publish(pendingName, text)
    }
}
