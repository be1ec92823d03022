// Peer verifier for bench/credentials.py: eddsa-rdfc-2022 verification of one credential with
// Digital Bazaar's jsonld.js + rdf-canonize (the libraries DCC verifier-core is built on) and
// node's own Ed25519 — an implementation independent of ours (pyld). Offline: contexts come
// from our bundled copies. Input (stdin, JSON): {"credential": {...}, "publicKeyRaw": hex,
// "runs": n}. Output (stdout, JSON): {"verified": bool, "median_ms": float}.
import { readFileSync } from "node:fs";
import { createHash, createPublicKey, verify } from "node:crypto";
import jsonld from "jsonld";

const dir = new URL("../src/sexto/credentials/ob3/contexts/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", dir)));
const contexts = new Map(
  (manifest.contexts ?? manifest).map((e) => [e.url, JSON.parse(readFileSync(new URL(e.file, dir)))]),
);
const documentLoader = async (url) => {
  if (!contexts.has(url)) throw new Error(`unknown context ${url}`);
  return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
};
const canon = (doc) =>
  jsonld.canonize(doc, { algorithm: "RDFC-1.0", format: "application/n-quads", documentLoader, safe: true });
const b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const base58 = (s) => {
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(b58.indexOf(c));
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  const lead = s.match(/^1*/)[0].length;
  return Buffer.concat([Buffer.alloc(lead), Buffer.from(hex, "hex")]);
};

async function verifyOnce(credential, key) {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  const proof = proofs[0];
  const body = { ...credential };
  delete body.proof;
  const { proofValue, ...config } = proof;
  config["@context"] = credential["@context"];
  const sha = (s) => createHash("sha256").update(s).digest();
  const data = Buffer.concat([sha(await canon(config)), sha(await canon(body))]);
  return verify(null, data, key, base58(proofValue.slice(1)));
}

const input = JSON.parse(readFileSync(0, "utf8"));
const der = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(input.publicKeyRaw, "hex")]);
const key = createPublicKey({ key: der, format: "der", type: "spki" });
const verified = await verifyOnce(input.credential, key);
for (let i = 0; i < 20; i++) await verifyOnce(input.credential, key);
const times = [];
for (let i = 0; i < (input.runs ?? 200); i++) {
  const t = process.hrtime.bigint();
  await verifyOnce(input.credential, key);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ verified, median_ms: times[Math.floor(times.length / 2)] }));
