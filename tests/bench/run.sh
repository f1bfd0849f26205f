#!/usr/bin/env bash
# Benchmark harness: in one run, on one machine, with one client setting, measures the API against nginx serving the
# same bytes from disk (the practical upper bound for "serve a JSON file") and Azurite serving them as a blob:
#
#   1-2  warm GET of one article for one audience -> 200, and with a matching If-None-Match -> 304
#        (API, nginx, Azurite; requests/s, p50/p99 latency, server CPU per request); the same for one explicit
#        version and one index page (API and nginx on the same bytes)
#   3-4  nginx and Azurite on the same bytes, with their own ETags (+ the raw version blob as a frontend would read it)
#   5    cold start, each process fresh, median of N: the self-hosted app, process start -> first correct article
#        (Native AOT, ReadyToRun, JIT); the Functions worker, process start -> content loaded, as it dials its host
#        (the eng/package.sh package, ReadyToRun; and JIT). The Functions host's own part is not included.
#   6    start-up, RSS and index paging with the sample content and a generated corpus (10,000 articles x 2 audiences)
#   7    store reads, JSON parses/serialisations and bytes allocated per warm request
#   8    cost per change at 1k / 10k / 100k articles: bytes and CPU for an instance to pick up one published version,
#        bytes and time of the publish, time to build the change feed
#   9    the search index at the corpus size: build time, memory, uncached searches
#
# Usage: tests/bench/run.sh [--smoke] [--out DIR]
#   --smoke   every step once, very short (CI: proves the harness works; never asserts on speed)
#   --out     results folder (default artifacts/bench): results.json, results.md, logs/
#
# Installs what it lacks: wrk and nginx (apt-get), Azurite (npm ci --prefix tests, pinned by tests/package-lock.json).
# Everything listens on 127.0.0.1 only; every load run is bounded in time. The client (wrk -t1) and the servers share
# the machine's cores: read the ratios, not the absolute numbers, and see "otherCpuSeconds" for disturbances.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${repo_root}"

smoke=""
out_dir="artifacts/bench"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; shift ;;
    --out) out_dir="${2:?--out needs a folder}"; shift 2 ;;
    --out=*) out_dir="${1#--out=}"; shift ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (usage: tests/bench/run.sh [--smoke] [--out DIR])" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DEBIAN_FRONTEND=noninteractive

# One client setting for every server. Smoke: the same steps, 1 s each, small corpus, one cold start per kind.
threads=1
connections=32
if [[ -n "${smoke}" ]]; then
  mode=smoke rounds=1 duration=1 warmup=1 cold_runs=1 corpus_size=200 corpus_mid=50 warm_articles=50 hot_requests=1000 hot_warm=500 alloc_sample=5000
else
  mode=full rounds=2 duration=10 warmup=3 cold_runs=7 corpus_size=10000 corpus_mid=1000 warm_articles=2000 hot_requests=1000 hot_warm=3000 alloc_sample=30000
fi
article_slug=insulin-resistance
article_path="/api/v1/articles/${article_slug}?audience=patient"
bench="tests/bench/bench.py"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
started_s="$(date +%s)"

mkdir -p "${out_dir}"
out_dir="$(cd "${out_dir}" && pwd)"
logs="${out_dir}/logs"
rm -rf "${logs}" "${out_dir}"/*.json "${out_dir}/results.md"
mkdir -p "${logs}"

work="$(mktemp -d "${TMPDIR:-/tmp}/mc-bench.XXXXXX")"
chmod 755 "${work}" # nginx workers (user nobody) read their root below it
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "${pid}" 2>/dev/null; then
      kill "${pid}" 2>/dev/null || true
      wait "${pid}" 2>/dev/null || true
    fi
  done
  rm -rf "${work}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "==> $*"; }

# Starts a server in the background (its pid is remembered for cleanup) and waits, bounded, until its port accepts.
start_server() {
  local name="$1" port="$2"
  shift 2
  "$@" >"${logs}/${name}.log" 2>&1 </dev/null &
  server_pid=$!
  pids+=("${server_pid}")
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      return 0
    fi
    kill -0 "${server_pid}" 2>/dev/null || break
    sleep 0.1
  done
  cat "${logs}/${name}.log" >&2
  echo "run.sh: ${name} did not listen on 127.0.0.1:${port}" >&2
  exit 1
}

stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# --- tools --------------------------------------------------------------------------------------------------------------
apt_updated=""
apt_install() {
  # Serialised with the test suite's own installs (tests/MedicalContent.Tests/Support/SystemPackages.cs).
  if [[ -z "${apt_updated}" ]]; then
    flock -w 900 /tmp/mc-apt.lock apt-get update -q >/dev/null
    apt_updated=1
  fi
  flock -w 900 /tmp/mc-apt.lock apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

step "tools"
command -v dotnet >/dev/null || { echo "run.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: python3 is required" >&2; exit 1; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
command -v node >/dev/null || missing+=(nodejs npm)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "    apt-get install ${missing[*]}"
  apt_install "${missing[@]}"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
azurite_main="tests/node_modules/azurite/dist/src/blob/main.js"
if [[ ! -f "${azurite_main}" ]]; then
  echo "    npm ci --prefix tests (Azurite, as pinned by tests/package-lock.json)"
  timeout 600 npm ci --prefix tests --no-audit --no-fund >"${logs}/npm-ci.log" 2>&1
fi
azurite_version="$(node -p 'require("./tests/node_modules/azurite/package.json").version')"
python3 "${bench}" machine >"${out_dir}/machine.json"

# --- builds -------------------------------------------------------------------------------------------------------------
# The probe (counters, allocations, Azurite set-up) builds the API too: its build output is the JIT (framework-dependent)
# build. Its own artifacts folder keeps it apart from everyone else's bin/ and obj/.
step "build tests/bench/BenchProbe (Release; also the framework-dependent JIT build of the API)"
timeout 1200 dotnet build tests/bench/BenchProbe/BenchProbe.csproj -c Release --artifacts-path artifacts/bench-build \
  --disable-build-servers -nologo -clp:NoSummary </dev/null >"${logs}/build-probe.log" 2>&1 || { cat "${logs}/build-probe.log" >&2; exit 1; }
probe=(dotnet artifacts/bench-build/bin/BenchProbe/release/BenchProbe.dll)
jit_dir="${repo_root}/artifacts/bench-build/bin/MedicalContent.Api/release"

# Publishes the self-hosted app (src/MedicalContent.Api) of one kind, self-contained for linux-x64, and prints its folder.
# A Native AOT publish keeps MedicalContent.Api.dbg beside the binary, so perf can name its functions.
publish_app() {
  local kind="$1" props
  case "${kind}" in
    aot) props=(-p:PublishAot=true) ;;
    r2r) props=(-p:PublishAot=false -p:PublishReadyToRun=true) ;;
  esac
  timeout 1800 dotnet publish src/MedicalContent.Api/MedicalContent.Api.csproj -c Release -r linux-x64 --self-contained \
    "${props[@]}" --artifacts-path "artifacts/bench-build/${kind}" -o "${work}/${kind}/app" --disable-build-servers -nologo -clp:NoSummary \
    </dev/null >"${logs}/publish-${kind}.log" 2>&1 || { cat "${logs}/publish-${kind}.log" >&2; exit 1; }
  echo "${work}/${kind}/app"
}

if [[ -n "${smoke}" ]]; then
  # CI has just published with Native AOT (eng/aot-check.sh): reuse that binary rather than publish again.
  if [[ -x artifacts/aot-check/MedicalContent.Api ]]; then
    aot_dir="${repo_root}/artifacts/aot-check"
    api_build="Native AOT (artifacts/aot-check, from eng/aot-check.sh)"
  else
    step "publish Native AOT (no artifacts/aot-check)"
    aot_dir="$(publish_app aot)"
    api_build="Native AOT (dotnet publish)"
  fi
  r2r_dir="" # a ReadyToRun publish takes minutes: full runs only
else
  step "publish the self-hosted app: Native AOT and ReadyToRun (linux-x64, self-contained)"
  aot_dir="$(publish_app aot)"
  r2r_dir="$(publish_app r2r)"
  api_build="Native AOT (dotnet publish, linux-x64)"
fi
[[ -x "${aot_dir}/MedicalContent.Api" ]] || { echo "run.sh: no Native AOT executable in ${aot_dir}" >&2; exit 1; }

# The Functions worker as deployed: the package eng/package.sh builds (ReadyToRun), unpacked; full runs add the same
# worker published without ReadyToRun (JIT). Both share eng/package.sh's build folder and its lock, so after a test run
# (which packages once) the publish is incremental.
if [[ -n "${smoke}" ]]; then step "Functions worker: eng/package.sh, unpacked"; else step "Functions worker: eng/package.sh, unpacked; and published without ReadyToRun (JIT)"; fi
eng/package.sh --out "${work}/package" | sed 's/^/    /'
worker_r2r_dir="${work}/worker-r2r"
python3 -m zipfile -e "${work}/package/medical-content-api.zip" "${worker_r2r_dir}"
worker_jit_dir=""
if [[ -z "${smoke}" ]]; then
  worker_jit_dir="${work}/worker-jit"
  exec {package_lock}>"${repo_root}/artifacts/package-build/.lock"
  flock -w 1800 "${package_lock}"
  timeout 1800 dotnet publish src/MedicalContent.Functions/MedicalContent.Functions.csproj -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=false --artifacts-path "${repo_root}/artifacts/package-build" -o "${worker_jit_dir}" \
    --disable-build-servers -nologo -clp:NoSummary </dev/null >"${logs}/publish-worker-jit.log" 2>&1 ||
    { cat "${logs}/publish-worker-jit.log" >&2; exit 1; }
  flock -u "${package_lock}"
fi

# --- servers ------------------------------------------------------------------------------------------------------------
step "API (Native AOT) on content-json/"
api_port="$(free_port)"
start_server api "${api_port}" env -C "${aot_dir}" ContentStore__Kind=FileSystem \
  ContentStore__Path="${repo_root}/content-json" ./MedicalContent.Api --urls "http://127.0.0.1:${api_port}"
api_pid="${server_pid}"
api_url="http://127.0.0.1:${api_port}${article_path}"
doc="${work}/document.json"
curl -sf --max-time 10 -D "${work}/api-headers.txt" -o "${doc}" "${api_url}"
grep -q '"audience":"patient"' "${doc}" || { echo "run.sh: the API did not answer the patient article" >&2; exit 1; }
doc_bytes="$(stat -c %s "${doc}")"
doc_sha="$(sha256sum "${doc}" | cut -d' ' -f1)"
header() { { grep -i "^$1:" "$2" || true; } | head -1 | cut -d' ' -f2- | tr -d '\r'; }
api_etag="$(header ETag "${work}/api-headers.txt")"
echo "    ${api_url} -> 200, ${doc_bytes} bytes, ETag ${api_etag}"
# The other warm targets: the explicit version the latest article names (Content-Location) and one index page.
version_path="$(header Content-Location "${work}/api-headers.txt")"
index_path="/api/v1/articles?audience=patient&limit=20"
for target in version index; do
  path_var="${target}_path"
  curl -sf --max-time 10 -D "${work}/api-${target}-headers.txt" -o "${work}/${target}.json" "http://127.0.0.1:${api_port}${!path_var}"
  printf -v "${target}_bytes" '%s' "$(stat -c %s "${work}/${target}.json")"
  printf -v "${target}_etag" '%s' "$(header ETag "${work}/api-${target}-headers.txt")"
done
echo "    ${version_path} -> 200, ${version_bytes} bytes; ${index_path} -> 200, ${index_bytes} bytes"

# nginx serves the exact bytes from disk at the same path (the query string does not matter to a static file), with
# its own ETag, and the API's caching headers added so both answers carry about the same headers.
step "nginx on the same bytes"
nginx_port="$(free_port)"
nginx_prefix="${work}/nginx"
mkdir -p "${nginx_prefix}/root/api/v1/articles" "${nginx_prefix}/temp"
cp "${doc}" "${nginx_prefix}/root/api/v1/articles/${article_slug}"
chmod -R a+rX "${nginx_prefix}"
add_headers=""
for name in Cache-Control Content-Location Surrogate-Key Cache-Tag X-Content-Type-Options; do
  value="$(header "${name}" "${work}/api-headers.txt")"
  if [[ -n "${value}" ]]; then
    add_headers+="      add_header ${name} \"${value}\" always;"$'\n'
  fi
done
# The version and the index page: exact locations, each file with that answer's own caching headers.
exact_locations=""
mkdir -p "${nginx_prefix}/files"
for target in version index; do
  path_var="${target}_path"
  cp "${work}/${target}.json" "${nginx_prefix}/files/${target}.json"
  exact_locations+="    location = ${!path_var%%\?*} {"$'\n'"      alias ${nginx_prefix}/files/${target}.json;"$'\n'
  for name in Cache-Control Content-Location Surrogate-Key Cache-Tag X-Content-Type-Options; do
    value="$(header "${name}" "${work}/api-${target}-headers.txt")"
    if [[ -n "${value}" ]]; then
      exact_locations+="      add_header ${name} \"${value}\" always;"$'\n'
    fi
  done
  exact_locations+="    }"$'\n'
done
nginx_user=""
if [[ "$(id -u)" == 0 ]]; then nginx_user="user nobody nogroup;"; fi
cat >"${nginx_prefix}/nginx.conf" <<EOF
# worker_processes auto: one worker per core (2 here), as Kestrel uses every core.
${nginx_user}
worker_processes auto;
daemon off;
pid ${nginx_prefix}/nginx.pid;
error_log ${nginx_prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;  # Kestrel does not close busy keep-alive connections either
  server_tokens off;
  default_type application/json;
  charset utf-8;
  charset_types application/json;
  etag on;
  client_body_temp_path ${nginx_prefix}/temp/body;
  proxy_temp_path ${nginx_prefix}/temp/proxy;
  fastcgi_temp_path ${nginx_prefix}/temp/fastcgi;
  uwsgi_temp_path ${nginx_prefix}/temp/uwsgi;
  scgi_temp_path ${nginx_prefix}/temp/scgi;
  server {
    listen 127.0.0.1:${nginx_port};
    root ${nginx_prefix}/root;
    location / {
${add_headers}    }
${exact_locations}  }
}
EOF
start_server nginx "${nginx_port}" "${nginx_bin}" -p "${nginx_prefix}" -c "${nginx_prefix}/nginx.conf" -e "${nginx_prefix}/error.log"
nginx_pid="${server_pid}"
nginx_url="http://127.0.0.1:${nginx_port}${article_path}"
curl -sf --max-time 10 -D "${work}/nginx-headers.txt" -o "${work}/nginx-body" "${nginx_url}"
cmp -s "${doc}" "${work}/nginx-body" || { echo "run.sh: nginx does not serve the API's bytes" >&2; exit 1; }
nginx_etag="$(header ETag "${work}/nginx-headers.txt")"
echo "    ${nginx_url} -> 200, same bytes, ETag ${nginx_etag}"
for target in version index; do
  path_var="${target}_path"
  curl -sf --max-time 10 -D "${work}/nginx-${target}-headers.txt" -o "${work}/nginx-${target}-body" "http://127.0.0.1:${nginx_port}${!path_var}"
  cmp -s "${work}/${target}.json" "${work}/nginx-${target}-body" || { echo "run.sh: nginx does not serve the API's ${target} bytes" >&2; exit 1; }
  printf -v "nginx_${target}_etag" '%s' "$(header ETag "${work}/nginx-${target}-headers.txt")"
done

# Azurite: a container with anonymous read access to blobs; the sample content published into it with the CLI's
# Publisher (articles/{slug}/v{N}.json + index.json), and the API's bytes uploaded as one more blob.
step "Azurite ${azurite_version} with the same bytes as a blob"
azurite_port="$(free_port)"
mkdir -p "${work}/azurite"
start_server azurite "${azurite_port}" node "${azurite_main}" --blobHost 127.0.0.1 --blobPort "${azurite_port}" \
  --location "${work}/azurite" --silent --skipApiVersionCheck --loose --disableTelemetry
azurite_pid="${server_pid}"
# The documented, public Azurite development-storage key (the same in every installation); not a secret.
azurite_cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${azurite_port}/devstoreaccount1;"
timeout 300 "${probe[@]}" azurite --connection-string "${azurite_cs}" --container bench --publish content-json \
  --put "bench/${article_slug}-patient.json=${doc}" >"${logs}/azurite-setup.json"
azurite_url="http://127.0.0.1:${azurite_port}/devstoreaccount1/bench/bench/${article_slug}-patient.json"
azurite_raw_url="http://127.0.0.1:${azurite_port}/devstoreaccount1/bench/articles/${article_slug}/v2.json"
curl -sf --max-time 10 -D "${work}/azurite-headers.txt" -o "${work}/azurite-body" "${azurite_url}"
cmp -s "${doc}" "${work}/azurite-body" || { echo "run.sh: Azurite does not serve the API's bytes" >&2; exit 1; }
azurite_etag="$(header ETag "${work}/azurite-headers.txt")"
raw_bytes="$(curl -sf --max-time 10 "${azurite_raw_url}" | wc -c)"
echo "    ${azurite_url} -> 200, same bytes, ETag ${azurite_etag}; raw version blob ${raw_bytes} bytes"

check_304() {
  local code
  code="$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1")"
  [[ "${code}" == 304 ]] || { echo "run.sh: $1 with If-None-Match $2 answered ${code}, not 304" >&2; exit 1; }
}
check_304 "${api_url}" "${api_etag}"
check_304 "${nginx_url}" "${nginx_etag}"
check_304 "${azurite_url}" "${azurite_etag}"
check_304 "http://127.0.0.1:${api_port}${version_path}" "${version_etag}"
check_304 "http://127.0.0.1:${nginx_port}${version_path}" "${nginx_version_etag}"
check_304 "http://127.0.0.1:${api_port}${index_path}" "${index_etag}"
check_304 "http://127.0.0.1:${nginx_port}${index_path}" "${nginx_index_etag}"

# --- 1-4: warm throughput and latency -----------------------------------------------------------------------------------
# Full runs first wait (bounded) for other jobs on the machine to finish; smoke runs measure whatever the load.
wait_quiet() {
  if [[ -z "${smoke}" ]]; then python3 "${bench}" quiet --max-wait "${BENCH_QUIET_WAIT:-300}"; fi
}
wait_quiet
step "warm runs: wrk -t${threads} -c${connections} -d${duration}s --latency (after a ${warmup} s warm-up), all on this machine's $(nproc) cores"
wrk_run() {
  local name="$1" url="$2"
  shift 2
  python3 "${bench}" wrk "${name}" "${url}" --out "${out_dir}/wrk-${name}.json" --threads "${threads}" \
    --connections "${connections}" --duration "${duration}" --warmup "${warmup}" "$@"
  # The raw wrk output, for the record.
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["raw"])' "${out_dir}/wrk-${name}.json" >"${logs}/wrk-${name}.txt"
}
# API and nginx run in rounds A B B A (full runs: 2 rounds each, averaged), so a drift of the machine's speed during
# the run falls on both alike; run-to-run differences of ~10% were seen here between otherwise identical runs.
# paired STATUS [TARGET]: the article (names api-200, nginx-200, ...), or the version / index page (api-version-200, ...).
paired() {
  local status="$1" target="${2:-}"
  local api_args=(--pid "${api_pid}") nginx_args=(--pid "${nginx_pid}")
  local a_url="${api_url}" n_url="${nginx_url}" bytes="${doc_bytes}" a_etag="${api_etag}" n_etag="${nginx_etag}" tag=""
  if [[ -n "${target}" ]]; then
    local path_var="${target}_path" bytes_var="${target}_bytes" etag_var="${target}_etag" nginx_etag_var="nginx_${target}_etag"
    a_url="http://127.0.0.1:${api_port}${!path_var}" n_url="http://127.0.0.1:${nginx_port}${!path_var}"
    bytes="${!bytes_var}" a_etag="${!etag_var}" n_etag="${!nginx_etag_var}" tag="${target}-"
  fi
  if [[ "${status}" == 200 ]]; then
    api_args+=(--rss-pid "${api_pid}" --expect-bytes "${bytes}")
    nginx_args+=(--expect-bytes "${bytes}")
  else
    api_args+=(--header "If-None-Match: ${a_etag}" --expect-max-bytes 2000)
    nginx_args+=(--header "If-None-Match: ${n_etag}" --expect-max-bytes 2000)
  fi
  if [[ "${rounds}" == 1 ]]; then
    wrk_run "api-${tag}${status}" "${a_url}" "${api_args[@]}"
    wrk_run "nginx-${tag}${status}" "${n_url}" "${nginx_args[@]}"
    return
  fi
  wrk_run "api-${tag}${status}.r1" "${a_url}" "${api_args[@]}"
  wrk_run "nginx-${tag}${status}.r1" "${n_url}" "${nginx_args[@]}"
  wrk_run "nginx-${tag}${status}.r2" "${n_url}" "${nginx_args[@]}"
  wrk_run "api-${tag}${status}.r2" "${a_url}" "${api_args[@]}"
  local name
  for name in "api-${tag}${status}" "nginx-${tag}${status}"; do
    mv "${out_dir}/wrk-${name}.r1.json" "${out_dir}/wrk-${name}.r2.json" "${logs}/"
    python3 "${bench}" merge --out "${out_dir}/wrk-${name}.json" "${logs}/wrk-${name}.r1.json" "${logs}/wrk-${name}.r2.json"
  done
}
paired 200
wrk_run azurite-200 "${azurite_url}" --pid "${azurite_pid}" --expect-bytes "${doc_bytes}"
paired 304
wrk_run azurite-304 "${azurite_url}" --pid "${azurite_pid}" --header "If-None-Match: ${azurite_etag}" --expect-max-bytes 2000
wrk_run azurite-version-blob-200 "${azurite_raw_url}" --pid "${azurite_pid}" --expect-bytes "${raw_bytes}"
for target in version index; do
  paired 200 "${target}"
  paired 304 "${target}"
done

# Where the servers' CPU goes (full runs, when perf works here): the explanation behind the ratios.
if [[ -z "${smoke}" ]] && command -v perf >/dev/null && perf record -o /dev/null -- true >/dev/null 2>&1; then
  step "CPU profiles (perf record during a 5 s wrk run with the same settings)"
  profile_run() {
    python3 "${bench}" profile "$1" "$2" --pid "$3" --threads "${threads}" --connections "${connections}" \
      --out "${out_dir}/profile-$1.json" "${@:4}"
  }
  profile_run api-200 "${api_url}" "${api_pid}"
  profile_run api-304 "${api_url}" "${api_pid}" --header "If-None-Match: ${api_etag}"
  profile_run nginx-200 "${nginx_url}" "${nginx_pid}"
  profile_run nginx-304 "${nginx_url}" "${nginx_pid}" --header "If-None-Match: ${nginx_etag}"
fi

# Runtime settings that need no code change, measured the same way (full runs): do they close the gap?
if [[ -z "${smoke}" ]]; then
  step "API variants (environment only, same binary)"
  for variant in "gc-workstation DOTNET_gcServer=0" "inline-sockets DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1" \
    "spin-off DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" \
    "inline-sockets+spin-off DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"; do
    read -r vname venv <<<"${variant}"
    vport="$(free_port)"
    # shellcheck disable=SC2086 # venv is a list of NAME=VALUE words
    start_server "api-${vname}" "${vport}" env -C "${aot_dir}" ${venv} \
      ContentStore__Kind=FileSystem ContentStore__Path="${repo_root}/content-json" ./MedicalContent.Api --urls "http://127.0.0.1:${vport}"
    vpid="${server_pid}"
    vurl="http://127.0.0.1:${vport}${article_path}"
    wrk_run "api-200-${vname}" "${vurl}" --pid "${vpid}" --rss-pid "${vpid}" --expect-bytes "${doc_bytes}"
    wrk_run "api-304-${vname}" "${vurl}" --pid "${vpid}" --header "If-None-Match: ${api_etag}" --expect-max-bytes 2000
    stop_server "${vpid}"
  done
fi

# --- 7: store reads, renders, allocations --------------------------------------------------------------------------------
step "hot path: store reads, JSON parses/serialisations and allocations per warm request"
if command -v strace >/dev/null; then
  python3 "${bench}" fileopens --pid "${api_pid}" --port "${api_port}" --path "${article_path}" \
    --content "${repo_root}/content-json" --count 1000 --logs "${logs}" --out "${out_dir}/fileopens.json"
fi
timeout 300 "${probe[@]}" hotpath --content content-json --path "${article_path}" --warm "${hot_warm}" \
  --requests "${hot_requests}" --alloc-sample "${alloc_sample}" >"${out_dir}/hotpath.json"
python3 - "${out_dir}/hotpath.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for key in ("ok", "notModified"):
    m = r[key]
    print(f"    {m['status']}: per 1,000 warm requests {m['storeReadsPer1000']:g} store reads, {m['versionReadsPer1000']:g} version parses, "
          f"{m['rendersPer1000']:g} serialisations; {m['serverBytesAllocatedPerRequest']:g} bytes allocated per request (whole process)")
print(f"    ContentService.GetLatestAsync warm: {r['serviceCall']['bytesAllocatedPerCall']:g} bytes per call, "
      f"{r['serviceCall']['completedSynchronously']}/{r['serviceCall']['calls']} completed synchronously")
PY
stop_server "${api_pid}"
stop_server "${nginx_pid}"

# --- 5: cold start ------------------------------------------------------------------------------------------------------
wait_quiet
step "cold start: spawn -> first correct article (app) / content loaded (Functions worker), ${cold_runs} run(s) per kind, alternating"
kinds=(--kind "aot=${aot_dir}::./MedicalContent.Api")
if [[ -z "${smoke}" ]]; then kinds+=(--kind "aot-gc-workstation=${aot_dir}::DOTNET_gcServer=0 ./MedicalContent.Api"); fi
if [[ -n "${r2r_dir}" ]]; then kinds+=(--kind "r2r=${r2r_dir}::./MedicalContent.Api"); fi
kinds+=(--kind "jit=${jit_dir}::dotnet MedicalContent.Api.dll")
kinds+=(--worker "worker-r2r=${worker_r2r_dir}::dotnet MedicalContent.Functions.dll")
if [[ -n "${worker_jit_dir}" ]]; then kinds+=(--worker "worker-jit=${worker_jit_dir}::dotnet MedicalContent.Functions.dll"); fi
python3 "${bench}" coldstart "${kinds[@]}" --runs "${cold_runs}" --content "${repo_root}/content-json" \
  --path "${article_path}" --expect '"audience":"patient"' --logs "${logs}" --out "${out_dir}/coldstart.json"

# --- 6: corpus: start-up, memory, index paging ---------------------------------------------------------------------------
wait_quiet
step "corpus: ${corpus_size} generated articles x 2 audiences (+ the first ${corpus_mid}), default cache bound (64 MiB)"
corpus="${work}/corpus-${corpus_size}"
python3 "${bench}" corpus --count "${corpus_size}" --template content-json/articles/metformin/v1.json \
  --audiences content-json/audiences.json --out "${corpus}"
python3 "${bench}" subset --source "${corpus}" --count "${corpus_mid}" --out "${work}/corpus-${corpus_mid}"
cat >"${work}/pages.lua" <<'EOF'
-- Cycles through the index pages listed (one path a line) in the file named by BENCH_PATHS.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF
corpus_run() {
  local label="$1"
  shift
  timeout 1800 python3 "${bench}" corpus-run --label "${label}" --cwd "${aot_dir}" --argv ./MedicalContent.Api \
    --logs "${logs}" --threads "${threads}" --connections "${connections}" --pages-script "${work}/pages.lua" "$@"
}
sample_articles="$(find content-json/articles -mindepth 1 -maxdepth 1 -type d | wc -l)"
corpus_run sample --articles "${sample_articles}" --content "${repo_root}/content-json" --first-slug "${article_slug}" \
  --out "${out_dir}/corpus-$(printf %05d "${sample_articles}").json"
corpus_run "${corpus_mid}" --articles "${corpus_mid}" --generated --content "${work}/corpus-${corpus_mid}" \
  --first-slug generated-00001 --out "${out_dir}/corpus-$(printf %05d "${corpus_mid}").json"
big_extra=()
if [[ -z "${smoke}" ]]; then big_extra+=(--warm-all); fi
corpus_run "${corpus_size}" --articles "${corpus_size}" --generated --content "${corpus}" --first-slug generated-00001 \
  --warm-articles "${warm_articles}" --wrk-duration "${duration}" --wrk-warmup "${warmup}" "${big_extra[@]}" --search 100 \
  --out "${out_dir}/corpus-$(printf %05d "${corpus_size}").json"

# Memory and start-up targets (decision 0012): the JIT build on the same corpus (the AOT run above is the other half).
timeout 1800 python3 "${bench}" corpus-run --label "${corpus_size}-jit" --build JIT --cwd "${jit_dir}" --argv "dotnet MedicalContent.Api.dll" \
  --logs "${logs}" --articles "${corpus_size}" --generated --content "${corpus}" --first-slug generated-00001 \
  --warm-articles "${warm_articles}" --search 100 --out "${out_dir}/scale-jit-$(printf %05d "${corpus_size}").json"

if [[ -z "${smoke}" ]]; then
  # The API ships with workstation GC; the same corpus with server GC (one heap per core) shows what that choice saves.
  corpus_run "${corpus_size}-gc-server" --articles "${corpus_size}" --generated --content "${corpus}" \
    --first-slug generated-00001 --warm-articles "${warm_articles}" --env DOTNET_gcServer=1 \
    --out "${out_dir}/variant-corpus-${corpus_size}-gc-server.json"

  # 100,000 articles (about 250,000 version files, 3 GB): file store only. Publishing it to Azurite (250,000 blobs)
  # takes far longer than the run can afford, so the blob store is measured at ${corpus_size} articles.
  step "corpus: 100,000 generated articles x 2-3 versions x 2 audiences (file store)"
  python3 "${bench}" corpus --count 100000 --template content-json/articles/metformin/v1.json \
    --audiences content-json/audiences.json --out "${work}/corpus-100000"
  corpus_run 100000 --allow-failure --deadline 900 --articles 100000 --generated --content "${work}/corpus-100000" \
    --first-slug generated-00001 --warm-articles "${warm_articles}" --search 200 --out "${out_dir}/scale-100000.json"
  rm -rf "${work}/corpus-100000"
fi

# In Azure the API reads the blob store: start-up reads index.json (one blob), not every document.
step "blob store start-up (Azurite): sample content and the ${corpus_size}-article corpus"
timeout 1800 "${probe[@]}" azurite --connection-string "${azurite_cs}" --container corpus --publish "${corpus}" \
  --parallel 16 >"${logs}/azurite-corpus.json"
blob_env=(--env ContentStore__Kind=Blob --env "ContentStore__ConnectionString=${azurite_cs}")
corpus_run "blob-sample" --allow-failure --store blob --articles "${sample_articles}" --first-slug "${article_slug}" "${blob_env[@]}" \
  --env ContentStore__ContainerName=bench --out "${out_dir}/blobstart-$(printf %05d "${sample_articles}").json"
corpus_run "blob-${corpus_size}" --allow-failure --store blob --articles "${corpus_size}" --first-slug generated-00001 "${blob_env[@]}" \
  --generated --warm-articles "${warm_articles}" "${big_extra[@]}" --search 100 \
  --env ContentStore__ContainerName=corpus --out "${out_dir}/blobstart-$(printf %05d "${corpus_size}").json"

# --- 8: cost per change ---------------------------------------------------------------------------------------------------
# Per corpus size, in its own Azurite container: one `medcontent publish` of one new version, one API instance picking
# it up (bytes counted on its blob client, process CPU), the change feed rebuilt. See ChangeCostBench.cs.
if [[ -n "${smoke}" ]]; then change_sizes=200 change_rounds=1; else change_sizes=1000,10000,100000 change_rounds=3; fi
step "cost per change: ${change_sizes} articles, ${change_rounds} publish(es) of one new version each"
timeout 3600 "${probe[@]}" changecost --connection-string "${azurite_cs}" --template content-json/articles/metformin/v1.json \
  --audiences content-json/audiences.json --sizes "${change_sizes}" --rounds "${change_rounds}" --blob-limit 10000 \
  >"${out_dir}/changecost.json" 2>"${logs}/changecost.log"
python3 - "${out_dir}/changecost.json" <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["sizes"]:
    p, u, f = s["instancePickup"], s["publishOneVersion"], s["changeFeedBuild"]
    print(f"    {s['articles']:>7} articles (index {s['indexBlobBytes'] / 1e6:.1f} MB): instance pickup {p['downloadedBytes']:,} B down, "
          f"{p['cpuMs']:.0f} ms CPU (snapshot rebuild {s['snapshotRebuild']['cpuMs']:.0f}); publish {u['downloadedBytes']:,} B down, "
          f"{u['uploadedBytes']:,} B up, {u['wallMs']:.0f} ms; change feed {f['wallMs']:.0f} ms")
PY
stop_server "${azurite_pid}"

# The search index is built from the index entries whenever a snapshot loads: its build time and memory at the corpus size.
step "search index: build time and memory at ${corpus_size} articles x 2 audiences"
timeout 600 "${probe[@]}" searchindex --content content-json --count "${corpus_size}" --runs "${rounds}" >"${out_dir}/searchindex.json"

# --- report -------------------------------------------------------------------------------------------------------------
finished_s="$(date +%s)"
python3 - "${out_dir}/run.json" <<EOF
import json, sys
json.dump({
    "mode": "${mode}",
    "command": "tests/bench/run.sh${smoke:+ --smoke}",
    "startedAt": "${started_at}",
    "finishedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
    "durationSeconds": ${finished_s} - ${started_s},
    "article": "${article_path}",
    "documentBytes": ${doc_bytes},
    "documentSha256": "${doc_sha}",
    "etags": {"api": '${api_etag}', "nginx": '${nginx_etag}', "azurite": '${azurite_etag}'},
    "apiBuild": "${api_build}",
    "nginxWorkers": "worker_processes auto ($(nproc) workers), sendfile, etag on, access_log off, the API's caching headers added",
    "azuriteVersion": "${azurite_version}",
    "corpus": {"articles": ${corpus_size}, "audiences": 2, "warmedArticles": ${warm_articles}, "cacheMaxBytes": 67108864},
}, open(sys.argv[1], "w"), indent=2)
EOF
step "results (${out_dir}/results.json, results.md)"
python3 "${bench}" report --dir "${out_dir}"
echo "==> ${mode} run took $((finished_s - started_s)) s"
