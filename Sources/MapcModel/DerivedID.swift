import MapcSource

/// docs/format.md#derived-ids: the title lowercased, runs of anything but letters and digits
/// turned into one `-`.
public func derivedID(_ title: String) -> String {
    // Built as UTF-8 bytes with an ASCII fast path: this runs for every task.
    var out: [UInt8] = []
    out.reserveCapacity(title.utf8.count)
    var pendingDash = false
    func keep(_ scalar: Unicode.Scalar) {
        if scalar.isLetterOrDigit {
            if pendingDash, !out.isEmpty { out.append(0x2D) }
            pendingDash = false
            if scalar.isASCII { out.append(UInt8(scalar.value)) } else { UTF8.encode(scalar) { out.append($0) } }
        } else {
            pendingDash = true
        }
    }
    for scalar in title.unicodeScalars {
        if scalar.isASCII {
            let value = UInt8(scalar.value)
            keep(Unicode.Scalar((0x41...0x5A).contains(value) ? value + 0x20 : value))
        } else {
            // What `String.lowercased()` does, one scalar at a time.
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { keep(lower) }
        }
    }
    return String(decoding: out, as: UTF8.self)
}
