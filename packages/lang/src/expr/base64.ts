/** Base64 as Go's encoding/base64 StdEncoding reads and writes it. */
import { evalError } from './errors.js';

export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function decodeBase64(text: string): string {
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text)) throw evalError(`illegal base64 data in ${JSON.stringify(text)}`);
  return Buffer.from(text, 'base64').toString('utf8');
}
