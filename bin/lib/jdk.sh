# shellcheck shell=bash
# Sourced by bin/* and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise takes the java on PATH if it is; otherwise the newest
# JDK found under /usr/lib/jvm or /opt/java. Fails with a clear message when there is none.

ledgerline_java_major() { # $1 = path to a java binary
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

ledgerline_use_jdk() {
    local candidate major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(ledgerline_java_major "$JAVA_HOME/bin/java")
        if [ "${major:-0}" -ge 21 ] 2>/dev/null; then return 0; fi
    fi
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(ledgerline_java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$candidate"; return 0; fi
    fi
    for candidate in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
        candidate=${candidate%/}
        [ -x "$candidate/bin/javac" ] || continue
        major=$(ledgerline_java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$candidate"; return 0; fi
    done
    echo "Ledgerline needs a JDK 21 or newer; none found (JAVA_HOME='${JAVA_HOME:-}', java on PATH is" \
         "$(java -version 2>&1 | head -1)). Install one and set JAVA_HOME." >&2
    return 1
}
