#!/usr/bin/env bash
# Mutation testing of the pure rules in docfiler/domain/ with mutmut 3.
#
#     scripts/mutation.sh              # scratch copy in a fresh temporary directory
#     scripts/mutation.sh /tmp/mut     # or in the given directory (emptied first)
#
# The checkout this script lives in is only read: it is copied (without .venv, .git and caches)
# into the scratch directory, mutmut's [mutmut] config is written there as setup.cfg, and mutmut
# runs there. Only the fast, database-free tests run against each mutant: tests/docfiler/domain/
# and the pure parts of tests/docfiler/test_status.py. The summary per module is printed at the end
# and the survivors are listed; inspect one with `cd <scratch> && mutmut show <name>`.
#
# Environment:
#   PYTHON               interpreter of the project's virtualenv (default: <checkout>/.venv/bin/python)
#   MUTATION_TESTS       test paths to run against mutants (space separated)
#   MUTATION_CHILDREN    parallel workers (default: number of CPUs)
#   MUTMUT_VERSION       mutmut installed into the scratch directory when the venv lacks it (3.8.1)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
TESTS=${MUTATION_TESTS:-tests/docfiler/domain tests/docfiler/test_status.py}
CHILDREN=${MUTATION_CHILDREN:-$(nproc 2>/dev/null || echo 2)}
MUTMUT_VERSION=${MUTMUT_VERSION:-3.8.1}

if [[ $# -ge 1 ]]; then
    WORK=$1
    case "$(cd "$(dirname "$WORK")" && pwd)/$(basename "$WORK")" in
        "$ROOT" | "$ROOT"/*) echo "The scratch directory must be outside $ROOT." >&2; exit 2 ;;
    esac
    # Empty it only if it is empty or an earlier scratch copy of this script.
    if [[ -d $WORK && -n $(ls -A "$WORK") && ! -e $WORK/.docfiler-mutation ]]; then
        echo "$WORK is not empty and is not a scratch copy made by this script." >&2
        exit 2
    fi
    rm -rf "$WORK"
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/docfiler-mutation.XXXXXX")
fi
touch "$WORK/.docfiler-mutation"
WORK=$(cd "$WORK" && pwd)
echo "Scratch copy: $WORK"

# Copy the checkout (tar instead of rsync: rsync is not installed everywhere).
tar -C "$ROOT" -cf - \
    --exclude=./.venv --exclude=./.git --exclude=./mutants --exclude=__pycache__ \
    --exclude=.hypothesis --exclude=.pytest_cache --exclude=.ruff_cache --exclude='*.egg-info' \
    --exclude=./.demo --exclude=./.pgdata . | tar -C "$WORK" -xf -

# mutmut from the venv, or installed into the scratch directory (never into the checkout).
if ! "$PYTHON" -c "import mutmut" 2>/dev/null; then
    "$PYTHON" -m pip install --quiet --target "$WORK/.mutmut-site" "mutmut==$MUTMUT_VERSION"
    export PYTHONPATH="$WORK/.mutmut-site${PYTHONPATH:+:$PYTHONPATH}"
fi
mutmut() { "$PYTHON" -c "import sys; from mutmut.__main__ import cli; sys.argv[0] = 'mutmut'; cli()" "$@"; }

# mutmut reads [tool.mutmut] from pyproject.toml or else [mutmut] from setup.cfg; the copy's
# pyproject.toml has no [tool.mutmut], so setup.cfg is used. source_paths is the whole package so
# that the unmutated rest of docfiler is importable from mutants/; only domain/ is mutated.
# Deselected: the database-backed status tests, and the stdlib-only import check (mutmut's
# trampolines import mutmut into every mutated module).
{
    echo "[mutmut]"
    echo "source_paths = docfiler"
    echo "only_mutate = docfiler/domain/*"
    echo "pytest_add_cli_args_test_selection ="
    for path in $TESTS; do echo "    $path"; done
    echo "pytest_add_cli_args ="
    echo "    -p"
    echo "    no:cacheprovider"
    echo "    -k"
    echo "    not sql_status and not only_the_standard_library"
} >"$WORK/setup.cfg"

cd "$WORK"
export PYTHONDONTWRITEBYTECODE=1
start=$(date +%s)
mutmut run --max-children "$CHILDREN" >"$WORK/mutmut-run.log" 2>&1 || {
    tail -40 "$WORK/mutmut-run.log" >&2
    echo "mutmut run failed; full log: $WORK/mutmut-run.log" >&2
    exit 1
}
echo "mutmut run took $(($(date +%s) - start)) s (log: $WORK/mutmut-run.log)"

mutmut results --all true >"$WORK/mutmut-results.txt"
"$PYTHON" - "$WORK/mutmut-results.txt" <<'EOF'
import collections
import sys

counts = collections.defaultdict(collections.Counter)
survivors = []
for line in open(sys.argv[1], encoding="utf-8"):
    name, _, status = line.strip().rpartition(": ")
    if not name:
        continue
    module = ".".join(name.split(".")[:3])
    counts[module][status] += 1
    if status != "killed":
        survivors.append(f"{status:10} {name}")
columns = ["killed", "survived", "timeout", "no tests", "suspicious"]
print(f"{'module':32}" + "".join(f"{c:>11}" for c in columns) + f"{'total':>8}")
total = collections.Counter()
for module in sorted(counts):
    total.update(counts[module])
    row = counts[module]
    print(f"{module:32}" + "".join(f"{row[c]:>11}" for c in columns) + f"{sum(row.values()):>8}")
print(f"{'all':32}" + "".join(f"{total[c]:>11}" for c in columns) + f"{sum(total.values()):>8}")
other = set(total) - set(columns)
if other:
    print("other statuses:", {s: total[s] for s in other})
print()
print("Not killed:" if survivors else "Every mutant was killed.")
for line in survivors:
    print("  " + line)
EOF
