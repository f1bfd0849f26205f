#!/usr/bin/env bash
# Publishes the API with Native AOT for linux-x64 and fails on any warning (trim, AOT or compiler).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-artifacts/aot-check}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "==> dotnet publish (Native AOT, linux-x64) -> $out"
if ! dotnet publish src/MedicalContent.Api/MedicalContent.Api.csproj -c Release -r linux-x64 -o "$out" -nologo -clp:NoSummary >"$log" 2>&1; then
  cat "$log"
  echo "AOT publish failed" >&2
  exit 1
fi

if grep -E "warning [A-Z]+[0-9]+" "$log" | sort -u | grep .; then
  echo "AOT publish produced warnings (above); the API must publish with none" >&2
  exit 1
fi

binary="$out/MedicalContent.Api"
[ -x "$binary" ] || { echo "no native executable at $binary" >&2; exit 1; }
echo "==> AOT publish clean: $(du -h "$binary" | cut -f1) native executable, 0 warnings"
