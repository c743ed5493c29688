import Foundation

/// Small workspaces of generated plans, written on the spot, for tests of the build's
/// handling of folders, caches and processes.
enum TestWorkspace {
    /// A plan with `tasks` tasks; `variant` changes its text (and so its hash and pages).
    static func plan(_ index: Int, tasks: Int = 12, variant: Int = 0) -> String {
        var text = """
        ---
        title: "Plan \(index) v\(variant)"
        status: active
        start: 2026-10-01
        due: 2027-03-31
        owner: "@lead\(index % 7)"
        parties: [Acme, Globex]
        ---

        ## Goals
        ### G1: Ship pilot \(index)

        ## Stakeholders
        | Handle | Name | Party | Role |
        |---|---|---|---|
        | @lead\(index % 7) | Lead \(index % 7) | Acme | Lead |
        | @ops\(index % 5) | Ops \(index % 5) | Globex | Operations |

        ## Tasks

        """
        for task in 0..<tasks {
            let owner = task % 2 == 0 ? "@lead\(index % 7)" : "@ops\(index % 5)"
            let box = task % 3 == 2 ? "x" : " "
            text += "- [\(box)] Task \(task) of plan \(index) v\(variant) \(owner) due:2026-12-\(String(format: "%02d", 1 + task % 28)) id:t\(task)\n"
        }
        text += """

        ## Communication
        - Weekly sync every:week @lead\(index % 7) @ops\(index % 5)

        ## Metrics
        | Metric | Goal | Baseline | Target | Current |
        |---|---|---|---|---|
        | Seats | G1 | 0 | 50 | 10 |

        ## Conflict resolution
        escalate: @ops\(index % 5) -> @lead\(index % 7)

        ## Updates
        - 2026-11-20: on track (v\(variant))

        """
        return text
    }

    /// Writes `count` plans into `folder/plans` and answers that folder.
    @discardableResult
    static func plans(in folder: String, count: Int, tasks: Int = 12, variant: Int = 0) -> String {
        let plans = folder + "/plans"
        for index in 0..<count {
            CLI.write(plan(index, tasks: tasks, variant: variant), to: plans + "/plan-\(index).md")
        }
        return plans
    }

    /// Every entry under a folder (relative paths, folders with a trailing `/`), sorted.
    static func listing(_ folder: String) -> [String] {
        var result: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            result.append(isDirectory.boolValue ? path + "/" : path)
        }
        return result.sorted()
    }
}
