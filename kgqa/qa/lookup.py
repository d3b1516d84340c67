"""What the strategies look up in the graph: structured answers (`respond`), a muscle's role, the
mistakes a question names, what the asker cannot use or rules out, and answer/abstain helpers."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from .answer import Answer
from .compose import NOUN, ROLE_WORD
from .frame import EXCLUSION_CLAUSE, ROLE_RULES, RULED_OUT_CLAUSE
from .guidelines import ASPECT_NOUN
from .linking import data_lines
from .listing import CAP
from .parts import AnswererPart
from .phrases import kinded, whole_words
from .plan import Plan
from .relations import FILLER
from .retrieve import RELEVANT
from .retrieve import STOP as RETRIEVAL_STOP
from .rules import DEFINITION_FILLER, DEFINITION_START, LISTED, REFERENCE
from .sources import datasets, said_by
from .strategies import OWN_FIRST, RANKED, Turn, _verb
from .traverse import Hit, execute
from .understand import Link, ParsedQuestion

GYM_WORDS = frozenset(data_lines("gym_equipment_words.txt"))  # "weight machine": gym equipment by its name
# "do I need any equipment / a gym membership": what a need question asks when it names no equipment (data)
_NEED_ROWS = kinded("need_words.txt")
NEED_WORDS = [(kind, whole_words(p for k, p in _NEED_ROWS if k == kind))
              for kind in dict.fromkeys(k for k, _ in _NEED_ROWS)]


class FactLookup(AnswererPart):
    """A part of QuestionAnswerer (kgqa/qa/answerer.py)."""

    def root(self, iri: str) -> str:
        return next(i for i in reversed(self.index.lineage(iri)) if not self.index.out(i, "variationOf"))

    def finish(self, t: Turn, plan: Plan, hits: list[Hit], text: str, boolean: bool | None = None,
               list_items: bool = True) -> Answer:
        return self._finish(t.q, plan, hits, text, t.notes, t.alts, boolean=boolean, list_items=list_items,
                            subjects=[e.iri for e in t.exercises[:2]])

    def abstain(self, t: Turn, reason: str, final: bool = False) -> Answer:
        """"I don't know"; `final` when nothing else should be tried (the graph never mentions what is asked)."""
        answer = self._abstain(t.q, reason)
        answer._final = final  # type: ignore[attr-defined]
        return answer

    def _no_aspect(self, t: Turn, plan: Plan) -> Answer:
        """"I don't know" for an aspect of programming the graph has no guideline on, with those it has."""
        start = self.index.name(plan.start[0])
        wider = [Plan(**{**plan.__dict__, "path": path, "aspect": None})
                 for path in (plan.path, ["variationOf*", "variationOf*^", *plan.path[-1:]])]
        known = dict.fromkeys(a for p in wider for h in execute(p, self.index)
                              for a in self.index.attrs[h.iri].get("aspect", ()) if a in ASPECT_NOUN)
        reason = f"The graph has no {ASPECT_NOUN[plan.aspect]} for the {start}."
        if known:
            reason += f" It has {', '.join(ASPECT_NOUN[a] for a in known)} for it."
        return self.abstain(t, reason, final=True)

    def detail(self, h: Hit) -> str:
        return self._detail(h)

    def masked(self, q: ParsedQuestion) -> str:
        text = q.normalized
        for e in q.entities:
            if e.start >= 0:
                text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
        return text

    def is_reference(self, q: ParsedQuestion, m: Link) -> bool:
        """"what muscles help the glutes": the named muscle is the reference point, not an answer."""
        return m.start >= 0 and bool(REFERENCE.search(q.normalized[:m.start]))

    def qualifier(self, t: Turn, plan: Plan) -> str | None:
        """A word of the question that the quotes behind some (not all) answers contain ("supporting leg")."""
        vocab = self.cue_words
        full: list[Hit] | None = None  # what the plan reaches without a qualifier: walked only when needed
        for word in t.q.qualifiers:
            if word in vocab or len(word) < 5 or any(p.search(word) for _, p in ROLE_RULES):
                continue
            trial = Plan(plan.intent, plan.start, plan.path, role=plan.role, qualifier=word[:6])
            found = execute(trial, self.index)
            if found and full is None:
                full = execute(plan, self.index)
            if found and full is not None and len(found) < len(full):
                return word[:6]
        return None

    def unavailable(self, t: Turn) -> list[str]:
        """Items the asker cannot use: equipment they lack or exclude, gym-only kit at home, what they name to avoid.
        The work grows with what is lacking, not with the graph: exercises are found by their equipment."""
        c = t.frame.constraints
        lacking = set(c.lack) | {e for e in c.exclude if self.index.is_a(e, "Equipment")}
        if c.no_equipment:
            lacking |= set(self.all_equipment)
        if c.have:
            have = {n for e in c.have for n in self.index.narrower(e)}
            lacking |= {i for i in self.all_equipment if i not in have}
        if c.at_home:  # equipment the articles place in a gym (its cons or the sentences naming it), never at home
            lacking |= {e for e in self.all_equipment if self._gym_only(e)}
        lacking = {n for e in lacking for n in self.index.narrower(e)}
        if not lacking:
            return []
        out = set(lacking)
        kind = self.parser.kind
        for e in lacking:  # the exercises named for it (variantEquipment, read backwards)
            out.update(i for i, _ in self.index.into(e, "variantEquipment") if kind.get(i) == "Exercise")
        names = [self.index.name(e).lower().rstrip("s") for e in lacking]
        for iri, said in self.modification_texts:  # modifications that name what is lacking
            if any(n in said for n in names):
                out.add(iri)
        return sorted(out)

    @cached_property
    def articles_discuss(self) -> frozenset[str]:
        """The nodes at either end of an edge an article's sentence supports (for ranking lists: the exercises
        the articles discuss first among equals). Computed once; kept in the answerer's snapshot."""
        records = frozenset(datasets(self.index))
        found: set[str] = set()
        for node in self.index.types:
            for other, data in self.index.out_edges(node):
                documents = data.get("documents")
                if documents and not documents <= records:
                    found.update((node, other))
        return frozenset(found)

    @cached_property
    def all_equipment(self) -> list[str]:
        """The equipment the questions may name (linked by the parser)."""
        return [i for i, k in self.parser.kind.items() if k == "Equipment"]

    @cached_property
    def modification_texts(self) -> list[tuple[str, str]]:
        """Each modification with what it says (its detail and name, lower-cased)."""
        return [(iri, (self.detail(Hit(iri)) + self.index.name(iri)).lower())
                for iri in self.index.by_type.get("Modification", ())]

    def _gym_only(self, equipment: str) -> bool:
        texts = [self.detail(Hit(con)) for con, _ in self.index.out(equipment, "hasCon")]
        texts += [self.detail(Hit(pro)) for pro, _ in self.index.out(equipment, "hasPro")]
        texts += [e.quote for e in self.index.mentions(equipment)]
        texts += [self.retriever.passages[i].ev.quote for i in self.retriever.mentioning(equipment)]
        lowered = " ".join(texts).lower()
        named = bool(set(self.index.name(equipment).lower().split()) & GYM_WORDS)  # "weight machine"
        return ("gym" in lowered or named) and not re.search(r"\bhome\b|\banywhere\b", lowered)

    def needs_kit(self, t: Turn) -> Answer | None:
        """"Do I need any equipment (a gym) to do X?": no, when a variation of X needs none of it (none at all, or
        none the sources place in a gym), naming those; None when every variation needs it or nothing is asked."""
        text = t.q.normalized
        kinds = [kind for kind, pattern in NEED_WORDS if pattern.search(text)]
        if not kinds or not t.exercises:
            return None
        c = t.frame.constraints
        asked = replace(c, no_equipment=c.no_equipment or "kit" in kinds, at_home=c.at_home or "gym" in kinds)
        out = set(self.unavailable(replace(t, frame=replace(t.frame, constraints=asked))))
        ex = t.exercises[0].iri
        doable = [h for h in execute(Plan("variations", [ex], ["variationOf*^"]), self.index) if h.iri not in out
                  and (h.iri != ex or not self.index.out(ex, "usesEquipment"))]
        if not doable:
            return None
        names = ", ".join(self.index.name(h.iri) for h in doable[:5])
        where = "without any equipment" if "kit" in kinds else "outside a gym"
        who = said_by(self.index, (d for h in doable for d in h.documents))
        plan = Plan("variations", [ex], ["variationOf*^"], exclude=sorted(out))
        return self.finish(t, plan, doable, f"No. {who.capitalize()} describe versions of the "
                           f"{self.index.name(ex)} done {where}: {names}.", boolean=False)

    def excluded_mistakes(self, t: Turn) -> list[str]:
        m = EXCLUSION_CLAUSE.search(t.q.normalized)
        if not m:
            return []
        fake = ParsedQuestion(m.group(1), m.group(1), [])
        return self.mistakes_in(fake)[:1]

    def excluded_by_words(self, t: Turn, hits: list[Hit]) -> list[str]:
        """"How do I progress without adding more weight?": the items whose names say what is ruled out."""
        m = RULED_OUT_CLAUSE.search(t.q.normalized)
        if not m:
            return []
        named = {w for e in t.q.entities for w in re.findall(r"[a-z]+", e.surface)}
        words = [w for w in self.lemmas(m.group(1)) if w.isalpha() and len(w) > 3 and w not in FILLER
                 and w not in RETRIEVAL_STOP and w not in named and w not in ("more", "less", "much", "add", "using")]
        return [h.iri for h in hits if any(re.search(rf"\b{re.escape(w[:5])}", self.index.name(h.iri).lower())
                                           for w in words)]

    def own_equipment(self, exercise: str) -> Link | None:
        """The equipment a variation is named for, when the articles weigh its pros and cons."""
        eq = next((e for e, _ in self.index.out(exercise, "variantEquipment") if self.has_pros_cons(e)), None)
        return Link(eq, self.index.name(eq), "Equipment", self.index.name(eq), -1) if eq else None

    def has_pros_cons(self, iri: str) -> bool:
        return bool(self.index.out(iri, "hasPro") or self.index.out(iri, "hasCon"))

    def not_defined(self, t: Turn) -> str:
        """The words a "what is ..." question puts before the exercise, when they name something else."""
        exercise = t.exercises[0]
        if exercise.start < 0 or not DEFINITION_START.search(t.q.normalized):
            return ""
        before = re.findall(r"[a-z][a-z'-]*", t.q.normalized[:exercise.start])
        return " ".join(w for w in before if w not in DEFINITION_FILLER)

    def mistakes_in(self, q: ParsedQuestion, strict: bool = False) -> list[str]:
        """The mistakes whose names the question uses (`strict`: their head word, "arching", "swinging")."""
        text = q.normalized
        for e in q.of_type("Exercise"):  # the words naming the exercise say nothing about a mistake
            if e.start >= 0:
                text = text[:e.start] + " " * len(e.surface) + text[e.start + len(e.surface):]
        words = {w for w in text.replace("-", " ").split() if len(w) > 3}
        stems = {w[:5] for w in words}
        best: list[tuple[float, str]] = []
        for iri, content in self.mistake_words:
            hits = sum(1 for w in content if w[:5] in stems)
            if strict:  # the head word and every other word of one of its names ("arching ... back")
                if content[0][:5] in stems and hits >= min(len(content), 2):
                    best.append((hits / len(content) + hits, iri))
                continue
            if hits and (content[0][:5] in stems or 2 * hits >= len(content)):
                best.append((hits / len(content) + hits, iri))
        best.sort(key=lambda t: (-t[0], t[1]))
        return list(dict.fromkeys(i for _, i in best))

    def related_cues(self, mistake: str) -> list[str]:
        """Technique cues and corrections whose wording shares a stem with the mistake's names."""
        stems = {w[:5] for n in self.index.names[mistake] for w in re.findall(r"[a-z]{4,}", n.lower())}
        found = []
        for iri in {*self.index.by_type.get("TechniqueCue", ()), *self.index.by_type.get("Correction", ())}:
            words = {w[:5] for d in self.index.attrs[iri].get("description", ())
                     for w in re.findall(r"[a-z]{4,}", d.lower())}
            if stems & words and self.index.node_evidence.get(iri):
                found.append(iri)
        return sorted(found)

    def _unexcluded(self, q: ParsedQuestion) -> ParsedQuestion:
        """The question without its "apart from ..." clause (what it names is not asked about)."""
        text = EXCLUSION_CLAUSE.sub(" ", q.normalized)
        return ParsedQuestion(text, text, [e for e in q.entities if e.start < 0 or e.start < len(text)])

    def muscle_yesno(self, t: Turn, exercise: str, muscle: str, as_question: bool = True) -> Answer:
        plan = Plan("muscles", [exercise], ["variationOf*", "works"], target=muscle)
        hits = execute(plan, self.index)
        parts, wholes = set(self.index.parts(muscle)), set(self.index.wholes(muscle))
        matching = [h for h in hits if h.iri in parts or h.iri in wholes]
        ex_name, m_name = self.index.name(exercise), self.index.name(muscle)
        roles_asked = t.frame.constraints.roles
        if matching and as_question and roles_asked == ["primary"] and not any("primary" in h.roles for h in matching):
            roles = ", ".join(ROLE_WORD[r] for r in sorted({r for h in matching for r in h.roles}))
            primary = [h for h in hits if "primary" in h.roles]
            text = (f"No. The {m_name} {_verb(m_name)} in the {ex_name} as {roles}, not as the primary mover"
                    + (f"; that is the {', '.join(self.index.name(h.iri) for h in primary)}." if primary else "."))
            return self.finish(t, plan, matching + primary, text, boolean=False, list_items=False)
        if matching:
            direct = [h for h in matching if h.iri == muscle]
            chosen = direct or matching
            said_as = {r: {d for h in chosen for d in h.roles.get(r, ())} for r in {r for h in chosen for r in h.roles}}
            how = ", ".join(ROLE_WORD[r] for r in sorted(said_as, key=lambda r: (-len(said_as[r]), r)))  # most first
            via = "" if direct else f" (via {', '.join(self.index.name(h.iri) for h in chosen)}, of which it is part)"
            if not direct and chosen[0].iri in parts:
                via = f" (its part {', '.join(self.index.name(h.iri) for h in chosen)} is)"
            text = f"Yes. The {m_name} {_verb(m_name)} in the {ex_name}{via}, as {how}."
            if not as_question:
                ranked = self.retriever.rank(self._question_words(t) + " " + m_name, nodes=[h.iri for h in chosen],
                                             pool=self.retriever.subjects_for([exercise]), limit=2)
                quoted = [m.passage.ev for m in ranked] or [e for h in chosen for e in h.evidence[:1]]
                said = " ".join(dict.fromkeys(e.quote for e in quoted))
                who = said_by(self.index, (e.document for e in quoted)).capitalize()  # who says what is quoted
                text = f"In the {ex_name} the {m_name}{via} {_verb(m_name)} as {how}. {who} say: {said}"
            return self.finish(t, plan, chosen, text, boolean=True if as_question else None)
        if not hits:
            return self.abstain(t, f"The graph has no muscle facts for the {ex_name}.")
        worked = ", ".join(self.index.name(h.iri) for h in hits[:6])
        who = said_by(self.index, (d for h in hits for d in h.documents))
        text = f"No. None of {who} says the {ex_name} works the {m_name}; it works the {worked}."
        return self.finish(t, plan, hits, text, boolean=False, list_items=False)

    def respond(self, t: Turn, plan: Plan) -> Answer:
        notes = t.notes
        hits: list[Hit] = []
        if plan.intent in OWN_FIRST and plan.path[:1] == ["variationOf*"]:
            own = Plan(**{**plan.__dict__, "path": plan.path[1:]})  # what is said of this very variation first
            hits = execute(own, self.index)
            if hits:
                plan = own
        if not hits:
            hits = execute(plan, self.index)
        if not hits and plan.path[:1] == ["variationOf*"] and plan.intent != "definition":
            wider = Plan(**{**plan.__dict__, "path": ["variationOf*^", *plan.path[1:]]})
            hits = execute(wider, self.index)
            if hits:
                plan = wider
                who = said_by(self.index, (d for h in hits for d in h.documents)).capitalize()
                notes.append(f"{who} state this for variations of the {self.index.name(plan.start[0])}.")
        if not hits and plan.path[:1] == ["variationOf*"] and plan.intent in OWN_FIRST:
            family = Plan(**{**plan.__dict__, "path": ["variationOf*", "variationOf*^", *plan.path[1:]]})
            hits = execute(family, self.index)
            if hits:
                plan = family
                who = said_by(self.index, (d for h in hits for d in h.documents)).capitalize()
                notes.append(f"{who} state this for related variations.")
        if not hits and plan.intent == "variations":
            siblings = Plan(**{**plan.__dict__, "path": ["variationOf", "variationOf^"], "exclude_start": True})
            hits = execute(siblings, self.index)
            if hits:
                plan = siblings
        if not hits and plan.aspect and plan.intent in ("programming", "breathing"):
            return self._no_aspect(t, plan)  # rest asked, sets and reps known: not an answer to the question
        if not hits and (plan.aspect or plan.qualifier or plan.emphasis):
            plan.aspect = plan.qualifier = plan.emphasis = None
            hits = execute(plan, self.index)
        if not hits and plan.intent == "function":
            plan = Plan("muscle_roles", plan.start, ["works^"])
            hits = execute(plan, self.index)
            if len(hits) > CAP:  # a muscle hundreds of dataset exercises work: those with the most sources
                notes.append(f"{len(hits)} exercises work the {self.index.name(plan.start[0])}; the {CAP} with "
                             "the most sources are listed.")
                hits = hits[:CAP]
        if hits and plan.intent in OWN_FIRST and plan.path[-1:] != ["variationOf*^"] and self.records_only(hits):
            # a record's steps are how to do the exercise; the articles' facts of its family first (rules.py)
            family = Plan(**{**plan.__dict__, "path": ["variationOf*^", *plan.path[-1:]]})
            told = [h for h in execute(family, self.index) if not self.records_only([h])]
            if told:
                hits, plan = told, family
                notes.append(f"The articles state this for variations of the {self.index.name(plan.start[0])}.")
        start = ", ".join(self.index.name(s) for s in plan.start)
        if plan.intent == "definition":
            return self._also(t, self._definition(t.q, plan, hits, notes, t.alts))
        if not hits:
            what = NOUN.get(plan.intent, plan.intent.replace("_", " "))
            return self.abstain(t, f"The graph has no {what} for {start}.")
        closest = None
        if t.frame.relation in RANKED and len(hits) > 1:
            hits, top = self._rank_hits(t, hits)
            if plan.intent in LISTED and top >= RELEVANT - 0.05:  # lead with what the question's words point to
                closest = hits[0]
        hits, text = self._told(plan, hits, start)  # a variation's own facts first, then what it inherits
        if closest is not None:
            text += f" Closest to what you asked: {self._item_label(closest)} - {self.detail(closest)}"
        answer = self.finish(t, plan, hits, text)
        return self._also(t, answer) if plan.intent not in ("muscles", "exercises_for_muscle") else answer
