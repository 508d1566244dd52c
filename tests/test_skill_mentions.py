"""Issue 13, company side: the editor's skill detection finds the skills a description names —
short acronyms (8D, 5S, SPC), plural and accent variants, multi-word skills, a label's acronym in
parentheses — and nothing in unrelated text. Pure."""

from __future__ import annotations

from vte.skill_mentions import forms_of, skills_in_text

LABELS = (
    "AMDEC",
    "8D",
    "5S",
    "PDCA",
    "SPC/MSP",
    "maîtrise statistique des procédés (MSP)",
    "audit interne",
    "injection plastique",
    "Lean Manufacturing",
    "C",
    "C++",
)
DESCRIPTION = (
    "Vous animez la résolution des réclamations clients avec la méthode 8D, mettez à jour les AMDEC "
    "processus, préparez et conduisez les audits internes ISO 9001 et déployez la maîtrise statistique "
    "des procédés sur les presses d'injection plastique."
)


def test_the_three_skills_the_issue_names_are_found_in_order_of_mention():
    assert skills_in_text(LABELS, DESCRIPTION) == [
        "8D",
        "AMDEC",
        "audit interne",
        "maîtrise statistique des procédés (MSP)",
        "injection plastique",
    ]


def test_acronyms_are_whole_words_written_in_capitals():
    assert skills_in_text(LABELS, "Chantiers 5S et PDCA ; suivi SPC des cotes.") == ["5S", "PDCA", "SPC/MSP"]
    # « MSP » is a form of two labels: the first one listed is named.
    assert skills_in_text(LABELS, "Mise en place de la MSP.") == ["SPC/MSP"]
    assert skills_in_text(LABELS[5:], "Mise en place de la MSP.") == ["maîtrise statistique des procédés (MSP)"]
    assert skills_in_text(LABELS, "Plusieurs AMDECs et des 8Ds") == ["AMDEC", "8D"]
    # Not inside another word, not in lower case for the short ones.
    assert skills_in_text(LABELS, "Pièce 25S, lot 18D2, réf. X5S ; un 8 D") == []
    assert skills_in_text(LABELS, "les 5s et le spc du service") == []


def test_accents_case_hyphens_and_plurals_are_folded():
    assert skills_in_text(LABELS, "AUDIT INTERNE annuel") == ["audit interne"]
    assert skills_in_text(LABELS, "des audits internes") == ["audit interne"]
    assert skills_in_text(LABELS, "maitrise statistique des procede") == ["maîtrise statistique des procédés (MSP)"]
    assert skills_in_text(LABELS, "démarche lean-manufacturing, amdec") == ["Lean Manufacturing", "AMDEC"]


def test_nothing_is_found_in_unrelated_text():
    text = "C'est une entreprise familiale de 80 salariés : cantine, parking, comité d'entreprise, intéressement."
    assert skills_in_text(LABELS, text) == []
    assert skills_in_text(LABELS, "") == []


def test_skills_the_offer_lists_are_left_out_with_their_other_forms():
    assert skills_in_text(LABELS, DESCRIPTION, exclude=["MSP", "amdec", "Audits internes"]) == [
        "8D",
        "injection plastique",
    ]


def test_the_forms_of_a_label():
    assert forms_of("maîtrise statistique des procédés (MSP)") == [
        "maîtrise statistique des procédés (MSP)",
        "maîtrise statistique des procédés",
        "MSP",
    ]
    assert forms_of("SPC/MSP") == ["SPC/MSP", "SPC", "MSP"]
    assert forms_of("entrées/sorties") == ["entrées/sorties"]
