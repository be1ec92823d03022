// DCC verifier-core (@digitalcredentials/verifier-core, the Learner Credential Wallet's and
// VerifierPlus's verifier) on one credential, offline. Prints its result JSON.
//
// Usage: node dcc_verify.mjs [input.json]   (stdin without a path)
// Input: a credential, or {"credential": {...}, "documents": {url: JSON document},
//        "registries": [known DID registries, default none],
//        "now": ISO date-time the verifier takes as the current time (default: the clock)}.
// Output (stdout): {"result": <verifyCredential's result, credential left out>,
//                   "fetched": [URLs answered], "refused": [URLs not answered]}.
//
// verifier-core builds its own document loader and fetches with the global fetch (did:web
// documents and status lists through @digitalcredentials/http-client, JSON Schemas and issuer
// registries directly). So the global fetch is replaced: it answers from `documents` (what the
// Python test fetched from our server: the issuer's did.json, the status lists), the JSON-LD
// contexts and OB 3.0.3 JSON Schemas the project bundles (each with its source and sha256), and
// refuses everything else with a 404 — nothing leaves the machine.
import { readFileSync, readdirSync } from 'node:fs';

const here = new URL('../../../src/sexto/credentials/ob3/', import.meta.url);
const served = new Map();

const contexts = new URL('contexts/', here);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', contexts)));
for (const entry of manifest.contexts ?? manifest) {
  served.set(entry.url, readFileSync(new URL(entry.file, contexts), 'utf8'));
}
// The OB 3.0.3 schemas, under their published URL (…_schema.json) as purl.imsglobal.org serves
// them, and under their $id (…-jsonschema1.json).
const schemas = new URL('schemas/', here);
for (const file of readdirSync(schemas).filter((name) => name.endsWith('.json'))) {
  const text = readFileSync(new URL(file, schemas), 'utf8');
  const id = JSON.parse(text).$id;
  served.set(id, text);
  served.set(id.replace('-jsonschema1.json', '_schema.json'), text);
}

const raw = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
const input = JSON.parse(raw);
const credential = input.credential ?? input;
for (const [url, document] of Object.entries(input.documents ?? {})) {
  served.set(url, typeof document === 'string' ? document : JSON.stringify(document));
}

if (input.now) {
  // A verifier checking at another moment (e.g. a stale status list past its validUntil).
  const fixed = Date.parse(input.now);
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [fixed]));
    }
    static now() {
      return fixed;
    }
  };
}

const fetched = [];
const refused = [];
globalThis.fetch = async (resource) => {
  const url = (typeof resource === 'string' ? resource : resource.url ?? String(resource)).split('#')[0];
  const body = served.get(url);
  if (body === undefined) {
    refused.push(url);
    return new Response('offline: not served by the test', { status: 404 });
  }
  fetched.push(url);
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
};

const { verifyCredential } = await import('@digitalcredentials/verifier-core');
const result = await verifyCredential({ credential, knownDIDRegistries: input.registries ?? [] });
delete result.credential;
for (const error of result.errors ?? []) {
  if (error.stackTrace) error.stackTrace = String(error.stackTrace?.message ?? error.stackTrace);
}
process.stdout.write(JSON.stringify({ result, fetched, refused }, null, 2) + '\n');
