"""Industrial sectors of the demo companies (French text written for VTE Match).

A sector is split into niches; a company belongs to one niche, so that its NAF rév. 2 sub-class,
its activity (a verb phrase: "fabrique des biscuits"), its products and its name agree. Name
placeholders (filled by `places.py` and `generator.py`):
  {de_lieu}  "de Roanne" / "d'Oyonnax" / "du Creusot"     {lieu}    the commune name
  {du_dept}  "de l'Ain" / "du Jura" / "des Vosges"         {nom}     a family name
  {Adj_m} {Adj_f}  regional adjective ("Jurassien", "Jurassienne")   {sigle} 3-4 capital letters
Keys of a niche override those of its sector (e.g. `processes`).
"""

from __future__ import annotations


def _niche(naf, activity, products, names, **extra) -> dict:
    return dict(naf=naf, activity=activity, products=products, names=names, **extra)


SECTORS: dict[str, dict] = {
    "plasturgie": {
        "weight": 10,
        "fields": {"plasturgie": 10},
        "processes": ["injection", "extrusion-soufflage", "thermoformage", "surmoulage"],
        "clients": [
            "les équipementiers automobiles",
            "les laboratoires pharmaceutiques",
            "les marques de cosmétique",
            "les fabricants d'électroménager",
        ],
        "hot_depts": ["01", "39", "69", "42", "71", "60", "27", "35", "49"],
        "niches": [
            _niche(
                ["22.29A"],
                ["fabrique des pièces techniques injectées", "injecte des pièces plastiques de précision"],
                ["pièces techniques injectées", "pièces surmoulées", "composants plastiques"],
                [
                    "Plastiques {du_dept}",
                    "Plasturgie {Adj_f}",
                    "Injection Plastique {Adj_f}",
                    "{sigle} Plastics",
                    "Techniplast {lieu}",
                    "{nom} Plasturgie",
                ],
            ),
            _niche(
                ["22.22Z", "22.29B"],
                ["produit des emballages plastiques rigides", "fabrique des flacons et des pots pour la cosmétique"],
                ["emballages cosmétiques", "flacons et bouchons", "pots et capsules"],
                ["Emballages {du_dept}", "{nom} Packaging", "Flaconnage {Adj_m}", "Polymères {de_lieu}"],
            ),
            _niche(
                ["22.19Z"],
                ["transforme le caoutchouc et les élastomères", "moule des joints et des pièces en élastomère"],
                ["joints en élastomère", "pièces en caoutchouc", "membranes techniques"],
                ["Caoutchouc {de_lieu}", "Élastomères {du_dept}", "{nom} Joints Industrie"],
                processes=["moulage par compression", "injection", "extrusion"],
            ),
            _niche(
                ["25.73A"],
                ["conçoit des moules d'injection et produit des pièces plastiques"],
                ["moules d'injection", "pièces plastiques", "outillages"],
                ["Moules {de_lieu}", "Moulages {de_lieu}", "Établissements {nom} Moulage", "{nom} Outillage"],
            ),
        ],
    },
    "mecanique": {
        "weight": 16,
        "fields": {"mecanique": 10},
        "processes": ["usinage", "tournage", "fraisage cinq axes", "rectification"],
        "clients": [
            "l'aéronautique et le médical",
            "les constructeurs de machines",
            "les équipementiers automobiles",
            "le ferroviaire et la défense",
        ],
        "hot_depts": ["74", "25", "42", "90", "71", "68", "69", "01", "31", "44"],
        "niches": [
            _niche(
                ["25.62B"],
                [
                    "usine des pièces mécaniques de précision",
                    "réalise des pièces unitaires et des petites séries usinées",
                ],
                ["pièces de précision", "pièces usinées", "arbres et axes"],
                [
                    "Mécanique Précision {Adj_f}",
                    "SAS Usinage {Adj_m}",
                    "{nom} Mécanique",
                    "Mécanique Générale {de_lieu}",
                    "Usinage {nom}",
                    "{sigle} Industrie",
                ],
            ),
            _niche(
                ["25.62A"],
                ["produit des pièces décolletées", "décollète des pièces de haute précision"],
                ["pièces décolletées", "visserie technique", "connecteurs usinés"],
                ["Décolletage {de_lieu}", "{nom} Décolletage", "Décolletage {Adj_m}", "{nom} et Fils"],
                processes=["décolletage", "tournage multibroche", "reprise d'usinage"],
            ),
            _niche(
                ["28.99B", "28.29B", "28.41Z"],
                ["conçoit et fabrique des machines spéciales", "construit des lignes automatisées sur mesure"],
                ["machines spéciales", "lignes d'assemblage", "postes automatisés"],
                [
                    "{sigle} Automation",
                    "Machines Spéciales {du_dept}",
                    "{nom} Ingénierie",
                    "Ateliers Mécaniques {du_dept}",
                ],
                processes=["assemblage", "câblage", "mise en service"],
            ),
            _niche(
                ["28.15Z"],
                ["fabrique des engrenages et des organes de transmission"],
                ["engrenages", "réducteurs", "arbres de transmission"],
                ["Engrenages {de_lieu}", "Transmissions {Adj_f}s", "{nom} Transmission"],
            ),
            _niche(
                ["25.73B", "25.50B"],
                [
                    "réalise des outillages de presse et des pièces découpées",
                    "découpe et emboutit des pièces métalliques",
                ],
                ["outillages de presse", "pièces embouties", "pièces découpées"],
                ["Découpage {de_lieu}", "Emboutissage {Adj_m}", "{nom} Outillage"],
                processes=["emboutissage", "découpage", "usinage"],
            ),
        ],
    },
    "metallurgie": {
        "weight": 7,
        "fields": {"mecanique": 7},
        "processes": ["soudage", "traitement thermique", "chaudronnerie", "parachèvement"],
        "clients": [
            "l'industrie lourde",
            "le bâtiment et les travaux publics",
            "le ferroviaire",
            "les fabricants d'engins agricoles",
        ],
        "hot_depts": ["57", "54", "59", "42", "71", "08", "52", "62", "38"],
        "niches": [
            _niche(
                ["24.51Z", "24.53Z"],
                ["coule des pièces en fonte et en aluminium"],
                ["pièces de fonderie", "carters en aluminium", "pièces en fonte"],
                ["Fonderie {de_lieu}", "Fonderies {du_dept}", "{nom} Fonderie"],
                processes=["fonderie", "moulage sable", "parachèvement"],
            ),
            _niche(
                ["25.50A"],
                ["forge des pièces en acier"],
                ["pièces forgées", "pièces matricées"],
                ["Forges {du_dept}", "Forges {de_lieu}", "{nom} Forge"],
                processes=["forge", "matriçage", "traitement thermique"],
            ),
            _niche(
                ["25.11Z"],
                ["fabrique des structures métalliques", "conçoit et monte des charpentes métalliques"],
                ["charpentes métalliques", "structures soudées", "passerelles"],
                ["{nom} Métallerie", "Chaudronnerie {Adj_f}", "{sigle} Métal", "Constructions Métalliques {de_lieu}"],
            ),
            _niche(
                ["25.61Z"],
                ["réalise des traitements de surface des métaux"],
                ["pièces traitées", "pièces anodisées", "revêtements"],
                ["Traitements de Surface {de_lieu}", "Galvanoplastie {Adj_f}", "{sigle} Surfaces"],
                processes=["anodisation", "traitement de surface", "peinture poudre"],
            ),
        ],
    },
    "aeronautique": {
        "weight": 7,
        "fields": {"aeronautique": 10, "mecanique": 3},
        "processes": ["usinage", "assemblage", "drapage composite", "traitement de surface"],
        "clients": ["les grands avionneurs", "les motoristes et leurs rangs 1", "les programmes civils et de défense"],
        "hot_depts": ["31", "33", "64", "65", "81", "82", "32", "44", "17", "76"],
        "niches": [
            _niche(
                ["30.30Z"],
                [
                    "fabrique des aérostructures et des pièces composites",
                    "produit des sous-ensembles pour les moteurs d'avion",
                ],
                ["pièces de structure", "aérostructures", "pièces composites", "pièces de moteur"],
                ["{sigle} Aéro", "Aérostructures {de_lieu}", "{nom} Aerospace", "Composites {du_dept}"],
            ),
            _niche(
                ["25.62B"],
                ["usine des pièces de précision pour l'aéronautique"],
                ["pièces usinées aéronautiques", "pièces de train d'atterrissage", "pièces en titane"],
                ["Aéromécanique {Adj_f}", "{nom} Aéro Industrie", "{sigle} Précision Aéro"],
            ),
            _niche(
                ["33.16Z"],
                ["assure la maintenance d'équipements aéronautiques"],
                ["équipements aéronautiques", "trains d'atterrissage", "équipements de cabine"],
                ["{sigle} Aéro Services", "Aéromaintenance {de_lieu}", "{nom} Aviation"],
                processes=["maintenance", "réparation", "contrôle non destructif"],
            ),
        ],
    },
    "agroalimentaire": {
        "weight": 12,
        "fields": {"agroalimentaire": 10},
        "processes": ["cuisson", "conditionnement", "pasteurisation", "surgélation"],
        "clients": [
            "la grande distribution",
            "la restauration collective",
            "les épiceries fines",
            "les marchés export",
        ],
        "hot_depts": ["29", "22", "56", "35", "50", "14", "39", "25", "15", "85", "62"],
        "niches": [
            _niche(
                ["10.51C"],
                ["affine des fromages au lait cru", "fabrique des fromages d'appellation"],
                ["fromages", "fromages affinés", "produits laitiers"],
                ["Fromagerie {de_lieu}", "Fromagerie {nom}", "Laiterie {Adj_f}"],
                processes=["affinage", "caillage", "conditionnement"],
            ),
            _niche(
                ["10.13A", "10.13B"],
                ["élabore des produits de charcuterie", "fabrique des salaisons sèches"],
                ["produits de charcuterie", "salaisons", "jambons secs"],
                ["Salaisons {du_dept}", "Charcuterie {nom}", "Maison {nom}"],
                processes=["séchage", "cuisson", "tranchage"],
            ),
            _niche(
                ["10.72Z", "10.71A"],
                ["fabrique des biscuits et des pâtisseries", "produit des gâteaux de voyage"],
                ["biscuits", "pâtisseries", "gâteaux"],
                ["Biscuiterie {nom}", "Biscuiterie {de_lieu}", "Délices {de_lieu}"],
                processes=["cuisson", "pétrissage", "conditionnement"],
            ),
            _niche(
                ["10.85Z"],
                ["cuisine des plats préparés"],
                ["plats cuisinés", "plats traiteur", "sauces"],
                ["{nom} Traiteur", "Cuisines {du_dept}", "Saveurs {de_lieu}"],
            ),
            _niche(
                ["10.39A", "10.32Z"],
                ["transforme des légumes de la région", "produit des jus et des conserves"],
                ["conserves de légumes", "jus de fruits", "légumes surgelés"],
                ["Conserverie {Adj_f}", "Conserverie {de_lieu}", "Vergers {du_dept}"],
            ),
            _niche(
                ["11.05Z"],
                ["brasse des bières artisanales"],
                ["bières", "bières artisanales", "boissons"],
                ["Brasserie {de_lieu}", "Brasserie {Adj_f}", "Brasserie {nom}"],
                processes=["brassage", "fermentation", "embouteillage"],
            ),
            _niche(
                ["10.82Z"],
                ["fabrique des chocolats et des confiseries"],
                ["chocolats", "confiseries", "bonbons"],
                ["Chocolaterie {nom}", "Confiserie {de_lieu}", "Maison {nom}"],
                processes=["enrobage", "moulage", "conditionnement"],
            ),
        ],
    },
    "chimie": {
        "weight": 7,
        "fields": {"chimie": 10},
        "processes": ["synthèse", "formulation", "distillation", "mélange"],
        "clients": ["le bâtiment", "l'industrie pharmaceutique", "l'industrie automobile", "les collectivités"],
        "hot_depts": ["69", "38", "76", "13", "64", "68", "60", "59"],
        "niches": [
            _niche(
                ["20.30Z"],
                ["formule des peintures et des revêtements industriels"],
                ["peintures industrielles", "vernis", "revêtements"],
                ["Peintures {de_lieu}", "{nom} Revêtements", "Peintures {Adj_f}s"],
            ),
            _niche(
                ["20.52Z"],
                ["fabrique des colles et des mastics"],
                ["colles et mastics", "adhésifs", "résines"],
                ["Colles {du_dept}", "{sigle} Adhésifs", "Résines {Adj_f}s"],
            ),
            _niche(
                ["20.14Z", "20.59Z"],
                ["synthétise des produits de chimie fine"],
                ["intermédiaires de synthèse", "principes actifs", "additifs"],
                ["Chimie {du_dept}", "{nom} Chimie", "{sigle} Chemicals", "Synthèse {Adj_f}"],
            ),
            _niche(
                ["20.41Z"],
                ["produit des détergents professionnels"],
                ["détergents", "produits d'entretien", "désinfectants"],
                ["Laboratoires {nom}", "{sigle} Hygiène", "Détergents {de_lieu}"],
            ),
        ],
    },
    "textile": {
        "weight": 5,
        "fields": {"textile": 10},
        "processes": ["tissage", "tricotage", "enduction", "teinture"],
        "clients": ["les marques de sport", "l'industrie", "le secteur médical", "les donneurs d'ordre de la défense"],
        "hot_depts": ["59", "88", "69", "42", "81", "68", "49"],
        "niches": [
            _niche(
                ["13.20Z", "13.96Z"],
                ["tisse des textiles techniques"],
                ["textiles techniques", "tissus enduits", "sangles et rubans"],
                ["Tissages {de_lieu}", "Textiles {du_dept}", "{sigle} Textiles Techniques"],
            ),
            _niche(
                ["13.91Z"],
                ["tricote des étoffes à mailles"],
                ["étoffes à mailles", "tricots techniques"],
                ["Tricotage {de_lieu}", "{nom} Textile", "Mailles {Adj_f}s"],
            ),
            _niche(
                ["14.12Z"],
                ["confectionne des vêtements de travail"],
                ["vêtements de protection", "vêtements de travail"],
                ["{nom} Confection", "Confection {Adj_f}", "Ateliers {de_lieu}"],
            ),
            _niche(
                ["13.30Z"],
                ["teint et apprête des tissus"],
                ["tissus teints", "étoffes apprêtées"],
                ["Teinturerie {de_lieu}", "Ennoblissement {Adj_m}", "Filature {Adj_f}"],
            ),
        ],
    },
    "bois": {
        "weight": 6,
        "fields": {"bois": 10},
        "processes": ["usinage bois", "séchage", "finition", "assemblage"],
        "clients": [
            "les particuliers et les architectes",
            "les constructeurs de maisons",
            "les enseignes d'ameublement",
            "les industriels",
        ],
        "hot_depts": ["88", "39", "25", "40", "24", "85", "49", "70", "23", "19"],
        "niches": [
            _niche(
                ["31.01Z", "31.02Z", "31.09B"],
                ["fabrique des meubles et réalise de l'agencement"],
                ["meubles de cuisine", "éléments d'agencement", "meubles de bureau"],
                ["Meubles {nom}", "Ébénisterie {Adj_f}", "{sigle} Agencement", "Menuiserie {de_lieu}"],
            ),
            _niche(
                ["16.23Z"],
                ["construit des charpentes et des maisons à ossature bois"],
                ["charpentes", "maisons à ossature bois", "menuiseries"],
                ["Charpentes {de_lieu}", "{nom} Construction Bois", "Bois {du_dept}"],
            ),
            _niche(
                ["16.10A", "16.21Z"],
                ["scie et transforme des bois de la région"],
                ["panneaux de bois", "bois de charpente", "sciages"],
                ["Scierie {nom}", "Scierie {de_lieu}", "Bois {du_dept}"],
                processes=["sciage", "séchage", "rabotage"],
            ),
            _niche(
                ["16.24Z"],
                ["fabrique des emballages en bois"],
                ["palettes et caisses", "emballages bois"],
                ["Palettes {de_lieu}", "{nom} Emballages Bois"],
            ),
        ],
    },
    "electronique": {
        "weight": 8,
        "fields": {"electronique": 10, "industrie40": 3},
        "processes": ["report CMS", "câblage", "test", "intégration"],
        "clients": ["l'industrie", "le ferroviaire", "le médical", "les acteurs de l'énergie"],
        "hot_depts": ["35", "38", "31", "49", "37", "13", "67", "22", "63"],
        "niches": [
            _niche(
                ["26.12Z", "26.11Z"],
                ["conçoit et assemble des cartes électroniques"],
                ["cartes électroniques", "modules électroniques"],
                ["{sigle} Électronique", "Électronique {du_dept}", "{nom} Systems"],
            ),
            _niche(
                ["26.51B"],
                ["développe des capteurs et de l'instrumentation"],
                ["capteurs", "équipements de mesure", "débitmètres"],
                ["Capteurs {de_lieu}", "{sigle} Instruments", "{nom} Mesure"],
            ),
            _niche(
                ["27.12Z", "27.90Z", "27.33Z"],
                ["fabrique des équipements électriques", "intègre des armoires de commande industrielles"],
                ["armoires électriques", "convertisseurs de puissance", "tableaux électriques"],
                ["{sigle} Électrotechnique", "Électrique {Adj_f}", "{nom} Électricité Industrielle"],
            ),
        ],
    },
    "energie": {
        "weight": 5,
        "fields": {"energie": 10, "environnement": 6},
        "processes": ["méthanisation", "recyclage", "production d'électricité", "valorisation énergétique"],
        "clients": ["les industriels", "les collectivités", "les agriculteurs", "les bailleurs sociaux"],
        "hot_depts": ["26", "07", "40", "11", "66", "38", "59", "62", "44"],
        "niches": [
            _niche(
                ["35.11Z"],
                ["exploite des installations d'énergie renouvelable"],
                ["installations photovoltaïques", "centrales hydroélectriques"],
                ["Énergies {du_dept}", "{sigle} Énergie", "Solaire {de_lieu}"],
            ),
            _niche(
                ["35.30Z"],
                ["conçoit et exploite des réseaux de chaleur"],
                ["réseaux de chaleur", "chaufferies biomasse"],
                ["Biomasse {Adj_f}", "Chaleur {du_dept}", "{sigle} Thermique"],
            ),
            _niche(
                ["38.21Z", "38.32Z"],
                ["valorise les déchets industriels", "recycle les métaux et les plastiques"],
                ["matières recyclées", "combustibles solides de récupération", "granulés recyclés"],
                ["Recyclage {de_lieu}", "{nom} Environnement", "{sigle} Recyclage"],
                processes=["tri", "recyclage", "broyage"],
            ),
            _niche(
                ["27.11Z", "33.20D"],
                ["fabrique des équipements pour la transition énergétique"],
                ["bornes de recharge", "pompes à chaleur", "onduleurs"],
                ["{sigle} Énergie", "{nom} Énergies Nouvelles", "Énergies {du_dept}"],
                processes=["assemblage", "test", "mise en service"],
            ),
        ],
    },
    "logistique": {
        "weight": 4,
        "fields": {"logistique": 12},
        "processes": ["préparation de commandes", "entreposage", "transport"],
        "clients": ["les industriels de la région", "les distributeurs", "les sites de production"],
        "hot_depts": ["45", "69", "59", "13", "77", "51", "21", "71"],
        "niches": [
            _niche(
                ["52.10B", "52.29B"],
                ["gère des entrepôts pour l'industrie"],
                ["palettes", "commandes clients", "pièces de rechange"],
                ["Entrepôts {de_lieu}", "Logistique {du_dept}", "{sigle} Logistics"],
            ),
            _niche(
                ["49.41A"],
                ["assure le transport de marchandises industrielles"],
                ["lots complets", "marchandises industrielles"],
                ["Transports {nom}", "Transports {du_dept}", "{nom} Logistique"],
            ),
            _niche(
                ["46.69B"],
                ["distribue des fournitures industrielles"],
                ["fournitures industrielles", "roulements et outillage"],
                ["{nom} Distribution Industrielle", "{sigle} Fournitures", "Comptoir Industriel {du_dept}"],
            ),
        ],
    },
    "automobile": {
        "weight": 7,
        "fields": {"mecanique": 6, "bureau_etudes": 5},
        "processes": ["assemblage", "soudage robotisé", "peinture", "emboutissage"],
        "clients": [
            "les constructeurs automobiles",
            "les exploitants ferroviaires",
            "les coopératives agricoles",
            "les loueurs de matériel",
        ],
        "hot_depts": ["25", "90", "59", "57", "72", "35", "53", "49", "02", "80"],
        "niches": [
            _niche(
                ["29.32Z", "29.31Z"],
                ["fabrique des équipements pour l'automobile"],
                ["équipements automobiles", "faisceaux", "sièges"],
                ["{nom} Équipements", "{sigle} Automotive", "Équipementier {Adj_m}"],
            ),
            _niche(
                ["29.20Z"],
                ["construit des remorques et des carrosseries"],
                ["remorques", "carrosseries", "semi-remorques"],
                ["Remorques {du_dept}", "Carrosserie {nom}", "Constructions {nom}"],
            ),
            _niche(
                ["30.20Z"],
                ["construit du matériel ferroviaire"],
                ["composants ferroviaires", "bogies", "aménagements de voitures"],
                ["{sigle} Rail", "Ferroviaire {Adj_m}", "Ateliers {de_lieu}"],
            ),
            _niche(
                ["28.30Z", "28.22Z"],
                ["conçoit des machines agricoles et de manutention"],
                ["machines agricoles", "chariots de manutention", "matériels de levage"],
                ["Machinisme {Adj_m}", "{nom} Agri", "Constructions {nom}"],
            ),
        ],
    },
}


def sector_fields(sector_key: str, transversal: dict[str, int]) -> list[tuple[str, int]]:
    """The (field, weight) pairs of a sector's offers: its own fields, then the transversal ones."""
    own = SECTORS[sector_key]["fields"]
    weights = dict(transversal)
    for key, weight in own.items():
        weights[key] = weights.get(key, 0) + weight * 9 // 2  # ~40 % of offers in the sector's own fields
    return sorted(weights.items())
