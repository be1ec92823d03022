"""Key rotation: re-encrypt every EncryptedTextField (and every value registered inside a JSON
column, such as allauth's second-factor secrets) under the newest key and recompute every blind
index with the current BLIND_INDEX_KEY (`manage.py rotate_keys`).

How an operator rotates (docs/retention.md):

1. Put the new Fernet key first in FIELD_ENCRYPTION_KEYS and keep the old ones after it; restart.
   From then on every write uses the new key and every old token still decrypts (MultiFernet).
2. Run `manage.py rotate_keys`. Rows are read in primary-key batches, one transaction per batch.
3. When it reports nothing left under an older key, remove the old keys; restart.

Resuming needs no progress table: a token the newest key already opens is skipped (a Fernet
check costs one HMAC), and a blind index equal to the one recomputed is left alone, so running
the command again after an interruption only does what is left. Each row is written with a
compare-and-set on the raw tokens it read: a row the application changed meanwhile (already
under the new key) is read again rather than overwritten.

The blind index key: a new BLIND_INDEX_KEY needs no old key here, because every index is
recomputed from the decrypted source column. Until the command has passed, rows not yet
recomputed do not match new lookups ("is there already a case about this student?"), so run it
right after deploying the new key; it takes seconds at a service centre's scale.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import connection, models, transaction

from sexto.core.crypto import (
    BlindIndexSpec,
    DecryptionFailed,
    EncryptedJsonSpec,
    blind_index,
    blind_indexes,
    encrypted_jsons,
    json_values_map,
    text_decrypt,
    token_is_current,
    token_rotate,
)
from sexto.core.fields import EncryptedTextField

RETRIES = 3


class RotationFailed(Exception):
    """A row could not be rotated (a token no configured key opens, or constant contention)."""


@dataclass(frozen=True)
class RotationTarget:
    """One model's encrypted columns and blind indexes, found through its `_meta`."""

    model: type[models.Model]
    encrypted: tuple[str, ...]  # column names
    indexes: tuple[BlindIndexSpec, ...]
    jsons: tuple[EncryptedJsonSpec, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class RotationCount:
    label: str
    rows: int = 0
    rows_changed: int = 0
    values_reencrypted: int = 0
    indexes_recomputed: int = 0
    pending: int = 0  # values still under an older key (check mode)


def rotation_targets() -> list[RotationTarget]:
    """Every concrete model with an EncryptedTextField, a registered blind index or registered
    encrypted values in a JSON column, any app."""
    specs = blind_indexes()
    json_specs = encrypted_jsons()
    targets = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        encrypted = tuple(
            f.column for f in meta.concrete_fields if isinstance(f, EncryptedTextField)
        )
        indexes = tuple(s for s in specs if s.model == meta.label)
        jsons = tuple(s for s in json_specs if s.model == meta.label)
        if encrypted or indexes or jsons:
            targets.append(RotationTarget(model, encrypted, indexes, jsons))
    return sorted(targets, key=lambda t: t.label)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a relation's reverse side has no column
        raise TypeError(f"{model._meta.label}.{name} is not a column")
    return str(field.column)


def _columns(target: RotationTarget) -> list[str]:
    names = list(target.encrypted)
    for json_spec in target.jsons:
        names.append(_column(target.model, json_spec.field))
    for spec in target.indexes:
        for name in (
            _column(target.model, spec.source_field),
            _column(target.model, spec.index_field),
        ):
            if name not in names:
                names.append(name)
    return names


def _batches(target: RotationTarget, batch_size: int) -> Iterator[list[tuple[Any, ...]]]:
    """Raw rows (pk first, then the columns), by primary key: the field's decryption is bypassed
    so that tokens are read and written as stored."""
    quote = connection.ops.quote_name
    meta = target.model._meta
    pk = quote(meta.pk.column)
    columns = ", ".join(quote(c) for c in _columns(target))
    table = quote(meta.db_table)
    last: Any = None
    while True:
        where = "" if last is None else f"WHERE {pk} > %s"
        # Names come from _meta and are quoted; values are parameters.
        sql = f"SELECT {pk}, {columns} FROM {table} {where} ORDER BY {pk} LIMIT %s"  # noqa: S608  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql, ([] if last is None else [last]) + [batch_size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _row_changes(target: RotationTarget, row: dict[str, Any]) -> tuple[dict[str, Any], int, int]:
    """The new raw values this row needs (empty when it is already current), with how many are
    re-encrypted values and how many recomputed indexes."""
    changes: dict[str, Any] = {}
    values = indexes = 0
    for column in target.encrypted:
        token = row[column]
        if token in (None, "") or token_is_current(token):
            continue
        changes[column] = token_rotate(token)
        values += 1
    for json_spec in target.jsons:
        column = _column(target.model, json_spec.field)
        data, rotated = json_values_map(json_spec, _json_load(row[column]), _token_rotated)
        if rotated:
            changes[column] = json.dumps(data)
            values += rotated
    for spec in target.indexes:
        source = row[_column(target.model, spec.source_field)]
        index_column = _column(target.model, spec.index_field)
        if source in (None, ""):
            continue
        recomputed = blind_index(text_decrypt(source), purpose=spec.purpose)
        if recomputed != row[index_column]:
            changes[index_column] = recomputed
            indexes += 1
    return changes, values, indexes


def _json_load(raw: Any) -> Any:
    # Raw cursors give JSON columns as text on both databases (Django loads jsonb as text too).
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def _token_rotated(token: str) -> str | None:
    return None if token_is_current(token) else token_rotate(token)


def _json_pending(target: RotationTarget, row: dict[str, Any]) -> int:
    pending = 0
    for json_spec in target.jsons:
        column = _column(target.model, json_spec.field)
        _data, count = json_values_map(
            json_spec, _json_load(row[column]), lambda t: None if token_is_current(t) else ""
        )
        pending += count
    return pending


def _row_write(
    target: RotationTarget, pk: Any, row: dict[str, Any], changes: dict[str, Any]
) -> bool:
    """Compare-and-set: write only if the columns still hold what was read."""
    quote = connection.ops.quote_name
    meta = target.model._meta
    sets = ", ".join(f"{quote(c)} = %s" for c in changes)
    checks = " AND ".join(
        f"{quote(c)} IS NULL" if row[c] is None else f"{quote(c)} = %s" for c in changes
    )
    params = [*changes.values(), pk, *(row[c] for c in changes if row[c] is not None)]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {sets} "  # noqa: S608  # nosec B608
        f"WHERE {quote(meta.pk.column)} = %s AND {checks}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return bool(cursor.rowcount)


def _row_reread(target: RotationTarget, pk: Any) -> dict[str, Any] | None:
    quote = connection.ops.quote_name
    meta = target.model._meta
    names = _columns(target)
    sql = (
        f"SELECT {', '.join(quote(c) for c in names)} FROM {quote(meta.db_table)} "  # noqa: S608  # nosec B608
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        found = cursor.fetchone()
    return None if found is None else dict(zip(names, found, strict=True))


def _target_rotate(
    target: RotationTarget, *, batch_size: int, after_batch: Callable[[str, int], None] | None
) -> RotationCount:
    count = RotationCount(target.label)
    names = _columns(target)
    for rows in _batches(target, batch_size):
        with transaction.atomic():
            for raw in rows:
                pk, row = raw[0], dict(zip(names, raw[1:], strict=True))
                count.rows += 1
                for _attempt in range(RETRIES):
                    try:
                        changes, values, indexes = _row_changes(target, row)
                    except (DecryptionFailed, InvalidToken):
                        raise RotationFailed(
                            f"{target.label} {pk}: a value no key in FIELD_ENCRYPTION_KEYS "
                            "opens (add back the key it was written with)"
                        ) from None
                    if not changes or _row_write(target, pk, row, changes):
                        count.rows_changed += bool(changes)
                        count.values_reencrypted += values
                        count.indexes_recomputed += indexes
                        break
                    # Changed by the application since the read: read it again.
                    reread = _row_reread(target, pk)
                    if reread is None:
                        break  # deleted meanwhile
                    row = reread
                else:
                    raise RotationFailed(
                        f"{target.label} {pk}: kept changing during rotation; run the command again"
                    )
        if after_batch is not None:
            after_batch(target.label, count.rows)
    return count


def keys_rotate(
    *, batch_size: int = 500, after_batch: Callable[[str, int], None] | None = None
) -> list[RotationCount]:
    """Re-encrypt every encrypted value under the newest key and recompute every blind index;
    idempotent, so an interrupted run is resumed by running it again."""
    return [
        _target_rotate(target, batch_size=batch_size, after_batch=after_batch)
        for target in rotation_targets()
    ]


def keys_pending() -> list[RotationCount]:
    """How many values each model still holds under an older key (nothing is written)."""
    counts = []
    for target in rotation_targets():
        count = RotationCount(target.label)
        names = _columns(target)
        for rows in _batches(target, 2000):
            for raw in rows:
                count.rows += 1
                row = dict(zip(names, raw[1:], strict=True))
                count.pending += sum(
                    1
                    for column in target.encrypted
                    if row[column] not in (None, "") and not token_is_current(row[column])
                ) + _json_pending(target, row)
        counts.append(count)
    return counts
