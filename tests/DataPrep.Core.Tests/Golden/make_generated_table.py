#!/usr/bin/python3
"""Writes generated.csv: a small table with nulls (empty fields), NaN (the text NaN), a constant
column, an all-null column, integers with nulls, values far from zero with a tiny spread (to catch
cancellation), and text with a tie for the most frequent value. Deterministic; checked in."""
import math

rows = []
for i in range(60):
    x = "" if i % 9 == 4 else ("NaN" if i % 11 == 7 else repr(round(math.sin(i * 0.7) * 10 + i * 0.1, 6)))
    n = "" if i % 7 == 3 else str((i * 37) % 23 - 5)
    big = repr(1e9 + ((i * 7919) % 101) * 1e-3)
    skew = "" if i % 13 == 5 else repr(round(math.exp((i % 17) / 4.0) - 1, 9))
    cat = "" if i % 12 == 11 else ["b", "a", "c", "a", "b", "d"][i % 6]
    rows.append([x, "7.5", "", n, big, skew, cat])

with open("generated.csv", "w", newline="") as f:
    f.write("x,c,z,n,big,skew,cat\n")
    for r in rows:
        f.write(",".join(r) + "\n")
