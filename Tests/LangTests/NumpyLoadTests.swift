import Foundation
import XCTest
import NxCore
@testable import Lang

/// `Nx.load_numpy!` / `Nx.load_numpy_archive!` on files written by NumPy 2.4 (`np.save`,
/// `np.savez`, `np.savez_compressed`), kept here as base64.
final class NumpyLoadTests: XCTestCase {
    static let cF32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAQAAAQEAAAIBAAACgQAAAwEA="
    static let bigEndianS16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf/+ASw="
    static let fortranS64 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAAQAAAAAAAAAAgAAAAAAAAAFAAAAAAAAAAMAAAAAAAAABgAAAAAAAAA="
    static let bool = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE="
    /// np.savez(f, x=int32 [1, 2, 3], y=float64 [0.5]): stored entries with zip64 local headers.
    static let archive = "UEsDBC0AAAAAAAAAIQDrwCsE//////////8FABQAeC5ucHkBABAAjAAAAAAAAACMAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAQAAAAIAAAADAAAAUEsDBC0AAAAAAAAAIQDqxRmd//////////8FABQAeS5ucHkBABAAiAAAAAAAAACIAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAA4D9QSwECLQMtAAAAAAAAACEA68ArBIwAAACMAAAABQAAAAAAAAAAAAAAgAEAAAAAeC5ucHlQSwECLQMtAAAAAAAAACEA6sUZnYgAAACIAAAABQAAAAAAAAAAAAAAgAHDAAAAeS5ucHlQSwUGAAAAAAIAAgBmAAAAggEAAAAA"
    /// np.savez_compressed(f, x=int32 [1, 2, 3]): a deflated entry.
    static let compressedArchive = "UEsDBC0AAAAIAAAAIQDrwCsE//////////8FABQAeC5ucHkBABAAjAAAAAAAAABNAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TaaKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GsY6mjoKtQoUAC5GBgYGJiBmBmIAUEsBAi0DLQAAAAgAAAAhAOvAKwRNAAAAjAAAAAUAAAAAAAAAAAAAAIABAAAAAHgubnB5UEsFBgAAAAABAAEAMwAAAIQAAAAAAA=="

    private func bytes(_ base64: String) -> [UInt8] { Array(Data(base64Encoded: base64) ?? Data()) }

    /// The bytes as an Elixir binary literal, to call the bindings from code.
    private func literal(_ base64: String) -> String {
        "<<" + bytes(base64).map(String.init).joined(separator: ", ") + ">>"
    }

    func testLoadNumpyReadsLittleEndianF32Matrix() throws {
        XCTAssertEqual(render(try nxEval("Nx.load_numpy!(\(literal(Self.cF32))) |> Nx.to_list()")),
                       "[[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]]")
        XCTAssertEqual(render(try nxEval("Nx.load_numpy!(\(literal(Self.cF32))) |> Nx.type()")), "{:f, 32}")
    }

    func testLoadNumpySwapsBigEndianBytes() throws {
        let t = try NumpyFormat.loadArray(bytes(Self.bigEndianS16))
        XCTAssertEqual(t.type, .s16)
        XCTAssertEqual(try NativeBackend.shared.toNumbers(t, limit: nil), [.int(1), .int(-2), .int(300)])
    }

    func testLoadNumpyTransposesFortranOrder() throws {
        XCTAssertEqual(render(try nxEval("Nx.load_numpy!(\(literal(Self.fortranS64))) |> Nx.to_list()")),
                       "[[1, 2, 3], [4, 5, 6]]")
    }

    func testLoadNumpyReadsBooleansAsU8() throws {
        XCTAssertEqual(render(try nxEval("Nx.load_numpy!(\(literal(Self.bool))) |> Nx.type()")), "{:u, 8}")
        XCTAssertEqual(render(try nxEval("Nx.load_numpy!(\(literal(Self.bool))) |> Nx.to_list()")), "[1, 0, 1]")
    }

    func testLoadNumpyArchiveGivesNamedTensorsInOrder() throws {
        XCTAssertEqual(render(try nxEval("for {name, t} <- Nx.load_numpy_archive!(\(literal(Self.archive))), do: {name, Nx.to_list(t)}")),
                       "[{\"x\", [1, 2, 3]}, {\"y\", [0.5]}]")
    }

    func testCompressedArchiveRaisesNamingTheLimitation() {
        XCTAssertThrowsError(try NumpyFormat.loadArchive(bytes(Self.compressedArchive))) { error in
            XCTAssertTrue("\(error)".contains("savez_compressed"), "\(error)")
        }
    }

    func testGarbageIsAnArgumentError() {
        XCTAssertNxRaises("Nx.load_numpy!(<<1, 2, 3>>)", "ArgumentError", "expected a numpy .npy binary (starting with \\x93NUMPY)")
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.load_numpy_archive!(<<1, 2, 3>>)") }
    }

    func testTruncatedDataIsAnArgumentError() throws {
        let cut = Array(bytes(Self.cF32).dropLast(4))
        XCTAssertThrowsError(try NumpyFormat.loadArray(cut))
    }
}
