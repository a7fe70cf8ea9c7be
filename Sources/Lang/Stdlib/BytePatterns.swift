/// Matching binary patterns inside binaries, as `:binary.match/split/replace` do: byte for
/// byte, leftmost first, and the longest pattern when several start at the same place.
struct BytePatterns {
    let patterns: [[UInt8]]

    /// A pattern argument: a binary or a list of binaries; nil when it is neither.
    init?(_ value: Value) {
        switch value {
        case .binary(let b): patterns = [b]
        case .list:
            guard let items = value.listElements, !items.isEmpty else { return nil }
            var ps: [[UInt8]] = []
            for item in items {
                guard case .binary(let b) = item else { return nil }
                ps.append(b)
            }
            patterns = ps
        default: return nil
        }
    }

    var containsEmpty: Bool { patterns.contains { $0.isEmpty } }

    /// The first match at or after `from`: its start and length.
    func firstMatch(in bytes: [UInt8], from: Int = 0) -> (start: Int, length: Int)? {
        guard from <= bytes.count else { return nil }
        var start = from
        while start < bytes.count {
            var best = -1
            for p in patterns where !p.isEmpty && p.count > best && start + p.count <= bytes.count {
                if bytes[start] == p[0] && bytes[start..<(start + p.count)].elementsEqual(p) { best = p.count }
            }
            if best > 0 { return (start, best) }
            start += 1
        }
        return nil
    }

    func matchesPrefix(_ bytes: [UInt8]) -> Bool {
        patterns.contains { $0.count <= bytes.count && bytes.starts(with: $0) }
    }

    func matchesSuffix(_ bytes: [UInt8]) -> Bool {
        patterns.contains { $0.count <= bytes.count && bytes.suffix($0.count).elementsEqual($0) }
    }

    /// The parts between matches (`:binary.split(subject, pattern, [:global])`).
    func split(_ bytes: [UInt8], limit: Int? = nil) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var position = 0
        while limit.map({ parts.count < $0 - 1 }) ?? true, let m = firstMatch(in: bytes, from: position) {
            parts.append(Array(bytes[position..<m.start]))
            position = m.start + m.length
        }
        parts.append(Array(bytes[position...]))
        return parts
    }
}
