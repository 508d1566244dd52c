"""vte.occupations: the shipped ROME referential, the mapping of texts onto its codes, the signals
comparing two distributions, and title cleaning. Pure: no Flask, no database; the encoder is the
deterministic FakeEncoder, so the assertions hold through the lexical part of the mapping."""

from __future__ import annotations

import csv
import gzip

import numpy as np
import pytest
from scipy import sparse

from vte import occupations
from vte.embeddings import FakeEncoder
from vte.occupations import (
    NAMED_WEIGHT,
    SIGNALS,
    SOFT_POWER,
    CodeSimilarity,
    NamedTitles,
    OccupationMapper,
    RomeReferential,
    SkillCodes,
    appellation_forms,
    appellation_texts,
    clean_title,
    folded_key,
    occupation_cosine,
    occupation_signals,
    overlap,
    prepare,
    prepared_signals,
    same_broad_domain,
    same_code,
    same_domain,
    same_metier,
    short_label,
    title_key,
    with_evidence,
)


@pytest.fixture(scope="module")
def rome() -> RomeReferential:
    return RomeReferential.load()


@pytest.fixture(scope="module")
def encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture(scope="module")
def mapper(rome, encoder) -> OccupationMapper:
    return OccupationMapper(rome, encoder.encode(appellation_texts(rome), "query"))


def map_titles(mapper, encoder, titles, **options):
    return mapper.distributions(encoder.encode(titles, "query"), titles, **options)


def mass(rome, row, prefix: str) -> float:
    """The weight of a distribution row on the codes starting with `prefix`."""
    dense = row.toarray().ravel()
    return float(sum(w for code, w in zip(rome.codes, dense, strict=True) if code.startswith(prefix)))


# --- The referential ------------------------------------------------------------------------------


def test_the_shipped_referential(rome):
    assert len(rome) == len(rome.codes) == 1584
    assert len(rome.appellation_labels) == len(rome.appellation_code) == len(rome.appellation_ids) == 13120
    assert len(rome.metiers) == 532
    assert len(rome.domains) == 110 and len(rome.broad_domains) == 14
    i = rome.code_index["H1528"]
    assert rome.labels[i] == "Technicien / Technicienne qualité en industrie"
    assert rome.metiers[rome.metier_of[i]] == "H1502"
    assert rome.domains[rome.domain_of[i]] == "H15" and rome.broad_domains[rome.broad_domain_of[i]] == "H"
    j = rome.appellation_labels.index("Technicien / Technicienne de maintenance industrielle")
    assert rome.codes[rome.appellation_code[j]] == "I1304"
    # Every métier is itself a code, and its own parent.
    assert all(rome.metiers[rome.metier_of[rome.code_index[m]]] == m for m in rome.metiers)


def test_the_referential_is_loaded_once_per_folder(rome):
    assert RomeReferential.load() is rome
    assert RomeReferential.load(occupations.DATA) is rome


def test_aggregation_matrices(rome):
    for level, size in (("code", 1584), ("metier", 532), ("domain", 110), ("broad_domain", 14)):
        matrix = rome.aggregation[level]
        assert matrix.shape == (1584, size)
        assert np.all(np.asarray(matrix.sum(axis=1)).ravel() == 1)


def test_a_small_referential_from_a_folder(tmp_path):
    with (tmp_path / "rome_codes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "label", "parent"])
        writer.writerows([("H1502", "Responsable qualité", "H1502"), ("H1528", "Technicien qualité", "H1502")])
        writer.writerow(("M1204", "Contrôleur / Contrôleuse de gestion", "M1204"))
    with gzip.open(tmp_path / "rome_appellations.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code_ogr", "label", "code"])
        writer.writerows([(1, "Technicien qualité", "H1528"), (2, "Contrôleur de gestion", "M1204")])
        writer.writerow((3, "Qualiticien", "H1528"))
    small = RomeReferential.load(tmp_path)
    assert small.codes == ["H1502", "H1528", "M1204"] and small.metiers == ["H1502", "M1204"]
    assert small.domains == ["H15", "M12"] and small.broad_domains == ["H", "M"]
    assert small.appellation_code.tolist() == [1, 2, 1]
    assert RomeReferential.load(str(tmp_path)) is small


# --- Mapping texts onto codes --------------------------------------------------------------------


def test_distributions_are_sparse_rows_summing_to_one(rome, mapper, encoder):
    titles = ["Technicien de maintenance industrielle", "Data scientist", "Comptable", "Soudeur"]
    dist = map_titles(mapper, encoder, titles)
    assert sparse.isspmatrix_csr(dist) and dist.shape == (4, 1584) and dist.dtype == np.float32
    assert np.asarray(dist.sum(axis=1)).ravel() == pytest.approx([1, 1, 1, 1], abs=1e-5)
    assert dist.min() >= 0 and max(dist.getnnz(axis=1)) <= 10
    assert map_titles(mapper, encoder, titles, k=1).getnnz(axis=1).tolist() == [1, 1, 1, 1]


def test_maintenance_industrielle_is_not_maintenance_informatique(rome, mapper, encoder):
    industrial, it = map_titles(mapper, encoder, ["Technicien de maintenance industrielle", "Technicien informatique"])
    assert rome.top_occupations(industrial, 1)[0][:2] == ("I1304", "Technicien de maintenance industrielle")
    assert mass(rome, industrial, "I13") > 0.95  # maintenance industrielle (I1304, I1310 …)
    top_it = [code for code, _, _ in rome.top_occupations(it, 3)]
    assert top_it[0] == "M1810" and not any(code.startswith("I13") for code in top_it)
    assert same_domain(industrial, it, rome)[0, 0] < 0.05


def test_controle_qualite_is_not_controle_de_gestion(rome, mapper, encoder):
    management, quality = map_titles(mapper, encoder, ["Contrôleur de gestion", "Technicien contrôle qualité"])
    assert rome.top_occupations(management, 1)[0][0] == "M1204"
    assert mass(rome, management, "M1204") > 0.99
    assert rome.top_occupations(quality, 1)[0][0] == "H1528"
    assert mass(rome, quality, "H15") > 0.95
    assert same_domain(management, quality, rome)[0, 0] == 0


def test_the_lexical_part_decides_when_the_embedding_cannot(rome):
    """All appellation vectors equal: only the TF-IDF overlap with the labels ranks them."""
    flat = np.zeros((len(rome.appellation_labels), 8), dtype=np.float32)
    flat[:, 0] = 1
    mapper = OccupationMapper(rome, flat)
    titles = ["Contrôleur de gestion", "Technicien contrôle qualité", "Data scientist"]
    query = np.tile(flat[:1], (3, 1))
    management, quality, data = mapper.distributions(query, titles)
    assert rome.top_occupations(management, 1)[0][0] == "M1204"
    assert rome.top_occupations(quality, 1)[0][0].startswith("H15") and mass(rome, quality, "H15") > 0.75
    assert mass(rome, quality, "M12") == 0
    assert rome.top_occupations(data, 1)[0][0] == "M1405"
    # Without the lexical part every appellation ties: nothing tells the titles apart.
    alone = mapper.distributions(query, titles, lexical_weight=0)
    assert (alone[0] != alone[1]).nnz == 0


def test_blank_texts_and_zero_vectors_map_to_no_occupation(mapper, encoder):
    vectors = encoder.encode(["Soudeur", "Soudeur", "x"], "query")
    vectors[2] = 0
    dist = mapper.distributions(vectors, ["Soudeur", "  ", "x"])
    assert np.asarray(dist.sum(axis=1)).ravel() == pytest.approx([1, 0, 0], abs=1e-5)
    assert mapper.distributions(np.zeros((0, vectors.shape[1])), []).shape == (0, 1584)


def test_chunks_give_the_same_rows_as_one_by_one(mapper, encoder, monkeypatch):
    titles = ["Soudeur", "Comptable fournisseurs", "Chargé de communication", "Mécanicien poids lourds", "Boulanger"]
    vectors = encoder.encode(titles, "query")
    together = mapper.distributions(vectors, titles)
    monkeypatch.setattr(occupations, "CHUNK", 2)
    assert abs(mapper.distributions(vectors, titles) - together).max() < 1e-6
    for i, title in enumerate(titles):
        assert abs(mapper.distributions(vectors[i], [title]) - together[i]).max() < 1e-6


def test_embedding_only_and_bad_shapes(rome, mapper, encoder):
    vectors = encoder.encode(["Data scientist"], "query")
    assert rome.top_occupations(mapper.distributions(vectors), 1)[0][0] == "M1405"
    with pytest.raises(ValueError):
        mapper.distributions(vectors, ["a", "b"])
    with pytest.raises(ValueError):
        OccupationMapper(rome, np.zeros((3, 8), dtype=np.float32))


def test_top_occupations(rome):
    row = one_hot(rome, {"H1528": 0.7, "M1204": 0.2, "I1304": 0.1})
    assert rome.top_occupations(row, 2) == [
        ("H1528", "Technicien qualité en industrie", pytest.approx(0.7)),
        ("M1204", "Contrôleur de gestion", pytest.approx(0.2)),
    ]
    assert rome.top_occupations(row.toarray()[0], 5)[-1][0] == "I1304"  # a dense row works too
    assert len(rome.top_occupations(row, 5)) == 3  # zero weights left out
    assert rome.top_occupations(sparse.csr_matrix((1, 1584)), 3) == []


def test_short_label():
    assert short_label("Technicien / Technicienne de maintenance industrielle") == (
        "Technicien de maintenance industrielle"
    )
    assert short_label("Chef / Cheffe de projet contrôle qualité") == "Chef de projet contrôle qualité"
    assert short_label("Accastilleur-gréeur / Accastilleuse-gréeuse") == "Accastilleur-gréeur"
    assert short_label("Data scientist") == "Data scientist"


# --- Signals on hand-made distributions ----------------------------------------------------------


def one_hot(rome, weights: dict[str, float]) -> sparse.csr_matrix:
    row = np.zeros(len(rome), dtype=np.float32)
    for code, weight in weights.items():
        row[rome.code_index[code]] = weight
    return sparse.csr_matrix(row)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        # (code, metier, domain, broad domain)
        ("H1528", (1, 1, 1, 1)),  # the same code
        ("H1521", (0, 1, 1, 1)),  # another sub-fiche of the métier H1502
        ("H1503", (0, 0, 1, 1)),  # same domaine professionnel H15, another métier
        ("H1204", (0, 0, 0, 1)),  # same grand domaine H (industry)
        ("M1204", (0, 0, 0, 0)),  # contrôle de gestion
    ],
)
def test_signals_at_each_level(rome, other, expected):
    quality, offer = one_hot(rome, {"H1528": 1}), one_hot(rome, {other: 1})
    got = (
        same_code(quality, offer),
        same_metier(quality, offer, rome),
        same_domain(quality, offer, rome),
        same_broad_domain(quality, offer, rome),
    )
    assert [float(g[0, 0]) for g in got] == pytest.approx(expected)
    assert float(occupation_cosine(quality, offer)[0, 0]) == pytest.approx(expected[0])


def test_signals_on_mixed_distributions(rome):
    student = one_hot(rome, {"H1528": 0.5, "M1204": 0.5})
    offer = one_hot(rome, {"H1521": 0.8, "H1503": 0.2})
    signals = occupation_signals(student, offer, rome)
    assert float(signals["same_code"][0, 0]) == 0
    assert float(signals["same_metier"][0, 0]) == pytest.approx(0.5 * 0.8)
    assert float(signals["same_domain"][0, 0]) == pytest.approx(0.5 * 1.0)
    assert float(signals["same_broad_domain"][0, 0]) == pytest.approx(0.5)
    assert float(signals["occupation_cosine"][0, 0]) == 0
    same = occupation_cosine(student, one_hot(rome, {"H1528": 0.3, "M1204": 0.3}))
    assert float(same[0, 0]) == pytest.approx(1)


def test_one_student_against_many_offers(rome):
    offers = sparse.vstack(
        [one_hot(rome, {"H1528": 1}), one_hot(rome, {"H1503": 1}), sparse.csr_matrix((1, 1584))], format="csr"
    )
    student_row = one_hot(rome, {"H1528": 1}).toarray()[0]  # 1-D: one text
    assert same_code(student_row, offers).tolist() == [1, 0, 0]
    assert same_domain(student_row, offers, rome).tolist() == [1, 1, 0]
    assert occupation_cosine(student_row, offers).tolist() == [1, 0, 0]  # an empty row: 0, not NaN
    assert same_metier(offers, student_row, rome).tolist() == [1, 0, 0]
    assert float(same_code(student_row, student_row)) == 1
    assert same_code(offers, offers).shape == (3, 3)


def test_precomputed_levels_give_the_same_signal(rome):
    rng = np.random.default_rng(0)
    students = sparse.random(3, 1584, density=0.01, random_state=rng, format="csr", dtype=np.float32)
    offers = sparse.random(50, 1584, density=0.01, random_state=rng, format="csr", dtype=np.float32)
    for level, signal in (("metier", same_metier), ("domain", same_domain), ("broad_domain", same_broad_domain)):
        precomputed = overlap(rome.aggregate(students, level), rome.aggregate(offers, level))
        assert precomputed == pytest.approx(signal(students, offers, rome), rel=1e-5)
    offer_side = prepare(offers, rome)  # what an index keeps for its offers
    both = prepared_signals(prepare(students, rome), offer_side)
    direct = occupation_signals(students, offers, rome)
    assert set(both) == set(direct) == set(SIGNALS)
    for name in SIGNALS:
        assert both[name].shape == (3, 50) and both[name] == pytest.approx(direct[name], rel=1e-5)
    assert both["occupation_cosine"] == pytest.approx(occupation_cosine(students, offers), rel=1e-5)


def similarity_of(rome, pairs: dict[tuple[str, str], float]) -> CodeSimilarity:
    """Every code alike only to itself, except the given pairs."""
    matrix = np.eye(len(rome), dtype=np.float32)
    for (a, b), value in pairs.items():
        i, j = rome.code_index[a], rome.code_index[b]
        matrix[i, j] = matrix[j, i] = value
    return CodeSimilarity(matrix)


def test_the_soft_cosine_counts_neighbouring_codes_that_rome_files_apart(rome):
    # « Ingénieur énergies renouvelables » (H1237, under H1206) and « Chef de projet éolien »
    # (F1136, under F1106): no code, métier or domain in common.
    similarity = similarity_of(rome, {("H1237", "F1136"): 0.8})
    student = one_hot(rome, {"H1237": 1})
    offers = sparse.vstack(
        [
            one_hot(rome, {"F1136": 1}),
            one_hot(rome, {"H1237": 0.5}),
            one_hot(rome, {"M1204": 1}),
            sparse.csr_matrix((1, len(rome))),
        ],
        format="csr",
    )
    signals = occupation_signals(student, offers, rome, similarity)
    assert signals["same_domain"][0].tolist() == [0, 0.5, 0, 0]
    assert signals["occupation_cosine"][0].tolist() == pytest.approx([0, 1, 0, 0])
    assert signals["occupation_soft"][0].tolist() == pytest.approx([0.8, 1, 0, 0])  # empty row: 0, not NaN
    # A distribution shared between the two neighbours is nearer to either than they are to each other.
    both = occupation_signals(student, one_hot(rome, {"H1237": 0.5, "F1136": 0.5}), rome, similarity)
    assert 0.8 < float(both["occupation_soft"][0, 0]) < 1
    # Without a similarity, codes are alike only to themselves: the soft cosine is the cosine.
    plain = occupation_signals(student, offers, rome)
    assert plain["occupation_soft"] == pytest.approx(plain["occupation_cosine"])


def test_prepared_soft_cosine_is_the_one_computed_directly(rome):
    rng = np.random.default_rng(1)
    centroids = rng.normal(size=(len(rome), 8)).astype(np.float32)
    similarity = CodeSimilarity(np.clip(centroids @ centroids.T / 8, 0, None) ** 2 + np.eye(len(rome)))
    students = sparse.random(3, len(rome), density=0.01, random_state=rng, format="csr", dtype=np.float32)
    offers = sparse.random(40, len(rome), density=0.01, random_state=rng, format="csr", dtype=np.float32)
    s, p, q = similarity.matrix.astype(np.float64), students.toarray(), offers.toarray()
    expected = (p @ s @ q.T) / np.sqrt(np.einsum("ij,jk,ik->i", p, s, p))[:, None]
    expected /= np.sqrt(np.einsum("ij,jk,ik->i", q, s, q))[None, :]
    # What an index keeps for its offers, and the side of one student compared with them.
    prepared = prepared_signals(prepare(students, rome, similarity, one=True), prepare(offers, rome, similarity))
    assert prepared["occupation_soft"] == pytest.approx(expected, rel=1e-4)


def test_code_similarity_from_the_appellations(rome, mapper):
    similarity = mapper.code_similarity
    matrix = similarity.matrix.astype(np.float64)
    assert matrix.shape == (len(rome), len(rome)) and similarity.nbytes == matrix.size * 4
    assert np.allclose(matrix, matrix.T, atol=1e-6)
    assert matrix.min() >= 0 and np.allclose(np.diag(matrix), 1, atol=1e-5)  # every code has appellations
    # A Gram matrix raised elementwise to a power: positive semi-definite, so the soft cosine is a cosine.
    assert np.linalg.eigvalsh(matrix).min() > -1e-3
    # Two codes named by the same vectors are alike; orthogonal ones are not; the power sharpens.
    vectors = np.zeros((len(rome.appellation_labels), 3), dtype=np.float32)
    code = np.asarray(rome.appellation_code)
    h1237, f1136, m1204 = (rome.code_index[c] for c in ("H1237", "F1136", "M1204"))
    vectors[:, 2] = 1.0
    vectors[code == h1237] = [1, 0, 0]
    vectors[code == f1136] = [1, 0, 0]
    vectors[code == m1204] = [np.sqrt(0.5), np.sqrt(0.5), 0]
    built = CodeSimilarity.from_appellations(rome, vectors).matrix
    assert built[h1237, f1136] == pytest.approx(1)
    assert built[h1237, m1204] == pytest.approx(0.5 ** (SOFT_POWER / 2), abs=1e-6)
    assert built[h1237, rome.code_index["H1528"]] == pytest.approx(0, abs=1e-7)


# --- Titles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("Alternance – Technicien(ne) de maintenance industrielle (H/F)", "Technicien de maintenance industrielle"),
        ("Contrôleur de gestion (CDD 12 mois)", "Contrôleur de gestion"),
        ("Chargé(e) de communication - Alternance", "Chargé de communication"),
        ("VTE – Ingénieur méthodes (F/H)", "Ingénieur méthodes"),
        ("apprenti(e) technicien qualité", "Technicien qualité"),
        ("Développeur embarqué C++ (télétravail partiel)", "Développeur embarqué C++"),
        ("Data scientist", "Data scientist"),
        ("", ""),
    ],
)
def test_clean_title(title, clean):
    assert clean_title(title) == clean


# --- Job titles named literally --------------------------------------------------------------------


@pytest.fixture(scope="module")
def named(rome) -> NamedTitles:
    return NamedTitles(rome)


def test_title_key_drops_case_accents_gender_endings_and_contract_words():
    assert title_key("Alternance – Ingénieur(e) qualité (H/F)") == "ingenieur qualite"
    assert title_key("Technico-commercial d'usine") == "technico commercial d usine"


@pytest.mark.parametrize(
    ("label", "forms"),
    [
        (
            "Attaché commercial / Attachée commerciale export",
            ["attache commercial export", "attachee commerciale export"],
        ),
        ("Ingénieur / Ingénieure qualité", ["ingenieur qualite", "ingenieure qualite"]),
        (
            "Ingénieur(e) RD énergies renouvelables",
            ["ingenieur rd energies renouvelables", "ingenieure rd energies renouvelables"],
        ),
        ("Data scientist", ["data scientist"]),
    ],
)
def test_appellation_forms_are_both_grammatical_genders(label, forms):
    assert appellation_forms(label) == forms


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Je cherche un poste d'ingénieure qualité dans l'industrie.", "H1520"),
        ("Je souhaite devenir attaché commercial export dans une PME industrielle.", "D1433"),
        ("Mon objectif : DATA SCIENTIST, en CDI.", "M1405"),
    ],
)
def test_a_text_naming_a_rome_job_title_finds_its_code(rome, named, text, code):
    assert [rome.codes[j] for j in named.in_text(text)] == [code]


def test_the_longest_title_named_wins_and_one_word_or_none_finds_nothing(rome, named):
    # « ingénieur qualité » is named too, but « attaché commercial export » is longer
    assert [rome.codes[j] for j in named.in_text("Ingénieur qualité ? non : attaché commercial export")] == ["D1433"]
    assert named.in_text("Je cherche un poste de commercial.") == []  # one word: too vague
    assert named.in_text("J'aime la randonnée et les échecs.") == []
    assert named.in_text("") == [] and named.in_text(None) == []


def test_blend_gives_the_named_code_its_share_and_leaves_other_rows_alone(rome, named):
    quality, maintenance = rome.code_index["H1520"], rome.code_index["I1304"]
    rows = np.zeros((3, len(rome)), dtype=np.float32)
    rows[0, maintenance] = 1.0
    rows[1, maintenance] = 1.0
    out = named.blend(sparse.csr_matrix(rows), [[quality], [], [quality]]).toarray()
    assert out[0, quality] == pytest.approx(NAMED_WEIGHT)
    assert out[0, maintenance] == pytest.approx(1 - NAMED_WEIGHT)
    assert out[0].sum() == pytest.approx(1.0)
    assert out[1, maintenance] == 1.0 and out[1].sum() == 1.0  # no title named: unchanged
    assert out[2, quality] == pytest.approx(1.0)  # no distribution (blank text): the title alone


# --- Skills named by the referential ---------------------------------------------------------------


@pytest.fixture(scope="module")
def skill_codes(rome) -> SkillCodes:
    return SkillCodes.load(rome)


def heaviest(rome, row) -> str:
    dense = row.toarray().ravel()
    return rome.codes[int(dense.argmax())]


def test_skills_of_one_fiche_name_its_code_whatever_the_title(rome, skill_codes):
    # Two referential skills shared by several fiches; the one fiche both belong to wins: an
    # offer titled « Chef de projet photovoltaïque » asking for them is a renewable-energy engineer.
    skills = [
        "Analyser les données de production pour améliorer les rendements",
        "Etudier la faisabilité d'un projet",
        "photovoltaïque",  # not a referential label: no evidence
    ]
    row = skill_codes.distributions([skills])
    assert heaviest(rome, row) == "H1237"  # Ingénieur / Ingénieure énergies renouvelables
    assert row.sum() == pytest.approx(1.0)
    assert skill_codes.named(skills) == [folded_key(s) for s in skills[:2]]


def test_a_skill_of_one_fiche_weighs_more_than_a_skill_of_many(rome, skill_codes):
    row = skill_codes.distributions([["Connaissance des marchés étrangers", "Prospection commerciale"]]).toarray()[0]
    export = row[rome.code_index["D1433"]]  # named by both skills
    assistant = row[rome.code_index["D1401"]]  # by the first one only (2 fiches)
    vendor = row[rome.code_index["D1404"]]  # by the second one only (13 fiches)
    assert export > assistant > vendor > 0


def test_skill_labels_match_whatever_case_accents_and_punctuation(rome, skill_codes):
    official = skill_codes.distributions([["Connaissance des marchés étrangers"]]).toarray()
    typed = skill_codes.distributions([["  CONNAISSANCE des marches  etrangers. "]]).toarray()
    assert np.array_equal(official, typed) and official.sum() == pytest.approx(1.0)


def test_tools_free_wording_and_empty_lists_are_no_evidence(skill_codes):
    rows = skill_codes.distributions([["SolidWorks", "esprit d'équipe"], [], None])
    assert rows.shape[0] == 3 and rows.nnz == 0


def test_evidence_takes_its_share_only_where_there_is_some(rome):
    quality, maintenance = rome.code_index["H1520"], rome.code_index["I1304"]
    texts = np.zeros((3, len(rome)), dtype=np.float32)
    texts[0, maintenance] = texts[1, maintenance] = 1.0
    evidence = np.zeros_like(texts)
    evidence[0, quality] = evidence[2, quality] = 1.0
    out = with_evidence(sparse.csr_matrix(texts), sparse.csr_matrix(evidence), 0.25).toarray()
    assert out[0, quality] == pytest.approx(0.25) and out[0, maintenance] == pytest.approx(0.75)
    assert out[1, maintenance] == 1.0 and out[1].sum() == pytest.approx(1.0)  # no evidence: unchanged
    assert out[2, quality] == pytest.approx(1.0)  # no text distribution: the evidence alone


def test_the_shipped_skill_table_names_codes_of_the_referential(rome):
    with gzip.open(occupations.DATA / occupations.SKILLS_FILE, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 20_000
    assert all(code in rome.code_index for row in rows[:500] for code in row["codes"].split())
