import Dispatch

/// Maps on every core, keeping input order in the output.
public enum ParallelMap {
    /// `serial` runs in order on one thread (`MAPC_JOBS=1`), to compare against.
    public static func map<Input: Sendable, Output>(_ inputs: [Input], serial: Bool = false,
                                                    _ transform: @Sendable (Input) -> Output) -> [Output] {
        guard inputs.count > 1, !serial else { return inputs.map(transform) }
        var results = [Output?](repeating: nil, count: inputs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(buffer)
            DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                slots.buffer[index] = transform(inputs[index])
            }
        }
        return results.map { $0! }
    }
}

/// Lets a buffer pointer cross into `concurrentPerform`; safe because every iteration
/// writes a different index and the call returns only when all are done.
private struct Slots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
