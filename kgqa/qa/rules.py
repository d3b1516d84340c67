"""The question layer's calibrated thresholds and its few precise, documented rules, in one place.

Which relation a question asks is recognised from exemplars (kgqa/qa/relations/); what is here
decides how far a reading is trusted and a handful of shapes no exemplar can carry.
"""

from __future__ import annotations

import re

# relations whose facts recommend what they name: a yes/no question about them, matched, is a "yes"
ENDORSING = {"benefits", "population", "placement", "progression", "regression", "variations", "technique", "setup",
             "breathing", "programming", "pairing", "complements", "equipment", "equipment_kinds"}
# a yes/no question that asks for a judgement ("should I", "is it OK"): a mistake or a con that matches is a "no";
# a factual one ("do ankle weights keep the resistance constant?") is answered by what the sentence states
NORMATIVE = re.compile(r"\b(?:should|shall|ok|okay|fine|alright|good|bad|better|worse|worth|safe|recommended|"
                       r"advisable|wise|smart|idea|allowed|supposed|best|right|wrong)\b")
# a mistake named as something left undone: doing that thing is right
OMISSION = re.compile(r"^(?:not|no|lack|neglect|insufficient|incomplete|limited|partial|failing|forgetting)\b")
# relations answered with a list of names: the item the question points to is also given in full
LISTED = {"benefits", "mistakes", "population", "placement", "progression", "regression", "complements"}
SECOND_PART_PLACED = 0.5  # "..., and what changes if I want strength?" leans on the first part's relation
CONFIDENT = 0.6  # a reading this close to an exemplar is not second-guessed by the alternatives it offers
# nothing named: a sentence must match this closely (and share words) to answer
UNLINKED_RELEVANT = 0.55
PLACED = 0.3  # a relation reading below this is a guess: the question is answered from matching sentences
OUT_OF_SCOPE = 0.62  # an out-of-scope reading this close to an exemplar abstains even when names link
# relations that need no subject: without one they are answered for the corpus's main exercise, said so
MAIN_EXERCISE_OK = {"benefits", "mistakes", "fix", "technique", "setup", "progression", "regression", "population",
                    "programming", "breathing", "placement", "safety", "pairing", "consequence", "equipment"}
# "... , and how many reps?": a second question joined to the first
SECOND_PART = re.compile(r"(?:,\s*|\s+)(?:and|also|plus)\s+(?=(?:what|which|how|who|when|where|why|is|are|do|does|"
                         r"should|can|will)\b)|\?\s+(?=\w)")
# "which kickback targets ...", "which kickback is ...": the exercise is asked for (not "which kickback equipment")
ASKED_NEXT = re.compile(r"\W*(?:$|is|are|was|does|do|did|should|would|can|could|will|one|version|variation|for|with|"
                        r"works?|targets?|hits?|uses?|counts?|has|involves?|trains?|builds?|strengthens?|needs?)\b")
REFERENCE = re.compile(r"\b(?:help(?:s|ing)?|assist(?:s|ing)?|support(?:s|ing)?|besides|alongside|"
                       r"other than|apart from|except|work(?:s|ing)? with)\s+(?:the\s+|my\s+|your\s+)?$")
DEFINITION_START = re.compile(r"^(?:what|who)(?:'?s\b| (?:exactly |really |actually )?(?:is|are)\b)")
DEFINITION_FILLER = {"what", "whats", "what's", "who", "is", "are", "a", "an", "the", "exactly", "really", "actually",
                     "so-called", "called", "define", "definition", "of", "explain", "meaning", "does", "mean", "by",
                     "me", "please", "can", "you", "tell", "about", "this", "exercise", "thing", "kind", "type",
                     "describe", "i", "do", "know", "to", "wats", "wat", "whta", "hows", "how", "s", "for", "in",
                     "on", "with", "word", "even", "term", "gym"}
# Sources in precedence. A dataset's record states its exercise's facts as field lines and its technique as
# numbered instruction steps: the steps answer "how do I do X?" in order (strategies.numbered, never ranked).
# - For any other question about an exercise's technique or setup, facts that only a record states do not stand
#   for the articles' facts of its family (lookup.respond, evidence.records_only).
# - Ranked against a question, a record's lines (steps, field lines) are considered only when no article sentence
#   among the same passages reaches retrieve.RELEVANT (bm25.set_aside): the articles answer what they answer
#   ("kick too high?", "start or end of the session?"); a record fills in where they say nothing.
# - Senses are told apart by what the articles say of them; a record's lines only where no article says anything
#   ("at this point", "each arm" are every record's words), and an exercise described in a question ("upper arm
#   still, straighten the elbow") is one the articles describe (senses.SenseResolver.described).
# - A record's name made of ordinary words of a question ("Elbows Back", "Leg Lift") links only as written, and an
#   ordinary word only records' names end in ("movers") names no unknown exercise (understand._ordinary_names).
SOURCES_IN_PRECEDENCE = "articles first; a record's lines where no article sentence answers"
