#!/usr/bin/env bash
# Prints the path of a Node binary of the given major version (22 or 24, the supported LTS lines): the machine's own
# when it is that version (or PROVVIGO_TEST_NODE=machine), else one fetched with `npx -y node@N` and kept in npm's
# cache. Used by scripts/test-all.sh (the tests) and .ci/run (the quick benchmark), which run on Node 24 LTS.
#   bash scripts/node-lts.sh 24
# npx's download of Node was once seen hanging for minutes on an idle network: each try gets five minutes, three tries.
set -euo pipefail
major=${1:?usage: node-lts.sh MAJOR}
if [ "${PROVVIGO_TEST_NODE:-}" = machine ] || node --version | grep -q "^v$major\."; then
  command -v node
  exit 0
fi
for try in 1 2 3; do
  timeout 300 npx -y "node@$major" -p process.execPath && exit 0
  echo "npx node@$major failed or hung (try $try of 3)" >&2
done
exit 1
