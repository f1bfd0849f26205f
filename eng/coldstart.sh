#!/usr/bin/env bash
# Measures cold starts, each process fresh, runs alternating between kinds, median of N (default 7):
#
#   worker-r2r  the deployment package (eng/package.sh, ReadyToRun) and
#   worker-jit  the same worker published without ReadyToRun:
#               process start -> the worker dials its Functions host for the first time. Program.cs loads the content
#               index before host.RunAsync(), and only RunAsync dials, so by then the content is in memory. The Functions
#               host cannot be installed here: this script listens on the loopback port the worker is told the host is
#               at, started as the host starts it (`dotnet MedicalContent.Functions.dll` in the unpacked package,
#               Functions__Worker__* settings), and stops the clock at the first TCP connection. Not included: the host's
#               own start, the init handshake, loading functions.metadata and the first invocation.
#   aot         the self-hosted app, Native AOT (`--urls http://127.0.0.1:PORT`): process start -> first correct article
#               (200 for /api/v1/articles/insulin-resistance?audience=patient containing "audience":"patient").
#
# Usage: eng/coldstart.sh [--runs N]
#
# Content: the repository's content-json/ (file store). Files are in the page cache after the first run, so this is a
# process cold start, not a cold VM. Everything listens on 127.0.0.1; every process started here is stopped.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

runs=7
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "coldstart.sh: unknown argument '$1' (usage: eng/coldstart.sh [--runs N])" >&2; exit 2 ;;
  esac
done
[[ "${runs}" =~ ^[1-9][0-9]*$ ]] || { echo "coldstart.sh: --runs must be a positive number, not '${runs}'" >&2; exit 2; }

command -v dotnet >/dev/null 2>&1 || { echo "coldstart.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
if ! command -v python3 >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/mc-coldstart.XXXXXX")"
driver=""
cleanup() {
  if [[ -n "${driver}" ]] && kill -0 "${driver}" 2>/dev/null; then
    kill "${driver}" 2>/dev/null || true
    wait "${driver}" 2>/dev/null || true
  fi
  rm -rf "${work}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

publish() {
  local name="$1"
  shift
  if ! dotnet publish "$@" --disable-build-servers -nologo -clp:NoSummary </dev/null >"${work}/publish-${name}.log" 2>&1; then
    cat "${work}/publish-${name}.log" >&2
    echo "coldstart.sh: dotnet publish (${name}) failed (output above)" >&2
    exit 1
  fi
}

echo "==> worker-r2r: eng/package.sh, unpacked"
eng/package.sh --out "${work}/package" | sed 's/^/    /'
python3 -m zipfile -e "${work}/package/medical-content-api.zip" "${work}/worker-r2r"

echo "==> worker-jit: dotnet publish src/MedicalContent.Functions -p:PublishReadyToRun=false"
# Shares eng/package.sh's build folder (and its lock), so only the publish step differs from the package.
exec {lock}>"${repo_root}/artifacts/package-build/.lock"
flock -w 1800 "${lock}"
publish worker-jit src/MedicalContent.Functions/MedicalContent.Functions.csproj -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=false --artifacts-path "${repo_root}/artifacts/package-build" -o "${work}/worker-jit"
flock -u "${lock}"

echo "==> aot: dotnet publish src/MedicalContent.Api (Native AOT)"
publish aot src/MedicalContent.Api/MedicalContent.Api.csproj -c Release -r linux-x64 \
  --artifacts-path "${repo_root}/artifacts/coldstart-build/aot" -o "${work}/aot"
[[ -x "${work}/aot/MedicalContent.Api" ]] || { echo "coldstart.sh: no Native AOT executable in ${work}/aot" >&2; exit 1; }

echo "==> ${runs} runs per kind, alternating"
python3 - "${work}" "${repo_root}/content-json" "${runs}" <<'PY' &
import http.client, os, signal, socket, statistics, subprocess, sys, time, uuid

work, content, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
article = "/api/v1/articles/insulin-resistance?audience=patient"
expect = b'"audience":"patient"'
deadline_s = 60
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the process being measured


def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.settimeout(0.005)
    return s, s.getsockname()[1]


def stop(process):
    if process.poll() is None:
        process.kill()
    process.wait()


def fail(kind, run, why):
    with open(os.path.join(work, f"{kind}-{run}.log"), errors="replace") as log:
        sys.stderr.write(log.read())
    sys.exit(f"coldstart.sh: {kind} run {run}: {why}")


def worker(kind, run):
    """Process start -> first TCP connection to the (absent) Functions host's endpoint."""
    folder = os.path.join(work, kind)
    server, port = listener()
    env = dict(os.environ,
               Functions__Worker__HostEndpoint=f"http://127.0.0.1:{port}",
               Functions__Worker__WorkerId=str(uuid.uuid4()),
               Functions__Worker__RequestId=str(uuid.uuid4()),
               Functions__Worker__GrpcMaxMessageLength="2147483647",
               FUNCTIONS_WORKER_DIRECTORY=folder,
               FUNCTIONS_APPLICATION_DIRECTORY=folder,
               ContentStore__Kind="FileSystem",
               ContentStore__Path=content)
    with server, open(os.path.join(work, f"{kind}-{run}.log"), "w") as log:
        start = time.perf_counter_ns()
        process = subprocess.Popen(["dotnet", "MedicalContent.Functions.dll"], cwd=folder, env=env,
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            while True:
                try:
                    connection, _ = server.accept()
                    end = time.perf_counter_ns()
                    connection.close()
                    return (end - start) / 1e6
                except socket.timeout:
                    pass
                if process.poll() is not None:
                    fail(kind, run, f"the worker exited ({process.returncode}) before dialling its host")
                if time.perf_counter_ns() - start > deadline_s * 1e9:
                    fail(kind, run, f"the worker did not dial its host within {deadline_s} s")
        finally:
            stop(process)


def aot(kind, run):
    """Process start -> first 200 for the article with the patient audience."""
    folder = os.path.join(work, kind)
    probe, port = listener()
    probe.close()  # a port that was free a moment ago
    env = dict(os.environ, ContentStore__Kind="FileSystem", ContentStore__Path=content)
    with open(os.path.join(work, f"{kind}-{run}.log"), "w") as log:
        start = time.perf_counter_ns()
        process = subprocess.Popen(["./MedicalContent.Api", "--urls", f"http://127.0.0.1:{port}"], cwd=folder, env=env,
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            while True:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", article)
                    response = connection.getresponse()
                    body = response.read()
                    connection.close()
                    if response.status == 200 and expect in body:
                        return (time.perf_counter_ns() - start) / 1e6
                except OSError:
                    pass
                if process.poll() is not None:
                    fail(kind, run, f"the app exited ({process.returncode}) before answering")
                if time.perf_counter_ns() - start > deadline_s * 1e9:
                    fail(kind, run, f"no correct answer to {article} within {deadline_s} s")
                time.sleep(0.001)
        finally:
            stop(process)


kinds = {
    "worker-r2r": (worker, "process start -> content loaded, worker dials its host (package, ReadyToRun)"),
    "worker-jit": (worker, "the same, published without ReadyToRun (JIT)"),
    "aot": (aot, "self-hosted app, Native AOT: process start -> first correct article response"),
}
times = {kind: [] for kind in kinds}
# Alternating, so background load on the machine falls on every kind alike.
for run in range(1, runs + 1):
    for kind, (measure, _) in kinds.items():
        times[kind].append(measure(kind, run))
    print(f"    run {run}: " + "  ".join(f"{kind} {times[kind][-1]:.0f} ms" for kind in kinds), flush=True)

print(f"==> cold start, median of {runs} runs (ms)")
print(f"    {'kind':<11} {'median':>6}  {'runs':<{6 * runs}}  measures")
for kind, (_, meaning) in kinds.items():
    all_runs = " ".join(f"{t:5.0f}" for t in times[kind])
    print(f"    {kind:<11} {statistics.median(times[kind]):6.0f}  {all_runs:<{6 * runs}}  {meaning}")
print("    The worker numbers stop before the Functions host's part (its own start, the handshake, the first invocation);"
      " they are not end-to-end and not comparable one-to-one with the aot number.")
PY
driver=$!
wait "${driver}"
