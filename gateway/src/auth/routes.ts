import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, HttpError, readJson, sendError, sendJson } from '@tasklane/platform';
import { AccountError, type AccountService, type User } from './accounts';
import { RateLimiter } from './rate-limiter';
import type { TokenService } from './tokens';

/** POST /auth/signup and /auth/login, answering `{token, user}`. */
export class AuthRoutes {
  private readonly limiter = new RateLimiter(20, 60_000);

  constructor(
    private readonly accounts: AccountService,
    private readonly tokens: TokenService,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, route: 'signup' | 'login'): Promise<void> {
    if (req.method !== 'POST') return sendError(res, new HttpError(405, 'Use POST', 'METHOD_NOT_ALLOWED'));
    try {
      const body = await readJson(req);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new HttpError(400, 'Body must be a JSON object', ErrorCodes.badUserInput);
      }
      const input = body as Record<string, unknown>;
      const key = `${route}:${req.socket.remoteAddress}:${String(input.email ?? '').toLowerCase()}`;
      if (!this.limiter.allow(key)) throw new HttpError(429, 'Too many attempts; wait a minute', ErrorCodes.rateLimited);
      const user = route === 'signup' ? await this.accounts.signup(input) : await this.accounts.login(input);
      sendJson(res, route === 'signup' ? 201 : 200, this.session(user));
    } catch (error) {
      if (error instanceof AccountError) {
        const code = error.status === 400 ? ErrorCodes.badUserInput : error.status === 401 ? ErrorCodes.unauthenticated : 'CONFLICT';
        return sendJson(res, error.status, {
          error: error.message,
          errors: [{ message: error.message, extensions: { code, ...(error.field ? { field: error.field } : {}) } }],
        });
      }
      if (error instanceof HttpError) return sendError(res, error);
      throw error;
    }
  }

  private session(user: User) {
    return { token: this.tokens.sign(user.id), user: { id: user.id, email: user.email, name: user.name } };
  }
}
