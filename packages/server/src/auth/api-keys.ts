/**
 * @module auth/api-keys — bearer API keys, compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { OpenloopError } from "@openloop/protocol";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * The keys a server accepts in `Authorization: Bearer <key>`. With no keys, every request is
 * accepted (a server on localhost for one user). Keys are kept as SHA-256 digests and compared with
 * `timingSafeEqual`, against every key, so the time taken says nothing about a key.
 */
export class ApiKeys {
  readonly #digests: Buffer[];

  /** @throws {OpenloopError} `invalid_config` for an empty key. */
  constructor(keys: readonly string[] = []) {
    this.#digests = keys.map((key, i) => {
      if (typeof key !== "string" || key.trim() === "")
        throw new OpenloopError("invalid_config", `apiKeys[${i}] must be a non-empty string.`, {
          param: "apiKeys",
        });
      return digest(key);
    });
  }

  /** Whether keys are required. */
  get enabled(): boolean {
    return this.#digests.length > 0;
  }

  /** Whether an `Authorization` header value carries an accepted key. */
  accepts(authorization: string | null | undefined): boolean {
    if (!this.enabled) return true;
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
    if (match === null) return false;
    const given = digest(match[1]!.trim());
    let ok = false;
    for (const d of this.#digests) ok = timingSafeEqual(d, given) || ok;
    return ok;
  }

  /** The 401 error for a request without an accepted key. */
  static unauthorized(authorization: string | null | undefined): OpenloopError {
    const message =
      authorization === null || authorization === undefined || authorization === ""
        ? "Missing API key: send it as `Authorization: Bearer <key>`."
        : "Invalid API key.";
    return new OpenloopError("unauthorized", message);
  }
}
