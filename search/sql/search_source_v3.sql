-- The search index's derivation, version 3: version 2's rows (search_source_v2.sql, as written there) and the row's
-- schedules, so that what a result or a map point says of hours (today's periods, open now) is read from the row
-- instead of from services_schedule on every request (an index lookup per row: half the statement time of a map
-- answer of 1,000 points):
-- - schedules: the schedules that apply to the service at location, as services.rules.SCHEDULE_OWNER_SQL chooses
--   them (the service's own and the service at location's), each as search_schedule_v1.sql's type (the fields the
--   open-now and today's-hours tests read), earliest opening first. The triggers of search_triggers_v2.sql re-derive
--   a service's rows when its schedules change.
CREATE OR REPLACE VIEW search_source AS
SELECT src.*,
       '"service_id":"' || src.service_id || '","name":' || COALESCE(r_el.name::text, 'null')
           || ',"organization":' || COALESCE(r_el.organization::text, 'null') AS map_head_el,
       '"service_id":"' || src.service_id || '","name":' || COALESCE(r_en.name::text, 'null')
           || ',"organization":' || COALESCE(r_en.organization::text, 'null') AS map_head_en,
       r_el.categories::text AS category_codes,
       ARRAY(
           SELECT ROW(sc.byday, sc.opens_at, sc.closes_at, sc.valid_from, sc.valid_to)::search_schedule
           FROM services_schedule sc
           WHERE sc.service_id = src.service_id OR sc.service_at_location_id = src.id
           ORDER BY sc.opens_at, sc.closes_at, sc.byday, sc.valid_from, sc.valid_to
       ) AS schedules
FROM (
    SELECT sal.id, s.id AS service_id, l.id AS location_id,
           (CASE WHEN l.redacted THEN services_shelter_stand_in(l.point) ELSE l.point END)::geography(Point, 4326)
               AS point,
           l.redacted, s.valid_from, s.valid_to,
           s.free_of_charge,
           ARRAY(SELECT c.taxonomyterm_id FROM services_service_categories c WHERE c.service_id = s.id) AS category_ids,
           ARRAY(SELECT a.taxonomyterm_id FROM services_service_audiences a WHERE a.service_id = s.id) AS audience_ids,
           ARRAY(SELECT e.taxonomyterm_id FROM services_service_eligibility e WHERE e.service_id = s.id)
               AS eligibility_ids,
           lg.codes AS languages, l.municipality_id, l.community_id, l.neighbourhood_id, s.search_text,
           json_build_object(
               'service_id', s.id, 'name', s.name_el, 'organization', o.name_el, 'categories', cat.codes,
               'languages', lg.codes, 'address', CASE WHEN NOT l.redacted THEN ad.line END,
               'area', CASE WHEN ar.id IS NOT NULL THEN json_build_object('code', ar.code, 'name', ar.name_el) END,
               'redacted', l.redacted, 'free_of_charge', s.free_of_charge, 'capacity_status', s.capacity_status,
               'assured_date', s.assured_date
           )::text AS properties_el,
           json_build_object(
               'service_id', s.id, 'name', COALESCE(NULLIF(s.name_en, ''), s.name_el),
               'organization', COALESCE(NULLIF(o.name_en, ''), o.name_el), 'categories', cat.codes,
               'languages', lg.codes, 'address', CASE WHEN NOT l.redacted THEN ad.line END,
               'area', CASE WHEN ar.id IS NOT NULL
                       THEN json_build_object('code', ar.code,
                                              'name', COALESCE(NULLIF(ar.name_en, ''), ar.name_el)) END,
               'redacted', l.redacted, 'free_of_charge', s.free_of_charge, 'capacity_status', s.capacity_status,
               'assured_date', s.assured_date
           )::text AS properties_en,
           COALESCE(s.assured_date, (s.created_at AT TIME ZONE 'Europe/Athens')::date) AS verified_on,
           ARRAY(
               SELECT DISTINCT token FROM (
                   SELECT search_filter_token(t.id::text) FROM (
                       SELECT c.taxonomyterm_id FROM services_service_categories c WHERE c.service_id = s.id
                       UNION ALL SELECT a.taxonomyterm_id FROM services_service_audiences a WHERE a.service_id = s.id
                       UNION ALL SELECT e.taxonomyterm_id FROM services_service_eligibility e WHERE e.service_id = s.id
                   ) t(id)
                   UNION ALL SELECT search_filter_token('language:' || code) FROM unnest(lg.codes) AS code
                   UNION ALL SELECT search_filter_token('free') WHERE s.free_of_charge
               ) tokens(token) ORDER BY token
           ) AS tags
    FROM services_serviceatlocation sal
    JOIN services_service s ON s.id = sal.service_id
    JOIN services_location l ON l.id = sal.location_id
    JOIN services_organization o ON o.id = s.organization_id
    LEFT JOIN boundaries_area ar ON ar.id = COALESCE(l.neighbourhood_id, l.municipality_id)
    CROSS JOIN LATERAL (
        SELECT ARRAY(SELECT t.code::text FROM services_service_categories c
                     JOIN services_taxonomyterm t ON t.id = c.taxonomyterm_id WHERE c.service_id = s.id ORDER BY t.code)
    ) cat(codes)
    CROSS JOIN LATERAL (
        SELECT ARRAY(SELECT lang.code::text FROM services_language lang WHERE lang.service_id = s.id ORDER BY lang.code)
    ) lg(codes)
    CROSS JOIN LATERAL (
        SELECT (SELECT concat_ws(', ', NULLIF(a.address_1, ''), NULLIF(a.postal_code, ''), NULLIF(a.city, ''))
                FROM services_address a WHERE a.location_id = l.id ORDER BY a.created_at LIMIT 1)
    ) ad(line)
    WHERE s.status = 'active' AND l.point IS NOT NULL
) AS src
CROSS JOIN LATERAL json_to_record(src.properties_el::json) AS r_el(name json, organization json, categories json)
CROSS JOIN LATERAL json_to_record(src.properties_en::json) AS r_en(name json, organization json);
