"""The texts that get embedded: an offer's mission without the company's introduction, a student's
wish without the rest of the profile. Pure functions."""

from vte.text import offer_mission_text, sentences, student_wish_text

OFFER = (
    "Installateur de groupes froids (60 salariés à Haguenau), nous intervenons chez les industriels. "
    "Vous assurerez la maintenance préventive des installations. Profil : bac+2 en froid."
)
SUMMARY = (
    "Titulaire d'un BUT Génie mécanique, j'ai conçu sous SolidWorks le bâti d'une presse. "
    "J'aime le travail de bureau d'études. Pendant mon stage, j'ai dimensionné des vérins."
)


def test_sentences_split_on_final_punctuation():
    assert sentences("Un. Deux ! Trois ?  ") == ["Un.", "Deux !", "Trois ?"]
    assert sentences("") == []


def test_the_mission_starts_at_the_first_sentence_addressed_to_the_candidate():
    text = offer_mission_text("Technicien frigoriste", OFFER, ["froid industriel"])
    assert text == (
        "Technicien frigoriste Compétences : froid industriel. Vous assurerez la maintenance préventive des "
        "installations. Profil : bac+2 en froid."
    )
    assert "Haguenau" not in text


def test_a_description_never_addressed_to_the_candidate_is_kept_whole():
    text = offer_mission_text("Comptable", "Tenue de la comptabilité. Paie.", [])
    assert text == "Comptable Tenue de la comptabilité. Paie."


def test_the_wish_keeps_the_programme_and_the_sentences_that_say_what_the_student_wants():
    wish = student_wish_text("Diplôme d'ingénieur en mécanique.", SUMMARY)
    assert wish == "Diplôme d'ingénieur en mécanique. J'aime le travail de bureau d'études."


def test_without_a_stated_wish_the_last_two_sentences_stand_for_it():
    assert student_wish_text(None, "Un. Deux. Trois.") == "Deux. Trois."
