import MapcSource

/// Every rule mapc knows, in the order of the table in docs/rules.md#rules.
public enum Registry {
    public static let rules: [any Rule.Type] = [
        FrontMatterInvalid.self, InvalidDate.self, DuplicateID.self, OwnerMissing.self, OwnerUnknown.self,
        DependencyUnknown.self, DependencyCycle.self, TaskOverdue.self, GoalUnmeasured.self,
        MetricIncomplete.self, ScheduleInversion.self, DueAfterPlan.self, PartyWithoutTasks.self,
        PlanStale.self, NoCommunication.self, RetrospectiveMissing.self, StakeholderIdle.self,
        TaskUndated.self, NoConflictProcess.self, UnknownField.self, FileUnreadable.self, InputLimit.self,
        UntrackedTasks.self, UnknownSection.self, HeadingLevel.self, CheckboxMalformed.self, AlmostToken.self,
        SecondFrontMatter.self, TableColumnMissing.self, GoalUnknown.self, DatesReversed.self, DueAfterParent.self,
        UpdateInFuture.self, DonePlanOpenTasks.self, DoneBeforeDependency.self, PartyUnknown.self,
        HandleReused.self,
    ]

    /// The rule with an id, if any.
    public static func rule(_ id: RuleID) -> (any Rule.Type)? { rules.first { $0.id == id } }

    /// Every id, for suggestions.
    public static var ids: [RuleID] { rules.map { $0.id } }

    /// The rule id nearest to a mistyped one: by edit distance, else one that contains it
    /// or is contained in it (`owner` → `owner-missing`); nil when nothing is close.
    public static func nearest(_ id: String) -> String? {
        let names = ids.map(\.rawValue)
        let lowered = id.lowercased()
        if let close = suggestions(for: lowered, in: names, limit: 1).first { return close }
        return names.first { $0.contains(lowered) && lowered.count >= 4 } ?? names.first { lowered.contains($0) }
    }
}
