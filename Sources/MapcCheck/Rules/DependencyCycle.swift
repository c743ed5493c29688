import MapcModel
import MapcSource

/// Tasks depend on each other in a circle, so none of them can start.
///
/// Why: a cycle is a deadlock written down; naming the whole cycle shows where to cut it.
public struct DependencyCycle: Rule {
    public static let id: RuleID = "dependency-cycle"
    public static let severity: Severity = .error
    public static let summary = "tasks depend on each other in a cycle"
    public static let rationale = """
        Following `after:` links from a task must never lead back to it. One diagnostic per \
        cycle, at the cycle's first task in the file, naming every task in it.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign @li id:a after:↓b\n- [ ] Send @li id:b after:a",
                messages: ["tasks depend on each other in a cycle: `a` → `b` → `a`"]),
        Example("## Tasks\n- [ ] Loop @li id:x after:↓x"),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign @li id:a\n- [ ] Send @li id:b after:a\n- [ ] File @li after:a,b",
    ]

    public static let manual = Manual(
        why: """
            A cycle is a deadlock written down: none of the tasks in it can start. Naming the whole \
            cycle shows where to cut it.
            """,
        details: """
            A task that depends on itself is a cycle too.
            """,
        fix: """
            Remove the `after:` link that is not a real constraint, so that the work has a first \
            step.
            """,
        fixed: "## Tasks\n- [ ] Sign @li id:a\n- [ ] Send @li id:b after:a")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let ids = context.taskIndexByID
        let edges: [[Int]] = plan.tasks.map { task in task.after.compactMap { ids[$0.value] } }
        for component in StronglyConnected.components(edges) {
            guard let start = component.min() else { continue }
            let isCycle = component.count > 1 || edges[start].contains(start)
            guard isCycle else { continue }
            let members = Set(component)
            let path = StronglyConnected.cycle(from: start, within: members, edges: edges)
            let names = (path + [start]).map { "`\(plan.tasks[$0].id)`" }.joined(separator: " → ")
            let next = path.count > 1 ? path[1] : start
            let token = plan.tasks[start].after.first { ids[$0.value] == next }
            out.add(Self.self, at: token?.range ?? plan.tasks[start].titleRange,
                    "tasks depend on each other in a cycle: \(names)",
                    help: "remove one of these `after:` links so the work has a first step")
        }
    }
}

/// Tarjan's strongly connected components, iterative: dependency chains may be 50,000 long.
enum StronglyConnected {
    static func components(_ edges: [[Int]]) -> [[Int]] {
        let count = edges.count
        var index = Array(repeating: -1, count: count)
        var low = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var stack: [Int] = []
        var next = 0
        var result: [[Int]] = []
        for root in 0..<count where index[root] == -1 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while !work.isEmpty {
                let (node, edge) = work[work.count - 1]
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let target = edges[node][edge]
                    if index[target] == -1 {
                        index[target] = next; low[target] = next; next += 1
                        stack.append(target); onStack[target] = true
                        work.append((target, 0))
                    } else if onStack[target] {
                        low[node] = min(low[node], index[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                if low[node] == index[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    result.append(component)
                }
            }
        }
        return result
    }

    /// A shortest path from `start` back to itself inside one component (breadth first).
    static func cycle(from start: Int, within members: Set<Int>, edges: [[Int]]) -> [Int] {
        var previous: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for target in edges[node] where members.contains(target) {
                if target == start {
                    var path = [node]
                    while let before = previous[path[0]] { path.insert(before, at: 0) }
                    return path
                }
                if previous[target] == nil, target != start {
                    previous[target] = node
                    queue.append(target)
                }
            }
        }
        return [start]
    }
}
