"""French place wording for demo company names: "de Roanne", "du Jura", "Jurassienne" (pure)."""

from __future__ import annotations

import unicodedata

# Département code -> (phrase "de/du/des ...", regional adjective, masculine singular).
DEPARTEMENTS: dict[str, tuple[str, str]] = {
    "01": ("de l'Ain", "aindinois"),
    "02": ("de l'Aisne", "axonais"),
    "03": ("du Bourbonnais", "bourbonnais"),
    "04": ("de Haute-Provence", "provençal"),
    "05": ("des Hautes-Alpes", "alpin"),
    "06": ("des Alpes-Maritimes", "azuréen"),
    "07": ("de l'Ardèche", "ardéchois"),
    "08": ("des Ardennes", "ardennais"),
    "09": ("de l'Ariège", "ariégeois"),
    "10": ("de l'Aube", "aubois"),
    "11": ("de l'Aude", "audois"),
    "12": ("de l'Aveyron", "aveyronnais"),
    "13": ("de Provence", "provençal"),
    "14": ("du Calvados", "normand"),
    "15": ("du Cantal", "cantalien"),
    "16": ("de Charente", "charentais"),
    "17": ("de Charente-Maritime", "charentais"),
    "18": ("du Berry", "berrichon"),
    "19": ("de Corrèze", "corrézien"),
    "2A": ("de Corse", "corse"),
    "2B": ("de Corse", "corse"),
    "21": ("de Côte-d'Or", "bourguignon"),
    "22": ("des Côtes-d'Armor", "breton"),
    "23": ("de la Creuse", "creusois"),
    "24": ("du Périgord", "périgourdin"),
    "25": ("du Doubs", "comtois"),
    "26": ("de la Drôme", "drômois"),
    "27": ("de l'Eure", "normand"),
    "28": ("de Beauce", "beauceron"),
    "29": ("du Finistère", "finistérien"),
    "30": ("du Gard", "gardois"),
    "31": ("du Comminges", "occitan"),
    "32": ("de Gascogne", "gascon"),
    "33": ("de Gironde", "girondin"),
    "34": ("de l'Hérault", "héraultais"),
    "35": ("d'Ille-et-Vilaine", "breton"),
    "36": ("de l'Indre", "berrichon"),
    "37": ("de Touraine", "tourangeau"),
    "38": ("du Dauphiné", "dauphinois"),
    "39": ("du Jura", "jurassien"),
    "40": ("des Landes", "landais"),
    "41": ("du Loir-et-Cher", "solognot"),
    "42": ("du Forez", "forézien"),
    "43": ("du Velay", "vellave"),
    "44": ("de Loire-Atlantique", "atlantique"),
    "45": ("du Loiret", "orléanais"),
    "46": ("du Quercy", "lotois"),
    "47": ("de l'Agenais", "agenais"),
    "48": ("de Lozère", "lozérien"),
    "49": ("d'Anjou", "angevin"),
    "50": ("du Cotentin", "normand"),
    "51": ("de Champagne", "champenois"),
    "52": ("de Haute-Marne", "haut-marnais"),
    "53": ("de la Mayenne", "mayennais"),
    "54": ("de Lorraine", "lorrain"),
    "55": ("de la Meuse", "meusien"),
    "56": ("du Morbihan", "morbihannais"),
    "57": ("de Moselle", "mosellan"),
    "58": ("du Nivernais", "nivernais"),
    "59": ("du Nord", "flamand"),
    "60": ("de l'Oise", "picard"),
    "61": ("de l'Orne", "ornais"),
    "62": ("de l'Artois", "artésien"),
    "63": ("d'Auvergne", "auvergnat"),
    "64": ("du Béarn", "béarnais"),
    "65": ("de Bigorre", "bigourdan"),
    "66": ("du Roussillon", "catalan"),
    "67": ("d'Alsace", "alsacien"),
    "68": ("d'Alsace", "alsacien"),
    "69": ("du Rhône", "rhodanien"),
    "70": ("de Haute-Saône", "comtois"),
    "71": ("de Saône-et-Loire", "bourguignon"),
    "72": ("de la Sarthe", "sarthois"),
    "73": ("de Savoie", "savoyard"),
    "74": ("de Haute-Savoie", "savoyard"),
    "75": ("de Paris", "parisien"),
    "76": ("du Pays de Caux", "normand"),
    "77": ("de la Brie", "briard"),
    "78": ("des Yvelines", "francilien"),
    "79": ("du Poitou", "poitevin"),
    "80": ("de la Somme", "picard"),
    "81": ("du Tarn", "tarnais"),
    "82": ("du Quercy", "occitan"),
    "83": ("du Var", "varois"),
    "84": ("du Vaucluse", "vauclusien"),
    "85": ("de Vendée", "vendéen"),
    "86": ("de la Vienne", "poitevin"),
    "87": ("du Limousin", "limousin"),
    "88": ("des Vosges", "vosgien"),
    "89": ("de l'Yonne", "bourguignon"),
    "90": ("du Territoire de Belfort", "belfortain"),
    "91": ("de l'Essonne", "francilien"),
    "92": ("des Hauts-de-Seine", "francilien"),
    "93": ("de Seine-Saint-Denis", "francilien"),
    "94": ("du Val-de-Marne", "francilien"),
    "95": ("du Vexin", "francilien"),
    "971": ("de Guadeloupe", "guadeloupéen"),
    "972": ("de Martinique", "martiniquais"),
    "973": ("de Guyane", "guyanais"),
    "974": ("de La Réunion", "réunionnais"),
    "976": ("de Mayotte", "mahorais"),
}

_VOWELS = set("aeiouyhàâäéèêëîïôöùûü")


def starts_with_vowel(text: str) -> bool:
    return bool(text) and text[0].lower() in _VOWELS


def elide_de(phrase: str) -> str:
    """ "de" before a noun phrase: "de pièces", "d'emballages", "des ..." is left to the caller."""
    return f"d'{phrase}" if starts_with_vowel(phrase) else f"de {phrase}"


def de_commune(name: str) -> str:
    """ "de Roanne", "d'Oyonnax", "du Creusot", "des Herbiers", "de La Ferté-Bernard"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(("La ", "L'")) or name[:1] in ("H", "Y"):  # "de Hazebrouck", "de Yutz"
        return "de " + name
    return elide_de(name)


def a_commune(name: str) -> str:
    """ "à Roanne", "au Creusot", "aux Herbiers"."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def feminine(adj: str) -> str:
    """Feminine of a regional adjective: "jurassien" -> "jurassienne"."""
    for end, fem in (
        ("ien", "ienne"),
        ("éen", "éenne"),
        ("on", "onne"),
        ("eau", "elle"),
        ("al", "ale"),
        ("ais", "aise"),
        ("ois", "oise"),
        ("an", "ane"),
        ("in", "ine"),
        ("ard", "arde"),
        ("at", "ate"),
        ("ot", "ote"),
        ("and", "ande"),
    ):
        if adj.endswith(end):
            return adj[: -len(end)] + fem
    return adj  # "corse", "vellave", "atlantique"


def capitalise(adj: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in adj.split("-"))


def place_words(commune_name: str, departement_code: str | None) -> dict[str, str]:
    """The placeholders of the company-name patterns for a commune."""
    phrase, adj = DEPARTEMENTS.get(departement_code or "", (de_commune(commune_name), ""))
    if not adj:  # unknown département: fall back on the commune for every placeholder
        return {
            "lieu": commune_name,
            "de_lieu": de_commune(commune_name),
            "du_dept": phrase,
            "Adj_m": commune_name,
            "Adj_f": commune_name,
        }
    return {
        "lieu": commune_name,
        "de_lieu": de_commune(commune_name),
        "du_dept": phrase,
        "Adj_m": capitalise(adj),
        "Adj_f": capitalise(feminine(adj)),
    }


def ascii_slug(text: str) -> str:
    """ "Gaëlle" -> "gaelle", "Le Goff" -> "le-goff", "N'Diaye" -> "ndiaye" (email local parts)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    plain = plain.replace("'", "").replace(" ", "-")
    return "".join(c for c in plain if c.isalnum() or c == "-").strip("-")
