import MapcEmit
import MapcSource

// In a file of its own: MapcEmit's `JSON` and MapcLSP's have the same name.
extension PlanDescriptions {
    /// `today`, `in 3 days`, `5 days ago`: as the status formats say it.
    func relative(_ day: Day) -> String { Phrase.relative(day, today: today) }
}
