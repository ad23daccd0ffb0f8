#!/usr/bin/env bash
# Builds the Dapr runtime (daprd, scheduler) from the github.com/dapr/dapr module into
# ~/.cache/tasklane/dapr-<version>/ and prints that folder. A warm cache is a no-op.
# Progress goes to stderr.
#
# `go install pkg@version` refuses modules with replace directives, so the module is fetched with
# the Go toolchain and built in a writable copy. daprd registers components only under build
# tags; instead of `allcomponents` (every cloud SDK, a very long build) the copy's component files
# that Tasklane uses are opted into a `tasklanecomponents` tag.
set -euo pipefail
exec 3>&1 1>&2
VERSION="${DAPR_VERSION:-1.18.2}"
CACHE="${TASKLANE_CACHE:-$HOME/.cache/tasklane}"
DEST="$CACHE/dapr-$VERSION"
if [ -x "$DEST/daprd" ] && [ -x "$DEST/scheduler" ]; then echo "$DEST" >&3; exit 0; fi

command -v go >/dev/null || { echo "install-dapr: the Go toolchain is required (https://go.dev/dl)" >&2; exit 1; }
started=$(date +%s)
echo "install-dapr: building Dapr $VERSION into $DEST (cold cache: several minutes)"
export GOFLAGS=-mod=mod
module_dir=$(cd "$(mktemp -d)" && go mod download -json "github.com/dapr/dapr@v$VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
[ -d "$module_dir" ] || { echo "install-dapr: could not fetch github.com/dapr/dapr@v$VERSION" >&2; exit 1; }

src="$DEST/src"
rm -rf "$src" && mkdir -p "$DEST" && cp -r "$module_dir" "$src" && chmod -R u+w "$src"
components=(
  pubsub_kafka state_postgres
  secretstores_local_file secretstores_local_env secretstores_kubernetes
  bindings_cron bindings_smtp
  nameresolution_mdns nameresolution_sqlite nameresolution_kubernetes
)
cd "$src/cmd/daprd/components"
for c in "${components[@]}"; do
  sed -i '1s/^\/\/go:build .*/& || tasklanecomponents/' "$c.go"
done
sed -i '1s/^\/\/go:build .*/& \&\& !tasklanecomponents/' zz_notag.go
cd "$src"
echo "install-dapr: go build daprd"
go build -trimpath -tags tasklanecomponents -o "$DEST/daprd.tmp" ./cmd/daprd
echo "install-dapr: go build scheduler"
go build -trimpath -o "$DEST/scheduler.tmp" ./cmd/scheduler
mv "$DEST/daprd.tmp" "$DEST/daprd" && mv "$DEST/scheduler.tmp" "$DEST/scheduler"
rm -rf "$src"
echo "install-dapr: done in $(( $(date +%s) - started )) s"
echo "$DEST" >&3
