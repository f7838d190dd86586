"""Geocoding the addresses an import queued, within a limit and while the geocoder answers."""

import logging
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from geo_accmr.geo import GREECE_BBOX, WGS84
from services.models import GeocodeStatus, Location

from .records import join_path

if TYPE_CHECKING:
    from .plan import Plan

logger = logging.getLogger(__name__)


def plan_geocode(plan: "Plan", *, limit: int | None = None) -> None:
    """Geocode queued addresses; once the geocoder is unreachable, the rest stay pending (nothing is lost).

    With `limit`, only that many are asked now (a web request cannot wait on a rate-limited provider for
    hundreds of addresses); the rest are saved as pending for `geocode_pending`.
    """
    from boundaries.geocoding import GeocoderUnavailable, geocode_address

    unavailable = False
    for index, (item, address) in enumerate(plan.geocode_queue):
        location = item.obj
        assert isinstance(location, Location)
        hsds_id = str(location.pk)
        if unavailable:
            plan.report.geocode_pending.append(hsds_id)
            continue
        if limit is not None and index >= limit:
            plan.report.geocode_pending.append(hsds_id)
            if index == limit:
                plan.warning(
                    row=item.row,
                    field=join_path(item.path, "addresses"),
                    hsds_id=hsds_id,
                    message=_(
                        "more than %(limit)s addresses to geocode: this and the following ones are saved without "
                        "a point, queued for `manage.py geocode_pending`"
                    )
                    % {"limit": limit},
                )
            location.point, location.geocode_status = None, GeocodeStatus.PENDING
            continue
        try:
            point = geocode_address(
                address_1=address["address_1"], city=address["city"], postal_code=address["postal_code"]
            )
        except GeocoderUnavailable as exc:
            logger.warning("geocoder unavailable while importing %s: %s", plan.report.path, exc)
            unavailable = True
            plan.report.geocode_pending.append(hsds_id)
            plan.warning(
                row=item.row,
                field=join_path(item.path, "addresses"),
                hsds_id=hsds_id,
                message=_(
                    "the geocoder is unreachable (%(error)s): saved without a point, with this and any further "
                    "address queued for `manage.py geocode_pending`"
                )
                % {"error": exc},
            )
            continue
        west, south, east, north = GREECE_BBOX
        if point is not None and west <= point.x <= east and south <= point.y <= north:
            point.srid = WGS84
            location.point, location.geocode_status = point, GeocodeStatus.GEOCODED
            plan.report.geocoded.append(hsds_id)
        else:
            location.point, location.geocode_status = None, GeocodeStatus.FAILED
            plan.report.geocode_failed.append(hsds_id)
            plan.warning(
                row=item.row,
                field=join_path(item.path, "addresses"),
                hsds_id=hsds_id,
                message=_("address not found by the geocoder: %(address)s; add coordinates")
                % {"address": ", ".join(v for v in address.values() if v)},
            )
