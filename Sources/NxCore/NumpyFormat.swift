import Foundation

/// Reads NumPy's `.npy` array format and `.npz` archives (zips of `.npy` entries) into tensors,
/// for `Nx.load_numpy!` and `Nx.load_numpy_archive!`. Archives are read from their central
/// directory; only stored (uncompressed, `np.savez`) entries are supported: a deflated entry
/// (`np.savez_compressed`) raises naming that limitation.
public enum NumpyFormat {
    /// One `.npy` file's bytes as a tensor (any byte order; Fortran order is transposed back).
    public static func loadArray(_ bytes: [UInt8], backend: Backend? = nil) throws -> Tensor {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw NxError.argument("expected a numpy .npy binary (starting with \\x93NUMPY)")
        }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard major >= 1 && major <= 3, bytes.count >= headerStart else {
            throw NxError.argument("unsupported numpy .npy format version \(major)")
        }
        let headerLength = major == 1 ? Int(readLE(bytes, 8, 2)) : Int(readLE(bytes, 8, 4))
        let dataStart = headerStart + headerLength
        guard dataStart <= bytes.count else { throw NxError.argument("numpy .npy header is truncated") }
        let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)
        let (type, bigEndian) = try dtype(try field("descr", in: header))
        let fortran = try field("fortran_order", in: header) == "True"
        let shape = try dims(try field("shape", in: header))
        // Checked products: a hostile header must not overflow the size computation.
        var byteCount = type.byteSize
        for d in shape {
            let (p, overflow) = byteCount.multipliedReportingOverflow(by: d)
            guard !overflow else { throw NxError.argument("numpy .npy shape \(Shape.string(shape)) is too large") }
            byteCount = p
        }
        guard bytes.count - dataStart >= byteCount else {
            throw NxError.argument("numpy .npy data is shorter than its shape \(Shape.string(shape)) needs")
        }
        var data = Array(bytes[dataStart..<(dataStart + byteCount)])
        if bigEndian {
            // Complex numbers swap each of their two float halves.
            let width = type.isComplex ? type.byteSize / 2 : type.byteSize
            if width > 1 {
                for start in stride(from: 0, to: data.count, by: width) { data[start..<(start + width)].reverse() }
            }
        }
        let be = backend ?? Nx.defaultBackend
        if fortran {
            let reversed = Array(shape.reversed())
            let t = try be.fromBinary(TensorTemplate(type: type, shape: reversed), data)
            return try Nx.transpose(.tensor(t))
        }
        return try be.fromBinary(TensorTemplate(type: type, shape: shape), data)
    }

    /// An `.npz` archive's arrays as (name without `.npy`, tensor), in archive order.
    public static func loadArchive(_ bytes: [UInt8], backend: Backend? = nil) throws -> [(String, Tensor)] {
        try zipEntries(bytes).map { name, data in
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            return (key, try loadArray(data, backend: backend))
        }
    }

    // MARK: header

    /// The text after `'key':` up to the next top-level comma of the header dict.
    private static func field(_ key: String, in header: String) throws -> String {
        guard let k = header.range(of: "'\(key)':") else {
            throw NxError.argument("numpy .npy header has no '\(key)' entry")
        }
        var depth = 0
        var value = ""
        for ch in header[k.upperBound...] {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if (ch == "," && depth == 0) || ch == "}" { break }
            value.append(ch)
            if depth < 0 { break }
        }
        return value.trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
    }

    private static func dims(_ text: String) throws -> [Int] {
        let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
        let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " L")) }.filter { !$0.isEmpty }
        return try parts.map { part in
            guard let n = Int(part), n >= 0 else { throw NxError.argument("numpy .npy header has a bad shape: \(text)") }
            return n
        }
    }

    /// A numpy type string such as `<f4` as a tensor type and whether it is big-endian.
    private static func dtype(_ descr: String) throws -> (DType, Bool) {
        var chars = Array(descr)
        var bigEndian = false
        if let first = chars.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            chars.removeFirst()
        }
        guard let kind = chars.first, let size = Int(String(chars.dropFirst())) else {
            throw NxError.argument("unsupported numpy type \(descr)")
        }
        let type: DType?
        switch kind {
        case "f": type = DType(kind: .f, bits: size * 8)
        case "i": type = DType(kind: .s, bits: size * 8)
        case "u": type = DType(kind: .u, bits: size * 8)
        case "b" where size == 1: type = .u8
        case "c": type = DType(kind: .c, bits: size * 8)
        default: type = nil
        }
        guard let t = type else { throw NxError.argument("unsupported numpy type \(descr)") }
        return (t, bigEndian)
    }

    // MARK: zip

    private static func readLE(_ b: [UInt8], _ at: Int, _ width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in (0..<width).reversed() { v = v << 8 | UInt64(b[at + i]) }
        return v
    }

    /// (name, data) of each entry, from the central directory (zip64 sizes included).
    private static func zipEntries(_ b: [UInt8]) throws -> [(String, [UInt8])] {
        let broken = NxError.argument("expected a numpy .npz archive (a zip file)")
        guard b.count >= 22 else { throw broken }
        // The end-of-central-directory record is the last 0x06054b50, followed by a comment.
        var eocd = b.count - 22
        while eocd >= 0 && readLE(b, eocd, 4) != 0x06054b50 { eocd -= 1 }
        guard eocd >= 0 else { throw broken }
        let entries = Int(readLE(b, eocd + 10, 2))
        var at = Int(readLE(b, eocd + 16, 4))
        var out: [(String, [UInt8])] = []
        for _ in 0..<entries {
            guard at + 46 <= b.count, readLE(b, at, 4) == 0x02014b50 else { throw broken }
            let method = readLE(b, at + 10, 2)
            var compressed = readLE(b, at + 20, 4), size = readLE(b, at + 24, 4)
            let nameLength = Int(readLE(b, at + 28, 2)), extraLength = Int(readLE(b, at + 30, 2))
            let commentLength = Int(readLE(b, at + 32, 2))
            var local = readLE(b, at + 42, 4)
            guard at + 46 + nameLength + extraLength <= b.count else { throw broken }
            let name = String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // Zip64: the fields saturated at 0xFFFFFFFF follow, in order, in extra block 0x0001.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = readLE(b, extra, 2), length = Int(readLE(b, extra + 2, 2))
                if id == 1 {
                    var p = extra + 4
                    if size == 0xFFFF_FFFF, p + 8 <= extraEnd { size = readLE(b, p, 8); p += 8 }
                    if compressed == 0xFFFF_FFFF, p + 8 <= extraEnd { compressed = readLE(b, p, 8); p += 8 }
                    if local == 0xFFFF_FFFF, p + 8 <= extraEnd { local = readLE(b, p, 8) }
                }
                extra += 4 + length
            }
            guard method == 0 else {
                throw NxError.notImplemented("Nx.load_numpy_archive! for compressed entries (np.savez_compressed)")
            }
            guard local <= UInt64(b.count) else { throw broken }
            let header = Int(local)
            guard header + 30 <= b.count, readLE(b, header, 4) == 0x04034b50 else { throw broken }
            let start = header + 30 + Int(readLE(b, header + 26, 2)) + Int(readLE(b, header + 28, 2))
            guard size <= UInt64(b.count), start + Int(size) <= b.count else { throw broken }
            out.append((name, Array(b[start..<(start + Int(size))])))
            at = extraEnd + commentLength
        }
        return out
    }
}
