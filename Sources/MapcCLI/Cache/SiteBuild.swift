import MapcCheck
import MapcEmit
import MapcModel
import MapcSource

/// One run of `mapc build`: read every file, compile and render only the plans whose file
/// (or whose people directory) changed since the cached build, then put the whole site
/// together from fragments. A clean build is the same run with an empty cache, so the two
/// give the same bytes (tested).
struct SiteBuild {
    var configuration: Configuration
    var settings: SiteSettings
    /// Read and write the cache beside the output (`--no-cache` turns it off).
    var useCache = true
    var serial = false

    /// What the run produced and found.
    struct Result {
        var files: [String: SiteWriter.File] = [:]
        /// Every error of every file, in presentation order (the build prints them).
        var errors: [Diagnostic] = []
        var warningCount = 0
        var noteCount = 0
        var planCount = 0
        var publishedCount = 0
        var leftOut: [String] = []
        var skipped: [String] = []
        var hadUnreadableInput = false
        /// Plans compiled and rendered in this run (the rest came from the cache).
        var renderedPlans = 0
        /// What to save once the site is written.
        var cache: BuildCache?
    }

    /// A file's place in the run: a plan from the cache, or what compiling it gave.
    private enum Slot {
        case cached(BuildCache.PlanEntry)
        case compiled(Workspace.FileOutcome)
    }

    func run(_ candidates: [Workspace.Candidate], output: String) throws(SiteRenderer.TemplateError) -> Result {
        let candidates = Workspace.unique(candidates)
        let checker = Checker(configuration: configuration, today: settings.today)
        let reads = ParallelMap.map(candidates, serial: serial) { candidate in
            let read = FileSystem.read(candidate.path)
            return (read, (try? read.get()).map(ContentHash.of) ?? 0)
        }
        var cache = useCache ? BuildCache.load(output: output, settingsKey: settingsKey)
                             : BuildCache(directory: BuildCache.location(for: output), settingsKey: settingsKey)
        var slots: [Slot?] = candidates.indices.map { index in
            guard useCache, case .success = reads[index].0,
                  let entry = cache.plan(candidates[index].path, sourceHash: reads[index].1) else { return nil }
            return .cached(entry)
        }
        func compile(_ indices: [Int]) {
            let outcomes = ParallelMap.map(indices, serial: serial) { index in
                Workspace.process(candidates[index], read: reads[index].0, checker: checker)
            }
            for (index, outcome) in zip(indices, outcomes) { slots[index] = .compiled(outcome) }
        }
        compile(candidates.indices.filter { slots[$0] == nil })

        // Who is published decides who has a person page, which every plan's rows link to.
        var (published, leftOut, peopleKey, directory) = publish(slots)
        let publishedSet = Set(published)
        let stale = candidates.indices.filter { index in
            guard case let .cached(entry) = slots[index] else { return false }
            return entry.peopleKey != peopleKey || (publishedSet.contains(index) && entry.page == nil)
        }
        if !stale.isEmpty {
            compile(stale)
            (published, leftOut, peopleKey, directory) = publish(slots)
        }

        var settings = settings
        settings.people = directory
        let renderer = try SiteRenderer(settings)
        let toRender = candidates.indices.filter { if case .compiled(.plan) = slots[$0] { true } else { false } }
        let compiledSlots = slots
        let fragments = ParallelMap.map(toRender, serial: serial) { index -> SiteFragment in
            guard case let .compiled(.plan(compiled)) = compiledSlots[index] else { preconditionFailure("not a plan") }
            var fragment = renderer.fragment(compiled.plan, source: compiled.source, diagnostics: compiled.diagnostics)
            fragment.duplicateID = Workspace.duplicateIDProbe(compiled, checker: checker)
            return fragment
        }
        var fragmentOf: [Int: SiteFragment] = Dictionary(uniqueKeysWithValues: zip(toRender, fragments))
        var result = Result(renderedPlans: toRender.count)
        var unreadable: [Diagnostic] = []
        var pages: [Int: BuildCache.Stored] = [:]
        for index in candidates.indices {
            switch slots[index] {
            case let .cached(entry)?:
                fragmentOf[index] = entry.fragment
                if let page = entry.page { pages[index] = page }
            case let .compiled(.skipped(path))?:
                result.skipped.append(path)
            case let .compiled(.problem(diagnostic, _, isUnreadable))?:
                count(diagnostic, into: &result)
                if isUnreadable { result.hadUnreadableInput = true }
                if diagnostic.rule == "file-unreadable" { unreadable.append(diagnostic) }
            default:
                break
            }
        }

        // Plans: counts, errors and ids across files, in input order.
        var firstFile: [String: String] = [:]
        for index in candidates.indices {
            guard let fragment = fragmentOf[index] else { continue }
            result.planCount += 1
            result.errors += fragment.errors
            result.warningCount += fragment.warningCount
            result.noteCount += fragment.noteCount
            if let earlier = firstFile[fragment.planID] {
                if var duplicate = fragment.duplicateID {
                    duplicate.message = Workspace.duplicateIDMessage(fragment.planID, earlier: earlier)
                    count(duplicate, into: &result)
                }
            } else {
                firstFile[fragment.planID] = fragment.file
            }
        }
        result.errors.sort(by: Diagnostic.presentationOrder)
        // Files that could not be read are named on the portfolio too.
        result.leftOut = leftOut + unreadable.sorted(by: Diagnostic.presentationOrder).map { "\($0.file): \($0.message)" }

        // Pages of the published plans: stored in the cache and linked, or written.
        var files: [String: SiteWriter.File] = [:]
        for index in published {
            guard let fragment = fragmentOf[index], let page = fragment.page else { continue }
            if pages[index] == nil, useCache, let stored = cache.store(fragment.pageHTML) { pages[index] = stored }
            files["plans/" + page] = pages[index].map { .link(cache.path(of: $0)) } ?? .text(fragment.pageHTML)
        }
        let assembler = try SiteAssembler(settings)
        let (aggregates, personPages) = assembler.files(published.compactMap { fragmentOf[$0] },
                                                        leftOut: result.leftOut) {
            page, inputs in
            guard useCache, let entry = cache.persons[page], entry.inputs == inputs else { return false }
            return cache.isIntact(entry.page)
        }
        for (path, text) in aggregates { files[path] = .text(text) }
        for (page, inputs) in personPages {
            let path = "people/" + page
            if let text = aggregates[path] {
                if useCache, let stored = cache.store(text) {
                    cache.setPerson(page, BuildCache.PersonEntry(inputs: inputs, page: stored))
                    files[path] = .link(cache.path(of: stored))
                } else {
                    files[path] = .text(text)
                }
            } else if let entry = cache.persons[page] {
                files[path] = .link(cache.path(of: entry.page))
            }
        }
        result.files = files
        result.publishedCount = published.count

        if useCache {
            for index in toRender {
                guard let fragment = fragmentOf[index] else { continue }
                var stored = fragment
                stored.pageHTML = ""
                cache.setPlan(candidates[index].path, BuildCache.PlanEntry(
                    sourceHash: reads[index].1, peopleKey: peopleKey, fragment: stored, page: pages[index]))
            }
            cache.retain(plans: Set(fragmentOf.keys.map { candidates[$0].path }), persons: Set(personPages.map(\.page)))
            result.cache = cache
        }
        return result
    }

    private func count(_ diagnostic: Diagnostic, into result: inout Result) {
        switch diagnostic.severity {
        case .error: result.errors.append(diagnostic)
        case .warning: result.warningCount += 1
        case .info: result.noteCount += 1
        }
    }

    /// Which plans are published (input order), what is left out, and who has a page.
    private func publish(_ slots: [Slot?]) -> (published: [Int], leftOut: [String], peopleKey: UInt64,
                                                directory: PeopleDirectory) {
        var plans: [(index: Int, file: String, id: String, rejectedID: String?, people: [String])] = []
        for (index, slot) in slots.enumerated() {
            switch slot {
            case let .cached(entry)?:
                let fragment = entry.fragment
                plans.append((index, fragment.file, fragment.planID, fragment.rejectedID, fragment.people.map(\.key)))
            case let .compiled(.plan(compiled))?:
                plans.append((index, compiled.source.path, compiled.plan.id.value, compiled.plan.rejectedID,
                              compiled.plan.stakeholders.map(\.handle.value.key)))
            default:
                break
            }
        }
        let (published, leftOut) = SiteAssembler.publish(plans.map { ($0.file, $0.id, $0.rejectedID) })
        let keys = Set(published.flatMap { plans[$0].people })
        var hash = ContentHash()
        for key in keys.sorted() { hash.add(key) }
        return (published.map { plans[$0].index }, leftOut, hash.value, PeopleDirectory(keys))
    }

    /// Everything besides a plan's file that its fragment depends on.
    private var settingsKey: UInt64 {
        var hash = ContentHash()
        hash.add(BuildCache.format)
        hash.add(MapcCommand.configuration.version)
        hash.add(settings.siteTitle)
        hash.add(settings.calendarName)
        hash.add(settings.baseURL ?? "")
        hash.add(settings.today.description)
        hash.add(settings.nativePartials ? 1 : 0)
        for (name, text) in settings.templates.sorted(by: { $0.key < $1.key }) {
            hash.add(name)
            hash.add(text)
        }
        for rule in Registry.rules {
            hash.add(rule.id.rawValue)
            hash.add(configuration.severity(of: rule)?.rawValue ?? "off")
        }
        return hash.value
    }
}
