#!/usr/bin/env bash
# Checks that ThanosJ's StoreAPI messages are wire-identical to Thanos': the bytes of our
# SeriesRequest, SeriesResponse (series, warning, hints, batch), hints, label calls, InfoResponse
# (thanos.info and the legacy thanos.Store one), WriteRequest and prometheus_copy.WriteRequest are
# decoded with `protoc --decode` against Thanos' own .proto files and against ours, and must decode
# identically with no unknown fields.
#
# Usage: scripts/check-wire-compat.sh THANOS [LEGACY_THANOS]
#   THANOS         a Thanos checkout, or a git repository (bare is fine) optionally suffixed @REV
#   LEGACY_THANOS  the same for a release that still has Store.Info (v0.36.0 or older), optional
# Example: scripts/check-wire-compat.sh /work/.mirror/thanos-io+thanos/repo /work/.mirror/thanos-io+thanos/repo@v0.36.0
#
# Needs protoc and the well-known protos in /usr/include (Debian: protobuf-compiler, libprotobuf-dev).
# Thanos' files are only read, into a temporary directory; nothing is copied into the project.
set -euo pipefail

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints a directory holding Thanos' pkg/ tree for a checkout or a git repository[@rev].
resolve() {
  local spec=$1 name=$2 repo rev
  if [[ -d "$spec/pkg" ]]; then
    (cd "$spec" && pwd)
    return
  fi
  repo=${spec%@*}
  rev=HEAD
  [[ "$spec" == *@* ]] && rev=${spec##*@}
  mkdir -p "$tmp/$name"
  git -C "$repo" archive "$rev" pkg/store/storepb pkg/store/labelpb pkg/store/hintspb pkg/info/infopb \
    | tar -x -C "$tmp/$name"
  echo "$tmp/$name"
}

if [[ $# -lt 1 ]]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
command -v protoc >/dev/null || { echo "protoc not found (apt-get install protobuf-compiler libprotobuf-dev)" >&2; exit 1; }

export THANOS_SRC
THANOS_SRC=$(resolve "$1" current)
export THANOS_LEGACY_SRC=""
if [[ $# -ge 2 ]]; then
  THANOS_LEGACY_SRC=$(resolve "$2" legacy)
fi

./mvnw -B -q -pl common-storeapi -am test \
  -Dtest=WireCompatibilityWithThanosProtosTest -Dsurefire.failIfNoSpecifiedTests=false
cat common-storeapi/target/wire-compat-report.txt
