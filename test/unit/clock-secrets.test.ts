import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../main/engine/clock.js';
import { aesGcmBox, fileKeySecretBox, maskSecret } from '../../main/engine/secrets.js';
import { tempDir } from '../support/world.js';

describe('VirtualClock', () => {
  it('fires timers in time order at their own instant', () => {
    const clock = new VirtualClock(0);
    const seen: [string, number][] = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 200);
    clock.setTimeout(() => {
      seen.push(['a', clock.now()]);
      clock.setTimeout(() => seen.push(['c', clock.now()]), 50);
    }, 100);
    const cancelled = clock.setTimeout(() => seen.push(['x', clock.now()]), 10);
    cancelled.cancel();
    clock.advance(1000);
    expect(seen).toEqual([['a', 100], ['c', 150], ['b', 200]]);
    expect(clock.now()).toBe(1000);
  });
});

describe('secrets', () => {
  it('round-trips and never stores the plain text', () => {
    const box = aesGcmBox('keyfile', randomBytes(32));
    const cipher = box.encrypt('hunter2-token');
    expect(cipher).not.toContain('hunter2');
    expect(box.decrypt(cipher)).toBe('hunter2-token');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses tampered ciphertext and another key with a clear message', () => {
    const box = aesGcmBox('keyfile', randomBytes(32));
    const other = aesGcmBox('keyfile', randomBytes(32));
    expect(() => other.decrypt(box.encrypt('x'))).toThrow(/Enter the secret again/);
    expect(() => box.decrypt('safestorage:v1:abc')).toThrow(/desktop app/);
  });

  it('keeps the key file readable by the owner only and reuses it', () => {
    const dir = tempDir();
    const a = fileKeySecretBox(dir.path);
    const b = fileKeySecretBox(dir.path);
    expect(b.decrypt(a.encrypt('persisted'))).toBe('persisted');
    if (process.platform !== 'win32') expect(statSync(join(dir.path, 'secret.key')).mode & 0o777).toBe(0o600);
    dir.remove();
  });

  it('masks: last 4 characters only for long secrets', () => {
    expect(maskSecret('abcdefghijklmnopWXYZ')).toEqual({ is_set: true, masked: '••••••••WXYZ' });
    expect(maskSecret('short')).toEqual({ is_set: true, masked: '••••••••' });
    expect(maskSecret(null)).toEqual({ is_set: false, masked: null });
  });
});
