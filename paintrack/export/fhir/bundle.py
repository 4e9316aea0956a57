"""Writing the resources out, streamed: a collection Bundle, a transaction Bundle, or FHIR Bulk
Data NDJSON (one `<Type>.ndjson` file per resource type in a folder).

Every resource gets its stable `id`, an `identifier` in paintrack's system (what a server's
conditional create matches: `ifNoneExist: identifier=…|<id>`) and `meta.source`. A transaction
Bundle POSTs each resource with `ifNoneExist`, so posting it twice creates nothing the second
time, and PUTs one Provenance (the patient as author, paintrack as the assembling device) whose
id is derived from its targets. Nothing is held but the current resource and the targets' ids
(16 bytes each), so years of logs export in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from paintrack.export.fhir import codes as C
from paintrack.export.fhir.resources import Ids, Resource
from paintrack.render.safe import fhir_json

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _dumps(value: object) -> str:
    """Compact JSON whose strings are valid FHIR strings (render/safe.py; issue 10)."""
    return fhir_json(_encoder.encode(value))


_META = _dumps({"source": C.SOURCE})


def resource(res: Resource, ids: Ids) -> tuple[str, str]:
    """(id, the resource as FHIR JSON): its type, id, meta.source, identifier, then its members."""
    rid = ids.id(res.kind, res.key)
    ident = f'{{"system":"{C.IDENTIFIER}","value":"{rid}"}}'
    if res.kind != "QuestionnaireResponse":  # a single Identifier there (R4), a list elsewhere
        ident = f"[{ident}]"
    parts = [f'{{"resourceType":"{res.kind}","id":"{rid}","meta":{_META},"identifier":{ident}']
    if res.fixed:
        parts.append(res.fixed)
    body = _dumps(res.body)[1:-1]
    if body:
        parts.append(body)
    return rid, ",".join(parts) + "}"


class _Targets:
    """The ids of everything written, compactly (16 bytes each), for the one Provenance."""

    def __init__(self) -> None:
        self.kinds: list[str] = []  # the same few strings, shared
        self.raw = bytearray()
        self.digest = hashlib.sha256()

    def add(self, kind: str, rid: str) -> None:
        self.kinds.append(kind)
        self.raw += bytes.fromhex(rid.replace("-", ""))
        self.digest.update(rid.encode())

    def refs(self, style: str) -> Iterable[str]:
        raw = self.raw
        for i, kind in enumerate(self.kinds):
            x = raw[16 * i : 16 * i + 16].hex()
            rid = f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"
            prefix = "urn:uuid:" if style == "urn" else f"{kind}/"
            yield f'{{"reference":"{prefix}{rid}"}}'  # a uuid needs no JSON escaping


def _write_refs(out: TextIO, targets: _Targets, style: str) -> None:
    """The Provenance's targets, written a few thousand at a time (never one huge string)."""
    chunk: list[str] = []
    for i, ref in enumerate(targets.refs(style)):
        chunk.append(ref)
        if len(chunk) == 4096:
            out.write(("," if i >= 4096 else "") + ",".join(chunk))
            chunk = []
    if chunk:
        out.write(("," if len(targets.kinds) > len(chunk) else "") + ",".join(chunk))


def _provenance(ids: Ids, targets: _Targets, now: dt.datetime) -> tuple[str, str]:
    """(id, JSON without its closing brace and target list): written around the streamed targets."""
    rid = str(uuid.uuid5(ids.namespace, f"Provenance/{targets.digest.hexdigest()}"))
    patient, device = ids.ref("Patient", "patient"), ids.ref("Device", "paintrack")
    agent = [
        {"type": C.concept((C.PROVENANCE_AGENT, "author", "Author")), "who": patient},
        {"type": C.concept((C.PROVENANCE_AGENT, "assembler", "Assembler")), "who": device},
    ]
    head = {
        "resourceType": "Provenance",
        "id": rid,
        "meta": {"source": C.SOURCE},
        "recorded": now.isoformat(timespec="seconds"),
        "agent": agent,
    }
    return rid, _dumps(head)[:-1] + ',"target":['


def write_bundle(
    out: TextIO,
    items: Iterable[Resource],
    ids: Ids,
    bundle_type: str,
    now: dt.datetime,
) -> int:
    """Write a `collection` or `transaction` Bundle to `out`; returns the number of entries."""
    transaction = bundle_type == "transaction"
    head = {
        "resourceType": "Bundle",
        "type": bundle_type,
        "timestamp": now.isoformat(timespec="seconds"),
        "meta": {"source": C.SOURCE},
    }
    out.write(_dumps(head)[:-1] + ',"entry":[\n')
    targets = _Targets()
    n = 0
    for res in items:
        rid, text = resource(res, ids)
        request = ""
        if transaction:
            match = _dumps(f"identifier={C.IDENTIFIER}|{rid}")
            request = f',"request":{{"method":"POST","url":"{res.kind}","ifNoneExist":{match}}}'
        sep = "" if n == 0 else ",\n"
        out.write(f'{sep}{{"fullUrl":"urn:uuid:{rid}","resource":{text}{request}}}')
        targets.add(res.kind, rid)
        n += 1
    rid, provenance = _provenance(ids, targets, now)
    out.write(f',\n{{"fullUrl":"urn:uuid:{rid}","resource":{provenance}')
    _write_refs(out, targets, "urn")
    out.write("]}")
    if transaction:
        out.write(f',"request":{{"method":"PUT","url":"Provenance/{rid}"}}')
    out.write("}\n]")
    if not transaction:  # a collection's own id: from everything in it (the same data, same id)
        bundle_id = uuid.uuid5(ids.namespace, f"Bundle/{targets.digest.hexdigest()}")
        out.write(f',"id":"{bundle_id}"')
    out.write("}\n")
    return n + 1


def write_ndjson(
    folder: Path,
    items: Iterable[Resource],
    ids: Ids,
    now: dt.datetime,
    opener: Callable[[Path], TextIO],
) -> dict[str, int]:
    """FHIR Bulk Data NDJSON: one `<Type>.ndjson` per resource type in `folder`, one resource a
    line, references as `Type/id`. `opener(path)` opens a new private file. Returns lines per type."""
    files: dict[str, TextIO] = {}
    counts: dict[str, int] = {}
    targets = _Targets()
    try:
        for res in items:
            rid, text = resource(res, ids)
            f = files.get(res.kind)
            if f is None:
                f = files[res.kind] = opener(folder / f"{res.kind}.ndjson")
            f.write(text + "\n")
            counts[res.kind] = counts.get(res.kind, 0) + 1
            targets.add(res.kind, rid)
        _, provenance = _provenance(ids, targets, now)
        with opener(folder / "Provenance.ndjson") as f:
            f.write(provenance)
            _write_refs(f, targets, "type")
            f.write("]}\n")
        counts["Provenance"] = 1
    finally:
        for f in files.values():
            f.close()
    return counts
