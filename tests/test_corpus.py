"""Reading articles: structure, sentence offsets, metadata, and errors that name the file."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
from conftest import CORPUS

from kgqa import corpus
from kgqa.build import build
from kgqa.cli import main
from kgqa.corpus import Document, parse_document, read_corpus, split_sentences
from kgqa.errors import CorpusError
from kgqa.lexicon import Lexicon


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {doc.doc_id: doc for doc in read_corpus(CORPUS)}


def test_every_article_is_read_with_manifest_metadata(docs: dict[str, Document]) -> None:
    assert sorted(docs) == sorted(p.stem for p in CORPUS.glob("*.txt"))
    back = docs["back-kicks-guide"]
    assert back.title == "Back Kicks Exercise: Guide, Benefits, and Variations"
    assert back.author == "Jordan"
    assert back.source == "000_b3351d4ccb152270"


@pytest.mark.parametrize("doc_id", sorted(p.stem for p in CORPUS.glob("*.txt")))
def test_sentence_and_block_offsets_point_into_the_text(
    docs: dict[str, Document], doc_id: str
) -> None:
    doc = docs[doc_id]
    sentences = list(doc.sentences())
    assert sentences
    for block, sentence in sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert block.start <= sentence.start < sentence.end <= block.end
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text


def test_headings_and_sections(docs: dict[str, Document]) -> None:
    doc = docs["what-muscles-do-kickbacks-work"]
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "The Gluteal Muscles as Primary Movers" in headings
    assert "Distinguishing Between Glute and Tricep Kickbacks" in headings
    block, _ = next(
        (b, s) for b, s in doc.sentences() if s.text.startswith("The Tricep Kickback is")
    )
    assert block.kind == "paragraph"
    assert block.section == "Distinguishing Between Glute and Tricep Kickbacks"


def test_items_split_into_label_and_body_under_their_parent(docs: dict[str, Document]) -> None:
    doc = docs["back-kicks-guide"]
    items = {b.label: b for b in doc.blocks if b.kind == "item"}
    gmax = items["Gluteus Maximus"]
    assert gmax.body is not None and gmax.body.startswith("The largest and most powerful")
    assert gmax.context == ("Muscles Worked", "Primary Mover")
    assert gmax.level == 2
    parent = items["Primary Mover"]
    assert parent.body is None and parent.has_children
    # The label and the first sentence of its description are quoted together.
    assert gmax.sentences[0].text.startswith("Gluteus Maximus: The largest")


def test_numbered_steps_are_items(docs: dict[str, Document]) -> None:
    doc = docs["back-kicks-guide"]
    step = next(b for b in doc.blocks if b.label == "Starting Position")
    assert step.kind == "item"
    assert step.section == "Quadruped Back Kick (Glute Kickback)"


def test_faq_questions_and_answers(docs: dict[str, Document]) -> None:
    doc = docs["leg-kickbacks-guide"]
    questions = [b.text for b in doc.blocks if b.kind == "question"]
    assert "What muscles are primarily engaged during a leg kickback?" in questions
    answer = next(
        b for b in doc.blocks if b.kind == "answer" and b.text.startswith("The primary mover")
    )
    assert answer.context == (
        "Frequently Asked Questions",
        "What muscles are primarily engaged during a leg kickback?",
    )


def test_prose_only_articles_come_through_as_paragraphs(docs: dict[str, Document]) -> None:
    doc = docs["leg-kickback-muscles-and-form"]
    assert not [b for b in doc.blocks if b.kind == "item"]
    assert sum(b.kind == "paragraph" for b in doc.blocks) >= 10


def test_sentence_split_keeps_abbreviations_and_decimals() -> None:
    text = "Use a wall (e.g. a chair) for balance. Hold 1.5 seconds. Then lower."
    assert [s.text for s in split_sentences(text)] == [
        "Use a wall (e.g. a chair) for balance.",
        "Hold 1.5 seconds.",
        "Then lower.",
    ]


def test_article_without_manifest_gets_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "fire-hydrants.txt"
    path.write_text(
        "Fire Hydrants: A Guide\n\nBy Sam Lee 3 min read\n\nFire hydrants work the glutes.\n",
        encoding="utf-8",
    )
    [doc] = read_corpus(tmp_path)
    assert doc.title == "Fire Hydrants: A Guide"
    assert doc.author == "Sam Lee"
    assert doc.source is None


def test_empty_article_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"empty\.txt: the article is empty"):
        parse_document(path)


def test_non_utf8_article_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Glute Kickbacks\n\nThe caf\u00e9 workout.\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"latin1\.txt, line 3: not UTF-8"):
        parse_document(path)


def test_unreadable_article_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()  # reading a directory fails even as root, unlike chmod 000
    with pytest.raises(CorpusError, match=r"folder\.txt: cannot read the article"):
        parse_document(path)


def test_article_without_read_permission_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: reading is made to fail as it does for a file without read permission (chmod 0
    # does not stop root), instead of relying on the file mode.
    path = tmp_path / "secret.txt"
    path.write_text("Glute kickbacks work the glutes.\n", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(CorpusError, match=r"secret\.txt: cannot read the article \(Permission denied\)"):
        parse_document(path)


def test_folder_without_articles_lists_the_expected_suffixes(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match=r"no articles in .*\.txt, \.md"):
        read_corpus(tmp_path)


def test_bad_manifest_names_the_manifest(corpus_copy: Path) -> None:
    (corpus_copy / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.json: the manifest is not valid JSON"):
        read_corpus(corpus_copy)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, '"back-kicks-guide.txt" must map to an object with any of title, author, source, got null'),
        ("Back Kicks", '"back-kicks-guide.txt" must map to an object with any of title, author, source, got a string'),
        ({"title": 5}, '"back-kicks-guide.txt" -> "title" must be text (a JSON string) or null, got a number: 5'),
        ({"author": ["A", "B"]}, '"back-kicks-guide.txt" -> "author" must be text (a JSON string) or null, got a list'),
        ({"title": "T", "tags": {"a": 1}}, '"back-kicks-guide.txt" -> "tags" must be text, a number or null, got an'),
    ],
    ids=["null", "string", "numeric-title", "list-author", "object-extra-field"],
)
def test_manifest_values_are_checked_and_the_key_named(corpus_copy: Path, value: object, expected: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # regression: each of these was an AttributeError traceback from `kgqa build`
    manifest = corpus_copy / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["back-kicks-guide.txt"] = value
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(f"{manifest}: {expected}")):
        read_corpus(corpus_copy)
    assert main(["build", "--corpus", str(corpus_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {manifest}: {expected}") and "Traceback" not in err


def test_manifest_nulls_and_extra_fields_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A Title\n\nGlute kickbacks work the glutes.\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"a.txt": {"title": None, "author": "Sam", "source": "", "year": 2024, "notes": "x"}}), encoding="utf-8")
    [doc] = read_corpus(tmp_path)
    assert doc.title == "A Title" and doc.author == "Sam" and doc.source is None
    assert doc.meta == {"year": "2024", "notes": "x"}


def test_manifest_that_is_not_an_object_names_the_manifest(corpus_copy: Path) -> None:
    (corpus_copy / "manifest.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.json: the manifest must be an object .*, got a list"):
        read_corpus(corpus_copy)


def test_sentence_over_spacys_limit_names_the_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # regression: `kgqa build` ended in spaCy's E088 ValueError traceback ("Text of length ... exceeds maximum")
    (tmp_path / "fine.txt").write_text("Fine\n\nGlute kickbacks work the glutes.\n", encoding="utf-8")
    (tmp_path / "dump.txt").write_text("A Dump\n\n" + "word " * 240_000 + "\n", encoding="utf-8")
    assert main(["build", "--corpus", str(tmp_path), "--no-validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path / 'dump.txt'}, line 3: a sentence of 1,199,999 characters, over the "
                          "1,000,000 that can be parsed at once (spaCy's limit, error E088)")
    assert "hint: end its sentences with" in err and "Traceback" not in err


def test_the_limit_is_per_sentence_not_per_paragraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "MAX_SENTENCE_CHARS", 100)  # the real limit, scaled down
    path = tmp_path / "a.txt"
    path.write_text("Title\n\n" + "Glute kickbacks work the glutes. " * 20 + "\n", encoding="utf-8")
    assert len(parse_document(path).blocks[1].text) > 600  # a long paragraph of short sentences is fine
    path.write_text("Title\n\n" + "glute kickbacks work the glutes " * 5 + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.txt, line 3: a sentence of 159 characters, over the 100"):
        parse_document(path)


def test_an_over_long_manifest_title_is_a_corpus_error_not_a_traceback(tmp_path: Path, lexicon: Lexicon) -> None:
    (tmp_path / "a.txt").write_text("A Title\n\nGlute kickbacks work the glutes.\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"a.txt": {"title": "x" * 1_000_001}}), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.txt: a text of 1,000,001 characters \(a sentence or the title\)"):
        build(tmp_path, lexicon=lexicon, validate=False)


def test_cli_build_reports_an_empty_article_and_exits_2(
    corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus_copy / "blank.txt").write_text("", encoding="utf-8")
    assert main(["build", "--corpus", str(corpus_copy)]) == 2
    err = capsys.readouterr().err
    assert "blank.txt" in err and "empty" in err
