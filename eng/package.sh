#!/usr/bin/env bash
# Builds the Azure Functions (Flex Consumption, dotnet-isolated, Linux x64) deployment package of the API: the isolated
# worker (src/MedicalContent.Functions), ReadyToRun, framework-dependent (the platform provides the .NET runtime).
#
#   medical-content-api.zip         everything at the root, as one-deploy expects:
#     host.json, functions.metadata, worker.config.json, extensions.json, .azurefunctions/,
#     documentation/ (the self-hosted app's OpenAPI document and reference page), MedicalContent.Functions.dll + deps
#
# Usage: eng/package.sh [--out DIR]     (default artifacts/package)
#
# The zip is written by MSBuild (target ZipDeploymentPackage in the Functions project); no .pdb goes in.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

out_dir=artifacts/package
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out_dir="${2:?--out needs a folder}"; shift 2 ;;
    --out=*) out_dir="${1#--out=}"; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (usage: eng/package.sh [--out DIR])" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null 2>&1 || { echo "package.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "${out_dir}"
out_dir="$(cd "${out_dir}" && pwd)"
zip_path="${out_dir}/medical-content-api.zip"
# Its own build folder keeps the package apart from everyone's bin/ and obj/; one packaging run at a time uses it.
build_dir="${repo_root}/artifacts/package-build"
mkdir -p "${build_dir}"
exec {lock}>"${build_dir}/.lock"
flock -w 1800 "${lock}" || { echo "package.sh: another eng/package.sh run held ${build_dir} for 30 minutes" >&2; exit 1; }
stage="$(mktemp -d "${TMPDIR:-/tmp}/mc-package.XXXXXX")"
trap 'rm -rf "${stage}"' EXIT

echo "==> dotnet publish src/MedicalContent.Functions (linux-x64, framework-dependent, ReadyToRun) + zip"
rm -f "${zip_path}"
log="${stage}/publish.log"
if ! dotnet publish src/MedicalContent.Functions/MedicalContent.Functions.csproj -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -p:DeploymentZip="${zip_path}" --artifacts-path "${build_dir}" -o "${stage}/publish" \
  --disable-build-servers -nologo -clp:NoSummary </dev/null >"${log}" 2>&1; then
  cat "${log}" >&2
  echo "package.sh: dotnet publish failed (output above)" >&2
  exit 1
fi
if [[ ! -s "${zip_path}" ]]; then
  cat "${log}" >&2
  echo "package.sh: dotnet publish exited 0 but wrote no ${zip_path} (interrupted? a .NET process stopped by SIGTERM exits 0)" >&2
  exit 1
fi

size_bytes="$(stat -c %s "${zip_path}")"
echo "==> ${zip_path} ($(numfmt --to=iec --suffix=B "${size_bytes}" 2>/dev/null || echo "${size_bytes} bytes"))"
