/// An Elixir map: key-value pairs kept sorted by the term order of their keys, which is the
/// order Elixir prints small maps in. Keys compare strictly (`1` and `1.0` are different keys).
public struct MapValue {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []

    public init() {}

    public init<S: Sequence>(_ pairs: S) where S.Element == (Value, Value) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public var pairs: Zip2Sequence<[Value], [Value]> { zip(keys, values) }

    /// Binary search: the index of `key`, or where it would be inserted.
    private func position(of key: Value) -> (index: Int, found: Bool) {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let c = Value.compareKeys(keys[mid], key)
            if c == 0 { return (mid, true) }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return (lo, false)
    }

    public subscript(key: Value) -> Value? {
        get {
            let p = position(of: key)
            return p.found ? values[p.index] : nil
        }
        set {
            let p = position(of: key)
            switch (newValue, p.found) {
            case (let v?, true): values[p.index] = v
            case (let v?, false): keys.insert(key, at: p.index); values.insert(v, at: p.index)
            case (nil, true): keys.remove(at: p.index); values.remove(at: p.index)
            case (nil, false): break
            }
        }
    }

    /// The struct module (`Elixir.Point`) if this map is a struct.
    public var structName: String? {
        if case .atom(let name)? = self[.atom("__struct__")] { return name }
        return nil
    }
}
