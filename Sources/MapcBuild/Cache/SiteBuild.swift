import MapcCheck
import MapcLower
import MapcEmit
import MapcModel
import MapcSource
#if canImport(Glibc)
import Glibc
import MapcSite
#endif

/// One run of `mapc build`: read every file, compile and render only the plans whose file
/// (or whose people directory) changed since the cached build, then put the whole site
/// together from fragments. A clean build is the same run with an empty cache, so the two
/// give the same bytes (tested).
///
/// Memory stays bounded on large workspaces: pages go to disk as they are rendered, and
/// above `modelLimit` files no plan model is kept between compiling (to learn ids and
/// stakeholders) and rendering (the plan is compiled again from its bytes instead).
public struct SiteBuild {
    var configuration: Configuration
    var settings: SiteSettings
    var serial = false

    /// Files up to which compiled plans are kept for rendering: above it, compiling twice
    /// costs about a tenth more time and saves most of the memory (docs/performance.md).
    /// `MAPC_MODEL_LIMIT` sets it, so tests can take the large-workspace path.
    var modelLimit = 2_000

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

    /// What a compiled plan tells the run before rendering: enough to publish it.
    private struct Identity {
        var file: String
        var id: String
        var rejectedID: String?
        var people: [String]

        init(_ compiled: CompiledPlan) {
            file = compiled.source.path
            id = compiled.plan.id.value
            rejectedID = compiled.plan.rejectedID
            people = compiled.plan.stakeholders.map(\.handle.value.key)
        }

        init(_ fragment: SiteFragment) {
            file = fragment.file
            id = fragment.planID
            rejectedID = fragment.rejectedID
            people = fragment.people.map(\.key)
        }
    }

    /// A file's place in the run.
    private enum Slot {
        case cached(BuildCache.PlanEntry)
        /// A plan compiled in this run; its model is kept only below `modelLimit`.
        case plan(Identity, CompiledPlan?)
        /// Above `modelLimit`: a plan compiled and rendered at once, with only its own
        /// stakeholders taken to have person pages, its page already on disk. Kept unless
        /// its `linkKey` under the real directory differs from `guess`.
        case prerendered(Identity, SiteFragment, guess: PeopleDirectory, page: String?, stored: BuildCache.Stored?)
        case other(Workspace.FileOutcome)
    }

    /// Builds the site into `output` (already checked: `OutputFolder.check`), with the
    /// cache in `cacheFolder` (nil: `--no-cache`). The caller holds the locks on the
    /// output's parent and on the cache folder; `createdParents` are the folders it made
    /// to hold the output, removed again if the build fails.
    func run(_ candidates: [Workspace.Candidate], output: OutputFolder, createdParents: [String],
             cacheFolder: CacheFolder?) throws(Failure) -> Result {
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
        let key = settingsKey(output)
        let useCache = cacheFolder.map { $0.makeBuildFolder(key) } ?? false
        let cacheDirectory = cacheFolder?.buildFolder(key) ?? ""
        var cache = useCache ? BuildCache.load(directory: cacheDirectory, settingsKey: key)
                             : BuildCache(directory: cacheDirectory, settingsKey: key)
        let cached = cache
        var slots: [Slot?] = ParallelMap.map(Array(candidates.indices), serial: serial) { index -> Slot? in
            guard useCache, case .success = reads[index].0, let hash = reads[index].1,
                  let entry = cached.plan(candidates[index].path, sourceHash: hash) else { return nil }
            return .cached(entry)
        }
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
        func compile(_ indices: [Int]) {
            let outcomes = ParallelMap.map(indices, serial: serial) { index -> Slot in
                let outcome = compileOne(index)
                guard case let .plan(compiled) = outcome else { return .other(outcome) }
                return .plan(Identity(compiled), keepModels ? compiled : nil)
            }
            for (index, slot) in zip(indices, outcomes) { slots[index] = slot }
        }
        let staging: SiteWriter.Staging
        do { staging = try SiteWriter.Staging(output, createdParents: createdParents) } catch { throw .write(error) }
        // A failed or interrupted run takes back the pages it stored in the cache.
        let discard = Interruption.register { [cache] in cache.discardWritten() }
        defer { Interruption.unregister(discard) }
        let scratch = FileSystem.join(staging.folder, ".pages")
        if keepModels {
            compile(candidates.indices.filter { slots[$0] == nil })
        } else {
            // One pass: compile, render with the plan's own stakeholders as the people who
            // have pages, keep the fragment and write the page; no model waits in memory.
            let storeInCache = useCache, store = cache
            mkdir(scratch, 0o755)
            let indices = candidates.indices.filter { slots[$0] == nil }
            let outcomes = ParallelMap.map(indices, serial: serial) { index -> Slot in
                let outcome = compileOne(index)
                guard case let .plan(compiled) = outcome else { return .other(outcome) }
                let identity = Identity(compiled)
                let guess = PeopleDirectory(Set(identity.people))
                var fragment = Self.fragment(compiled, people: guess, renderer: renderer, checker: checker)
                var path: String?, stored: BuildCache.Stored?
                if fragment.page != nil {
                    if storeInCache, let kept = store.store(fragment.pageHTML) {
                        stored = kept
                        path = store.path(of: kept)
                    } else {
                        let file = FileSystem.join(scratch, "\(index).html")
                        if FileSystem.writeAtomically(file, fragment.pageHTML, exclusive: false, sync: false) == nil {
                            path = file
                        }
                    }
                }
                fragment.pageHTML = ""
                return .prerendered(identity, fragment, guess: guess, page: path, stored: stored)
            }
            for (index, slot) in zip(indices, outcomes) { slots[index] = slot }
        }

        // Who is published decides who has a person page. A plan rendered earlier (cached,
        // or guessed just now) whose links would differ under it is rendered again; what it
        // is did not change, so neither does who is published.
        let (published, leftOut, directory) = publish(slots)
        let isPublished = Set(published)
        for index in candidates.indices {
            switch slots[index] {
            case let .cached(entry)?:
                if entry.peopleKey != entry.fragment.linkKey(directory) || (isPublished.contains(index) && entry.page == nil) {
                    slots[index] = .plan(Identity(entry.fragment), nil)
                }
            case let .prerendered(identity, fragment, guess, page, _)?:
                if fragment.linkKey(guess) != fragment.linkKey(directory)
                    || (isPublished.contains(index) && fragment.page != nil && page == nil) {
                    slots[index] = .plan(identity, nil)
                }
            default:
                break
            }
        }
        do throws(SiteWriter.Failure) {
            let result = try assemble(slots, paths: candidates.map(\.path), hashes: reads.map(\.1),
                                      published: published, isPublished: isPublished, leftOut: leftOut, useCache: useCache,
                                      people: directory, renderer: renderer, assembler: assembler, checker: checker,
                                      staging: staging, cache: &cache, compile: compileOne)
            SiteWriter.removeTree(scratch)
            try staging.commit()
            if useCache {
                if cache.isDirty { cache.save() }
                cacheFolder?.prune(keeping: key)
            }
            return result
        } catch {
            staging.abandon()
            cache.discardWritten()
            throw .write(error)
        }
    }

    /// Renders what changed into fragments and pages, and writes the site into `staging`.
    private func assemble(_ slots: [Slot?], paths: [String], hashes: [Digest?], published: [Int],
                          isPublished: Set<Int>, leftOut: [String], useCache: Bool,
                          people: PeopleDirectory, renderer: SiteRenderer, assembler: SiteAssembler,
                          checker: Checker, staging: SiteWriter.Staging, cache: inout BuildCache,
                          compile: @escaping @Sendable (Int) -> Workspace.FileOutcome) throws(SiteWriter.Failure)
        -> Result
    {
        let toRender = slots.indices.filter { if case .plan = slots[$0] { true } else { false } }
        // What the workers read of the cache: stored pages, kept person pages.
        let storeInCache = useCache, store = cache
        // Each plan's page goes to disk as soon as it is rendered; the fragment keeps the rest.
        let rendered = ParallelMap.map(toRender, serial: serial) { index -> (SiteFragment, BuildCache.Stored?, String?) in
            guard case let .plan(_, kept) = slots[index] else { preconditionFailure("not a plan") }
            guard let compiled = kept ?? Self.compiledPlan(compile(index)) else { preconditionFailure("not a plan") }
            var fragment = Self.fragment(compiled, people: people, renderer: renderer, checker: checker)
            var stored: BuildCache.Stored?, problem: String?
            if isPublished.contains(index), let page = fragment.page {
                stored = storeInCache ? store.store(fragment.pageHTML) : nil
                do throws(SiteWriter.Failure) {
                    try staging.put("plans/" + page, stored.map { .link(store.path(of: $0)) } ?? .text(fragment.pageHTML))
                } catch {
                    problem = error.message
                }
            }
            fragment.pageHTML = ""
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
                try staging.put("plans/" + name, .link(page))
            }
        }

        var result = Result(renderedPlans: fresh.count)
        var unreadable: [Diagnostic] = []
        for index in slots.indices {
            switch slots[index] {
            case let .cached(entry)?:
                fragmentOf[index] = entry.fragment
                if let page = entry.page { pages[index] = page }
                if isPublished.contains(index), let name = entry.fragment.page, let page = entry.page {
                    try staging.put("plans/" + name, .link(cache.path(of: page)))
                }
            case let .other(.skipped(path))?:
                result.skipped.append(path)
            case let .other(.problem(diagnostic, _, isUnreadable))?:
                count(diagnostic, into: &result)
                if isUnreadable { result.hadUnreadableInput = true }
                if diagnostic.rule == "file-unreadable" { unreadable.append(diagnostic) }
            default:
                break
            }
        }

        // Plans: counts, errors and ids across files, in input order.
        var firstFile: [String: String] = [:]
        for index in slots.indices {
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
        result.publishedCount = published.count

        // The portfolio, the person pages, status.json and the calendar, from all fragments.
        let publishedFragments = published.compactMap { fragmentOf[$0] }
        let assembled = assembler.files(publishedFragments, leftOut: result.leftOut, keepPersonPage: { page, inputs in
            guard storeInCache, let entry = store.persons[page], entry.inputs == inputs else { return false }
            return store.isIntact(entry.page)
        }, writePersonPage: { path, text in
            // Answers the stored page's name ("" when it went to the site only).
            let stored = storeInCache ? store.store(text) : nil
            do throws(SiteWriter.Failure) {
                try staging.put(path, stored.map { .link(store.path(of: $0)) } ?? .text(text))
            } catch {
                return .failure(SiteAssembler.WriteFailure(error.message))
            }
            return .success(stored?.name ?? "")
        })
        if let failure = assembled.writeFailure { throw SiteWriter.Failure(message: failure.message) }
        for (path, text) in assembled.texts { try staging.put(path, .text(text)) }
        try staging.stream("calendar.ics") { write in assembler.calendar(publishedFragments, write: write) }
        for (page, inputs, written) in assembled.personPages {
            if let written, !written.isEmpty {
                cache.setPerson(page, BuildCache.PersonEntry(inputs: inputs, page: BuildCache.Stored(name: written)))
            } else if written == nil, let entry = cache.persons[page] {
                try staging.put("people/" + page, .link(cache.path(of: entry.page)))
            }
        }

        if useCache {
            for index in fresh {
                guard let fragment = fragmentOf[index], let hash = hashes[index] else { continue }
                cache.setPlan(paths[index], BuildCache.PlanEntry(sourceHash: hash,
                                                                 peopleKey: fragment.linkKey(people),
                                                                 fragment: fragment, page: pages[index]))
            }
            cache.retain(plans: Set(fragmentOf.keys.map { paths[$0] }), persons: Set(assembled.personPages.map(\.page)))
        }
        return result
    }

    /// A compiled plan's fragment, with what it says if another file has its id.
    private static func fragment(_ compiled: CompiledPlan, people: PeopleDirectory, renderer: SiteRenderer,
                                 checker: Checker) -> SiteFragment {
        var fragment = renderer.fragment(compiled.plan, source: compiled.source,
                                         prose: ProseRendering.render(compiled.plan, source: compiled.source),
                                         diagnostics: compiled.diagnostics, people: people)
        fragment.duplicateID = Workspace.duplicateIDProbe(compiled, checker: checker)
        return fragment
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

    /// Which plans are published (input order), what is left out, and who has a page.
    private func publish(_ slots: [Slot?]) -> (published: [Int], leftOut: [String], directory: PeopleDirectory) {
        var plans: [(index: Int, identity: Identity)] = []
        for (index, slot) in slots.enumerated() {
            switch slot {
            case let .cached(entry)?:
                plans.append((index, Identity(entry.fragment)))
            case let .plan(identity, _)?, let .prerendered(identity, _, _, _, _)?:
                plans.append((index, identity))
            default:
                break
            }
        }
        let (published, leftOut) = SiteAssembler.publish(plans.map { ($0.identity.file, $0.identity.id, $0.identity.rejectedID) })
        let keys = Set(published.flatMap { plans[$0].identity.people })
        return (published.map { plans[$0].index }, leftOut, PeopleDirectory(keys))
    }

    /// Everything besides a plan's file that its fragment depends on, and the output: each
    /// output has its own index in the shared cache folder.
    func settingsKey(_ output: OutputFolder) -> Digest {
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
