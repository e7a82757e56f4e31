#!/usr/bin/env python3
# Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
"""A stand-in for the docker/podman CLI, for the engine's container-runtime tests.

No container engine runs here or in CI, so this records how it was called and then does on
the host what `docker run` would do in a container:

  run --rm --name N [--pull P] -v SRC:DST... -w DIR [-e K=V]... [--entrypoint E] IMAGE ARGS...
      appends {"argv", "pid", "pgid", "child"} as one JSON line to $FAKE_RUNTIME_LOG, then runs
      [E] + ARGS (or ARGS alone: an image entrypoint it cannot know) in DIR, as a child it
      waits for (the real client also stays until the container exits), with only the -e
      variables and a default PATH in its environment (a container does not inherit the
      client's), and exits with its status. Mounts must map a directory to the same path
      (what the engine asks for): anything else exits 125, as the real CLI does on bad usage.
  rm -f NAME
      records its argv and exits 0.

Any other use exits 125 with a message.
"""
import json
import os
import subprocess
import sys

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def record(entry):
    log = os.environ.get("FAKE_RUNTIME_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


def fail(msg):
    sys.stderr.write("fake runtime: " + msg + "\n")
    sys.exit(125)


def run(args):
    env = {"PATH": DEFAULT_PATH}
    workdir = "/"
    entrypoint = None
    i = 0
    while i < len(args) and args[i].startswith("-"):
        flag = args[i]
        if flag == "--rm":
            i += 1
            continue
        if i + 1 >= len(args):
            fail("flag " + flag + " has no value")
        value = args[i + 1]
        i += 2
        if flag in ("--name", "--pull"):
            pass
        elif flag == "-v":
            src, _, dst = value.partition(":")
            if src != dst or not os.path.isdir(src):
                fail("mount " + value + " is not a directory at the same path")
        elif flag == "-w":
            workdir = value
        elif flag == "-e":
            k, eq, v = value.partition("=")
            if not eq:
                fail("-e " + value + " is not K=V")
            env[k] = v
        elif flag == "--entrypoint":
            entrypoint = value
        else:
            fail("unknown flag " + flag)
    if i >= len(args):
        fail("no image")
    command = ([entrypoint] if entrypoint else []) + args[i + 1:]
    if not command:
        fail("image " + args[i] + ": no command and no known entrypoint")
    try:
        child = subprocess.Popen(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        record({"argv": sys.argv, "pid": os.getpid(), "pgid": os.getpgid(0), "child": None})
        sys.stderr.write("fake runtime: " + command[0] + ": not found\n")
        sys.exit(127)  # docker's status when the command cannot be found
    record({"argv": sys.argv, "pid": os.getpid(), "pgid": os.getpgid(0), "child": child.pid})
    rc = child.wait()
    sys.exit(rc if rc >= 0 else 128 - rc)


def main():
    args = sys.argv[1:]
    if args[:1] == ["run"]:
        run(args[1:])
    if args[:2] == ["rm", "-f"] and len(args) == 3:
        record({"argv": sys.argv, "pid": os.getpid()})
        sys.exit(0)
    fail("unsupported: " + " ".join(args))


main()
