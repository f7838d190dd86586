-- A shelter's public stand-in (services.redaction): the centre of the 500 m square of the Greek Grid (EPSG:2100,
-- metres) that holds its real point. Every public distance, radius filter and order of a shelter is measured from
-- here, so no number of questions can place it closer than its square. Keep STAND_IN_GRID_M in step.
CREATE OR REPLACE FUNCTION services_shelter_stand_in(real_point geography) RETURNS geography
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_Transform(
        ST_SetSRID(ST_MakePoint(floor(ST_X(g) / 500) * 500 + 250, floor(ST_Y(g) / 500) * 500 + 250), 2100), 4326
    )::geography
    FROM ST_Transform(real_point::geometry, 2100) AS g
$$;
