import Lang

/// The results of an interactive session's successful inputs, numbered as IEx numbers its
/// prompts (`iex(3)>` is input 3), for `v/0` and `v/1`. Like IEx it keeps the last 20.
public final class ResultHistory {
    public let limit: Int
    /// The number of the oldest result kept.
    public private(set) var start = 1
    private var results: [Value] = []

    public init(limit: Int = 20) {
        self.limit = max(limit, 0)
    }

    /// The number the next successful input gets: the `n` of the `iex(n)>` prompt.
    public var nextNumber: Int { start + results.count }

    public func append(_ result: Value) {
        results.append(result)
        if results.count > limit {
            let dropped = results.count - limit
            results.removeFirst(dropped)
            start += dropped
        }
    }

    /// Result `n`, or for negative `n` the `|n|`-th most recent; the message is IEx's
    /// RuntimeError text when `n` is out of range.
    public func result(_ n: Int) -> Result<Value, OutOfBounds> {
        if n >= start, n - start < results.count { return .success(results[n - start]) }
        if n < 0, results.count + n >= 0 { return .success(results[results.count + n]) }
        if results.isEmpty {
            return .failure(OutOfBounds(message: "v(\(n)) is out of bounds, no entries were stored in history so far"))
        }
        return .failure(OutOfBounds(message:
            "v(\(n)) is out of bounds, the currently preserved history ranges from \(start) to "
            + "\(nextNumber - 1) (or use negative numbers to look from the end)"))
    }

    public struct OutOfBounds: Error, Equatable {
        public var message: String
    }
}
