"""Namespaces and ontology terms, declared once.

`KGO` is a closed `DefinedNamespace`: a misspelt term raises instead of minting a new IRI.
A test checks that every term declared here is defined in `ontology/kgqa.ttl`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/kgqa/"
ID = Namespace(BASE + "id/")
VOCAB = Namespace(BASE + "vocab/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
FMA = Namespace("http://purl.org/sig/ont/fma/")


class KGO(DefinedNamespace):
    """The kgqa ontology (ontology/kgqa.ttl)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Exercise: URIRef
    Variation: URIRef
    Muscle: URIRef
    Equipment: URIRef
    Mistake: URIRef
    Correction: URIRef
    Benefit: URIRef
    Population: URIRef
    RoutinePlacement: URIRef
    ProgrammingGuideline: URIRef
    SafetyNote: URIRef
    TechniqueCue: URIRef
    SetupStep: URIRef
    Modification: URIRef
    JointAction: URIRef
    Consideration: URIRef
    MuscleInvolvement: URIRef
    MuscleRole: URIRef
    Document: URIRef
    Record: URIRef
    Dataset: URIRef
    ExerciseAttribute: URIRef
    Evidence: URIRef
    # roles
    PrimaryMover: URIRef
    Synergist: URIRef
    Stabilizer: URIRef
    SecondaryMuscle: URIRef
    # object properties
    involves: URIRef
    muscle: URIRef
    role: URIRef
    worksMuscle: URIRef
    usesEquipment: URIRef
    commonMistake: URIRef
    correction: URIRef
    hasBenefit: URIRef
    variationOf: URIRef
    hasProgression: URIRef
    hasRegression: URIRef
    recommendedFor: URIRef
    placement: URIRef
    complementedBy: URIRef
    guideline: URIRef
    safetyNote: URIRef
    techniqueCue: URIRef
    setupStep: URIRef
    jointAction: URIRef
    mechanic: URIRef
    force: URIRef
    level: URIRef
    category: URIRef
    hasPro: URIRef
    hasCon: URIRef
    hasPart: URIRef
    partOf: URIRef
    variantEquipment: URIRef
    variantOf: URIRef
    evidence: URIRef
    statedFor: URIRef
    # datatype properties
    derivation: URIRef
    minted: URIRef
    pairing: URIRef
    step: URIRef
    quote: URIRef
    section: URIRef
    startChar: URIRef
    endChar: URIRef
    description: URIRef
    definition: URIRef
    aspect: URIRef
    sets: URIRef
    reps: URIRef
    emphasis: URIRef
    fileName: URIRef


ONTOLOGY_IRI = URIRef(BASE + "ontology")

ROLE_NAMES: dict[str, URIRef] = {
    "primary": KGO.PrimaryMover,
    "synergist": KGO.Synergist,
    "stabilizer": KGO.Stabilizer,
    "secondary": KGO.SecondaryMuscle,
}
ROLE_OF_IRI: dict[URIRef, str] = {v: k for k, v in ROLE_NAMES.items()}

PREFIXES: dict[str, str] = {
    "kgo": str(KGO._NS),
    "kgr": str(ID),
    "kgv": str(VOCAB),
    "muscle": str(ID) + "muscle/",
    "equipment": str(ID) + "equipment/",
    "exercise": str(ID) + "exercise/",
    "doc": str(ID) + "doc/",
    "obo": str(OBO),
    "fma": str(FMA),
}


def entity_iri(kind: str, slug: str) -> URIRef:
    """The IRI of an entity of `kind` (exercise, muscle, mistake, ...) named by `slug`."""
    return ID[f"{kind}/{slug}"]
