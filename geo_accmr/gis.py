"""PostGIS functions Django does not ship."""

from django.contrib.gis.db.models.functions import GeomOutputGeoFunc


class SimplifyPreserveTopology(GeomOutputGeoFunc):
    """ST_SimplifyPreserveTopology(geom, tolerance): display-only simplification that keeps polygons valid."""

    function = "ST_SimplifyPreserveTopology"
    geom_param_pos = (0,)
