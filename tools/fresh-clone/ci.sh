#!/usr/bin/env bash
# A fresh machine, as far as one can be had here: clone this repository's main into a temp folder
# and run CI there with an empty HOME (no npm cache, no n8n cache, no ~/.npmrc), as CI does.
#   bash tools/fresh-clone/ci.sh [output folder]   → <output>/summary and <output>/ci.log
#   (the clone and its HOME are removed afterwards; KEEP_CLONE=1 keeps them)
set -u
repo=$(git -C "$(dirname "$0")/../.." rev-parse --show-toplevel)
out=${1:-$(mktemp -d /tmp/fresh-ci-out-XXXX)}
mkdir -p "$out"
export HOME=$(mktemp -d /tmp/fresh-ci-home-XXXX)
unset ENGAGELAB_E2E_CACHE XDG_CACHE_HOME
clone=$(mktemp -d /tmp/fresh-ci-clone-XXXX)
git clone -q --branch main "$repo" "$clone/repo"
cd "$clone/repo" || exit 1
echo "commit $(git rev-parse --short HEAD) HOME=$HOME clone=$PWD start $(date +%T)" | tee "$out/summary"
started=$SECONDS
CI=true bash .ci/run > "$out/ci.log" 2>&1
code=$?
echo "exit $code in $((SECONDS - started)) s; clone uses $(du -sh . | cut -f1)" | tee -a "$out/summary"
grep -A 10 '::: phase times' "$out/ci.log" | tee -a "$out/summary"
# A clone with both n8n versions is ~6 GB: left behind, a few runs fill the disk (npm ci then fails
# with ENOSPC, which reads like a broken install). KEEP_CLONE=1 keeps it to look into.
cd / && [ "${KEEP_CLONE:-}" = 1 ] || rm -rf "$clone" "$HOME"
exit $code
