"""Reading articles: structure, sentence offsets, metadata, and errors that name the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CORPUS

from kgqa.cli import main
from kgqa.corpus import Document, parse_document, read_corpus, split_sentences
from kgqa.errors import CorpusError


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


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_article_without_read_permission_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Glute kickbacks work the glutes.\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(CorpusError, match=r"secret\.txt: cannot read"):
        parse_document(path)


def test_folder_without_articles_lists_the_expected_suffixes(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match=r"no articles in .*\.txt, \.md"):
        read_corpus(tmp_path)


def test_bad_manifest_names_the_manifest(corpus_copy: Path) -> None:
    (corpus_copy / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.json: the manifest is not valid JSON"):
        read_corpus(corpus_copy)


def test_cli_build_reports_an_empty_article_and_exits_2(
    corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus_copy / "blank.txt").write_text("", encoding="utf-8")
    assert main(["build", "--corpus", str(corpus_copy)]) == 2
    err = capsys.readouterr().err
    assert "blank.txt" in err and "empty" in err
