-- The search index's derivation: one row per service at a located place of an active service, with the finished
-- JSON of what a result shows. A shelter's row carries its public stand-in (services_shelter_stand_in,
-- services/sql/shelter_stand_in_v1.sql), never its real point, so distance, radius filter and order come from the
-- stand-in. `tags`: every filter value as a token (search_filter_token). Version 1 of the search app; before it,
-- services/sql/search_source_v4.sql (git history) held the same view as services_search_source.
CREATE OR REPLACE VIEW search_source AS
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
                   THEN json_build_object('code', ar.code, 'name', COALESCE(NULLIF(ar.name_en, ''), ar.name_el)) END,
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
WHERE s.status = 'active' AND l.point IS NOT NULL;
