"""The plan of one import: every record the file would write, checked before anything is."""

import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from services.models import TERM_FIELDS, Address, Location, Service, TaxonomyTerm

from ..schema import schema_load, schema_path
from .mappers import RowMappers
from .reader import Reader
from .records import Item, Reference, join_path, same, snapshot
from .report import ImportIssue, ImportReport
from .rules import RESOURCE_TYPES, UUID_RE


class Plan:
    """Everything one file would write, checked before anything is."""

    def __init__(self, *, report: ImportReport, language: str) -> None:
        self.report = report
        self.language = language
        self.row = 0
        self.items: dict[tuple[type[models.Model], uuid.UUID], Item] = {}
        self.references: list[Reference] = []
        # (model, owner foreign key, owner id) -> ids the file lists there; the rest of that owner's list goes.
        self.lists: dict[tuple[type[models.Model], str, uuid.UUID], set[uuid.UUID]] = defaultdict(set)
        self.m2m: dict[uuid.UUID, dict[str, set[TaxonomyTerm]]] = {}
        self.geocode_queue: list[tuple[Item, dict[str, str]]] = []
        self.queued: set[uuid.UUID] = set()
        self.not_stored: set[str] = set()
        self.delete: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
        self.detach: list[tuple[models.Model, list[str]]] = []
        self.schemas: dict[str, Any] = {}
        self.stored: dict[type[models.Model], dict[Any, models.Model]] = defaultdict(dict)
        self.stored_addresses: dict[Any, tuple[str, str, str]] = {}
        self.stored_terms: dict[Any, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.mappers = RowMappers(self)  # one per table; they also look up our taxonomy terms

    def load_stored(self, rows: list[Any]) -> None:
        """Fetch, a query per table, the stored records whose ids the file holds (rather than one per record)."""
        ids: set[uuid.UUID] = set()
        stack: list[Any] = list(rows)
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                raw = node.get("id")
                if isinstance(raw, str) and UUID_RE.match(raw.strip()):
                    ids.add(uuid.UUID(raw.strip()))
                stack.extend(value for value in node.values() if isinstance(value, dict | list))
            elif isinstance(node, list):
                stack.extend(node)
        for model in RESOURCE_TYPES:
            self.stored[model] = {obj.pk: obj for obj in model._default_manager.filter(pk__in=ids)}
        addresses = Address.objects.filter(location_id__in=list(self.stored[Location])).order_by("created_at", "id")
        for address in addresses:
            self.stored_addresses.setdefault(
                address.location_id,
                (address.address_1.strip(), address.city.strip(), "".join(address.postal_code.split())),
            )
        for attname in TERM_FIELDS.values():
            relation = Service._meta.get_field(attname)
            assert isinstance(relation, models.ManyToManyField)  # TERM_FIELDS are Service's term lists
            through: Any = relation.remote_field.through  # the auto-created model (the stubs: type[Model] | None)
            service_field, term_field = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            pairs = through.objects.filter(**{f"{service_field}_id__in": list(self.stored[Service])}).values_list(
                f"{service_field}_id", f"{term_field}__code"
            )
            for service_id, code in pairs:
                self.stored_terms[service_id][attname].add(code)

    # ------------------------------------------------------------------------------------------- issues
    def error(self, *, field: str, hsds_id: str, message: str) -> None:
        self.report.errors.append(ImportIssue(self.row, hsds_id, field, message))

    def warning(self, *, field: str, hsds_id: str, message: str, row: int | None = None) -> None:
        if any(w.hsds_id == hsds_id and w.message == message for w in self.report.warnings if hsds_id):
            return  # the same record repeated in the file: say it once
        self.report.warnings.append(ImportIssue(self.row if row is None else row, hsds_id, field, message))

    # ------------------------------------------------------------------------------------------- rows
    def add_row(self, *, number: int, data: Any) -> None:
        self.row = number
        if not isinstance(data, dict):
            self.error(field="", hsds_id="", message=_("a row must be an HSDS service or organization object"))
            return
        is_organization = "services" in data and "status" not in data
        errors_before = len(self.report.errors)
        if is_organization:
            self.mappers.organization(data, "", row_level=True)
        else:
            self.mappers.service(data, "", organization_id=None)
        if len(self.report.errors) == errors_before:
            self._schema_check(data, "organization" if is_organization else "service")

    def _schema_check(self, data: dict[str, Any], name: str) -> None:
        """Validate against the compiled HSDS schema when settings.HSDS_SCHEMA_DIR names it (optional)."""
        schema_dir = getattr(settings, "HSDS_SCHEMA_DIR", None)
        if not schema_dir:
            return
        if name not in self.schemas:
            from jsonschema import Draft202012Validator

            path = schema_path(Path(schema_dir), name)
            if path is None:
                raise ImproperlyConfigured(f"HSDS_SCHEMA_DIR: {Path(schema_dir) / name}.json does not exist")
            self.schemas[name] = Draft202012Validator(
                schema_load(path), format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        for problem in self.schemas[name].iter_errors(data):
            parts = list(problem.absolute_path)
            if problem.validator == "required" and isinstance(problem.instance, dict):
                parts += [key for key in problem.validator_value if key not in problem.instance][:1]
            where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)
            self.error(
                field=where.lstrip("."),
                hsds_id=str(data.get("id") or ""),
                message=_("HSDS schema: %(message)s") % {"message": problem.message},
            )

    # ------------------------------------------------------------------------------------------- records
    def item(
        self,
        model: type[models.Model],
        reader: Reader,
        object_id: uuid.UUID | None,
        *,
        owners: dict[str, uuid.UUID] | None = None,
        exclude: tuple[str, ...] = (),
        prepare: Callable[[models.Model, bool], None] | None = None,
    ) -> Item | None:
        """Register (or merge into) the record `object_id` of `model` with the reader's values; None on errors."""
        if reader.failed or object_id is None:
            return None
        key = (model, object_id)
        item = self.items.get(key)
        if item is not None:
            for name, value in reader.values.items():
                if name in item.values and not same(item.values[name], value):
                    reader.error(
                        name.removesuffix(f"_{self.language}"),
                        _("id %(id)s appears again (row %(row)s, %(path)s) with a different value")
                        % {"id": object_id, "row": item.row, "path": item.path or model._meta.model_name},
                    )
                    return None
            revalidate = any(name not in item.values for name in reader.values)
            item.values.update(reader.values)
        else:
            revalidate = True
            obj = self.stored[model].get(object_id)
            new = obj is None
            if obj is None:
                obj = model(id=object_id)
            item = Item(
                obj=obj,
                new=new,
                before={} if new else snapshot(obj),
                values=dict(reader.values),
                row=self.row,
                path=reader.path,
            )
        for name, value in reader.values.items():
            setattr(item.obj, name, value)
        if prepare is not None:
            prepare(item.obj, item.new)
        if reader.failed or (revalidate and not self._validate(item.obj, reader, exclude=exclude)):
            return None
        self.items[key] = item
        for owner_field, owner_id in (owners or {}).items():
            current = item.owners.get(owner_field)
            if current is not None and current != owner_id:
                reader.error(
                    "id",
                    _("id %(id)s is listed under two different %(owner)ss; one record belongs to one")
                    % {"id": object_id, "owner": owner_field.removesuffix("_id").replace("_", " ")},
                )
                return None
            item.owners[owner_field] = owner_id
            setattr(item.obj, owner_field, owner_id)
            self.lists[(model, owner_field, owner_id)].add(object_id)
        return item

    def _validate(self, obj: models.Model, reader: Reader, *, exclude: tuple[str, ...]) -> bool:
        """The model's field validation and clean(); relations are checked once all rows are read.

        The check constraints are not evaluated here (one query per record): the readers check the same rules
        with row-level messages, and PostgreSQL still enforces them when the plan is written.
        """
        skip = {f.name for f in obj._meta.concrete_fields if f.is_relation} | set(exclude)
        problems: dict[str, list[str]] = {}
        try:
            obj.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = exc.message_dict
        for name, messages in problems.items():
            key = "" if name == NON_FIELD_ERRORS else name
            key = {"point": "latitude"}.get(key, key).removesuffix("_el").removesuffix("_en")
            for message in messages:
                reader.error(key, message)
        return not problems

    def children(
        self,
        reader: Reader,
        key: str,
        handler: Callable[[dict[str, Any], str, dict[str, uuid.UUID]], Any],
        owners: dict[str, uuid.UUID],
        model: type[models.Model],
    ) -> None:
        """Read a list of nested objects; listed under an owner, they replace the owner's stored list."""
        children = reader.objects(key)
        if children is None:
            return
        for owner_field, owner_id in owners.items():
            self.lists.setdefault((model, owner_field, owner_id), set())  # an empty list empties the stored one
        for index, child in children:
            handler(child, join_path(reader.path, f"{key}[{index}]"), owners)

    def reference(
        self,
        reader: Reader,
        key: str,
        model: type[models.Model],
        target: uuid.UUID,
        item: Item,
        attname: str | None,
        *,
        required: bool = True,
    ) -> None:
        def apply(exists: bool) -> None:
            if exists and attname:
                setattr(item.obj, attname, target)

        self.references.append(
            Reference(self.row, reader.raw_id, join_path(reader.path, key), model, target, apply, required)
        )
