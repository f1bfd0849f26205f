#!/usr/bin/env bash
# Rewrites every project's NuGet lock file (packages.lock.json) from Directory.Packages.props and the project files.
# Run it after adding, removing or changing a package (or a project reference, or the .NET SDK), then commit the lock
# files it changed. CI restores in locked mode (CI=true, Directory.Build.props) and fails on a stale lock file (NU1004).
#
#   eng/update-locks.sh          every *.csproj in the repository (tracked or new, outside bin/obj/artifacts)
#
# Each project's lock file has a net10.0 section and a net10.0/linux-x64 one (RuntimeIdentifiers in
# Directory.Build.props), so one plain restore covers the build and the linux-x64 publishes alike.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"
command -v dotnet >/dev/null 2>&1 || { echo "update-locks.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mapfile -t projects < <(git ls-files --cached --others --exclude-standard -- '*.csproj' |
  grep -Ev '(^|/)(bin|obj|artifacts)/' | sort -u)
[[ ${#projects[@]} -gt 0 ]] || { echo "update-locks.sh: no *.csproj found" >&2; exit 1; }

for project in "${projects[@]}"; do
  echo "==> dotnet restore --force-evaluate ${project}"
  # --force-evaluate re-resolves even when nothing seems to have changed; locked mode is off here whatever CI says.
  dotnet restore "${project}" --force-evaluate -p:RestoreLockedMode=false --nologo -v quiet </dev/null
done

for project in "${projects[@]}"; do
  lock="$(dirname "${project}")/packages.lock.json"
  [[ -f "${lock}" ]] || { echo "update-locks.sh: ${project} has no ${lock} after restore" >&2; exit 1; }
done
echo "==> ${#projects[@]} lock files up to date; commit the changed ones:"
git status --short -- '*packages.lock.json' | sed 's/^/    /'
