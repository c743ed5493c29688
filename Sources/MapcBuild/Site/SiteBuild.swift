import MapcCheck
import MapcEmit
import MapcHistory
import MapcLower
import MapcModel
import MapcSite
import MapcSource

/// One run of `mapc build`, the executor of `BuildPlan`'s decisions: read every file,
/// compile and render only the plans whose file (or whose people directory) changed since
/// the cached build, then put the whole site together from fragments, into a `SiteOutput`
/// (a staging folder, or memory). A clean build is the same run with no cache, so the two
/// give the same bytes (tested). Output folders, locks and the cache's life are
/// `SiteBuildSession`'s.
///
/// Memory stays bounded on large workspaces: pages go to disk as they are rendered, and
/// above `modelLimit` files no plan model is kept between compiling (to learn ids and
/// stakeholders) and rendering (the plan is compiled again from its bytes instead).
public struct SiteBuild: Sendable {
    public var configuration: Configuration
    public var settings: SiteSettings
    public var serial = false

    /// Files up to which compiled plans are kept for rendering: above it, compiling twice
    /// costs about a tenth more time and saves most of the memory (docs/performance.md).
    /// `MAPC_MODEL_LIMIT` sets it, so tests can take the large-workspace path.
    public var modelLimit = 2_000
    /// Each plan's git history, by the file's path as discovered, when `settings.history`
    /// (docs/history.md#on-the-site). A plan's page depends on it, so it is part of the
    /// plan's cache key.
    public var histories: [String: PlanHistory] = [:]
    /// Plans whose file a commit of the site's week deleted, for the portfolio's "This week".
    public var deletedThisWeek: [SiteFragment.DeletedPlan] = []

    public init(configuration: Configuration, settings: SiteSettings) {
        self.configuration = configuration
        self.settings = settings
    }

    /// What the run found, for the console and the exit code.
    public struct Result: Sendable {
        /// Every error of every file, in presentation order (the build prints them).
        public var errors: [Diagnostic] = []
        public var warningCount = 0
        public var noteCount = 0
        public var planCount = 0
        public var publishedCount = 0
        public var leftOut: [String] = []
        public var skipped: [String] = []
        public var hadUnreadableInput = false
        /// Plans compiled and rendered in this run (the rest came from the cache).
        public var renderedPlans = 0
    }

    public enum Failure: Error {
        case template(SiteRenderer.TemplateError)
        case write(SiteWriter.Failure)

        public var message: String {
            switch self {
            case let .template(error): error.description
            case let .write(error): error.message
            }
        }
    }

    /// A file's place in the run.
    private enum Slot {
        case cached(BuildCache.PlanEntry)
        /// A plan compiled in this run; its model is kept only below `modelLimit`.
        case plan(BuildPlan.Identity, CompiledPlan?)
        /// Above `modelLimit`: a plan compiled and rendered at once, with only its own
        /// stakeholders taken to have person pages, its page already on disk. Kept unless
        /// its `linkKey` under the real directory differs from `guess`.
        case prerendered(BuildPlan.Identity, SiteFragment, guess: PeopleDirectory, page: SiteFile?, stored: BuildCache.Stored?)
        case other(Workspace.FileOutcome)
    }

    /// Builds the site into `output` with `cache` (nil: `--no-cache`), and answers what it
    /// found with the cache's new state, for the caller to save once the output is in place.
    public func run(_ candidates: [Workspace.Candidate], output: some SiteOutput,
                    cache loaded: BuildCache?) throws(Failure) -> (result: Result, cache: BuildCache?) {
        let candidates = Workspace.unique(candidates)
        let checker = Checker(configuration: configuration, today: settings.today)
        // Templates are parsed, and so checked, before anything is written.
        let renderer: SiteRenderer, assembler: SiteAssembler
        do {
            renderer = try SiteRenderer(settings)
            assembler = try SiteAssembler(settings)
        } catch {
            throw .template(error)
        }
        let keepModels = candidates.count <= modelLimit
        let limits = configuration.limits
        // Every file is read and hashed first; above `modelLimit` its bytes are not kept,
        // and compiling reads it again (it must not have changed meanwhile).
        let reads = ParallelMap.map(candidates, serial: serial) { candidate in
            let read = Workspace.read(candidate, limits: limits)
            let hash = (try? read.get()).map(ContentHash.of)
            if !keepModels, case .success = read { return (Swift.Result<[UInt8], FileSystem.ReadError>.success([]), hash) }
            return (read, hash)
        }
        // A cached plan is kept while its file and its history are unchanged.
        let keys = reads.indices.map { index in
            reads[index].1.map { Self.cacheKey($0, history: histories[candidates[index].path]) }
        }
        var cache = loaded
        // Without a cache, what is needed only at the end waits on disk (the cache keeps
        // fragments whole, so with one it stays in memory).
        let spool = loaded == nil ? output.spool() : nil
        let cachedEntries = ParallelMap.map(Array(candidates.indices), serial: serial) { index -> BuildCache.PlanEntry? in
            guard let loaded, case .success = reads[index].0, let key = keys[index] else { return nil }
            return loaded.plan(candidates[index].path, sourceHash: key)
        }
        let starts = BuildPlan.start(cachedFor: cachedEntries.map { $0 != nil })
        var slots: [Slot?] = starts.indices.map { starts[$0] == .reuse ? .cached(cachedEntries[$0]!) : nil }
        let compileOne: @Sendable (Int) -> Workspace.FileOutcome = { index in
            var read = reads[index].0
            if !keepModels, case .success = read {
                read = Workspace.read(candidates[index], limits: limits)
                if let bytes = try? read.get(), ContentHash.of(bytes) != reads[index].1 {
                    read = .failure(FileSystem.ReadError(message: "it changed while mapc was building; build again"))
                }
            }
            return Workspace.process(candidates[index], read: read, checker: checker)
        }
        let toCompile = starts.indices.filter { starts[$0] == .compile }
        if keepModels {
            let outcomes = ParallelMap.map(toCompile, serial: serial) { index -> Slot in
                let outcome = compileOne(index)
                guard case let .plan(compiled) = outcome else { return .other(outcome) }
                return .plan(Self.identity(compiled), compiled)
            }
            for (index, slot) in zip(toCompile, outcomes) { slots[index] = slot }
        } else {
            // One pass: compile, render with the plan's own stakeholders as the people who
            // have pages, keep the fragment and put the page aside; no model waits in memory.
            let store = cache
            let outcomes = ParallelMap.map(toCompile, serial: serial) { index -> Slot in
                let outcome = compileOne(index)
                guard case let .plan(compiled) = outcome else { return .other(outcome) }
                let identity = Self.identity(compiled)
                let guess = PeopleDirectory(Set(identity.people), declared: settings.people.declared)
                var fragment = Self.fragment(compiled, people: guess, renderer: renderer, checker: checker,
                                             history: histories[candidates[index].path])
                var page: SiteFile?, stored: BuildCache.Stored?
                if fragment.page != nil {
                    if let store, let kept = store.store(fragment.pageHTML) {
                        stored = kept
                        page = .link(store.path(of: kept))
                    } else {
                        page = output.aside(fragment.pageHTML, name: "\(index).html")
                    }
                }
                fragment.pageHTML = ""
                if let spool { fragment.spool(into: spool) }
                return .prerendered(identity, fragment, guess: guess, page: page, stored: stored)
            }
            for (index, slot) in zip(toCompile, outcomes) { slots[index] = slot }
        }

        let publication = BuildPlan.publication(slots.map { slot -> BuildPlan.Identity? in
            switch slot {
            case let .cached(entry)?: Self.identity(entry.fragment)
            case let .plan(identity, _)?, let .prerendered(identity, _, _, _, _)?: identity
            default: nil
            }
        }, declared: settings.people.declared)
        var rendered: [Int: BuildPlan.Rendered] = [:]
        for (index, slot) in slots.enumerated() {
            switch slot {
            case let .cached(entry)?:
                rendered[index] = BuildPlan.Rendered(handles: entry.fragment.handles, renderedUnder: entry.peopleKey,
                                                     hasPage: entry.page != nil, wantsPage: entry.fragment.page != nil)
            case let .prerendered(_, fragment, guess, page, _)?:
                rendered[index] = BuildPlan.Rendered(handles: fragment.handles, renderedUnder: fragment.linkKey(guess),
                                                     hasPage: page != nil, wantsPage: fragment.page != nil)
            default:
                break
            }
        }
        for index in BuildPlan.renderAgain(rendered, publication: publication) {
            switch slots[index] {
            case let .cached(entry)?: slots[index] = .plan(Self.identity(entry.fragment), nil)
            case let .prerendered(identity, _, _, _, _)?: slots[index] = .plan(identity, nil)
            default: break
            }
        }
        defer { output.discardAside() }
        do throws(SiteWriter.Failure) {
            let result = try assemble(slots, paths: candidates.map(\.path), hashes: keys,
                                      publication: publication, people: publication.people, spool: spool,
                                      renderer: renderer,
                                      assembler: assembler, checker: checker, output: output, cache: &cache,
                                      compile: compileOne)
            return (result, cache)
        } catch {
            throw .write(error)
        }
    }

    /// What a compiled plan tells the run before rendering: enough to publish it.
    static func identity(_ compiled: CompiledPlan) -> BuildPlan.Identity {
        BuildPlan.Identity(file: compiled.source.path, id: compiled.plan.id.value, rejectedID: compiled.plan.rejectedID,
                           people: compiled.plan.stakeholders.map(PersonIdentity.key))
    }

    static func identity(_ fragment: SiteFragment) -> BuildPlan.Identity {
        BuildPlan.Identity(file: fragment.file, id: fragment.planID, rejectedID: fragment.rejectedID,
                           people: fragment.people.map(\.key))
    }

    /// Renders what changed into fragments and pages, and writes the site into `output`.
    private func assemble(_ slots: [Slot?], paths: [String], hashes: [Digest?], publication: BuildPlan.Publication,
                          people: PeopleDirectory, spool: (any TextSpool)?, renderer: SiteRenderer,
                          assembler: SiteAssembler,
                          checker: Checker, output: some SiteOutput, cache: inout BuildCache?,
                          compile: @escaping @Sendable (Int) -> Workspace.FileOutcome) throws(SiteWriter.Failure)
        -> Result
    {
        let published = publication.published, isPublished = Set(published), leftOut = publication.leftOut
        let toRender = slots.indices.filter { if case .plan = slots[$0] { true } else { false } }
        // What the workers read of the cache: stored pages, kept person pages.
        let store = cache
        // Each plan's page goes to disk as soon as it is rendered; the fragment keeps the rest.
        let rendered = ParallelMap.map(toRender, serial: serial) { index -> (SiteFragment, BuildCache.Stored?, String?) in
            guard case let .plan(_, kept) = slots[index] else { preconditionFailure("not a plan") }
            guard let compiled = kept ?? Self.compiledPlan(compile(index)) else { preconditionFailure("not a plan") }
            var fragment = Self.fragment(compiled, people: people, renderer: renderer, checker: checker,
                                         history: histories[paths[index]])
            var stored: BuildCache.Stored?, problem: String?
            if isPublished.contains(index), let page = fragment.page {
                stored = store?.store(fragment.pageHTML)
                do throws(SiteWriter.Failure) {
                    try output.put("plans/" + page, stored.map { .link(store!.path(of: $0)) } ?? .text(fragment.pageHTML))
                } catch {
                    problem = error.message
                }
            }
            fragment.pageHTML = ""
            if let spool { fragment.spool(into: spool) }
            return (fragment, stored, problem)
        }
        if let problem = rendered.lazy.compactMap(\.2).first { throw SiteWriter.Failure(message: problem) }
        var fragmentOf: [Int: SiteFragment] = [:]
        var pages: [Int: BuildCache.Stored] = [:]
        for (index, (fragment, stored, _)) in zip(toRender, rendered) {
            fragmentOf[index] = fragment
            if let stored { pages[index] = stored }
        }
        // Plans rendered in the first pass whose guess about people held.
        var fresh = toRender
        for index in slots.indices {
            guard case let .prerendered(_, fragment, _, page, stored)? = slots[index] else { continue }
            fragmentOf[index] = fragment
            fresh.append(index)
            if let stored { pages[index] = stored }
            if isPublished.contains(index), let name = fragment.page, let page {
                try output.put("plans/" + name, page)
            }
        }

        var result = Result(renderedPlans: fresh.count)
        var unreadable: [Diagnostic] = []
        for index in slots.indices {
            switch slots[index] {
            case let .cached(entry)?:
                fragmentOf[index] = entry.fragment
                if let page = entry.page { pages[index] = page }
                if isPublished.contains(index), let name = entry.fragment.page, let page = entry.page, let cache {
                    try output.put("plans/" + name, .link(cache.path(of: page)))
                }
            case let .other(.skipped(path))?:
                result.skipped.append(path)
            case let .other(.problem(diagnostic, _, isUnreadable))?:
                count(diagnostic, into: &result)
                if isUnreadable { result.hadUnreadableInput = true }
                if diagnostic.rule == FileUnreadable.id { unreadable.append(diagnostic) }
            default:
                break
            }
        }

        // Plans: counts and errors in input order, then the workspace rules across them.
        var plans: [WorkspaceChecks.Plan] = []
        for index in slots.indices {
            guard let fragment = fragmentOf[index] else { continue }
            result.planCount += 1
            result.errors += fragment.errors
            result.warningCount += fragment.warningCount
            result.noteCount += fragment.noteCount
            plans.append(WorkspaceChecks.Plan(file: fragment.file, id: fragment.planID, people: fragment.members,
                                              anchors: fragment.workspaceAnchors))
        }
        for (_, diagnostic) in WorkspaceChecks.diagnostics(plans, WorkspaceSettings(declaredPeople: Set(settings.people.declared.keys))) { count(diagnostic, into: &result) }
        result.errors.sort(by: Diagnostic.presentationOrder)
        // Files that could not be read are named on the portfolio too.
        result.leftOut = leftOut + unreadable.sorted(by: Diagnostic.presentationOrder).map { "\($0.file): \($0.message)" }
        result.publishedCount = published.count

        // The portfolio, the person pages, status.json and the calendar, from all fragments.
        let publishedFragments = published.compactMap { fragmentOf[$0] }
        let assembled = assembler.files(publishedFragments, leftOut: result.leftOut, deletedThisWeek: deletedThisWeek,
                                        keepPersonPage: { page, inputs in
            guard let store, let entry = store.persons[page], entry.inputs == inputs else { return false }
            return store.isIntact(entry.page)
        }, writePersonPage: { path, text in
            // Answers the stored page's name ("" when it went to the site only).
            let stored = store?.store(text)
            do throws(SiteWriter.Failure) {
                try output.put(path, stored.map { .link(store!.path(of: $0)) } ?? .text(text))
            } catch {
                return .failure(SiteAssembler.WriteFailure(error.message))
            }
            return .success(stored?.name ?? "")
        })
        if let failure = assembled.writeFailure { throw SiteWriter.Failure(message: failure.message) }
        for (path, text) in assembled.texts { try output.put(path, .text(text)) }
        try output.stream("calendar.ics") { write in assembler.calendar(publishedFragments, write: write) }
        for (page, inputs, written) in assembled.personPages {
            if let written, !written.isEmpty {
                cache?.setPerson(page, BuildCache.PersonEntry(inputs: inputs, page: BuildCache.Stored(name: written)))
            } else if written == nil, let entry = cache?.persons[page], let cache {
                try output.put("people/" + page, .link(cache.path(of: entry.page)))
            }
        }

        if cache != nil {
            for index in fresh {
                guard let fragment = fragmentOf[index], let hash = hashes[index] else { continue }
                cache?.setPlan(paths[index], BuildCache.PlanEntry(sourceHash: hash,
                                                                  peopleKey: fragment.linkKey(people),
                                                                  fragment: fragment, page: pages[index]))
            }
            let retained = BuildPlan.retained(planFiles: fragmentOf.keys.map { paths[$0] },
                                              personPages: assembled.personPages.map(\.page))
            cache?.retain(plans: retained.plans, persons: retained.persons)
        }
        return result
    }

    /// A compiled plan's fragment, with where workspace rules report about it.
    private static func fragment(_ compiled: CompiledPlan, people: PeopleDirectory, renderer: SiteRenderer,
                                 checker: Checker, history: PlanHistory?) -> SiteFragment {
        var fragment = renderer.fragment(compiled.plan, source: compiled.source,
                                         prose: ProseRendering.render(compiled.plan, source: compiled.source),
                                         diagnostics: compiled.diagnostics, people: people, history: history)
        fragment.workspaceAnchors = checker.workspaceAnchors(compiled.plan, source: compiled.source)
        return fragment
    }

    /// A plan's cache key: its file's hash, and its history's when it has one.
    static func cacheKey(_ source: Digest, history: PlanHistory?) -> Digest {
        guard let history else { return source }
        var hash = ContentHash()
        hash.add(source)
        hash.add(history.digest)
        return hash.value
    }

    private static func compiledPlan(_ outcome: Workspace.FileOutcome) -> CompiledPlan? {
        if case let .plan(compiled) = outcome { compiled } else { nil }
    }

    private func count(_ diagnostic: Diagnostic, into result: inout Result) {
        switch diagnostic.severity {
        case .error: result.errors.append(diagnostic)
        case .warning: result.warningCount += 1
        case .info: result.noteCount += 1
        }
    }

    /// Everything besides a plan's file that its fragment depends on, and the output: each
    /// output has its own index in the shared cache folder.
    public func settingsKey(_ output: OutputFolder) -> Digest {
        var hash = ContentHash()
        hash.add(BuildCache.format)
        hash.add(MapcVersion.current)
        hash.add(output.path)
        hash.add(settings.siteTitle)
        hash.add(settings.calendarName)
        hash.add(settings.baseURL ?? "")
        hash.add(settings.today.description)
        hash.add(settings.nativePartials ? 1 : 0)
        hash.add(settings.showProblems ? 1 : 0)
        hash.add(settings.history ? 1 : 0)
        for (name, text) in settings.templates.sorted(by: { $0.key < $1.key }) {
            hash.add(name)
            hash.add(text)
        }
        for rule in Registry.rules {
            hash.add(rule.id.rawValue)
            hash.add(configuration.severity(of: rule)?.rawValue ?? "off")
        }
        hash.add(configuration.limits.fileSize)
        hash.add(configuration.limits.lineLength)
        return hash.value
    }
}
