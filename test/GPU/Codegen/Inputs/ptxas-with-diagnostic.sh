#!/bin/sh
# Runs the real ptxas ($REAL_PTXAS), drops the diagnostics whose code is
# $DROP from its report and adds $DIAGNOSTIC for stl_hadamard_sm90a, as
# ptxas would report them: lets a test see how scripts/ptxas-report.py
# judges diagnostics today's kernels do not produce (or no longer would).
log=$(mktemp)
"$REAL_PTXAS" "$@" 2> "$log"
status=$?
if [ -n "$DROP" ]; then grep -v "($DROP)" "$log" >&2; else cat "$log" >&2; fi
rm -f "$log"
[ $status -eq 0 ] || exit $status
[ -z "$DIAGNOSTIC" ] ||
  echo "ptxas info    : ($DIAGNOSTIC) synthetic diagnostic in function 'stl_hadamard_sm90a'" >&2
