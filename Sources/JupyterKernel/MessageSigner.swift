import Crypto
import Foundation

/// Signs and checks the four JSON frames of a message with the connection key
/// (`signature_scheme` hmac-sha256, or sha384/sha512). An empty key turns signing off,
/// as Jupyter allows.
struct MessageSigner {
    private let mac: (([Data]) -> Data)?

    init(scheme: String, key: String) throws {
        guard !key.isEmpty else {
            mac = nil
            return
        }
        let secret = SymmetricKey(data: Data(key.utf8))
        switch scheme {
        case "hmac-sha256": mac = { Self.hmac(SHA256.self, secret, $0) }
        case "hmac-sha384": mac = { Self.hmac(SHA384.self, secret, $0) }
        case "hmac-sha512": mac = { Self.hmac(SHA512.self, secret, $0) }
        default: throw KernelStartError.unsupportedSignatureScheme(scheme)
        }
    }

    /// The hex digest sent in the signature frame ("" when signing is off).
    func signature(of parts: [Data]) -> String {
        guard let mac else { return "" }
        return mac(parts).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is the digest of `parts`, compared in constant time.
    func isValid(_ signature: Data, for parts: [Data]) -> Bool {
        guard mac != nil else { return true }
        let expected = Array(self.signature(of: parts).utf8)
        let given = Array(signature).map { $0 >= 65 && $0 <= 70 ? $0 + 32 : $0 }
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }

    private static func hmac<H: HashFunction>(_: H.Type, _ key: SymmetricKey, _ parts: [Data]) -> Data {
        var code = HMAC<H>(key: key)
        for part in parts { code.update(data: part) }
        return Data(code.finalize())
    }
}
