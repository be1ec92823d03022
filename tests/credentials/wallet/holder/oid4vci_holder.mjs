// An OID4VCI 1.0 wallet built on @openid4vc/openid4vci (oid4vc-ts, the library of Credo
// wallets): it resolves a Sexto pre-authorised-code offer and the issuer's metadata, takes an
// access token, proves possession of a fresh did:key with a JWT and receives the ldp_vc
// credential; then it redeems the same offer again. Prints one JSON object on stdout.
// Usage: node oid4vci_holder.mjs 'openid-credential-offer://?credential_offer_uri=…'
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous, setGlobalConfig } from '@openid4vc/oauth2';

// The live test server speaks plain http on 127.0.0.1.
setGlobalConfig({ allowInsecureUrls: true });

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes) {
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let out = '';
  while (n > 0n) { out = ALPHABET[Number(n % 58n)] + out; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; out = '1' + out; }
  return out;
}

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const jwk = publicKey.export({ format: 'jwk' });
const multikey = 'z' + base58(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(jwk.x, 'base64url')]));
const did = `did:key:${multikey}`;
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

const callbacks = {
  fetch,
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (length) => randomBytes(length),
  clientAuthentication: clientAuthenticationAnonymous(),
  signJwt: async (signer, { header, payload }) => {
    const input = `${b64url(header)}.${b64url(payload)}`;
    const signature = sign(null, Buffer.from(input), privateKey).toString('base64url');
    return { jwt: `${input}.${signature}`, signerJwk: jwk };
  },
};
const client = new Openid4vciClient({ callbacks });

async function redeem(offerLink) {
  const credentialOffer = await client.resolveCredentialOffer(offerLink);
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer, issuerMetadata,
  });
  const configuration = credentialOffer.credential_configuration_ids[0];
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const { jwt } = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configuration,
    nonce: c_nonce,
    signer: { method: 'did', didUrl: `${did}#${multikey}`, alg: 'EdDSA' },
  });
  const response = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configuration,
    proof: { proof_type: 'jwt', jwt },
  });
  return response.credentialResponse;
}

const offerLink = process.argv[2];
const issued = await redeem(offerLink);
let again;
try {
  await redeem(offerLink);
  again = { refused: false };
} catch (error) {
  again = { refused: true, name: error.constructor.name, message: String(error.message).slice(0, 500) };
}
process.stdout.write(JSON.stringify({ holder: did, issued, again }));
