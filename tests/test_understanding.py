"""Question understanding (kgqa/qa/): the frame, the relation classifier, senses, constraints, evidence.

Every mechanism is shown on wordings that are in no question set (three or more each), and the
frozen sets are scored against floors, not tuned to: see tests/data/frozen/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgqa.build import build
from kgqa.evaluate import evaluate, format_report, read_questions
from kgqa.kg import KnowledgeGraph
from kgqa.qa.frame import build_frame, detect_form
from kgqa.qa.relations import Exemplar, RelationClassifier, read_exemplars
from kgqa.qa.strategies import REGISTRY, SHAPES

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "tests" / "data" / "frozen" / "questions.jsonl"
REGRESSION = [ROOT / "tests" / "data" / n for n in ("dev.jsonl", "paraphrases.jsonl", "heldout_style.jsonl",
                                                     "heldout_style2.jsonl")]
# Measured at the end of issue 9 (first contact 37%, then 85%); a floor, never the target.
FROZEN_FLOOR = 0.80
# The chatbot-style set, written blind (first contact 77% on the default graph, 83% at the end of issue 13)
CHATBOT = ROOT / "tests" / "data" / "frozen" / "chatbot.jsonl"
CHATBOT_FLOOR = 0.75


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph(build(ROOT / "corpus", validate=False).graph)


@pytest.fixture(scope="module")
def frozen() -> list[dict]:
    return read_questions(FROZEN)


# ---- the frozen set and the regression sets -----------------------------------------------------
def test_frozen_set_holds_its_floor(kg: KnowledgeGraph, frozen: list[dict]) -> None:
    report = evaluate(kg, frozen)
    assert report.pass_rate >= FROZEN_FLOOR, format_report(report)


def test_chatbot_set_holds_its_floor(kg: KnowledgeGraph) -> None:
    report = evaluate(kg, read_questions(CHATBOT))
    assert report.pass_rate >= CHATBOT_FLOOR, format_report(report)


# Dev questions written to be abstained on while the graph held the articles alone; the default graph's
# free-exercise-db records now answer them (issue 13). The dev file stays as written (it is the shared dev set):
# each of these must be answered, citing a record, instead of passing as written.
ANSWERED_BY_RECORDS = {"d11"}  # "What muscles do deadlifts work?"


@pytest.mark.parametrize("path", REGRESSION, ids=lambda p: p.stem)
def test_regression_sets_pass_in_full(kg: KnowledgeGraph, path: Path) -> None:
    rows = read_questions(path)
    report = evaluate(kg, [r for r in rows if r["id"] not in ANSWERED_BY_RECORDS])
    assert report.pass_rate == 1.0, format_report(report)
    for row in rows:
        if row["id"] in ANSWERED_BY_RECORDS:
            answer = kg.ask(row["q"])
            assert answer.answered and answer.answers, answer.text
            assert all("free-exercise-db record" in (q.title or "") for q in answer.evidence), answer.evidence


def test_no_muscle_list_unless_muscles_are_asked(kg: KnowledgeGraph, frozen: list[dict]) -> None:
    """The old default: any question about an exercise whose intent was not recognised got its muscles."""
    offenders = []
    for row in frozen:
        if row["relation"] in ("muscles", "exercises_for_muscle") or "muscle" in row["q"].lower():
            continue
        answer = kg.ask(row["q"])
        if any(e["type"] == "Muscle" for e in answer.entities):
            continue  # the question names a muscle: it is about muscles
        muscles = [a for a in answer.answers if a.kind == "Muscle"]
        if answer.intent == "muscles" or len(muscles) >= 2:
            offenders.append((row["id"], row["q"], answer.labels[:4]))
    assert not offenders


def test_every_yes_no_question_is_decided_or_abstains(kg: KnowledgeGraph, frozen: list[dict]) -> None:
    rows = frozen + [r for p in REGRESSION for r in read_questions(p)]
    undecided = []
    for row in rows:
        answer = kg.ask(row["q"])
        if answer.frame.get("form") == "yesno" and answer.answered and answer.boolean is None:
            undecided.append((row.get("id"), row["q"]))
    assert not undecided


def test_fresh_set_is_scored_as_written(frozen: list[dict]) -> None:
    """The second blind set is read as a question file (its score is reported, not asserted)."""
    rows = read_questions(FROZEN.parent / "fresh.jsonl")
    assert len(rows) >= 60 and {r["id"] for r in rows}.isdisjoint({r["id"] for r in frozen})


# ---- relations from exemplars ---------------------------------------------------------------------
def test_every_relation_has_exemplars_and_a_strategy() -> None:
    exemplars = read_exemplars()
    relations = {e.relation for e in exemplars}
    assert relations == set(REGISTRY), relations ^ set(REGISTRY)
    assert all(SHAPES[r] for r in relations)
    assert all(sum(e.relation == r for e in exemplars) >= 5 for r in relations)


def test_classifier_ranks_every_relation(kg: KnowledgeGraph) -> None:
    classifier: RelationClassifier = kg.qa.classifier
    readings = classifier.classify("how often should I train them", "how often should i train xexercise")
    assert {r.relation for r in readings} == set(classifier.relations)
    assert readings[0].relation == "programming" and readings[0].score > readings[-1].score


@pytest.mark.parametrize(("question", "relation"), [
    ("what's the payoff of doing donkey kicks", "benefits"),
    ("cable kickback: what do beginners mess up", "mistakes"),
    ("any tips to inhale properly during glute kickbacks", "breathing"),
    ("where on the cable tower do I clip the strap for kickbacks", "setup"),
    ("at what point in my leg workout do kickbacks go", "placement"),
    # two exercises offered "before or after": where one goes, not a comparison of the two
    ("cable kickbacks before or after deadlifts?", "placement"),
    ("should donkey kicks go before or after my squats", "placement"),
])
def test_relations_read_from_new_wordings(kg: KnowledgeGraph, question: str, relation: str) -> None:
    assert kg.ask(question).frame["relation"] == relation


@pytest.mark.parametrize("question", ["is there a harder version", "what is a tougher version",
                                      "is there a harder variation"])
def test_the_opposite_word_sends_a_question_away_from_an_exemplar(kg: KnowledgeGraph, question: str) -> None:
    # two relations, and the only exemplars near "harder" say "easier": the question is not read as easier
    exemplars = [Exemplar("regression", "is there an easier version"),
                 Exemplar("regression", "how do I make it easier"),
                 Exemplar("variations", "what other versions are there"), Exemplar("variations", "which variations")]
    assert RelationClassifier(kg.qa.classifier.lemmas, exemplars).classify(question)[0].relation == "variations"


# embeddings put "harder" next to "easier": a word's opposite (data: opposites.txt) in an exemplar counts against it
@pytest.mark.parametrize(("question", "relation"), [
    ("what's a harder version of glute kickbacks", "progression"),
    ("any advanced version of the donkey kick?", "progression"),
    ("what's a beginner-friendly version of cable kickbacks", "regression"),
])
def test_an_exemplar_stating_the_opposite_word_reads_less(kg: KnowledgeGraph, question: str, relation: str) -> None:
    answer = kg.ask(question)
    assert answer.frame["relation"] == relation, answer.frame
    assert answer.answered and ("Ways to progress" if relation == "progression" else "Easier versions") in answer.text


# ---- the frame: form and constraints ---------------------------------------------------------------
@pytest.mark.parametrize(("question", "form"), [
    ("is it fine to kick higher", "yesno"),
    ("I'm 50 — should I bother with kickbacks", "yesno"),
    ("bands or cables for kickbacks", "choice"),
    ("what happens when my hips rotate", "whatif"),
    ("why squeeze at the top", "why"),
    ("how do I brace my core", "howto"),
    ("cable kickback tips", "phrase"),
    ("they're basically the same exercise, right?", "yesno"),  # a statement with a tag asks whether it holds
    ("kickbacks work the hamstrings too, don't they?", "yesno"),
    ("so donkey kicks mostly hit the glute max, correct?", "yesno"),
    ("what muscles do kickbacks work, right?", "wh"),
    ("during donkey kicks is it ok to let my knee touch the floor", "yesno"),  # where, then the question
    ("for tricep kickbacks do i keep my elbow still", "yesno"),
    ("with ankle weights on should i go slower", "yesno"),
    ("on kickbacks what should I do with my foot", "wh"),
])
def test_question_forms(kg: KnowledgeGraph, question: str, form: str) -> None:
    parsed = kg.qa.parser.parse(question)
    assert detect_form(parsed.normalized, parsed) == form


def test_exclusions_cover_a_coordinated_list(kg: KnowledgeGraph) -> None:
    for question, excluded in [
        ("besides the core and the obliques, what muscles do cable kickbacks work?", {"core", "obliques"}),
        ("other than the hamstrings and the glutes, which muscles work in donkey kicks?", {"hamstrings", "glutes"}),
        ("apart from the erector spinae, what muscles do glute kickbacks use?", {"erector spinae"}),
        # a word between the cue and the name ("my poor glutes", "training the hamstrings")
        ("besides my poor glutes, what else is doing work in cable kickbacks", {"glutes", "gluteus maximus"}),
        ("apart from training the hamstrings, which muscles do donkey kicks hit", {"hamstrings", "biceps femoris"}),
        ("which muscles work in kickbacks on all fours, other than my actual butt?", {"glutes", "gluteus maximus"}),
    ]:
        answer = kg.ask(question)
        assert answer.answered and answer.labels and not excluded & set(answer.labels), question


@pytest.mark.parametrize(("question", "ruled_out"), [
    ("how do I progress kickbacks without adding more weight", "weight"),
    ("ways to make donkey kicks harder but not with weights", "weight"),
    ("how can I make kickbacks harder without bands", "band"),
])
def test_what_is_ruled_out_in_words_leaves_the_list(kg: KnowledgeGraph, question: str, ruled_out: str) -> None:
    labels = kg.ask(question).labels
    assert labels and not [x for x in labels if ruled_out in x.lower()]


def test_what_the_asker_has_or_lacks_narrows_the_answer(kg: KnowledgeGraph) -> None:
    home = kg.ask("I work out at home without equipment, which kickbacks can I do?")
    assert "bodyweight kickback" in home.labels and "cable kickback" not in home.labels
    dumbbell = kg.ask("I only have a dumbbell, what glute exercises can I do?")
    assert dumbbell.labels and not {"cable kickback", "machine kickback", "banded kickback"} & set(dumbbell.labels)
    no_cable = kg.ask("no cable machine at my gym, what else can I do instead of cable kickbacks?")
    assert no_cable.labels and "cable kickback" not in no_cable.labels


# ---- "kickback": the sense from the whole question ----------------------------------------------------
@pytest.mark.parametrize(("question", "sense"), [
    ("kickbacks for the back of the upper arm - which muscles?", "tricep kickback"),
    ("which kickback hits the lateral head?", "tricep kickback"),
    ("which kickback trains the medial head of the triceps?", "tricep kickback"),
    ("hip-driven kickbacks, which muscles do the job?", "glute kickback"),
])
def test_kickback_sense_comes_from_the_question(kg: KnowledgeGraph, question: str, sense: str) -> None:
    answer = kg.ask(question)
    assert sense in [e["label"] for e in answer.entities] + answer.labels
    assert "I took" in answer.text


@pytest.mark.parametrize("question", [
    "leaning over a bench I extend my elbow behind me with a weight - what muscles is that?",
    "I hinge forward holding a dumbbell and straighten my arm backwards, what is this exercise?",
])
def test_an_exercise_described_not_named(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert answer.answered and ("tricep kickback" in answer.labels or "triceps brachii" in answer.labels)


@pytest.mark.parametrize("question", [
    "are the arm kickback and the butt kickback the same exercise?",
    "does the leg kickback use the same joint as the elbow kickback?",
    "is the hip kickback identical to the arm kickback?",
])
def test_each_name_takes_the_sense_of_the_words_before_it(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert {"glute kickback", "tricep kickback"} <= {e["label"] for e in answer.entities}
    assert answer.boolean is False


def test_both_senses_at_once_are_compared(kg: KnowledgeGraph) -> None:
    answer = kg.ask("one kickback works the hip and one works the elbow — which is which?")
    assert {"hip extension", "elbow extension"} <= set(answer.labels)


# ---- yes/no for every relation ---------------------------------------------------------------------
@pytest.mark.parametrize(("question", "yes"), [
    ("should I let my lower back arch on donkey kicks?", False),
    ("is it ok to use a swinging motion to get the leg up?", False),
    ("is it a good idea to breathe out while lifting the leg?", True),
    ("do I need a cable machine for glute kickbacks?", False),
    ("is a cable better than a band for progressive overload on kickbacks?", True),
    ("do tricep kickbacks work the calves?", False),
    ("is it ok to lock my knee on standing kickbacks?", False),  # a mistake named in the question
    ("should I engage my glutes during kickbacks?", True),  # the mistake is *not* engaging them
    ("should I squeeze my glutes at the top?", True),
    ("should I lower my leg fast on kickbacks?", False),  # the sentence says "slowly": opposites.txt
    ("is the leg kickback a compound movement?", False),  # "isolating"
    ("is it fine to let my knee rest on the floor between reps?", False),  # "without letting your knee rest"
    ("are ankle weight kickbacks better than cable kickbacks for progressive overload?", False),
    ("is the cable kickback better than a resistance band for overload?", True),  # exercise vs equipment
    ("are bands better than cables for progressive overload?", False),
    ("is the tricep kickback a hip extension movement?", False),  # a joint action named: the exercise's own
    ("does the cable kickback involve extending the hip?", True),
])
def test_yes_no_decided_by_the_matching_fact(kg: KnowledgeGraph, question: str, yes: bool) -> None:
    answer = kg.ask(question)
    assert answer.boolean is yes, answer.text
    assert answer.evidence
    if answer.sparql and answer.sparql.split("\n")[3].startswith("ASK"):
        assert bool(kg.graph.query(answer.sparql).askAnswer) is yes


# ---- comparisons of any two things of one type --------------------------------------------------------
def test_comparisons_between_things_of_one_type(kg: KnowledgeGraph) -> None:
    equipment = kg.ask("ankle weights vs resistance band for donkey kicks?")
    assert "ankle weights" in equipment.text and "resistance band" in equipment.text
    variations = kg.ask("cable kickback or machine kickback, which is better?")
    assert variations.intent == "comparison" and variations.answered
    kinds = kg.ask("what kinds of bands can I use for kickbacks?")
    assert {"mini-band", "long loop band"} <= set(kinds.labels)
    for question in ["should back kicks be a warm up or a finisher for me",  # two facts offered by name
                     "as a warmup or as a finisher - which suits donkey kicks",
                     "donkey kicks: warm-up or finisher?"]:
        assert {"Warm-up", "Finisher"} <= set(kg.ask(question).labels), question
    # a variation's joint action is what it varies: said, not "a different movement"
    varied = kg.ask("what's the difference between a cable kickback and a tricep kickback?")
    assert "the cable kickback is hip extension" in varied.text and "different movement" not in varied.text


# ---- out of scope is the absence of support ------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "glute kickbacks or frog pumps?",  # a comparison whose other side the graph never mentions
    "donkey kicks or bird dogs?",
    "donkey kicks vs clamshells, which is better?",
    "Can my physiotherapist fix tendinopathy with shockwave therapy?",
    "how much protein should I eat after kickbacks?",
    "who came up with the donkey kick?",
    "how many calories does a tricep kickback burn?",
    "is the glute kickback machine pricey?",
])
def test_unsupported_questions_abstain(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert not answer.answered and not answer.answers and answer.suggestions


def test_what_a_muscle_does_in_an_exercise_is_said_with_its_sentence(kg: KnowledgeGraph) -> None:
    for question in ["what job does the gluteus medius do in cable kickbacks?",
                     "what part do the hamstrings play in glute kickbacks?",
                     "how is the erector spinae involved in donkey kicks?"]:
        answer = kg.ask(question)
        assert answer.answered and "The articles say:" in answer.text and answer.intent == "muscles", question


def test_at_home_leaves_out_what_the_articles_place_in_a_gym(kg: KnowledgeGraph) -> None:
    answer = kg.ask("which kickback equipment can I use at home?")
    assert answer.labels and not {"cable machine", "kickback machine"} & set(answer.labels)
    assert "resistance band" in answer.labels


@pytest.mark.parametrize("question", ["is a gym required for donkey kicks", "do I need a fitness center to do "
                                      "glute kickbacks?", "do I have to have a gym membership for kickbacks"])
def test_a_gym_is_not_needed_when_a_version_uses_no_gym_equipment(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)
    assert answer.boolean is False, answer.text
    assert "banded kickback" in answer.labels and not {"cable kickback", "machine kickback"} & set(answer.labels)


def test_a_gym_is_needed_when_every_version_uses_gym_equipment(kg: KnowledgeGraph) -> None:
    answer = kg.ask("do I need gym access for cable kickbacks?")
    assert answer.boolean is True, answer.text


@pytest.mark.parametrize(("question", "yes"), [
    ("my knee hurts during kickbacks, should I keep going?", False),
    ("is it fine to finish the set if my knee hurts on glute kickbacks", False),
    ("my lower back twinges on cable kickbacks - can I just ignore it?", False),
    ("sharp pain in my hip during kickbacks, should I stop?", True),
])
def test_carrying_on_through_pain_is_decided_by_the_sentence_saying_stop(kg: KnowledgeGraph, question: str,
                                                                         yes: bool) -> None:
    answer = kg.ask(question)
    assert answer.boolean is yes, answer.text
    assert "stop" in answer.evidence[0].quote.lower(), answer.evidence[0]


SUPERLATIVES = {"is the glute max the largest glute muscle": True, "is the gluteus medius the strongest glute": False,
                "would you say the gluteus minimus is the biggest of the glutes?": False}


def test_a_superlative_is_decided_by_the_muscle_the_sentences_call_so(kg: KnowledgeGraph) -> None:
    answers = {question: kg.ask(question) for question in SUPERLATIVES}
    assert {q: a.boolean for q, a in answers.items()} == SUPERLATIVES
    for answer in answers.values():  # the muscle they call so is named, and the sentences saying it quoted
        assert "call the gluteus maximus the" in answer.text, answer.text
        assert any(w in e.quote.lower() for e in answer.evidence for w in ("largest", "powerful"))


@pytest.mark.parametrize("question", ["will donkey kicks cure my plantar fasciitis", "can kickbacks fix my scoliosis",
                                      "could cable kickbacks get rid of the cellulite on my legs?"])
def test_a_guess_about_something_the_graph_never_mentions_is_not_made(kg: KnowledgeGraph, question: str) -> None:
    answer = kg.ask(question)  # no relation placed, and a word no sentence uses: no sentence decides it
    assert not answer.answered and answer.boolean is None and not answer.answers, answer.text


@pytest.mark.parametrize(("question", "group"), [
    ("which core muscles do cable kickbacks use", {"obliques", "transverse abdominis"}),
    ("which hamstring muscles work in glute kickbacks", {"biceps femoris", "semitendinosus"}),
    ("what muscles of the core work in kickbacks", {"obliques", "transverse abdominis"}),
    ("what part of my hamstrings do donkey kicks work", {"biceps femoris", "semimembranosus"}),
    ("which heads of the triceps do tricep kickbacks train", {"lateral head"}),
])
def test_a_group_asked_for_is_answered_by_its_parts(kg: KnowledgeGraph, question: str, group: set[str]) -> None:
    answer = kg.ask(question)  # the parts of the group the exercise works, not the group's role
    assert group <= set(answer.labels), answer.text
    assert not {"glutes", "gluteus maximus", "hamstrings", "core", "calves", "triceps brachii"} & set(answer.labels)


def test_a_tagged_statement_is_answered_yes_or_no(kg: KnowledgeGraph) -> None:
    same = kg.ask("tricep kickbacks and donkey kicks are pretty much the same exercise, right?")
    assert same.boolean is False and "elbow extension" in same.text, same.text
    named_for = kg.ask("cable kickbacks need a cable machine, don't they?")  # the equipment it is named for
    assert named_for.boolean is True, named_for.text


def test_the_equipment_asked_about_is_not_the_one_lacked(kg: KnowledgeGraph) -> None:
    answer = kg.ask("i have no ankle weights - could I use a db on my donkey kicks instead?")  # "db": dumbbell
    assert answer.boolean is True and "done with dumbbell" in answer.text, answer.text
    assert [e["label"] for e in kg.ask("what can I do with a kb for my glutes").entities][:1] == ["kettlebell"]


@pytest.mark.parametrize(("question", "thing"), [("will tricep kickbacks help my tennis elbow", "tennis elbow"),
                                              ("will kickbacks get rid of my hip dips", "hip dips"),
                                              ("can banded kickbacks fix a herniated disc", "herniated disc")])
def test_an_effect_claimed_on_something_no_sentence_names_is_not_decided(kg: KnowledgeGraph, question: str,
                                                                        thing: str) -> None:
    answer = kg.ask(question)
    assert not answer.answered and answer.boolean is None, answer.text
    assert f'nothing about "{thing}"' in answer.text, answer.text


def test_an_effect_a_sentence_names_is_decided_by_it(kg: KnowledgeGraph) -> None:
    answer = kg.ask("can cable kickbacks help prevent injuries?")
    assert answer.boolean is True and "prevent" in answer.evidence[0].quote.lower(), answer.text


def test_nothing_named_but_a_close_sentence_answers(kg: KnowledgeGraph) -> None:
    """No exercise, muscle or equipment named: a sentence sharing two of the question's words answers it."""
    for question, words in [("do I do all my reps on one leg and then switch sides?", "switch"),
                            ("should I stop if I feel a sharp pain?", "pain")]:
        answer = kg.ask(question)
        assert answer.answered and words in answer.text.lower(), question


def test_answers_from_evidence_cite_their_sentences(kg: KnowledgeGraph) -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    answer = kg.ask("what's the deal with pausing at the top of a kickback?")
    assert answer.answered and answer.intent != "muscles"
    assert answer.evidence and all(q.quote in corpus for q in answer.evidence)
    rows = list(kg.graph.query(answer.sparql))
    assert {str(r[0]) for r in rows} == {a.iri for a in answer.answers}


def test_parts_of_a_question_share_its_subject(kg: KnowledgeGraph) -> None:
    both = kg.ask("what are the main muscles, and what are the benefits of donkey kicks?")
    assert "gluteus maximus" in both.labels and any("posture" in x for x in both.labels)
    roles = kg.ask("which muscles keep my torso steady, and which ones keep my pelvis steady, in donkey kicks?")
    assert {"gluteus medius", "core"} <= set(roles.labels)


def test_frame_is_part_of_the_answer(kg: KnowledgeGraph) -> None:
    frame = kg.ask("apart from ankle weights, how can I make donkey kicks harder?").frame
    assert frame["form"] == "howto" and frame["relation"] == "progression"
    assert frame["constraints"]["exclude"] == ["https://w3id.org/kgqa/id/equipment/ankle-weights"]
    assert json.dumps(frame)


def test_frame_parts_mark_compared_things(kg: KnowledgeGraph) -> None:
    parsed = kg.qa.parser.parse("bands or ankle weights for kickbacks?")
    frame = build_frame(parsed, kg.qa.classifier.classify("or for ?"))
    assert sorted(frame.parts.values()).count("compared") == 2


@pytest.mark.parametrize("question", ["my glutes never fire when I squat, where do kickbacks go in my workout?",
                                      "when you deadlift should donkey kicks come first?",
                                      "we always lunge on leg day - when do back kicks fit in?"])
def test_a_name_said_as_a_verb_after_its_subject_is_no_exercise(kg: KnowledgeGraph, question: str) -> None:
    """"when I squat": doing it, not naming it (data: verb_subjects.txt); the kickback is what is asked."""
    answer = kg.ask(question)
    named = [e["surface"] for e in answer.entities if e["type"] == "Exercise"]
    assert named and not {"squat", "deadlift", "lunge"} & set(named), named
    assert answer.intent == "placement", (answer.intent, answer.text)
