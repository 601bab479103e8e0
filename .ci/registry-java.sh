#!/usr/bin/env bash
# Finds the Java 21+ that the Apicurio Registry test server needs (the tests themselves run on Java 17;
# docs/registry-testing.md): CDC_REGISTRY_JAVA if set, else the newest 21+ JDK/JRE under /usr/lib/jvm
# (this machine kind ships Temurin 25 there), else installs one with apt where Debian has it
# (bookworm does not; trixie has openjdk-21/25). Without any, the registry tests skip and say why.
#
# Usage (from .ci/run):   eval "$(bash .ci/registry-java.sh)"
# stdout carries only the `export CDC_REGISTRY_JAVA=...` line; progress goes to stderr.
set -euo pipefail

log() { echo "[registry-java.sh] $*" >&2; }

# Feature version (21, 25 ...) of the Java at home $1, or nothing.
feature() {
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

# Newest Java 21+ home under /usr/lib/jvm, or nothing.
scan() {
  local best="" best_version=0 home version
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] || continue
    version="$(feature "$home")"
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="$home"; best_version="$version"
    fi
  done
  echo "$best"
}

if [ -n "${CDC_REGISTRY_JAVA:-}" ]; then
  log "using CDC_REGISTRY_JAVA=$CDC_REGISTRY_JAVA"
  echo "export CDC_REGISTRY_JAVA='$CDC_REGISTRY_JAVA'"
  exit 0
fi

java_home="$(scan)"
if [ -z "$java_home" ] && command -v apt-get >/dev/null 2>&1; then
  log "no Java 21+ under /usr/lib/jvm: looking for one in apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  for package in openjdk-25-jre-headless openjdk-21-jre-headless temurin-25-jdk temurin-21-jdk; do
    if apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      log "installing $package"
      apt-get install -y -qq "$package" >&2 && break
    fi
  done
  java_home="$(scan)"
fi

if [ -z "$java_home" ]; then
  log "WARNING: no Java 21+ found or installable: the Apicurio Registry tests will be SKIPPED"
  exit 0
fi
log "Apicurio Registry tests run on $java_home (Java $(feature "$java_home"))"
echo "export CDC_REGISTRY_JAVA='$java_home'"
