import NxCore

/// What a tensor is: shape, rank, type, size, names and axes; renaming and retyping;
/// backends (every backend option computes on SwiftNx's native backend).
enum NxMetadataBindings {
    static func install(_ r: Registry) {
        r.nx("shape", [1], doc: "The shape of a tensor (or `{}` for a number) as a tuple of dimension sizes.") { c in
            NxShapes.value(try c.operand(0).shape)
        }
        r.nx("rank", [1], doc: "The number of axes of a tensor (0 for scalars and numbers).") { c in
            .int(try c.operand(0).shape.count)
        }
        r.nx("type", [1], doc: "The element type of a tensor as a tuple such as `{:f, 32}`; numbers report the type Nx would give them.") { c in
            NxTypes.value(try c.operand(0).type)
        }
        r.nx("size", [1], doc: "The number of elements of a tensor (1 for numbers).") { c in
            .int(Shape.size(try c.operand(0).shape))
        }
        r.nx("byte_size", [1], doc: "The number of bytes the tensor's elements take.") { c in
            .int(try c.tensor(0).byteSize)
        }
        r.nx("bit_size", [1], doc: "The number of bits the tensor's elements take.") { c in
            .int(try c.tensor(0).byteSize * 8)
        }
        r.nx("to_tensor", [1], doc: "The tensor itself, or a number or complex number as a scalar tensor of its default type.") { c in
            .t(try c.tensor(0))
        }
        r.nx("is_tensor", [1], doc: "Whether the value is something Nx accepts as a tensor: a tensor, a number, a complex number or :nan/:infinity/:neg_infinity.") { c in
            .bool((try? NxValues.operand(c[0])) != nil)
        }
        r.nx("compatible?", [2], doc: "Whether two tensors have the same shape, type and names.") { c in
            guard let a = try? c.tensor(0), let b = try? c.tensor(1) else { return .false }
            return .bool(a.template == b.template)
        }
        r.nx("axis_size", [2], doc: "The size of one axis, given by index (negative counts from the end) or by name.") { c in
            .int(try Nx.axisSize(try c.tensor(0), try NxShapes.axis(c[1])))
        }
        r.nx("axis_index", [2], doc: "The position of an axis given by index (negative counts from the end) or by name.") { c in
            .int(try Nx.axisIndex(try c.tensor(0), try NxShapes.axis(c[1])))
        }
        r.nx("axes", [1], doc: "The list of axis positions of a tensor: `[0, 1, ...]`.") { c in
            .list((0..<(try c.operand(0).shape.count)).map(Value.int))
        }
        r.nx("names", [1], doc: "The names of a tensor's axes, nil for unnamed ones.") { c in
            NxShapes.namesValue(try c.tensor(0).names)
        }
        r.nx("rename", [2], doc: "The same tensor with new axis names (a list of atoms or nil, one per axis).") { c in
            .t(try Nx.rename(try c.tensor(0), try NxShapes.names(c[1])))
        }
        r.nx("as_type", [2], doc: "Converts the elements to another type. Floats become integers by truncation (saturating at the type's limits); NaN becomes 0.") { c in
            .t(try Nx.asType(try c.operand(0), try NxTypes.parse(c[1])))
        }
        r.nx("bitcast", [2], doc: "Reinterprets the bits of each element as another type of the same width, without converting values.") { c in
            .t(try Nx.bitcast(try c.operand(0), try NxTypes.parse(c[1])))
        }
        r.nx("default_backend", [0], doc: "The backend new tensors are created on, as `{module, options}`; SwiftNx computes on its native backend.") { c in
            NxBackends.current(c.ctx)
        }
        r.nx("default_backend", [1], doc: "Sets the backend for new tensors of this process and returns the previous one. Nx.BinaryBackend, EXLA.Backend and SwiftNx.Backend are accepted; all compute natively.") { c in
            let previous = NxBackends.current(c.ctx)
            c.ctx.processState.dictionary[NxBackends.key] = try NxBackends.normalize(c[0])
            return previous
        }
        r.nx("with_default_backend", [2], doc: "Calls `fun` (of no arguments) with the process's default backend set to `backend`, restoring the previous one after; returns what `fun` returns.") { c in
            let backend = try NxBackends.normalize(c[0])
            let previous = c.ctx.processState.dictionary[NxBackends.key]
            c.ctx.processState.dictionary[NxBackends.key] = backend
            defer { c.ctx.processState.dictionary[NxBackends.key] = previous }
            return try c.ctx.call(c[1], [])
        }
        r.nx("global_default_backend", [1], doc: "Sets the default backend of every process without its own and returns the previous global one.") { c in
            let previous = NxBackends.global
            NxBackends.global = try NxBackends.normalize(c[0])
            return previous
        }
        r.nx("backend_transfer", [1, 2], doc: "Moves a tensor to a backend (the default when none is given), returning the moved tensor.") { c in
            if c.count > 1 { try NxBackends.check(c[1]) }
            return .t(try Nx.backendCopy(try c.operand(0)))
        }
        r.nx("backend_copy", [1, 2], doc: "Copies a tensor to a backend (the default when none is given); the original stays usable.") { c in
            if c.count > 1 { try NxBackends.check(c[1]) }
            return .t(try Nx.backendCopy(try c.operand(0)))
        }
        r.nx("backend_deallocate", [1], doc: "Releases a tensor's data on its backend and returns :ok. Native tensors are freed when no longer referenced.") { c in
            _ = try c.operand(0)
            return .atom("ok")
        }
    }
}

/// The backends a script may name. All of them run on the native backend, so scripts
/// written for Nx.BinaryBackend or EXLA run unchanged.
enum NxBackends {
    static let known = ["Elixir.SwiftNx.Backend", "Elixir.Nx.BinaryBackend", "Elixir.EXLA.Backend", "Elixir.Torchx.Backend"]
    /// The default of processes that set none (`global_default_backend`).
    static var global: Value = .tuple([.module("SwiftNx.Backend"), .emptyList])
    /// Where a process keeps its own default, as Nx does in the process dictionary.
    static let key = Value.tuple([.module("Nx"), .atom("default_backend")])

    static func current(_ ctx: Context) -> Value { ctx.processState.dictionary[key] ?? global }

    /// Accepts `Module` or `{Module, options}`.
    static func check(_ v: Value) throws {
        _ = try normalize(v)
    }

    static func normalize(_ v: Value) throws -> Value {
        switch v {
        case .atom(let m) where known.contains(m):
            return .tuple([v, .emptyList])
        case .tuple(let parts) where parts.count == 2:
            if case .atom(let m) = parts[0], known.contains(m), parts[1].listElements != nil { return v }
        case .atom(let m) where m.hasPrefix("Elixir."):
            let name = String(m.dropFirst(7))
            throw ElixirError.exception("UndefinedFunctionError",
                                        "function \(name).init/1 is undefined (module \(name) is not available)")
        default: break
        }
        throw ElixirError.argument("expected a backend module or {module, options}, got: \(Inspector.inspect(v))")
    }
}
