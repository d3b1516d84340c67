"""Which exercise a fact is about, and role cues read locally (kgqa/extract/subjects.py, muscles.py).

Every text here is written for these tests: no article of corpus/ or tests/data/ contains it.
"""

from __future__ import annotations

from pathlib import Path

from kgqa.corpus import parse_text
from kgqa.extract import Extractor, Fact
from kgqa.extract.pipeline import clipped
from kgqa.extract.subjects import mentioned, mint_from_title
from kgqa.lexicon import Lexicon


def _extract(lexicon: Lexicon, text: str, title: str) -> tuple[list[Fact], Extractor]:
    extractor = Extractor(lexicon)
    doc = parse_text(text, Path("subjects-test.txt"), {"title": title})
    return extractor.extract_all([doc]), extractor


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _muscles(facts: list[Fact]) -> set[tuple[str, str, str | None]]:
    return {(_local(f.subject), _local(f.obj), f.role) for f in facts if f.kind == "muscle"}


def test_a_title_names_its_exercise_after_a_duration_and_before_a_clause() -> None:
    minted = mint_from_title("Three months of Copenhagen planks – my groin finally stopped hurting")
    assert minted is not None and minted.label == "copenhagen plank"
    assert mint_from_title("Home Exercise Plan – Left Knee") is None  # the kind of document, not an exercise
    assert mint_from_title("Why I quit") is None
    assert mentioned("copenhagen plank", "A Copenhagen plank a day; copenhagen-planks again.") == 2


def test_a_clipped_name_is_the_full_name() -> None:
    assert clipped("reverse hyper", "reverse hyperextension")
    assert clipped("hyper", "hyperextension")
    assert not clipped("hip thrust", "hip thruster machine")
    assert not clipped("step", "stepper")  # too short to be a clipping


def test_numbered_headings_of_a_programme_name_its_exercises(lexicon: Lexicon) -> None:
    text = (
        "Knee Rehab Sheet\n\nExercises\n\n"
        "1) WALL SIT\n"
        "Position: back flat against the wall, knees at 60 degrees.\n"
        "Targets: quadriceps (primary). Gluteus medius stabilizes the knee.\n\n"
        "2) GLUTE BRIDGE\n"
        "Position: supine, knees bent.\n"
        "Targets: gluteus maximus (primary), hamstrings (synergist).\n"
    )
    facts, extractor = _extract(lexicon, text, "Knee Rehab Sheet")
    found = _muscles(facts)
    assert ("wall-sit", "quadriceps", "primary") in found
    assert ("wall-sit", "gluteus-medius", "stabilizer") in found
    assert ("glute-bridge", "gluteus-maximus", "primary") in found
    assert not any(s == "glute-bridge" and m == "quadriceps" for s, m, _ in found)
    assert any(_local(iri) == "wall-sit" for iri in extractor.minted)


def test_an_article_about_a_namesake_keeps_it_for_every_mention(lexicon: Lexicon) -> None:
    """A "Cable Kickback" page about the arm: "this cable kickback" in its sentences is the triceps exercise."""
    text = (
        "Cable Kickback\n\nArm day\n\n"
        "This cable kickback is a triceps move: the elbow straightens behind you. "
        "The cable kickback isolates the triceps brachii. Triceps work hard at lockout, and triceps size follows.\n"
    )
    facts, _ = _extract(lexicon, text, "Cable Kickback")
    assert ("tricep-kickback", "triceps-brachii", "primary") in _muscles(facts)
    assert not any(s in ("cable-kickback", "glute-kickback") for s, _, _ in _muscles(facts))


def test_local_role_cues(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\nWhat it works\n\n"
        "The wall sit mostly works the quadriceps, and the adductors help it. "
        "The calves join in, to a lesser extent.\n"
    )
    found = _muscles(_extract(lexicon, text, "Wall Sit")[0])
    assert ("wall-sit", "quadriceps", "primary") in found
    assert ("wall-sit", "adductors", "synergist") in found
    assert ("wall-sit", "calves", "stabilizer") in found


def test_a_forum_byline_and_bold_headings(lexicon: Lexicon) -> None:
    text = (
        "Thread: Copenhagen planks every day?\n"
        "Posted by squat_mom_7 in Training Programming\n\n"
        "**What they work, from what I can tell:**\n"
        "Mostly the adductors, those are the prime movers. My obliques stabilize the whole time.\n"
    )
    doc = parse_text(text, Path("forum.txt"), {"title": "Thread: Copenhagen planks every day?"})
    assert doc.author == "squat_mom_7"
    assert [b.kind for b in doc.blocks if "What they work" in b.text] == ["subheading"]
    found = _muscles(Extractor(lexicon).extract(doc))
    assert ("copenhagen-plank", "adductors", "primary") in found
    assert ("copenhagen-plank", "obliques", "stabilizer") in found


def test_unknown_kit_and_muscles_are_minted_where_the_context_says_what_they_are(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\n"
        "Primary Muscle(s): Quadriceps\n"
        "Tertiary: Foot Flexors (grip the floor), Tibialis Posterior\n"
        "Equipment: Foam wedge; alternatively a rolled towel\n\n"
        "What do I need?\n\n"
        "- A sturdy doorframe\n"
        "- Hold the wall if you like\n\n"
        "Notes\n\n"
        "You need a stopwatch, a yoga block and patience somewhere quiet.\n"
        "A balance disc makes it harder, unlike a kettlebell.\n"
    )
    facts, extractor = _extract(lexicon, text, "Wall Sit")
    kit = {_local(f.obj) for f in facts if f.kind == "equipment"}
    assert {"foam-wedge", "rolled-towel", "doorframe", "stopwatch", "yoga-block"} <= kit
    assert not kit & {"wall-if-you-like", "hold-wall", "patience", "balance-disc", "kettlebell", "somewhere-quiet"}
    found = _muscles(facts)
    assert {("wall-sit", "foot-flexor", "stabilizer"), ("wall-sit", "tibialis-posterior", "stabilizer")} <= found
    minted = {m.label for m in extractor.names.minted.values()}
    assert {"foot flexors", "doorframe", "stopwatch"} <= minted


def test_a_title_names_its_exercise_after_the_kind_of_page() -> None:
    from kgqa.extract.subjects import title_lead

    minted = mint_from_title("Home Exercise Programme – Copenhagen Plank")
    assert minted is not None and minted.label == "copenhagen plank"
    assert title_lead("Home Exercise Programme – Copenhagen Plank").startswith("copenhagen plank")
    assert mint_from_title("Rehab Plan – Left Knee") is None  # a part of the body is the page's topic
    machine = mint_from_title("The Leg Extension Machine")
    assert machine is not None and machine.label == "leg extension"


def test_namesakes_are_told_apart_by_the_body_region_of_their_primary_muscles(lexicon: Lexicon) -> None:
    """The rule (kgqa/extract/identity.py): one name, primary muscles in another body region, another exercise.
    The article never says "triceps" or "glute", so only the muscles' region can tell."""
    arm = (
        "Cable Kickback\n\nWhat it works\n\n"
        "The cable kickback is a small isolation move. Its prime movers are the anconeus and the forearm extensors, "
        "and the rear delts stabilize the shoulder.\n"
    )
    facts, _ = _extract(lexicon, arm, "Cable Kickback")
    subjects = {_local(f.subject) for f in facts if f.kind == "muscle"}
    assert subjects == {"tricep-kickback"}
    hip = (
        "Cable Kickback\n\nWhat it works\n\n"
        "The cable kickback is a small isolation move. Its prime movers are the gluteus maximus and the hamstrings, "
        "and the obliques stabilize the trunk.\n"
    )
    facts, _ = _extract(lexicon, hip, "Cable Kickback")
    assert {_local(f.subject) for f in facts if f.kind == "muscle"} == {"cable-kickback"}


def test_other_names_an_article_gives_its_exercise(lexicon: Lexicon) -> None:
    text = (
        "Copenhagen Plank\n\nWhat it is\n\n"
        'The Copenhagen plank (also called the "Copenhagen adduction" or "Cope plank") is a side plank with the top '
        "leg on a bench. The CAP (some people call it the Copenhagen plank) works the adductors.\n"
    )
    facts, _ = _extract(lexicon, text, "Copenhagen Plank")
    names = {(_local(f.subject), f.obj_label) for f in facts if f.kind == "alias"}
    assert {("copenhagen-plank", "Copenhagen adduction"), ("copenhagen-plank", "Cope plank"),
            ("copenhagen-plank", "CAP")} <= names
    # a parenthesis that does not rename ("with the top leg (left or right)") gives no alias
    assert not any("left" in name for _, name in names)


def test_a_machine_title_and_the_line_that_renames_it(lexicon: Lexicon) -> None:
    text = (
        "CITY GYM · GUIDE 3\n\nTHE LEG PRESS MACHINE\n('the sled')\n\nWhat it works\n\n"
        "Primary: Quadriceps\nSecondary: Gluteus maximus\n\n"
        "The wide stance biases the adductors, and your abs help hold the pelvis down.\n"
    )
    facts, _ = _extract(lexicon, text, "The Leg Press Machine")
    names = {(_local(f.subject), f.obj_label) for f in facts if f.kind == "alias"}
    assert {("leg-press", "leg press machine"), ("leg-press", "sled")} <= names
    found = _muscles(facts)
    assert {("leg-press", "quadriceps", "primary"), ("leg-press", "gluteus-maximus", "synergist"),
            ("leg-press", "adductors", "primary"), ("leg-press", "abdominals", "stabilizer")} <= found


def test_the_roles_issue_11_names_read_locally(lexicon: Lexicon) -> None:
    """A local cue beats the heading; "the core of the movement" is no muscle; "the stars" are the movers."""
    text = (
        "Wall Sit\n\nPrimary Movers\n\nThe quadriceps do most of the work. The obliques stabilize the trunk while the "
        "calves steady the ankles.\n\nHow it works\n\nThe core of the movement is a long isometric hold. The quads "
        "and adductors are the stars here, and the glutes are the supporting cast.\n"
    )
    found = _muscles(_extract(lexicon, text, "Wall Sit")[0])
    assert {("wall-sit", "calves", "stabilizer"), ("wall-sit", "adductors", "primary"),
            ("wall-sit", "glutes", "synergist")} <= found
    assert not any(m == "core" for _, m, _ in found)
    assert ("wall-sit", "calves", "primary") not in found


def test_a_minted_title_the_article_names_as_a_known_exercise_is_that_exercise(lexicon: Lexicon) -> None:
    text = (
        "The Single-Leg Glute Bridge Explained\n\n"
        "The SLGB (some people call it the single-leg glute bridge) works the gluteus maximus as its prime mover.\n"
    )
    facts, extractor = _extract(lexicon, text, "The Single Leg Bridge Explained")
    assert {_local(f.subject) for f in facts if f.kind == "muscle"} == {"single-leg-glute-bridge"}
    assert not any(_local(iri) == "single-leg-bridge" for iri in extractor.minted)
