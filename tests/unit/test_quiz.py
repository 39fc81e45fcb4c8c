"""Tests for crmkit.quiz: the pure grading logic first, then the widgets that call it."""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit.quiz import NO_CHOICE, Feedback, Question, QuestionWidget, Quiz, quiz, static_html

OPTIONS = ["Recency", "Satisfaction", "Frequency"]
EXPLANATIONS = {
    "Recency": "Recency is how long ago the customer last bought.",
    "Satisfaction": "Satisfaction is a feeling measured in a survey, not in the order log.",
    "Frequency": "Frequency is how many times the customer bought.",
}


def make_question(**changes) -> Question:
    arguments = {
        "prompt": "Which of these is NOT one of the three RFM measures?",
        "options": OPTIONS,
        "answer": "Satisfaction",
        "explanations": EXPLANATIONS,
    }
    arguments.update(changes)
    return Question(**arguments)


# ---------------------------------------------------------------- grading


def test_right_answer_is_correct_and_explained():
    feedback = make_question().grade("Satisfaction")
    assert feedback == Feedback(
        correct=True,
        message="Correct. Satisfaction is a feeling measured in a survey, not in the order log.",
    )


@pytest.mark.parametrize("choice", ["Recency", "Frequency"])
def test_wrong_answer_says_why_this_option_is_wrong(choice):
    feedback = make_question().grade(choice)
    assert feedback.correct is False
    assert feedback.message == f"Not quite. {EXPLANATIONS[choice]} Try another option."


def test_wrong_feedback_does_not_give_the_answer_away():
    message = make_question().grade("Recency").message
    assert EXPLANATIONS["Satisfaction"] not in message


def test_no_choice_is_not_correct_and_asks_for_one():
    assert make_question().grade(None) == Feedback(correct=False, message=NO_CHOICE)


def test_grade_rejects_a_string_that_is_not_an_option():
    with pytest.raises(ValueError, match=r"'choice' parameter of Question\.grade must be one of"):
        make_question().grade("recency")  # case matters: options are matched exactly


@pytest.mark.parametrize("choice", [0, 1.5, ["Recency"], True])
def test_grade_rejects_a_non_string(choice):
    with pytest.raises(TypeError, match=r"'choice' parameter of Question\.grade"):
        make_question().grade(choice)


@given(
    options=st.lists(
        st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s),
        min_size=2,
        max_size=6,
        unique=True,
    ),
    data=st.data(),
)
def test_grading_property_exactly_one_option_is_correct(options, data):
    # Property: for any valid question, exactly the answer grades as correct, and
    # every message carries the explanation written for the chosen option.
    answer = data.draw(st.sampled_from(options))
    explanations = [f"Because of option number {i}." for i in range(len(options))]
    question = Question("Pick one.", options, answer, explanations)
    results = [question.grade(option) for option in options]
    assert [r.correct for r in results] == [o == answer for o in options]
    for option, result, why in zip(options, results, explanations, strict=True):
        assert why in result.message
        assert result.message.startswith("Correct." if option == answer else "Not quite.")


# ---------------------------------------------------------------- construction


def test_question_normalises_its_inputs():
    question = Question(
        prompt="  Which?  ",
        options=("  yes ", "no"),
        answer="yes",
        explanations=["  Right. ", "Wrong."],
    )
    assert question.prompt == "Which?"
    assert question.options == ("yes", "no")
    assert dict(question.explanations) == {"yes": "Right.", "no": "Wrong."}


def test_explanations_as_a_list_or_a_dict_are_the_same_question():
    as_list = make_question(explanations=[EXPLANATIONS[o] for o in OPTIONS])
    as_dict = make_question(explanations=dict(reversed(EXPLANATIONS.items())))
    assert as_list == as_dict
    assert hash(as_list) == hash(as_dict)
    assert list(as_dict.explanations) == OPTIONS  # stored in option order


def test_question_is_immutable():
    question = make_question()
    with pytest.raises(dataclasses.FrozenInstanceError):
        question.answer = "Recency"
    with pytest.raises(TypeError):
        question.explanations["Recency"] = "changed"


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"prompt": ""}, ValueError, "'prompt' parameter of Question must be a non-empty"),
        ({"prompt": None}, ValueError, "'prompt' parameter"),
        ({"options": "RFM"}, TypeError, "'options' parameter of Question must be a list"),
        ({"options": 3}, TypeError, "'options' parameter"),
        ({"options": ["only one"], "answer": "only one", "explanations": ["x"]},
         ValueError, "at least two options"),
        ({"options": ["a", "a"], "answer": "a", "explanations": ["x", "y"]},
         ValueError, "must not repeat an option"),
        ({"options": ["a", " "], "answer": "a", "explanations": ["x", "y"]},
         ValueError, "'options' parameter of Question must be a non-empty"),
        ({"answer": "Monetary"}, ValueError, "'answer' parameter of Question must be one of"),
        ({"answer": ""}, ValueError, "'answer' parameter"),
        ({"explanations": {"Recency": "r", "Frequency": "f"}}, ValueError, "Missing: \\['Satisfaction'\\]"),
        ({"explanations": {**EXPLANATIONS, "Monetary": "m"}}, ValueError, "not an option: \\['Monetary'\\]"),
        ({"explanations": ["a", "b"]}, ValueError, "one explanation per option \\(3\\)"),
        ({"explanations": "why"}, TypeError, "'explanations' parameter of Question must be a dict"),
        ({"explanations": None}, TypeError, "'explanations' parameter"),
        ({"explanations": {**EXPLANATIONS, "Recency": ""}}, ValueError, "'explanations' parameter of Question must be a non-empty"),
        ({"explanations": ["r", None, "f"]}, ValueError, "'explanations' parameter"),
    ],
)  # fmt: skip
def test_question_rejects_bad_input(changes, error, message):
    with pytest.raises(error, match=message):
        make_question(**changes)


# ---------------------------------------------------------------- widgets


def test_question_widget_layout():
    item = QuestionWidget(make_question(), number=2)
    assert item.children == (item.prompt, item.choices, item.button, item.result)
    assert isinstance(item.choices, widgets.RadioButtons)
    assert item.choices.options == tuple(OPTIONS)
    assert item.choices.value is None  # nothing pre-selected
    assert item.prompt.value.startswith("<b>2.</b> Which of these")
    assert item.button.description == "Check"
    assert item.feedback is None and item.feedback_text == "" and item.result.value == ""


def test_clicking_check_grades_the_selected_option():
    item = QuestionWidget(make_question())
    item.choices.value = "Recency"
    item.button.click()  # runs the registered click handler
    assert item.feedback == make_question().grade("Recency")
    assert item.feedback_text.startswith("Not quite. Recency is how long ago")
    assert "Not quite." in item.result.value and "#b42318" in item.result.value

    item.choices.value = "Satisfaction"
    assert item.check() == Feedback(True, item.feedback_text)
    assert item.feedback_text.startswith("Correct.")
    assert "#1a7f37" in item.result.value


def test_check_without_a_choice_asks_for_one():
    item = QuestionWidget(make_question())
    assert item.check().message == NO_CHOICE
    assert item.feedback_text == NO_CHOICE


def test_changing_the_choice_clears_old_feedback():
    item = QuestionWidget(make_question())
    item.choices.value = "Satisfaction"
    item.check()
    item.choices.value = "Recency"
    assert item.feedback is None
    assert item.feedback_text == ""
    assert item.result.value == ""


def test_feedback_html_is_escaped():
    question = Question("x < y?", ["<b>", "ok"], "ok", ["Tags & such.", "Fine."])
    item = QuestionWidget(question)
    assert "x &lt; y?" in item.prompt.value
    item.choices.value = "<b>"
    item.check()
    assert "Tags &amp; such." in item.result.value
    assert item.feedback_text == "Not quite. Tags & such. Try another option."


def test_question_widget_rejects_a_non_question():
    with pytest.raises(TypeError, match="'question' parameter of QuestionWidget"):
        QuestionWidget({"prompt": "x"})


def test_quiz_builds_one_numbered_widget_per_question_and_scores():
    first = make_question()
    second = Question("2 + 2?", ["4", "5"], "4", ["Two and two make four.", "One too many."])
    widget = quiz([first, second], title="Chapter 3 self-check")
    assert isinstance(widget, Quiz) and isinstance(widget, widgets.VBox)
    assert [item.question for item in widget.items] == [first, second]
    assert [item.number for item in widget.items] == [1, 2]
    assert widget.children[1:] == tuple(widget.items)
    assert "Chapter 3 self-check" in widget.children[0].value

    assert widget.score == 0
    widget.items[0].choices.value = "Satisfaction"
    widget.items[0].button.click()
    widget.items[1].choices.value = "5"
    widget.items[1].button.click()
    assert widget.score == 1
    widget.items[1].choices.value = "4"
    widget.items[1].button.click()
    assert widget.score == 2


def test_quiz_text_form_is_short_and_stable():
    # nbval compares a displayed widget's text/plain; it must not change between runs.
    questions = [make_question(), make_question()]
    bundles = [quiz(questions)._repr_mimebundle_() for _ in range(2)]
    assert bundles[0]["text/plain"] == bundles[1]["text/plain"]
    assert bundles[0]["text/plain"] == (
        "Self-check: 2 questions (interactive; run the notebook in Jupyter to answer them)"
    )
    assert repr(quiz([make_question()])).startswith("Self-check: 1 question (")
    assert repr(QuestionWidget(make_question(), number=1)).startswith("Question 1: Which")


def test_quiz_accepts_any_iterable():
    widget = quiz(make_question() for _ in range(3))
    assert len(widget.items) == 3


@pytest.mark.parametrize(
    ("questions", "title", "error", "message"),
    [
        ([], "Self-check", ValueError, "at least one Question"),
        (None, "Self-check", TypeError, "'questions' parameter of quiz must be a list"),
        ("question", "Self-check", TypeError, "must contain only"),
        ([{"prompt": "x"}], "Self-check", TypeError, "positions \\[0\\]"),
        ([make_question()], "", ValueError, "'title' parameter of quiz"),
    ],
)
def test_quiz_rejects_bad_input(questions, title, error, message):
    with pytest.raises(error, match=message):
        quiz(questions, title=title)


def test_quiz_rejects_a_single_question():
    with pytest.raises(TypeError, match="'questions' parameter of quiz must be a list"):
        quiz(make_question())


# ---------------------------------------------------------------- feedback wording


@pytest.mark.parametrize("lead", ["Right: ", "Correct: ", "Yes, ", "right. ", "Exactly! "])
def test_a_right_answer_does_not_repeat_its_verdict(lead):
    # Chapter authors often start the right option's explanation with "Right:"; the
    # feedback must read "Correct. Satisfaction is ...", not "Correct. Right: ...".
    explanations = {**EXPLANATIONS, "Satisfaction": lead + "satisfaction is not in the log."}
    feedback = make_question(explanations=explanations).grade("Satisfaction")
    assert feedback.message == "Correct. Satisfaction is not in the log."


def test_a_wrong_answer_drops_only_a_negative_verdict():
    explanations = {
        **EXPLANATIONS,
        "Recency": "No: recency is in the log.",
        "Frequency": "Yes, frequency counts purchases, but it is in the log.",
    }
    question = make_question(explanations=explanations)
    assert question.grade("Recency").message == (
        "Not quite. Recency is in the log. Try another option."
    )
    # a "Yes, but" on a wrong option is part of the reason and stays
    assert question.grade("Frequency").message == (
        "Not quite. Yes, frequency counts purchases, but it is in the log. Try another option."
    )


def test_words_that_merely_start_like_a_verdict_stay():
    explanations = {**EXPLANATIONS, "Satisfaction": "Nothing in the order log measures it."}
    message = make_question(explanations=explanations).grade("Satisfaction").message
    assert message == "Correct. Nothing in the order log measures it."
    explanations = {**EXPLANATIONS, "Recency": "Rightly or not, recency is in the log."}
    message = make_question(explanations=explanations).grade("Recency").message
    assert message.startswith("Not quite. Rightly or not,")


# ---------------------------------------------------------------- static fallback


def test_quiz_bundle_keeps_the_widget_and_adds_static_html():
    widget = quiz([make_question()], title="Chapter 3 self-check")
    bundle = widget._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert bundle["text/plain"] == repr(widget)
    assert bundle["text/html"] == static_html([make_question()], title="Chapter 3 self-check")


def test_static_html_hides_each_answer_in_a_closed_details_block():
    second = Question("2 + 2?", ["4", "5"], "4", ["Right: two and two make four.", "One too many."])
    page = static_html([make_question(), second], title="Chapter 3 self-check")
    assert page.startswith('<div class="crmkit-quiz">') and page.endswith("</div>")
    assert "<h3>Chapter 3 self-check</h3>" in page
    assert page.count("<details>") == 2 and page.count("</details>") == 2
    assert "<details open" not in page
    assert page.count("<summary>Show the answer</summary>") == 2
    first, rest = page.split("<b>2.</b>")
    # everything about question 1 is in its own block, the answer after the prompt
    before, answer = first.split("<details>")
    assert "Which of these is NOT one of the three RFM measures?" in before
    assert "<li>Recency</li><li>Satisfaction</li><li>Frequency</li>" in before
    assert "Satisfaction is a feeling" not in before  # the answer is not given away
    assert "Answer: <b>B</b>, Satisfaction." in answer
    for option, why in EXPLANATIONS.items():
        assert why in answer, option
    assert "<b>A</b> (wrong): Recency is how long ago" in answer
    assert "<b>B</b> (right): Satisfaction is a feeling" in answer
    assert "Answer: <b>A</b>, 4." in rest
    assert "<b>A</b> (right): Two and two make four." in rest  # no "Right:" echo
    assert "<script" not in page and "style=" not in page


def test_static_html_is_escaped():
    question = Question("x < y & z?", ["<b>", "ok"], "ok", ["Tags & such.", "Fine <i>."])
    page = static_html([question])
    assert "x &lt; y &amp; z?" in page
    assert "<li>&lt;b&gt;</li>" in page
    assert "Fine &lt;i&gt;." in page
    assert "<b>" not in page.replace("<b>1.</b>", "").replace("<b>A</b>", "").replace(
        "<b>B</b>", ""
    ).replace("<b>Show the answer</b>", "")
