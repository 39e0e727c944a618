/**
 * UPM 8's app signature check (docs/install-reference.md §1): an uploaded app must come with a Base64
 * Ed25519 signature over the JAR's bytes that a certificate in the truststore folder verifies. The
 * folder is read on every check, as UPM picks up new certificates without a restart.
 */
import { X509Certificate } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifySignature } = require('../../plugin-descriptor/sign') as { verifySignature(bytes: Buffer, signatureBase64: string, certificate: X509Certificate): boolean };

export interface SignatureRefusal {
  subCode: string;
  message: string;
}

/** Certificates in the truststore that are Ed25519 and valid now. */
export function trustedCertificates(truststore: string, now = Date.now()): X509Certificate[] {
  if (!existsSync(truststore) || !statSync(truststore).isDirectory()) return [];
  const certificates: X509Certificate[] = [];
  for (const name of readdirSync(truststore).sort()) {
    const file = join(truststore, name);
    if (!statSync(file).isFile()) continue;
    const text = readFileSync(file, 'utf8');
    // A file may hold several PEM certificates (Atlassian ships bundles).
    for (const pem of text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      try {
        const certificate = new X509Certificate(pem);
        if (certificate.publicKey.asymmetricKeyType !== 'ed25519') continue;
        if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) continue;
        certificates.push(certificate);
      } catch {
        // not a certificate: ignored, like any other file in the folder
      }
    }
  }
  return certificates;
}

/** Null when a trusted certificate verifies `signature` over `jar`; otherwise why not. */
export function checkSignature(jar: Buffer, signature: string | undefined, truststore: string): SignatureRefusal | null {
  if (signature === undefined || signature.trim() === '') {
    return { subCode: 'upm.plugin.signature.missing', message: 'Signature check failed: the app was uploaded without a signature, and the app signature check is on.' };
  }
  const certificates = trustedCertificates(truststore);
  if (certificates.length === 0) {
    return { subCode: 'upm.plugin.signature.no.trusted.certificate', message: 'Signature check failed: the truststore holds no valid Ed25519 certificate.' };
  }
  if (certificates.some((certificate) => verifySignature(jar, signature, certificate))) return null;
  return { subCode: 'upm.plugin.signature.invalid', message: 'Signature check failed: no certificate in the truststore verifies the signature of this file.' };
}
