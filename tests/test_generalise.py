"""Articles by other writers, in conventions the packaged corpus does not use, extend the graph.

tests/data/unseen_articles/ holds three articles written for this test, each dropped into a copy of
the corpus: numbered lists with "Label - text" and "Short label. Text." items, indented "Fix:" lines
and unusual headings (banded kickbacks); prose paragraphs only (glute bridge); a markdown FAQ with
"## questions" and "**Bold:**" labels about an exercise the vocabulary does not name (Bulgarian split
squat). The assertions are the facts each article states, read with evidence from that article.

Round two adds three more: a physiotherapist's notes on triceps kickbacks ("Muscle (role) — text"
labels, "Common Errors" whose remedies open with "Instead,", "Programming" with "2–3 sets of 12–15");
a first-person blog post on hip thrusts (short paragraphs, "Don't ...!"/"Never ..." warnings with
"The fix:", a role given by the sentence after "And your abs?"); and a listicle whose numbered
headings ("1. You're Arching Your Back") are followed by a why-paragraph and "The fix:".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, DATA, copy_articles

from kgqa.build import build
from kgqa.corpus import parse_document
from kgqa.extract import Fact
from kgqa.extract.score import extract_corpus
from kgqa.kg import KnowledgeGraph
from kgqa.lexicon import Lexicon

UNSEEN = DATA / "unseen_articles"
ID = "https://w3id.org/kgqa/id/"
BANDED, BRIDGE, BSS = "banded-kickbacks-form-faults", "glute-bridge-in-plain-words", "bulgarian-split-squat-faq"
TRICEPS, THRUST, LISTICLE = "triceps-kickback-physio-notes", "hip-thrusts-what-i-learned", "seven-kickback-mistakes"
FILES = {BANDED: "banded-kickbacks-form-faults.txt", BRIDGE: "glute-bridge-in-plain-words.txt",
         BSS: "bulgarian-split-squat-faq.md", TRICEPS: "triceps-kickback-physio-notes.txt",
         THRUST: "hip-thrusts-what-i-learned.txt", LISTICLE: "seven-kickback-mistakes.txt"}


def _corpus_with(tmp: Path, *docs: str) -> Path:
    folder = tmp / "corpus"
    copy_articles(CORPUS, folder)
    for doc in docs:
        shutil.copy(UNSEEN / FILES[doc], folder)
    return folder


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> dict[str, tuple[list[Fact], dict]]:
    """Each article extracted in its own copy of the corpus: the article's facts and the minted exercises."""
    out = {}
    for doc in FILES:
        facts, parents = extract_corpus(_corpus_with(tmp_path_factory.mktemp(doc), doc), lexicon)
        out[doc] = ([f for f in facts if f.evidence.doc_id == doc], parents)
    return out


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> KnowledgeGraph:
    """The corpus with all the articles, built and validated (a graph that does not conform raises)."""
    return KnowledgeGraph(build(_corpus_with(tmp_path_factory.mktemp("all"), *FILES), lexicon=lexicon).graph)


def _local(iri: str) -> str:
    return str(iri).rsplit("/", 1)[-1]


def muscles(facts: list[Fact], subject: str) -> set[tuple[str, str]]:
    return {(_local(f.obj), f.role or "") for f in facts if f.kind == "muscle" and _local(f.subject) == subject}


def named(facts: list[Fact], kind: str, subject: str) -> set[str]:
    return {_local(f.obj) for f in facts if f.kind == kind and _local(f.subject) == subject}


def corrections(facts: list[Fact]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in facts:
        if f.kind == "correction":
            out.setdefault(_local(f.subject), set()).add(f.text or "")
    return out


def test_every_fact_quotes_its_article_verbatim(extracted: dict[str, tuple[list[Fact], dict]]) -> None:
    for doc, (facts, _) in extracted.items():
        text = (UNSEEN / FILES[doc]).read_text(encoding="utf-8")
        assert facts, doc
        for fact in facts:
            assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote, fact


def test_parser_reads_other_conventions() -> None:
    banded = parse_document(UNSEEN / FILES[BANDED])
    assert banded.author == "Priya Nair"  # "Written by Priya Nair, strength coach"
    assert banded.title == "Banded Glute Kickbacks: The No-Nonsense Guide"
    items = [b for b in banded.blocks if b.kind == "item"]
    # "Gluteus maximus - the prime mover.", "Arching the lower back. When the leg ..."
    assert (items[0].label, items[0].body) == ("Gluteus maximus", "the prime mover. It extends the hip and does "
                                               "nearly all of the work of pressing the heel back against the band.")
    arching = next(b for b in items if b.label == "Arching the lower back")
    fix = items[items.index(arching) + 1]  # the indented "Fix:" line belongs to the item above it
    assert (fix.label, fix.level, fix.context[-1]) == ("Fix", arching.level + 1, "Arching the lower back")

    faq = parse_document(UNSEEN / FILES[BSS])
    assert (faq.title, faq.author) == ("Bulgarian Split Squats: Your Questions Answered", "Dana Whitfield")
    headings = [b.text for b in faq.blocks if b.kind == "heading"]
    assert "What are the most common mistakes?" in headings  # "## " is markup, not text
    labels = {b.label for b in faq.blocks if b.kind == "item"}
    assert {"Standing too close to the bench", "Single-leg strength"} <= labels

    bridge = parse_document(UNSEEN / FILES[BRIDGE])
    assert bridge.author == "Tomás Reyes"
    assert not any(b.kind == "item" for b in bridge.blocks)


def test_banded_kickbacks_numbered_lists_and_form_faults(extracted: dict[str, tuple[list[Fact], dict]]) -> None:
    facts, _ = extracted[BANDED]
    assert muscles(facts, "band-kickback") == {
        ("gluteus-maximus", "primary"),
        ("hamstrings", "synergist"),
        ("gluteus-medius", "stabilizer"),
        ("core", "stabilizer"),
        ("abdominals", "stabilizer"),
        ("obliques", "stabilizer"),
    }
    # "Form Faults and Fixes": known mistakes meet the vocabulary's nodes, a new one gets its own.
    assert named(facts, "mistake", "band-kickback") == {
        "arching-the-lower-back", "using-momentum", "pelvic-rotation", "letting-band-go-slack"}
    fixes = corrections(facts)
    assert fixes["arching-the-lower-back"] == {
        "Stop the lift when your thigh is in line with your torso and keep your ribs pulled down."}
    assert fixes["using-momentum"] == {"Take two seconds on the way up and pause for a beat at the top."}
    assert fixes["letting-band-go-slack"] == {
        "Set the band high enough that it stays taut even when the knees are together."}
    # "Why Do It": numbered "Short label. Description." items.
    benefits = {f.obj_label for f in facts if f.kind == "benefit"}
    assert benefits == {"Glute activation before heavy lifts", "Low load on the spine", "You can train anywhere"}
    # "Who It's For" is about people: no muscle claims from it, three populations.
    assert len(named(facts, "population", "band-kickback")) == 3
    assert {"mini-band", "mat", "long-loop-band"} <= named(facts, "equipment", "band-kickback")


def test_glute_bridge_prose(extracted: dict[str, tuple[list[Fact], dict]]) -> None:
    facts, parents = extracted[BRIDGE]
    assert not parents  # the vocabulary names the glute bridge: linked, not minted
    assert muscles(facts, "glute-bridge") == {
        ("gluteus-maximus", "primary"),
        ("hamstrings", "synergist"),
        ("erector-spinae", "stabilizer"),
        ("transverse-abdominis", "stabilizer"),
        ("gluteus-medius", "stabilizer"),
    }
    # "Where People Go Wrong": mistakes named in sentences, their remedies later in the paragraph.
    assert named(facts, "mistake", "glute-bridge") == {"arching-the-lower-back", "pushing-through-toe"}
    fixes = corrections(facts)
    assert fixes["arching-the-lower-back"] == {
        "You should stop when your hips are level with your thighs and keep your ribs tucked down."}
    assert fixes["pushing-through-toe"] == {"Keep your heels planted and think about driving them into the floor."}
    # "Why It Is Worth Doing": benefits the vocabulary names, argued in prose.
    assert named(facts, "benefit", "glute-bridge") == {"improved-hip-extension-strength", "targeted-glute-activation"}
    assert {"mat", "mini-band", "barbell"} == named(facts, "equipment", "glute-bridge")


def test_bulgarian_split_squat_markdown_faq(extracted: dict[str, tuple[list[Fact], dict]]) -> None:
    facts, parents = extracted[BSS]
    # The title names a kind of squat the vocabulary does not know: minted, as a variation of the squat.
    assert parents == {ID + "exercise/bulgarian-split-squat": ID + "exercise/squat"}
    assert {_local(f.subject) for f in facts if f.kind != "correction"} == {"bulgarian-split-squat"}
    assert muscles(facts, "bulgarian-split-squat") == {
        ("quadriceps", "primary"),
        ("gluteus-maximus", "primary"),
        ("hamstrings", "synergist"),
        ("adductors", "synergist"),
        ("gluteus-medius", "stabilizer"),
        ("core", "stabilizer"),
        ("calves", "stabilizer"),
    }
    assert {f.obj_label for f in facts if f.kind == "mistake"} == {
        "Standing too close to the bench", "Pushing off the back foot", "Letting the knee cave in",
        "Leaning the torso too far forward"}
    fixes = corrections(facts)  # "**Fix:** ..." inside the mistake's bullet
    assert fixes["letting-knee-cave"] == {"Push the knee out so it tracks over your second toe."}
    assert fixes["leaning-torso-too-far-forward"] == {"Keep your chest up and brace your core."}
    assert len(fixes) == 4
    assert {f.obj_label for f in facts if f.kind == "benefit"} == {
        "Single-leg strength", "Improved balance", "Less spinal loading"}
    # "than a barbell squat" is another exercise's equipment
    assert named(facts, "equipment", "bulgarian-split-squat") == {"bench", "dumbbell", "kettlebell"}
    assert any(f.kind == "definition" for f in facts)


@pytest.mark.parametrize(
    "question,doc,expected",
    [
        ("what muscles does the glute bridge work?", BRIDGE,
         {"gluteus maximus", "hamstrings", "erector spinae", "transverse abdominis", "gluteus medius"}),
        ("what muscles does the bulgarian split squat work?", BSS,
         {"quadriceps", "gluteus maximus", "hamstrings", "adductors", "gluteus medius", "core", "calves"}),
    ],
)
def test_ask_muscles_of_a_new_exercise(kg: KnowledgeGraph, question: str, doc: str, expected: set[str]) -> None:
    answer = kg.ask(question)
    assert answer.answered and answer.intent == "muscles"
    assert {a.label for a in answer.answers} == expected
    assert {e["document"] for e in answer.to_dict()["evidence"]} == {doc}


def test_ask_muscles_of_banded_kickbacks_cites_the_new_article(kg: KnowledgeGraph) -> None:
    answer = kg.ask("what muscles do banded kickbacks work?")
    assert answer.answered
    roles = {(a.label, a.role) for a in answer.answers}
    assert {("gluteus maximus", "primary"), ("hamstrings", "synergist"), ("core", "stabilizer")} <= roles
    assert BANDED in {e["document"] for e in answer.to_dict()["evidence"]}


@pytest.mark.parametrize(
    "question,doc,expected",
    [
        ("what are common glute bridge mistakes?", BRIDGE, {"arching the lower back", "pushing through the toes"}),
        ("what mistakes do people make in bulgarian split squats?", BSS,
         {"Standing too close to the bench", "Pushing off the back foot", "Letting the knee cave in",
          "Leaning the torso too far forward"}),
    ],
)
def test_ask_mistakes_of_a_new_exercise(kg: KnowledgeGraph, question: str, doc: str, expected: set[str]) -> None:
    answer = kg.ask(question)
    assert answer.answered and answer.intent == "mistakes"
    assert {a.label for a in answer.answers} == expected
    assert {e["document"] for e in answer.to_dict()["evidence"]} == {doc}


def test_ask_mistakes_of_banded_kickbacks_cites_the_new_article(kg: KnowledgeGraph) -> None:
    answer = kg.ask("what are common mistakes with banded kickbacks?")
    labels = {a.label.lower() for a in answer.answers}
    assert {"arching the lower back", "using momentum", "letting the band go slack"} <= labels
    quotes = {e["quote"] for e in answer.to_dict()["evidence"] if e["document"] == BANDED}
    assert "Swinging the leg. Kicking fast turns the exercise into a momentum drill and the band snaps the leg back " \
        "down." in quotes


@pytest.mark.parametrize(
    "question,doc,fix",
    [
        ("how do I fix pushing through the toes?", BRIDGE, "Keep your heels planted"),
        ("how do I fix letting the band go slack?", BANDED, "stays taut"),
        ("how do I stop letting the knee cave in on bulgarian split squats?", BSS, "second toe"),
    ],
)
def test_ask_how_to_fix_a_mistake_only_the_new_article_names(
    kg: KnowledgeGraph, question: str, doc: str, fix: str
) -> None:
    answer = kg.ask(question)
    assert answer.answered and answer.intent == "fix"
    assert fix in answer.text
    assert doc in {e["document"] for e in answer.to_dict()["evidence"]}


# ---- round two ---------------------------------------------------------------------------------


def test_parser_reads_bylines_and_numbered_entry_headings() -> None:
    assert parse_document(UNSEEN / FILES[TRICEPS]).author == "Helen Okafor"  # "Author: Helen Okafor, ..."
    assert parse_document(UNSEEN / FILES[THRUST]).author == "Jess Moreau"  # "posted by Jess Moreau"
    listicle = parse_document(UNSEEN / FILES[LISTICLE])
    entries = [b for b in listicle.blocks if b.kind == "subheading"]
    # "1. You're Arching Your Back" followed by paragraphs is a heading, not a one-line list item
    assert [b.label for b in entries][:2] == ["You're Arching Your Back", "You're Swinging Your Leg"]
    assert len(entries) == 7 and not any(b.kind == "item" for b in listicle.blocks)
    fix = next(b for b in listicle.blocks if b.text.startswith("The fix: stop when"))
    assert fix.context[-1] == "You're Arching Your Back"


def test_triceps_kickback_physio_roles_and_instead_corrections(
    extracted: dict[str, tuple[list[Fact], dict]],
) -> None:
    facts, _ = extracted[TRICEPS]
    # The vocabulary's tricep kickback, not the glute kickback "the kickback" alone would name.
    assert {_local(f.subject) for f in facts if f.kind not in ("correction",)} == {"tricep-kickback"}
    assert muscles(facts, "tricep-kickback") == {
        ("triceps-brachii", "primary"),  # "Triceps brachii (primary) — ..."
        ("triceps-long-head", "primary"),  # a part of the label's muscle named in its text
        ("posterior-deltoid", "stabilizer"),  # "Posterior deltoid — stabiliser; ..."
        ("latissimus-dorsi", "synergist"),  # "Latissimus dorsi: assists ..."
        ("core", "stabilizer"),  # "Trunk muscles (stabilisers) — the erector spinae and the obliques ..."
        ("erector-spinae", "stabilizer"),
        ("obliques", "stabilizer"),
    }
    assert named(facts, "mistake", "tricep-kickback") == {
        "letting-elbow-drop", "swinging-dumbbell", "rounding-upper-back", "choosing-weight-that-is-too-heavy"}
    fixes = corrections(facts)  # "Instead, ..." sentences, whatever their verb
    assert fixes["letting-elbow-drop"] == {
        "Pin the upper arm against your side and keep it parallel to the floor for every repetition."}
    assert fixes["swinging-dumbbell"] == {"Lift for two counts and lower for three."}
    assert len(fixes) == 4
    # "What It Offers" is a benefits heading; "Who I Give It To" a population one.
    assert {f.obj_label for f in facts if f.kind == "benefit"} == {
        "Isolated triceps strength", "Gentle on the elbow", "Shoulder control"}
    assert len(named(facts, "population", "tricep-kickback")) == 3
    assert named(facts, "equipment", "tricep-kickback") == {"dumbbell", "bench", "cable-machine"}  # no chair
    guideline = next(f for f in facts if f.kind == "guideline" and ("aspect", "sets-reps") in f.attrs)
    assert dict(guideline.attrs)["sets"] == "2–3" and dict(guideline.attrs)["reps"] == "12–15"


def test_hip_thrust_blog_casual_cues_and_warnings(extracted: dict[str, tuple[list[Fact], dict]]) -> None:
    facts, parents = extracted[THRUST]
    assert not parents.get(ID + "exercise/hip-thrust")  # the vocabulary's hip thrust, linked
    # "than in a deadlift", "right after squats": other exercises named for comparison, not the subject
    assert {_local(f.subject) for f in facts if f.kind != "correction"} == {"hip-thrust"}
    assert muscles(facts, "hip-thrust") == {
        ("gluteus-maximus", "primary"),  # "the star of the show"
        ("glutes", "primary"),
        ("hamstrings", "synergist"),  # "chip in"
        ("quadriceps", "synergist"),  # "help too"
        ("abdominals", "stabilizer"),  # "And your abs? They brace the whole time ..."
    }
    abs_fact = next(f for f in facts if f.kind == "muscle" and _local(f.obj) == "abdominals")
    assert abs_fact.evidence.quote.startswith("And your abs? They brace")
    # "Don't overextend at the top!", "Never let your knees cave in.": warnings name the mistakes.
    assert {f.obj_label for f in facts if f.kind == "mistake"} == {
        "Overextending at the top", "Letting your knees cave in", "Putting your feet too far away"}
    fixes = corrections(facts)
    assert fixes["overextending-at-top"] == {
        "Stop when your torso is parallel to the floor and tuck your chin slightly so your ribs stay down."}
    assert fixes["putting-feet-too-far-away"] == {"Set your feet so your shins are vertical at the top of the rep."}
    assert len(fixes) == 3
    # "Who should do them?" in prose: "great for beginners ..., perfect for runners and anyone who ..."
    assert named(facts, "population", "hip-thrust") == {"beginner", "runner", "anyone-who-sit-at-desk-all-day"}
    assert {"barbell", "bench", "dumbbell", "resistance-band", "mini-band"} == named(facts, "equipment", "hip-thrust")


def test_listicle_numbered_headings_are_mistakes_with_fixes(extracted: dict[str, tuple[list[Fact], dict]]) -> None:
    facts, _ = extracted[LISTICLE]
    # The intro, before the first entry, is no mistake section: its muscles count.
    assert muscles(facts, "glute-kickback") == {
        ("gluteus-maximus", "primary"), ("hamstrings", "synergist"),
        ("core", "stabilizer"),  # "the hamstrings assist and the core stabilizes": the core's own verb
    }
    # "7 Kickback Mistakes ...": the title counts its entries, so each numbered heading is a mistake;
    # second-person names meet the vocabulary's nodes where it has them.
    assert named(facts, "mistake", "glute-kickback") == {
        "arching-the-lower-back", "using-momentum", "letting-hips-rotate", "lack-of-core-engagement",
        "incorrect-weight-selection", "hyperextending-the-knee", "rushing-way-down"}
    arching = next(f for f in facts if f.kind == "mistake" and _local(f.obj) == "arching-the-lower-back")
    assert (arching.obj_label, arching.evidence.quote) == ("Arching your back", "You're Arching Your Back")
    assert arching.text and arching.text.startswith("When the leg goes too high")
    fixes = corrections(facts)
    assert fixes["arching-the-lower-back"] == {
        "Stop when your thigh is in line with your body and keep your belly button pulled in."}
    assert fixes["rushing-way-down"] == {"Lower for three seconds and stop just before the weight stack touches down."}
    assert len(fixes) == 7
    assert named(facts, "benefit", "glute-kickback") == {"targeted-glute-activation", "improved-hip-extension-strength"}


@pytest.mark.parametrize(
    "question,doc,expected",
    [
        ("what muscles do triceps kickbacks work?", TRICEPS,
         {("triceps brachii", "primary"), ("posterior deltoid", "stabilizer"), ("latissimus dorsi", "synergist")}),
        ("what muscles do hip thrusts work?", THRUST,
         {("gluteus maximus", "primary"), ("hamstrings", "synergist"), ("abdominals", "stabilizer")}),
    ],
)
def test_ask_round_two_muscles(kg: KnowledgeGraph, question: str, doc: str, expected: set[tuple[str, str]]) -> None:
    answer = kg.ask(question)
    assert answer.answered and answer.intent == "muscles"
    assert expected <= {(a.label, a.role) for a in answer.answers}
    assert doc in {e["document"] for e in answer.to_dict()["evidence"]}


@pytest.mark.parametrize(
    "question,doc,fix",
    [
        ("how do I fix letting the elbow drop?", TRICEPS, "Pin the upper arm against your side"),
        ("how do I fix overextending at the top of a hip thrust?", THRUST, "torso is parallel to the floor"),
        ("how do I fix rushing the way down?", LISTICLE, "lower for three seconds"),
    ],
)
def test_ask_round_two_fixes(kg: KnowledgeGraph, question: str, doc: str, fix: str) -> None:
    answer = kg.ask(question)
    assert answer.answered and answer.intent == "fix"
    assert fix.lower() in answer.text.lower()
    assert doc in {e["document"] for e in answer.to_dict()["evidence"]}


@pytest.mark.parametrize(
    "question,doc,expected",
    [
        ("what are common triceps kickback mistakes?", TRICEPS,
         {"Letting the elbow drop", "Swinging the dumbbell", "Rounding the upper back",
          "Choosing a weight that is too heavy"}),
        ("what mistakes do people make with hip thrusts?", THRUST, {"Overextending at the top"}),
    ],
)
def test_ask_round_two_mistakes(kg: KnowledgeGraph, question: str, doc: str, expected: set[str]) -> None:
    answer = kg.ask(question)
    assert answer.answered and answer.intent == "mistakes"
    assert expected <= {a.label for a in answer.answers}
    assert doc in {e["document"] for e in answer.to_dict()["evidence"]}


def test_ask_round_two_benefits_and_population_cite_the_articles(kg: KnowledgeGraph) -> None:
    benefits = kg.ask("what are the benefits of triceps kickbacks?")
    assert {a.label for a in benefits.answers} >= {"Isolated triceps strength", "Shoulder control"}
    assert TRICEPS in {e["document"] for e in benefits.to_dict()["evidence"]}
    who = kg.ask("who should do hip thrusts?")
    assert who.answered and THRUST in {e["document"] for e in who.to_dict()["evidence"]}


def test_entry_names_and_counted_headings(tmp_path: Path, lexicon: Lexicon) -> None:
    from kgqa.extract.cues import entry_name

    assert entry_name("You're Arching Your Back") == "Arching your back"
    assert entry_name("Don't overextend at the top!") == "Overextending at the top"
    assert entry_name("Never let your knees cave in.") == "Letting your knees cave in"
    assert entry_name("Avoid rounding the back") == "Rounding the back"
    # Markdown numbered headings and "Mistake #3:" headings under a listicle title about an exercise the
    # vocabulary does not know (minted from the title without its count and kind).
    article = tmp_path / "corpus" / "hydrant-mistakes.md"
    copy_articles(CORPUS, article.parent)
    article.write_text(
        "# 5 Fire Hydrant Mistakes to Stop Making\n\n*By Lena Ortiz*\n\n"
        "Fire hydrants look simple. The gluteus medius is the main muscle here, while the gluteus minimus assists.\n\n"
        "## 1. Leaning Away From the Working Leg\n\nShifting your weight lets the torso do the lifting.\n\n"
        "**How to fix it:** keep your weight centred between both hands.\n\n"
        "Mistake #2: Arching your back\n\nLetting the belly sag pushes the lower back into extension.\n\n"
        "Fix: brace your core before every rep.\n", encoding="utf-8")
    facts, parents = extract_corpus(article.parent, lexicon)
    facts = [f for f in facts if f.evidence.doc_id == "hydrant-mistakes"]
    assert parents[ID + "exercise/fire-hydrant"] is None
    assert muscles(facts, "fire-hydrant") == {("gluteus-medius", "primary"), ("gluteus-minimus", "synergist")}
    assert named(facts, "mistake", "fire-hydrant") == {"leaning-away-from-working-leg", "arching-the-lower-back"}
    assert corrections(facts) == {"leaning-away-from-working-leg": {"Keep your weight centred between both hands."},
                                  "arching-the-lower-back": {"Brace your core before every rep."}}


def test_bare_role_words_in_muscle_lists(tmp_path: Path, lexicon: Lexicon) -> None:
    folder = tmp_path / "corpus"
    copy_articles(CORPUS, folder)
    (folder / "sl-rdl-notes.txt").write_text(
        "Single-Leg Romanian Deadlift Notes\n\nMuscles worked\n\n- Gluteus maximus (primary)\n- Hamstrings: primary\n"
        "- Gluteus medius: stabilizer\n- Erector spinae — secondary\n- Core (stabilizer)\n", encoding="utf-8")
    facts, _ = extract_corpus(folder, lexicon)
    facts = [f for f in facts if f.evidence.doc_id == "sl-rdl-notes"]
    assert muscles(facts, "single-leg-romanian-deadlift") == {
        ("gluteus-maximus", "primary"), ("hamstrings", "primary"), ("gluteus-medius", "stabilizer"),
        ("erector-spinae", "synergist"), ("core", "stabilizer")}
