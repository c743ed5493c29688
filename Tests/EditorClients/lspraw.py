"""A minimal LSP client over a pipe, byte for byte: for what a polite client never sends
(malformed frames, cancellations in flight, bursts of changes) and for timing."""

import json
import os
import queue
import subprocess
import threading
import time


class RawServer:
    def __init__(self, command, cwd=None):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, cwd=cwd)
        self.messages = queue.Queue()
        self.stderr = []
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = stream.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def _read_stderr(self):
        for line in self.process.stderr:
            self.stderr.append(line)

    def write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    @staticmethod
    def frame(message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def send(self, message):
        self.write(self.frame(message))

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def request(self, method, params=None, send=True):
        """Sends a request (or only builds its frame); returns its id."""
        request_id = self.next_id
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}}
        if send:
            self.send(message)
            return request_id
        return request_id, self.frame(message)

    def wait(self, predicate, timeout=10):
        """The first message (time, body) satisfying `predicate`; others are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no such message from the server")
            item = self.messages.get(timeout=remaining)
            if item is None:
                raise EOFError("the server closed its output")
            if predicate(item[1]):
                return item

    def response(self, request_id, timeout=10):
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)[1]

    def initialize(self, root, capabilities=None, options=None):
        request_id = self.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + str(root),
            "capabilities": capabilities or {}, "initializationOptions": options or {}})
        result = self.response(request_id)
        self.notify("initialized")
        return result

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": version, "text": text}})

    def shutdown(self):
        self.response(self.request("shutdown"))
        self.notify("exit")
        return self.process.wait(timeout=10)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def cpu_ticks(self):
        """User + system clock ticks the server has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0
