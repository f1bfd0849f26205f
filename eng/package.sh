#!/usr/bin/env bash
# Builds the Azure Functions (Flex Consumption, Linux x64) deployment package of the API:
#
#   medical-content-api.zip
#     host.json                     custom-handler definition (repository root)
#     <FunctionName>/function.json  one HTTP function per endpoint (src/MedicalContent.Api/functions/)
#     app/                          the self-contained published API; app/MedicalContent.Api is the executable
#
# Usage: eng/package.sh [--kind aot|r2r] [--out DIR]
#   --kind aot   Native AOT (default: the fastest cold start, see README "Deploy to Azure")
#   --kind r2r   self-contained ReadyToRun (JIT runtime with precompiled code)
#   --out DIR    where the zip goes (default artifacts/package)
#   KEEP_STAGE=1 keeps the staging folder (publish log, unzipped layout) for debugging
#
# The zip is written with python3's zipfile so Unix modes (the executable bit) are stored in the archive:
# a zip made on Windows or with a tool that drops modes gives the Functions host a file it cannot execute.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

kind=aot
out_dir=artifacts/package
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kind) kind="${2:?--kind needs aot or r2r}"; shift 2 ;;
    --kind=*) kind="${1#--kind=}"; shift ;;
    --out) out_dir="${2:?--out needs a folder}"; shift 2 ;;
    --out=*) out_dir="${1#--out=}"; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (usage: eng/package.sh [--kind aot|r2r] [--out DIR])" >&2; exit 2 ;;
  esac
done

case "${kind}" in
  aot) publish_properties=(-p:PublishAot=true) ;;
  r2r) publish_properties=(-p:PublishAot=false -p:PublishReadyToRun=true) ;;
  *) echo "package.sh: --kind must be aot or r2r, not '${kind}'" >&2; exit 2 ;;
esac

command -v dotnet >/dev/null 2>&1 || { echo "package.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "package.sh: python3 is required to write the zip with Unix modes" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "${out_dir}"
out_dir="$(cd "${out_dir}" && pwd)"
zip_path="${out_dir}/medical-content-api.zip"
# Per-kind build folder: AOT and R2R publishes never share intermediate files with each other or with `dotnet build`.
build_dir="${repo_root}/artifacts/package-build/${kind}"
stage="$(mktemp -d "${TMPDIR:-/tmp}/mc-package.XXXXXX")"
trap '[[ -n "${KEEP_STAGE:-}" ]] || rm -rf "${stage}"' EXIT

echo "==> dotnet publish (${kind}, linux-x64, self-contained)"
log="${stage}/publish.log"
if ! dotnet publish src/MedicalContent.Api/MedicalContent.Api.csproj -c Release -r linux-x64 --self-contained \
  "${publish_properties[@]}" --artifacts-path "${build_dir}" -o "${stage}/package/app" \
  -nologo -clp:NoSummary </dev/null >"${log}" 2>&1; then
  cat "${log}" >&2
  echo "package.sh: dotnet publish failed" >&2
  exit 1
fi

app="${stage}/package/app"
if [[ ! -x "${app}/MedicalContent.Api" ]]; then
  cat "${log}" >&2
  echo "package.sh: dotnet publish exited 0 but produced no ${app}/MedicalContent.Api (interrupted? a .NET process stopped by SIGTERM exits 0)" >&2
  exit 1
fi
# Debug symbols stay out of the package (tens of MB for AOT); function.json files are packaged at the root only.
find "${app}" -type f \( -name '*.dbg' -o -name '*.pdb' \) -delete
rm -rf "${app}/functions"

echo "==> host.json and function definitions"
cp host.json "${stage}/package/host.json"
functions=0
for definition in src/MedicalContent.Api/functions/*/function.json; do
  name="$(basename "$(dirname "${definition}")")"
  mkdir -p "${stage}/package/${name}"
  cp "${definition}" "${stage}/package/${name}/function.json"
  functions=$((functions + 1))
done
[[ ${functions} -gt 0 ]] || { echo "package.sh: no src/MedicalContent.Api/functions/*/function.json" >&2; exit 1; }

echo "==> zip (Unix modes kept)"
python3 - "${stage}/package" "${zip_path}" <<'PY'
import json, os, stat, sys, zipfile

root, target = sys.argv[1], sys.argv[2]

# The executable host.json names must exist and be executable before anything is zipped.
with open(os.path.join(root, "host.json"), encoding="utf-8") as f:
    description = json.load(f)["customHandler"]["description"]
executable = os.path.join(root, description["defaultExecutablePath"])
if not os.path.isfile(executable):
    sys.exit(f"package.sh: host.json names {description['defaultExecutablePath']}, which the package does not contain")
os.chmod(executable, os.stat(executable).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

tmp = target + ".tmp"
with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            # from_file records create_system=3 (Unix) and st_mode in the upper 16 bits of external_attr.
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, root))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as source:
                archive.writestr(info, source.read(), compresslevel=9)
os.replace(tmp, target)

with zipfile.ZipFile(target) as archive:
    entry = archive.getinfo(description["defaultExecutablePath"])
    mode = entry.external_attr >> 16
    if entry.create_system != 3 or not mode & stat.S_IXUSR:
        sys.exit(f"package.sh: {entry.filename} lost its executable bit in the zip ({stat.filemode(mode)})")
    print(f"    {entry.filename} {stat.filemode(mode)}; {len(archive.infolist())} files")
PY

size_bytes="$(stat -c %s "${zip_path}")"
echo "==> ${zip_path} ($(numfmt --to=iec --suffix=B "${size_bytes}" 2>/dev/null || echo "${size_bytes} bytes"), ${kind}, ${functions} functions)"
