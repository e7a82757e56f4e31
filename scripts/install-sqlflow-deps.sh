#!/usr/bin/env bash
# Installs what the SQLFlow frontend's default step programs need (docs/sqlflow.md):
# python3-sklearn and python3-xgboost (training), glpk-utils (TO MAXIMIZE/MINIMIZE), sqlite3.
#
# Why this is not just more names in install-deps.sh: on Debian 12, python3-scipy (needed by
# sklearn and xgboost) depends on python3-pythran, which depends on libboost-dev, the 1.74
# metapackage; libboost1.74-dev conflicts with the libboost1.81-dev couler builds with, so apt
# refuses the whole install. pythran only needs *a* Boost's headers, so a local metapackage
# named libboost-dev that depends on libboost1.81-dev satisfies it, and dpkg's state stays
# consistent (nothing is forced or held).
set -euo pipefail
pkgs=(python3-sklearn python3-xgboost glpk-utils sqlite3 libsqlite3-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if dpkg-query -W -f='${Status}' libboost1.81-dev 2>/dev/null | grep -q "install ok installed" &&
   ! dpkg-query -W -f='${Status}' libboost-dev 2>/dev/null | grep -q "install ok installed"; then
  tmp=$(mktemp -d)
  mkdir -p "$tmp/pkg/DEBIAN"
  cat > "$tmp/pkg/DEBIAN/control" <<CONTROL
Package: libboost-dev
Version: 1.81.0.0+couler1
Architecture: all
Maintainer: couler <dev@couler.invalid>
Depends: libboost1.81-dev
Description: Boost headers metapackage pointing at Boost 1.81 (local shim)
 Lets python3-pythran (needed by python3-scipy) install beside libboost1.81-dev.
CONTROL
  dpkg-deb --build "$tmp/pkg" "$tmp/libboost-dev-shim.deb" >/dev/null
  dpkg -i "$tmp/libboost-dev-shim.deb"
  rm -rf "$tmp"
fi
echo "installing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
