-- Version 3 writes the schedules of search_source_v3.sql too (version 2: the map's columns). Re-derive the search
-- index rows of some services (NULL: of all) from the view search_source. Called by the triggers of
-- search_triggers_v1.sql and search_triggers_v2.sql and by search.actions.search_index (the full rebuild and bulk
-- uploads).
-- The index's columns are listed here only (twice: a full rebuild and the rows of some services are planned
-- apart, so the second uses the view's indexes on the service); the view and the table both have them.
CREATE OR REPLACE FUNCTION search_refresh(service_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF service_ids IS NULL THEN
        DELETE FROM search_searchentry;
        INSERT INTO search_searchentry (
            id, service_id, location_id, point, redacted, valid_from, valid_to, free_of_charge, category_ids,
            audience_ids, eligibility_ids, languages, municipality_id, community_id, neighbourhood_id, search_text,
            properties_el, properties_en, verified_on, tags, map_head_el, map_head_en, category_codes,
            schedules
        )
        SELECT id, service_id, location_id, point, redacted, valid_from, valid_to, free_of_charge, category_ids,
               audience_ids, eligibility_ids, languages, municipality_id, community_id, neighbourhood_id, search_text,
               properties_el, properties_en, verified_on, tags, map_head_el, map_head_en, category_codes,
            schedules
        FROM search_source;
    ELSIF cardinality(service_ids) > 0 THEN
        DELETE FROM search_searchentry e USING (SELECT DISTINCT unnest(service_ids)) x(id)
        WHERE e.service_id = x.id;
        INSERT INTO search_searchentry (
            id, service_id, location_id, point, redacted, valid_from, valid_to, free_of_charge, category_ids,
            audience_ids, eligibility_ids, languages, municipality_id, community_id, neighbourhood_id, search_text,
            properties_el, properties_en, verified_on, tags, map_head_el, map_head_en, category_codes,
            schedules
        )
        SELECT id, service_id, location_id, point, redacted, valid_from, valid_to, free_of_charge, category_ids,
               audience_ids, eligibility_ids, languages, municipality_id, community_id, neighbourhood_id, search_text,
               properties_el, properties_en, verified_on, tags, map_head_el, map_head_en, category_codes,
            schedules
        FROM search_source v
        WHERE v.service_id IN (SELECT unnest(service_ids));
    END IF;
END $$;
