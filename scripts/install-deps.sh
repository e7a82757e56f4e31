#!/usr/bin/env bash
# Installs what couler needs from Debian 12's packages, only what is missing.
set -euo pipefail
pkgs=(cmake ninja-build g++ clang libclang-rt-14-dev make
      libboost1.81-dev libboost-json1.81-dev libboost-test1.81-dev libboost-graph1.81-dev
      libyaml-cpp-dev libcli11-dev libssl-dev libsqlite3-dev
      python3 python3-yaml python3-jsonschema python3-jinja2 python3-kubernetes gnuplot-nox
      libboost-url1.81-dev zlib1g-dev nginx tinyproxy wrk openssl sqlite3 glpk-utils
      slurm-wlm slurmrestd munge curl)  # the slurm tests' cluster (../shared/tools/slurm/slurm-local.sh)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
# The SQLFlow frontend's step programs (scikit-learn, XGBoost): a script of their own because
# of Debian 12's Boost metapackage conflict, explained there.
bash "$(dirname "$0")/install-sqlflow-deps.sh"
