/// `Tuple`: fixed-size containers. Most functions are Erlang BIFs, so bad arguments raise
/// Erlang's `ArgumentError` ("errors were found at the given arguments").
enum TupleModule {
    static func install(into r: Registry) {
        r.document(module: "Tuple", "Functions for tuples: conversion, insertion, deletion and arithmetic over elements.")
        r.native("Tuple", "to_list", 1, doc: "The elements as a list.") { c in
            .list(try tuple(c))
        }
        r.native("Tuple", "append", 2, doc: "The tuple with a value added at the end.") { c in
            .tuple(try tuple(c) + [c[1]])
        }
        r.native("Tuple", "insert_at", 3, doc: "The tuple with a value inserted at a zero-based index (0...size).") { c in
            var items = try tuple(c, position: 2)
            guard case .int(let i) = c[1], i >= 0, i <= items.count else {
                throw Errors.badArgument(position: 1, "out of range")
            }
            items.insert(c[2], at: i)
            return .tuple(items)
        }
        r.native("Tuple", "delete_at", 2, doc: "The tuple without the element at a zero-based index.") { c in
            var items = try tuple(c, position: 2)
            guard case .int(let i) = c[1], i >= 0, i < items.count else {
                throw Errors.badArgument(position: 1, "out of range")
            }
            items.remove(at: i)
            return .tuple(items)
        }
        r.native("Tuple", "duplicate", 2, doc: "A tuple of `size` copies of the value.") { c in
            guard case .int(let n) = c[1], n >= 0, n <= 16_777_215 else {
                throw Errors.badArgument(position: 1, "out of range")
            }
            return .tuple(Array(repeating: c[0], count: n))
        }
        r.native("Tuple", "sum", 1, doc: "The sum of the elements.") { c in
            try tuple(c).reduce(Value.int(0)) { try Value.add($0, $1) }
        }
        r.native("Tuple", "product", 1, doc: "The product of the elements.") { c in
            try tuple(c).reduce(Value.int(1)) { try Value.multiply($0, $1) }
        }
    }

    /// The tuple argument; `position` is where the underlying Erlang BIF takes it
    /// (`insert_element(index, tuple, value)` takes the tuple second).
    private static func tuple(_ c: NativeCall, position: Int = 1) throws -> [Value] {
        guard case .tuple(let items) = c[0] else { throw Errors.badArgument(position: position, "not a tuple") }
        return items
    }
}
