"""Author names read as people (papers/names.py): orders, case, accents, suffixes and
particles fold away; initials may be a full first name, and another first name is
another person."""

import pytest

from papers.names import author_keys, parse_name, search_keys

BENGIO = ["Bengio, Yoshua", "Yoshua Bengio", "YOSHUA BENGIO", "Bengio, Yoshua, Jr.",
          "Yoshua  Bengio III"]  # fmt: skip


@pytest.mark.parametrize("written", BENGIO)
def test_one_person_however_written(written):
    assert parse_name(written).person_key == "bengio yoshua"


@pytest.mark.parametrize(("written", "surname", "given"), [
    ("Zoë Müller", "muller", ("zoe",)),
    ("Ludwig van Beethoven", "van beethoven", ("ludwig",)),
    ("van der Maaten, Laurens", "van der maaten", ("laurens",)),
    ("Martin Luther King, Jr.", "king", ("martin", "luther")),
    ("J.-B. Alayrac", "alayrac", ("j", "b")),
    ("Jean-Baptiste Alayrac", "alayrac", ("jean-baptiste",)),
    ("Plato", "plato", ()),
])  # fmt: skip
def test_parts(written, surname, given):
    name = parse_name(written)
    assert (name.surname, name.given) == (surname, given)


def test_initials_may_be_the_full_name_but_another_first_name_is_not():
    yoshua, samy = parse_name("Yoshua Bengio"), parse_name("Samy Bengio")
    initials = parse_name("Bengio, Y.")
    assert initials.could_be(yoshua) and yoshua.could_be(initials)
    assert not samy.could_be(yoshua) and not initials.could_be(samy)
    assert not parse_name("Yann Bengio").could_be(yoshua)


def test_keys_a_paper_stores_and_a_search_asks_for():
    assert author_keys(["Yoshua Bengio", "Bengio, Yoshua", "Y. Bengio", "Samy Bengio"]) == [
        "bengio yoshua", "bengio y", "bengio y.", "bengio samy", "bengio s"]  # fmt: skip
    # A full name finds itself and initials-only spellings; initials find every full name.
    assert search_keys(parse_name("Yoshua Bengio")) == ["bengio yoshua", "bengio y."]
    assert search_keys(parse_name("Y. Bengio")) == ["bengio y.", "bengio y"]
