"""Drafting questions from the articles: what the draft asks, that it validates, and odd corpora."""

from __future__ import annotations

import re
from dataclasses import replace
from statistics import median
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from quizapp.banks import Source, Span, drafting, drafting_names, parse_bank, validate_paths
from quizapp.banks.drafting import HEADER, DraftError, draft_bank
from quizapp.banks.drafting_sourcing import MAX_QUOTED_WORDS
from quizapp.banks.reading_level import prompt_grade
from quizapp.cli import main
from quizapp.corpus import Article, Corpus, load_corpus
from quizapp.corpus.align import align_articles
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, SEEDS


@pytest.fixture(scope="module")
def draft():
    return draft_bank(load_corpus(SEEDS))


def by_type(draft, kind: str):
    return [q for q in draft.bank.questions if q.type == kind]


def test_the_draft_is_marked_as_a_draft_and_validates_as_written(draft, corpus):
    assert draft.yaml.splitlines()[0] == HEADER
    bank, problems = parse_bank(draft.yaml, "draft.yaml", corpus)
    assert problems == []
    assert [q.id for q in bank.questions] == [q.id for q in draft.bank.questions]
    kinds = {"match", "source", "grid", "numeric", "truefalse", "choice", "evidence", "judge"}
    assert {q.type for q in bank.questions} == kinds
    assert all(q.explanation and q.skills for q in bank.questions)
    # The grid as drafted survives the file: each claim mapped to its reports, each source keeping its claim.
    (drafted,) = [q for q in drafting.draft_questions(corpus) if q.type == "grid"]
    (read_back,) = [q for q in bank.questions if q.type == "grid"]
    assert read_back.claims == drafted.claims and read_back.answers == drafted.answers
    assert [(s.article, s.claim, s.quote) for s in read_back.sources] == [
        (s.article, s.claim, s.quote) for s in drafted.sources
    ]


def test_match_pairs_do_not_come_with_harris_and_cites_where_each_is_said(draft, corpus):
    (match,) = by_type(draft, "match")
    pairs = dict(match.pairs)
    harris = [left for left, right in match.pairs if right == "Kamala Harris"]
    assert len(harris) == 1 and "Do not come" in harris[0]
    assert pairs["First, seeking asylum at any US border is a 100% legal method of arrival"] == (
        "Alexandria Ocasio-Cortez"
    )
    assert set(pairs.values()) == {
        "Kamala Harris",
        "Alexandria Ocasio-Cortez",
        "Alejandro Giammattei",
        "Mary McInerney",
    }
    # López Obrador is quoted ("count on us") but says none of these: a distractor, not a pair.
    assert match.distractors == ("Andrés Manuel López Obrador",)
    # Each pair's source holds the quotation as the article prints it.
    for (left, _), source in zip(match.pairs, match.sources, strict=True):
        assert left.strip("… ") in corpus[source.article].slice(source.span)


def test_source_questions_ask_which_reports_carry_a_passage_the_grid_does_not(draft):
    (tweet,) = by_type(draft, "source")
    assert tweet.prompt.startswith("Ocasio-Cortez said: “Second, the US spent")
    assert tweet.prompt.endswith("” Which reports quote these words?")
    assert tweet.answers == {FIRST, NEWSWEEK, AP}
    assert set(tweet.choices) == {FIRST, NEWSWEEK, AP, FOURTH}
    assert "do not all print the same words" in tweet.explanation  # "then blame them" against "them blame them"
    # The grid's passages ("This is disappointing to see", "Do not come", ...) get no source question too.
    (grid,) = by_type(draft, "grid")
    in_grid = {(s.article, s.span) for s in grid.sources}
    assert not any((s.article, s.span) in in_grid for s in tweet.sources)


def test_the_grid_asks_which_reports_carry_each_quotation(draft, corpus):
    (grid,) = by_type(draft, "grid")
    assert grid.articles == tuple(corpus)
    claims = {claim.split(": ", 1)[1]: claim for claim in grid.claims}
    disappointing = claims["“This is disappointing to see”"]
    assert disappointing.startswith("Alexandria Ocasio-Cortez: ")
    assert grid.carriers(disappointing) == (NEWSWEEK, AP)
    do_not_come = claims["“…Do not come. Do not come”"]
    assert do_not_come.startswith("Kamala Harris: ")
    assert grid.carriers(do_not_come) == (FIRST, NEWSWEEK, AP)
    # Informative: 3 to 5 claims, not every claim ticked alike, and the fourth report carries none.
    assert 3 <= len(grid.claims) <= 5
    assert len({grid.carriers(claim) for claim in grid.claims}) >= 3
    assert not any(FOURTH in grid.carriers(claim) for claim in grid.claims)
    # Every ticked cell is backed by that report's passage, and every source backs a ticked cell.
    assert {(s.claim, s.article) for s in grid.sources} == set(grid.answers)
    for source in grid.sources:
        assert corpus[source.article].slice(source.span).strip() == source.quote
    (ap_do_not_come,) = [s for s in grid.sources if s.claim == do_not_come and s.article == AP]
    assert "Do not come, do not come." in ap_do_not_come.quote
    # The explanation goes report by report, each claim by its first words.
    assert "Newsweek: “Do not come…”, “First, seeking asylum…” and “This is disappointing…”." in grid.explanation
    assert "The report “Migration Crisis”: none of them." in grid.explanation


def test_reprinted_wire_copy_is_credited_to_the_outlet_that_reported_it(draft, corpus):
    newsweek = corpus[NEWSWEEK]
    marker = newsweek.text.index("For more reporting from the Associated Press")
    assert newsweek.wire_copy_of(Span(marker, marker + 3)) == "Associated Press"
    assert newsweek.wire_copy_of(Span(0, 10)) is None  # Newsweek's own opening
    rounded = next(q for q in by_type(draft, "numeric") if q.answer == 170000)
    assert rounded.prompt.startswith("The Associated Press copy in Newsweek writes:")
    # Newsweek's own words (the tweet it embeds) keep Newsweek's name.
    assert all("copy in Newsweek" not in q.prompt for q in by_type(draft, "truefalse") if "Newsweek" in q.prompt)


def test_drafted_explanations_stay_short(draft):
    assert all(len(q.explanation.split()) < drafting.EXPLANATION_WORDS for q in draft.bank.questions)


def test_drafted_prompts_read_at_grade_ten_or_below(draft):
    """Flesch–Kincaid grade of each prompt's own wording (the article text it quotes counts as one word)."""
    grades = {q.id: prompt_grade(q) for q in draft.bank.questions}
    assert median(grades.values()) <= 10
    assert max(grades.values()) <= 12, grades
    # The passages they quote are a clause or a few sentences of a quotation, not whole paragraphs; a
    # claim a report credits to someone comes with a little more of its sentence.
    for question in draft.bank.questions:
        limit = MAX_QUOTED_WORDS if question.type == "choice" else drafting_names.SHORT_WORDS
        for passage in re.findall(r"“([^“”]*)”", question.prompt):
            assert len(passage.split()) <= limit, (question.id, passage)


def test_speakers_are_named_by_surname_unless_two_share_it():
    quoted = {
        "a": [SimpleNamespace(speaker=name) for name in ("Kamala Harris", "Andrés Manuel López Obrador", None)],
        "b": [SimpleNamespace(speaker=name) for name in ("Alexandria Ocasio-Cortez", "Douglas Harris")],
    }
    assert drafting_names.short_speaker("Alexandria Ocasio-Cortez", quoted) == "Ocasio-Cortez"
    assert drafting_names.short_speaker("Andrés Manuel López Obrador", quoted) == "López Obrador"
    assert drafting_names.short_speaker("Kamala Harris", quoted) == "Kamala Harris"  # Douglas Harris is quoted too
    assert drafting_names.short_speaker(None, quoted) == "the speaker"


def test_reports_are_named_short_unless_two_short_names_are_the_same(draft):
    # (The headline questions quote a headline's claim: not a name.)
    prompts = " ".join(q.prompt for q in draft.bank.questions if q.type != "evidence")
    # The first report's bracketed description and the fourth report's headline, cut short.
    assert "The report on Ocasio-Cortez's criticism writes:" in prompts
    assert "The report “Migration Crisis” writes:" in prompts and "Is this what Newsweek says?" in prompts
    assert "of Harris's remarks in Guatemala" not in prompts and "Met Virtually" not in prompts
    twins = {
        "a": article("a", 'Harris said "we will be back soon" to the crowd.', outlet="Unknown outlet"),
        "b": article("b", 'Harris said "we will be back soon" to reporters.', outlet="Unknown outlet"),
    }
    twins = {
        key: replace(value, headline=headline)
        for (key, value), headline in zip(
            twins.items(), ["Harris Trip: Day One in Guatemala", "Harris Trip: Day Two in Mexico"], strict=True
        )
    }
    names = drafting_names.ArticleNames(list(twins.values()))
    assert names.of("a") == "the report “Harris Trip: Day One in Guatemala”"
    assert names.of("b") == "the report “Harris Trip: Day Two in Mexico”"


def test_a_grid_needs_two_passages_that_several_reports_carry():
    quoted = "The plan is fully funded and ready to go next spring"
    one_row = Corpus(
        {
            "a": article("a", f'"{quoted}," said Finance Director Ana Ruiz.\n\nThe council met on Monday.'),
            "b": article("b", f'Ana Ruiz said: "{quoted}."\n\nThe weather was fine.', outlet="The Other"),
        }
    )
    assert align_articles(list(one_row.values())).rows
    assert by_type(draft_bank(one_row), "grid") == []
    second = "We will rebuild the bridge by the end of next year"
    two_rows = Corpus(
        {
            "a": article("a", f'"{quoted}," said Finance Director Ana Ruiz.\n\n"{second}," Mayor Jane Doe said.'),
            "b": article("b", f'Ana Ruiz said: "{quoted}."\n\nMayor Jane Doe added: "{second}."', outlet="The Other"),
            "c": article("c", f'"{second}," said Mayor Jane Doe.\n\nThe vote is on Friday.', outlet="The Third"),
        }
    )
    (grid,) = by_type(draft_bank(two_rows), "grid")
    assert {claim: grid.carriers(claim) for claim in grid.claims} == {
        f"Ana Ruiz: “{quoted}”": ("a", "b"),
        f"Jane Doe: “{second}”": ("a", "b", "c"),
    }


def test_numeric_questions_ask_for_the_figure_a_report_gives(draft):
    numeric = {q.answer: q for q in by_type(draft, "numeric")}
    april = numeric[178622]
    assert april.tolerance.value == 0
    # Only the figure's clause is quoted, marked as cut where the sentence goes on.
    assert "writes: “…with ____ encounters for the month of April…” What number is missing?" in april.prompt
    # The other report's figure for the same thing is set beside it for the teacher.
    # Newsweek reprints that part from the AP (wire_copy_from in articles.yaml): credited to the AP.
    assert "the Associated Press copy in Newsweek gives “more than 170,000 encounters” for April" in april.explanation
    # A round figure is asked for as printed, so only the printed figure is right (not 178,622, also
    # "more than 170,000"), and the prompt says it is round.
    rounded = numeric[170000]
    assert rounded.tolerance.value == 0
    assert "more than ____ encounters" in rounded.prompt and "as printed" in rounded.prompt
    # The compared report is cited, so the figure the explanation quotes from it is checked like a source.
    assert {s.article for s in april.sources} == {FIRST, NEWSWEEK}


def test_no_sentence_is_blanked_twice_and_the_draft_passes_strict(draft, corpus, tmp_path):
    sentences = [(q.sources[0].article, q.sources[0].span) for q in by_type(draft, "numeric")]
    assert len(sentences) == len(set(sentences)) >= 2
    path = tmp_path / "draft.yaml"
    path.write_text(draft.yaml)
    report = validate_paths([path], corpus)
    assert report.problems == [] and report.warnings == []
    # The explanations quote only what the reports print: "17,106", never "17,106 encounters".
    assert all("17,106 encounters" not in (q.explanation or "") for q in draft.bank.questions)


def test_truefalse_questions_on_quote_drift(draft):
    questions = by_type(draft, "truefalse")
    blame = next(q for q in questions if "Ocasio-Cortez" in q.prompt)
    assert blame.answer is False
    # Newsweek and the first report both print "then"; the draft sets one of them against the AP's "them".
    other = next(s.article for s in blame.sources if s.article != AP)
    assert other in (FIRST, NEWSWEEK) and {s.article for s in blame.sources} == {other, AP}
    assert blame.prompt.startswith("Ocasio-Cortez said: “Second, the US spent")
    assert "Associated Press print these words exactly the same way" in blame.prompt
    assert "“then” in " in blame.explanation and "against “them” in the Associated Press" in blame.explanation
    # Reports that agree word for word give a true statement.
    same = [q for q in questions if q.answer is True]
    assert len(same) == 1 and "I want to emphasize that the goal of our work" in same[0].prompt


def article(article_id: str, text: str, outlet: str = "The Example") -> Article:
    return Article(id=article_id, text=text, outlet=outlet, headline=f"Report {article_id}")


def test_no_articles_is_a_clear_error():
    with pytest.raises(DraftError, match="no articles"):
        draft_bank(Corpus({}))


def test_articles_without_quotations_or_figures_have_nothing_to_draft():
    corpus = Corpus({"a": article("a", "The council met on Monday.\n\nIt adjourned early.")})
    with pytest.raises(DraftError, match="nothing to draft"):
        draft_bank(corpus)


def test_unbalanced_quotation_marks_are_skipped_and_the_rest_is_drafted():
    text = (
        'Mayor Jane Doe spoke first. "We will rebuild the bridge by next year," Doe said.\n\n'
        'Councillor Tom Park disagreed: "the money is simply not there yet\n\n'
        '"The plan is fully funded and ready to go," said Finance Director Ana Ruiz.\n\n'
        "The bridge carried 12,400 vehicles a day before it closed."
    )
    corpus = Corpus({"a": article("a", text)})
    draft = draft_bank(corpus, "bridge-draft")
    (match,) = by_type(draft, "match")
    assert dict(match.pairs) == {
        "We will rebuild the bridge by next year": "Jane Doe",
        "The plan is fully funded and ready to go": "Ana Ruiz",
    }
    (numeric,) = by_type(draft, "numeric")
    assert numeric.answer == 12400
    assert draft.bank.id == "bridge-draft"


def test_a_bad_bank_id_is_refused(corpus):
    with pytest.raises(DraftError, match="bank id"):
        draft_bank(corpus, "Not An Id!")


# --------------------------------------------------------------------------------------------------
# quizapp draft-questions
# --------------------------------------------------------------------------------------------------


def test_cli_writes_a_bank_that_validate_accepts(tmp_path):
    output = tmp_path / "harris-draft.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["draft-questions", "--articles", str(SEEDS), "-o", str(output)])
    assert result.exit_code == 0, result.output
    summary = "30 questions (choice 5, evidence 2, grid 1, judge 14, match 1, numeric 3, source 1, truefalse 3)"
    assert f"wrote {output}: {summary}" in result.output
    checked = runner.invoke(main, ["validate", str(output), "--articles", str(SEEDS)])
    assert checked.exit_code == 0, checked.output
    assert "harris-draft: 30 questions" in checked.output
    report = validate_paths([output], load_corpus(SEEDS))
    assert report.ok and report.banks[0].id == "harris-draft"


def test_cli_refuses_to_overwrite_without_force(tmp_path):
    output = tmp_path / "draft.yaml"
    output.write_text("my own edits\n", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(main, ["draft-questions", "-o", str(output)])
    assert refused.exit_code == 2
    assert f"{output} already exists; add --force to overwrite it" in refused.output
    assert output.read_text(encoding="utf-8") == "my own edits\n"
    forced = runner.invoke(main, ["draft-questions", "-o", str(output), "--force"])
    assert forced.exit_code == 0, forced.output
    assert output.read_text(encoding="utf-8").startswith(HEADER)


def test_cli_errors_write_nothing(tmp_path):
    runner = CliRunner()
    empty = tmp_path / "empty"
    empty.mkdir()
    output = tmp_path / "out.yaml"
    result = runner.invoke(main, ["draft-questions", "--articles", str(empty), "-o", str(output)])
    assert result.exit_code == 2
    assert f"{empty}: no articles (*.txt) to draft questions from" in result.output
    missing = runner.invoke(main, ["draft-questions", "--articles", str(tmp_path / "nowhere"), "-o", str(output)])
    assert missing.exit_code == 2 and "no such folder of articles" in missing.output
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / "a.txt").write_text("Nothing quoted, nothing counted.", encoding="utf-8")
    nothing = runner.invoke(main, ["draft-questions", "--articles", str(quiet), "-o", str(output)])
    assert nothing.exit_code == 2 and "nothing to draft" in nothing.output
    bad_id = runner.invoke(main, ["draft-questions", "-o", str(output), "--bank-id", "Bad Id"])
    assert bad_id.exit_code == 2 and "bank id 'Bad Id'" in bad_id.output
    assert list(tmp_path.glob("*.yaml")) == [] and list(tmp_path.glob(".*")) == []


def test_a_drafted_question_that_does_not_validate_is_left_out_with_a_note(monkeypatch, corpus):
    good = draft_bank(corpus).bank.questions[0]
    broken = replace(good, id="broken", sources=(Source(AP, "words the AP never printed", Span(0, 1)),))
    monkeypatch.setattr(drafting, "draft_questions", lambda corpus, alignments=None: [good, broken])
    draft = drafting.draft_bank(corpus)
    assert [q.id for q in draft.bank.questions] == [good.id]
    assert len(draft.notes) == 1
    assert draft.notes[0].startswith("left out (it did not validate): drafted-questions.yaml:")
    assert (
        'question broken: quote not found in 002_f52d19d8c2480346 (Associated Press): "words the AP' in draft.notes[0]
    )
    monkeypatch.setattr(drafting, "draft_questions", lambda corpus, alignments=None: [broken])
    with pytest.raises(DraftError, match="the draft does not validate"):
        drafting.draft_bank(corpus)


def test_an_article_without_quotations_is_still_a_choice(corpus):
    plain = article("004_plain", "The visit ended on Tuesday.\n\nNo one spoke to the press.")
    with_plain = Corpus({**corpus, "004_plain": plain})
    draft = draft_bank(with_plain)
    sources = by_type(draft, "source")
    assert sources and all("004_plain" in q.choices and "004_plain" not in q.answers for q in sources)
    assert "and The Example do not." in sources[0].explanation
    bank, problems = parse_bank(draft.yaml, "draft.yaml", with_plain)
    assert problems == [] and len(bank.questions) == len(draft.bank.questions)


def test_alignments_of_other_articles_are_not_trusted(corpus, draft):
    """The web app passes its cached alignment; one made for another load of the articles is redone."""
    stale = align_articles([article(AP, "Different words entirely.\n\n“Do not come,” she said.")])
    again = draft_bank(corpus, alignments=stale)
    assert again.yaml == draft.yaml
    assert draft_bank(corpus, alignments=align_articles(list(corpus.values()))).yaml == draft.yaml


# --------------------------------------------------------------------------------------------------
# judge: accurate renderings and distortions of each named type, balanced
# --------------------------------------------------------------------------------------------------


def test_judge_drafts_are_balanced_and_each_distortion_is_exactly_its_stated_change(draft, corpus):
    judged = by_type(draft, "judge")
    assert len(judged) == 14  # two pairs per distortion, but for sentences the other drafted questions ask about
    others = [(s.article, s.span) for q in draft.bank.questions if q.type != "judge" for s in q.sources]
    for question in judged:  # a rendering of another question's passage would print its answer
        (own,) = question.sources
        assert not any(a == own.article and span.overlaps(own.span) for a, span in others), question.id
    assert sum(q.distorted for q in judged) == len(judged) // 2  # 50/50
    assert {q.distortion for q in judged if q.distorted} == {
        "changed-word",
        "dropped-caveat",
        "swapped-speaker",
        "inflated-number",
    }
    for skill in ("numbers", "attribution", "language", "context"):
        mine = [q for q in judged if skill in q.skills]
        assert sum(q.distorted for q in mine) * 2 == len(mine) > 0, skill
    assert len({(q.sources[0].article, q.sources[0].quote) for q in judged}) == len(judged)  # no passage twice
    for question in judged:
        assert "accurate" not in question.id and "distorted" not in question.id  # an id gives nothing away
        (source,) = question.sources
        if question.distorted:
            assert question.statement != source.quote and question.original in source.quote
        else:
            assert question.statement == source.quote
    inflated = [q for q in judged if q.distortion == "inflated-number"]
    # Half as much again (19,000 of a numeric question is left to it; "31" is not).
    assert [(q.original, q.changed) for q in inflated] == [("31", "46")]

