# Sourced by scripts/run (and tests/test_first_hour.py): where the dev server listens. Loopback
# unless HOST says otherwise (HOST=0.0.0.0 for every interface, e.g. to try it from a phone).
serve_address() { echo "${HOST:-127.0.0.1}:${PORT:-8000}"; }
# The address to print for a browser: 0.0.0.0 and :: are not addresses one can open.
browse_address() {
    case "${HOST:-127.0.0.1}" in
        0.0.0.0 | :: | "[::]") echo "127.0.0.1:${PORT:-8000}" ;;
        *) serve_address ;;
    esac
}
