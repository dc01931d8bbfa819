"""Keep papers' search vectors in step with their text (see papers/keywords.py)."""

from django.db import migrations

TRIGGER_SQL = """CREATE OR REPLACE FUNCTION paper_search_vector_update() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.title IS NOT DISTINCT FROM OLD.title
            AND NEW.abstract IS NOT DISTINCT FROM OLD.abstract THEN
        NEW.search_vector := OLD.search_vector;
    ELSIF coalesce(current_setting('paperscope.defer_search_vector', true), '') = 'on' THEN
        NEW.search_vector := NULL;
    ELSE
        NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.abstract, '')), 'B');
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER paper_search_vector_update
    BEFORE INSERT OR UPDATE OF title, abstract ON papers_paper
    FOR EACH ROW EXECUTE FUNCTION paper_search_vector_update();
"""

DROP_TRIGGER_SQL = """DROP TRIGGER IF EXISTS paper_search_vector_update ON papers_paper;
DROP FUNCTION IF EXISTS paper_search_vector_update();
"""


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_initial")]

    operations = [migrations.RunSQL(TRIGGER_SQL, DROP_TRIGGER_SQL)]
