import Foundation
import XCTest
@testable import JupyterKernel

final class ConnectionInfoTests: XCTestCase {
    private let file = """
    {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004,
     "hb_port": 50005, "ip": "127.0.0.1", "key": "a0436f6c-1916-498b", "transport": "tcp",
     "signature_scheme": "hmac-sha256", "kernel_name": "swiftnx"}
    """

    func testParsesEveryField() throws {
        let info = try ConnectionInfo(json: Data(file.utf8))
        XCTAssertEqual(info.shellPort, 50001)
        XCTAssertEqual(info.iopubPort, 50002)
        XCTAssertEqual(info.stdinPort, 50003)
        XCTAssertEqual(info.controlPort, 50004)
        XCTAssertEqual(info.heartbeatPort, 50005)
        XCTAssertEqual(info.key, "a0436f6c-1916-498b")
        XCTAssertEqual(info.signatureScheme, "hmac-sha256")
        XCTAssertEqual(info.endpoint(port: info.shellPort), "tcp://127.0.0.1:50001")
    }

    func testIpcEndpointsAppendThePort() throws {
        let json = file.replacingOccurrences(of: #""tcp""#, with: #""ipc""#)
            .replacingOccurrences(of: "127.0.0.1", with: "/tmp/kernel-1")
        let info = try ConnectionInfo(json: Data(json.utf8))
        XCTAssertEqual(info.endpoint(port: 50002), "ipc:///tmp/kernel-1-50002")
    }

    func testMissingPortIsAnArgumentError() {
        let json = file.replacingOccurrences(of: #""hb_port": 50005,"#, with: "")
        XCTAssertThrowsError(try ConnectionInfo(json: Data(json.utf8), source: "conn.json")) { error in
            XCTAssertEqual("\(error)", #"** (ArgumentError) invalid connection file conn.json: "hb_port" must be a port number"#)
        }
    }

    func testNonObjectIsAnArgumentError() {
        XCTAssertThrowsError(try ConnectionInfo(json: Data("[]".utf8), source: "conn.json")) { error in
            XCTAssertEqual("\(error)", "** (ArgumentError) invalid connection file conn.json: it is not a JSON object")
        }
    }

    func testUnknownTransportIsRefused() {
        let json = file.replacingOccurrences(of: #""tcp""#, with: #""udp""#)
        XCTAssertThrowsError(try ConnectionInfo(json: Data(json.utf8), source: "conn.json")) { error in
            XCTAssertEqual("\(error)", #"** (ArgumentError) invalid connection file conn.json: unknown transport "udp""#)
        }
    }

    func testMissingFileIsAFileError() {
        XCTAssertThrowsError(try ConnectionInfo(file: "/nonexistent/kernel-1.json")) { error in
            XCTAssertEqual("\(error)", #"** (File.Error) could not read file "/nonexistent/kernel-1.json": no such file or directory"#)
        }
    }
}
