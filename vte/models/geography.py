"""Reference tables: régions, départements, EPCI, communes, postcodes, NAF sectors."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

# Byte-wise ordering, so that prefix searches written as ranges (`>= "lyo"`, `< "lyo~"`) use the
# B-tree index on PostgreSQL whatever the database's locale (SQLite compares bytes already).
AsciiKey = String(100).with_variant(String(100, collation="C"), "postgresql")


class Region(db.Model):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Departement(db.Model):
    __tablename__ = "departement"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    region: Mapped[Region] = relationship()


class Epci(db.Model):
    """An intercommunalité (établissement public de coopération intercommunale)."""

    __tablename__ = "epci"
    siren: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # CC, CA, CU, METRO, MET69...
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Commune(db.Model):
    """A commune of the current COG. `coord_method` records how `lat`/`lon` were obtained
    (see `vte.refdata.communes`)."""

    __tablename__ = "commune"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    search_name: Mapped[str] = mapped_column(AsciiKey, index=True)  # lower-case, no accents
    departement_code: Mapped[str | None] = mapped_column(String(3), index=True)
    region_code: Mapped[str | None] = mapped_column(String(3), index=True)
    epci_siren: Mapped[str | None] = mapped_column(String(9), index=True)
    population: Mapped[int] = mapped_column(Integer, default=0)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    coord_method: Mapped[str | None] = mapped_column(String(20))


class CommuneAlias(db.Model):
    """Another INSEE code that designates a commune: a municipal arrondissement (ARM, Paris/Lyon/
    Marseille), a delegated (COMD) or associated (COMA) commune. Resolution maps it to its parent."""

    __tablename__ = "commune_alias"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    kind: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code", ondelete="CASCADE"))


class Postcode(db.Model):
    """Which postcodes serve which commune (a many-to-many relation)."""

    __tablename__ = "postcode"
    code: Mapped[str] = mapped_column(String(5).with_variant(String(5, collation="C"), "postgresql"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    __table_args__ = (Index("ix_postcode_commune_code", "commune_code"),)


class Naf(db.Model):
    """A NAF rév. 2 sub-class (e.g. 25.62A) with its section."""

    __tablename__ = "naf"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    section: Mapped[str] = mapped_column(String(1), index=True)
    section_label: Mapped[str] = mapped_column(String(300))
