#!/usr/bin/env python3
"""server.py PORTFILE: an HTTP server on 127.0.0.1 for trdb fetch's tests. It
writes the port it listens on to PORTFILE and answers:
  /data.csv        200 with an ETag; 304 when If-None-Match matches; the body
                   changes when /bump is requested
  /missing.csv     404
  /slow.csv        headers, then nothing for 30 seconds
  /truncated.csv   promises 5000 bytes, sends 100, closes
  /flaky.csv       503 on the first two requests, then 200
  /other.csv       the sample with one figure changed, and its own ETag
  /big.csv         a million bytes
  /count           how many requests each path has had (for the test)
"""
import http.server
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
with open(os.path.join(TOP, "data/samples/sample-google-global-user-data-requests.csv"), "rb") as f:
    SAMPLE = f.read()
state = {"version": 1, "counts": {}}
lock = threading.Lock()


def body():
    if state["version"] == 1:
        return SAMPLE
    # version 2: one more row, a later release of the same dataset
    return SAMPLE + b"2021-12-31,Japan,JP,Other Legal Requests,70,40,90\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, data=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        with lock:
            state["counts"][path] = state["counts"].get(path, 0) + 1
            n = state["counts"][path]
        if path == "/data.csv":
            etag = '"v%d"' % state["version"]
            if self.headers.get("If-None-Match") == etag:
                self.send(304, b"", [("ETag", etag)])
            else:
                self.send(200, body(), [("ETag", etag), ("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT"),
                                        ("Content-Type", "text/csv")])
        elif path == "/bump":
            state["version"] += 1
            self.send(200, b"bumped\n")
        elif path == "/missing.csv":
            self.send(404, b"not here\n")
        elif path == "/slow.csv":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
        elif path == "/truncated.csv":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(SAMPLE[:100])
            self.wfile.flush()
            self.close_connection = True
        elif path == "/flaky.csv":
            if n <= 2:
                self.send(503, b"try later\n")
            else:
                self.send(200, SAMPLE, [("ETag", '"flaky"')])
        elif path == "/other.csv":
            self.send(200, SAMPLE.replace(b"Brazil,BR,Other Legal Requests,3010", b"Brazil,BR,Other Legal Requests,3011"),
                      [("ETag", '"other"')])
        elif path == "/big.csv":
            self.send(200, b"x" * 1000000)
        elif path == "/count":
            self.send(200, "".join("%s %d\n" % kv for kv in sorted(state["counts"].items())).encode())
        else:
            self.send(404, b"no such path\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
