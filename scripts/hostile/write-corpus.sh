#!/usr/bin/env bash
# Writes the hostile-input corpus (io.tenfold.support.HostileCorpus: every request HostileInputTest
# sends, and the odd but valid files) to DIR, one file per case, for looking at them or feeding them
# to another tool.  Usage: scripts/hostile/write-corpus.sh [DIR]   (default target/hostile-corpus)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q test-compile
mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tenfold.support.HostileCorpus \
  -Dexec.args="${1:-target/hostile-corpus}"
