-- A filter value as a 32-bit token of the search index's `tags`: the first 8 hex digits of its md5, as a signed
-- integer (stable across PostgreSQL versions). The index's rows (search_source) and the searches' conditions
-- (search.selectors.entry_conditions) both call these functions. A collision can only add candidates, which the
-- exact conditions on the arrays then drop. IMMUTABLE: with constant arguments the planner folds the call into a
-- constant array, so a filtered search is planned with its tokens' statistics.
CREATE OR REPLACE FUNCTION search_filter_token(value text) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ('x' || left(md5(value), 8))::bit(32)::int
$$;

CREATE OR REPLACE FUNCTION search_filter_tokens(filter_values text[]) RETURNS int[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT search_filter_token(v) FROM unnest(filter_values) AS v)
$$;
