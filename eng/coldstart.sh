#!/usr/bin/env bash
# Measures the cold start of the deployment package for each kind (Native AOT and ReadyToRun): process start ->
# first correct article response (200 with "audience":"patient" for insulin-resistance), the way the Functions
# host starts the custom handler (app/MedicalContent.Api, working directory app/, FUNCTIONS_CUSTOMHANDLER_PORT).
#
# Usage: eng/coldstart.sh [--runs N] [--kinds "aot r2r"]     (default: 7 runs of each kind)
#
# Each kind is packaged with eng/package.sh and unpacked (Unix modes kept) into a temp folder; every run starts a
# fresh process. Files are in the page cache after unpacking, so this is a process cold start, not a cold VM
# (on Flex Consumption the instance also mounts the package first, which favours the smaller package further).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

runs=7
kinds="aot r2r"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?}"; shift 2 ;;
    --kinds) kinds="${2:?}"; shift 2 ;;
    *) echo "coldstart.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

if ! command -v curl >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends curl
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mc-coldstart.XXXXXX")"
pid=""
cleanup() {
  if [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null; then kill "${pid}" 2>/dev/null || true; fi
  rm -rf "${work}"
}
trap cleanup EXIT

exec {nap}<> <(:)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

url_path='/api/v1/articles/insulin-resistance?audience=patient'

for kind in ${kinds}; do
  echo "==> ${kind}: packaging"
  eng/package.sh --kind "${kind}" --out "${work}/${kind}" | sed 's/^/    /'
  python3 - "${work}/${kind}/medical-content-api.zip" "${work}/${kind}/wwwroot" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    for entry in archive.infolist():
        path = archive.extract(entry, sys.argv[2])
        mode = (entry.external_attr >> 16) & 0o7777
        if mode:
            os.chmod(path, mode)
PY
done

# Prints the milliseconds from process start to the first correct article response of one fresh handler process.
measure() {
  local kind="$1" run="$2" port start_ns end_ns ok="" body
  port="$(free_port)"
  start_ns="$(date +%s%N)"
  (cd "${work}/${kind}/wwwroot/app" && exec env FUNCTIONS_CUSTOMHANDLER_PORT="${port}" ContentStore__Kind=FileSystem \
    ContentStore__Path="${repo_root}/content-json" ./MedicalContent.Api >"${work}/${kind}-${run}.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 100000); do
    # Probe the port with bash's /dev/tcp (no fork), then ask curl for the article once something listens.
    if { exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null; then
      exec 3>&-
      if body="$(curl -sf --max-time 5 "http://127.0.0.1:${port}${url_path}" 2>/dev/null)" &&
        [[ "${body}" == *'"audience":"patient"'* ]]; then
        ok=1
        break
      fi
    fi
    kill -0 "${pid}" 2>/dev/null || break
    read -rt 0.002 -u "${nap}" || true # a 2 ms pause without forking, so the poller does not starve the handler of CPU
  done
  end_ns="$(date +%s%N)"
  kill "${pid}" 2>/dev/null || true
  wait "${pid}" 2>/dev/null || true
  pid=""
  if [[ -z "${ok}" ]]; then
    cat "${work}/${kind}-${run}.log" >&2
    echo "coldstart.sh: ${kind} run ${run} never answered correctly" >&2
    exit 1
  fi
  echo "$(((end_ns - start_ns) / 1000000))"
}

# Runs alternate between kinds, so background load on the machine falls on both alike.
declare -A times
for run in $(seq 1 "${runs}"); do
  line="    run ${run}:"
  for kind in ${kinds}; do
    ms="$(measure "${kind}" "${run}")"
    times[${kind}]+="${ms} "
    line+="  ${kind} ${ms} ms"
  done
  echo "${line}"
done

echo "==> cold start, process start -> first correct article response (median of ${runs} runs)"
for kind in ${kinds}; do
  zip="${work}/${kind}/medical-content-api.zip"
  median="$(printf '%s\n' ${times[${kind}]} | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
  files="$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).infolist()))' "${zip}")"
  printf '    %-4s %5s ms   (runs: %s) zip %s, %s files\n' "${kind}" "${median}" "${times[${kind}]}" \
    "$(numfmt --to=iec --suffix=B "$(stat -c %s "${zip}")")" "${files}"
done
