-- Schema version 8 in PostgreSQL's dialect (model/schema/0008-rollups.sql
-- says what each rollup counts): rollups of the app records, internal, kept
-- up to date at ingest. The trigger is a PL/pgSQL function here.

CREATE TABLE app_removal_months (
    storefront TEXT COLLATE "C" NOT NULL,
    grp TEXT COLLATE "C" NOT NULL,
    apps BIGINT NOT NULL,
    removals BIGINT NOT NULL,
    first_removed_on TEXT COLLATE "C",
    last_removed_on TEXT COLLATE "C",
    PRIMARY KEY (storefront, grp)
);

CREATE TABLE app_removal_categories (
    storefront TEXT COLLATE "C" NOT NULL,
    grp TEXT COLLATE "C" NOT NULL,
    apps BIGINT NOT NULL,
    first_removed_on TEXT COLLATE "C",
    last_removed_on TEXT COLLATE "C",
    PRIMARY KEY (storefront, grp)
);

CREATE TABLE app_removal_files (
    storefront TEXT COLLATE "C" NOT NULL,
    file_id BIGINT NOT NULL,
    removals BIGINT NOT NULL,
    PRIMARY KEY (storefront, file_id)
);
CREATE TABLE app_observation_files (
    storefront TEXT COLLATE "C" NOT NULL,
    file_id BIGINT NOT NULL,
    observations BIGINT NOT NULL,
    PRIMARY KEY (storefront, file_id)
);

CREATE TABLE app_rollup_stale (storefront TEXT COLLATE "C" PRIMARY KEY);

-- An app's category changed: the storefronts it was removed from are stale.
CREATE FUNCTION app_category_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO app_rollup_stale (storefront)
    SELECT DISTINCT storefront FROM app_removals WHERE app = NEW.id AND kind = 'removed'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER app_category_changed
AFTER UPDATE OF category ON apps
FOR EACH ROW
WHEN (OLD.category IS DISTINCT FROM NEW.category)
EXECUTE FUNCTION app_category_changed();

-- A database from before this version: everything counted once.
INSERT INTO app_removal_months
SELECT storefront, coalesce(substr(removed_on, 1, 7), '(date unknown)'), count(DISTINCT app),
       count(*), min(removed_on), max(removed_on)
FROM app_removals
WHERE kind = 'removed'
GROUP BY 1, 2;
INSERT INTO app_removal_categories
SELECT r.storefront, coalesce(a.category, '(no category)'), count(DISTINCT r.app),
       min(r.removed_on), max(r.removed_on)
FROM app_removals r
LEFT JOIN apps a ON a.id = r.app
WHERE r.kind = 'removed'
GROUP BY 1, 2;
INSERT INTO app_removal_files
SELECT storefront, file_id, count(*) FROM app_removals GROUP BY 1, 2;
INSERT INTO app_observation_files
SELECT storefront, file_id, count(*) FROM app_observations GROUP BY 1, 2;
