import MapcHistory

extension HistoryReport {
    /// The history of each of `files` (paths as the caller shows them), paired by real
    /// path: the history names files from the repository's top. A file's real path is its
    /// folder's and its name (links to files are not plans in git), so a workspace of many
    /// files asks the file system once per folder. Deleted plans have no file to pair.
    public func histories(of files: [String]) -> [String: PlanHistory] {
        var folders: [String: String?] = [:]
        func realPath(_ path: String) -> String? {
            let folder = FileSystem.parent(path)
            if folders[folder] == nil { folders[folder] = .some(FileSystem.realPath(folder)) }
            return folders[folder]!.map { FileSystem.join($0, FileSystem.name(path)) }
        }
        var byRealPath: [String: PlanHistory] = [:]
        for plan in plans where plan.deleted == nil {
            if let real = realPath(plan.file) { byRealPath[real] = plan }
        }
        var result: [String: PlanHistory] = [:]
        guard !byRealPath.isEmpty else { return result }
        for file in files {
            if let real = realPath(file), let history = byRealPath[real] { result[file] = history }
        }
        return result
    }
}
