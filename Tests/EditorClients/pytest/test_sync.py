"""Text sync: full, and incremental under thousands of random edits, after which the server
holds exactly the client's text (asked with the undeclared `mapc/documentText` request)
and pushes the diagnostics `mapc check` gives for that text."""

import random

import pytest
from lsprotocol import types

from conftest import diagnostics_after, diagnostics_when, open_plan, start
from test_diagnostics import comparable_lsp, expected

# Insertions mix what breaks position arithmetic: tabs, line breaks (LF and CRLF), 2-, 3-
# and 4-byte characters (a surrogate pair in UTF-16), a ZWJ sequence, and plan tokens.
FRAGMENTS = ["a", "Z", " ", "\t", "\n", "\r\n", "é", "健", "😀", "👩‍💻", " @li", " due:", "- [ ] ", "#"]


def units(character, encoding):
    if encoding == "utf-8":
        return len(character.encode("utf-8"))
    if encoding == "utf-16":
        return 2 if ord(character) > 0xFFFF else 1
    return 1


class Model:
    """The client's side: the text, and LSP positions as an editor computes them. Lines end
    at LF; a CR before it is part of the line ending, never of the content. Edits keep off
    the first `keep` lines (the front matter), so the text stays a plan and its diagnostics
    stay worth comparing."""

    def __init__(self, text, encoding, keep):
        self.text = text
        self.encoding = encoding
        self.keep = keep
        self.original = text
        self.past_end = 0

    def lines(self):
        """(start, content end) of each line, as string indices."""
        spans, start = [], 0
        while True:
            newline = self.text.find("\n", start)
            if newline < 0:
                spans.append((start, len(self.text)))
                return spans
            end = newline - 1 if newline > start and self.text[newline - 1] == "\r" else newline
            spans.append((start, end))
            start = newline + 1

    def position(self, spans, line, index, rng):
        """The LSP position of a string index on `line`; now and then past the end of the
        line, which LSP says means the end of the line."""
        start, end = spans[line]
        character = sum(units(c, self.encoding) for c in self.text[start:index])
        if index == end and rng.random() < 0.1:
            character += rng.randint(1, 5)
            self.past_end += 1
        return types.Position(line=line, character=character)

    def random_change(self, rng):
        spans = self.lines()
        if rng.random() < 0.002:
            # A whole-document change in the stream: back to the original plan.
            self.text = self.original
            return types.TextDocumentContentChangeWholeDocument(text=self.original)
        line = rng.randrange(self.keep, len(spans))
        start = rng.randint(*spans[line])
        if rng.random() < 0.9:  # mostly typing: a few characters on one line
            end_line, end = line, min(spans[line][1], start + rng.choice([0, 0, 0, 1, 1, 2, 5]))
        else:  # sometimes a selection over line breaks
            end_line = min(len(spans) - 1, line + rng.randint(1, 2))
            end = rng.randint(*spans[end_line])
            if end_line == line:  # the last line: no line below to reach
                end = max(end, start)
        inserted = "" if rng.random() < 0.3 else "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 3)))
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=self.position(spans, line, start, rng),
                              end=self.position(spans, end_line, end, rng)), text=inserted)
        self.text = self.text[:start] + inserted + self.text[end:]
        return change


async def server_text(client, uri):
    result = await client.protocol.send_request_async("mapc/documentText", {"textDocument": {"uri": uri}})
    return result.version, result.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
async def test_random_incremental_edits_keep_server_text_equal(client, workspace, encoding):
    await start(client, workspace, encodings=[encoding])
    path = workspace / "pilot.md"
    uri = open_plan(client, path)
    model = Model(path.read_text(encoding="utf-8"), encoding, keep=10)
    rng = random.Random(f"mapc-sync-{encoding}")
    version = 1
    for _ in range(3000):
        version += 1
        # One to three changes per notification, each against the text the previous one left.
        changes = [model.random_change(rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes))
        if version % 250 == 0:
            assert await server_text(client, uri) == (version, model.text), f"after version {version}"
    assert await server_text(client, uri) == (version, model.text)
    assert model.past_end > 100 and "😀" in model.text and "\r\n" in model.text  # the stream did vary

    # The diagnostics of the final text are those of `mapc check` for the same bytes.
    # (Saving makes the server check at once, so the push is not missed while waiting.)
    final = version
    save = lambda: client.text_document_did_save(types.DidSaveTextDocumentParams(  # noqa: E731
        text_document=types.TextDocumentIdentifier(uri=uri)))
    params = await diagnostics_when(client, save, uri, lambda p: p.version == final, rounds=50)
    path.write_text(model.text, encoding="utf-8", newline="")
    assert params.diagnostics and comparable_lsp(params.diagnostics) == expected(workspace, "pilot.md", encoding)


async def test_full_sync_when_asked(client, workspace):
    uri = workspace.as_uri()
    result = await client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=uri, initialization_options={"sync": "full"}))
    assert result.capabilities.text_document_sync.change == types.TextDocumentSyncKind.Full
    path = workspace / "pilot.md"
    document = await diagnostics_after(client, lambda: open_plan(client, path), path.as_uri())
    assert "owner-unknown" in {d.code for d in document.diagnostics}
    text = path.read_text(encoding="utf-8").replace("@dnaa", "@dana")

    def replace_all():
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    params = await diagnostics_after(client, replace_all, path.as_uri())
    assert params.version == 2 and "owner-unknown" not in {d.code for d in params.diagnostics}
    assert await server_text(client, path.as_uri()) == (2, text)


async def test_document_text_of_an_unopened_document_is_invalid_params(client, workspace):
    await start(client, workspace)
    with pytest.raises(Exception, match="no such open document"):
        await client.protocol.send_request_async("mapc/documentText",
                                                 {"textDocument": {"uri": (workspace / "nope.md").as_uri()}})
