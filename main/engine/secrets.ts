import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeraldError, type MaskedSecret } from '../contract/index.js';

/**
 * Secrets are encrypted before they reach SQLite. The Electron shell supplies a box backed by
 * the OS keychain (safeStorage); headless mode uses a key file readable by the owner only.
 * Ciphertexts carry their scheme so a process can say which box it would need.
 */
export interface SecretBox {
  readonly scheme: string;
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
}

const KEY_FILE = 'secret.key';

export function fileKeySecretBox(dataDir: string): SecretBox {
  const path = join(dataDir, KEY_FILE);
  let key: Buffer;
  if (existsSync(path)) {
    key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} is not a Herald key file (expected 32 bytes of base64). Restore it from a backup or move it away to start over; secrets encrypted with it cannot be read without it.`);
  } else {
    key = randomBytes(32);
    writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  try {
    chmodSync(path, 0o600);
  } catch {
    /* best effort on filesystems without modes */
  }
  return aesGcmBox('keyfile', key);
}

/** AES-256-GCM: `scheme:v1:<iv>:<tag>:<ciphertext>` in base64. */
export function aesGcmBox(scheme: string, key: Buffer): SecretBox {
  const prefix = `${scheme}:v1:`;
  return {
    scheme,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return prefix + [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join(':');
    },
    decrypt(text) {
      if (!text.startsWith(prefix)) throw undecryptable(text, scheme);
      const [iv, tag, data] = text.slice(prefix.length).split(':').map((p) => Buffer.from(p, 'base64'));
      if (!iv || !tag || !data) throw undecryptable(text, scheme);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new HeraldError('unavailable', 'A stored secret could not be decrypted with this data folder\'s key. Enter the secret again.');
      }
    },
  };
}

export function undecryptable(text: string, scheme: string): HeraldError {
  const stored = text.split(':')[0] ?? 'unknown';
  return new HeraldError(
    'unavailable',
    stored === 'safestorage'
      ? 'This secret was encrypted by the desktop app\'s OS keychain and cannot be read in browser mode. Open Herald as a desktop app, or enter the secret again here.'
      : `This secret was encrypted with "${stored}", but this process uses "${scheme}". Enter the secret again.`,
  );
}

export function maskSecret(plain: string | null | undefined): MaskedSecret {
  if (!plain) return { is_set: false, masked: null };
  // Long tokens show their last 4 characters so a user can tell which one is configured.
  return { is_set: true, masked: plain.length >= 16 ? `••••••••${plain.slice(-4)}` : '••••••••' };
}
