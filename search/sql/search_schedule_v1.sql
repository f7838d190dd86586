-- A schedule as the search index stores it (search_searchentry.schedules, search_source_v3.sql): the fields the
-- schedule conditions of services.rules read as `sc.…` (the days, the opening and closing times in Athens, the valid
-- dates), so that `unnest(e.schedules) AS sc` answers them as services_schedule would.
CREATE TYPE search_schedule AS (byday varchar(30), opens_at time, closes_at time, valid_from date, valid_to date);
