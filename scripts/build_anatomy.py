"""Generate `ontology/anatomy.ttl`, the open anatomical vocabulary, from the HuBMAP/Uberon muscle table.

    python scripts/build_anatomy.py [CSV] [--out ontology/anatomy.ttl] [--check]

CSV defaults to `../shared/data/muscles/muscles.csv` (SOURCE.md beside it says how it was made). Each muscle,
group and muscle part becomes a SKOS concept of `kgv:muscles`, modelled as `ontology/vocabulary.ttl` models its
muscles; a row that is a curated muscle adds its ids and names to the curated IRI instead. Names that would make
ordinary words muscle mentions are dropped; stderr says which and why. Sorted output: a re-run gives the same
bytes. Standard library, rdflib and kgqa's `normalize` (collisions are checked on the lexicon's own keys).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import SKOS, Graph, URIRef

from kgqa.lexicon import KIND_OF_SCHEME, normalize, slugify

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = Path("../shared/data/muscles/muscles.csv")
VOCABULARY = ROOT / "ontology" / "vocabulary.ttl"
OUT = ROOT / "ontology" / "anatomy.ttl"
MUSCLE_NS = "https://w3id.org/kgqa/id/muscle/"
HAS_PART = URIRef("https://w3id.org/kgqa/ontology#hasPart")
PREFIXES = {"muscle": MUSCLE_NS, "obo": "http://purl.obolibrary.org/obo/", "fma": "http://purl.org/sig/ont/fma/"}

# ---- reviewed decisions: data, each with its reason ----------------------------------------------------------
#: rows that are a curated muscle although no id or preferred name says so (a lay synonym alone cannot)
SAME = {
    **{f"FMA:3769{n}": f"triceps-{head}-head" for n, head in ((4, "lateral"), (2, "long"), (3, "medial"))},
    "FMA:34679": "posterior-deltoid",  # the spinal part of the deltoid is the rear delt
    "UBERON:0011144": "adductors",  # adductor muscle of hip: the hip adductors
    "UBERON:0002000": "glutes",  # Uberon: "the gluteus maximus, gluteus medius and gluteus minimus"
    "UBERON:0035032": "obliques",  # abdominal oblique muscle: "abdominal obliques"
}
#: rows named like a curated lay synonym of another concept: the curated meaning keeps the name
DIFFERENT = {
    "UBERON:0000370": "adductors",  # the vocabulary calls the adductor group "adductor magnus",
    "UBERON:0002381": "pectorals",  # the pectorals "pectoralis major",
    "UBERON:0001999": "hip-flexors",  # and the hip flexors "iliopsoas" and "psoas"
    "UBERON:0008450": "hip-flexors",
}
#: lay names (the first becomes the prefLabel); a regional group is kept only when it has some
LAY = {
    "UBERON:0005621": ("rhomboids", "rhomboid muscles"),
    "UBERON:0008611": ("scalenes",),
    "UBERON:0001111": ("intercostals", "intercostal muscles"),
    "UBERON:0006720": ("pterygoids",),
    "UBERON:0019201": ("gemelli",),
    "UBERON:0009132": ("peroneals", "fibularis muscles"),
    "UBERON:0011043": ("obturators", "obturator muscles"),
    "UBERON:0010990": ("transversospinalis", "transversospinales"),
    "UBERON:0000951": ("rotatores",),
    "FMA:38456": ("forearm flexors", "wrist flexors"),
    "FMA:38488": ("forearm extensors", "wrist extensors"),
    "FMA:34677": ("anterior deltoid", "front deltoid", "front delts", "front delt", "anterior delts", "anterior delt"),
    "FMA:34678": ("lateral deltoid", "middle deltoid", "side delts", "side delt", "lateral delts", "lateral delt"),
    "FMA:32557": ("upper trapezius", "upper traps"),
    "FMA:32556": ("middle trapezius", "middle traps", "mid traps"),
    "FMA:32555": ("lower trapezius", "lower traps"),
    "UBERON:0001388": ("gastrocnemius", "gastrocs", "gastroc"),
    "UBERON:0001125": ("serratus anterior", "serratus"),
    "UBERON:0001220": ("quadratus lumborum", "ql"),
    "UBERON:0002381": ("pectoralis major muscle", "pec major"),
    "UBERON:0001100": ("pectoralis minor", "pec minor"),
}
LAY_NAMES = {n for names in LAY.values() for n in names}
#: members the sources know but the table does not link (FMA-only rows have no Uberon ancestors)
EXTRA_PARTS = {
    "UBERON:0005621": ("FMA:13379", "FMA:13380"),  # the rhomboids: rhomboid major and minor
    "UBERON:0001999": ("UBERON:0001369", "UBERON:0001298"),  # Uberon: "consisting of the iliacus and the psoas major"
}
#: muscles the table names without an id (muscles_without_id.csv): slug -> (whole, names)
NO_ID = {"multifidus": ("UBERON:0010990", ("multifidus", "multifidi", "multifidus muscle", "lumbar multifidus"))}
#: synonyms SOURCE.md calls doubtful: they name another structure
DOUBTFUL = {"casserio's muscle", "pirogoff's aponeurosis", "m. rectus capitis posterior"}  # and one GENERIC name
#: a name made of these words only names a body region or a piece of one, never one muscle
GENERIC = set(
    """muscle muscles musculature musculus organ organs skeletal tissue set system group of the and or anterior
    posterior lateral medial superior inferior upper lower deep superficial internal external middle intrinsic
    extrinsic left right front ventral dorsal proper abdomen abdominal wall arm forearm hand manus foot pes back chest
    thorax thoracic head cranial cephalic neck face facial leg thigh hip shoulder tongue lingual eye extra ocular limb
    forelimb hindlimb stylopod zeugopod compartment region perineal perineum pelvic pelvis palate palatal larynx
    laryngeal spinal girdle trunk body belly part portion fascicle core abs calf crus loin buttock""".split()
)
#: adjective endings: a name ending in one ("gluteal", "posterior femoral") needs its "muscle"
ADJECTIVE = re.compile(r"^[a-z-]+(?:al|ar|ary|ic|ory|ian)$")
SKIPPED_KINDS = {"root", "region"}  # body-region sets ("back muscle"): lay phrases, and they would join everything
PRIORITY = {"lay": 0, "label": 1, "synonym": 2}  # who keeps a name two rows claim


@dataclass(eq=False)  # one object per concept, however many rows add to it
class Concept:
    """A muscle concept of the output: minted, or a curated IRI the table adds to."""

    iri: str
    curated: bool
    pref: str = ""
    names: dict[str, int] = field(default_factory=dict)  # name -> PRIORITY of its origin
    ids: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)

    @property
    def slug(self) -> str:
        return self.iri[len(MUSCLE_NS) :]


def id_iri(ident: str) -> str:
    prefix, local = ident.split(":", 1)  # the table has UBERON: and FMA: ids only
    return {"UBERON": PREFIXES["obo"] + "UBERON_", "FMA": PREFIXES["fma"] + "fma"}[prefix] + local


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


def _clean(name: str) -> str:
    """Lower case and single spaces; an eponym keeps its capital ("Hyrtl's muscle")."""
    name = " ".join(name.split())
    return name if "'s " in name and name[0].isupper() else name.lower()


def _lay(name: str) -> str:
    """The name as people write it: no "muscle(s)" at the end, no "m."/"musculus"/"set of" in front."""
    name = re.sub(r"^(?:musculus |m\. ?|set of )", "", name)
    return name if "'s " in name else re.sub(r" muscles?$", "", name)  # "Hyrtl's muscle" is no "Hyrtl's"


class Anatomy:
    """One generation: the table's rows, the curated vocabulary, the concepts built, and what was left out."""

    def __init__(self, csv_path: Path, vocabulary: Path) -> None:
        with csv_path.open(encoding="utf-8", newline="") as handle:
            self.rows = list(csv.DictReader(handle))
        if not self.rows or "uberon_ancestors" not in self.rows[0]:
            raise SystemExit(f"{csv_path}: expected shared/data/muscles/muscles.csv (id, label, synonyms, parent, ...)")
        self.merged: dict[str, str] = {}  # row id -> what it merged into
        self.skipped: dict[str, str] = {}  # row id -> why
        self.dropped: dict[str, set[str]] = defaultdict(set)  # reason -> names (or slugs)
        self.kinds = {r["id"]: r["kind"] for r in self.rows}
        self.ancestors = {r["id"]: set(_split(r["parent"])) | set(_split(r["uberon_ancestors"])) for r in self.rows}
        for whole, part in ((w, p) for w, parts in EXTRA_PARTS.items() for p in parts):
            self.ancestors[part].add(whole)
        graph = Graph().parse(str(vocabulary), format="turtle")
        self.muscles: dict[str, Concept] = {}  # the curated muscles, by slug
        self.by_name: dict[str, set[str]] = defaultdict(set)  # normalised curated name -> slugs
        self.by_pref: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        self.other_kinds: dict[str, str] = {}  # normalised name of a curated non-muscle -> its kind
        for concept, scheme in sorted(graph.subject_objects(SKOS.inScheme)):
            names = [str(n) for p in (SKOS.prefLabel, SKOS.altLabel) for n in graph.objects(concept, p)]
            if not str(scheme).endswith("/muscles"):
                kind = KIND_OF_SCHEME.get(str(scheme).rsplit("/", 1)[-1], "other")
                self.other_kinds.update({normalize(n): kind for n in names})
                continue
            item = Concept(str(concept), curated=True, pref=str(graph.value(concept, SKOS.prefLabel)))
            item.parts = {str(p) for p in graph.objects(concept, HAS_PART)}
            item.ids = {str(m) for m in graph.objects(concept, SKOS.exactMatch)}
            self.muscles[item.slug] = item
            self.by_pref[normalize(item.pref)] = item.slug
            self.by_id.update({i: item.slug for i in item.ids})
            for n in names:
                self.by_name[normalize(n)].add(item.slug)
        #: what vocabulary.ttl already states (parts, ids), so that the output adds only what is new
        self.stated = {slug: (set(c.parts), set(c.ids)) for slug, c in self.muscles.items()}
        self.concepts: dict[str, Concept] = {}  # row id -> concept

    def match(self, ident: str, forms: set[str]) -> tuple[str | None, str]:
        """The curated muscle a row is, and how that is known: its id, its preferred name or a review."""
        if ident in SAME:
            return SAME[ident], "reviewed"
        if id_iri(ident) in self.by_id:
            return self.by_id[id_iri(ident)], "id"
        keys = {normalize(f) for f in forms}
        by_pref = {self.by_pref[k] for k in keys if k in self.by_pref}
        if len(by_pref) == 1:
            return by_pref.pop(), "name"
        by_alt = sorted({s for k in keys for s in self.by_name.get(k, ())})
        return None, (f"unreviewed: it shares a name with the curated {', '.join(by_alt)}" if by_alt else "")

    def build(self) -> list[Concept]:
        """Concepts for the rows (curated ones first), with their parts and filtered names."""
        for row in self.rows:
            ident, forms = row["id"], _forms(row)
            regional = all(w in GENERIC for w in re.findall(r"[a-z]+", _lay(_clean(row["label"]))))
            slug, how = self.match(ident, set(forms))
            if row["kind"] in SKIPPED_KINDS or (regional and ident not in LAY and how not in ("id", "reviewed")):
                self.skipped[ident] = f"{row['label']} ({row['kind']}: a body-region set)"
                continue
            if how.startswith("unreviewed") and ident not in DIFFERENT:
                raise SystemExit(f"{ident} ({row['label']}) {how[12:]}: review it, then add it to SAME or DIFFERENT")
            if slug is not None:
                concept = self.muscles[slug]
                self.merged[ident] = f"{row['label']} -> muscle:{slug} ({how})"
            else:
                lay = LAY.get(ident, (_lay(_clean(row["label"])),))[0]
                concept = Concept(MUSCLE_NS + slugify(_lay(lay), max_words=12), curated=False, pref=lay)
                if concept.slug in self.muscles or any(c.iri == concept.iri for c in self.concepts.values()):
                    raise SystemExit(f"{ident} ({row['label']}) would get the IRI of another muscle: {concept.iri}")
            concept.ids.update(id_iri(i) for i in [ident, *_split(row["fma_id"])])
            concept.names.update({n: p for n, p in forms.items() if n not in concept.names})
            self.concepts[ident] = concept
        for slug, (whole, names) in NO_ID.items():
            self.concepts[f"no-id:{slug}"] = Concept(MUSCLE_NS + slug, False, names[0], dict.fromkeys(names, 0))
            self.ancestors[f"no-id:{slug}"] = {whole}
        self._link_parts()
        return self._final_names(list(dict.fromkeys(self.concepts.values())))

    def _closure(self, ident: str) -> set[str]:
        seen: set[str] = set()
        frontier = list(self.ancestors.get(ident, ()))
        while frontier:
            if (a := frontier.pop()) not in seen:
                seen.add(a)
                frontier.extend(self.ancestors.get(a, ()))
        return seen

    def _link_parts(self) -> None:
        """Part-of: each row is a part of its nearest wholes that are concepts. A curated group that lists its
        members keeps them ("glutes" are the three glutei) and gains only heads and parts of its muscles."""
        for ident, concept in self.concepts.items():
            wholes = {a for a in self.ancestors.get(ident, ()) if self.concepts.get(a, concept) is not concept}
            for whole in sorted(w for w in wholes if not any(w in self._closure(o) for o in wholes - {w})):
                owner = self.concepts[whole]
                listed = self.stated.get(owner.slug, (set(), set()))[0] if owner.curated else set()
                if listed and self.kinds.get(ident) != "part" and concept.iri not in listed:
                    self.dropped[f"kept out of the curated {owner.pref}, which lists its members"].add(concept.slug)
                else:
                    owner.parts.add(concept.iri)

    def _final_names(self, concepts: list[Concept]) -> list[Concept]:
        """Filter names; a name two concepts claim goes to the one it names best (PRIORITY), on a tie to neither."""
        claims: dict[str, list[tuple[int, Concept, str]]] = defaultdict(list)
        dropped = self.dropped
        for concept in concepts:
            for name, priority in concept.names.items():
                key, reason = normalize(name), _reason(name, self.other_kinds)
                if reason is None and key in self.by_name and concept.slug not in self.by_name[key]:
                    reason = f"the curated vocabulary's name for {sorted(self.by_name[key])[0]}"
                if reason:
                    dropped[reason].add(name)
                else:
                    claims[key].append((priority, concept, name))
        kept: dict[str, set[str]] = defaultdict(set)
        for key, claimants in claims.items():
            best = min(p for p, _, _ in claimants)
            winners = {c.iri for p, c, _ in claimants if p == best}
            for _, concept, name in claimants:
                if len(winners) > 1:
                    dropped[f"shared by {len(winners)} muscles"].add(key)
                elif concept.iri in winners:
                    kept[concept.iri].add(name)
                else:
                    dropped["another muscle's label"].add(name)
        out = []
        for concept in concepts:
            names = kept.get(concept.iri, set())
            if concept.curated:
                names = {n for n in names if concept.slug not in self.by_name.get(normalize(n), ())}
            elif concept.pref not in names:  # "iliopsoas" is the vocabulary's: "iliopsoas muscle", not "illopsoas"
                fallback = sorted(names, key=lambda n: (concept.names[n], not n.startswith(concept.pref), len(n), n))
                if not fallback:
                    dropped["no usable name left"].add(concept.slug)
                    continue
                concept.pref = fallback[0]
            concept.names = {n: concept.names[n] for n in names - {concept.pref}}
            out.append(concept)
        known = {c.iri for c in out} | {c.iri for c in self.muscles.values()}
        for concept in out:
            concept.parts &= known
        return sorted(out, key=lambda c: (not c.curated, c.iri))


def _forms(row: dict[str, str]) -> dict[str, int]:
    """Every name a row goes by -> PRIORITY of its origin: its label as people write it or a LAY name
    ("lay"), the table's or the ontology's label ("label"), a synonym or its lay form ("synonym")."""
    out: dict[str, int] = {}
    labels = {_clean(row["label"]), _clean(row["ontology_label"])}
    for name in sorted(labels | {_clean(s) for s in _split(row["synonyms"])}):
        if name.lower() not in DOUBTFUL:
            origin = "label" if name in labels else "synonym"
            lay = _lay(name)  # a label without "muscle" is the lay form of itself only if it had one
            for form, how in ((name, origin), (lay, "lay" if origin == "label" and lay != name else origin)):
                out[form] = min(out.get(form, 9), PRIORITY[how])
    out.update({name: PRIORITY["lay"] for name in LAY.get(row["id"], ())})
    return out


def _reason(name: str, other_kinds: dict[str, str]) -> str | None:
    """Why a name must not be a muscle's name, or None if it may."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    if re.search(r"[()<>,\[\]]", name):
        return "annotated form, never written in text"
    if len(name) < 4 and name not in LAY_NAMES:
        return "too short to tell from an abbreviation"
    if not words or all(w in GENERIC for w in words):
        return "body-region or common word, not one muscle's name"
    if ADJECTIVE.match(words[-1]) and words[-1] != "lumbrical" and words[-2:-1] != ["of"]:
        return 'ends in an adjective ("gluteal", "posterior femoral"): a name only with "muscle"'
    if normalize(name) in other_kinds:
        return f"already the name of a curated {other_kinds[normalize(name)]}"
    return None


def generate(csv_path: Path, vocabulary: Path = VOCABULARY) -> tuple[str, Anatomy]:
    """The Turtle text of anatomy.ttl for the table at `csv_path`, and the generation (what it left out)."""
    anatomy = Anatomy(csv_path, vocabulary)
    return _turtle(anatomy.build(), csv_path, anatomy.stated), anatomy


HEADER = """\
# GENERATED by scripts/build_anatomy.py from {source}: do not edit by hand; re-run the script.
#
# Human skeletal muscles, groups and parts as SKOS concepts of kgv:muscles; curated muscles of vocabulary.ttl
# gain the ids, names and parts below. Changed from the sources: rows merged, names filtered, lay names added.
#
# Data from two sources, both openly licensed; attribution is required:
# 1. HuBMAP / Human Reference Atlas ASCT+B table "Muscular System, v1.1" (names, nesting, most ids),
#    licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Publisher HuBMAP; funded by NIH
#    awards OT2OD033756 and OT2OD026671.
#    Katherine S Gustilo; Griffin Weber. Muscular System, v1.1 https://doi.org/10.48539/HBM257.RSRQ.666
#    (HuBMAP ID HBM257.RSRQ.666), Accessed on December 15, 2023.
#    Quardokus, Ellen, Bruce W. Herr II, Lisel Record, Katy Börner. 2023. HuBMAP ASCT+B Tables.
#    https://humanatlas.io/asctb-tables.
# 2. Uberon multi-species anatomy ontology, release 2026-04-01, and its FMA bridge (release 2023-09-05)
#    (labels, exact synonyms, group membership, FMA to UBERON mappings), licensed CC BY 3.0 Unported
#    (https://creativecommons.org/licenses/by/3.0/). "Uberon, https://obophenotype.github.io/uberon/
#    (Mungall CJ et al., Uberon, an integrative multi-species anatomy ontology. Genome Biology 2012, 13:R5)".
# FMA ids are identifiers only.

@prefix kgo:  <https://w3id.org/kgqa/ontology#> .
@prefix kgv:  <https://w3id.org/kgqa/vocab/> .
@prefix muscle: <https://w3id.org/kgqa/id/muscle/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix obo:  <http://purl.obolibrary.org/obo/> .
@prefix fma:  <http://purl.org/sig/ont/fma/> .
"""


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "@en"  # JSON's string escapes are valid Turtle ones


def _qname(iri: str) -> str:
    prefix = next((p for p, ns in PREFIXES.items() if iri.startswith(ns)), None)
    return f"{prefix}:{iri[len(PREFIXES[prefix]) :]}" if prefix else f"<{iri}>"


def _turtle(concepts: list[Concept], source: Path, stated: dict[str, tuple[set[str], set[str]]]) -> str:
    out, section = [HEADER.format(source="shared/data/muscles/" + source.name)], None
    for c in concepts:
        if c.curated != section:
            section = c.curated
            out.append(f"######## {'Curated muscles: further ids, names and parts' if c.curated else 'New muscles'}\n")
        parts, ids = stated.get(c.slug, (set(), set())) if c.curated else (set(), set())
        props = [] if c.curated else [("a", ["kgo:Muscle"]), ("skos:inScheme", ["kgv:muscles"])]
        props += [("skos:prefLabel", [] if c.curated else [_literal(c.pref)])]
        props += [("skos:altLabel", [_literal(n) for n in sorted(c.names)])]
        props += [("skos:exactMatch", [_qname(i) for i in sorted(c.ids - ids)])]
        props += [("kgo:hasPart", [_qname(p) for p in sorted(c.parts - parts)])]
        if lines := [f"    {p} {o}" for p, objects in props for o in objects]:  # one per line: diffs stay small
            out.append(f"{_qname(c.iri)}\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV, help="relative to the repository root")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if --out is not what the CSV generates")
    args = parser.parse_args(argv)
    csv_path = args.csv if args.csv.is_absolute() else (ROOT / args.csv).resolve()
    if not csv_path.is_file():
        parser.error(f"{csv_path} does not exist: pass the path of shared/data/muscles/muscles.csv")
    text, done = generate(csv_path)
    graph = Graph().parse(data=text, format="turtle")  # the file must parse
    print(f"anatomy.ttl: {len(graph)} triples, {len(set(graph.subjects(SKOS.prefLabel)))} new muscles", file=sys.stderr)
    for ident, what in [*sorted(done.merged.items()), *sorted(done.skipped.items())]:
        print(f"  {'merged ' if ident in done.merged else 'skipped'} {ident}: {what}", file=sys.stderr)
    for why, names in sorted(done.dropped.items()):
        print(f"  dropped ({why}): {', '.join(sorted(names))}", file=sys.stderr)
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'OUT OF DATE: run scripts/build_anatomy.py'}", file=sys.stderr)
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
