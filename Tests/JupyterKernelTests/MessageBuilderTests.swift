import Foundation
import XCTest
@testable import JupyterKernel

final class MessageBuilderTests: XCTestCase {
    private let request = Message(identities: [Data("id".utf8)],
                                  header: ["msg_id": "r1", "msg_type": "complete_request"],
                                  parentHeader: [:], metadata: [:], content: [:])

    func testReplyTypeReplacesRequestSuffix() {
        let reply = MessageBuilder().reply(to: request, content: [:])
        XCTAssertEqual(reply.type, "complete_reply")
        XCTAssertEqual(reply.identities, [Data("id".utf8)])
        XCTAssertEqual(reply.parentHeader["msg_id"] as? String, "r1")
    }

    func testHeaderHasEveryFieldOfProtocol53() {
        let builder = MessageBuilder()
        let header = builder.message("status", content: [:], parent: nil, identities: []).header
        XCTAssertEqual(Set(header.keys), ["msg_id", "session", "username", "date", "msg_type", "version"])
        XCTAssertEqual(header["version"] as? String, "5.3")
        XCTAssertEqual(header["session"] as? String, builder.session)
    }

    func testTimestampIsIso8601UtcWithMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        XCTAssertEqual(MessageBuilder.timestamp(date), "2023-11-14T22:13:20.250000Z")
    }
}
