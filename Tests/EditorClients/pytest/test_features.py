"""Completion, hover, navigation, rename and code actions through pytest-lsp."""

import pytest
from lsprotocol import types

from conftest import diagnostics_after, open_plan, start


def position(text, line_prefix, extra=0):
    """The UTF-16 position just after `line_prefix` (plus `extra` characters) on its line."""
    for number, line in enumerate(text.split("\n")):
        if line.startswith(line_prefix):
            column = line[:len(line_prefix) + extra]
            return types.Position(line=number, character=len(column.encode("utf-16-le")) // 2)
    raise AssertionError(f"no line starts with {line_prefix!r}")


def apply(text, edits):
    """Applies LSP text edits (UTF-16 positions) to a text."""
    lines = text.split("\n")

    def offset(pos):
        before = sum(len(line) + 1 for line in lines[:pos.line])
        line = lines[pos.line]
        units = 0
        for index, character in enumerate(line):
            if units >= pos.character:
                return before + index
            units += len(character.encode("utf-16-le")) // 2
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        lines = text.split("\n")
    return text


@pytest.fixture
async def pilot(client, workspace):
    await start(client, workspace)
    path = workspace / "pilot.md"
    text = path.read_text(encoding="utf-8")
    await diagnostics_after(client, lambda: open_plan(client, path), path.as_uri())
    return types.TextDocumentIdentifier(uri=path.as_uri()), text


def change(client, document, version, text):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=document.uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def complete(client, document, pos):
    result = await client.text_document_completion_async(types.CompletionParams(text_document=document, position=pos))
    return {item.label: item for item in result.items}


async def test_completion_of_handles_tasks_goals_values_and_dates(client, pilot):
    document, text = pilot
    text = text.replace("- [x] Kickoff workshop @dana", "- [x] Kickoff workshop @d after:ss goal:G every:w status:")
    text = text.replace("## Updates", "## Up\n\n## Updates")
    change(client, document, 2, text)
    handles = await complete(client, document, position(text, "- [x] Kickoff workshop @d"))
    assert handles["@dana"].detail == "Dana Whitfield · Acme · Project lead"
    assert set(handles) == {"@dana", "@li", "@健太"}
    assert handles["@健太"].text_edit.new_text == "@健太"
    tasks = await complete(client, document, position(text, "- [x] Kickoff workshop @d after:ss"))
    assert tasks["sso"].detail == "Configure SSO"
    goals = await complete(client, document, position(text, "- [x] Kickoff workshop @d after:ss goal:G"))
    assert goals["G1"].detail == "Go live with 50 paying seats" and "G2" in goals
    cadences = await complete(client, document, position(text, "- [x] Kickoff workshop @d after:ss goal:G every:w"))
    assert "week" in cadences and "monthly" in cadences
    states = await complete(client, document, position(text, "- [x] Kickoff workshop @d after:ss goal:G every:w status:"))
    assert {"todo", "doing", "blocked"} <= set(states)
    sections = await complete(client, document, position(text, "## Up"))
    assert "Retrospective" in sections and "Tasks" not in sections  # only sections the plan lacks
    dates = await complete(client, document, position(text, "- [ ] Configure SSO @li due:"))
    assert dates["2026-11-24"].detail == "today"
    assert dates["2026-11-27"].detail == "end of the week (Friday)"
    assert dates["2026-11-30"].detail == "end of the month"
    assert dates["2026-11-15"].detail == "deadline of Phase 1: Setup"
    assert dates["2026-12-31"].detail == "the plan's due date"
    emoji = await complete(client, document, position(text, "- [ ] 健康 check 📅 "))
    assert "2026-11-24" in emoji


async def test_completion_in_the_front_matter(client, pilot):
    document, text = pilot
    text = text.replace("review: weekly\n", "review: weekly\nta\n")
    # Once the half-typed key is checked, the YAML does not parse: keys come from the text,
    # names from the last plan that parsed.
    await diagnostics_after(client, lambda: change(client, document, 2, text), document.uri)
    keys = await complete(client, document, position(text, "ta"))
    assert keys["tags"].text_edit.new_text == "tags: "
    assert "title" not in keys  # already there
    statuses = await complete(client, document, position(text, "status: "))
    assert set(statuses) == {"draft", "active", "on-hold", "done", "cancelled"}
    owners = await complete(client, document, position(text, "owner: "))
    assert owners["@li"].text_edit.new_text == '"@li"'


async def hover(client, document, pos):
    result = await client.text_document_hover_async(types.HoverParams(text_document=document, position=pos))
    return result.contents.value if result else None


async def test_hover_on_handles_tasks_goals_and_dates(client, pilot):
    document, text = pilot
    li = await hover(client, document, position(text, "- [ ] Configure SSO @l"))
    assert "**@li** — Li Wei" in li and "Globex · IT admin" in li and "2 open tasks" in li
    assert "Next deadline: 2026-11-10" in li
    task = await hover(client, document, position(text, "- [ ] Pilot with 10 users\t@dnaa after:ss"))
    assert "**Configure SSO** (`sso`)" in task and "@li" in task and "**overdue**" in task
    assert "Needed by: `pilot-with-10-users`" in task
    goal = await hover(client, document, position(text, "### G1"))
    assert "Paying seats: 12 of 50 (from 0) — 24%" in goal
    date = await hover(client, document, position(text, "- [ ] Configure SSO @li due:2026-1"))
    assert date.startswith("Tuesday 2026-11-10 — 14 days ago, **overdue** by 14 days")
    # The help of a diagnostic under the cursor.
    typo = await hover(client, document, position(text, "- [ ] Pilot with 10 users\t@dn"))
    assert "did you mean `@dana`?" in typo


async def test_definition_references_and_highlights(client, pilot):
    document, text = pilot
    use = position(text, "- [ ] Pilot with 10 users\t@dnaa after:ss")
    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=document, position=use))
    assert definition.range.start == position(text, "- [ ] Configure SSO @li due:2026-11-10 id:")
    goal = await client.text_document_definition_async(types.DefinitionParams(
        text_document=document, position=position(text, "| Paying seats | G")))
    assert goal.range.start == position(text, "### ")
    person = await client.text_document_definition_async(types.DefinitionParams(
        text_document=document, position=position(text, "escalate: @da")))
    assert person.range.start == position(text, "| @dana", -5)
    references = await client.text_document_references_async(types.ReferenceParams(
        text_document=document, position=position(text, "| @li"),
        context=types.ReferenceContext(include_declaration=True)))
    assert len(references) == 5  # the row, two tasks, the channel, the escalation
    without = await client.text_document_references_async(types.ReferenceParams(
        text_document=document, position=position(text, "| @li"),
        context=types.ReferenceContext(include_declaration=False)))
    assert len(without) == 4
    highlights = await client.text_document_document_highlight_async(types.DocumentHighlightParams(
        text_document=document, position=position(text, "### G")))
    assert sorted(h.kind for h in highlights) == [types.DocumentHighlightKind.Read] * 3 + [types.DocumentHighlightKind.Write]


async def test_outline_workspace_symbols_and_folding(client, pilot, workspace):
    document, text = pilot
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=document))
    names = [s.name for s in symbols]
    assert names[:3] == ["Goals", "Stakeholders", "Tasks"]
    tasks = symbols[2]
    assert tasks.children[0].name == "Phase 1: Setup due:2026-11-15" or tasks.children[0].name.startswith("Phase 1")
    assert [t.name for t in tasks.children[0].children][:2] == ["Configure SSO", "Kickoff workshop"]
    for section in symbols:
        for child in section.children or []:
            assert section.range.start <= child.range.start and child.range.end <= section.range.end
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="runb"))
    assert sorted(s.name for s in found) == ["Review the runbook", "Write the runbook"]
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=document))
    assert (0, 9) in {(f.start_line, f.end_line) for f in folds}  # the front matter
    assert any(f.start_line == position(text, "## Tasks").line for f in folds)


async def test_rename_updates_every_use(client, pilot):
    document, text = pilot
    where = position(text, "- [ ] Write the runbook @li id:run")
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=document, position=where))
    assert prepared.placeholder == "runbook"
    edit = await client.text_document_rename_async(types.RenameParams(text_document=document, position=where, new_name="runbook-v2"))
    renamed = apply(text, edit.changes[document.uri])
    assert "id:runbook-v2 after:review" in renamed and "after:runbook-v2 due:" in renamed
    person = await client.text_document_rename_async(types.RenameParams(
        text_document=document, position=position(text, "| @da"), new_name="@dana.w"))
    renamed = apply(text, person.changes[document.uri])
    assert renamed.count("@dana.w") == 6 and 'owner: "@dana.w"' in renamed
    with pytest.raises(Exception, match="already"):
        await client.text_document_rename_async(types.RenameParams(
            text_document=document, position=position(text, "| @da"), new_name="li"))


async def code_actions(client, document, start, end=None, only=None):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=document, range=types.Range(start=start, end=end or start),
        context=types.CodeActionContext(diagnostics=[], only=only)))


async def test_quick_fixes_and_fix_all(client, pilot):
    document, text = pilot
    typo = position(text, "- [ ] Pilot with 10 users\t@dn")
    actions = {a.title: a for a in await code_actions(client, document, typo)}
    fix = actions["Replace with `@dana`"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.diagnostics[0].code == "owner-unknown"
    fixed = apply(text, fix.edit.changes[document.uri])
    assert "users\t@dana after:sso" in fixed
    row = apply(text, actions["Add `@dnaa` to Stakeholders"].edit.changes[document.uri])
    assert "| @健太 | Kenta Sato | Globex | Trainer |\n| @dnaa |  |  |  |\n" in row
    suppressed = apply(text, actions["Suppress `owner-unknown` on this line"].edit.changes[document.uri])
    assert "<!-- mapc-disable-next-line owner-unknown -->\n- [ ] Pilot with 10 users" in suppressed
    done = apply(text, actions["Mark `Pilot with 10 users` done"].edit.changes[document.uri])
    assert "- [x] Pilot with 10 users\t@dnaa after:sso 📅 2026-12-30 ✅ 2026-11-24\n" in done
    metric = {a.title: a for a in await code_actions(client, document, position(text, "### G2"))}
    assert "| Train the admins | G2 |  |  |  |" in apply(text, metric["Add a metric for G2"].edit.changes[document.uri])

    # fixAll applies the mechanical fixes: `write` helps and padded dates.
    broken = text.replace("- [x] Kickoff workshop @dana", "- [ x ] Kickoff workshop @dana due: 2026-12-01 start:2026-12-1")
    change(client, document, 2, broken)
    only = await code_actions(client, document, types.Position(line=0, character=0), only=["source.fixAll.mapc"])
    assert [a.kind for a in only] == ["source.fixAll.mapc"]
    repaired = apply(broken, only[0].edit.changes[document.uri])
    assert "- [x] Kickoff workshop @dana due:2026-12-01 start:2026-12-01" in repaired, [l for l in repaired.split("\n") if "Kickoff" in l]
