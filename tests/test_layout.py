"""Layouts without list markup (kgqa/layout.py and the corpus reader), and what extraction reads from them.

Every text here is written for these tests: no article of corpus/ or tests/data/ contains it.
"""

from __future__ import annotations

from pathlib import Path

from kgqa.corpus import parse_text
from kgqa.extract import Extractor, Fact
from kgqa.extract.cues import is_imperative
from kgqa.layout import field_line, labelled_paragraph, table_row
from kgqa.lexicon import Lexicon


def _facts(lexicon: Lexicon, text: str, title: str = "Glute Kickback") -> list[Fact]:
    doc = parse_text(text, Path("layout-test.txt"), {"title": title})
    return Extractor(lexicon).extract(doc)


def _labels(facts: list[Fact], kind: str) -> set[str]:
    return {f.obj_label for f in facts if f.kind == kind}


def test_paragraphs_that_each_open_with_a_label_are_a_list() -> None:
    text = "Glute Kickback\n\nMistakes\n\nHurrying – speed hides a weak glute.\n\nLooking up – the neck cranks back.\n"
    doc = parse_text(text, Path("x.txt"), {"title": "Glute Kickback"})
    items = [b for b in doc.blocks if b.kind == "item"]
    assert [b.label for b in items] == ["Hurrying", "Looking up"]
    # one labelled paragraph alone stays a paragraph
    lone = parse_text("Glute Kickback\n\nMistakes\n\nHurrying – speed hides a weak glute.\n", Path("x.txt"), {})
    assert not [b for b in lone.blocks if b.kind == "item"]


def test_label_forms() -> None:
    bold = labelled_paragraph("**Kicking too high.** The spine takes over. Stop at hip height.")
    assert bold is not None and bold.label == "Kicking too high" and bold.body.startswith("The spine")
    short = labelled_paragraph("Dropping the hips. Your pelvis tilts toward the floor as you kick.")
    assert short is not None and short.label == "Dropping the hips"
    assert labelled_paragraph("It helps. You will feel it in the glute the next day.") is None


def test_field_lines_and_table_rows() -> None:
    field = field_line("Secondary: Adductor Longus, Soleus")
    assert field is not None and (field.label, field.body) == ("Secondary", "Adductor Longus, Soleus")
    assert field_line("Why does this happen?") is None
    row = table_row("| Soleus | Stabilizer | Steadies the ankle |")
    assert row is not None and row.label == "Soleus" and row.body == "Stabilizer | Steadies the ankle"
    assert table_row("| --- | --- |") is None or row.text.startswith("Soleus")


def test_imperatives_beyond_the_known_verbs() -> None:
    """The first word is a verb (spaCy's lemma index) followed by what follows an order's verb."""
    assert is_imperative("Tighten the strap before the first rep.")
    assert is_imperative("Lower the handle slowly.")
    assert is_imperative('Picture "heel to the wall" as you kick.')
    assert not is_imperative("Cable stations wobble on old gyms.")
    assert not is_imperative("Most people rush the last rep.")
    assert not is_imperative("Kind to the knees. Nothing presses on the joint.")  # an adjective, not an order


def test_card_fields_give_muscle_roles_and_fault_fix_pairs(lexicon: Lexicon) -> None:
    text = (
        "Glute Kickback\n\n"
        "Primary Muscle(s): Gluteus Maximus\n"
        "Secondary: Hamstrings\n"
        "Tertiary: Erector Spinae\n\n"
        "FAULTS\n\n"
        "Fault: Twisting the pelvis.\n"
        "Fix: Square your hips to the floor.\n\n"
        "Fault: Locking the knee.\n"
        "Fix: Soften the standing knee a little.\n"
    )
    facts = _facts(lexicon, text)
    roles = {(f.obj.rsplit("/", 1)[-1], f.role) for f in facts if f.kind == "muscle"}
    assert {("gluteus-maximus", "primary"), ("hamstrings", "synergist"), ("erector-spinae", "stabilizer")} <= roles
    assert {"Twisting the pelvis", "Locking the knee"} <= _labels(facts, "mistake")
    fixes = {f.text for f in facts if f.kind == "correction"}
    assert {"Square your hips to the floor.", "Soften the standing knee a little."} <= fixes
    assert "Fault" not in _labels(facts, "mistake") and "Fix" not in _labels(facts, "mistake")


def test_marked_faults_and_fixes(lexicon: Lexicon) -> None:
    text = (
        "Glute Kickback\n\nTypical faults\n\n"
        "✗ Kicking sideways – the foot drifts out and the hip opens.\n"
        "  ✓ Drive the heel straight back.\n"
        "✗ Bouncing at the bottom – the stack slams between reps.\n"
        "  ✓ Pause a beat with the foot just off the floor.\n"
    )
    facts = _facts(lexicon, text)
    assert {"Kicking sideways", "Bouncing at the bottom"} <= _labels(facts, "mistake")
    mistake = next(f.obj for f in facts if f.kind == "mistake" and f.obj_label == "Kicking sideways")
    by_mistake = {(f.subject, f.text) for f in facts if f.kind == "correction"}
    assert (mistake, "Drive the heel straight back.") in by_mistake


def test_a_table_of_muscles_with_roles(lexicon: Lexicon) -> None:
    text = (
        "Glute Kickback\n\nMuscles\n\n"
        "| Muscle | Job | Notes |\n|---|---|---|\n"
        "| Gluteus maximus | Prime mover | Drives the leg back |\n"
        "| Hamstrings | Synergist | Help at the start |\n"
        "| Obliques | Stabilizer | Stop the trunk from rotating |\n"
    )
    facts = _facts(lexicon, text)
    roles = {(f.obj.rsplit("/", 1)[-1], f.role) for f in facts if f.kind == "muscle"}
    assert {("gluteus-maximus", "primary"), ("hamstrings", "synergist"), ("obliques", "stabilizer")} <= roles
    # the header row names columns, not a muscle
    assert not any(f.evidence.quote.startswith("Muscle |") for f in facts)


def test_entries_under_a_lead_in_and_labels_that_only_mention_an_exercise(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\n"
        "Q: What does it do for me?\n\n"
        "Benefits you can expect:\n"
        "- Squat endurance – your squat holds last longer.\n"
        "- Knee tolerance – a gentle load for cranky knees.\n"
    )
    facts = _facts(lexicon, text, title="Wall Sit")
    benefits = {(f.subject.rsplit("/", 1)[-1], f.obj_label) for f in facts if f.kind == "benefit"}
    # "Squat endurance" mentions the squat but names a benefit of the wall sit
    assert {("wall-sit", "Squat endurance"), ("wall-sit", "Knee tolerance")} <= benefits


def test_kit_named_in_a_harder_option_or_an_everyday_task_is_not_used(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\n"
        "Equipment: Foam wedge\n"
        "Harder: Dumbbell squat hold; Barbell lunge\n\n"
        "Why bother?\n\n"
        "Strong thighs make it easy to get up out of a chair.\n"
    )
    kit = {f.obj.rsplit("/", 1)[-1] for f in _facts(lexicon, text, title="Wall Sit") if f.kind == "equipment"}
    assert "foam-wedge" in kit
    assert not kit & {"dumbbell", "barbell", "chair"}


def test_setup_steps_frequency_and_pairings(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\nSet up\n\n"
        "1. Find a smooth wall with room in front of it.\n"
        "2. Lean your back on it with your feet a stride away.\n\n"
        "Programming\n\n"
        "Hold it for 30 seconds, 3 times per week, and superset it with glute bridges.\n"
    )
    facts = _facts(lexicon, text, title="Wall Sit")
    steps = sorted((dict(f.attrs)["step"], f.text) for f in facts if f.kind == "setup")
    assert steps == [("1", "Find a smooth wall with room in front of it."),
                     ("2", "Lean your back on it with your feet a stride away.")]
    aspects = {a for f in facts if f.kind == "guideline" for k, a in f.attrs if k == "aspect"}
    assert "frequency" in aspects
    pairs = {(f.obj.rsplit("/", 1)[-1], dict(f.attrs).get("pairing")) for f in facts if f.kind == "complement"}
    assert ("glute-bridge", "superset") in pairs


def test_arrow_fixes_ticks_after_crosses_and_field_kinds(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\nCommon errors\n\n"
        "- Heels lifting off the floor -> press the whole foot into the ground.\n"
        "- Hands pushing on the thighs -> cross your arms over your chest.\n"
        "✗ Sliding too low, below the knees\n"
        "✓ Stop when the thighs are level with the floor.\n"
        "Stop if: your kneecap aches or clicks with pain.\n"
    )
    facts = _facts(lexicon, text, title="Wall Sit")
    mistakes = {f.obj_label: f.obj for f in facts if f.kind == "mistake"}
    assert {"Heels lifting off the floor", "Hands pushing on the thighs"} <= set(mistakes)
    fixes = {(f.subject, f.text) for f in facts if f.kind == "correction"}
    assert (mistakes["Heels lifting off the floor"], "Press the whole foot into the ground.") in fixes
    low = next(iri for label, iri in mistakes.items() if label.startswith("Sliding too low"))
    assert (low, "Stop when the thighs are level with the floor.") in fixes
    assert "Stop if" not in mistakes and any(f.kind == "safety" for f in facts)


def test_numbered_entries_under_a_long_title_line(lexicon: Lexicon) -> None:
    title = "4 Wall Sit Mistakes That Are Quietly Ruining Your Quads (and What to Do Instead)"
    text = (
        f"{title}\n\nWall sits look easy.\n\n"
        "## 1. Stepping the feet too close\n\nThe knees shoot past the toes.\n\n**Fix:** Walk the feet out a step.\n\n"
        "## 2. Holding your breath\n\nYour face goes red.\n\n**Fix:** Breathe slowly through the nose.\n"
    )
    facts = _facts(lexicon, text, title=title)
    assert {"Stepping the feet too close", "Holding your breath"} <= {f.obj_label for f in facts if f.kind == "mistake"}
    assert {f.subject.rsplit("/", 1)[-1] for f in facts if f.kind == "mistake"} == {"wall-sit"}


def test_how_a_pairing_is_done_and_exercises_listed_after_an_order_word(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\nProgramming\n\n"
        "Pairs well with: Glute bridge (superset), or do it as a finisher.\n"
        "Do it after squats and lunges, or pair it with step-ups; it holds your knees at 90 degrees.\n"
    )
    facts = _facts(lexicon, text, title="Wall Sit")
    pairs = {(f.subject.rsplit("/", 1)[-1], f.obj.rsplit("/", 1)[-1], dict(f.attrs).get("pairing"))
             for f in facts if f.kind == "complement"}
    assert ("wall-sit", "glute-bridge", "superset") in pairs and ("wall-sit", "step-up", "pair") in pairs
    # "after squats and lunges" names the order, not the exercise the sentence is about
    assert {s for s, _, _ in pairs} == {"wall-sit"}


def test_benefits_argued_in_prose_are_named_by_what_they_do() -> None:
    from kgqa.extract.benefits import benefit_phrases

    assert benefit_phrases("Wall sits make skiing down long runs easier.") == ["skiing down long runs"]
    assert benefit_phrases("They help with carrying heavy shopping bags without strain.") == [
        "carrying shopping bags"]  # (describing words dropped)
    assert benefit_phrases("You need them every time you squat down to a toddler or lift a laundry basket.") == [
        "squatting down to a toddler", "lifting a laundry basket"]
    assert benefit_phrases("Wall sits are kind to the knees, and they improve posture.") == [
        "posture", "kind to the knees"]
    assert benefit_phrases("These make everyday tasks easier.") == []  # vague: names no benefit


def test_a_paragraph_that_opens_on_benefits_argues_them(lexicon: Lexicon) -> None:
    text = (
        "Wall Sit\n\nWall sits need nothing but a wall.\n\n"
        "As for benefits, start with the slopes. Wall sits make skiing down long runs easier. They also improve "
        "posture.\n"
    )
    labels = {f.obj_label for f in _facts(lexicon, text, title="Wall Sit") if f.kind == "benefit"}
    assert {"Skiing down long runs", "Posture"} <= labels
