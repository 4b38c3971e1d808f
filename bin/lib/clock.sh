# shellcheck shell=bash
# Sourced by bin/* that time things: milliseconds since the epoch with GNU date (+%N) and with BSD/macOS date, which
# has no %N (then perl's Time::HiRes, part of macOS).

ledgerline_now_ms() {
    local now
    now=$(date +%s%N) # portable-because: BSD date prints a literal N, caught below
    case $now in
        *[!0-9]*) perl -MTime::HiRes=time -e 'printf("%d\n", time() * 1000)' ;;
        *) echo $((now / 1000000)) ;;
    esac
}
