# ratios.awk: the ratio tables of tests/bench/run.sh, from its BENCH (skyglass) and
# SKYNET (the same bench service on skynet) lines. Each pair is taken from one
# round of the same run; a row lists every round, then the range.
#   awk -v mode=trace  : skyglass trace on / trace off
#   awk -v mode=skynet : skyglass / skynet, trace off
# "wall" is the ratio of msgs/s; "cpu" the inverse ratio of CPU us per op (so
# above 1 means skyglass spends less), which a shared machine disturbs less.
/^(BENCH|SKYNET)/ && / trace=/ {
	name = ""; th = ""; rate = 0; cpu = "-"; tr = ""
	for (i = 2; i <= NF; i++) { if ($i ~ /^threads=/) { th = $i; break }; name = name " " $i }
	for (i = 1; i <= NF; i++) {
		if ($(i + 1) == "msgs/s") rate = $i
		if ($i ~ /^cpu=/) cpu = substr($i, 5)
		if ($i ~ /^trace=/) tr = substr($i, 7)
	}
	k = name " " th
	side = ($1 == "SKYNET") ? "skynet" : tr
	n = ++count[k, side]
	r[k, side, n] = rate; c[k, side, n] = cpu
	keys[k] = 1
}
function row(k, top, bottom,    n, line, lo, hi, w, cr) {
	line = ""; lo = 1e9; hi = 0
	for (n = 1; n <= count[k, top] && n <= count[k, bottom]; n++) {
		if (r[k, bottom, n] <= 0) continue
		w = r[k, top, n] / r[k, bottom, n]
		cr = (c[k, top, n] != "-" && c[k, bottom, n] != "-" && c[k, top, n] > 0) ? sprintf("%.2f", c[k, bottom, n] / c[k, top, n]) : "-"
		line = line sprintf("  %.2f (cpu %s)", w, cr)
		if (w < lo) lo = w
		if (w > hi) hi = w
	}
	if (line != "") printf "  %-36s%s   wall range %.2f-%.2f\n", k, line, lo, hi
}
END {
	for (k in keys) {
		if (mode == "trace") row(k, "on", "off")
		else row(k, "off", "skynet")
	}
}
