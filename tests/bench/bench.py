#!/usr/bin/env python3
"""Measurement helpers for tests/bench/run.sh (standard library only).

Subcommands (each prints or writes JSON):
  machine                          the machine the run is on
  wrk NAME URL --out F [...]       one wrk run (after a warm-up run) with CPU accounting of the server processes
  coldstart --kind|--worker NAME=CWD::ARGV
                                   cold starts, alternating kinds, median of N: the app to its first correct article
                                   response, the Functions worker to content loaded (it dials its host)
  corpus --count N --out DIR       a generated corpus: N articles x 2-3 versions x 2 audiences, cloned from a sample article
  corpus-run ...                   start-up, warm-up, RSS, index paging and wrk runs of one API process on a corpus
  report --dir D                   merges the JSON pieces into results.json and prints the Markdown table
"""

import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid

CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------------------------------
# Process and machine accounting


def proc_cpu_seconds(pid):
    """utime + stime of one process (all its threads), in seconds; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0


def descendants(pid):
    """pid and every process below it (nginx workers, npm -> node...)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def tree_cpu_seconds(pids):
    return sum(proc_cpu_seconds(p) for root in pids for p in descendants(root))


def tree_context_switches(pids):
    """Voluntary + involuntary context switches of every thread of the processes (and their descendants)."""
    total = 0
    for root in pids:
        for pid in descendants(root):
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/status") as f:
                        total += sum(int(l.split()[1]) for l in f if "ctxt_switches" in l)
            except (FileNotFoundError, ProcessLookupError):
                pass
    return total


def machine_busy_seconds(split=False):
    """CPU seconds all cores spent busy since boot (from /proc/stat), to see what else ran during a measurement.
    With split: (busy, interrupt time) — softirq/irq is mostly the loopback TCP stack, charged to no process."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (values + [0] * 8)[:8]
    busy = (user + nice + system + irq + softirq + steal) / CLK_TCK
    return (busy, (irq + softirq) / CLK_TCK) if split else busy


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return None


def rss_mb(pid):
    kb = status_kb(pid, "VmRSS")
    return None if kb is None else round(kb / 1024, 1)


def hwm_mb(pid):
    kb = status_kb(pid, "VmHWM")
    return None if kb is None else round(kb / 1024, 1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_line(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        text = (out.stdout or out.stderr).strip()
        return text.splitlines()[0] if text else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def machine(_args):
    cpu_model = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    runtimes = subprocess.run(["dotnet", "--list-runtimes"], capture_output=True, text=True).stdout.split("\n")
    print(json.dumps({
        "nproc": os.cpu_count(),
        "cpuModel": cpu_model,
        "memoryGiB": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]),
        "dotnetSdk": first_line(["dotnet", "--version"]),
        "dotnetRuntime": next((r.split()[1] for r in runtimes if r.startswith("Microsoft.NETCore.App")), None),
        "wrk": first_line(["sh", "-c", "wrk -v 2>&1 | head -1"]),
        "nginx": first_line(["sh", "-c", "nginx -v 2>&1"]),
        "node": first_line(["node", "--version"]),
        "loadAverageAtStart": open("/proc/loadavg").read().split()[:3],
    }, indent=2))


def quiet(args):
    """Waits (bounded) until the rest of the machine is idle: on a shared box, other jobs would be measured too."""
    give_up = time.monotonic() + args.max_wait
    calm = 0
    while True:
        before = machine_busy_seconds()
        time.sleep(args.interval)
        busy = (machine_busy_seconds() - before) / args.interval / os.cpu_count()
        calm = calm + 1 if busy <= args.threshold else 0
        if calm >= 2:
            print(f"    machine quiet ({busy:.0%} busy)")
            return
        if time.monotonic() > give_up:
            print(f"    warning: the machine is still {busy:.0%} busy after {args.max_wait} s; measuring anyway "
                  "(see otherCpuSeconds in the results)", file=sys.stderr)
            return


# ---------------------------------------------------------------------------------------------------------------------
# wrk

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
SIZES = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    result = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M)
        result[f"p{pct}Ms"] = round(to_ms(m.group(1)), 3) if m else None
    m = re.search(r"^\s+(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(\w+) read", output, re.M)
    result["requests"] = int(m.group(1)) if m else 0
    result["seconds"] = round(to_ms(m.group(2) + m.group(3)) / 1000, 3) if m else None
    result["bytesRead"] = int(float(m.group(4)) * SIZES[m.group(5)]) if m else None
    m = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    result["rps"] = round(float(m.group(1)), 1) if m else None
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socketErrors"] = sum(int(g) for g in m.groups()) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non2xx3xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", output)
    result["maxMs"] = round(to_ms(m.group(3)), 3) if m else None
    if result["requests"] and result["bytesRead"]:
        result["bytesPerResponse"] = round(result["bytesRead"] / result["requests"])
    return result


def wrk_once(url, settings, duration, headers, script, env):
    command = ["wrk", f"-t{settings['threads']}", f"-c{settings['connections']}", f"-d{duration}s", "--latency",
               f"--timeout", f"{settings['timeoutSeconds']}s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    command.append(url)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise SystemExit(f"wrk failed ({run.returncode}): {run.stderr}{run.stdout}")
    wrk_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return command, run.stdout, wrk_cpu


def wrk(args):
    """A warm-up run, then the measured run, with the CPU the server processes, wrk and everything else used."""
    settings = {"threads": args.threads, "connections": args.connections, "durationSeconds": args.duration,
                "warmupSeconds": args.warmup, "timeoutSeconds": 5}
    env = dict(os.environ)
    if args.paths:
        env["BENCH_PATHS"] = args.paths
    if args.warmup > 0:
        wrk_once(args.url, settings, args.warmup, args.header, args.script, env)
    server_before = tree_cpu_seconds(args.pid)
    switches_before = tree_context_switches(args.pid)
    busy_before, interrupts_before = machine_busy_seconds(split=True)
    load_before = open("/proc/loadavg").read().split()[0]
    command, output, wrk_cpu = wrk_once(args.url, settings, args.duration, args.header, args.script, env)
    busy, interrupts = machine_busy_seconds(split=True)
    busy, interrupts = busy - busy_before, interrupts - interrupts_before
    server_cpu = tree_cpu_seconds(args.pid) - server_before
    switches = tree_context_switches(args.pid) - switches_before
    result = {"name": args.name, "url": args.url, "headers": args.header, "command": " ".join(command),
              "settings": settings, **parse_wrk(output)}
    requests = max(result["requests"], 1)
    result.update({
        "serverCpuSeconds": round(server_cpu, 2),
        "wrkCpuSeconds": round(wrk_cpu, 2),
        # Everything else that kept the 2 cores busy meanwhile (other jobs on the machine, the kernel's own work
        # not charged to a process); large values mean the numbers are disturbed.
        "otherCpuSeconds": round(max(0.0, busy - interrupts - server_cpu - wrk_cpu), 2),
        "interruptCpuSeconds": round(interrupts, 2),
        "serverCpuMicrosPerRequest": round(server_cpu / requests * 1e6, 1),
        "wrkCpuMicrosPerRequest": round(wrk_cpu / requests * 1e6, 1),
        "serverContextSwitchesPerRequest": round(switches / requests, 3),
        "loadAverageBefore": float(load_before),
        "raw": output,
    })
    if args.rss_pid:
        result["serverRssMb"] = rss_mb(args.rss_pid)
    if args.expect_bytes and result.get("bytesPerResponse") and result["bytesPerResponse"] < args.expect_bytes:
        raise SystemExit(f"{args.name}: {result['bytesPerResponse']} bytes per response, expected at least "
                         f"{args.expect_bytes} (a body): the server is not answering what it should")
    if args.expect_max_bytes and result.get("bytesPerResponse") and result["bytesPerResponse"] > args.expect_max_bytes:
        raise SystemExit(f"{args.name}: {result['bytesPerResponse']} bytes per response, expected at most "
                         f"{args.expect_max_bytes} (no body: a 304)")
    if result["non2xx3xx"] or result["socketErrors"]:
        print(f"warning: {args.name}: {result['non2xx3xx']} non-2xx/3xx, {result['socketErrors']} socket errors",
              file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"    {args.name:<24} {result['rps'] or 0:>10,.0f} req/s   p50 {result['p50Ms']:>8.3f} ms   "
          f"p99 {result['p99Ms']:>8.3f} ms   server {result['serverCpuMicrosPerRequest']:>7.1f} us/req   "
          f"wrk {result['wrkCpuMicrosPerRequest']:>5.1f} us/req   other {result['otherCpuSeconds']} cpu-s")


def profile(args):
    """perf record (CPU clock, call graphs) of one server during a wrk run with the benchmark's settings; writes the
    hottest symbols and a breakdown: kernel, GC, locks/spinning, JSON, ASP.NET Core, the rest."""
    wrk_command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds + 2}s"]
    for header in args.header:
        wrk_command += ["-H", header]
    load = subprocess.Popen(wrk_command + [args.url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    data = args.out + ".data"
    try:
        time.sleep(1)
        pids = ",".join(str(p) for p in descendants(args.pid))  # nginx: the master and its workers
        subprocess.run(["perf", "record", "-F", "999", "-g", "-o", data, "-p", pids, "--", "sleep", str(args.seconds)],
                       capture_output=True, timeout=args.seconds + 60, check=True)
    finally:
        load.communicate(timeout=args.seconds + 60)
    report_text = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "dso,sym", "-g", "none"],
                                 capture_output=True, text=True, timeout=300).stdout
    os.remove(data)
    rows = []
    for line in report_text.splitlines():
        m = re.match(r"\s+([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*)", line)
        if m:
            rows.append((float(m.group(1)), m.group(2), m.group(3), m.group(4).strip()))
    categories = {"kernel (syscalls, TCP, scheduler, VM exits)": 0.0, "GC": 0.0, "locks and spinning": 0.0,
                  "System.Text.Json": 0.0, "ASP.NET Core / Kestrel / pipelines": 0.0, "other user code": 0.0}
    for pct, dso, kind, sym in rows:
        if kind == "k":
            key = "kernel (syscalls, TCP, scheduler, VM exits)"
        elif re.search(r"^(SVR|WKS)::|gc_heap|GCHeap|RhpGcAlloc|RhpNew", sym):
            key = "GC"
        elif re.search(r"Monitor|SpinWait|sched_yield|PalSwitchToThread|Lock__|RhSpinWait|LowLevelLifoSemaphore|futex", sym):
            key = "locks and spinning"
        elif "System_Text_Json" in sym:
            key = "System.Text.Json"
        elif re.search(r"Microsoft_AspNetCore|System_IO_Pipelines|System_Net_Sockets", sym):
            key = "ASP.NET Core / Kestrel / pipelines"
        else:
            key = "other user code"
        categories[key] += pct
    result = {"name": args.name, "url": args.url, "seconds": args.seconds,
              "breakdownPercent": {k: round(v, 1) for k, v in categories.items()},
              "top": [{"percent": pct, "dso": dso, "symbol": sym[:160]} for pct, dso, kind, sym in rows[:30]]}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    with open(args.out[:-5] + ".txt", "w") as f:
        f.write(report_text)
    print(f"    perf {args.name}: " + ", ".join(f"{k} {v:.0f}%" for k, v in result["breakdownPercent"].items()))


def merge(args):
    """Several rounds of one measurement (run ABBA with the other servers) as one: the mean of each number."""
    runs = [json.load(open(f)) for f in args.rounds]
    result = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
            result[key] = round(statistics.fmean(values), 3) if len(values) == len(runs) else None
    result["name"] = os.path.basename(args.out)[len("wrk-"):-len(".json")]
    result["rounds"] = [{k: r.get(k) for k in ("rps", "p50Ms", "p99Ms", "serverCpuMicrosPerRequest", "otherCpuSeconds")} for r in runs]
    result["raw"] = "\n".join(r["raw"] for r in runs)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    each = ", ".join(f"{r['rps']:,.0f}" for r in runs)
    print(f"    {result['name']:<24} mean of {len(runs)}: {result['rps']:>10,.0f} req/s   p50 {result['p50Ms']:>8.3f} ms   "
          f"p99 {result['p99Ms']:>8.3f} ms   (rounds: {each} req/s)")


# ---------------------------------------------------------------------------------------------------------------------
# Talking to a server without forking


def http_get(port, path, headers=None, timeout=5.0):
    """One GET on a fresh connection: (status, headers dict lower-case, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_for_article(process, port, path, expect, deadline_s, pause_s=0.001, listening=None):
    """Polls until GET path answers 200 with `expect` in the body; returns the moment it did (perf_counter_ns).
    `listening` (a list) receives the moment the port first accepted a connection."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    give_up = time.monotonic() + deadline_s
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited with {process.returncode} before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                if listening is not None and not listening:
                    listening.append(time.perf_counter_ns())
                s.sendall(request)
                chunks = []
                while chunk := s.recv(65536):
                    chunks.append(chunk)
            response = b"".join(chunks)
            if response.startswith(b"HTTP/1.1 200") and expect.encode() in response:
                return time.perf_counter_ns()
        except OSError:
            pass
        time.sleep(pause_s)
    raise RuntimeError(f"no correct answer to {path} within {deadline_s} s")


def api_env(port, content=None, extra=()):
    env = dict(os.environ)
    env.update({"ASPNETCORE_URLS": f"http://127.0.0.1:{port}", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
    if content:
        env.update({"ContentStore__Kind": "FileSystem", "ContentStore__Path": content})
    for pair in extra:
        key, value = pair.split("=", 1)
        env[key] = value
    return env


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------------------------------------------------
# Cold start


def wait_for_host_dial(process, server, deadline_s):
    """Polls `server` (a listening socket) until the process connects to it; returns the moment it did."""
    give_up = time.monotonic() + deadline_s
    server.settimeout(0.005)
    while time.monotonic() < give_up:
        try:
            connection, _ = server.accept()
            moment = time.perf_counter_ns()
            connection.close()
            return moment
        except socket.timeout:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited with {process.returncode} before dialling its host")
    raise RuntimeError(f"the worker did not dial its host within {deadline_s} s")


def worker_env(folder, host_port, content, extra=()):
    """What the Functions host gives the isolated worker it starts (Functions__Worker__*), and the content store."""
    env = dict(os.environ)
    env.update({
        "Functions__Worker__HostEndpoint": f"http://127.0.0.1:{host_port}",
        "Functions__Worker__WorkerId": str(uuid.uuid4()),
        "Functions__Worker__RequestId": str(uuid.uuid4()),
        "Functions__Worker__GrpcMaxMessageLength": "2147483647",
        "FUNCTIONS_WORKER_DIRECTORY": folder,
        "FUNCTIONS_APPLICATION_DIRECTORY": folder,
        "ContentStore__Kind": "FileSystem",
        "ContentStore__Path": content,
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
    })
    for pair in extra:
        key, value = pair.split("=", 1)
        env[key] = value
    return env


APP_MEASURES = "process start -> first correct article response"
WORKER_MEASURES = ("process start -> content loaded, the worker dials its Functions host (host start, handshake and "
                   "first invocation not included)")


def coldstart(args):
    """Cold starts of any set of builds, each process fresh, kinds alternating, median of N. Two kinds of process:

    --kind    the self-hosted app: process start -> first 200 for `--path` containing `--expect`.
    --worker  the Functions isolated worker: process start -> its first TCP connection to the Functions host's endpoint.
              Program.cs loads the content index before host.RunAsync(), and only RunAsync dials, so by then the content
              is in memory. The Functions host cannot be installed here: this listens on the loopback port the worker is
              told the host is at, started as the host starts it (Functions__Worker__* settings).
    """
    if not args.kind and not args.worker:
        sys.exit("bench.py coldstart: name at least one --kind or --worker")
    if args.kind and not (args.path and args.expect):
        sys.exit("bench.py coldstart: --kind needs --path and --expect")
    kinds = {}
    for probe, specs in (("app", args.kind), ("worker", args.worker)):
        for spec in specs:
            name, rest = spec.split("=", 1)
            cwd, argv = rest.split("::", 1)
            words = argv.split()
            # Leading NAME=VALUE words are environment variables for that kind only.
            env = [w for w in words[: next((i for i, w in enumerate(words) if "=" not in w), len(words))]]
            kinds[name] = (probe, cwd, words[len(env):], env)
    runs = {name: [] for name in kinds}
    listen = {name: [] for name in kinds}
    rss = {name: [] for name in kinds}
    os.makedirs(args.logs, exist_ok=True)
    # Runs alternate between kinds, so background load on the machine falls on each alike.
    for run in range(1, args.runs + 1):
        line = f"    run {run}:"
        for name, (probe, cwd, argv, env) in kinds.items():
            with open(os.path.join(args.logs, f"coldstart-{name}-{run}.log"), "w") as log:
                if probe == "worker":
                    with socket.socket() as host:
                        host.bind(("127.0.0.1", 0))
                        host.listen(8)
                        start = time.perf_counter_ns()
                        process = subprocess.Popen(argv, cwd=cwd, env=worker_env(cwd, host.getsockname()[1], args.content, args.env + env),
                                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
                        try:
                            done = wait_for_host_dial(process, host, args.deadline)
                            rss[name].append(rss_mb(process.pid))
                        finally:
                            stop(process)
                else:
                    port = free_port()
                    start = time.perf_counter_ns()
                    process = subprocess.Popen(argv, cwd=cwd, env=api_env(port, args.content, args.env + env),
                                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
                    try:
                        accepted = []
                        done = wait_for_article(process, port, args.path, args.expect, args.deadline, listening=accepted)
                        rss[name].append(rss_mb(process.pid))
                        listen[name].append(round((accepted[0] - start) / 1e6, 1))
                    finally:
                        stop(process)
            ms = round((done - start) / 1e6, 1)
            runs[name].append(ms)
            line += f"  {name} {ms:.0f} ms"
        print(line, flush=True)
    result = {"runs": args.runs, "path": args.path, "content": args.content, "measuredAt": datetime.date.today().isoformat(),
              "kinds": {}}
    for name, (probe, cwd, argv, env) in kinds.items():
        result["kinds"][name] = {
            "process": probe,
            "measures": WORKER_MEASURES if probe == "worker" else APP_MEASURES,
            "environment": env,
            "medianMs": round(statistics.median(runs[name]), 1),
            "minMs": min(runs[name]),
            "maxMs": max(runs[name]),
            "runsMs": runs[name],
            # The app: Program.cs loads the content index before Kestrel listens: start-up = runtime + host + index,
            # then the first request reads and renders the article. The worker listens on nothing.
            "medianListenMs": round(statistics.median(listen[name]), 1) if listen[name] else None,
            "rssAtFirstResponseMb": statistics.median(r for r in rss[name] if r is not None),
            "command": " ".join(argv),
            "workingDirectory": cwd,
            "sizeMb": round(folder_bytes(cwd) / 1024 / 1024, 1),
        }
        listened = result["kinds"][name]["medianListenMs"]
        print(f"    {name:<10} median {result['kinds'][name]['medianMs']:.0f} ms"
              + (f", port open after {listened:.0f} ms" if listened is not None else ", content loaded (dials its host)")
              + f"  (runs: {runs[name]})")
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)


def folder_bytes(folder):
    """What would be deployed: debug symbols (kept beside a binary only so perf can name its functions) excluded."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files
               if not f.endswith((".dbg", ".pdb")))


# ---------------------------------------------------------------------------------------------------------------------
# Generated corpus


# The versions of a generated article, like the sample articles': earlier versions approved, the newest one under
# review (not public), so "latest" is the version before it. Every other article has three versions, the rest two.
GENERATED_REVIEWS = [
    ("2025-04-08", {"status": "approved", "reviewedBy": {"name": "Dr. Daniel Reyes", "credentials": "PharmD, BCPS"},
                    "reviewedOn": "2025-04-14", "nextReviewDue": "2026-04-14"}),
    ("2025-10-06", {"status": "approved", "reviewedBy": {"name": "Dr. Daniel Reyes", "credentials": "PharmD, BCPS"},
                    "reviewedOn": "2025-10-13", "nextReviewDue": "2026-12-14"}),
]
GENERATED_UNDER_REVIEW = ("2025-11-02", {"status": "under-review"})


def generated_versions(i):
    """(lastUpdated, review) of each version of generated article i: 2 or 3 versions, the last one under review."""
    return GENERATED_REVIEWS[: 1 + (i % 2)] + [GENERATED_UNDER_REVIEW]


def corpus(args):
    """N articles x 2-3 versions x 2 audiences, each a clone of a sample article with its own slug and title."""
    template = json.load(open(args.template, encoding="utf-8"))
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "articles"))
    shutil.copyfile(args.audiences, os.path.join(args.out, "audiences.json"))
    # The published syndication terms sit next to the vocabulary: a content folder needs both.
    shutil.copyfile(os.path.join(os.path.dirname(args.audiences), "syndication.json"), os.path.join(args.out, "syndication.json"))
    template.pop("$schema", None)
    template.pop("related", None)
    template.pop("relatedQuestions", None)
    slug_of = lambda i: f"generated-{i:05d}"
    versions = 0
    for i in range(1, args.count + 1):
        slug = slug_of(i)
        # Related articles must exist in the content set: each article links to the one before it, so every prefix
        # of the corpus (see subset) is a valid content set too.
        neighbours = [slug_of(i - 1)] if i > 1 else []
        os.makedirs(os.path.join(args.out, "articles", slug))
        for number, (last_updated, review) in enumerate(generated_versions(i), start=1):
            document = dict(template, slug=slug, version=number, lastUpdated=last_updated, review=review, title={
                "patient": f"Generated article {i}: what you need to know" + (f" (update {number - 1})" if number > 1 else ""),
                "clinician": f"Generated article {i}: clinical overview" + (f" (update {number - 1})" if number > 1 else ""),
            })
            if neighbours:
                document["related"] = neighbours
                document["relatedQuestions"] = [{"question": {"patient": "What else should I read?", "clinician": "Related reading"},
                                                 "answeredBy": neighbours[0]}]
            with open(os.path.join(args.out, "articles", slug, f"v{number}.json"), "w", encoding="utf-8") as f:
                json.dump(document, f, ensure_ascii=False, indent=2)
            versions += 1
    print(f"    {args.count} articles, {versions} versions in {args.out} ({folder_bytes(args.out) / 1024 / 1024:.0f} MB)")


def subset(args):
    """The first N articles of a corpus (every version of each), hard-linked (same bytes, no copy)."""
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "articles"))
    for name in ("audiences.json", "syndication.json"):
        shutil.copyfile(os.path.join(args.source, name), os.path.join(args.out, name))
    for slug in sorted(os.listdir(os.path.join(args.source, "articles")))[: args.count]:
        os.makedirs(os.path.join(args.out, "articles", slug))
        for name in os.listdir(os.path.join(args.source, "articles", slug)):
            os.link(os.path.join(args.source, "articles", slug, name), os.path.join(args.out, "articles", slug, name))


# ---------------------------------------------------------------------------------------------------------------------
# One API process on a corpus: start-up, warm-up, memory, index paging, wrk


def get_all(port, paths, expect_status=200):
    """Sequential keep-alive GETs; returns per-request latencies in ms."""
    latencies = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for path in paths:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status != expect_status:
                raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
    finally:
        connection.close()
    return latencies


def summary(latencies):
    ordered = sorted(latencies)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)
    return {"count": len(ordered), "meanMs": round(statistics.fmean(ordered), 3), "p50Ms": pick(0.5),
            "p99Ms": pick(0.99), "maxMs": round(ordered[-1], 3)}


def corpus_run(args):
    """Starts the API on a corpus and measures what the issue asks for at that size."""
    port = free_port()
    result = {"label": args.label, "articles": args.articles, "store": args.store, "build": args.build, "settings": args.env}
    log = open(os.path.join(args.logs, f"api-{args.label}.log"), "w")
    start = time.perf_counter_ns()
    process = subprocess.Popen(args.argv.split(), cwd=args.cwd, env=api_env(port, args.content, args.env),
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        first = args.first_slug
        done = wait_for_article(process, port, f"/api/v1/articles/{first}?audience=patient", '"audience":"patient"',
                                args.deadline, pause_s=0.005)
        result["startupMs"] = round((done - start) / 1e6, 1)
        result["rssAfterStartMb"] = rss_mb(process.pid)
        result["peakRssAfterStartMb"] = hwm_mb(process.pid)
        print(f"    {args.label}: first correct article after {result['startupMs']:.0f} ms, "
              f"RSS {result['rssAfterStartMb']} MB (peak {result['peakRssAfterStartMb']} MB)", flush=True)
        if args.warm_articles:
            slugs = [f"generated-{i:05d}" for i in range(1, args.warm_articles + 1)] if args.generated else [first]
            paths = [f"/api/v1/articles/{s}?audience={a}" for s in slugs for a in ("patient", "clinician")]
            first_pass = get_all(port, paths)
            result["warmup"] = {"requests": len(paths), "firstRequest": summary(first_pass),
                                "secondRequest": summary(get_all(port, paths))}
            result["rssAfterWarmMb"] = rss_mb(process.pid)
            print(f"    {args.label}: {len(paths)} distinct article URLs: first request mean "
                  f"{result['warmup']['firstRequest']['meanMs']} ms, repeat mean "
                  f"{result['warmup']['secondRequest']['meanMs']} ms; RSS {result['rssAfterWarmMb']} MB", flush=True)
        # The whole index, page by page, following nextCursor.
        pages, path = [], "/api/v1/articles?limit=100"
        latencies = []
        while path:
            t = time.perf_counter()
            status, _, body = http_get(port, path)
            latencies.append((time.perf_counter() - t) * 1000)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
            pages.append(path)
            links = json.loads(body).get("links") or {}
            path = links.get("next")
        result["indexPaging"] = {"pages": len(pages), "firstPass": summary(latencies), "secondPass": summary(get_all(port, pages))}
        if args.search:
            # Distinct queries (each a cache miss): one article's title words, the way a reader searches for it.
            step = max(1, args.articles // args.search)
            queries = [f"/api/v1/search?q=generated+article+{i}&audience=patient" for i in range(1, args.articles + 1, step)][: args.search]
            result["search"] = {"requests": len(queries), "latency": summary(get_all(port, queries))}
            print(f"    {args.label}: {len(queries)} distinct searches: mean {result['search']['latency']['meanMs']} ms, "
                  f"p99 {result['search']['latency']['p99Ms']} ms", flush=True)
        result["rssAfterPagingMb"] = rss_mb(process.pid)
        print(f"    {args.label}: index paged in {len(pages)} pages of 100: first pass mean "
              f"{result['indexPaging']['firstPass']['meanMs']} ms/page, p99 {result['indexPaging']['firstPass']['p99Ms']} ms; "
              f"RSS {result['rssAfterPagingMb']} MB", flush=True)
        if args.warm_all:
            slugs = [f"generated-{i:05d}" for i in range(1, args.articles + 1)]
            paths = [f"/api/v1/articles/{s}?audience={a}" for s in slugs for a in ("patient", "clinician")]
            result["warmAll"] = {"requests": len(paths), "latency": summary(get_all(port, paths))}
            result["rssAfterWarmAllMb"] = rss_mb(process.pid)
            print(f"    {args.label}: all {len(paths)} article URLs requested; RSS {result['rssAfterWarmAllMb']} MB", flush=True)
        paths_file = os.path.join(args.logs, f"index-pages-{args.label}.txt")
        with open(paths_file, "w") as f:
            f.write("\n".join(pages) + "\n")
        result["pagesFile"] = paths_file
        result["port"] = port
        result["peakRssMb"] = hwm_mb(process.pid)
        if args.wrk_duration:
            base = ["--threads", str(args.threads), "--connections", str(args.connections), "--duration",
                    str(args.wrk_duration), "--warmup", str(args.wrk_warmup), "--pid", str(process.pid)]
            runs = [("index-first-page", "/api/v1/articles?limit=100", []),
                    ("index-all-pages", "/", ["--script", args.pages_script, "--paths", paths_file]),
                    ("article-200", f"/api/v1/articles/{first}?audience=patient", [])]
            result["wrk"] = {}
            for name, url_path, extra in runs:
                out = os.path.join(args.logs, f"wrk-{args.label}-{name}.json")
                ns = parse_wrk_args([name, f"http://127.0.0.1:{port}{url_path}", "--out", out] + base + extra)
                wrk(ns)
                result["wrk"][name] = json.load(open(out))
            result["rssAfterWrkMb"] = rss_mb(process.pid)
        result["peakRssMb"] = hwm_mb(process.pid)
    except (RuntimeError, OSError) as e:
        if not args.allow_failure:
            raise
        result["error"] = f"{e} (see {log.name})"
        print(f"    {args.label}: FAILED: {result['error']}", file=sys.stderr)
    finally:
        stop(process)
        log.close()
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)


def fileopens(args):
    """Store access of the shipped binary itself, without product changes: strace its file-system calls during N warm
    requests. Version reads would show as openat of articles/{slug}/v{N}.json; index re-checks (a fingerprint of the
    folder, at most once per refresh interval) as directory listings and stats under the content folder."""
    path = args.path
    get_all(args.port, [path] * 200)
    trace = os.path.join(args.logs, "strace-warm-requests.txt")
    tracer = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=openat,openat2,newfstatat,statx,getdents64", "-o", trace,
                               "-p", str(args.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        start = time.perf_counter()
        get_all(args.port, [path] * args.count)
        elapsed = time.perf_counter() - start
        time.sleep(0.2)
    finally:
        tracer.send_signal(signal.SIGINT)
        try:
            tracer.wait(timeout=10)
        except subprocess.TimeoutExpired:
            tracer.kill()
            tracer.wait()
    content = os.path.realpath(args.content)
    lines = open(trace).read().splitlines()
    version_opens = [l for l in lines if "openat" in l and content in l and re.search(r"/v\d+\.json", l)]
    under_content = [l for l in lines if content in l]
    result = {"requests": args.count, "seconds": round(elapsed, 2), "versionFileOpens": len(version_opens),
              "fileSystemCallsUnderContentFolder": len(under_content),
              "directoryListings": sum(1 for l in lines if "getdents64" in l),
              "traceLines": len(lines), "trace": trace}
    result["versionFileOpensPer1000"] = round(len(version_opens) * 1000 / args.count, 2)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"    strace of the AOT server over {args.count} warm requests ({elapsed:.1f} s): {len(version_opens)} version-file opens, "
          f"{len(under_content)} file-system calls under the content folder")


# ---------------------------------------------------------------------------------------------------------------------
# Report


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}{suffix}"


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def report(args):
    d = args.dir
    meta = load(os.path.join(d, "run.json")) or {}
    mach = load(os.path.join(d, "machine.json")) or {}
    w = {name[4:-5]: load(os.path.join(d, name)) for name in sorted(os.listdir(d)) if name.startswith("wrk-") and name.endswith(".json")}
    cold = load(os.path.join(d, "coldstart.json")) or {"kinds": {}}
    hot = load(os.path.join(d, "hotpath.json")) or {}
    corpora = [c for c in (load(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.startswith("corpus-") and f.endswith(".json")) if c]
    blob = [c for c in (load(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.startswith("blobstart-") and f.endswith(".json")) if c]

    def metric(run, key):
        return (w.get(run) or {}).get(key)

    def ratio(a, b):
        return None if a is None or b in (None, 0) else a / b

    rows, targets = [], []

    def row(name, api, nginx=None, azurite=None, r=None, target="", met=None, digits=0, unit=""):
        rows.append((name, fmt(api, digits, unit), fmt(nginx, digits, unit), fmt(azurite, digits, unit),
                     fmt(r, 2, "×") if r is not None else "—", target,
                     "—" if met is None else ("met" if met else "**missed**")))
        if met is not None:
            targets.append({"metric": name, "target": target, "api": api, "nginx": nginx, "ratio": r, "met": met})

    # Warm targets, each URL kind and status: requests/s ≥ 1.0 × nginx and p99 ≤ nginx's, on the same bytes.
    for tag, what in (("", "article"), ("version-", "version"), ("index-", "index page")):
        for status in ("200", "304"):
            api, ngx, az = f"api-{tag}{status}", f"nginx-{tag}{status}", f"azurite-{tag}{status}"
            if not w.get(api):
                continue
            r = ratio(metric(api, "rps"), metric(ngx, "rps"))
            row(f"warm GET {status} ({what}): requests/s", metric(api, "rps"), metric(ngx, "rps"), metric(az, "rps"), r,
                "≥ 1.0 × nginx", None if r is None else r >= 1.0)
            row(f"warm GET {status} ({what}): p50 latency", metric(api, "p50Ms"), metric(ngx, "p50Ms"), metric(az, "p50Ms"),
                ratio(metric(api, "p50Ms"), metric(ngx, "p50Ms")), digits=2, unit=" ms")
            r = ratio(metric(api, "p99Ms"), metric(ngx, "p99Ms"))
            row(f"warm GET {status} ({what}): p99 latency", metric(api, "p99Ms"), metric(ngx, "p99Ms"), metric(az, "p99Ms"), r,
                "≤ 1.0 × nginx", None if r is None else r <= 1.0, digits=2, unit=" ms")
            row(f"warm GET {status} ({what}): server CPU per request", metric(api, "serverCpuMicrosPerRequest"),
                metric(ngx, "serverCpuMicrosPerRequest"), metric(az, "serverCpuMicrosPerRequest"),
                ratio(metric(api, "serverCpuMicrosPerRequest"), metric(ngx, "serverCpuMicrosPerRequest")), digits=1, unit=" µs")
    for name in sorted(k[8:] for k in w if k.startswith("api-200-")):
        env = {"gc-workstation": "DOTNET_gcServer=0", "inline-sockets": "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1",
               "spin-off": "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"}
        label = " + ".join(env.get(part, part) for part in name.split("+"))
        for status in ("200", "304"):
            run = f"api-{status}-{name}"
            row(f"variant {label}: warm GET {status} req/s (p99)", f"{fmt(metric(run, 'rps'))} ({fmt(metric(run, 'p99Ms'), 2)} ms)",
                metric(f"nginx-{status}", "rps"), None, ratio(metric(run, "rps"), metric(f"nginx-{status}", "rps")))
    if w.get("azurite-version-blob-200"):
        row("raw version blob (v2.json, both audiences) 200: requests/s", None, None, metric("azurite-version-blob-200", "rps"))

    labels = {"aot": "Native AOT", "r2r": "ReadyToRun", "jit": "JIT", "worker-r2r": "Functions worker, ReadyToRun package",
              "worker-jit": "Functions worker, JIT"}
    for kind in cold["kinds"]:
        k = cold["kinds"][kind]
        label = labels.get(kind) or f"Native AOT with {' '.join(k.get('environment') or [kind])}"
        if k and k.get("process") == "worker":
            row(f"cold start {label}: spawn → content loaded, dials its host (median of {cold['runs']}; host start and first invocation not included)",
                k["medianMs"], unit=" ms")
        elif k:
            target = "≤ 150 ms (shipped: AOT)" if kind == "aot" else ""
            row(f"cold start {label}: spawn → first correct article (median of {cold['runs']}; port open at {fmt(k.get('medianListenMs'))} ms)", k["medianMs"],
                target=target, met=(k["medianMs"] <= 150) if kind == "aot" else None, unit=" ms")
    ok = hot.get("ok") or {}
    nm = hot.get("notModified") or {}
    if ok:
        row("store reads per 1,000 warm requests (200 / 304)", f"{fmt(ok['storeReadsPer1000'])} / {fmt(nm.get('storeReadsPer1000'))}",
            target="0", met=ok["storeReadsPer1000"] == 0 and nm.get("storeReadsPer1000") == 0)
        row("JSON parses + serialisations per 1,000 warm requests", f"{fmt(ok['versionReadsPer1000'] + ok['rendersPer1000'])} / "
            f"{fmt(nm.get('versionReadsPer1000', 0) + nm.get('rendersPer1000', 0))}", target="0",
            met=ok["versionReadsPer1000"] + ok["rendersPer1000"] == 0)
        row("bytes allocated per warm request, whole process (200 / 304)",
            f"{fmt(ok['serverBytesAllocatedPerRequest'])} / {fmt(nm.get('serverBytesAllocatedPerRequest'))} B")
    opens = load(os.path.join(d, "fileopens.json"))
    if opens:
        row("version-file opens per 1,000 warm requests (strace of the AOT server)", opens["versionFileOpensPer1000"],
            target="0", met=opens["versionFileOpens"] == 0, digits=1)
    if w.get("api-200") and w["api-200"].get("serverRssMb"):
        row("RSS after the warm runs, sample content", w["api-200"]["serverRssMb"], unit=" MB", digits=1)
    for c in corpora:
        label = f"sample content ({c['articles']} articles)" if c["label"] == "sample" else f"{c['articles']:,} articles"
        row(f"start-up → first correct article, {label} (file store)", c["startupMs"], unit=" ms",
            target="flat in corpus size (≤ 2 × sample)" if c is corpora[-1] and len(corpora) > 1 else "",
            met=(c["startupMs"] <= 2 * corpora[0]["startupMs"] + 100) if c is corpora[-1] and len(corpora) > 1 else None)
    for b in blob:
        label = f"sample content ({b['articles']} articles)" if b["label"] == "blob-sample" else f"{b['articles']:,} articles"
        row(f"start-up → first correct article, {label} (blob store, Azurite)",
            f"failed: {b['error']}" if "error" in b else b["startupMs"], unit=" ms")
    for b in blob:
        if "error" in b or b["label"] == "blob-sample":
            continue
        row(f"RSS at {b['articles']:,} articles (blob store) after start / {b['warmup']['requests']:,} URLs"
            if b.get("warmup") else f"RSS at {b['articles']:,} articles (blob store) after start",
            f"{fmt(b.get('rssAfterStartMb'), 1)} / {fmt(b.get('rssAfterWarmMb'), 1)} MB" if b.get("warmup") else b.get("rssAfterStartMb"),
            unit="" if b.get("warmup") else " MB", digits=1)
        final = max(v for v in (b.get("rssAfterPagingMb"), b.get("rssAfterWarmAllMb"), b.get("rssAfterStartMb")) if v is not None)
        row(f"RSS at {b['articles']:,} articles (blob store), end of run (cache bound 64 MiB)", final, target="≤ 100 MB",
            met=final <= 100, unit=" MB", digits=1)
    big = corpora[-1] if corpora else None
    if big and big["articles"]:
        final = max(v for v in (big.get("rssAfterPagingMb"), big.get("rssAfterWarmAllMb"), big.get("rssAfterWrkMb")) if v is not None)
        row(f"RSS at {big['articles']:,} articles (file store) after start", big["rssAfterStartMb"], unit=" MB", digits=1)
        if big.get("rssAfterWarmMb") is not None:
            row(f"RSS at {big['articles']:,} articles after {big['warmup']['requests']:,} distinct article URLs",
                big["rssAfterWarmMb"], unit=" MB", digits=1)
        row(f"RSS at {big['articles']:,} articles (file store), end of run (cache bound 64 MiB)", final, target="≤ 100 MB",
            met=final <= 100, unit=" MB", digits=1)
        row(f"peak RSS at {big['articles']:,} articles", big["peakRssMb"], unit=" MB", digits=1)
        for f in sorted(os.listdir(d)):
            if f.startswith("variant-corpus-") and f.endswith(".json"):
                v = load(os.path.join(d, f))
                row(f"variant {v['label']} ({' '.join(v['settings'])}): RSS after start / after warm-up and paging / peak",
                    f"{fmt(v.get('rssAfterStartMb'), 1)} / {fmt(v.get('rssAfterPagingMb'), 1)} / {fmt(v.get('peakRssMb'), 1)} MB")
        p = big["indexPaging"]
        row(f"index page (limit=100) at {big['articles']:,}: first render, mean / p99",
            f"{fmt(p['firstPass']['meanMs'], 2)} / {fmt(p['firstPass']['p99Ms'], 2)} ms")
        for name, label in (("index-first-page", "first page"), ("index-all-pages", f"all {p['pages']} pages")):
            run = (big.get("wrk") or {}).get(name)
            if run:
                row(f"index {label} warm (wrk): req/s, p50 / p99", f"{fmt(run['rps'])} req/s, {fmt(run['p50Ms'], 2)} / {fmt(run['p99Ms'], 2)} ms")
        run = (big.get("wrk") or {}).get("article-200")
        if run:
            row(f"warm GET 200 at {big['articles']:,} articles: req/s, p50 / p99",
                f"{fmt(run['rps'])} req/s, {fmt(run['p50Ms'], 2)} / {fmt(run['p99Ms'], 2)} ms")

    search = load(os.path.join(d, "searchindex.json"))
    if search:
        row(f"search index at {search['articles']:,} articles × {search['audiences']} audiences: build (median of runs) / retained memory",
            f"{fmt(search['buildMsMedian'])} ms / {fmt(search['retainedMB'], 1)} MB")
        row("uncached search at that size: " + ", ".join(f"`{q}` ({t['hits']:,} hits)" for q, t in search["searchUncached"].items()),
            " / ".join(fmt(t["ms"], 2) for t in search["searchUncached"].values()) + " ms")

    change = load(os.path.join(d, "changecost.json"))
    if change:
        sizes = change["sizes"]
        first = sizes[0]
        for s in sizes:
            p, u, f = s["instancePickup"], s["publishOneVersion"], s["changeFeedBuild"]
            # Picking up a change should cost the change, not the corpus: flat bytes from the smallest corpus up.
            flat = p["downloadedBytes"] <= 2 * first["instancePickup"]["downloadedBytes"]
            row(f"cost per change at {s['articles']:,} articles (index {s['indexBlobBytes'] / 1e6:.1f} MB): instance pickup, "
                f"downloaded / CPU (snapshot rebuild)",
                f"{fmt(p['downloadedBytes'])} B / {fmt(p['cpuMs'])} ms ({fmt(s['snapshotRebuild']['cpuMs'])} ms)",
                target="bytes track the change (flat)" if s is not first else "", met=flat if s is not first else None)
            row(f"cost per change at {s['articles']:,} articles: publish of one version, down / up / wall; change feed build",
                f"{u['downloadedBytes'] / 1e6:.1f} / {u['uploadedBytes'] / 1e6:.1f} MB / {fmt(u['wallMs'])} ms; {fmt(f['wallMs'])} ms")

    memory_and_startup_rows(d, row, corpora[-1] if len(corpora) > 1 else None)

    settings = (w.get("api-200") or {}).get("settings") or {}
    client = (f"wrk -t{settings.get('threads')} -c{settings.get('connections')} -d{settings.get('durationSeconds')}s --latency "
              f"(after a {settings.get('warmupSeconds')} s warm-up run with the same settings)") if settings else "—"
    lines = [
        f"### Benchmark results ({meta.get('mode', '?')} run, {meta.get('finishedAt', '?')})",
        "",
        f"Machine: {mach.get('nproc')} vCPU {mach.get('cpuModel')}, {mach.get('memoryGiB')} GiB RAM, Linux {mach.get('kernel')} "
        f"({mach.get('os')}), .NET SDK {mach.get('dotnetSdk')} / runtime {mach.get('dotnetRuntime')}, {mach.get('nginx')}, "
        f"{mach.get('wrk')}, Azurite {meta.get('azuriteVersion', '?')} on Node {mach.get('node')}. "
        f"wrk and the server share the same {mach.get('nproc')} cores.",
        f"Client: {client}, one URL, {meta.get('documentBytes', '?')} bytes body.",
        f"API: {meta.get('apiBuild', '?')}. nginx: {meta.get('nginxWorkers', '?')}.",
        "",
        "| metric | API | nginx | Azurite | API ÷ nginx | target | |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    warm = [t for t in targets if t["metric"].startswith("warm GET")]
    if warm:
        lines += ["", "Warm targets (API ÷ nginx on the same bytes, same run):", ""]
        lines += [f"- {t['metric']}: {fmt(t['ratio'], 2, '×')} nginx, target {t['target']}: {'met' if t['met'] else 'missed'}" for t in warm]
    profiles = {f[8:-5]: load(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.startswith("profile-") and f.endswith(".json")}
    if profiles:
        names = list(profiles)
        lines += ["", "CPU profile of the server (perf, share of its samples during a 5 s run):", "",
                  "| where | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
        for key in next(iter(profiles.values()))["breakdownPercent"]:
            lines.append(f"| {key} | " + " | ".join(f"{profiles[n]['breakdownPercent'][key]:.0f}%" for n in names) + " |")
        lines.append("| server CPU per request | " + " | ".join(fmt(metric(n, "serverCpuMicrosPerRequest"), 1, " µs") for n in names) + " |")
        lines.append("| context switches per request | " + " | ".join(fmt(metric(n, "serverContextSwitchesPerRequest"), 2) for n in names) + " |")
    sample = hot.get("allocationSample")
    if sample:
        short = lambda name: re.sub(r"\b(?:[A-Za-z_][\w`]*\.)+", "", name)
        top = ", ".join(f"{short(t['type'])} {t['bytesPerRequest']:.0f} B" for t in sample["types"][:10])
        lines += ["", f"What a warm 200 allocates (in-process JIT host, {sample['ticks']} allocation ticks over {sample['requests']:,} "
                  f"requests, ≈ {sample['estimatedBytesPerRequest']:.0f} B/request): {top}."]
    if meta.get("mode") == "smoke":
        lines += ["", "Smoke run: 1 s runs prove the harness works end to end; these numbers are not a benchmark."]
    disturbed = [f"{k} ({v['otherCpuSeconds']} cpu-s)" for k, v in w.items() if v and v.get("otherCpuSeconds", 0) > 0.2 * v["settings"]["durationSeconds"]]
    if disturbed:
        lines += ["", f"Other processes used noticeable CPU during: {', '.join(disturbed)}."]
    table = "\n".join(lines)
    results = {
        "schema": 1,
        "run": meta,
        "machine": mach,
        "throughput": {k: {kk: vv for kk, vv in v.items() if kk != "raw"} for k, v in w.items() if v},
        "coldStart": cold,
        "hotPath": hot,
        "corpus": corpora,
        "blobStoreStartup": blob,
        "ratios": {
            "rps200": ratio(metric("api-200", "rps"), metric("nginx-200", "rps")),
            "rps304": ratio(metric("api-304", "rps"), metric("nginx-304", "rps")),
            "p99_200": ratio(metric("api-200", "p99Ms"), metric("nginx-200", "p99Ms")),
            "p99_304": ratio(metric("api-304", "p99Ms"), metric("nginx-304", "p99Ms")),
        },
        "targets": targets,
        "profiles": profiles,
        "table": table,
    }
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(d, "results.md"), "w") as f:
        f.write(table + "\n")
    print(table)


def memory_and_startup_rows(d, row, big):
    """The issue's memory and start-up targets (decision 0012), from the largest corpus run (file store, AOT), the
    scale-*.json runs (the JIT build on it; 100,000 articles) and the blob-store runs: start-up and RSS after warming,
    index page and search p99."""
    runs = [big] + [load(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.startswith(("scale-", "blobstart-")) and f.endswith(".json")]
    for c in (r for r in runs if r and r.get("label") != "blob-sample"):
        where = f"{c['articles']:,} articles, {c['store']} store, {c.get('build', 'AOT')}"
        if "error" in c:
            row(f"{where}: failed", c["error"])
            continue
        big = c["articles"] >= 100000
        row(f"start-up → first correct article, {where}", c["startupMs"], unit=" ms", target="≤ 3 s" if big else "≤ 1 s",
            met=c["startupMs"] <= (3000 if big else 1000))
        if c.get("rssAfterWarmMb") is not None:
            row(f"RSS after warming {c['warmup']['requests'] // 2:,} articles, {where}", c["rssAfterWarmMb"], unit=" MB", digits=1,
                target="≤ 250 MB" if big else "≤ 100 MB", met=c["rssAfterWarmMb"] <= (250 if big else 100))
        if big:
            row(f"index page (limit=100) p99, first render of every page, {where}", c["indexPaging"]["firstPass"]["p99Ms"],
                unit=" ms", digits=2, target="≤ 5 ms", met=c["indexPaging"]["firstPass"]["p99Ms"] <= 5)
            if c.get("search"):
                row(f"search p99 ({c['search']['requests']} distinct queries), {where}", c["search"]["latency"]["p99Ms"],
                    unit=" ms", digits=2, target="≤ 20 ms", met=c["search"]["latency"]["p99Ms"] <= 20)


# ---------------------------------------------------------------------------------------------------------------------


def parse_wrk_args(argv):
    p = argparse.ArgumentParser(prog="bench.py wrk")
    p.add_argument("name")
    p.add_argument("url")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--header", action="append", default=[])
    p.add_argument("--script")
    p.add_argument("--paths")
    p.add_argument("--pid", type=int, action="append", default=[], help="server process (its descendants count too)")
    p.add_argument("--rss-pid", type=int)
    p.add_argument("--expect-bytes", type=int, help="fail unless each response is at least this big (a body)")
    p.add_argument("--expect-max-bytes", type=int, help="fail unless each response is at most this big (a 304)")
    return p.parse_args(argv)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "wrk":
        return wrk(parse_wrk_args(sys.argv[2:]))
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("machine")
    c = sub.add_parser("coldstart")
    c.add_argument("--kind", action="append", default=[], help="the self-hosted app: NAME=CWD::ARGV")
    c.add_argument("--worker", action="append", default=[], help="the Functions isolated worker: NAME=CWD::ARGV")
    c.add_argument("--runs", type=int, default=7)
    c.add_argument("--content", required=True)
    c.add_argument("--path", help="with --kind: the article to ask for")
    c.add_argument("--expect", help="with --kind: text the first correct answer contains")
    c.add_argument("--deadline", type=float, default=60)
    c.add_argument("--env", action="append", default=[])
    c.add_argument("--logs", required=True)
    c.add_argument("--out", required=True)
    g = sub.add_parser("corpus")
    g.add_argument("--count", type=int, required=True)
    g.add_argument("--template", required=True)
    g.add_argument("--audiences", required=True)
    g.add_argument("--out", required=True)
    s = sub.add_parser("subset")
    s.add_argument("--source", required=True)
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--out", required=True)
    r = sub.add_parser("corpus-run")
    r.add_argument("--label", required=True)
    r.add_argument("--articles", type=int, required=True)
    r.add_argument("--generated", action="store_true")
    r.add_argument("--store", default="file")
    r.add_argument("--build", default="AOT", help="what --argv runs, for the report: AOT or JIT")
    r.add_argument("--content")
    r.add_argument("--first-slug", required=True)
    r.add_argument("--cwd", required=True)
    r.add_argument("--argv", required=True)
    r.add_argument("--env", action="append", default=[])
    r.add_argument("--deadline", type=float, default=300)
    r.add_argument("--warm-articles", type=int, default=0)
    r.add_argument("--warm-all", action="store_true")
    r.add_argument("--search", type=int, default=0, help="distinct search queries to time after paging the index")
    r.add_argument("--wrk-duration", type=int, default=0)
    r.add_argument("--wrk-warmup", type=int, default=1)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--connections", type=int, default=32)
    r.add_argument("--pages-script")
    r.add_argument("--allow-failure", action="store_true", help="record an error instead of failing the run")
    r.add_argument("--logs", required=True)
    r.add_argument("--out", required=True)
    o = sub.add_parser("fileopens")
    o.add_argument("--pid", type=int, required=True)
    o.add_argument("--port", type=int, required=True)
    o.add_argument("--path", required=True)
    o.add_argument("--content", required=True)
    o.add_argument("--count", type=int, default=1000)
    o.add_argument("--logs", required=True)
    o.add_argument("--out", required=True)
    f = sub.add_parser("profile")
    f.add_argument("name")
    f.add_argument("url")
    f.add_argument("--pid", type=int, required=True)
    f.add_argument("--header", action="append", default=[])
    f.add_argument("--seconds", type=int, default=5)
    f.add_argument("--threads", type=int, default=1)
    f.add_argument("--connections", type=int, default=32)
    f.add_argument("--out", required=True)
    g2 = sub.add_parser("merge")
    g2.add_argument("--out", required=True)
    g2.add_argument("rounds", nargs="+")
    q = sub.add_parser("quiet")
    q.add_argument("--max-wait", type=float, default=300)
    q.add_argument("--threshold", type=float, default=0.10)
    q.add_argument("--interval", type=float, default=3)
    m = sub.add_parser("report")
    m.add_argument("--dir", required=True)
    args = p.parse_args()
    {"machine": machine, "coldstart": coldstart, "corpus": corpus, "subset": subset, "corpus-run": corpus_run,
     "fileopens": fileopens, "quiet": quiet, "profile": profile, "merge": merge, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
