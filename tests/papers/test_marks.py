"""Arranging suggestions by what a user has seen (papers/marks.py): opened or read drop
out unless asked for, shown on several days without a click sink, order kept otherwise."""

from dataclasses import dataclass

from papers.marks import SINK_AFTER_VISITS, arrange


@dataclass
class Mark:
    shown: int = 0
    done: bool = False


def test_done_drop_out_often_shown_sink_the_rest_keep_their_order():
    marks = {2: Mark(done=True), 3: Mark(shown=SINK_AFTER_VISITS), 4: Mark(shown=1)}
    shown = arrange([1, 2, 3, 4, 5], lambda i: i, marks)
    assert shown.items == [1, 4, 5, 3]
    assert (shown.hidden, shown.sunk, shown.done) == (1, 1, set())


def test_show_done_brings_them_back_in_place_and_says_which():
    marks = {2: Mark(done=True, shown=9), 3: Mark(shown=SINK_AFTER_VISITS)}
    shown = arrange([1, 2, 3], lambda i: i, marks, show_done=True)
    assert shown.items == [1, 2, 3] and shown.done == {2} and shown.hidden == 0


def test_no_marks_no_change():
    assert arrange(["a", "b"], len, {}).items == ["a", "b"]
