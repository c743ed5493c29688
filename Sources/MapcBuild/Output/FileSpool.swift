#if canImport(Glibc)
import Glibc
#endif
import MapcSite
import Synchronization

/// A `TextSpool` in one file of the staging folder's aside area: appended under a lock,
/// read back by any thread with `pread`. It goes with the aside area (`discardAside`) and
/// with the staging folder on any failure, so it never outlives the build.
final class FileSpool: TextSpool {
    private let descriptor: Int32
    private let end = Mutex(0)

    /// A new spool at `path` (never an existing file or a link), or nil.
    init?(path: String) {
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
    }

    deinit { close(descriptor) }

    func append(_ text: String) -> SpooledText? {
        var text = text
        return text.withUTF8 { bytes -> SpooledText? in
            guard !bytes.isEmpty else { return SpooledText("") }
            return end.withLock { offset -> SpooledText? in
                var done = 0
                while done < bytes.count {
                    let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                    if wrote < 0, errno == EINTR { continue }
                    // A full disk: the caller keeps the text in memory; the bytes written stay unused.
                    guard wrote > 0 else { return nil }
                    done += wrote
                }
                defer { offset += bytes.count }
                return SpooledText(spool: self, offset: offset, count: bytes.count)
            }
        }
    }

    func read(offset: Int, count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            var done = 0
            while done < count {
                let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            return done
        }
    }
}

/// The spool of a site kept in memory (tests, the fuzzer): the same path as a real build.
final class MemorySpool: TextSpool {
    private let texts = Mutex<[String]>([])

    func append(_ text: String) -> SpooledText? {
        texts.withLock { texts in
            texts.append(text)
            return SpooledText(spool: self, offset: texts.count - 1, count: text.utf8.count)
        }
    }

    func read(offset: Int, count: Int) -> String { texts.withLock { $0[offset] } }
}
