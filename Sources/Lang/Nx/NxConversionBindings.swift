import NxCore

/// `Nx.serialize` / `Nx.deserialize` in Nx's format, and `Nx.to_heatmap`.
///
/// Serialized data is iodata: a header (`"nx"`, format version 1, an endianness byte and the
/// term's byte size as 64 bits), the external-term encoding of the structure, then every
/// tensor's bytes. A tensor's term is `{:t, shape, type, names, vectorized_axes, offset, size}`
/// pointing into those bytes; tuples and maps are `{Nx.Container.Tuple, [{[], term}], :ok}` and
/// `{Nx.Container.Map, [{key, term}], :ok}`. `compressed:` is accepted and ignored (the data
/// is written uncompressed, which every reader accepts).
enum NxConversionBindings {
    static let prefix: [UInt8] = Array("nx".utf8)
    static let version: UInt8 = 1
    static let heatmapModule = "Nx.Heatmap"
    /// The implementations of Nx.Container that serialize tuples and maps, named as in Nx.
    static let tupleContainer = "Nx.Container.Tuple", mapContainer = "Nx.Container.Map"

    static func install(_ r: Registry) {
        r.nx("serialize", [1, 2], doc: "Encodes a tensor, number, or tuple/map of them as iodata that `Nx.deserialize/1` reads back (Nx's format: the structure as an Erlang term followed by the tensors' bytes).") { c in
            _ = try c.options(1, ["compressed"])
            var buffers: [[UInt8]] = []
            var offset = 0
            let term = try structure(c[0], &buffers, &offset)
            let encoded = try ExternalTermFormat.encode(term)
            let header = prefix + [version, 0] + ExternalTermFormat.bigEndian(UInt64(encoded.count), bytes: 8)
            return .list([Value.binary(header), .binary(encoded)] + buffers.map(Value.binary))
        }
        r.nx("load_numpy!", [1], doc: "A tensor from the contents of a NumPy .npy file (a binary, e.g. from `File.read!/1`): float, signed, unsigned, boolean (as u8) and complex arrays in either byte order, C or Fortran layout.") { c in
            guard case .binary(let bytes) = c[0] else {
                throw ElixirError.argument("expected a binary, got: \(Inspector.inspect(c[0]))")
            }
            return .t(try NumpyFormat.loadArray(bytes))
        }
        r.nx("load_numpy_archive!", [1], doc: "The arrays of a NumPy .npz archive (a binary) as a list of `{name, tensor}`, in archive order. Only archives written by `np.savez` (stored entries) are read; compressed ones (`np.savez_compressed`) raise.") { c in
            guard case .binary(let bytes) = c[0] else {
                throw ElixirError.argument("expected a binary, got: \(Inspector.inspect(c[0]))")
            }
            return .list(try NumpyFormat.loadArchive(bytes).map { name, t in .tuple([.binary(Array(name.utf8)), .tensor(t)]) })
        }
        r.nx("deserialize", [1, 2], doc: "Reads back what `Nx.serialize/2` wrote (a binary or iodata): the tensor, or the tuple/map of tensors.") { c in
            let bytes = try flatten(c[0])
            guard bytes.count >= 12, Array(bytes[0..<2]) == prefix else {
                throw ElixirError.argument("unable to deserialize binary term to tensor")
            }
            guard bytes[2] == version else { throw ElixirError.argument("cannot deserialize Nx format v\(bytes[2])") }
            let size = bytes[4..<12].reduce(0) { $0 << 8 | Int($1) }
            guard size >= 0, 12 + size <= bytes.count else { throw ExternalTermFormat.bad() }
            let term = try ExternalTermFormat.decode(Array(bytes[12..<12 + size]))
            return try rebuild(term, Array(bytes[(12 + size)...]), bigEndian: bytes[3] == 1)
        }
        r.nx("to_heatmap", [1, 2], doc: "Wraps a tensor so it inspects as a heatmap of its last two axes: digits 0-9 scaled between each matrix's extremes, or grey ANSI cells with `ansi_enabled: true` (`ansi_whitespace:` sets the cell text).") { c in
            _ = try c.options(1, ["ansi_enabled", "ansi_whitespace"])
            let opts = c.count > 1 ? c[1] : .emptyList
            return .map(MapValue([(.atom("__struct__"), .module(heatmapModule)), (.atom("opts"), opts), (.atom("tensor"), .tensor(try c.tensor(0)))]))
        }
        Inspector.structInspectors[heatmapModule] = { m, options in
            guard case .tensor(let t)? = m[.atom("tensor")] else { return .text("#Nx.Heatmap<>") }
            var o = HeatmapInspect.Options()
            o.limit = options.limit
            if let opts = try? NxOptions(m[.atom("opts")], allowed: ["ansi_enabled", "ansi_whitespace"]) {
                o.ansi = (try? opts.bool("ansi_enabled", default: false)) ?? false
                if let ws = opts["ansi_whitespace"]?.stringValue { o.whitespace = ws }
            }
            return .multiline((try? HeatmapInspect.inspect(t, o)) ?? "#Nx.Heatmap<>")
        }
    }

    /// The term describing `v`, appending tensor bytes to `buffers`.
    static func structure(_ v: Value, _ buffers: inout [[UInt8]], _ offset: inout Int) throws -> Value {
        switch v {
        case .tensor, .int, .float, .bigint:
            let t = try NxValues.tensor(v)
            let bytes = try Nx.toBinary(t)
            let term = Value.tuple([.atom("t"), NxShapes.value(t.shape), NxTypes.value(t.type),
                                    NxShapes.namesValue(t.names), NxVectorizeBindings.axesValue(t.vectorizedAxes),
                                    .int(offset), .int(bytes.count)])
            buffers.append(bytes)
            offset += bytes.count
            return term
        case .tuple(let items):
            let pairs = try items.map { item in Value.tuple([.emptyList, try structure(item, &buffers, &offset)]) }
            return .tuple([.module(tupleContainer), .list(pairs), .atom("ok")])
        case .map(let m):
            let pairs = try m.pairs.map { k, item in Value.tuple([k, try structure(item, &buffers, &offset)]) }
            return .tuple([.module(mapContainer), .list(pairs), .atom("ok")])
        default:
            throw ElixirError.exception("Protocol.UndefinedError", "protocol Nx.Container not implemented for \(Inspector.inspect(v)) of type \(v.typeName)")
        }
    }

    static func rebuild(_ term: Value, _ buffers: [UInt8], bigEndian: Bool) throws -> Value {
        guard case .tuple(let items) = term else { throw ElixirError.argument("unable to deserialize term to tensor: \(Inspector.inspect(term))") }
        if items.count == 7, case .atom("t") = items[0], case .int(let offset) = items[5], case .int(let size) = items[6],
           offset >= 0, size >= 0, offset + size <= buffers.count {
            let type = try NxTypes.parse(items[2])
            var bytes = Array(buffers[offset..<offset + size])
            if bigEndian { bytes = swapBytes(bytes, width: type.byteSize) }
            let flat = try Nx.fromBinary(bytes, type: type)
            let t = try Nx.reshape(.tensor(flat), try NxShapes.shape(items[1]), names: try NxShapes.names(items[3]))
            let axes = try NxVectorizeBindings.axes(items[4])
            return .tensor(axes.isEmpty ? t : try Nx.vectorize(.tensor(try Nx.devectorize(.tensor(t), keepNames: false)), axes: axes))
        }
        guard items.count == 3, let pairs = items[1].listElements else {
            throw ElixirError.argument("unable to deserialize term to tensor: \(Inspector.inspect(term))")
        }
        let entries = try pairs.map { p -> (Value, Value) in
            guard case .tuple(let kv) = p, kv.count == 2 else { throw ElixirError.argument("unable to deserialize term to tensor: \(Inspector.inspect(term))") }
            return (kv[0], try rebuild(kv[1], buffers, bigEndian: bigEndian))
        }
        if Value.strictlyEqual(items[0], .module(tupleContainer)) { return .tuple(entries.map(\.1)) }
        if Value.strictlyEqual(items[0], .module(mapContainer)) { return .map(MapValue(entries)) }
        throw ElixirError.argument("unable to deserialize term to tensor: \(Inspector.inspect(term))")
    }

    static func swapBytes(_ bytes: [UInt8], width: Int) -> [UInt8] {
        guard width > 1 else { return bytes }
        var out = bytes
        for start in stride(from: 0, to: bytes.count - width + 1, by: width) {
            for i in 0..<width { out[start + i] = bytes[start + width - 1 - i] }
        }
        return out
    }

    /// iodata (nested lists of binaries and bytes) as one byte array.
    static func flatten(_ v: Value) throws -> [UInt8] {
        switch v {
        case .binary(let b): return b
        case .int(let i) where i >= 0 && i < 256: return [UInt8(i)]
        case .list: return try (v.listElements ?? []).flatMap(flatten)
        default: throw ElixirError.argument("expected iodata, got: \(Inspector.inspect(v))")
        }
    }
}
