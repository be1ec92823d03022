// A Learner Credential Wallet-like holder built on the DCC libraries: it opens the VC-API
// exchange of a Sexto wallet offer, proves control of a fresh did:key (DIDAuthentication,
// Ed25519Signature2020, as LCW signs), receives the credential, then tries the offer again.
// Usage: node vcapi_holder.mjs <LCW deep link>; prints one JSON object on stdout.
import * as vc from '@digitalcredentials/vc';
import * as didKey from '@digitalcredentials/did-method-key';
import { Ed25519Signature2020 } from '@digitalcredentials/ed25519-signature-2020';
import { securityLoader } from '@digitalcredentials/security-document-loader';

const deepLink = new URL(process.argv[2]);
const request = JSON.parse(deepLink.searchParams.get('request'));
const exchangeUrl = request.protocols.vcapi;

async function post(body) {
  const response = await fetch(exchangeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

const documentLoader = securityLoader().build();
const driver = didKey.driver();
const { didDocument, keyPairs } = await driver.generate();
const key = keyPairs.get(didDocument.authentication[0]);

const first = await post({});
const vpr = first.body.verifiablePresentationRequest;
const presentation = vc.createPresentation({ holder: didDocument.id });
const signed = await vc.signPresentation({
  presentation,
  suite: new Ed25519Signature2020({ key }),
  challenge: vpr.challenge,
  domain: vpr.domain,
  documentLoader,
});
const second = await post({ verifiablePresentation: signed });
const again = await post({ verifiablePresentation: signed });
process.stdout.write(JSON.stringify({ holder: didDocument.id, request: first, issued: second, again }));
