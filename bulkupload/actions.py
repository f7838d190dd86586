"""Writes of the bulk upload: store a file with its dry-run report, apply it all or nothing, purge old ones."""

import hashlib
import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from editing.models import VersionSource
from editing.writer import who
from hsds.importer import ImportIssue, ImportReport, hsds_import_rows
from hsds.importer.rules import KNOWN_KEYS
from hsds.tabular import TabularError, datapackage_path, tabular_rows
from search.actions.search_index import DEFERRED_SETTING, search_index_refresh
from services.models import GeocodeStatus, Location, Organization, Service, ServiceAtLocation

from .models import Upload, UploadKind
from .reading import Cell, UploadRefused, datapackage_extracted, table_read_csv, table_read_xlsx, upload_kind
from .sheet import COLUMNS_BY_NAME, RowIssue, SheetPlan, formula_like, formula_message, sheet_plan

# The spreadsheet column an HSDS field path of the importer's report points at (the last key that has one).
FIELD_COLUMNS = {
    "name": "name_el", "name_en": "name_en", "description": "description_el", "description_en": "description_en",
    "url": "website", "email": "email", "latitude": "latitude", "longitude": "longitude", "addresses": "address",
    "address_1": "address", "city": "city", "postal_code": "postal_code", "phones": "phone", "number": "phone",
    "schedules": "hours", "byday": "hours", "opens_at": "hours", "closes_at": "hours", "languages": "languages",
    "code": "languages", "valid_from": "valid_from", "valid_to": "valid_to", "organization_id": "organization",
    "attributes": "categories", "free_of_charge": "free_of_charge", "id": "id",
}  # fmt: skip
LOCATION_INDEX = re.compile(r"service_at_locations\[(\d+)\]")


def _issue(row: int, column: str, message: str, value: str = "", record: str = "") -> dict[str, Any]:
    return {"row": row, "column": column, "message": message, "value": value, "record": record}


def _sheet_issue(issue: RowIssue) -> dict[str, Any]:
    return _issue(issue.row, issue.column, issue.message, issue.value)


def _mapped(issue: ImportIssue, plan: SheetPlan, values: dict[int, dict[str, str]]) -> dict[str, Any]:
    """An importer issue (HSDS row and field path) as the sheet's row number and column."""
    if issue.row < 1 or issue.row > len(plan.sources):
        return _issue(0, issue.field, issue.message, "", issue.hsds_id)
    sources = plan.sources[issue.row - 1]
    index = LOCATION_INDEX.search(issue.field)
    row = sources[int(index[1])] if index and int(index[1]) < len(sources) else sources[0]
    keys = re.findall(r"[a-z_0-9]+", issue.field)
    column = next((FIELD_COLUMNS[key] for key in reversed(keys) if key in FIELD_COLUMNS), issue.field)
    return _issue(row, column, issue.message, values.get(row, {}).get(column, ""), issue.hsds_id)


def _ids_in(rows: list[Any]) -> set[uuid.UUID]:
    """Every HSDS id anywhere in the rows (services, organisations, locations and their children)."""
    ids: set[uuid.UUID] = set()
    stack: list[Any] = list(rows)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _is_uuid(node.get("id")):
                ids.add(uuid.UUID(str(node["id"])))
            stack.extend(value for value in node.values() if isinstance(value, dict | list))
        elif isinstance(node, list):
            stack.extend(node)
    return ids


def _import(*, rows: list[Any], report: ImportReport, label: str, user: Any, filename: str) -> None:
    """The HSDS import with the search-index triggers held back, then one refresh of the services it touched.

    Per-statement refreshes cost more than the writes themselves (one per saved record); a full rebuild, as
    `search_index_deferred` does, would cost the size of the whole directory. So: the services named in the
    file, of its organisations and at its locations, refreshed once at the end, in the same transaction.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {DEFERRED_SETTING} = 'on'")
        hsds_import_rows(
            rows=rows,
            report=report,
            user_label=label,
            user=user,
            geocode_limit=settings.BULKUPLOAD_GEOCODE_LIMIT,
            source=VersionSource.BULK_UPLOAD,
            comment=_("Bulk upload of %(file)s by %(user)s") % {"file": filename, "user": who(user)},
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {DEFERRED_SETTING} = 'off'")
        if report.ok and not report.dry_run:
            ids = _ids_in(rows)
            services = set(
                Service.objects.filter(Q(pk__in=ids) | Q(organization_id__in=ids)).values_list("pk", flat=True)
            )
            services |= set(ServiceAtLocation.objects.filter(location_id__in=ids).values_list("service_id", flat=True))
            search_index_refresh(service_ids=sorted(services))


def _counts(report: ImportReport) -> dict[str, Any]:
    return {
        "created": dict(report.created),
        "updated": dict(report.updated),
        "unchanged": dict(report.unchanged),
        "removed": dict(report.removed),
        "geocoded": len(report.geocoded),
        "geocode_pending": len(report.geocode_pending),
        "geocode_failed": len(report.geocode_failed),
    }


def _check(*, upload: Upload, dry_run: bool, user: Any) -> dict[str, Any]:
    """Read the stored bytes, check everything and run the import (rolled back on a dry run); the report as JSON."""
    content = bytes(upload.content)
    label = _("bulk upload %(file)s by %(user)s") % {"file": upload.filename, "user": user.get_username()}
    result: dict[str, Any] = {"kind": upload.kind, "dry_run": dry_run, "issues": [], "warnings": [], "preview": []}
    max_rows = settings.BULKUPLOAD_MAX_ROWS
    try:
        if upload.kind == UploadKind.DATAPACKAGE:
            with datapackage_extracted(content) as folder:
                package = datapackage_path(folder)
                assert package is not None  # datapackage_extracted found it
                try:
                    rows = tabular_rows(package, known_keys=KNOWN_KEYS)
                except TabularError as exc:
                    raise UploadRefused(str(exc)) from exc
            return _check_rows(rows=rows, result=result, dry_run=dry_run, label=label, user=user, path=upload.filename)
        table = (
            table_read_xlsx(content, max_rows=max_rows)
            if upload.kind == UploadKind.SPREADSHEET_XLSX
            else table_read_csv(content, max_rows=max_rows)
        )
    except UploadRefused as exc:
        result["issues"].append(_issue(0, "", str(exc)))
        result["ok"] = False
        return result
    plan = sheet_plan(table)
    result["rows"] = len(table.rows)
    result["warnings"] = [_sheet_issue(w) for w in plan.warnings]
    result["preview"] = plan.preview
    result["services_new"], result["services_updated"] = plan.new_services, plan.updated_services
    result["gazetteer"] = len(plan.gazetteer)
    if plan.issues:
        result["issues"] = [_sheet_issue(issue) for issue in plan.issues]
        result["ok"] = False
        return result
    report = ImportReport(path=Path(upload.filename), dry_run=dry_run, language="el")
    _import(rows=plan.rows, report=report, label=label, user=user, filename=upload.filename)
    values = {number: row for number, row in _sheet_values(table).items()}
    result["issues"] = [_mapped(issue, plan, values) for issue in report.errors]
    result["warnings"] += [_mapped(issue, plan, values) for issue in report.warnings]
    result.update(_counts(report))
    result["ok"] = report.ok
    if report.ok and not dry_run and plan.gazetteer:
        Location.objects.filter(pk__in=list(plan.gazetteer), geocode_status=GeocodeStatus.SOURCE).update(
            geocode_status=GeocodeStatus.GEOCODED
        )
    return result


def _sheet_values(table: Any) -> dict[int, dict[str, str]]:
    from .reading import cell_text

    names = [name.strip().lower() for name in table.header]
    return {
        number: {
            names[i]: cell_text(cell.value)
            for i, cell in enumerate(cells)
            if i < len(names) and names[i] in COLUMNS_BY_NAME
        }
        for number, cells in table.rows
    }


def _formula_issues(rows: list[Any]) -> list[dict[str, Any]]:
    """Texts of a datapackage that a spreadsheet would run as formulas (the sheets' rule, applied to every cell)."""
    issues = []

    def walk(node: Any, path: str, number: int, record: str) -> None:
        if isinstance(node, dict):
            record = str(node.get("id") or record)
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key, number, record)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]", number, record)
        elif isinstance(node, str) and formula_like(Cell(node)):
            issues.append(_issue(number, path, formula_message(), node, record))

    for number, row in enumerate(rows, start=1):
        walk(row, "", number, "")
    return issues


def _check_rows(
    *, rows: list[Any], result: dict[str, Any], dry_run: bool, label: str, user: Any, path: str
) -> dict[str, Any]:
    """The HSDS datapackage path: the importer's own report, with its row numbers (one per organisation/service)."""
    result["rows"] = len(rows)
    services = [row for row in rows if isinstance(row, dict) and not ("services" in row and "status" not in row)]
    stored = set(
        Service.objects.filter(id__in=[r["id"] for r in services if _is_uuid(r.get("id"))]).values_list("id", flat=True)
    )
    stored_text = {str(pk) for pk in stored}
    names = {str(r.get("id")): str(r.get("name") or "") for r in rows if isinstance(r, dict) and r not in services}
    wanted = {str(r.get("organization_id")) for r in services if _is_uuid(r.get("organization_id"))} - set(names)
    names |= {str(pk): name for pk, name in Organization.objects.filter(pk__in=wanted).values_list("pk", "name_el")}
    result["services_new"] = sum(1 for r in services if str(r.get("id")) not in stored_text)
    result["services_updated"] = len(services) - result["services_new"]
    for number, row in enumerate(rows, start=1):
        if row in services and len(result["preview"]) < 25:
            places = row.get("service_at_locations") or []
            location = (places[0].get("location") or {}) if places else {}
            addresses = location.get("addresses") or []
            result["preview"].append(
                {
                    "row": number,
                    "action": "update" if str(row.get("id")) in stored_text else "create",
                    "organization": names.get(str(row.get("organization_id")), str(row.get("organization_id") or "")),
                    "name": str(row.get("name") or ""),
                    "categories": ", ".join(
                        str((a.get("taxonomy_term") or {}).get("code") or "") for a in row.get("attributes") or []
                    ),
                    "place": ", ".join(
                        str(addresses[0].get(key) or "") for key in ("address_1", "city") if addresses
                    ).strip(", "),
                    "point": (
                        f"{float(location['latitude']):.5f}, {float(location['longitude']):.5f}"
                        if _is_number(location.get("latitude")) and _is_number(location.get("longitude"))
                        else ""
                    ),
                    "gazetteer": "",
                }
            )
    formulas = _formula_issues(rows)
    if formulas:
        result["issues"], result["ok"] = formulas, False
        return result
    report = ImportReport(path=Path(path), dry_run=dry_run, language="el")
    _import(rows=rows, report=report, label=label, user=user, filename=path)
    result["issues"] = [_issue(i.row, i.field, i.message, "", i.hsds_id) for i in report.errors]
    result["warnings"] = [_issue(i.row, i.field, i.message, "", i.hsds_id) for i in report.warnings]
    result.update(_counts(report))
    result["ok"] = report.ok
    return result


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def upload_purge_expired() -> int:
    """Delete uploads past their expiry (applied ones keep their result, without the file's bytes)."""
    deleted, _by_model = Upload.objects.expired(now=timezone.now()).filter(applied_at__isnull=True).delete()
    return deleted


def upload_create(*, user: Any, name: str, content: bytes) -> Upload:
    """Store a checked upload and its dry-run report; raises UploadRefused (nothing stored) when unreadable."""
    if len(content) > settings.BULKUPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; the limit is %(max)s MB.")
            % {"size": round(len(content) / 1048576, 1), "max": round(settings.BULKUPLOAD_MAX_BYTES / 1048576, 1)}
        )
    if not content:
        raise UploadRefused(_("The file is empty."))
    kind = upload_kind(name=name, content=content)
    if kind == UploadKind.SPREADSHEET_CSV:
        table_read_csv(content, max_rows=settings.BULKUPLOAD_MAX_ROWS)  # unreadable text is refused, not stored
    elif kind == UploadKind.SPREADSHEET_XLSX:
        table_read_xlsx(content, max_rows=settings.BULKUPLOAD_MAX_ROWS)
    else:
        with datapackage_extracted(content):
            pass
    upload_purge_expired()
    upload = Upload(
        owner=user,
        filename=Path(name).name[:255] or "upload",
        kind=kind,
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        expires_at=timezone.now() + timedelta(hours=settings.BULKUPLOAD_EXPIRY_HOURS),
    )
    upload.report = _check(upload=upload, dry_run=True, user=user)
    upload.save()
    return upload


def upload_apply(*, upload: Upload, user: Any) -> dict[str, Any]:
    """Re-check the stored bytes and write everything in one transaction, or nothing; returns the report."""
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.applied_at is not None:
            raise UploadRefused(_("This upload has already been applied."))
        if locked.expires_at < timezone.now():
            raise UploadRefused(_("This upload has expired: upload the file again."))
        if hashlib.sha256(bytes(locked.content)).hexdigest() != locked.sha256:
            raise UploadRefused(_("The stored file does not match its checksum: upload it again."))
        with transaction.atomic():
            result = _check(upload=locked, dry_run=False, user=user)
            if not result["ok"]:
                transaction.set_rollback(True)
        locked.result = result
        if result["ok"]:
            locked.applied_at = timezone.now()
            locked.content = b""  # written now; the bytes are no longer needed
        locked.save(update_fields=["result", "applied_at", "content"])
    upload.refresh_from_db()
    return result
