#!/usr/bin/env bash
# Runs the NumPy counter's tests on NumPy 1.26 in a venv of its own.
#
#   scripts/test_numpy1.sh [VENV]      (default: .venv-np1 in the project root)
#
# The extension is built against NumPy 2.x headers (pip's isolated build env)
# with NPY_TARGET_VERSION set to 1.22, so the same wheel should load on 1.26.
# That is checked first; only if it fails is the package rebuilt against the
# venv's own NumPy 1.26 (--no-build-isolation), and the script says so.
# PYTHON picks the interpreter (NumPy 1.26 has wheels for CPython 3.9-3.12).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/.venv-np1}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac

# The venv must see only what is installed into it, never the source tree.
unset PYTHONPATH PYTHONHOME
export PYTHONNOUSERSITE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '[test_numpy1] %s\n' "$*"; }

pick_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.12 python3.11 python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

vpy="$venv/bin/python"
if ! "$vpy" -c 'import sys' >/dev/null 2>&1; then
    python="$(pick_python)" || {
        say "no Python 3.11 or 3.12 found (NumPy 1.26 has no wheels for newer ones); set PYTHON"
        exit 1
    }
    say "creating $venv with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
"$vpy" -m pip install -q "numpy==1.26.*" "pytest>=7"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Build from a clean copy: setuptools skips compiling when build/ in the tree
# holds an extension newer than its source, which would hide what this script
# is here to check (and could reuse one built against other headers).
mkdir "$work/src"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$root" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
        | tar --null -T - -cf -) | tar -xf - -C "$work/src"
else
    (cd "$root" && tar -cf - --exclude=./build --exclude='./.venv*' --exclude='*.so' \
        --exclude='*.egg-info' .) | tar -xf - -C "$work/src"
fi

check() {
    # From outside the source tree, so `import npguard` is the installed copy.
    (cd "$work" && "$vpy" - <<'EOF'
import sys
import numpy
import npguard
from npguard import numpy_counter as c

print(f"[test_numpy1] numpy {numpy.__version__}, npguard from {npguard.__path__[0]}")
if not c.AVAILABLE:
    print(f"[test_numpy1] counter unavailable: {c.UNAVAILABLE_REASON}")
    sys.exit(1)
a = numpy.ones(1000)
assert c.install() and c.handler_name() == c.HANDLER_NAME
before = c.current()
b = numpy.ones(1000)
assert c.current() - before == b.nbytes
c.uninstall()
print("[test_numpy1] counter loads and counts")
EOF
    )
}

say "installing npguard-ipython (isolated build: NumPy 2.x headers)"
(cd "$work/src" && "$vpy" -m pip install -q .)
if ! check; then
    say "the NumPy 2.x build does not load on NumPy 1.26; rebuilding against 1.26 (--no-build-isolation)"
    "$vpy" -m pip install -q "setuptools>=77"
    rm -rf "$work/src/build"
    (cd "$work/src" && "$vpy" -m pip install -q --force-reinstall --no-deps --no-build-isolation .)
    check
fi

# --import-mode=importlib keeps the source tree off sys.path; --noconftest keeps
# this run independent of fixtures (and their imports) other suites add.
say "running tests/test_numpy_counter.py"
cd "$work"
NPGUARD_REQUIRE_COUNTER=1 "$vpy" -m pytest "$root/tests/test_numpy_counter.py" \
    -q -p no:cacheprovider --import-mode=importlib --noconftest --rootdir "$root"
