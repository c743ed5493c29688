"""Shared set-up for the language-server tests: the mapc binary under test, a workspace
folder with plans, and a pytest-lsp client that starts `mapc lsp` as an editor does."""

import asyncio
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

HERE = pathlib.Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]
PLANS = HERE.parent / "plans"
MAPC = os.environ.get("MAPC_BINARY") or str(REPOSITORY / ".build" / "debug" / "mapc")
TODAY = "2026-11-24"

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # lspraw, shared with bench/lsp


def server_command(*extra):
    return [MAPC, "lsp", "--today", TODAY, "--debounce", "10", *extra]


@pytest.fixture
def workspace(tmp_path):
    """A workspace folder holding a copy of the test plans (and a .git, so mapc.yml is
    looked for no higher)."""
    folder = tmp_path / "ws"
    shutil.copytree(PLANS, folder)
    (folder / ".git").mkdir()
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    lsp_client.registrations = []
    # Every push, in order: waiting for "the next notification" would miss a second push
    # that arrives in the same read as the first.
    lsp_client.published = asyncio.Queue()

    # (pytest-lsp's own handler stays: it keeps `lsp_client.diagnostics`.)
    features = lsp_client.protocol.fm.features
    record = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def published(*args):
        record(*args)
        lsp_client.published.put_nowait(args[-1])

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published

    # An editor accepts the server's request to watch mapc.yml and plans.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    yield
    await lsp_client.shutdown_session()


def capabilities(encodings=None, pull=False, watch=True, snippets=False):
    """Client capabilities: which position encodings are offered, pull diagnostics or not."""
    text_document = types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(snippet_support=snippets)),
        document_symbol=types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
        rename=types.RenameClientCapabilities(prepare_support=True),
    )
    if pull:
        text_document.diagnostic = types.DiagnosticClientCapabilities()
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=text_document,
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
        ),
    )


async def start(client, workspace, **kwargs):
    """Initializes the session with `workspace` as the folder the editor opened."""
    uri = workspace.as_uri()
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(**kwargs),
        root_uri=uri,
        workspace_folders=[types.WorkspaceFolder(uri=uri, name="ws")],
    ))


def open_plan(client, path, text=None, version=1):
    """Opens a file in the editor; returns its URI."""
    path = pathlib.Path(path)
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=version,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


async def next_diagnostics(client, uri):
    """The next publishDiagnostics of `uri`, skipping other documents'."""
    while True:
        params = await client.published.get()
        if params.uri == uri:
            return params


async def diagnostics_after(client, action, uri):
    """Runs `action` and waits for the next publishDiagnostics of `uri` (pushes that came
    before it are dropped)."""
    while not client.published.empty():
        client.published.get_nowait()
    action()
    return await next_diagnostics(client, uri)


async def diagnostics_when(client, action, uri, predicate, rounds=10):
    """Runs `action`, then waits for diagnostics of `uri` that satisfy `predicate`."""
    params = await diagnostics_after(client, action, uri)
    for _ in range(rounds):
        if predicate(params):
            return params
        params = await next_diagnostics(client, uri)
    raise AssertionError(f"no diagnostics of {uri} as expected; last: {params}")
