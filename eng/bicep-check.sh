#!/usr/bin/env bash
# Builds and lints the Bicep infrastructure in infra/ and fails on ANY diagnostic (info, warning or error).
#
# The Bicep CLI is not installed by hand: it comes from the NuGet package Azure.Bicep.CommandLine.linux-x64,
# pinned (exact version) in infra/tools/BicepCli.csproj (<PackageDownload>) and restored into the NuGet global
# packages folder. The only network access is that NuGet restore; everything else runs offline.
#
# Steps:
#   1. dotnet restore infra/tools/BicepCli.csproj  -> <global-packages>/azure.bicep.commandline.linux-x64/<ver>/tools/bicep
#   2. bicep build infra/main.bicep (output to a temp dir, nothing is written to the repo)
#   3. bicep lint on every .bicep file under infra/ (rules configured in infra/bicepconfig.json, all at "error")
#   4. infra/main.parameters.json: every parameter it sets must be declared in main.bicep
#      (decompile-params to a temp .bicepparam + build-params)
#
# Usage: eng/bicep-check.sh        (works with CI=true and without stdin)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infra_dir="${repo_root}/infra"
tool_project="${infra_dir}/tools/BicepCli.csproj"

# The global-packages folder uses the lower-case package id.
readonly BICEP_PACKAGE_ID='azure.bicep.commandline.linux-x64'
# Single source of truth for the version: the exact-version PackageDownload in the tool project.
BICEP_VERSION="$(sed -n 's/.*<PackageDownload Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' \
  "${tool_project}" | head -n 1)"
readonly BICEP_VERSION

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
fail() {
  printf 'bicep-check: FAILED: %s\n' "$*" >&2
  exit 1
}

[[ -n "${BICEP_VERSION}" ]] ||
  fail "no exact-version <PackageDownload Include=\"Azure.Bicep.CommandLine.linux-x64\" Version=\"[x.y.z]\" /> in ${tool_project}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) fail "the pinned Bicep CLI package is ${BICEP_PACKAGE_ID}; this host is $(uname -s)-$(uname -m)" ;;
esac

command -v dotnet >/dev/null 2>&1 || fail "dotnet SDK not found on PATH"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/bicep-check.XXXXXX")"
trap 'rm -rf "${work_dir}"' EXIT

# --- 1. Obtain the Bicep CLI -------------------------------------------------------------------------------
log "Restoring Bicep CLI ${BICEP_VERSION} (NuGet ${BICEP_PACKAGE_ID})"
if ! dotnet restore "${tool_project}" --nologo --verbosity quiet </dev/null >"${work_dir}/restore.log" 2>&1; then
  cat "${work_dir}/restore.log" >&2
  fail "dotnet restore ${tool_project#"${repo_root}"/}"
fi

global_packages="$(dotnet nuget locals global-packages --list </dev/null | sed -n 's/^global-packages: *//p' | head -n 1)"
global_packages="${global_packages%/}"
[[ -n "${global_packages}" ]] || fail "could not determine the NuGet global packages folder"

bicep="${global_packages}/${BICEP_PACKAGE_ID}/${BICEP_VERSION}/tools/bicep"
[[ -f "${bicep}" ]] || fail "Bicep CLI not found at ${bicep} after restore"
[[ -x "${bicep}" ]] || chmod +x "${bicep}"

bicep_version_output="$("${bicep}" --version </dev/null)"
[[ "${bicep_version_output}" == *"version ${BICEP_VERSION} "* ]] ||
  fail "unexpected Bicep CLI version: ${bicep_version_output}"
log "Using ${bicep_version_output} (${bicep})"

# Runs a bicep command; fails if it exits non-zero OR prints anything (any diagnostic counts).
problems=0
run_bicep() {
  local label="$1"
  shift
  local output rc=0
  output="$("${bicep}" "$@" </dev/null 2>&1)" || rc=$?
  if [[ ${rc} -ne 0 || -n "${output}" ]]; then
    printf '%s\n' "${output}" >&2
    printf 'bicep-check: %s: exit code %d, %d line(s) of diagnostics\n' "${label}" "${rc}" \
      "$(printf '%s' "${output}" | grep -c '' || true)" >&2
    problems=$((problems + 1))
  else
    printf '    ok  %s\n' "${label}"
  fi
}

# --- 2. Build ----------------------------------------------------------------------------------------------
log "bicep build infra/main.bicep"
run_bicep "build main.bicep" build "${infra_dir}/main.bicep" --outdir "${work_dir}/build"

# --- 3. Lint every .bicep file -----------------------------------------------------------------------------
log "bicep lint (infra/**/*.bicep)"
mapfile -d '' bicep_files < <(find "${infra_dir}" -type f -name '*.bicep' \
  -not -path '*/obj/*' -not -path '*/bin/*' -print0 | sort -z)
[[ ${#bicep_files[@]} -gt 0 ]] || fail "no .bicep files found under infra/"
for file in "${bicep_files[@]}"; do
  run_bicep "lint ${file#"${infra_dir}"/}" lint "${file}"
done

# --- 4. Parameters file ------------------------------------------------------------------------------------
parameters_file="${infra_dir}/main.parameters.json"
if [[ -f "${parameters_file}" ]]; then
  log "validate infra/main.parameters.json against main.bicep"
  # decompile-params always prints a generic "best-effort" banner, so only its exit code is checked;
  # build-params then reports undeclared/missing/mistyped parameters and must be silent.
  if ! "${bicep}" decompile-params "${parameters_file}" --bicep-file "${infra_dir}/main.bicep" \
    --outfile "${work_dir}/params/main.bicepparam" </dev/null >"${work_dir}/decompile.log" 2>&1; then
    cat "${work_dir}/decompile.log" >&2
    fail "bicep decompile-params main.parameters.json"
  fi
  run_bicep "build-params main.parameters.json" build-params "${work_dir}/params/main.bicepparam" \
    --outfile "${work_dir}/params/main.parameters.out.json"
fi

if [[ ${problems} -ne 0 ]]; then
  fail "${problems} Bicep step(s) reported diagnostics (warnings count as failures)"
fi
log "Bicep check passed: ${#bicep_files[@]} file(s) linted, 0 warnings, 0 errors"
