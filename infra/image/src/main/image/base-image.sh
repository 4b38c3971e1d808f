#!/usr/bin/env bash
# Builds the base image the platform image stands on when no registry base is used (docs/container-image.md,
# ADR 0019): a Docker-format image tarball (manifest.json, config.json, layer tars) that Jib reads as tar://...
#   layer "system": the C libraries the runtime links against (ldd) and the dynamic loader; /etc/passwd and
#                   /etc/group with the non-root user 65532 (nonroot), /etc/nsswitch.conf; /tmp (1777); /home/nonroot
#   layer "java":   /opt/java, a Java runtime linked by jlink from the given JDK (21 or newer) with the given modules
# Usage: base-image.sh <jdk home> <modules, comma-separated> <work directory> <output tarball> <architecture>
# Reproducible: the same JDK and host libraries give the same bytes (sorted entries, time 0, owner root, gzip-free).
set -euo pipefail
jdk=$1 modules=$2 work=$3 tarball=$4 architecture=$5
out=$work/root
here=$(cd "$(dirname "$0")" && pwd)

[ "$(uname -s)" = Linux ] || { echo "base-image.sh: the base image is linked on Linux only" \
    "(build on Linux, or use a base image: -Dimage.base=..., docs/container-image.md)" >&2; exit 1; }
major=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${major:-0}" -ge 21 ] 2>/dev/null || { echo "base-image.sh: $jdk is Java ${major:-?}; 21 or newer needed" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$out"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$out/opt/java"

# Every shared library the runtime's executables and libraries load from the system, and the loader itself,
# copied (symbolic links resolved) to the path the loader finds them at.
# The AWT window system (and its JAWT bridge), sound and splash-screen libraries are left out of the search: a
# headless server never loads them (their X11 and ALSA libraries would only add size).
libraries=$(find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) \
        ! -name libawt_xawt.so ! -name libjawt.so ! -name libjsound.so ! -name libsplashscreen.so -print0 | sort -z \
    | xargs -0 -n1 ldd 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
# glibc loads libgcc_s at run time (thread cancellation, unwinding): never in ldd's answer, needed all the same.
gcc_s=$(ldconfig -p | awk -v arch="$(uname -m | sed 's/_/-/')" '$1 == "libgcc_s.so.1" && $0 ~ arch {print $NF; exit}')
for library in $libraries $gcc_s; do
    case $library in "$out"/*) continue ;; esac
    mkdir -p "$out$(dirname "$library")"
    cp -L "$library" "$out$library"
    case $(basename "$library") in ld-linux*) chmod 755 "$out$library" ;; *) chmod 644 "$out$library" ;; esac
done
[ -n "$(find "$out" -name 'libc.so*' -print -quit)" ] || { echo "base-image.sh: no libc found by ldd" >&2; exit 1; }

cp -R "$here/rootfs/." "$out/"
mkdir -p "$out/tmp" "$out/home/nonroot"
chmod 1777 "$out/tmp"
chmod 755 "$out/home/nonroot"

# Deterministic layer tars: sorted names, one time, root owner, no access/change times.
layer() { # $1 = tar file, rest = paths below $out
    local file=$1
    shift
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$out" -cf "$work/$file" "$@"
}
system=$(cd "$out" && find . -mindepth 1 -maxdepth 1 ! -name opt -printf '%P\n' | sort)
layer system.tar $system
layer java.tar opt
diff_id() { echo "sha256:$(sha256sum "$work/$1" | cut -d' ' -f1)"; }
cat > "$work/config.json" <<JSON
{"architecture":"$architecture","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"65532:65532"},"rootfs":{"type":"layers","diff_ids":["$(diff_id system.tar)","$(diff_id java.tar)"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"infra/image/src/main/image/base-image.sh","comment":"system libraries and users"},{"created":"1970-01-01T00:00:00Z","created_by":"jlink $modules","comment":"java runtime"}]}
JSON
cat > "$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["ledgerline/platform-base:local"],"Layers":["system.tar","java.tar"]}]
JSON
mkdir -p "$(dirname "$tarball")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$work" -cf "$tarball" manifest.json config.json system.tar java.tar
echo "base-image.sh: $tarball, $(du -h "$tarball" | cut -f1) (Java $major, $(echo "$libraries" | wc -w) system libraries)"
