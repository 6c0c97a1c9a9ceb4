#!/bin/sh
# Starts Tenfold in a container, with the off-heap caps of ND4J (JavaCPP) sized to the container and jemalloc
# as the native allocator.
#
#   JAVA_TOOL_OPTIONS          JVM options; the image sets -XX:MaxRAMPercentage=25 (heap = 25% of the limit)
#   JAVACPP_MAXBYTES           cap on what JavaCPP allocates and counts (JavaCPP sizes: 4g, 4096m, bytes);
#                              ND4J M2.1's arrays are not counted there (docs/backends.md);
#                              default: JAVACPP_MAXBYTES_PERCENT (50) % of the container's memory limit
#   JAVACPP_MAXPHYSICALBYTES   cap on the whole process's resident memory, heap included, checked each
#                              time ND4J creates an array: the cap that bounds ND4J's tensors;
#                              default: JAVACPP_MAXPHYSICALBYTES_PERCENT (85) % of the limit
#   JAVACPP_CACHE_DIR          where JavaCPP extracts its native libraries (~390 MB); must be writable
#   TENFOLD_MALLOC             the allocator under ND4J's native arrays: jemalloc (the default; preloaded from
#                              TENFOLD_JEMALLOC or the system's libjemalloc.so.2) or glibc (with
#                              MALLOC_ARENA_MAX=2 unless set). jemalloc kept the resident size of a serving
#                              process flat within 4% and 400 MB lower (BENCHMARKS.md, issue 4 target 5).
#   JAVA_OPTS                  more options for the java command line
#
# A -Dorg.bytedeco.javacpp.* option already present in JAVA_TOOL_OPTIONS or JAVA_OPTS is left alone.
# The result is added to JAVA_TOOL_OPTIONS, which the JVM prints at start ("Picked up JAVA_TOOL_OPTIONS").
# The memory limit is read from cgroup v2 (memory.max), then cgroup v1 (memory.limit_in_bytes), and is never
# taken above the machine's RAM (/proc/meminfo), so an unlimited container is sized to the machine.
set -eu

cgroup_root=${TENFOLD_CGROUP_ROOT:-/sys/fs/cgroup}
meminfo=${TENFOLD_MEMINFO:-/proc/meminfo}

is_number() {
    case "$1" in
        '' | *[!0-9]*) return 1 ;;
        *) return 0 ;;
    esac
}

memory_limit() {
    limit=$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' "$meminfo" 2>/dev/null || true)
    for file in "$cgroup_root/memory.max" "$cgroup_root/memory/memory.limit_in_bytes"; do
        if [ -r "$file" ]; then
            value=$(cat "$file")
            # "max" (v2) or a huge number (v1) means no limit: keep the machine's RAM
            if is_number "$value" && { ! is_number "$limit" || [ "$value" -lt "$limit" ]; }; then
                limit=$value
            fi
            break
        fi
    done
    echo "$limit"
}

percent_of() {
    # $1 bytes, $2 percent; divides first so that no intermediate value overflows
    echo $(( $1 / 100 * $2 ))
}

options=" ${JAVA_TOOL_OPTIONS:-} ${JAVA_OPTS:-} "
add=""
limit=""
for setting in maxbytes:JAVACPP_MAXBYTES:50 maxphysicalbytes:JAVACPP_MAXPHYSICALBYTES:85; do
    property=${setting%%:*}
    rest=${setting#*:}
    variable=${rest%%:*}
    default_percent=${rest#*:}
    case "$options" in
        *"-Dorg.bytedeco.javacpp.$property="*) continue ;;
    esac
    eval "size=\${$variable:-}"
    if [ -z "$size" ]; then
        eval "percent=\${${variable}_PERCENT:-$default_percent}"
        if ! is_number "$percent" || [ "$percent" -lt 1 ] || [ "$percent" -gt 100 ]; then
            echo "tenfold-entrypoint: ${variable}_PERCENT must be a whole number from 1 to 100, not '$percent'" >&2
            exit 64
        fi
        [ -n "$limit" ] || limit=$(memory_limit)
        if ! is_number "$limit"; then
            echo "tenfold-entrypoint: cannot tell the memory limit; set $variable (for example 4g)" >&2
            exit 64
        fi
        size=$(percent_of "$limit" "$percent")
    fi
    add="$add -Dorg.bytedeco.javacpp.$property=$size"
done
case "$options" in
    *"-Dorg.bytedeco.javacpp.cachedir="*) ;;
    *) add="$add -Dorg.bytedeco.javacpp.cachedir=${JAVACPP_CACHE_DIR:-/var/cache/tenfold/javacpp}" ;;
esac

JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-}$add"
export JAVA_TOOL_OPTIONS

case "${TENFOLD_MALLOC:-jemalloc}" in
    jemalloc)
        jemalloc=${TENFOLD_JEMALLOC:-}
        if [ -z "$jemalloc" ]; then
            for candidate in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
                    /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
                if [ -r "$candidate" ]; then
                    jemalloc=$candidate
                    break
                fi
            done
        fi
        if [ -n "$jemalloc" ] && [ -r "$jemalloc" ]; then
            LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
            export LD_PRELOAD
        else
            echo "tenfold-entrypoint: libjemalloc.so.2 not found; native memory uses glibc's malloc" >&2
            export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
        fi
        ;;
    glibc)
        export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
        ;;
    *)
        echo "tenfold-entrypoint: TENFOLD_MALLOC must be jemalloc or glibc, not '${TENFOLD_MALLOC}'" >&2
        exit 64
        ;;
esac

# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "${TENFOLD_HOME:-/opt/tenfold}" org.springframework.boot.loader.launch.JarLauncher "$@"
