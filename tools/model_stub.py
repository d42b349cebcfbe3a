#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible vision server (vLLM's POST /v1/chat/completions) for tools/chaos.sh, with a
mode the script switches while the run goes on:

  normal   a chat.completion whose message names the crop (deterministic, from the image bytes)
  hang     holds the request without answering until the mode changes (longer than the client's timeout)
  500      HTTP 500 with vLLM's error body
  garbage  200 answers that are not usable: an HTML page, cut-off JSON, a completion without choices, empty content

It checks requests as a real server does, in the same order and with the same statuses as the Java test stub
(src/test/java/io/imgdiff/model/openai/OpenAiStub.java): path 404, method 405, Content-Type / JSON 400, model 404,
messages and parts 400, image parts as base64 PNG data URLs 400. Control: POST /_stub/mode with the mode as body;
GET /_stub/stats gives requests per mode and answer as JSON.

Usage: model_stub.py PORT_FILE MODEL   (binds 127.0.0.1 on a free port and writes it to PORT_FILE)
"""
import base64
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("normal", "hang", "500", "garbage")
PNG = b"\x89PNG\r\n\x1a\n"
COLOURS = ("red", "green", "blue", "yellow", "purple", "orange", "grey", "white", "black", "brown", "pink", "teal")
THINGS = ("round shape", "square patch", "striped area", "smooth blob", "dotted region", "shiny surface",
          "dark outline", "bright spot")

state = {"mode": "normal"}
stats = {}
lock = threading.Lock()
changed = threading.Condition(lock)


def count(key):
    with lock:
        stats[key] = stats.get(key, 0) + 1


class Invalid(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def validate(headers, body, model):
    if not (headers.get("Content-Type") or "").startswith("application/json"):
        raise Invalid(400, "Content-Type must be application/json")
    try:
        root = json.loads(body)
    except ValueError:
        raise Invalid(400, "body is not valid JSON")
    if not isinstance(root, dict):
        raise Invalid(400, "body must be a JSON object")
    if not isinstance(root.get("model"), str):
        raise Invalid(400, "model: field required (a string)")
    if root["model"] != model:
        raise Invalid(404, "The model `%s` does not exist." % root["model"])
    messages = root.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Invalid(400, "messages: a non-empty array is required")
    texts, images = [], []
    for m in messages:
        if m.get("role") not in ("system", "user", "assistant"):
            raise Invalid(400, "messages: unknown role '%s'" % m.get("role"))
        content = m.get("content")
        if isinstance(content, str):
            texts.append(content)
            continue
        if not isinstance(content, list):
            raise Invalid(400, "content must be a string or a list of parts")
        for part in content:
            kind = part.get("type")
            if kind == "text" and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif kind == "image_url":
                url = (part.get("image_url") or {}).get("url", "")
                if not url.startswith("data:image/png;base64,"):
                    raise Invalid(400, "image_url must be a base64 PNG data URL")
                try:
                    data = base64.b64decode(url[len("data:image/png;base64,"):], validate=True)
                except ValueError:
                    raise Invalid(400, "image_url is not valid base64")
                if not data.startswith(PNG):
                    raise Invalid(400, "image_url is not a PNG")
                images.append(data)
            else:
                raise Invalid(400, "unknown content part type '%s'" % kind)
    for field, kinds in (("temperature", (int, float)), ("top_p", (int, float)), ("max_tokens", (int,)),
                         ("seed", (int,))):
        if field in root and not isinstance(root[field], kinds):
            raise Invalid(400, "%s has the wrong type" % field)
    return root, texts, images


def caption(texts, images):
    digest = hashlib.sha256(b"".join(images) or "".join(texts).encode()).digest()
    what = "a %s %s" % (COLOURS[digest[0] % len(COLOURS)], THINGS[digest[1] % len(THINGS)])
    if any("differs between" in t for t in texts):
        return "On the right the region shows %s instead of what the left image shows." % what
    return what


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    model = "stub-vision"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_stub/stats":
            with lock:
                self.send(200, json.dumps({"mode": state["mode"], "requests": stats}))
            return
        self.send(405 if self.path == "/v1/chat/completions" else 404, '{"detail":"Not Found"}')

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/_stub/mode":
            mode = body.decode().strip()
            if mode not in MODES:
                self.send(400, '{"error":"mode must be one of %s"}' % ", ".join(MODES))
                return
            with changed:
                state["mode"] = mode
                changed.notify_all()
            self.send(200, '{"mode":"%s"}' % mode)
            return
        if self.path != "/v1/chat/completions":
            self.send(404, '{"detail":"Not Found"}')
            return
        try:
            root, texts, images = validate(self.headers, body, self.model)
        except Invalid as e:
            count("invalid")
            self.send(e.status, json.dumps({"object": "error", "message": str(e), "type": "BadRequestError",
                                            "param": None, "code": e.status}))
            return
        mode = state["mode"]
        count(mode)
        if mode == "hang":
            with changed:
                while state["mode"] == "hang":
                    changed.wait(1)
            self.close_connection = True  # the client gave up long ago; say nothing
            return
        if mode == "500":
            self.send(500, json.dumps({"object": "error", "message": "CUDA error: an illegal memory access was"
                                       " encountered", "type": "InternalServerError", "param": None, "code": 500}))
            return
        if mode == "garbage":
            n = stats["garbage"] % 4
            junk = ['<html><body><h1>502 Bad Gateway</h1></body></html>',
                    '{"id":"cmpl-1","object":"chat.completion","choices":[{"index":0,"mess',
                    '{"id":"cmpl-1","object":"chat.completion","choices":[]}',
                    json.dumps({"id": "cmpl-1", "object": "chat.completion", "created": int(time.time()),
                                "model": self.model, "choices": [{"index": 0, "message": {"role": "assistant",
                                "content": ""}, "finish_reason": "stop"}]})][n]
            self.send(200, junk, "text/html" if n == 0 else "application/json")
            return
        text = caption(texts, images)
        self.send(200, json.dumps({
            "id": "cmpl-%s" % hashlib.md5(body).hexdigest()[:12], "object": "chat.completion",
            "created": int(time.time()), "model": self.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100 + 600 * len(images), "completion_tokens": len(text.split()),
                      "total_tokens": 100 + 600 * len(images) + len(text.split())}}))


def main():
    port_file, model = sys.argv[1], sys.argv[2]
    Handler.model = model
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
