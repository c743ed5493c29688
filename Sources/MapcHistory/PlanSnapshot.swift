import MapcCheck
import MapcLower
import MapcModel
import MapcParse
import MapcSource

/// What one version of a plan file (one git blob) gave: the few facts history needs, small
/// enough to keep for every version and cache by blob id (docs/history.md#the-cache).
public struct PlanSnapshot: Sendable, Equatable {
    /// How the blob read: a plan, a Markdown file that is no plan, or a plan mapc could not
    /// read (its front matter broken, over the input limits, not UTF-8), with the reason.
    public enum Kind: Sendable, Equatable {
        case plan
        case notAPlan
        case broken(String)
    }

    public var kind: Kind
    public var id = ""
    /// True when the front matter wrote the id (else it comes from the file name).
    public var explicitID = false
    public var title = ""
    public var status = PlanStatus.draft
    public var phases: [String] = []
    public var tasks: [TaskFacts] = []
    public var milestones: [MilestoneFacts] = []

    public init(kind: Kind) { self.kind = kind }

    /// What following a file needs of a version, without its tasks: whether it is a plan,
    /// and which (a deletion and an addition of the same plan in one commit are a move).
    public struct Identity: Sendable, Equatable {
        public var kind: Kind
        public var id: String
        public var explicitID: Bool
        public var title: String
    }

    public var identity: Identity { Identity(kind: kind, id: id, explicitID: explicitID, title: title) }

    /// A task as history sees it: identity, state, effective owner and due date.
    public struct TaskFacts: Sendable, Equatable {
        public var id: String
        public var explicitID: Bool
        public var title: String
        public var state: Task.State
        /// The task's own owner and due date, and the effective ones (inherited from the
        /// parent task or the phase: docs/format.md#inheritance-and-the-effective-due-date).
        public var owner: Handle?
        public var effectiveOwner: Handle?
        public var due: Day?
        public var effectiveDue: Day?
        public var phase: Int?

        public init(id: String, explicitID: Bool, title: String, state: Task.State, owner: Handle? = nil,
                    effectiveOwner: Handle? = nil, due: Day? = nil, effectiveDue: Day? = nil, phase: Int? = nil) {
            self.id = id
            self.explicitID = explicitID
            self.title = title
            self.state = state
            self.owner = owner
            self.effectiveOwner = effectiveOwner
            self.due = due
            self.effectiveDue = effectiveDue
            self.phase = phase
        }

        /// The name messages use: the title, else the id.
        public var displayTitle: String { title.isEmpty ? id : title }
    }

    /// A milestone: its title (how versions are paired), due date and whether it is done.
    public struct MilestoneFacts: Sendable, Equatable {
        public var title: String
        public var due: Day?
        public var done: Bool

        public init(title: String, due: Day?, done: Bool) {
            self.title = title
            self.due = due
            self.done = done
        }
    }

    /// The facts of a lowered plan.
    public init(_ plan: Plan) {
        kind = .plan
        id = plan.id.value
        explicitID = plan.frontMatterKeys["id"] != nil && plan.rejectedID == nil
        title = plan.title.value
        status = plan.status.value
        phases = plan.phases.map(\.title)
        tasks = plan.tasks.map { task in
            TaskFacts(id: task.id, explicitID: task.idRange != nil, title: task.title, state: task.state,
                      owner: task.owner?.value, effectiveOwner: task.effectiveOwner, due: task.due?.value,
                      effectiveDue: task.effectiveDue, phase: task.phase)
        }
        milestones = plan.milestones.map { MilestoneFacts(title: $0.title, due: $0.due?.value, done: $0.done) }
    }

    /// Reads one version of a file, with the same guards as every other read
    /// (docs/robustness.md#limits): a blob over the limits is not parsed. A version whose
    /// front matter is broken is `broken`: its status, dates and title cannot be trusted.
    public static func read(path: String, bytes: [UInt8], limits: InputLimits) -> PlanSnapshot {
        switch PlanLowering.lower(path: path, bytes: bytes, limits: limits) {
        case .refused(.tooLarge, _): return overSizeLimit(limits)
        case let .refused(.lineTooLong(line, _, _), _):
            return PlanSnapshot(kind: .broken("line \(line) is longer than the limit of " + InputLimits.describe(limits.lineLength)))
        case let .refused(finding, _):
            // Worded by the rules that report the same findings in `mapc check`.
            let words = FileUnreadable.describe(finding, path: path) ?? InputLimit.describe(finding, path: path)
            return PlanSnapshot(kind: .broken(words?.message ?? "cannot read `\(path)`"))
        case .notAPlan: return PlanSnapshot(kind: .notAPlan)
        case let .plan(plan, _):
            for issue in plan.syntaxIssues {
                if case let .frontMatter(problem) = issue.kind {
                    return PlanSnapshot(kind: .broken(FrontMatterInvalid.words(problem).0))
                }
            }
            return PlanSnapshot(plan)
        }
    }

    /// A version larger than the size limit: not read, not parsed.
    static func overSizeLimit(_ limits: InputLimits) -> PlanSnapshot {
        PlanSnapshot(kind: .broken("larger than the limit of \(InputLimits.describe(limits.fileSize))"))
    }

    /// A plan model holding just what `TaskMatching` compares (ids, titles, owners, dates,
    /// phases), so versions are paired exactly as `mapc diff` pairs them.
    func matchingModel() -> Plan {
        let zero = SourceRange(start: 0, end: 0)
        var plan = Plan(file: "", id: Located(id, at: zero), title: Located(title, at: zero),
                        status: Located(status, at: zero))
        plan.phases = phases.map { Phase(title: $0, due: nil, range: zero) }
        plan.tasks = tasks.enumerated().map { index, facts in
            let range = SourceRange(start: index, end: index)
            return Task(id: facts.id, idRange: facts.explicitID ? zero : nil, title: facts.title, range: range,
                        titleRange: range, state: facts.state, owner: facts.owner.map { Located($0, at: zero) },
                        effectiveOwner: facts.effectiveOwner, due: facts.due.map { Located($0, at: zero) },
                        effectiveDue: facts.effectiveDue, phase: facts.phase)
        }
        return plan
    }
}

// MARK: binary form

extension PlanSnapshot {
    func encode(_ out: inout ByteWriter) {
        switch kind {
        case .plan: out.int(0)
        case .notAPlan: out.int(1); return
        case let .broken(reason): out.int(2); out.string(reason); return
        }
        out.string(id); out.bool(explicitID); out.string(title); out.string(status.rawValue)
        out.int(phases.count)
        for phase in phases { out.string(phase) }
        out.int(tasks.count)
        for task in tasks {
            out.string(task.id); out.bool(task.explicitID); out.string(task.title); out.string(task.state.rawValue)
            out.optional(task.owner?.name); out.optional(task.effectiveOwner?.name)
            out.day(task.due); out.day(task.effectiveDue); out.int(task.phase ?? -1)
        }
        out.int(milestones.count)
        for milestone in milestones { out.string(milestone.title); out.day(milestone.due); out.bool(milestone.done) }
    }

    /// The identity at the start of an encoded snapshot (its kind, id, title).
    static func decodeIdentity(_ input: inout ByteReader) throws(ByteReader.Damaged) -> Identity {
        switch try input.int() {
        case 0: break
        case 1: return Identity(kind: .notAPlan, id: "", explicitID: false, title: "")
        case 2: return Identity(kind: .broken(try input.string()), id: "", explicitID: false, title: "")
        default: throw ByteReader.Damaged()
        }
        return Identity(kind: .plan, id: try input.string(), explicitID: try input.bool(), title: try input.string())
    }

    static func decode(_ input: inout ByteReader) throws(ByteReader.Damaged) -> PlanSnapshot {
        switch try input.int() {
        case 0: break
        case 1: return PlanSnapshot(kind: .notAPlan)
        case 2: return PlanSnapshot(kind: .broken(try input.string()))
        default: throw ByteReader.Damaged()
        }
        var snapshot = PlanSnapshot(kind: .plan)
        snapshot.id = try input.string()
        snapshot.explicitID = try input.bool()
        snapshot.title = try input.string()
        guard let status = PlanStatus(rawValue: try input.string()) else { throw ByteReader.Damaged() }
        snapshot.status = status
        for _ in 0..<(try input.count()) { snapshot.phases.append(try input.string()) }
        for _ in 0..<(try input.count()) {
            let id = try input.string(), explicit = try input.bool(), title = try input.string()
            guard let state = Task.State(rawValue: try input.string()) else { throw ByteReader.Damaged() }
            let owner = try input.optional().map(Handle.init), effectiveOwner = try input.optional().map(Handle.init)
            let due = try input.day(), effectiveDue = try input.day()
            let phase = try input.int()
            guard phase >= -1, phase < snapshot.phases.count else { throw ByteReader.Damaged() }
            snapshot.tasks.append(TaskFacts(id: id, explicitID: explicit, title: title, state: state, owner: owner,
                                            effectiveOwner: effectiveOwner, due: due, effectiveDue: effectiveDue,
                                            phase: phase < 0 ? nil : phase))
        }
        for _ in 0..<(try input.count()) {
            snapshot.milestones.append(MilestoneFacts(title: try input.string(), due: try input.day(), done: try input.bool()))
        }
        return snapshot
    }
}
