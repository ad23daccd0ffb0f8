import jwt from 'jsonwebtoken';

export interface TokenClaims {
  userId: string;
}

const ISSUER = 'tasklane';
const LIFETIME = '7d';

export class TokenService {
  constructor(private readonly secret: string) {}

  sign(userId: string, lifetime: string | number = LIFETIME): string {
    return jwt.sign({}, this.secret, { algorithm: 'HS256', subject: userId, issuer: ISSUER, expiresIn: lifetime as jwt.SignOptions['expiresIn'] });
  }

  /** The claims of a valid, unexpired token, or null. */
  verify(token: string): (TokenClaims & { expiresAt: number }) | null {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
      return { userId: payload.sub, expiresAt: payload.exp * 1000 };
    } catch {
      return null;
    }
  }

  /** Claims from an `Authorization: Bearer …` value. */
  fromAuthorization(header: string | undefined | null): (TokenClaims & { expiresAt: number }) | null {
    const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
    return match ? this.verify(match[1]) : null;
  }
}
