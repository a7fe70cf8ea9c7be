import Foundation

/// The cells this kernel ran with store_history, answering history_request's tail,
/// range and search. All are in one history session, numbered `CellHistory.session`.
struct CellHistory {
    struct Entry: Equatable {
        var line: Int
        var input: String
        /// The result's text/plain, when the cell had one.
        var output: String?
    }

    static let session = 1

    private(set) var entries: [Entry] = []

    mutating func record(line: Int, input: String, output: String?) {
        entries.append(Entry(line: line, input: input, output: output))
    }

    /// The last `n` entries.
    func tail(_ n: Int) -> [Entry] { Array(entries.suffix(max(n, 0))) }

    /// Lines `start ..< stop` (stop nil: to the end) of a session; 0 means this one.
    func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        guard session == 0 || session == Self.session else { return [] }
        return entries.filter { entry in entry.line >= start && (stop.map { entry.line < $0 } ?? true) }
    }

    /// Inputs matching a glob pattern (`*`, `?`, `[…]`), oldest first; `unique` keeps the
    /// latest of identical inputs, and `n` keeps the last n matches.
    func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        var matches = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
        if unique {
            var seen = Set<String>()
            matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let n { matches = Array(matches.suffix(max(n, 0))) }
        return matches
    }

    /// The history_reply content for a request.
    func reply(to request: JSONObject) -> JSONObject {
        let found: [Entry]
        switch request.string("hist_access_type") ?? "tail" {
        case "range":
            found = range(session: request.int("session") ?? 0, start: request.int("start") ?? 0,
                          stop: request.int("stop"))
        case "search":
            found = search(pattern: request.string("pattern") ?? "*", n: request.int("n"),
                           unique: request.bool("unique", default: false))
        default:
            found = tail(request.int("n") ?? 10)
        }
        let withOutput = request.bool("output", default: false)
        let rows: [[Any]] = found.map { entry in
            let input: Any = withOutput ? [entry.input, entry.output ?? ""] as [Any] : entry.input
            return [Self.session, entry.line, input]
        }
        return ["status": "ok", "history": rows]
    }
}
