"""Lifecycle and position encodings, through pytest-lsp (a real client over stdio)."""

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound

from conftest import start


async def test_initialize_declares_utf16_by_default(client, workspace):
    result = await start(client, workspace)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert result.server_info.name == "mapc"
    sync = result.capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.open_close


@pytest.mark.parametrize("offered, chosen", [
    (["utf-8", "utf-16"], "utf-8"),
    (["utf-32", "utf-16"], "utf-32"),
    (["utf-16"], "utf-16"),
])
async def test_position_encoding_is_negotiated(client, workspace, offered, chosen):
    result = await start(client, workspace, encodings=offered)
    assert result.capabilities.position_encoding == chosen


async def test_unknown_methods_are_method_not_found(client, workspace):
    await start(client, workspace)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("mapc/noSuchMethod", {})
    # Unknown notifications are ignored, and the server still answers.
    client.protocol.notify("mapc/noSuchNotification", {})
    assert await client.shutdown_async(None) is None
    client.exit(None)
    await client._server.wait()
    assert client._server.returncode == 0
    client.capabilities = None  # already shut down: the fixture has nothing left to do
