#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine (apt packages listed in
# scripts/apt-packages.txt, pnpm, node modules), builds the packages, lints, type-checks, and runs every test on the
# machine's Node; then runs the runtime-sensitive projects again on Node 24 LTS, the documented runtime (fetched once
# with `npx -y node@24` and kept in npm's cache). Prints how long each step took.
#   PROVVIGO_NODE24=skip                 skip the Node 24 pass (e.g. when the machine's Node already is 24)
#   PROVVIGO_NODE24_PROJECTS="core …"    the vitest projects of the Node 24 pass
set -euo pipefail
cd "$(dirname "$0")/.."

timings=""
step() { # step "label" command…: runs it and records its duration
  local label=$1 start=$SECONDS
  shift
  echo "==> $label"
  "$@"
  timings="$timings$(printf '%-44s %4d s' "$label" $((SECONDS - start)))\n"
}

pkgs=$(sed -e 's/#.*//' scripts/apt-packages.txt | tr -s ' \t' '\n' | grep -v '^$' | sort -u || true)
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "==> apt-get install$missing"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version | grep -q '^10\.'; then
  echo "==> npm i -g pnpm@10.34.9"
  npm i -g pnpm@10.34.9 >/dev/null
fi

step "pnpm install" pnpm install --frozen-lockfile
step "pnpm build" pnpm build
step "pnpm test:build (publint, are-the-types-wrong)" pnpm test:build
step "pnpm lint (Biome)" pnpm lint
step "pnpm typecheck (one TypeScript program)" pnpm typecheck
step "pnpm test on Node $(node --version)" pnpm test
# every story file's cold load in Chromium, measured on its own after the tests (the Storybook they built): under 3 s
# (issue 11 §7)
# (one cold load per file here, PROVVIGO_STORY_RUNS=1; the script alone takes the median of three)
step "story load budget (3 s)" env PROVVIGO_STORY_RUNS="${PROVVIGO_STORY_RUNS:-1}" node --conditions=@provvigo/source --import tsx packages/react/scripts/story-load-budget.ts
# the packages as an embedder gets them: packed, installed with npm in a fresh project outside the repository, imported
# on this Node and Node 24, strict tsc (nodenext and bundler) over every entry point and README example, the
# module-load trace (no HyperFormula, pg, PGlite or jsforce where they must not load) and the <Statement>-only Vite
# app's gzip budget (scripts/test-consumer.mjs)
step "pnpm test:consumer (packed tarballs, npm)" pnpm test:consumer

if [ "${PROVVIGO_NODE24:-}" != skip ] && ! node --version | grep -q '^v24\.'; then
  node24=$(npx -y node@24 -p process.execPath)
  # the engine and its hashing, the stores (PGlite's WebAssembly, node-postgres), the queue; then the queue's
  # end-to-end test, whose worker processes start with process.execPath and so run on Node 24 too. The other
  # projects (documents, adapters, browser tests) depend on external programs more than on the Node version.
  projects=${PROVVIGO_NODE24_PROJECTS:-core store queue}
  args=()
  for p in $projects; do args+=(--project "$p"); done
  # the kill test's density (20 kills per step) is proven on the first pass; here it checks the runtime with fewer
  on24() { env PATH="$(dirname "$node24"):$PATH" PROVVIGO_KILLS_PER_STEP="${PROVVIGO_KILLS_PER_STEP_NODE24:-1}" "$node24" node_modules/vitest/vitest.mjs run "$@"; }
  step "vitest on Node $("$node24" --version): $projects" on24 "${args[@]}"
  step "vitest on Node $("$node24" --version): queue end to end" on24 --project cli tests/queueRun.test.ts
fi

printf '\nstep timings\n%b' "$timings"
