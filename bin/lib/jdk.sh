# shellcheck shell=bash
# Sourced by bin/* and .ci/run: makes JAVA_HOME point at a JDK 21 or newer, on Linux (WSL included) and macOS.
# Keeps a JAVA_HOME that is already new enough; otherwise macOS's own choice (/usr/libexec/java_home -v 21+) or the
# javac on PATH if it is new enough; otherwise the newest JDK 21+ of SDKMAN (~/.sdkman/candidates/java), Homebrew
# (/opt/homebrew, /usr/local, /home/linuxbrew), /Library/Java/JavaVirtualMachines, /usr/lib/jvm and /opt/java.
# Fails with a clear message when there is none. Written for bash 3.2 and BSD userland as well as GNU (README
# "Platforms"; ScriptPortabilityTest checks it).

ledgerline_java_major() { # $1 = path to a java binary; prints its feature version (8 for 1.8, 21, 25, ...)
    "$1" -XshowSettings:properties -version 2>&1 |
        awk -F'= ' '/java.specification.version/ { v = $2; sub(/^1\./, "", v); sub(/[^0-9].*$/, "", v); print v; exit }'
}

ledgerline_resolve() { # $1 = a path; prints it with every symbolic link resolved (GNU's readlink -f, portably)
    local path=$1 dir link hops=0
    while [ -L "$path" ] && [ "$hops" -lt 40 ]; do
        dir=$(CDPATH='' cd -P "$(dirname "$path")" && pwd)
        link=$(readlink "$path")
        case $link in
            /*) path=$link ;;
            *) path=$dir/$link ;;
        esac
        hops=$((hops + 1))
    done
    dir=$(CDPATH='' cd -P "$(dirname "$path")" 2>/dev/null && pwd) || return 1
    printf '%s/%s\n' "$dir" "$(basename "$path")"
}

ledgerline_jdk_ok() { # $1 = a JDK home; true when it holds a javac and a java of version 21 or newer
    local major
    [ -x "$1/bin/javac" ] && [ -x "$1/bin/java" ] || return 1
    major=$(ledgerline_java_major "$1/bin/java")
    case $major in '' | *[!0-9]*) return 1 ;; esac
    [ "$major" -ge 21 ]
}

ledgerline_use_jdk() {
    local candidate major best='' best_major=0 home=${HOME:-/nonexistent}
    if [ -n "${JAVA_HOME:-}" ] && ledgerline_jdk_ok "$JAVA_HOME"; then return 0; fi
    if [ "$(uname -s)" = Darwin ] && [ -x /usr/libexec/java_home ]; then
        candidate=$(/usr/libexec/java_home -v 21+ 2>/dev/null || true)
        if [ -n "$candidate" ] && ledgerline_jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
    fi
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(ledgerline_resolve "$(command -v javac)")")")
        # macOS's /usr/bin/javac is a launcher that asks java_home (above), not a JDK home
        if [ "$candidate" != /usr ] || [ "$(uname -s)" != Darwin ]; then
            if ledgerline_jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
        fi
    fi
    for candidate in "${SDKMAN_DIR:-$home/.sdkman}"/candidates/java/* \
        /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
        /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
        /home/linuxbrew/.linuxbrew/opt/openjdk*/libexec \
        "$home"/Library/Java/JavaVirtualMachines/*/Contents/Home \
        /Library/Java/JavaVirtualMachines/*/Contents/Home \
        /usr/lib/jvm/* /opt/java/*; do
        [ -d "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(ledgerline_java_major "$candidate/bin/java")
        case $major in '' | *[!0-9]*) continue ;; esac
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate best_major=$major; fi
    done
    if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
    echo "Ledgerline needs a JDK 21 or newer; none found (JAVA_HOME='${JAVA_HOME:-}', java on PATH is" \
        "$(java -version 2>&1 | head -1)). Install one (e.g. SDKMAN, Homebrew's openjdk@21 or your" \
        "distribution's openjdk-21-jdk) and set JAVA_HOME." >&2
    return 1
}
