import Foundation
import XCTest
@testable import JupyterKernel

final class WireCodecTests: XCTestCase {
    private let key = "5ca1ab1e-key"
    private let parts = [#"{"msg_id":"a"}"#, "{}", "{}", #"{"code":"1 + 1"}"#].map { Data($0.utf8) }

    private func codec(key: String = "5ca1ab1e-key", scheme: String = "hmac-sha256") throws -> WireCodec {
        WireCodec(signer: try MessageSigner(scheme: scheme, key: key))
    }

    /// The frames a client would send: identities, delimiter, signature, four JSON parts.
    private func incoming(identities: [String] = ["client-1"], signature: String? = nil,
                          buffers: [Data] = []) throws -> [Data] {
        let signer = try MessageSigner(scheme: "hmac-sha256", key: key)
        let signed = signature ?? signer.signature(of: parts)
        return identities.map { Data($0.utf8) } + [WireCodec.delimiter, Data(signed.utf8)] + parts + buffers
    }

    func testSha256SignatureMatchesPythonHmac() throws {
        let signer = try MessageSigner(scheme: "hmac-sha256", key: key)
        XCTAssertEqual(signer.signature(of: parts), "0678f04427fc2e1ee8b66c08081d9a0b0450b7227df0c925888e8b1b3876f4d1")
    }

    func testSha512SignatureMatchesPythonHmac() throws {
        let signer = try MessageSigner(scheme: "hmac-sha512", key: key)
        XCTAssertEqual(signer.signature(of: parts),
                       "9d40cf817dc3cdfa8daf857fc9f564498c5f65e5da4e851e34eaa309f8bcfa40"
                           + "c5a7ef5bf41138592ac0beb3344d28a6a737ba8ab29815cb1250698d48b7344d")
    }

    func testUnknownSignatureSchemeIsRefused() {
        XCTAssertThrowsError(try MessageSigner(scheme: "hmac-md4", key: key)) { error in
            XCTAssertEqual("\(error)", #"** (ArgumentError) unsupported signature_scheme "hmac-md4" (expected hmac-sha256, hmac-sha384 or hmac-sha512)"#)
        }
    }

    func testEmptyKeySendsEmptySignatureAndAcceptsAny() throws {
        let signer = try MessageSigner(scheme: "hmac-sha256", key: "")
        XCTAssertEqual(signer.signature(of: parts), "")
        XCTAssertTrue(signer.isValid(Data("anything".utf8), for: parts))
    }

    func testDecodeSplitsIdentitiesFromMessage() throws {
        let message = try codec().message(from: incoming(identities: ["router-a", "client-1"]))
        XCTAssertEqual(message.identities, [Data("router-a".utf8), Data("client-1".utf8)])
        XCTAssertEqual(message.id, "a")
        XCTAssertEqual(message.content.string("code"), "1 + 1")
        XCTAssertTrue(message.parentHeader.isEmpty)
    }

    func testDecodeKeepsBuffers() throws {
        let buffers = [Data([0, 1, 2]), Data([255])]
        let message = try codec().message(from: incoming(buffers: buffers))
        XCTAssertEqual(message.buffers, buffers)
    }

    func testDecodeAcceptsUppercaseHexSignature() throws {
        let signer = try MessageSigner(scheme: "hmac-sha256", key: key)
        let message = try codec().message(from: incoming(signature: signer.signature(of: parts).uppercased()))
        XCTAssertEqual(message.id, "a")
    }

    func testDecodeRejectsWrongSignature() throws {
        let forged = String(repeating: "0", count: 64)
        XCTAssertThrowsError(try codec().message(from: incoming(signature: forged))) { error in
            XCTAssertEqual(error as? WireError, .badSignature)
        }
    }

    func testDecodeRejectsMessageSignedWithAnotherKey() throws {
        XCTAssertThrowsError(try codec(key: "another-key").message(from: incoming())) { error in
            XCTAssertEqual(error as? WireError, .badSignature)
        }
    }

    func testDecodeRejectsTamperedContent() throws {
        var frames = try incoming()
        frames[frames.count - 1] = Data(#"{"code":"System.halt()"}"#.utf8)
        XCTAssertThrowsError(try codec().message(from: frames)) { error in
            XCTAssertEqual(error as? WireError, .badSignature)
        }
    }

    func testDecodeRejectsMissingSignature() throws {
        var frames = try incoming()
        frames[2] = Data()
        XCTAssertThrowsError(try codec().message(from: frames)) { error in
            XCTAssertEqual(error as? WireError, .badSignature)
        }
    }

    func testDecodeRejectsFramesWithoutDelimiter() throws {
        let frames = try incoming().filter { $0 != WireCodec.delimiter }
        XCTAssertThrowsError(try codec().message(from: frames)) { error in
            XCTAssertEqual(error as? WireError, .missingDelimiter)
        }
    }

    func testDecodeRejectsTruncatedMessage() throws {
        let frames = Array(try incoming().dropLast(2))
        XCTAssertThrowsError(try codec().message(from: frames)) { error in
            XCTAssertEqual(error as? WireError, .missingFrames)
        }
    }

    func testDecodeRejectsContentThatIsNotAnObject() throws {
        let badParts = [parts[0], parts[1], parts[2], Data("[1]".utf8)]
        let signer = try MessageSigner(scheme: "hmac-sha256", key: key)
        let frames = [WireCodec.delimiter, Data(signer.signature(of: badParts).utf8)] + badParts
        XCTAssertThrowsError(try codec().message(from: frames)) { error in
            XCTAssertEqual(error as? WireError, .invalidJSON("content"))
        }
    }

    func testEncodedReplyRoundTripsWithValidSignature() throws {
        let codec = try codec()
        var request = try codec.message(from: incoming(identities: ["client-1"]))
        request.header["msg_type"] = "execute_request"
        let reply = MessageBuilder().reply(to: request, content: ["status": "ok", "url": "https://hexdocs.pm/nx"])
        let frames = try codec.frames(for: reply)
        XCTAssertEqual(frames[0], Data("client-1".utf8))
        XCTAssertEqual(frames[1], WireCodec.delimiter)
        XCTAssertEqual(String(decoding: frames[2], as: UTF8.self), codec.signer.signature(of: Array(frames[3...6])))
        XCTAssertTrue(String(decoding: frames[6], as: UTF8.self).contains("https://hexdocs.pm/nx"))
        let decoded = try codec.message(from: frames)
        XCTAssertEqual(decoded.type, "execute_reply")
        XCTAssertEqual(decoded.parentHeader["msg_id"] as? String, "a")
        XCTAssertEqual(decoded.content.string("status"), "ok")
    }
}
