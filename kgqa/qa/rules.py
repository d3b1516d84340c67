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
