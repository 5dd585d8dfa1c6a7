#!/bin/sh
# Regenerates docs/balance/directive-1980.md: the balance report of the main scenario, 10,000 games per
# policy (greedy and strong included). Takes about six minutes on two cores.
#     sh benchmarks/directive_1980_report.sh [GAMES]
# The same as `sh benchmarks/scenario_report.sh directive-1980 [GAMES]`, which makes any bundled scenario's.
exec sh "$(dirname "$0")/scenario_report.sh" directive-1980 "${1:-10000}"
