import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../port';

/**
 * Local secret store: the environment first, then a file under the data folder. Keys listed as
 * generated (signing keys) are created once and kept in that file, so tokens survive restarts.
 */
export class EnvFileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly generated: readonly string[],
  ) {}

  async get(name: string): Promise<string | undefined> {
    const fromEnv = process.env[name];
    if (fromEnv) return fromEnv;
    const stored = this.read();
    if (stored[name]) return stored[name];
    if (!this.generated.includes(name)) return undefined;
    stored[name] = randomBytes(32).toString('base64url');
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    chmodSync(this.file, 0o600);
    return stored[name];
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
  }
}
