#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine (apt packages listed in
# scripts/apt-packages.txt, pnpm, node modules), builds the packages, lints, type-checks, runs every test on Node 24
# LTS (the documented runtime) and the engine's tests on Node 22 LTS, and checks the packed packages as an embedder
# installs them. Prints how long each step took.
#   PROVVIGO_TEST_NODE=machine           run the tests on the machine's Node instead of fetching Node 24 and 22
#   PROVVIGO_NODE22=skip                 skip the Node 22 pass
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
# The one-program typecheck needs no build (it reads the sources): it runs beside the build, whose dependency order
# leaves a core idle for long stretches (core's declarations alone, before any other package can start).
beside() { # beside LOG "other command" command…: runs the other command in the background while the command runs
  local log=$1 other=$2 pid rc=0
  shift 2
  bash -c "$other" >"$log" 2>&1 &
  pid=$!
  "$@" || rc=$?
  wait "$pid" || { echo "--- $other failed:"; cat "$log"; return 1; }
  echo "--- $other:"; cat "$log"
  return $rc
}
logs=$(mktemp -d)
step "pnpm build, pnpm typecheck beside it" beside "$logs/typecheck.log" "pnpm typecheck" pnpm build
step "pnpm lint (Biome)" pnpm lint
# The tests run on Node 24 LTS, the documented runtime (fetched once with `npx -y node@24` and kept in npm's cache),
# unless the machine's Node already is 24; then the engine's project once more on Node 22, the other supported LTS.
# (Node 20, this machine's own, is past its end of life and not supported.) Every native part the tests load is a
# Node-API prebuilt (esbuild, rollup, lightningcss, Biome), so one install serves every Node version.
on() { # on NODE_BINARY command…: runs the command with that Node first on PATH (pnpm and vitest then run on it)
  local bin=$1
  shift
  env PATH="$(dirname "$bin"):$PATH" "$@"
}
node_of() { bash scripts/node-lts.sh "$1"; } # the machine's Node when it is that major, else npx's
node24=$(node_of 24)
step "pnpm test on Node $("$node24" --version)" on "$node24" pnpm test
# every story file's cold load in Chromium, measured on its own after the tests (the Storybook they built): under 3 s
# (issue 11 §7)
# (one cold load per file here, PROVVIGO_STORY_RUNS=1; the script alone takes the median of three)
step "story load budget (3 s)" env PROVVIGO_STORY_RUNS="${PROVVIGO_STORY_RUNS:-1}" node --conditions=@provvigo/source --import tsx packages/react/scripts/story-load-budget.ts
# the packages as an embedder gets them: packed, installed with npm in a fresh project outside the repository, imported
# on this Node and Node 24, strict tsc (nodenext and bundler) over every entry point and README example, the
# module-load trace (no HyperFormula, pg, PGlite or jsforce where they must not load) and the <Statement>-only Vite
# app's gzip budget (scripts/test-consumer.mjs)
# The engine's tests (exact decimals, hashing, the compiled path and its differential property tests) once more on the
# other LTS, Node 22, beside the consumer step: that step waits on npm install for much of its time.
# The built packages' own checks (publint, are-the-types-wrong: `pnpm test:build`) run beside it too, before core on
# Node 22: they only read the packages (no pack script writes into them), and the consumer step left most of a core
# idle (84 s of CPU in 74 s on two cores).
if [ "${PROVVIGO_NODE22:-}" != skip ]; then
  node22=$(node_of 22)
  step "pnpm test:consumer; test:build, core on Node $("$node22" --version) beside it" beside "$logs/beside.log" "pnpm test:build && PATH='$(dirname "$node22")':\$PATH pnpm vitest run --project core" pnpm test:consumer
else
  step "pnpm test:consumer; test:build beside it" beside "$logs/beside.log" "pnpm test:build" pnpm test:consumer
fi

printf '\nstep timings\n%b' "$timings"
