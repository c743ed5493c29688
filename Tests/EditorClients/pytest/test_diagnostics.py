"""Diagnostics pushed and pulled, compared with `mapc check` byte for byte."""

import json
import pathlib
import subprocess

from lsprotocol import types

from conftest import MAPC, TODAY, diagnostics_after, diagnostics_when, open_plan, start


def check_json(workspace, name):
    """What `mapc check --format json` says of a file, run in the workspace folder."""
    run = subprocess.run([MAPC, "check", "--format", "json", "--today", TODAY, name], cwd=workspace,
                         capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)["diagnostics"]


def utf16(text, code_points):
    """UTF-16 units in the first `code_points` characters of a line."""
    return len(text[:code_points].encode("utf-16-le")) // 2


def replace(client, uri, line, start, end, text):
    """Sends version 2 of the document: `text` in place of characters start..end of a line."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=start),
                              end=types.Position(line=line, character=end)),
            text=text)]))


def check_findings(workspace, files, rule):
    """`mapc check --format json` of `files` together: (line, column, message) of `rule`, 0-based."""
    run = subprocess.run([MAPC, "check", "--format", "json", "--today", TODAY] + files, cwd=workspace,
                         capture_output=True, text=True)
    return [(d["line"] - 1, d["column"] - 1, d["message"]) for d in json.loads(run.stdout)["diagnostics"]
            if d["rule"] == rule]


def comparable_lsp(diagnostics):
    return sorted((d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
                   d.code, d.message) for d in diagnostics)


def expected(workspace, name, encoding):
    lines = (workspace / name).read_text(encoding="utf-8").split("\n")
    found = []
    for d in check_json(workspace, name):
        def column(line, column):
            if encoding == "utf-32":
                return column - 1
            if encoding == "utf-16":
                return utf16(lines[line - 1], column - 1)
            return len(lines[line - 1][:column - 1].encode("utf-8"))
        found.append((d["line"] - 1, column(d["line"], d["column"]), d["endLine"] - 1,
                      column(d["endLine"], d["endColumn"]), d["rule"], d["message"]))
    return sorted(found)


async def test_pushed_diagnostics_equal_mapc_check_in_utf16(client, workspace):
    # The plan has a tab, CJK and emoji before diagnostics on the same lines.
    await start(client, workspace)
    path = workspace / "pilot.md"
    params = await diagnostics_after(client, lambda: open_plan(client, path), path.as_uri())
    assert params.diagnostics, "the test plan has problems"
    assert comparable_lsp(params.diagnostics) == expected(workspace, "pilot.md", "utf-16")
    assert {d.source for d in params.diagnostics} == {"mapc"}


async def test_utf32_columns_are_mapc_columns(client, workspace):
    await start(client, workspace, encodings=["utf-32", "utf-16"])
    path = workspace / "pilot.md"
    params = await diagnostics_after(client, lambda: open_plan(client, path), path.as_uri())
    assert comparable_lsp(params.diagnostics) == expected(workspace, "pilot.md", "utf-32")


async def test_utf8_columns_are_bytes(client, workspace):
    await start(client, workspace, encodings=["utf-8"])
    path = workspace / "pilot.md"
    params = await diagnostics_after(client, lambda: open_plan(client, path), path.as_uri())
    assert comparable_lsp(params.diagnostics) == expected(workspace, "pilot.md", "utf-8")


async def test_crlf_text_gets_the_same_diagnostics(client, workspace):
    path = workspace / "pilot.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    await start(client, workspace)
    params = await diagnostics_after(client, lambda: open_plan(client, path, text=path.read_bytes().decode()),
                                     path.as_uri())
    assert path.read_bytes().count(b"\r\n") > 40
    assert comparable_lsp(params.diagnostics) == expected(workspace, "pilot.md", "utf-16")


async def test_rule_ids_help_and_related_information(client, workspace):
    await start(client, workspace)
    path = workspace / "pilot.md"
    params = await diagnostics_after(client, lambda: open_plan(client, path), path.as_uri())
    by_rule = {d.code: d for d in params.diagnostics}
    unknown = by_rule["owner-unknown"]
    assert unknown.message == "`@dnaa` is not a stakeholder of this plan"
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert "did you mean `@dana`?" in unknown.data["help"]
    cycle = by_rule["dependency-cycle"]
    related = cycle.related_information
    assert len(related) == 1 and related[0].location.uri == path.as_uri()
    assert "`review`" in related[0].message or "`runbook`" in related[0].message


async def test_diagnostics_follow_changes(client, workspace):
    await start(client, workspace)
    path = workspace / "pilot.md"
    uri = path.as_uri()
    await diagnostics_after(client, lambda: open_plan(client, path), uri)
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index("- [ ] Pilot with 10 users\t@dnaa after:sso 📅 2026-12-30")
    column = utf16("- [ ] Pilot with 10 users\t@", len("- [ ] Pilot with 10 users\t@"))

    def fix_the_handle():
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=column),
                                  end=types.Position(line=line, character=column + 4)),
                text="dana")]))

    params = await diagnostics_after(client, fix_the_handle, uri)
    assert params.version == 2
    assert "owner-unknown" not in {d.code for d in params.diagnostics}
    # Saving checks again at once.
    saved = await diagnostics_after(client, lambda: client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))), uri)
    assert comparable_lsp(saved.diagnostics) == comparable_lsp(params.diagnostics)


async def test_pull_diagnostics(client, workspace):
    await start(client, workspace, pull=True)
    path = workspace / "pilot.md"
    uri = open_plan(client, path)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full"
    assert comparable_lsp(report.items) == expected(workspace, "pilot.md", "utf-16")
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert again.kind == "unchanged"


async def test_duplicate_plan_ids_across_files_follow_edits(client, workspace):
    other = workspace / "zz-copy.md"
    other.write_text((workspace / "pilot.md").read_text(encoding="utf-8"), encoding="utf-8")
    await start(client, workspace)
    uri = other.as_uri()
    # The workspace is read in the background; diagnostics come again once it is.
    params = await diagnostics_when(client, lambda: open_plan(client, other), uri,
                                    lambda p: "duplicate-id" in {d.code for d in p.diagnostics})
    messages = [d.message for d in params.diagnostics if d.code == "duplicate-id"]
    assert messages == ["plan id `pilot` is already used by pilot.md"]
    assert messages == [m for _, _, m in check_findings(workspace, ["pilot.md", "zz-copy.md"], "duplicate-id")]
    params = await diagnostics_after(client, lambda: replace(client, uri, 2, 4, 9, "pilot-copy"), uri)
    assert "duplicate-id" not in {d.code for d in params.diagnostics}


async def test_a_handle_reused_for_another_person_is_said_as_check_says_it(client, workspace):
    """`handle-reused` is a finding across files, like a plan id used twice: the open plan
    gets it from the plans on disk, at the stakeholder row, exactly as `mapc check` gives it."""
    (workspace / "a-first.md").write_text(
        "---\ntitle: First\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n| @tom | Tom Hargreaves |\n",
        encoding="utf-8")
    later = workspace / "b-later.md"
    later.write_text("---\ntitle: Later\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n| @tom | Tom Baker |\n",
                     encoding="utf-8")
    await start(client, workspace)
    uri = later.as_uri()
    params = await diagnostics_when(client, lambda: open_plan(client, later), uri,
                                    lambda p: "handle-reused" in {d.code for d in p.diagnostics})
    found = [(d.range.start.line, d.range.start.character, d.message) for d in params.diagnostics
             if d.code == "handle-reused"]
    assert found == check_findings(workspace, ["a-first.md", "b-later.md"], "handle-reused") == [
        (6, 2, "`@tom` is Tom Baker here but Tom Hargreaves in a-first.md: two people with one handle get a person "
               "page each")]
    params = await diagnostics_after(client, lambda: replace(client, uri, 6, 9, 18, "Tom Hargreaves"), uri)
    assert "handle-reused" not in {d.code for d in params.diagnostics}


async def test_mapc_yml_changes_are_picked_up(client, workspace):
    await start(client, workspace)
    path = workspace / "pilot.md"
    uri = path.as_uri()
    params = await diagnostics_after(client, lambda: open_plan(client, path), uri)
    assert "owner-unknown" in {d.code for d in params.diagnostics}
    (workspace / "mapc.yml").write_text("rules: { owner-unknown: off, dependency-cycle: warning }\n")

    def watched():
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=(workspace / "mapc.yml").as_uri(), type=types.FileChangeType.Created)]))

    params = await diagnostics_when(client, watched, uri, lambda p: "owner-unknown" not in {d.code for d in p.diagnostics})
    codes = {d.code: d for d in params.diagnostics}
    assert "owner-unknown" not in codes
    assert codes["dependency-cycle"].severity == types.DiagnosticSeverity.Warning
