import { safeStorage } from 'electron';
import type { SecretBox } from '../engine/secrets.js';
import { undecryptable } from '../engine/secrets.js';

/** Secrets encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet). */
export function safeStorageBox(): SecretBox {
  const prefix = 'safestorage:v1:';
  return {
    scheme: 'safestorage',
    encrypt: (plain) => prefix + safeStorage.encryptString(plain).toString('base64'),
    decrypt: (text) => {
      if (!text.startsWith(prefix)) throw undecryptable(text, 'safestorage');
      return safeStorage.decryptString(Buffer.from(text.slice(prefix.length), 'base64'));
    },
  };
}
