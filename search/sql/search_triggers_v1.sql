-- The search index follows every edit of the directory tables: statement-level triggers with transition tables
-- re-derive the index rows of the services a statement touched (one refresh per statement, whatever the number
-- of rows: a COPY of 100,000 rows is one refresh). Each trigger names, as its argument, the services a changed
-- row `r` of its table touches, over `{rows}`: the statement's new rows, old rows, or both for an UPDATE.
-- Bulk loaders set geo_accmr.search_deferred = 'on' for their transaction and rebuild once at the end
-- (search.actions.search_index.search_index_deferred).
CREATE OR REPLACE FUNCTION search_touched() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched uuid[];
BEGIN
    IF current_setting('geo_accmr.search_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    -- dynamic SQL sees the transition tables of the trigger that runs it
    EXECUTE 'SELECT ARRAY(' || replace(TG_ARGV[0], '{rows}', CASE TG_OP
        WHEN 'INSERT' THEN 'new_rows'
        WHEN 'DELETE' THEN 'old_rows'
        ELSE '(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)'
    END) || ')' INTO touched;
    PERFORM search_refresh(touched);
    RETURN NULL;
END $$;

-- services_service
CREATE TRIGGER search_index_insert AFTER INSERT ON services_service REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.id FROM {rows} r');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_service
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.id FROM {rows} r');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_service REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.id FROM {rows} r');

-- services_serviceatlocation
CREATE TRIGGER search_index_insert AFTER INSERT ON services_serviceatlocation REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_serviceatlocation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_serviceatlocation REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');

-- services_location (a new location has no service yet)
CREATE TRIGGER search_index_update AFTER UPDATE ON services_location
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.id');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_location REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.id');

-- services_address
CREATE TRIGGER search_index_insert AFTER INSERT ON services_address REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.location_id');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_address
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.location_id');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_address REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.location_id');

-- services_organization (its names are in the results)
CREATE TRIGGER search_index_update AFTER UPDATE ON services_organization
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT s.id FROM {rows} r JOIN services_service s ON s.organization_id = r.id');

-- services_language
CREATE TRIGGER search_index_insert AFTER INSERT ON services_language REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_language
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_language REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL');

-- services_service_categories, services_service_audiences, services_service_eligibility
CREATE TRIGGER search_index_insert AFTER INSERT ON services_service_categories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_service_categories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_service_categories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_insert AFTER INSERT ON services_service_audiences REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_service_audiences
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_service_audiences REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_insert AFTER INSERT ON services_service_eligibility REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_service_eligibility
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_service_eligibility REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched('SELECT r.service_id FROM {rows} r');

-- services_taxonomyterm (its codes are in the results)
CREATE TRIGGER search_index_update AFTER UPDATE ON services_taxonomyterm
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT c.service_id FROM {rows} r JOIN services_service_categories c ON c.taxonomyterm_id = r.id');

-- boundaries_area (its names are in the results)
CREATE TRIGGER search_index_update AFTER UPDATE ON boundaries_area
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT sal.service_id FROM {rows} r JOIN services_location l ON l.neighbourhood_id = r.id'
        ' OR l.municipality_id = r.id JOIN services_serviceatlocation sal ON sal.location_id = l.id');
