// Verify one credential with the DCC libraries (what Learner Credential Wallet and DCC
// verifier-core use): @digitalcredentials/vc verifyCredential with a DataIntegrityProof suite
// on eddsa-rdfc-2022, jsonld.js in safe mode. Offline: contexts from DCC's securityLoader; the
// issuer's did:web document (and its keys) from the input instead of the network.
// Usage: node verify_credential.mjs < {"credential": {...}, "didDocument": {...}}
// Prints {"verified": bool, "error": string|null}.
import { readFileSync } from 'node:fs';
import * as vc from '@digitalcredentials/vc';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import { securityLoader } from '@digitalcredentials/security-document-loader';

const input = JSON.parse(readFileSync(0, 'utf8'));
const did = input.didDocument.id;
const base = securityLoader().build();
// With "ourContexts": the contexts the credential names come from our bundled copies
// (src/sexto/credentials/ob3/contexts) rather than DCC's packaged ones.
const dir = new URL('../../../src/sexto/credentials/ob3/contexts/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir)));
const ours = new Map(
  (manifest.contexts ?? manifest).map((e) => [e.url, JSON.parse(readFileSync(new URL(e.file, dir)))]),
);
const documentLoader = async (url) => {
  if (input.ourContexts && ours.has(url)) {
    return { contextUrl: null, documentUrl: url, document: ours.get(url) };
  }
  if (url === did) {
    return { contextUrl: null, documentUrl: url, document: input.didDocument };
  }
  if (url.startsWith(`${did}#`)) {
    const method = input.didDocument.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`unknown key ${url}`);
    const context = input.didDocument['@context'];
    return { contextUrl: null, documentUrl: url, document: { '@context': context, ...method } };
  }
  return base(url);
};
const suite = new DataIntegrityProof({ cryptosuite });
let result;
try {
  result = await vc.verifyCredential({
    credential: input.credential,
    suite,
    documentLoader,
    checkStatus: async () => ({ verified: true }),
  });
} catch (error) {
  result = { verified: false, error };
}
const error = result.verified ? null : String(result.error?.errors?.[0]?.message ?? result.error?.message ?? JSON.stringify(result.error ?? result).slice(0, 500));
process.stdout.write(JSON.stringify({ verified: Boolean(result.verified), error }));
