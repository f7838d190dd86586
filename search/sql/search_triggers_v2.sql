-- Version 2 adds the triggers on services_schedule (the index stores each row's schedules since search_source_v3.sql);
-- version 1's triggers stay as they are. A schedule names its service, or a service at location of a service (its
-- location alone is no owner the search reads: services.rules.SCHEDULE_OWNER_SQL).
CREATE TRIGGER search_index_insert AFTER INSERT ON services_schedule REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL UNION SELECT sal.service_id FROM {rows} r'
        ' JOIN services_serviceatlocation sal ON sal.id = r.service_at_location_id');
CREATE TRIGGER search_index_update AFTER UPDATE ON services_schedule
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL UNION SELECT sal.service_id FROM {rows} r'
        ' JOIN services_serviceatlocation sal ON sal.id = r.service_at_location_id');
CREATE TRIGGER search_index_delete AFTER DELETE ON services_schedule REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_touched(
        'SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL UNION SELECT sal.service_id FROM {rows} r'
        ' JOIN services_serviceatlocation sal ON sal.id = r.service_at_location_id');
