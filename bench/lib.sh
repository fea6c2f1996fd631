# bench/lib.sh - the figures' helpers shared by bench/run, bench/guest and bench/mini.
# shellcheck shell=bash

# median: of the numbers on stdin, NA when there are none
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "NA" }'; }
# ratio A B: A / B to three places, NA when either is missing or B is not above 0
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 <= 0) print "NA"; else printf "%.3f", a / b }'; }
# spread [n]: "median (min–max)" of the numbers on stdin ("median (min–max, n=N)" with n), NA
# when there are none
spread() { sort -n | awk -v withn="${1:-}" '{ v[NR] = $1 } END { if (!NR) { print "NA"; exit }
	printf "%s (%s–%s%s)\n", v[int((NR + 1) / 2)], v[1], v[NR], withn ? ", n=" NR : "" }'; }
