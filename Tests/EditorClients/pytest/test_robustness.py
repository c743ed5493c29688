"""What an editor must never see: a crash, a wedge, a busy idle loop, growing memory.
These speak the protocol byte for byte (lspraw), as no polite client would."""

import pathlib
import time

import pytest

from conftest import server_command
from lspraw import RawServer


def synthetic_plan(tasks, handle="li"):
    """A plan with `tasks` open tasks, one problem per 50."""
    lines = ["---", "title: Load", "status: active", "due: 2026-12-31", "---", "", "## Stakeholders",
             "| Handle | Party |", "|---|---|", "| @li | Acme |", "| @dana | Globex |", "", "## Tasks"]
    for index in range(tasks):
        owner = "@dnaa" if index % 50 == 7 else f"@{handle}"
        lines.append(f"- [ ] Task number {index} 健康 📅 2026-12-{1 + index % 28:02d} {owner} id:t{index}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def server(tmp_path):
    (tmp_path / ".git").mkdir()
    raw = RawServer(server_command(), cwd=tmp_path)
    raw.root = tmp_path
    yield raw
    raw.kill()


def is_publish(uri):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri


def test_requests_before_initialize_are_refused(server):
    answer = server.response(server.request("textDocument/hover", {}))
    assert answer["error"]["code"] == -32002
    server.initialize(server.root)
    assert server.shutdown() == 0


def test_malformed_input_is_answered_never_a_crash(server):
    server.initialize(server.root)
    server.write(b"Content-Length: 5\r\n\r\n{nope")
    assert server.wait(lambda m: "error" in m)[1]["error"]["code"] == -32700
    server.write(RawServer.frame([1, 2, 3]))
    assert server.wait(lambda m: "error" in m)[1]["error"]["code"] == -32600
    server.write(RawServer.frame({"jsonrpc": "2.0", "id": 9, "method": 3}))
    answer = server.wait(lambda m: "error" in m)[1]
    assert answer["id"] == 9 and answer["error"]["code"] == -32600
    server.write(b"Content-Type: text/plain\r\n\r\n")
    assert server.wait(lambda m: "error" in m)[1]["error"]["code"] == -32700
    # Wrong parameter types are an error answer too.
    answer = server.response(server.request("textDocument/diagnostic", {"textDocument": 7}))
    assert answer["error"]["code"] == -32602
    server.notify("textDocument/didChange", {"textDocument": "nope", "contentChanges": 5})
    server.notify("textDocument/didOpen", {"textDocument": {"uri": 1}})
    # Still serving, and ends cleanly.
    assert server.shutdown() == 0


def test_exit_without_shutdown_is_exit_code_1(server):
    server.initialize(server.root)
    server.notify("exit")
    assert server.process.wait(timeout=10) == 1


def test_end_of_input_ends_the_server(server):
    server.initialize(server.root)
    server.process.stdin.close()
    assert server.process.wait(timeout=10) == 1


def test_a_cancelled_request_is_answered_request_cancelled(server):
    server.initialize(server.root)
    uri = (server.root / "load.md").as_uri()
    text = synthetic_plan(4000)
    # Both pulls wait behind the first check of a large plan; the second is cancelled meanwhile.
    first, first_frame = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, send=False)
    second, second_frame = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, send=False)
    open_frame = RawServer.frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    server.write(open_frame + first_frame + second_frame)
    server.notify("$/cancelRequest", {"id": second})
    assert "result" in server.response(first, timeout=60)
    assert server.response(second, timeout=60)["error"]["code"] == -32800
    assert server.shutdown() == 0


def test_a_burst_of_changes_is_coalesced_and_requests_are_answered(server):
    server.initialize(server.root)
    uri = (server.root / "burst.md").as_uri()
    text = synthetic_plan(60)
    server.open(uri, text)
    server.wait(is_publish(uri))
    frames = b""
    line = text.split("\n").index("- [ ] Task number 0 健康 📅 2026-12-01 @li id:t0")
    for version in range(2, 202):
        frames += RawServer.frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 6},
                                          "end": {"line": line, "character": 6}}, "text": "x"}]}})
    request, request_frame = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, send=False)
    started = time.monotonic()
    server.write(frames + request_frame)
    answer = server.response(request)
    assert time.monotonic() - started < 5
    pushed = []
    while True:
        _, message = server.wait(is_publish(uri))
        pushed.append(message["params"])
        if message["params"]["version"] == 201:
            break
    assert len(pushed) <= 3, [p["version"] for p in pushed]
    # The last push is about the final text: the pull saw the same.
    assert pushed[-1]["diagnostics"] == answer["result"]["items"]
    assert server.shutdown() == 0


def test_idle_costs_no_cpu(server):
    server.initialize(server.root)
    uri = (server.root / "idle.md").as_uri()
    server.open(uri, synthetic_plan(200))
    server.wait(is_publish(uri))
    time.sleep(1.0)  # the workspace index and any debounce are done
    before = server.cpu_ticks()
    time.sleep(3.0)
    assert server.cpu_ticks() - before <= 1  # clock ticks are 10 ms
    assert server.shutdown() == 0


def test_memory_stays_flat_over_10000_edits(server):
    server.initialize(server.root)
    uri = (server.root / "edits.md").as_uri()
    text = synthetic_plan(60)
    server.open(uri, text)
    server.wait(is_publish(uri))
    line = text.split("\n").index("- [ ] Task number 3 健康 📅 2026-12-04 @li id:t3")
    version = 1
    samples = []
    for round_ in range(100):
        frames = b""
        for edit in range(100):
            version += 1
            # Type a character, then delete it: the text comes back to where it was.
            change = ({"range": {"start": {"line": line, "character": 8}, "end": {"line": line, "character": 8}},
                       "text": "é"} if edit % 2 == 0 else
                      {"range": {"start": {"line": line, "character": 8}, "end": {"line": line, "character": 9}},
                       "text": ""})
            frames += RawServer.frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        server.write(frames)
        final = version
        server.wait(lambda m: is_publish(uri)(m) and m["params"]["version"] == final)
        samples.append(server.rss_kib())
    assert version == 10_001
    # After the first thousand edits, memory does not grow by more than 2 MiB.
    assert max(samples[10:]) - samples[10] < 2048, samples
    assert server.shutdown() == 0
