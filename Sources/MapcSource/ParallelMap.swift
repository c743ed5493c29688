import Dispatch

/// Maps on every core, keeping input order in the output.
public enum ParallelMap {
    /// A result buffer written by index from several threads; each index is written once.
    private final class Slots<Element>: @unchecked Sendable {
        var values: [Element?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
    }

    /// `serial` runs in order on one thread (`MAPC_JOBS=1`), to compare against.
    public static func map<Input: Sendable, Output>(_ inputs: [Input], serial: Bool = false,
                                             _ transform: @Sendable (Input) -> Output) -> [Output] {
        guard inputs.count > 1, !serial else { return inputs.map(transform) }
        let slots = Slots<Output>(count: inputs.count)
        slots.values.withUnsafeMutableBufferPointer { buffer in
            let pointer = UnsafeMutableBufferPointerBox(buffer)
            DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                pointer.buffer[index] = transform(inputs[index])
            }
        }
        return slots.values.map { $0! }
    }
}

/// Lets a buffer pointer cross into `concurrentPerform`; safe because every iteration
/// writes a different index and the call returns only when all are done.
private struct UnsafeMutableBufferPointerBox<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
