"""`offers.jsonl` (formats.md, « Offer »): validation, companies upserted by SIREN, offers upserted
by (source, id).

- An offer's `location` defaults to its company's.
- A new offer is published (`published_at` defaults to the import day); an offer already imported
  keeps its status (a company may have closed it) and, when the line has no `published_at`, its
  publication date. Expiry is not turned into a status: the ranking filters on `expires_at`.
- When several lines carry the same SIREN, the company gets the values of the last one.
- A NAF code must exist in the `naf` table; while that table is empty (reference data not loaded)
  the code is only checked for its form and is not stored (a warning says so).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from ..eligibility import CONTRACT_NAMES, mission_duration_problem, rule_set_on, rules_for_config
from ..embedding_sync import embed_offers
from ..index import record_change
from ..models import Company, Naf, Offer
from ..siren import normalise_siren, siren_error
from ..text import clean_skills
from ..vocab import WORK_STUDY_CONTRACTS, ContractType, OfferStatus, Remote
from .common import Importer, assign, chunks
from .fields import Record
from .places import LocationCache

OFFER_KEYS = (
    "id",
    "company",
    "title",
    "description",
    "skills",
    "contract_type",
    "duration_months",
    "start_date",
    "location",
    "remote",
    "level_min",
    "green",
    "salary_min",
    "salary_max",
    "published_at",
    "expires_at",
)
OFFER_REQUIRED = ("id", "company", "title", "description", "contract_type")
COMPANY_KEYS = ("siren", "name", "naf", "headcount", "location")
COMPANY_REQUIRED = ("siren", "name", "location")
NAF_RE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")
MAX_DURATION_MONTHS = 120
MAX_SALARY = 1_000_000
MAX_CONFLICT_WARNINGS = 20


class OfferImporter(Importer):
    kind = "offers"
    allowed = OFFER_KEYS
    required = OFFER_REQUIRED

    def prepare(self, parsed):
        self.locations = LocationCache(self.session)
        places = []
        for _, data in parsed:
            places.append(data.get("location"))
            if isinstance(data.get("company"), dict):
                places.append(data["company"].get("location"))
        self.locations.prefetch(places)
        self.naf_codes = set(self.session.scalars(select(Naf.code)))
        self.naf_dropped = 0

    # ----------------------------------------------------------------------- validation

    def validate(self, record: Record) -> dict | None:
        company = self._company(record)
        location = self.locations.resolve(record, "location")
        if location is None and record.raw("location") is None and company is not None:
            location = company["_location"]  # the company's location is the default
        contract = record.choice("contract_type", ContractType)
        values = {
            "company": company,
            "title": record.text("title", required=True, max_length=250),
            "description": record.text("description", required=True),
            "skills": clean_skills(record.texts("skills", max_length=200) or []),
            "contract_type": contract,
            "duration_months": record.integer("duration_months", minimum=1, maximum=MAX_DURATION_MONTHS),
            "start_date": record.day("start_date"),
            "remote": record.choice("remote", Remote) or Remote.NONE,
            "level_min": record.level("level_min"),
            "green": record.boolean("green"),
            "salary_min": record.integer("salary_min", minimum=0, maximum=MAX_SALARY),
            "salary_max": record.integer("salary_max", minimum=0, maximum=MAX_SALARY),
            "published_at": record.day("published_at"),
            "expires_at": record.day("expires_at"),
        }
        if location is not None:
            values.update(commune_code=location.commune_code, lat=location.lat, lon=location.lon)
        self._cross_checks(record, values)
        return values

    def _cross_checks(self, record: Record, values: dict) -> None:
        contract, months = values["contract_type"], values["duration_months"]
        needs_duration = contract == ContractType.CDD or contract in WORK_STUDY_CONTRACTS
        if needs_duration and record.raw("duration_months") is None:
            record.fail("duration_months", f"durée en mois obligatoire pour un {CONTRACT_NAMES[contract.value]}.")
        elif needs_duration and months is not None:
            # The floor of the VTE rules in force when the offer was published (today if it was not).
            rule = rule_set_on(rules_for_config({}), values["published_at"] or date.today())
            problem = mission_duration_problem(rule, contract.value, months, bool(values.get("green")))
            if problem is not None:
                record.fail("duration_months", problem[0].lower() + problem[1:])
        low, high = values["salary_min"], values["salary_max"]
        if low is not None and high is not None and low > high:
            record.fail("salary_max", f"salaire maximum ({high}) inférieur au minimum ({low}).")
        published, expires = values["published_at"], values["expires_at"]
        if published and expires and expires < published:
            record.fail("expires_at", f"date d'expiration ({expires}) antérieure à la publication ({published}).")

    def _company(self, record: Record) -> dict | None:
        company = record.nested("company")
        if company is None:
            return None
        company.check_keys(COMPANY_KEYS, COMPANY_REQUIRED)
        siren = None
        raw_siren = company.raw("siren")
        if raw_siren is not None:
            if not isinstance(raw_siren, str):
                company.fail("siren", "le SIREN s'écrit entre guillemets : 9 chiffres (texte).")
            elif (message := siren_error(raw_siren)) is not None:
                company.fail("siren", f"{message.rstrip('.')} (reçu : « {raw_siren} »).")
            else:
                siren = normalise_siren(raw_siren)
        values = {
            "siren": siren,
            "name": company.text("name", required=True, max_length=250),
            "naf_code": self._naf(company),
            "headcount": company.integer("headcount", minimum=0, maximum=10_000_000),
            "_location": self.locations.resolve(company, "location"),
            "_line": record.line,
        }
        return None if company.failed else values

    def _naf(self, company: Record) -> str | None:
        value = company.text("naf", max_length=10)
        if value is None:
            return None
        match = NAF_RE.match(value.replace(" ", "").upper())
        if not match:
            return company.fail("naf", f"code NAF « {value} » invalide (attendu par ex. 25.62A ou 2562A).")
        code = f"{match[1]}.{match[2]}{match[3]}"
        if not self.naf_codes:
            self.naf_dropped += 1
            return None
        if code not in self.naf_codes:
            return company.fail("naf", f"code NAF « {value} » inconnu de la nomenclature NAF rév. 2.")
        return code

    # ----------------------------------------------------------------------- writing

    def write(self, records: list[dict]) -> list[Offer]:
        if self.naf_dropped:
            self.report.warnings.append(
                f"Table NAF vide : {self.naf_dropped} code(s) NAF non enregistré(s) "
                "(chargez les référentiels : flask --app vte load-refdata)."
            )
        companies = self._write_companies([r["company"] for r in records])
        existing: dict[str, Offer] = {}
        for chunk in chunks([r["source_id"] for r in records]):
            for offer in self.session.scalars(
                select(Offer).where(Offer.source == self.source, Offer.source_id.in_(chunk))
            ):
                existing[offer.source_id] = offer
        today = date.today()
        rows = []
        for values in records:
            company = companies[values.pop("company")["siren"]]
            offer = existing.get(values["source_id"])
            if offer is None:
                if values["published_at"] is None:
                    values["published_at"] = today
                offer = Offer(source=self.source, company=company, status=OfferStatus.PUBLISHED, **values)
                self.session.add(offer)
                self.report.created += 1
            else:
                if values["published_at"] is None:
                    del values["published_at"]
                moved = company.id is None or offer.company_id != company.id
                if moved:
                    offer.company = company
                if assign(offer, values) or moved:
                    self.report.updated += 1
                else:
                    self.report.unchanged += 1
            rows.append(offer)
        self.session.flush()
        return rows

    def _write_companies(self, values_list: list[dict]) -> dict[str, Company]:
        by_siren = self._last_line_per_siren(values_list)
        companies: dict[str, Company] = {}
        for chunk in chunks(sorted(by_siren)):
            for company in self.session.scalars(select(Company).where(Company.siren.in_(chunk))):
                companies[company.siren] = company
        self.changed_companies: list[Company] = []
        for siren, values in by_siren.items():
            values.pop("_line", None)
            location = values.pop("_location", None)
            if location is not None:
                values.update(commune_code=location.commune_code, lat=location.lat, lon=location.lon)
            company = companies.get(siren)
            if company is None:
                # Imported by the operator (`flask import-offers`): vouched for, so verified.
                company = companies[siren] = Company(**values, verified_at=datetime.now(UTC))
                self.session.add(company)
                self.report.companies_created += 1
            elif assign(company, values):
                self.changed_companies.append(company)
                self.report.companies_updated += 1
        return companies

    def _last_line_per_siren(self, values_list: list[dict]) -> dict[str, dict]:
        """The company values of the last line naming each SIREN; a warning for each SIREN whose
        lines disagree (the first MAX_CONFLICT_WARNINGS of them, then a count)."""
        by_siren: dict[str, dict] = {}
        conflicting: list[str] = []
        for values in values_list:  # the last line naming a SIREN wins
            previous = by_siren.get(values["siren"])
            if previous is not None and _facts(previous) != _facts(values) and values["siren"] not in conflicting:
                conflicting.append(values["siren"])
            by_siren[values["siren"]] = values
        for siren in conflicting[:MAX_CONFLICT_WARNINGS]:
            self.report.warnings.append(
                f"SIREN {siren} : nom, NAF, effectif ou localisation diffèrent d'une ligne à l'autre ; "
                f"ceux de la ligne {by_siren[siren]['_line']} (la dernière) sont retenus."
            )
        if len(conflicting) > MAX_CONFLICT_WARNINGS:
            self.report.warnings.append(
                f"… et {len(conflicting) - MAX_CONFLICT_WARNINGS} autres SIREN aux informations divergentes."
            )
        return by_siren

    def embed(self, rows, encoder, progress) -> int:
        return embed_offers(self.session, encoder, rows, progress)

    def after(self, rows: list[Offer]) -> None:
        """The index keeps each offer's company size and name: refresh the company's other
        offers when those changed (the imported ones are already logged)."""
        if not self.changed_companies:
            return
        imported = {row.id for row in rows}
        company_ids = [c.id for c in self.changed_companies]
        others = [
            offer_id
            for chunk in chunks(company_ids)
            for offer_id in self.session.scalars(select(Offer.id).where(Offer.company_id.in_(chunk)))
            if offer_id not in imported
        ]
        record_change(self.session, "offer", others)


def _facts(company: dict) -> dict:
    return {k: v for k, v in company.items() if k != "_line"}
