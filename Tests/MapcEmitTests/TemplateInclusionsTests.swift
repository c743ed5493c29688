@testable import MapcEmit
import Testing
@testable import MapcSite

/// Inclusion cycles are found before rendering, which would overflow the stack.
@Suite struct TemplateInclusionsTests {
    @Test func namesArePartialsAndParents() {
        #expect(TemplateInclusions.names(in: "{{<layout}}{{$main}}{{> progress}}{{>  a-b  }}{{/main}}{{/layout}}")
            == ["layout", "progress", "a-b"])
        // Not inclusions: variables, triple mustaches, comments, dynamic names.
        #expect(TemplateInclusions.names(in: "{{progress}} {{{x}}} {{! {{> progress}} }} {{>*name}} {{>}}") == [])
        // A set-delimiter tag changes what an inclusion looks like.
        #expect(TemplateInclusions.names(in: "{{=<% %>=}}<%> self %>{{> not}}<%={{ }}=%>{{>back}}") == ["self", "back"])
    }

    @Test func cyclesAreFoundWithTheirPath() {
        #expect(TemplateInclusions.cycle(in: ["progress": "{{> progress}}"]) == ["progress", "progress"])
        #expect(TemplateInclusions.cycle(in: ["a": "{{> b}}", "b": "x {{>a}}", "c": "{{> a}}"]) == ["a", "b", "a"])
        #expect(TemplateInclusions.cycle(in: ["layout": "{{< page}}", "page": "{{<layout}}{{/layout}}"])
            == ["layout", "page", "layout"])
        // Shared partials and unknown names are no cycle.
        #expect(TemplateInclusions.cycle(in: ["a": "{{> c}}{{> c}}{{> missing}}", "b": "{{> c}}", "c": "c"]) == nil)
        #expect(TemplateInclusions.cycle(in: DefaultTemplates.files.filter { $0.key.hasSuffix(".mustache") }
            .reduce(into: [:]) { $0[String($1.key.dropLast(9))] = $1.value }) == nil)
    }
}
