"""Names, languages and profile vocabulary of the demo students (French, written for VTE Match)."""
from __future__ import annotations

FIRST_NAMES_F = [
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Clara", "Lucie", "Marie",
    "Anaïs", "Pauline", "Mathilde", "Océane", "Laura", "Charlotte", "Juliette", "Margaux", "Élise",
    "Louise", "Alice", "Jade", "Zoé", "Lina", "Yasmine", "Salomé", "Eva", "Agathe", "Justine",
    "Clémence", "Morgane", "Romane", "Capucine", "Amandine", "Audrey", "Émilie", "Noémie", "Maëlle",
    "Gaëlle", "Solène", "Héloïse", "Apolline", "Lou", "Nina", "Lisa", "Ambre", "Aya", "Fatoumata",
    "Leïla", "Sofia", "Naïma", "Myriam", "Linh", "Mei", "Ana", "Marine", "Coralie",
    "Cécile", "Bérénice", "Victoire", "Constance", "Estelle", "Jeanne", "Rose", "Anna", "Maya",
    "Lilou", "Elsa", "Aurélie", "Sonia", "Kenza", "Amel", "Assia", "Mariama", "Aïcha", "Perrine",
    "Clothilde", "Ophélie", "Sixtine", "Tiphaine", "Nolwenn", "Enora", "Marion", "Hélène",
]

FIRST_NAMES_M = [
    "Lucas", "Hugo", "Thomas", "Louis", "Nathan", "Théo", "Maxime", "Antoine", "Alexandre", "Julien",
    "Paul", "Arthur", "Quentin", "Clément", "Romain", "Baptiste", "Pierre", "Nicolas", "Mathis",
    "Enzo", "Gabriel", "Raphaël", "Adam", "Léo", "Jules", "Victor", "Tom", "Valentin", "Corentin",
    "Florian", "Benjamin", "Simon", "Martin", "Adrien", "Guillaume", "Kévin", "Dylan", "Axel",
    "Matthieu", "Bastien", "Jérémy", "Loïc", "Yanis", "Rayan", "Mehdi", "Karim", "Samir", "Ibrahima",
    "Mamadou", "Moussa", "Youssef", "Amine", "Bilal", "Omar", "Minh", "Wei", "João", "Diego",
    "Gaëtan", "Erwan", "Yann", "Tanguy", "Mathéo", "Noé", "Timothée", "Augustin", "Aurélien",
    "Damien", "Cédric", "Anthony", "Jordan", "Alexis", "Vincent", "Sébastien", "Marius", "Sacha",
    "Ethan", "Robin", "Hadrien", "Gauthier", "Charles", "Étienne", "Rémi", "Félix", "Titouan",
]

LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier",
    "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre",
    "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
    "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry",
    "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie",
    "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière",
    "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard",
    "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert",
    "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît",
    "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean",
    "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis",
    "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
    "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall",
    "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux",
    "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque",
    "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger",
    "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain",
    "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard",
    "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon",
    "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte", "Nguyen", "Tran",
    "Benali", "Haddad", "Diallo", "Traoré", "Ba", "Diop", "N'Diaye", "Kone", "Mendy", "Cissé",
    "Belkacem", "Bensaïd", "Ferreira", "Pereira", "Dos Santos", "Rodrigues", "Kowalski", "Nowak",
    "Rossi", "Russo", "Bianchi", "Yilmaz", "Demir", "Le Bihan", "Kerbrat", "Le Floch", "Etcheverry",
    "Iriart", "Casanova", "Santoni", "Arnoux", "Vernet", "Chabert", "Fayolle", "Granjon", "Jacquemet",
    "Bonnefoy", "Chapuis", "Vuillemin", "Grosjean", "Cuenot", "Koch", "Zimmermann", "Haas",
]

# Languages with the usual CEFR levels; (language, weight) and levels with weights.
LANGUAGES = [("anglais", 100), ("espagnol", 22), ("allemand", 16), ("italien", 7), ("arabe", 5),
             ("portugais", 4), ("chinois", 2), ("russe", 1)]
ENGLISH_LEVELS = [("B1", 12), ("B2", 50), ("C1", 30), ("C2", 8)]
OTHER_LEVELS = [("A2", 30), ("B1", 40), ("B2", 22), ("C1", 8)]

# Where students did an internship or a previous work-study contract (summary wording).
EXPERIENCES = [
    "chez un équipementier automobile", "dans une PME de mécanique de précision",
    "au sein d'un groupe agroalimentaire", "dans une start-up industrielle",
    "chez un sous-traitant aéronautique", "dans une usine de plasturgie",
    "au service qualité d'une ETI", "dans un bureau d'études", "chez un industriel de la chimie",
    "dans une entreprise familiale", "au sein d'un cabinet de conseil en performance industrielle",
    "chez un fabricant de machines spéciales", "dans une coopérative laitière",
    "dans une entreprise de logistique", "chez un fabricant de meubles",
]

ACHIEVEMENTS = [
    "j'ai participé à un chantier d'amélioration continue", "j'ai conduit un projet de réduction des rebuts",
    "j'ai mis en place des tableaux de bord de suivi", "j'ai travaillé sur l'industrialisation d'un nouveau produit",
    "j'ai réalisé une étude de réduction des consommations d'énergie",
    "j'ai découvert le quotidien d'un atelier de production", "j'ai accompagné un audit de certification",
    "j'ai contribué à la réorganisation d'un entrepôt", "j'ai développé un outil d'analyse des coûts",
    "j'ai conçu des pièces en 3D pour un prototype", "j'ai suivi des essais en production",
]

QUALITIES = [("rigoureux", "rigoureuse"), ("curieux", "curieuse"), ("autonome", "autonome"),
             ("motivé", "motivée"), ("organisé", "organisée"), ("dynamique", "dynamique"),
             ("persévérant", "persévérante"), ("polyvalent", "polyvalente"),
             ("attentif aux autres", "attentive aux autres"), ("force de proposition", "force de proposition")]

SOFT_WISHES = [
    "une entreprise à taille humaine où je pourrai prendre des responsabilités rapidement",
    "une PME industrielle ancrée dans son territoire",
    "une équipe où l'on apprend au contact du terrain",
    "une entreprise qui investit dans la modernisation de ses ateliers",
    "une ETI qui se développe à l'international",
    "une entreprise engagée dans la transition écologique",
]
