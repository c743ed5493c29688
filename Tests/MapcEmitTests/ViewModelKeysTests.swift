import Foundation
import Testing
@testable import MapcSite

/// Every key a default template names (variable, section, inverted section) is a key of
/// the view model it is rendered with, or of a model around it: a template can no longer
/// name a key that nothing sets, and a key cannot be set twice (docs/site.md#templates).
@Suite struct ViewModelKeysTests {
    /// The contexts each template is rendered in, each as its stack of models, outermost
    /// first. A partial is checked in every place that includes it.
    static var contexts: [String: [[any ViewModel.Type]]] {
        [
        "layout.mustache": [[PlanPage.self], [IndexPage.self], [PersonPage.self]],
        "plan.mustache": [[PlanPage.self]],
        "index.mustache": [[IndexPage.self]],
        "person.mustache": [[PersonPage.self]],
        "index-row.mustache": [[IndexRow.self]],
        "person-plan.mustache": [[PersonPlanSection.self]],
        "progress.mustache": [[PlanPage.self], [IndexRow.self]],
        "task-row.mustache": [[PlanPage.self, PlanPage.PhaseTable.self, TaskRow.self],
                              [PersonPlanSection.self, TaskRow.self]],
        "work-item.mustache": [[PlanPage.self, PlanPage.OwnerWork.self, TaskRow.self]],
        ]
    }

    @Test func everyTemplateHasItsContexts() {
        let templates = DefaultTemplates.files.keys.filter { $0.hasSuffix(".mustache") }
        #expect(Set(templates) == Set(Self.contexts.keys), "name the view models of a new template here")
    }

    @Test func templatesNameOnlyKeysTheirModelsHave() throws {
        for (name, stacks) in Self.contexts.sorted(by: { $0.key < $1.key }) {
            let text = try #require(DefaultTemplates.files[name])
            for stack in stacks {
                let problems = TemplateKeys.check(text, in: stack.map { Shape.of($0) })
                #expect(problems.isEmpty, "\(name) with \(stack.map { "\($0)" }.joined(separator: " > ")): \(problems)")
            }
        }
    }

    @Test func theCheckFindsAMisspeltKeyAtAnyDepth() {
        let stack = [Shape.of(PlanPage.self)]
        #expect(TemplateKeys.check("{{hasPartiez}}", in: stack) == ["`hasPartiez` at the top"])
        #expect(TemplateKeys.check("{{#goals}}{{#metrics}}{{nope}}{{/metrics}}{{/goals}}", in: stack)
            == ["`nope` in goals > metrics"])
        #expect(TemplateKeys.check("{{^conflict}}{{x.y}}{{/conflict}}", in: stack) == ["`x.y` in ^conflict"])
        #expect(TemplateKeys.check("{{#conflict}}{{#escalations}}{{{path}}} {{root}}{{/escalations}}{{/conflict}}",
                                   in: stack).isEmpty)
        #expect(TemplateKeys.check("{{progress.label}} {{progress.nope}}", in: stack) == ["`progress.nope` at the top"])
        // A key of a list's items is not a key of the list's holder.
        #expect(TemplateKeys.check("{{stateClass}}", in: stack) == ["`stateClass` at the top"])
    }

    /// An inline part (`PlanFacts`, `SiteBase`) shares its holder's keys: none may be
    /// declared twice, or one would silently win (as `hasParties` once did).
    @Test func noModelDeclaresAKeyTwice() {
        for type in Self.allModels {
            let (_, duplicates) = Shape.keys(of: type.init())
            #expect(duplicates.isEmpty, "\(type) declares \(duplicates) twice")
        }
        #expect(Set(Self.allModels.map { "\($0)" }).isSuperset(of: ["TaskRow", "MetricBar", "PlanFacts", "SiteBase"]))
    }

    /// The conversion gives Mustache exactly the stored properties (no renamed or left-out
    /// key), and they hold only what Mustache shows as the templates expect.
    @Test func theConversionGivesEveryPropertyAndNothingElse() {
        for type in Self.allModels where !(type is any InlineViewModel.Type) {
            let model = type.init()
            #expect(Set(model.mustache.keys) == Set(Shape.keys(of: model).keys.keys), "\(type)")
            for leaf in Shape.leaves(of: type) {
                #expect(leaf == String.self || leaf == Int.self || leaf == Bool.self, "\(type) holds a \(leaf)")
            }
        }
    }

    /// Every view model type the templates' contexts reach, inline parts included.
    static var allModels: [any ViewModel.Type] {
        var seen = Set<String>(), result: [any ViewModel.Type] = []
        var queue: [any ViewModel.Type] = contexts.values.flatMap { $0.flatMap { $0 } }
        while let type = queue.popLast() {
            guard seen.insert("\(type)").inserted else { continue }
            result.append(type)
            queue += Shape.nestedModels(of: type)
        }
        return result
    }

    @Test func nilBecomesFalseNotAnAbsentKey() {
        let row = TaskRow(title: "Sign", owner: nil).mustache
        #expect(row["owner"] as? Bool == false, "an absent key would be looked up in the page: the plan's owner")
        #expect(row["title"] as? String == "Sign")
        let page = IndexRow(site: SiteBase(siteTitle: "Plans", root: ""), href: "plans/a.html").mustache
        #expect(page["siteTitle"] as? String == "Plans", "inline parts join their holder's keys")
        #expect(page["site"] == nil && page["facts"] == nil)
        #expect((page["progress"] as? [String: Any])?["weighted"] as? Bool == false)
    }
}

/// The keys a view model type offers, from its empty value's stored properties.
indirect enum Shape {
    case scalar
    case model(type: String, keys: [String: Shape])
    case list(Shape)

    static func of(_ type: Any.Type) -> Shape {
        if let optional = type as? any OptionalShape.Type { return of(optional.wrappedType) }
        if let array = type as? any ArrayShape.Type { return .list(of(array.elementType)) }
        if let model = type as? any ViewModel.Type { return .model(type: "\(model)", keys: keys(of: model.init()).keys) }
        return .scalar
    }

    /// The model's keys, with its inline parts' keys joined in, and the keys declared twice.
    static func keys(of model: any ViewModel) -> (keys: [String: Shape], duplicates: [String]) {
        var keys: [String: Shape] = [:], duplicates: [String] = []
        for child in Mirror(reflecting: model).children {
            guard let label = child.label else { continue }
            var joined: [String: Shape]
            if let inline = child.value as? any InlineViewModel {
                let inner = Self.keys(of: inline)
                duplicates += inner.duplicates
                joined = inner.keys
            } else {
                joined = [label: of(type(of: child.value))]
            }
            for (key, shape) in joined where keys.updateValue(shape, forKey: key) != nil { duplicates.append(key) }
        }
        return (keys, duplicates.sorted())
    }

    var keys: [String: Shape] {
        switch self {
        case let .model(_, keys): keys
        case let .list(element): element.keys
        case .scalar: [:]
        }
    }

    /// The view model types a model's properties hold, inline parts included.
    static func nestedModels(of type: any ViewModel.Type) -> [any ViewModel.Type] {
        propertyTypes(of: type).compactMap { $0 as? any ViewModel.Type }
    }

    /// The types of a model's properties that are not view models, optionals or lists.
    static func leaves(of type: any ViewModel.Type) -> [Any.Type] {
        propertyTypes(of: type).filter { !($0 is any ViewModel.Type) }
    }

    /// The type of each property, out of its optionals and lists.
    private static func propertyTypes(of type: any ViewModel.Type) -> [Any.Type] {
        Mirror(reflecting: type.init()).children.map { child in
            var type: Any.Type = Swift.type(of: child.value)
            while true {
                if let optional = type as? any OptionalShape.Type { type = optional.wrappedType }
                else if let array = type as? any ArrayShape.Type { type = array.elementType }
                else { return type }
            }
        }
    }
}

/// A type that shows its wrapped type's keys: an optional, a shared model.
protocol OptionalShape { static var wrappedType: Any.Type { get } }
extension Optional: OptionalShape { static var wrappedType: Any.Type { Wrapped.self } }
extension SharedModel: OptionalShape { static var wrappedType: Any.Type { Model.self } }
protocol ArrayShape { static var elementType: Any.Type { get } }
extension Array: ArrayShape { static var elementType: Any.Type { Element.self } }

/// A template's tags checked against a stack of shapes, as Mustache looks names up: the
/// innermost context first, then outwards.
enum TemplateKeys {
    /// The names no context has, each with where it was found (`goals > metrics`).
    static func check(_ template: String, in stack: [Shape]) -> [String] {
        var problems: [String] = []
        // Each open tag: its name and the context it pushed (nil: nothing new to look in).
        var open: [(name: String, pushed: Shape?)] = []
        var rest = Substring(template)
        while let start = rest.range(of: "{{") {
            var body = rest[start.upperBound...]
            let triple = body.hasPrefix("{")
            if triple { body = body.dropFirst() }
            guard let end = body.range(of: triple ? "}}}" : "}}") else { break }
            let tag = body[..<end.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = body[end.upperBound...]
            guard let sigil = tag.first else { continue }
            let name = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            let contexts = stack + open.compactMap(\.pushed)
            let place = open.isEmpty ? "at the top" : "in " + open.map(\.name).joined(separator: " > ")
            func look(_ name: String) -> Shape? {
                if name == "." { return .scalar }
                let parts = name.split(separator: ".").map(String.init)
                guard var shape = contexts.reversed().lazy.compactMap({ $0.keys[parts[0]] }).first else { return nil }
                for part in parts.dropFirst() {
                    guard let inner = shape.keys[part] else { return nil }
                    shape = inner
                }
                return shape
            }
            switch sigil {
            case "!", ">": continue
            case "=": problems.append("set-delimiter tags are not checked"); return problems
            case "/": if !open.isEmpty { open.removeLast() }
            case "$", "<": open.append((name, nil))
            case "#", "^":
                let shape = look(name)
                if shape == nil { problems.append("`\(name)` \(place)") }
                // A section on a model or a list of models looks in it; `^` shows only when
                // there is nothing to look in.
                var pushed: Shape?
                if sigil == "#", let shape, !shape.keys.isEmpty { pushed = .model(type: name, keys: shape.keys) }
                open.append((sigil == "^" ? "^" + name : name, pushed))
            default:
                let variable = sigil == "&" ? name : tag
                if look(variable) == nil { problems.append("`\(variable)` \(place)") }
            }
        }
        return problems
    }
}
