"""The keyword engine: a Tantivy index on disk, derived from PostgreSQL (the store of
record). schema.py holds the schema and the one text analysis; writer.py builds the index
and follows the database; reader.py answers queries in every web process."""
