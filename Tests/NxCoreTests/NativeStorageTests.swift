import XCTest
@testable import NxCore

/// Storage below the pool's size keeps its elements inside the object; every buffer is 64-byte
/// aligned and holds what is written to it, on both sides of the threshold.
final class NativeStorageTests: XCTestCase {
    func testSmallBuffersAreInlineLargeOnesAreNotAndAllAreAligned() throws {
        let limit = BufferPool.minimumBytes
        for byteCount in [0, 1, 12, 63, 64, 65, 4096, limit - 1, limit, limit + 4] {
            let storage = try NativeStorage.make(byteCount: byteCount)
            XCTAssertEqual(storage.byteCount, byteCount)
            XCTAssertEqual(storage.header.inline, byteCount < limit, "\(byteCount)")
            XCTAssertEqual(Int(bitPattern: storage.bytes) % 64, 0, "\(byteCount)")
            let bytes = storage.bytes.assumingMemoryBound(to: UInt8.self)
            for i in 0..<byteCount { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
            XCTAssertFalse((0..<byteCount).contains { bytes[$0] != UInt8(truncatingIfNeeded: $0 &* 31) }, "\(byteCount)")
        }
    }

    func testTensorsOnBothSidesOfTheThresholdRoundTrip() throws {
        for count in [0, 3, BufferPool.minimumBytes / 4 - 1, BufferPool.minimumBytes / 4 + 1] {
            let xs = (0..<count).map { Float($0 % 1000) - 0.5 }
            let t = try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [count]), xs.withUnsafeBytes { Array($0) })
            let back = try Nx.add(.tensor(t), .tensor(t))
            let raw = try NativeBackend.shared.rawBytes(back).assumingMemoryBound(to: Float.self)
            XCTAssertFalse((0..<count).contains { raw[$0] != 2 * xs[$0] }, "\(count)")
        }
    }
}
