import MapcModel
import MapcParse
import MapcSource

/// A GFM table read by header name: Stakeholders and Metrics match columns by name
/// (docs/format.md#stakeholders, docs/format.md#metrics), so authors may order, omit or
/// add columns.
struct TableReader {
    struct Cell {
        var text: String
        var range: SourceRange
        /// The table cell node (the row for a missing cell).
        var node: Int
    }

    /// Lowercased header names, in column order.
    var headers: [String] = []
    /// The original header names.
    var headerTitles: [String] = []
    var rows: [(cells: [Cell], range: SourceRange)] = []
    /// The header row, for diagnostics about the table as a whole.
    var headerRange = SourceRange.fileStart

    init(_ table: Int, _ context: LoweringContext) {
        let tree = context.tree
        for row in tree.children(of: table) {
            let cells = tree.children(of: row).map { cell -> Cell in
                let text = tree.plainText(of: cell).trimmingSpaces
                let raw = tree[cell].range ?? tree[row].range ?? .fileStart
                return Cell(text: text, range: Self.trim(raw, context.source), node: cell)
            }
            if tree[row].kind == .tableHeader {
                headerRange = TasksLowering.firstLine(of: tree[row].range ?? tree[table].range ?? .fileStart, context.source)
                headerTitles = cells.map(\.text)
                headers = headerTitles.map { $0.lowercased() }
            } else {
                rows.append((cells, tree[row].range ?? .fileStart))
            }
        }
    }

    func column(_ name: String) -> Int? { headers.firstIndex(of: name) }

    /// The cell of a row under a header, nil when the column is missing or the cell empty.
    func cell(_ row: [Cell], _ name: String) -> Cell? {
        guard let index = column(name), index < row.count, !row[index].text.isEmpty else { return nil }
        return row[index]
    }

    /// Cells under headers not in `known`, keyed by their original header.
    func extras(_ row: [Cell], known: Set<String>) -> [String: String] {
        var extra: [String: String] = [:]
        for (index, header) in headers.enumerated() where !known.contains(header) && index < row.count {
            if !row[index].text.isEmpty { extra[headerTitles[index]] = row[index].text }
        }
        return extra
    }

    /// Records a table that lacks the column its rows are read by; true when it has it.
    /// The suggestion is the column whose cells look like what is missing (handles for
    /// `Handle`), else one of the usual other names (`Person`, `KPI`).
    func require(_ column: String, in section: SectionKind, synonyms: Set<String>, looksRight: (String) -> Bool,
                 _ context: inout LoweringContext) -> Bool {
        guard self.column(column.lowercased()) == nil else { return true }
        var suggestion: String?
        for (index, title) in headerTitles.enumerated() {
            let cells = rows.compactMap { index < $0.cells.count ? $0.cells[index].text : nil }.filter { !$0.isEmpty }
            if !cells.isEmpty, cells.allSatisfy(looksRight) { suggestion = title; break }
        }
        suggestion = suggestion ?? headerTitles.first { synonyms.contains($0.lowercased()) }
        context.issues.append(SyntaxIssue(.missingColumn(section: section, required: column, found: headerTitles,
                                                         suggestion: suggestion), at: headerRange))
        return false
    }

    /// A cell's range without the padding spaces around its content.
    private static func trim(_ range: SourceRange, _ source: SourceFile) -> SourceRange {
        var start = range.start, end = range.end
        while start < end, source.bytes[start] == 0x20 || source.bytes[start] == 0x09 || source.bytes[start] == 0x7C {
            start += 1
        }
        while end > start, [0x20, 0x09, 0x7C, 0x0D, 0x0A].contains(source.bytes[end - 1]) { end -= 1 }
        return SourceRange(start: start, end: end)
    }
}

/// Stakeholders (docs/format.md#stakeholders): a table, one row per stakeholder, `Handle` required.
enum StakeholdersLowering {
    static let known: Set<String> = ["handle", "name", "party", "role", "interests", "expectations", "capacity"]
    /// Other names people give the handle column.
    static let handleSynonyms: Set<String> = ["person", "user", "username", "who", "member", "account", "login",
                                              "contact", "github", "id", "people", "stakeholder"]

    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        for block in blocks where context.tree[block].kind == .table {
            let table = TableReader(block, context)
            guard table.require("Handle", in: .stakeholders, synonyms: handleSynonyms,
                                looksRight: { $0.hasPrefix("@") }, &context) else { continue }
            for (row, range) in table.rows {
                guard let cell = table.cell(row, "handle") else { continue }
                var name = cell.text
                if name.hasPrefix("@") { name.removeFirst() }
                guard !name.isEmpty else { continue }
                var stakeholder = Stakeholder(
                    handle: Located(Handle(name), at: cell.range),
                    name: table.cell(row, "name")?.text, party: table.cell(row, "party")?.text,
                    role: table.cell(row, "role")?.text, interests: table.cell(row, "interests")?.text,
                    expectations: table.cell(row, "expectations")?.text,
                    capacity: table.cell(row, "capacity")?.text,
                    extra: table.extras(row, known: known), range: range)
                stakeholder.partyRange = table.cell(row, "party")?.range
                plan.stakeholders.append(stakeholder)
            }
        }
    }
}

/// Metrics (docs/format.md#metrics): a table, one row per metric, `Metric` required.
enum MetricsLowering {
    static let known: Set<String> = ["metric", "goal", "baseline", "target", "current", "unit", "due", "checkpoints"]
    /// Other names people give the metric column.
    static let metricSynonyms: Set<String> = ["kpi", "name", "measure", "indicator", "metrics", "kennzahl",
                                              "what", "measurement"]

    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        for block in blocks where context.tree[block].kind == .table {
            let table = TableReader(block, context)
            guard table.require("Metric", in: .metrics, synonyms: metricSynonyms, looksRight: { _ in false },
                                &context) else { continue }
            for (row, range) in table.rows {
                guard let name = table.cell(row, "metric") else { continue }
                var goals: [Located<String>] = []
                if let cell = table.cell(row, "goal") {
                    var locator = Locator(source: context.source, tree: context.tree, node: cell.node, range: cell.range)
                    for part in cell.text.split(whereSeparator: { $0 == "," || $0 == " " }) {
                        goals.append(Located(String(part), at: locator.locate(String(part), boundary: false)))
                    }
                }
                let due = table.cell(row, "due").flatMap { context.day($0.text, at: $0.range) }
                let checkpoints = table.cell(row, "checkpoints").map { Self.checkpoints($0, &context) } ?? []
                plan.metrics.append(Metric(
                    name: Located(name.text, at: name.range), goals: goals,
                    baseline: table.cell(row, "baseline").map { Quantity(parsing: $0.text) },
                    target: table.cell(row, "target").map { Quantity(parsing: $0.text) },
                    current: table.cell(row, "current").map { Quantity(parsing: $0.text) },
                    unit: table.cell(row, "unit")?.text, due: due,
                    extra: table.extras(row, known: known), range: range))
                plan.metrics[plan.metrics.count - 1].checkpoints = checkpoints
            }
        }
    }

    /// `20 by 2026-12-01, 35 by 2027-01-15` (or `2026-12-01: 20`): interim targets, each a
    /// number and a date; an entry that is neither is reported (docs/format.md#metrics).
    static func checkpoints(_ cell: TableReader.Cell, _ context: inout LoweringContext) -> [Checkpoint] {
        var result: [Checkpoint] = []
        var locator = Locator(source: context.source, tree: context.tree, node: cell.node, range: cell.range)
        for entry in cell.text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let text = entry.trimmingSpaces
            guard !text.isEmpty else { continue }
            var value: Substring, date: Substring
            if let by = text.range(of: " by ") {
                value = text[..<by.lowerBound]
                date = text[by.upperBound...]
            } else if let colon = text.firstIndex(of: ":"), Day.looksLikeDate(String(text[..<colon]).trimmingSpaces) {
                date = text[..<colon]
                value = text[text.index(after: colon)...]
            } else {
                let range = locator.locate(text, boundary: false)
                context.issues.append(SyntaxIssue(.unknownValue(key: "checkpoint", value: text,
                                                                expected: ["20 by 2026-12-01", "2026-12-01: 20"]),
                                                  at: range))
                continue
            }
            let dateText = date.trimmingSpaces
            let quantity = Quantity(parsing: value.trimmingSpaces)
            let range = locator.locate(dateText, boundary: false)
            guard quantity.value != nil, let day = context.day(dateText, at: range) else { continue }
            result.append(Checkpoint(value: quantity, due: day))
        }
        return result.sorted { $0.due.value < $1.due.value }
    }
}

extension Quantity {
    /// `40%`, `1,200 seats`, `-3.5`, `n/a`: the first number and what follows it.
    init(parsing text: String) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, !("0"..."9").contains(scalars[index]), scalars[index] != "-",
              scalars[index] != "+", scalars[index] != "." { index += 1 }
        var digits = ""
        var end = index
        while end < scalars.count {
            let scalar = scalars[end]
            if ("0"..."9").contains(scalar) || scalar == "." || ((scalar == "-" || scalar == "+") && end == index) {
                digits.unicodeScalars.append(scalar)
            } else if scalar != "," && scalar != "_" {
                break
            }
            end += 1
        }
        let value = Double(digits)
        let unit = String(String.UnicodeScalarView(scalars[min(end, scalars.count)...])).trimmingSpaces
        self.init(text: text, value: value, unit: value == nil ? nil : (unit.isEmpty ? nil : unit))
    }
}
