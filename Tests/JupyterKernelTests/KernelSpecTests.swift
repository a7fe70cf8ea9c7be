import Foundation
import XCTest
@testable import JupyterKernel

final class KernelSpecTests: XCTestCase {
    func testUserDirectoryHonoursJupyterDataDir() {
        let dir = KernelSpec.directory(name: "swiftnx", user: true, prefix: nil,
                                       environment: ["JUPYTER_DATA_DIR": "/data/jupyter", "HOME": "/home/ada"])
        XCTAssertEqual(dir.path, "/data/jupyter/kernels/swiftnx")
    }

    func testUserDirectoryDefaultsToLocalShare() {
        let dir = KernelSpec.directory(name: "swiftnx", user: true, prefix: nil, environment: ["HOME": "/home/ada"])
        XCTAssertEqual(dir.path, "/home/ada/.local/share/jupyter/kernels/swiftnx")
    }

    func testSystemDirectoryIsUsrLocal() {
        let dir = KernelSpec.directory(name: "swiftnx", user: false, prefix: nil, environment: [:])
        XCTAssertEqual(dir.path, "/usr/local/share/jupyter/kernels/swiftnx")
    }

    func testPrefixDirectoryWins() {
        let dir = KernelSpec.directory(name: "nx", user: true, prefix: "/opt/env", environment: [:])
        XCTAssertEqual(dir.path, "/opt/env/share/jupyter/kernels/nx")
    }

    func testWrittenKernelJsonNamesBinaryAndSignalInterrupts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftnx-spec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try KernelSpec(executable: "/opt/bin/swiftnx").write(to: dir)
        let data = try Data(contentsOf: dir.appendingPathComponent("kernel.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["argv"] as? [String], ["/opt/bin/swiftnx", "kernel", "-f", "{connection_file}"])
        XCTAssertEqual(json["display_name"] as? String, "SwiftNx (Elixir Nx)")
        XCTAssertEqual(json["language"] as? String, "elixir")
        XCTAssertEqual(json["interrupt_mode"] as? String, "signal")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("logo-svg.svg").path))
    }
}

/// The checked-in kernelspec/swiftnx/ is what `install-kernel` writes, with a PATH-relative argv.
final class CheckedInKernelSpecTests: XCTestCase {
    private let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("kernelspec/swiftnx")

    func testCheckedInKernelJsonMatchesGenerated() throws {
        let data = try Data(contentsOf: directory.appendingPathComponent("kernel.json"))
        let checkedIn = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? NSDictionary)
        XCTAssertEqual(checkedIn, KernelSpec(executable: "swiftnx").json as NSDictionary)
    }

    func testCheckedInLogosMatchGenerated() throws {
        let svg = try String(contentsOf: directory.appendingPathComponent("logo-svg.svg"), encoding: .utf8)
        XCTAssertEqual(svg, KernelSpec.logo)
        for (size, png) in KernelSpec.pngLogos {
            XCTAssertFalse(png.isEmpty)
            XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("logo-\(size)x\(size).png")), png)
        }
    }
}
