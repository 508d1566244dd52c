"""What the school pages show, computed without a database: programme names shortened to what
tells them apart, the filters in words."""

from __future__ import annotations

from vte.school_stats import NO_PROGRAMME
from vte.web.school_display import dashboard_scope, filter_summary, programme_cell, programme_labels

ENGINEERS = [
    "Diplôme d'ingénieur de l'École nationale supérieure d'arts et métiers spécialité génie industriel",
    "Diplôme d'ingénieur de l'École nationale supérieure d'arts et métiers spécialité mécanique",
    "Diplôme d'ingénieur de l'École nationale supérieure d'arts et métiers spécialité énergétique",
]


def test_the_shared_start_is_dropped_and_said_once():
    labels = programme_labels(ENGINEERS)
    assert labels["prefix"] == "Diplôme d'ingénieur de l'École nationale supérieure d'arts et métiers spécialité"
    assert list(labels["label"].values()) == ["Génie industriel", "Mécanique", "Énergétique"]


def test_words_are_cut_whole_never_inside_a_word():
    # « génie » and « générale » share their first letters: the cut stays after the last whole word.
    labels = programme_labels(
        [
            "Diplôme d'ingénieur, génie industriel",
            "Diplôme d'ingénieur, générale",
            "Diplôme d'ingénieur par apprentissage",
        ]
    )
    assert labels["prefix"] == "Diplôme d'ingénieur"
    assert labels["label"] == {
        "Diplôme d'ingénieur, génie industriel": "Génie industriel",
        "Diplôme d'ingénieur, générale": "Générale",
        "Diplôme d'ingénieur par apprentissage": "Par apprentissage",
    }


def test_case_and_punctuation_after_a_word_do_not_hide_a_shared_start():
    labels = programme_labels(["Master Sciences de l'ingénieur : robotique", "master sciences de l'ingénieur, chimie"])
    assert labels["prefix"] == "Master Sciences de l'ingénieur"
    assert list(labels["label"].values()) == ["Robotique", "Chimie"]


def test_a_single_programme_keeps_its_full_name():
    name = ENGINEERS[0]
    assert programme_labels([name, name]) == {"prefix": "", "label": {name: name}}
    assert programme_labels([]) == {"prefix": "", "label": {}}


def test_a_short_shared_start_is_kept():
    labels = programme_labels(["Génie mécanique", "Génie industriel"])
    assert labels == {
        "prefix": "",
        "label": {"Génie mécanique": "Génie mécanique", "Génie industriel": "Génie industriel"},
    }


def test_no_label_is_ever_empty():
    # One name is all in the other: it keeps its last word.
    names = ["Diplôme d'ingénieur généraliste", "Diplôme d'ingénieur généraliste option chimie"]
    assert list(programme_labels(names)["label"].values()) == ["Généraliste", "Généraliste option chimie"]
    # A name that is the start plus punctuation only.
    names = ["Diplôme d'ingénieur généraliste —", "Diplôme d'ingénieur généraliste option chimie"]
    assert all(programme_labels(names)["label"].values())


def test_names_that_would_read_the_same_keep_their_full_names():
    names = ["Diplôme d'ingénieur, chimie", "Diplôme d'ingénieur : Chimie"]
    labels = programme_labels(names)
    assert labels["prefix"] == "" and labels["label"] == {n: n for n in names}


def test_the_unknown_programme_stays_apart():
    labels = programme_labels([*ENGINEERS[:2], NO_PROGRAMME, ""])
    assert NO_PROGRAMME not in labels["label"] and "" not in labels["label"]
    assert list(labels["label"].values()) == ["Génie industriel", "Mécanique"]


def test_a_table_cell_shows_the_short_label_and_keeps_the_full_name_for_screen_readers():
    labels = programme_labels(ENGINEERS)
    cell = programme_cell(ENGINEERS[1], labels)
    assert cell["shown"] == "Mécanique" and cell["full"] == ENGINEERS[1]
    assert cell["hidden"] == labels["prefix"] + " "
    assert programme_cell(None, labels)["shown"] == "—"
    plain = programme_cell("Génie civil", programme_labels(["Génie civil"]))
    assert plain == {"shown": "Génie civil", "hidden": "", "full": "Génie civil"}


def test_the_filters_in_words():
    labels = programme_labels(ENGINEERS)
    args = {"programme": ENGINEERS[2], "level": "bac+5", "situation": "alternance"}
    assert filter_summary(args, labels) == "formation « Énergétique », niveau Bac+5, étudiant en alternance"
    stats = {"generated_on": "2026-03-15", "totals": {"students": 2}}
    assert dashboard_scope(stats, args, labels).endswith(
        "pour : formation « Énergétique », niveau Bac+5, étudiant en alternance (2 étudiants)."
    )
    assert dashboard_scope(stats, {}, labels).endswith("pour tous les étudiants de l'école.")
